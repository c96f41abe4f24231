"""Field-by-field diffs between consecutive versions, for the admin's history page.

Versions are django-reversion's (errors/history.py); each is compared with the
one before as plain text pieces. Templates escape every piece, so nothing an
admin typed is ever trusted as HTML.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from reversion.models import Version

from errors.history import author

# Bookkeeping fields: kept in versions and restored, but left out of diffs.
HIDDEN_IN_DIFF = {
    "created_at",
    "updated_at",
    "source_hash",
    "source_position",
    "import_hash",
}
CONTEXT_LINES = 1
SIMILAR_LINE_RATIO = 0.4
WORD_RE = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class DiffLine:
    kind: str  # "same", "removed", "added", "changed" or "gap"
    parts: list[tuple[str, str]]  # (tag, text); tag is "", "del" or "ins"


@dataclass
class FieldChange:
    name: str
    label: str
    lines: list[DiffLine]


@dataclass
class HistoryRow:
    version: Version
    author: str
    changes: list[FieldChange] = field(default_factory=list)
    is_current: bool = False


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    old_words, new_words = WORD_RE.findall(old), WORD_RE.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", "".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(("ins", "".join(new_words[j1:j2])))
    return parts


def diff_text(old: str, new: str) -> list[DiffLine]:
    """Line-by-line diff of two texts; a line edited in place shows word changes."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    lines = []
    for number, group in enumerate(matcher.get_grouped_opcodes(CONTEXT_LINES)):
        if number:
            lines.append(DiffLine("gap", [("", "…")]))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(
                    DiffLine("same", [("", line)]) for line in old_lines[i1:i2]
                )
                continue
            # Lines edited in place read best word by word; lines mostly
            # rewritten read best as removed and added.
            pairs = zip(old_lines[i1:i2], new_lines[j1:j2], strict=False)
            if (
                tag == "replace"
                and i2 - i1 == j2 - j1
                and all(
                    difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR_LINE_RATIO
                    for a, b in pairs
                )
            ):
                lines.extend(
                    DiffLine("changed", diff_words(a, b))
                    for a, b in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True)
                )
                continue
            lines.extend(
                DiffLine("removed", [("del", line)]) for line in old_lines[i1:i2]
            )
            lines.extend(
                DiffLine("added", [("ins", line)]) for line in new_lines[j1:j2]
            )
    return lines


def related_names(model, versions: list[Version]) -> dict[str, dict[int, str]]:
    """Names of the rows each many-to-many field refers to, one query per field."""
    names = {}
    for model_field in model._meta.many_to_many:
        ids = {
            pk
            for version in versions
            for pk in version.field_dict.get(model_field.attname, [])
        }
        rows = model_field.related_model._default_manager.filter(pk__in=ids)
        names[model_field.name] = {row.pk: str(row) for row in rows}
    return names


def field_text(model_field, value, names: dict[str, dict[int, str]]) -> str:
    if model_field.many_to_many:
        known = names.get(model_field.name, {})
        return "\n".join(
            sorted(known.get(pk, f"#{pk} (since deleted)") for pk in value or [])
        )
    return "" if value is None else str(value)


def diff_data(model, old: dict, new: dict, names: dict) -> list[FieldChange]:
    """Field-by-field differences between two versions' `field_dict`s."""
    opts = model._meta
    fields = [
        *(
            model_field
            for model_field in opts.concrete_fields
            if not model_field.primary_key
        ),
        *opts.many_to_many,
    ]
    changes = []
    for model_field in fields:
        if model_field.name in HIDDEN_IN_DIFF:
            continue
        before = field_text(model_field, old.get(model_field.attname), names)
        after = field_text(model_field, new.get(model_field.attname), names)
        if before != after:
            label = str(model_field.verbose_name)
            changes.append(
                FieldChange(model_field.name, label, diff_text(before, after))
            )
    return changes


def history_rows(model, versions: list[Version], *, exists: bool) -> list[HistoryRow]:
    """Each version with what it changed since the one before, newest first."""
    names = related_names(model, versions)
    rows, previous = [], {}
    for version in versions:
        data = version.field_dict
        changes = diff_data(model, previous, data, names)
        rows.append(HistoryRow(version, author(version), changes))
        previous = data
    if rows and exists:
        rows[-1].is_current = True
    return rows[::-1]
