"""Fixtures shared by the suite: small factories, the real catalogue imported
once per session, and per-process state reset between tests."""

import os
import subprocess
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from errors.catalogue.importer import import_source
from errors.models import ErrorEntry, Product
from tests.browser.conftest import CHROMIUM, SCREENSHOTS, skip_reason
from tests.browser.conftest import HERE as BROWSER_TESTS
from tests.servers import database_url, drop_database_sql, on_cluster


def pytest_collection_modifyitems(config, items):
    # make test-postgres runs the suite in several processes without the
    # tests that stop the whole cluster (PORTAL_CLUSTER_TESTS=apart), then
    # those alone (=only): a stopped cluster would fail the others' queries.
    wanted = os.environ.get("PORTAL_CLUSTER_TESTS")
    if wanted in ("apart", "only"):
        keep = [
            item
            for item in items
            if bool(item.get_closest_marker("stops_cluster")) == (wanted == "only")
        ]
        kept = {id(item) for item in keep}
        config.hook.pytest_deselected(
            items=[item for item in items if id(item) not in kept]
        )
        items[:] = keep
    # Files that start processes (servers, commands, a browser) take seconds
    # per test: they go first, so that two workers finish together instead
    # of one waiting on a long file dealt out last (the Makefile turns off
    # xdist's own order, most tests first, which deals those last).
    items.sort(key=lambda item: not starts_processes(item))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="on a SQLite file of its own: the SQLite run has it")
    no_database = pytest.mark.skip(reason="touches no database: the SQLite run has it")
    for item in items:
        if item.get_closest_marker("sqlite_file"):
            item.add_marker(skip)
        elif touches_no_database(item):
            item.add_marker(no_database)


# Fixtures through which a test reaches a database, its own or the suite's
# (pytest-django's autouse fixtures hold its blocker, which opens none).
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "new_database", "live_server"})


# Helpers through which a test module starts servers or commands.
PROCESS_HELPERS = frozenset({"server_env", "gunicorn", "manage"})


def starts_processes(item) -> bool:
    module = getattr(item, "module", None)
    return BROWSER_TESTS in Path(str(item.fspath)).parents or bool(
        module is not None and PROCESS_HELPERS & set(vars(module))
    )


def touches_no_database(item) -> bool:
    """Whether a test can touch no database, so that the PostgreSQL run
    learns nothing from it: no database fixture (pytest-django refuses a
    query without one), no marker (the PostgreSQL-only tests have theirs),
    and no server helpers in its module (a server started by hand may be
    given the suite's database)."""
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return False
    if any(
        mark.name not in ("parametrize", "usefixtures") for mark in item.iter_markers()
    ):
        return False
    module = getattr(item, "module", None)
    return module is not None and not (PROCESS_HELPERS & set(vars(module)))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Whether the browser tests ran, and on what. Here, not in
    tests/browser/conftest.py: under pytest-xdist the main process loads no
    conftest below this one. Counted from the test reports, which xdist
    forwards; deselected tests did not run."""
    prefix = BROWSER_TESTS.relative_to(config.rootpath).as_posix() + "/"
    count = len(
        {
            report.nodeid
            for category, reports in terminalreporter.stats.items()
            if category not in ("deselected", "warnings")
            for report in reports
            if getattr(report, "nodeid", "").startswith(prefix)
        }
    )
    if count == 0:
        return
    reason = skip_reason()
    if reason:
        terminalreporter.write_line(
            f"BROWSER TESTS SKIPPED ({count}): {reason}", yellow=True, bold=True
        )
    else:
        version = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True
        ).stdout.strip()
        terminalreporter.write_line(
            f"browser tests ({count}) ran on {version}; screenshots in {SCREENSHOTS}"
        )


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """A cheap hasher for the users tests make (Django's advice for test
    settings): PBKDF2's deliberate slowness was a third of a second per admin
    test. Servers started by the tests keep the real hashers."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        yield


@pytest.fixture
def new_database(tmp_path):
    """Makes empty databases of the kind the suite runs on, for servers and
    commands started by a test; yields their URLs. A SQLite file in tmp_path,
    or a database in the PostgreSQL cluster of DATABASE_URL, dropped after."""
    server = os.environ.get("DATABASE_URL", "")
    created = []

    def make(name: str) -> str:
        if not server.startswith("postgres"):
            return f"sqlite:///{tmp_path / name}.sqlite3"
        database = f"test_{name}_{uuid.uuid4().hex[:8]}"
        on_cluster(server, f'CREATE DATABASE "{database}"')
        created.append(database)
        return database_url(server, database)

    yield make
    if created:
        on_cluster(server, *map(drop_database_sql, created))


@pytest.fixture
def make_product(db):
    def make(**overrides):
        values = {"slug": "cosyvoice", "name": "CosyVoice", "aliases": "CosyVoice"}
        values.update(overrides)
        return Product.objects.create(**values)

    return make


@pytest.fixture
def make_entry(db):
    counter = {"n": 0}

    def make(products=(), **overrides):
        counter["n"] += 1
        values = {
            "slug": f"entry-{counter['n']}",
            "status": 400,
            "code": "InvalidParameter",
            "message": f"Message {counter['n']}",
            "cause": "A cause.",
            "solution": "A solution.",
            "category": "api",
            "source_position": counter["n"],
        }
        values.update(overrides)
        entry = ErrorEntry.objects.create(**values)
        entry.products.set(products)
        return entry

    return make


@pytest.fixture
def arrears(make_entry):
    """An entry the glossary's English for 欠费 (arrearage, overdue payment)
    names, and none of whose words a typed text of those shares."""
    return make_entry(
        message="Access denied, the widget account is not in order.",
        cause="The account has an overdue payment.",
        code="Arrearage",
        slug="arrears",
    )


@dataclass
class Table:
    """The rows an import wrote to one table, as the database stores them."""

    model: type
    table: str  # quoted
    columns: tuple[str, ...]  # quoted
    rows: list[tuple]
    # Positions of the columns holding a content type's id (history rows).
    content_type_columns: tuple[int, ...] = ()

    @property
    def insert_sql(self) -> str:
        placeholders = ", ".join(["%s"] * len(self.columns))
        return f"INSERT INTO {self._into} VALUES ({placeholders})"

    @property
    def copy_sql(self) -> str:
        """PostgreSQL's COPY of the same columns."""
        return f"COPY {self._into} FROM STDIN"

    @property
    def _into(self) -> str:
        return f"{self.table} ({', '.join(self.columns)})"

    def with_content_types(self, new_ids: dict[int, int]) -> "Table":
        """The same rows, their content type ids mapped to `new_ids`."""
        if not self.content_type_columns:
            return self
        rows = []
        for row in self.rows:
            values = list(row)
            for i in self.content_type_columns:
                if values[i] is not None:
                    values[i] = new_ids[values[i]]
            rows.append(tuple(values))
        return replace(self, rows=rows)


def parents_first(models: list[type]) -> list[type]:
    """`models` ordered so that a row comes after the rows it points at."""
    ordered: list[type] = []

    def visit(model, path=()):
        if model in ordered or model in path:
            return
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in models:
                visit(field.related_model, (*path, model))
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def snapshot_of_an_import() -> list[Table]:
    """Import the committed vendor text into the (empty) catalogue, keep every
    row it wrote (history included, whichever app keeps it), and roll the
    import back."""
    every_model = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    before = {model: model._default_manager.count() for model in every_model}
    path = settings.BASE_DIR / "fixtures" / "source" / "model-studio-error-codes.txt"
    with transaction.atomic():
        import_source(path.read_text(encoding="utf-8"))
        after = {model: model._default_manager.count() for model in every_model}
        grown = [model for model in every_model if after[model] != before[model]]
        # A table that had rows and gained some cannot be told apart here.
        assert all(before[model] == 0 for model in grown), grown
        tables = []
        for model in parents_first(grown):
            fields = model._meta.concrete_fields
            rows = [
                tuple(
                    field.get_db_prep_save(getattr(row, field.attname), connection)
                    for field in fields
                )
                for row in model._default_manager.order_by("pk")
            ]
            tables.append(
                Table(
                    model,
                    connection.ops.quote_name(model._meta.db_table),
                    tuple(connection.ops.quote_name(f.column) for f in fields),
                    rows,
                    tuple(
                        i
                        for i, field in enumerate(fields)
                        if field.is_relation and field.related_model is ContentType
                    ),
                )
            )
        transaction.set_rollback(True)
    return tables


class CatalogueSnapshot:
    """The rows of one import. A transactional test's flush recreates the
    content types under new ids, which history rows point at: the rows are
    then mapped to the new ids (an import again only for a content type
    that is gone)."""

    def __init__(self) -> None:
        self.content_types: list[tuple] | None = None
        self.tables: list[Table] = []

    def current(self) -> list[Table]:
        content_types = list(
            ContentType.objects.order_by("pk").values_list("pk", "app_label", "model")
        )
        if content_types == self.content_types:
            return self.tables
        new_ids = _moved_content_types(self.content_types or [], content_types)
        if self.content_types is None or new_ids is None:
            self.tables = snapshot_of_an_import()
        else:
            self.tables = [table.with_content_types(new_ids) for table in self.tables]
        self.content_types = content_types
        return self.tables


def _moved_content_types(old: list[tuple], new: list[tuple]) -> dict[int, int] | None:
    """Each old content type id's new one, by app and model; None when one
    of them is gone."""
    by_name = {(app, model): pk for pk, app, model in new}
    moved = {pk: by_name.get((app, model)) for pk, app, model in old}
    return None if None in moved.values() else moved


@pytest.fixture(scope="session")
def catalogue_snapshot():
    return CatalogueSnapshot()


@pytest.fixture
def catalogue(db, catalogue_snapshot):
    """The real catalogue, as the importer writes it from the committed vendor
    text: imported once per test session, its rows inserted again for each
    test with plain INSERTs (the database's triggers index them as they would
    an import's; an import per test cost most of the suite's time)."""
    tables = catalogue_snapshot.current()
    # One transaction: under transactional_db (the live server's tests) each
    # row would otherwise be a commit of its own, two seconds a test.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                # COPY: a third of the INSERTs' time, in a few hundred tests.
                raw = connection.connection.cursor()
                with raw, raw.copy(table.copy_sql) as copy:
                    for row in table.rows:
                        copy.write_row(row)
            else:
                cursor.executemany(table.insert_sql, table.rows)
        # Rows with explicit ids leave PostgreSQL's sequences behind.
        models = [table.model for table in tables]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    return ErrorEntry.objects.all()


@pytest.fixture(autouse=True)
def fresh_process_state():
    """Per-process state that outlives a test's rolled-back database: what
    searches know of the catalogue (errors.search.snapshot; the version
    counter it is kept for rolls back too), the per-client search limits and
    the search log's pending writes."""
    from errors.search import snapshot
    from errors.web import search_log
    from errors.web.throttle import LIMITS

    snapshot.clear()
    LIMITS.clear()
    search_log.discard_pending()
    yield


@pytest.fixture(autouse=True)
def no_search_log(settings):
    """Searches without an answer are kept only where a test asks for it
    (tests/test_search_log.py): elsewhere their writes would count in
    django_assert_num_queries."""
    settings.SEARCH_LOG = False


@pytest.fixture
def failing_trigger(db):
    """Makes the real database refuse a write mid-save: a trigger raising
    "injected failure" before each `operation` on `table` (rows matching
    `when`, a condition on OLD or NEW). Rolled back with the test."""

    def install(table: str, operation: str = "INSERT", when: str = "") -> None:
        name = f"test_failure_{table}_{operation.lower()}"
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql"
                )
                condition = f"WHEN ({when})" if when else ""
                cursor.execute(
                    f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                    f"FOR EACH ROW {condition} EXECUTE FUNCTION {name}()"
                )
            else:
                condition = f"WHEN {when}" if when else ""
                cursor.execute(
                    f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                    f"{condition} BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
                )

    return install
