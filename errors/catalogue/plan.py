"""What a re-import will do, decided before anything is written.

Pure Python, no database: the importer (`errors.catalogue.importer`) and
`import_catalogue --explain-diff OLD NEW` share it, so the plan printed is the
plan applied.

Rewordings. An entry's identity in the source is its key (status, code and
message slugified), so a reworded message looks like one entry removed and
one added. A vanished entry and a new one are the same entry *reworded* when
they share a heading family (same status and category, and the same heading
or a code in common, a dotted code's first part counting, so a split heading
still matches) and their messages are
similar: `similarity()` is difflib's ratio over the lower-cased words of the
two messages, 2·matches / (words in both), and the threshold is
`REWORD_THRESHOLD` (0.6: "Range of n should be [1, 4]" → "Range of n must be
[1, 4]" scores 0.86; "Requests throttling triggered." → "Requests throttling
has been triggered." 0.75; unrelated messages score near 0). Templated
messages of different entries can pass it too (0.71 for "Range of n …" and
"Range of top_k …"), and only vanished and new entries are ever compared, so
a pair counts only when each is the other's only candidate above the
threshold; several candidates, or vanished and new entries in one family
with none above it, are *undecided*: left as they are and listed for an
admin (`--reword OLD=NEW` pairs them, `--not-reworded` adds and removes).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from errors.catalogue.source import parse_catalogue
from errors.models import split_aliases
from errors.search.text import words  # the one tokeniser

REWORD_THRESHOLD = 0.6
SHOWN_CHARS = 160


def similarity(old_message: str, new_message: str) -> float:
    """Word-level similarity of two messages, from 0 (nothing shared) to 1."""
    return difflib.SequenceMatcher(
        None, words(old_message), words(new_message), autojunk=False
    ).ratio()


def codes_of(fields: dict) -> set[str]:
    aliases = fields.get("aliases") or ""
    if isinstance(aliases, str):
        aliases = split_aliases(aliases)
    # By their first dotted part too: "Throttling" split into "Throttling"
    # and "Throttling.Route" is one family.
    codes = {code.lower() for code in [fields.get("code") or "", *aliases] if code}
    return codes | {code.split(".")[0] for code in codes}


def same_family(old: dict, new: dict) -> bool:
    """Under the same heading, or one split from it (a code in common)."""
    if (old["status"], old["category"]) != (new["status"], new["category"]):
        return False
    return old["heading"] == new["heading"] or bool(codes_of(old) & codes_of(new))


@dataclass
class Undecided:
    old_keys: list[str]
    new_keys: list[str]
    scores: dict[tuple[str, str], float]

    def lines(self) -> list[str]:
        lines = [
            "  undecided (kept as they are; --reword OLD=NEW or --not-reworded): "
            + ", ".join(self.old_keys)
            + " -> "
            + (", ".join(self.new_keys) or "(no new entry)")
        ]
        lines.extend(
            f"      {old} -> {new}: similarity {score:.2f}"
            for (old, new), score in sorted(self.scores.items())
        )
        return lines


@dataclass
class Matching:
    # new key -> (old key, similarity)
    reworded: dict[str, tuple[str, float]] = field(default_factory=dict)
    undecided: list[Undecided] = field(default_factory=list)

    def undecided_keys(self) -> tuple[set[str], set[str]]:
        old = {key for group in self.undecided for key in group.old_keys}
        new = {key for group in self.undecided for key in group.new_keys}
        return old, new


@dataclass
class Candidates:
    """Who may be whom: for each vanished key the new keys of its family and,
    with their scores, those above the threshold; for each new key the same
    scores seen from its side."""

    family: dict[str, set[str]]
    forward: dict[str, dict[str, float]]
    back: dict[str, dict[str, float]]


def candidates_of(vanished: dict[str, dict], appeared: dict[str, dict]) -> Candidates:
    found = Candidates(
        family={key: set() for key in vanished},
        forward={key: {} for key in vanished},
        back={key: {} for key in appeared},
    )
    for old_key, old in vanished.items():
        for new_key, new in appeared.items():
            if not same_family(old, new):
                continue
            found.family[old_key].add(new_key)
            score = similarity(old["message"], new["message"])
            if score >= REWORD_THRESHOLD:
                found.forward[old_key][new_key] = score
                found.back[new_key][old_key] = score
    return found


def sole_pairs(found: Candidates) -> dict[str, tuple[str, float]]:
    """new key -> (old key, similarity) where each is the other's only
    candidate above the threshold."""
    pairs = {}
    for old_key, options in found.forward.items():
        if len(options) == 1:
            ((new_key, score),) = options.items()
            if len(found.back[new_key]) == 1:
                pairs[new_key] = (old_key, score)
    return pairs


def undecided_groups(
    vanished: dict[str, dict],
    appeared: dict[str, dict],
    found: Candidates,
    settled: set[str],
) -> list[Undecided]:
    """What is left in a family that had vanished and new entries, grouped by
    the candidates that tie them together."""
    groups: list[Undecided] = []
    for old_key in vanished:
        if old_key in settled or not found.family[old_key] - settled:
            continue
        group_old, group_new = {old_key}, set(found.family[old_key] - settled)
        if found.forward[old_key]:
            group_new = set(found.forward[old_key])
            for new_key in list(group_new):
                group_old |= set(found.back[new_key])
        if any(old_key in group.old_keys for group in groups):
            continue  # already listed with another entry of its group
        scores = {
            (old, new): similarity(vanished[old]["message"], appeared[new]["message"])
            for old in group_old
            for new in group_new
        }
        groups.append(Undecided(sorted(group_old), sorted(group_new), scores))
    return groups


def match_rewordings(
    vanished: dict[str, dict],
    appeared: dict[str, dict],
    *,
    forced: dict[str, str] | None = None,
    separate: bool = False,
) -> Matching:
    """Pair vanished entries with new ones (both: key -> source fields).

    `forced` (old key -> new key) pairs are an admin's decisions; `separate`
    turns undecided entries into plain removals and additions.
    """
    matching = Matching()
    vanished, appeared = dict(vanished), dict(appeared)
    for old_key, new_key in (forced or {}).items():
        if old_key in vanished and new_key in appeared:
            score = similarity(
                vanished[old_key]["message"], appeared[new_key]["message"]
            )
            matching.reworded[new_key] = (old_key, score)
            del vanished[old_key], appeared[new_key]
    found = candidates_of(vanished, appeared)
    pairs = sole_pairs(found)
    matching.reworded.update(pairs)
    if separate:
        return matching
    settled = set(pairs) | {old_key for old_key, _ in pairs.values()}
    matching.undecided = undecided_groups(vanished, appeared, found, settled)
    return matching


def short(value) -> str:
    text = ", ".join(value) if isinstance(value, list) else repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def field_diff(before: dict, after: dict, labels=("admin", "source")) -> list[str]:
    """Field-by-field differences, one block per field that differs."""
    lines = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if isinstance(old, str) and isinstance(new, str) and "\n" in old + new:
            lines.append(f"      {name}:")
            diff = difflib.unified_diff(
                old.splitlines(), new.splitlines(), labels[0], labels[1], n=0
            )
            lines.extend(
                f"        {line}"
                for line in diff
                if not line.startswith(("---", "+++", "@@"))
            )
            continue
        lines.append(
            f"      {name}: {labels[0]} {short(old)} / {labels[1]} {short(new)}"
        )
    return lines


@dataclass
class Reworded:
    old_slug: str
    new_slug: str
    score: float
    diff: list[str]


@dataclass
class Conflict:
    slug: str
    reason: str
    diff: list[str]


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reworded: list[Reworded] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list)
    unchanged: int = 0

    def lines(self) -> list[str]:
        lines = [
            f"added {len(self.added)}, changed {len(self.changed)}, removed {len(self.removed)}, "
            f"unchanged {self.unchanged}, conflicts {len(self.conflicts)}, "
            f"reworded {len(self.reworded)}, undecided {len(self.undecided)}"
        ]
        for label, slugs in [
            ("added", self.added),
            ("changed", self.changed),
            ("removed", self.removed),
        ]:
            lines.extend(f"  {label}: {slug}" for slug in slugs)
        for item in self.reworded:
            lines.append(
                f"  reworded: {item.old_slug} -> {item.new_slug} "
                f"(similarity {item.score:.2f}; same id, old address redirects)"
            )
            lines.extend(item.diff)
        for conflict in self.conflicts:
            lines.append(
                f"  conflict: {conflict.slug} ({conflict.reason}; "
                "the admin's version is kept; --take-source to overwrite)"
            )
            lines.extend(conflict.diff)
        for group in self.undecided:
            lines.extend(group.lines())
        return lines


def source_fields_of(parsed) -> dict:
    """The fields an import writes for one parsed source entry."""
    return {
        "status": parsed.status,
        "code": parsed.code,
        "aliases": " ".join(parsed.aliases),
        "message": parsed.message,
        "cause": parsed.cause,
        "solution": parsed.solution,
        "category": parsed.category,
        "heading": parsed.heading,
    }


def explain_diff(old_text: str, new_text: str, **options) -> ImportReport:
    """The plan for going from one saved vendor page to another (no database:
    conflicts with admin edits are the importer's to find)."""
    old = {
        parsed.slug: source_fields_of(parsed) for parsed in parse_catalogue(old_text)
    }
    new = {
        parsed.slug: source_fields_of(parsed) for parsed in parse_catalogue(new_text)
    }
    matching = match_rewordings(
        {key: fields for key, fields in old.items() if key not in new},
        {key: fields for key, fields in new.items() if key not in old},
        forced=options.get("reword"),
        separate=options.get("not_reworded", False),
    )
    undecided_old, undecided_new = matching.undecided_keys()
    report = ImportReport(undecided=matching.undecided)
    for key, fields in new.items():
        if key in old:
            if old[key] == fields:
                report.unchanged += 1
            else:
                report.changed.append(key)
        elif key in matching.reworded:
            old_key, score = matching.reworded[key]
            diff = field_diff(old[old_key], fields, labels=("old", "new"))
            report.reworded.append(Reworded(old_key, key, score, diff))
        elif key not in undecided_new:
            report.added.append(key)
    reworded_old = {old_key for old_key, _ in matching.reworded.values()}
    report.removed = [
        key
        for key in old
        if key not in new and key not in reworded_old and key not in undecided_old
    ]
    return report
