"""Write errors/search/pinyin.txt: each CJK character's readings, tone
marks dropped (line N for U+4E00 + N; heteronyms space-separated, a blank
line for none), from pypinyin (a dev requirement). The homophone reading
of typed Chinese (errors.search.homophones) reads it; tests/test_homophones.py
checks that the committed file is this script's output.

    .venv/bin/python scripts/pinyin_table.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from pypinyin import Style, pinyin

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "errors" / "search" / "pinyin.txt"
FIRST, LAST = 0x4E00, 0x9FFF  # CJK Unified Ideographs


def table() -> str:
    """The file's text."""
    lines = []
    for point in range(FIRST, LAST + 1):
        readings = pinyin(chr(point), style=Style.NORMAL, heteronym=True)[0]
        plain = [r for r in readings if r.isascii() and r.isalpha()]
        lines.append(" ".join(dict.fromkeys(plain)))
    return "\n".join(lines) + "\n"


def main() -> int:
    TABLE.write_text(table(), encoding="utf-8")
    print(f"wrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
