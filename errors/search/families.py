"""The model families a text names (``cosyvoice-v2``, ``qwen3-vl-plus``,
``qwen tts``), read from the catalogue's products: an entry documented only
for other families is less likely the one meant, as an entry of another
status is (errors.search.ranking).

A product is a model family when one of its names (slug, name or an alias
the admin gives it) is a model's name or a family's (text.MODEL_NAME_RE:
``qwen-vl-max``, ``CosyVoice``); channels and features (the Batch API,
WebSocket, voice cloning) are not, since any family's error may come
through them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from errors.models import Product
from errors.search.text import MODEL_NAME_RE

if TYPE_CHECKING:
    from errors.search.snapshot import Facts, Snapshot

# Characters of a text read for the families it names (a paste names its
# model near the top; the rest is not read, so a 64 KB paste costs the same).
MAX_FAMILY_SCAN = 8192
# A model's version inside its name: ``qwen3-vl-plus`` and ``qwen2.5-vl`` are
# ``qwen-vl`` models.
VERSION_RE = re.compile(r"(?<=[a-z])\d+(?:\.\d+)?(?=-)")
# A name typed with a space (``qwen tts``) is the name (``qwen-tts``).
SPACE_RE = re.compile(r"(?<=[a-z0-9]) (?=[a-z])")
# What a name is part of when it stands beside it (``qwenx`` is no ``qwen``).
NAME_CHAR_RE = re.compile(r"[a-z0-9]")


@dataclass(frozen=True)
class FamilyNames:
    """The families' names, version-free, each with the families it names:
    its own, and those whose names begin it (``qwen-vl-max`` names Qwen-VL
    and Qwen)."""

    slugs: frozenset[str]
    names: dict[str, frozenset[str]]  # a whole name: the families it names
    prefixes: dict[str, frozenset[str]]  # ... cut at a hyphen inside it
    pattern: re.Pattern[str] | None  # every name, longest first
    heads: frozenset[str]  # the names' first words, as any version leaves them

    def named(self, text: str) -> frozenset[str]:
        """The families `text` names."""
        if self.pattern is None:
            return frozenset()
        lowered = text[:MAX_FAMILY_SCAN].lower()
        # (A look for each first word costs microseconds; the pattern tried
        # at every character, tens of microseconds a kilobyte.)
        if not any(head in lowered for head in self.heads):
            return frozenset()
        plain = VERSION_RE.sub("", lowered)
        found: set[str] = set()
        for variant in (plain, SPACE_RE.sub("-", plain)):
            for match in self.pattern.finditer(variant):
                start, end = match.span()
                if start and NAME_CHAR_RE.match(variant, start - 1):
                    continue  # inside a longer word
                name = match.group()
                if end < len(variant) and NAME_CHAR_RE.match(variant, end):
                    found |= self.prefixes[name]  # a longer word than the name
                else:
                    found |= self.names[name]
        return frozenset(found)


def is_model_name(name: str) -> bool:
    """A model's name (``qwen-vl-max``) or a family's (``CosyVoice``)."""
    # (A family's name alone is one with its version to come: ``CosyVoice``
    # as ``CosyVoice-1``.)
    return bool(MODEL_NAME_RE.fullmatch(name) or MODEL_NAME_RE.fullmatch(name + "-1"))


def load_family_names() -> FamilyNames:
    owners: dict[str, set[str]] = {}
    for product in Product.objects.only("slug", "name", "aliases"):
        slug = product.slug
        names = {slug, *product.alias_list}
        models = {VERSION_RE.sub("", n.lower()) for n in names if is_model_name(n)}
        if models:
            for model in models | {slug}:
                owners.setdefault(model, set()).add(slug)
    prefixes = {
        name: frozenset(
            slug
            for other, slugs in owners.items()
            if name.startswith(other + "-")
            for slug in slugs
        )
        for name in owners
    }
    names = {name: frozenset(owners[name]) | prefixes[name] for name in owners}
    ordered = sorted(owners, key=lambda name: (-len(name), name))
    pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
    return FamilyNames(
        frozenset(s for slugs in owners.values() for s in slugs),
        names,
        prefixes,
        pattern,
        frozenset(name.split("-")[0] for name in owners),
    )


def other_family(snapshot: Snapshot, text: str, ids: Iterable[int]) -> frozenset[int]:
    """The entries among `ids` documented only for other model families
    than `text` names (none when it names none: the facts are then not
    read)."""
    families = snapshot.families()
    named = families.named(text)
    if not named:
        return frozenset()
    return other_family_ids(families, named, snapshot.facts(), ids)


def other_family_ids(
    families: FamilyNames, named: frozenset[str], facts: Facts, ids: Iterable[int]
) -> frozenset[int]:
    """The entries among `ids` documented for model families, none of them
    one of those `named`."""
    slugs = families.slugs
    # Decided once per profile (a catalogue has a few hundred; entries share
    # them), not once per entry.
    decided: dict[int, bool] = {}
    others = set()
    for pk in ids:
        profile = facts.profile(pk)
        if profile is None:
            continue
        other = decided.get(id(profile))
        if other is None:
            own = {slug for slug, _ in profile.products if slug in slugs}
            other = decided[id(profile)] = bool(own) and own.isdisjoint(named)
        if other:
            others.add(pk)
    return frozenset(others)
