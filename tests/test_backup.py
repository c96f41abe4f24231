"""`manage.py backup` under concurrent admin writes, and `restore`: a consistent
copy that restores to an identical database, history included. On SQLite, or
on the PostgreSQL cluster that DATABASE_URL points at (make test-postgres)."""

import json
import subprocess

from tests.servers import BIN, ROOT, manage, prepare_database, server_env

WRITES = 400
# What the admin's save does (errors/admin_history.py): the baseline, then
# the row and its revision, in one transaction.
WRITER = f"""
import reversion
from django.db import transaction
from errors import history
from errors.models import ErrorEntry
ids = list(ErrorEntry.objects.order_by("id").values_list("id", flat=True)[:25])
for number in range(1, {WRITES} + 1):
    with transaction.atomic():
        entry = ErrorEntry.objects.get(pk=ids[number % len(ids)])
        history.ensure_baseline(ErrorEntry, entry.pk)
        with reversion.create_revision():
            entry.solution = f"edit {{number}}"
            entry.save()
            reversion.set_comment(f"edit {{number}}")
"""
# In a restored copy: each entry's solution is what its last version says,
# and the edits are a prefix 1..n (no transaction half-copied).
CHECK = """
import json
from reversion.models import Revision
from errors.history import versions_of
from errors.models import ErrorEntry
revisions = Revision.objects.filter(comment__startswith="edit ")
edits = sorted(int(comment.split()[1]) for comment in revisions.values_list("comment", flat=True))
torn = []
for entry in ErrorEntry.objects.all():
    last = versions_of(ErrorEntry, entry.pk).last()
    if last is not None and last.field_dict["solution"] != entry.solution:
        torn.append(entry.pk)
print(json.dumps({"edits": edits, "torn": torn, "entries": ErrorEntry.objects.count()}))
"""


RESTORE = """
from django.core.management import call_command
call_command("restore", {path!r})
"""


def restore_and_check(env, path) -> dict:
    """Restore `path` into the empty database env points at, then CHECK it:
    `manage.py restore`'s own command, in the same process as the check."""
    script = RESTORE.format(path=str(path)) + CHECK
    return json.loads(manage(env, "shell", "-c", script).stdout.splitlines()[-1])


def test_a_backup_taken_under_admin_writes_restores_to_an_identical_catalogue(
    new_database, tmp_path
):
    source = server_env(new_database("source"), SQLITE_CREATE="1")
    prepare_database(source)
    writer = subprocess.Popen(
        [str(BIN / "python"), "manage.py", "shell", "-c", WRITER],
        cwd=ROOT,
        env=source,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    during = []
    try:
        while writer.poll() is None and not during:
            path = tmp_path / "during.backup"
            manage(source, "backup", str(path))
            if writer.poll() is None:  # the writer was still going when it ended
                during.append(path)
    finally:
        _, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    assert during, "the writer finished before a backup could overlap it"
    for path in during:
        state = restore_and_check(
            server_env(new_database("during"), SQLITE_CREATE="1"), path
        )
        assert state["torn"] == []
        assert state["edits"] == list(range(1, len(state["edits"]) + 1))
        assert state["entries"] == 311
    # Quiet now: the copy restores to the same database, row for row.
    final = tmp_path / "final.backup"
    manage(source, "backup", str(final))
    target = server_env(new_database("final"), SQLITE_CREATE="1")
    assert restore_and_check(target, final)["edits"] == list(range(1, WRITES + 1))
    original = manage(source, "dumpdata", "--indent", "1").stdout
    restored = manage(target, "dumpdata", "--indent", "1").stdout
    assert restored == original
    # The search index and its triggers came back too.
    found = manage(target, "explain", "Range of n should be [1, 9]", check=False)
    assert found.returncode == 0, found.stdout
    assert "Range of n should be [1, 4]" in found.stdout


def test_backup_refuses_an_unwritable_path(new_database, tmp_path):
    source = server_env(new_database("source"), SQLITE_CREATE="1")
    prepare_database(source)
    result = manage(source, "backup", "/nonexistent/dir/x.backup", check=False)
    assert result.returncode == 1
    assert "Backup failed" in result.stderr
