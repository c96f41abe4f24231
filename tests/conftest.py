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


@pytest.fixture
def catalogue(db):
    """The real catalogue, imported from the committed vendor text."""
    from django.conf import settings

    from errors.catalogue import import_source

    path = settings.BASE_DIR / "fixtures" / "source" / "model-studio-error-codes.txt"
    import_source(path.read_text(encoding="utf-8"))
    return ErrorEntry.objects.all()


@pytest.fixture(autouse=True)
def fresh_search_limits():
    """Each test starts with no POST /api/v1/search counted against 127.0.0.1."""
    from errors.throttle import LIMITS

    LIMITS.clear()
    yield
    LIMITS.clear()
