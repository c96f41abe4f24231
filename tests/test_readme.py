"""The README's promises name their tests: each named test exists."""

import re

from django.conf import settings

README = settings.BASE_DIR / "README.md"


def test_every_test_the_readme_names_exists():
    text = README.read_text(encoding="utf-8")
    table = text[text.index("### Promises and the tests that keep them") :]
    table = table[: table.index("## Backups")]
    named = 0
    for row in table.splitlines()[4:]:
        current = None
        for path, name in re.findall(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`", row):
            current = path or current
            if name:
                source = (settings.BASE_DIR / current).read_text(encoding="utf-8")
                assert f"def {name}(" in source, f"{current}::{name}"
                named += 1
    assert named >= 12
