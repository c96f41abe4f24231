import pytest
from django.db import connection
from reversion.models import Revision

from errors.models import ErrorEntry, Product


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


def _snapshot_of_an_import() -> list[tuple[type, list[dict]]]:
    """Import the committed vendor text once and keep the rows it wrote, in
    the order they can be inserted again."""
    from django.apps import apps
    from django.conf import settings
    from django.db import transaction

    from errors.catalogue.importer import import_source

    # The catalogue and the history the importer writes (django-reversion's).
    app_models = [
        *apps.get_app_config("errors").get_models(include_auto_created=True),
        *apps.get_app_config("reversion").get_models(),
    ]
    models = [model for model in app_models if not model.objects.exists()]
    path = settings.BASE_DIR / "fixtures" / "source" / "model-studio-error-codes.txt"
    with transaction.atomic():
        import_source(path.read_text(encoding="utf-8"))
        snapshot = [(model, list(model.objects.values())) for model in models]
        transaction.set_rollback(True)
    # Parents before the rows that point at them.
    order = {Product: 0, ErrorEntry: 1, Revision: 2}
    return sorted(
        ((m, rows) for m, rows in snapshot if rows),
        key=lambda item: order.get(item[0], 3),
    )


@pytest.fixture(scope="session")
def catalogue_snapshot(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return _snapshot_of_an_import()


@pytest.fixture
def catalogue(db, catalogue_snapshot):
    """The real catalogue, as the importer writes it from the committed vendor
    text: imported once per test session, its rows inserted again for each
    test (an import per test cost most of the suite's time)."""
    from django.core.management.color import no_style
    from django.db import connection

    for model, rows in catalogue_snapshot:
        model.objects.bulk_create([model(**row) for row in rows])
    # Rows with explicit ids leave PostgreSQL's sequences behind.
    models = [model for model, _ in catalogue_snapshot]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    return ErrorEntry.objects.all()


@pytest.fixture(autouse=True)
def fresh_process_state():
    """Per-process state that outlives a test's rolled-back database: the
    indexed words (their version counter rolls back too) and the per-client
    search limits."""
    from errors.search.candidates import vocabulary
    from errors.web import search_log
    from errors.web.throttle import LIMITS

    vocabulary.clear()
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
