"""`manage.py backup` under concurrent admin writes, and `restore`: a consistent
copy that restores to an identical database, history included. On SQLite, or
on the PostgreSQL cluster that DATABASE_URL points at (make test-postgres)."""

import json
import subprocess

from tests.servers import BIN, ROOT, manage, prepare_database, server_env

# At most this many edits; the writer stops sooner once a backup has been
# taken while it wrote (the file STOP names appears).
MAX_WRITES = 2000
# What the admin's save does (errors/admin_history.py): the baseline, then
# the row and its revision, in one transaction.
WRITER = f"""
import os, sys
import reversion
from django.db import transaction
from errors import history
from errors.models import ErrorEntry
ids = list(ErrorEntry.objects.order_by("id").values_list("id", flat=True)[:25])
number = 0
while number < {MAX_WRITES} and not os.path.exists(os.environ["STOP"]):
    number += 1
    with transaction.atomic():
        entry = ErrorEntry.objects.get(pk=ids[number % len(ids)])
        history.ensure_baseline(ErrorEntry, entry.pk)
        with reversion.create_revision():
            entry.solution = f"edit {{number}}"
            entry.save()
            reversion.set_comment(f"edit {{number}}")
    if number == 1:
        print("writing", flush=True)
print(number)
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


# What the final copy is asked besides: its rows as dumpdata writes them, and
# what `manage.py explain` finds in it (the search index and its triggers).
DUMP_AND_EXPLAIN = """
from io import StringIO
call_command("dumpdata", indent=1, output={dump!r})
explained = StringIO()
call_command("explain", "Range of n should be [1, 9]", stdout=explained)
print(explained.getvalue())
"""


def restore_and_check(env, path, dump=None) -> dict:
    """Restore `path` into the empty database env points at, then CHECK it:
    `manage.py restore`'s own command, in the same process as the check
    (and, given a `dump` path, DUMP_AND_EXPLAIN: "explained" in the result)."""
    script = RESTORE.format(path=str(path))
    if dump is not None:
        script += DUMP_AND_EXPLAIN.format(dump=str(dump))
    output = manage(env, "shell", "-c", script + CHECK).stdout
    state = json.loads(output.splitlines()[-1])
    state["explained"] = output
    return state


def test_a_backup_taken_under_admin_writes_restores_to_an_identical_catalogue(
    new_database, tmp_path
):
    source = server_env(new_database("source"), SQLITE_CREATE="1")
    prepare_database(source)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [str(BIN / "python"), "manage.py", "shell", "-v0", "-c", WRITER],
        cwd=ROOT,
        env={**source, "STOP": str(stop)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    during = tmp_path / "during.backup"
    try:
        # Taken once the first edit is in, while the others go on.
        assert writer.stdout.readline().strip() == "writing", writer.stderr.read()
        manage(source, "backup", str(during))
        overlapped = writer.poll() is None  # still writing when it ended
    finally:
        stop.touch()
        written, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors
    assert overlapped, "the writer finished before the backup could overlap it"
    state = restore_and_check(
        server_env(new_database("during"), SQLITE_CREATE="1"), during
    )
    assert state["torn"] == []
    assert state["edits"] == list(range(1, len(state["edits"]) + 1))
    assert state["edits"], "the backup was taken after the first edit"
    assert state["entries"] == 311
    writes = int(written.split()[-1])
    # Quiet now: the copy restores to the same database, row for row.
    final = tmp_path / "final.backup"
    manage(source, "backup", str(final))
    target = server_env(new_database("final"), SQLITE_CREATE="1")
    restored = restore_and_check(target, final, dump=tmp_path / "restored.json")
    assert restored["edits"] == list(range(1, writes + 1))
    original = manage(source, "dumpdata", "--indent", "1").stdout
    assert (tmp_path / "restored.json").read_text() == original
    # The search index and its triggers came back too.
    assert "Range of n should be [1, 4]" in restored["explained"]


def test_backup_refuses_an_unwritable_path(new_database, tmp_path):
    source = server_env(new_database("source"), SQLITE_CREATE="1")
    prepare_database(source)
    result = manage(source, "backup", "/nonexistent/dir/x.backup", check=False)
    assert result.returncode == 1
    assert "Backup failed" in result.stderr
