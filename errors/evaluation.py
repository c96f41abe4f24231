"""Score a search function against the evaluation sets (``tests/data/eval``, copied from ``../shared/eval``).

Implements the README's matching rule. Pure functions: the search under test
is passed in, so the same code scores the pure ranking (in tests) and the full
database-backed search (from a management command or a shell).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from errors.models import split_aliases

# The catalogue source: the "documented message lines" the rule refers to.
SOURCE = Path(__file__).resolve().parent.parent / "fixtures" / "source"
SOURCE_FILE = SOURCE / "model-studio-error-codes.txt"


def load_cases(path: str | Path) -> list[dict]:
    """The cases of a ``.jsonl`` file (blank lines skipped)."""
    cases = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                cases.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: {error}") from error
    return cases


# The tuning/check split: fixed once. A case's half follows from its own text
# and this seed, so a case added later lands in a half by the same rule and
# no case ever moves between halves.
SPLIT_SEED = "error-portal-eval-2026"
HALVES = ("tuning", "check")


def half_of(case: dict, seed: str = SPLIT_SEED) -> str:
    """ "tuning" or "check", at random (a keyed hash of the folded query)."""
    digest = hashlib.sha256(f"{seed}\n{fold(case['query'])}".encode()).digest()
    return HALVES[digest[0] & 1]


def split_cases(cases: Sequence[dict]) -> dict[str, list[dict]]:
    """The cases of each half, in file order."""
    halves: dict[str, list[dict]] = {name: [] for name in HALVES}
    for case in cases:
        halves[half_of(case)].append(case)
    return halves


def fold(text: str) -> str:
    """Whitespace-folded, case-insensitive form."""
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=8)
def _documented_lines(path: str) -> tuple[str, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return ()
    return tuple(fold(line) for line in text.splitlines() if line.strip())


def documented_lines() -> tuple[str, ...]:
    """Folded non-blank lines of the catalogue source (empty if it is absent)."""
    return _documented_lines(str(SOURCE_FILE))


def _alternatives(line: str) -> list[str]:
    return [part.strip() for part in line.split(" / ") if part.strip()]


def message_matches(
    message_contains: str, message: str, lines: Iterable[str] | None = None
) -> bool:
    """The message half of the rule.

    The entry's message contains ``message_contains`` (whitespace-folded,
    case-insensitive), or is itself one of the `` / `` alternatives of the
    documented message line that contains it.
    """
    wanted = fold(message_contains or "")
    have = fold(message or "")
    if wanted in have:
        return True
    source = documented_lines() if lines is None else [fold(line) for line in lines]
    return any(wanted in line and have in _alternatives(line) for line in source)


def code_matches(expected: str | None, entry: Any) -> bool:
    """The code half of the rule.

    ``code`` names the entry's code or one of its aliases, or one of its
    ``/``-separated parts. ``None`` means the source gives the entry no code:
    the entry's code is empty or was lifted out of its own message (the parser
    derives ``ConnectException`` from ``ConnectException: Failed to ...`` and
    ``NO_VALID_AUDIO_ERROR`` from a message that is just that word).
    """
    code = (getattr(entry, "code", "") or "").strip()
    if expected is None:
        return not code or code in (getattr(entry, "message", "") or "")
    parts = {part.strip() for part in expected.split("/") if part.strip()}
    aliases = getattr(entry, "aliases", None) or ()
    if isinstance(aliases, str):  # a model's aliases field, not a list
        aliases = split_aliases(aliases)
    names = {code, *(a.strip() for a in aliases)}
    return bool(parts & names)


def is_right(
    expect_item: dict | None, entry: Any, lines: Iterable[str] | None = None
) -> bool:
    """Whether *entry* satisfies one ``expect`` item (see the README).

    A ``None`` item (``expect: null``) is never satisfied by an entry: such a
    case is right when the search says it is not confident (see
    :func:`evaluate`). *lines* overrides the documented source lines.
    """
    if expect_item is None or entry is None:
        return False
    if not message_matches(
        expect_item.get("message_contains") or "", entry.message, lines
    ):
        return False
    if "code" in expect_item:
        return code_matches(expect_item["code"], entry)
    return True


@dataclass
class CaseResult:
    query: str
    expect: list[dict] | None
    rank: int | None  # 1-based rank of the first right entry (None: none in list)
    confident: bool
    got: list[str]  # the top three, as "code | message"

    @property
    def right_at_1(self) -> bool:
        return self.rank == 1

    @property
    def right_at_3(self) -> bool:
        return self.rank is not None and self.rank <= 3


@dataclass
class Report:
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.cases)

    @property
    def recall_at_1(self) -> float:
        return _share(c.right_at_1 for c in self.cases)

    @property
    def recall_at_3(self) -> float:
        return _share(c.right_at_3 for c in self.cases)

    @property
    def mrr(self) -> float:
        if not self.cases:
            return 0.0
        return sum(1.0 / c.rank for c in self.cases if c.rank) / len(self.cases)

    @property
    def null_cases(self) -> list[CaseResult]:
        """Cases the catalogue cannot answer (``expect: null``)."""
        return [c for c in self.cases if c.expect is None]

    @property
    def no_good_match_rate(self) -> float:
        """Share of ``null`` cases where the search said "no good match"."""
        return _share(not c.confident for c in self.null_cases)

    @property
    def answerable(self) -> Report:
        return Report([c for c in self.cases if c.expect is not None])

    @property
    def misses(self) -> list[CaseResult]:
        """Cases not right at rank 1."""
        return [c for c in self.cases if not c.right_at_1]

    def __add__(self, other: Report) -> Report:
        return Report(self.cases + other.cases)


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def describe(entry: Any) -> str:
    code = getattr(entry, "code", "") or "-"
    message = " ".join((getattr(entry, "message", "") or "").split())
    if len(message) > 90:
        message = message[:87] + "..."
    return f"{code} | {message}"


def evaluate(
    cases: Sequence[dict],
    search: Callable[[str], tuple[Sequence[Any], bool]],
    lines: Iterable[str] | None = None,
) -> Report:
    """Run *search* (query -> (entries best first, confident)) on every case.

    A case with ``expect: null`` is right (rank 1) when the search is not
    confident, and wrong otherwise; the others are right at the rank of the
    first entry satisfying any of their ``expect`` items.
    """
    line_list = list(lines) if lines is not None else None
    report = Report()
    for case in cases:
        entries, confident = search(case["query"])
        entries = list(entries)
        expect = case.get("expect")
        rank: int | None = None
        if expect is None:
            rank = None if confident else 1
        else:
            for position, entry in enumerate(entries, 1):
                if any(is_right(item, entry, line_list) for item in expect):
                    rank = position
                    break
        report.cases.append(
            CaseResult(
                query=case["query"],
                expect=expect,
                rank=rank,
                confident=confident,
                got=[describe(e) for e in entries[:3]],
            )
        )
    return report


def _expected(expect: list[dict] | None) -> str:
    if expect is None:
        return "(no entry: expect not confident)"
    return " OR ".join(
        f"{item.get('code') or '-'} | {item.get('message_contains', '')}"
        for item in expect
    )


def format_report(report: Report, title: str = "", show_misses: bool = True) -> str:
    """recall@1, recall@3, MRR and each miss with its top three."""
    head = f"{title}: " if title else ""
    out = [
        f"{head}{report.count} cases  recall@1 {report.recall_at_1:.3f}  "
        f"recall@3 {report.recall_at_3:.3f}  MRR {report.mrr:.3f}"
    ]
    nulls = report.null_cases
    if nulls:
        answerable = report.answerable
        honest = sum(not c.confident for c in nulls)
        out.append(
            f"  answerable {answerable.count}: recall@1 {answerable.recall_at_1:.3f}"
            f"  recall@3 {answerable.recall_at_3:.3f}; null {len(nulls)}: "
            f"no good match {honest}/{len(nulls)} ({report.no_good_match_rate:.0%})"
        )
    if not show_misses:
        return "\n".join(out)
    for case in report.misses:
        query = " ".join(case.query.split())
        if len(query) > 160:
            query = query[:157] + "..."
        out.append(
            f"  MISS (rank {case.rank or '-'}, confident={case.confident}) {query}"
        )
        out.append(f"    expected: {_expected(case.expect)}")
        for position, got in enumerate(case.got, 1):
            out.append(f"    {position}. {got}")
    return "\n".join(out)


__all__ = [
    "CaseResult",
    "Report",
    "code_matches",
    "documented_lines",
    "evaluate",
    "format_report",
    "half_of",
    "split_cases",
    "is_right",
    "load_cases",
    "message_matches",
]
