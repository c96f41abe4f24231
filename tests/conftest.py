import pytest

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

    models = [
        model
        for model in apps.get_app_config("errors").get_models(include_auto_created=True)
        if not model.objects.exists()
    ]
    path = settings.BASE_DIR / "fixtures" / "source" / "model-studio-error-codes.txt"
    with transaction.atomic():
        import_source(path.read_text(encoding="utf-8"))
        snapshot = [(model, list(model.objects.values())) for model in models]
        transaction.set_rollback(True)
    # Parents before the rows that point at them.
    order = {Product: 0, ErrorEntry: 1}
    return sorted(
        ((m, rows) for m, rows in snapshot if rows),
        key=lambda item: order.get(item[0], 2),
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
    """Per-process state that outlives a test's rolled-back database: what
    searches know of the catalogue (errors.search.snapshot; the version
    counter it is kept for rolls back too) and the per-client search limits."""
    from errors.search import snapshot
    from errors.throttle import LIMITS

    snapshot.clear()
    LIMITS.clear()
    yield
