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


@dataclass(frozen=True)
class FamilyNames:
    """Each family's slug and the pattern of its names, version-free."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    @property
    def slugs(self) -> frozenset[str]:
        return frozenset(slug for slug, _ in self.patterns)

    def named(self, text: str) -> frozenset[str]:
        """The families `text` names."""
        if not self.patterns:
            return frozenset()
        plain = VERSION_RE.sub("", text[:MAX_FAMILY_SCAN].lower())
        joined = SPACE_RE.sub("-", plain)
        return frozenset(
            slug
            for slug, pattern in self.patterns
            if pattern.search(plain) or pattern.search(joined)
        )


def is_model_name(name: str) -> bool:
    """A model's name (``qwen-vl-max``) or a family's (``CosyVoice``)."""
    # (A family's name alone is one with its version to come: ``CosyVoice``
    # as ``CosyVoice-1``.)
    return bool(MODEL_NAME_RE.fullmatch(name) or MODEL_NAME_RE.fullmatch(name + "-1"))


def load_family_names() -> FamilyNames:
    patterns = []
    for slug, name, aliases in Product.objects.order_by("slug").values_list(
        "slug", "name", "aliases"
    ):
        names = {slug, name, *aliases.splitlines()}
        models = {
            VERSION_RE.sub("", n.strip().lower())
            for n in names
            if is_model_name(n.strip())
        }
        if not models:
            continue
        models.add(slug)
        # Longest first, whole names only (``qwen`` is not ``qwenx``; a
        # hyphen after it begins a tier, ``qwen-vl-max``).
        alternatives = "|".join(
            re.escape(n) for n in sorted(models, key=len, reverse=True)
        )
        patterns.append(
            (slug, re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"))
        )
    return FamilyNames(tuple(patterns))


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
    others = set()
    for pk in ids:
        profile = facts.profile(pk)
        if profile is None:
            continue
        own = {slug for slug, _ in profile.products if slug in slugs}
        if own and own.isdisjoint(named):
            others.add(pk)
    return frozenset(others)
