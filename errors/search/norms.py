"""The paste's candidate messages as the ranking matches them
(errors.search.query reads them once per paste): which of the candidates
errors.search.paste found are matched, each tokenised once, and how much a
match of each counts.
"""

from __future__ import annotations

from errors.search.findings import message_key
from errors.search.paste import Paste
from errors.search.text import NormText, tokenise

MAX_MESSAGES = 8  # paste candidates matched against templates
MINOR_KEPT = 2  # ... of which only lower-level log lines hold, at least
# A candidate that is only the tail or head of an earlier one (``Not Found``
# cut from ``Failed to download the input file: 404 Not Found``) may have lost
# part of the message: its matches count less, by up to this much when nearly
# all of the parent was cut away.
DERIVED_PENALTY = 0.05
# A client-side failure's stand-in words (errors.search.client_failures) match at most
# this strongly: enough to lead the list, never a good match on their own,
# and below a message the paste's own words line up with at an F1 above 0.72
# (``stream timeout after 23 sec``: 0.727, times FUZZY_WEIGHT 0.9 is 0.654).
STAND_IN_FACTOR = 0.65
# A message found only on a log line below an error's level (a retry's WARN)
# counts this much: on a tie, the line that reports the failure wins.
MINOR_LINE_FACTOR = 0.97


def candidate_norms(
    paste: Paste, hints: list[str], own: list[str]
) -> tuple[list[NormText], list[float]]:
    """The paste's candidate messages, tokenised (the same words once, the
    whole paste last), and how much a match of each counts."""
    messages = _matched_messages(paste)
    norms: list[NormText] = []
    minor: list[bool] = []
    seen: set[str] = set()
    for message in messages:
        norm = tokenise(message)
        if norm.tokens and norm.joined not in seen:
            seen.add(norm.joined)
            norms.append(norm)
            minor.append(message_key(message) in paste.minor)
    factors = [
        _derived_factor(norm, norms[:i]) * (MINOR_LINE_FACTOR if minor[i] else 1.0)
        for i, norm in enumerate(norms)
    ]
    # Before the whole paste, which stays last: the messages with their
    # exception's class name, at full weight (they are the paste's words),
    # and what a client-side failure stands for, weaker than anything the
    # paste says itself.
    extra = [(m, 1.0) for m in [*paste.classed, *own]]
    extra += [(h, STAND_IN_FACTOR) for h in hints]
    for text, factor in extra:
        norm = tokenise(text)
        if norm.tokens and norm.joined not in seen:
            seen.add(norm.joined)
            position = max(len(norms) - 1, 0)
            norms.insert(position, norm)
            factors.insert(position, factor)
    return norms, factors


def _matched_messages(paste: Paste) -> list[str]:
    """The candidates matched, in the paste's order, the whole paste last.
    When it offers more than MAX_MESSAGES, those only lines below an error's
    level hold (a retry's warning, progress) give way first, all but
    MINOR_KEPT: a long log's last error is not crowded out by what came
    before it, nor is a retry's server message (the only one in a log whose
    errors are the program's) by the error lines around it."""
    candidates = paste.messages[:-1]
    room = MAX_MESSAGES - 1
    if len(candidates) > room:
        minor: list[str] = []
        major: list[str] = []
        for message in candidates:
            (minor if message_key(message) in paste.minor else major).append(message)
        kept = major[: room - min(MINOR_KEPT, len(minor))]
        kept += minor[: room - len(kept)]
        chosen = set(kept)
        candidates = [m for m in candidates if m in chosen]
    return candidates + paste.messages[-1:]


def _derived_factor(norm: NormText, earlier: list[NormText]) -> float:
    """Less than 1.0 for a candidate cut from the start or end of an earlier
    (longer) one, the less the more was cut away."""
    parent = max(
        (
            len(other.joined)
            for other in earlier
            if len(other.joined) > len(norm.joined)
            and (
                other.joined.endswith(norm.joined)
                or other.joined.startswith(norm.joined)
            )
        ),
        default=0,
    )
    cut = 1.0 - len(norm.joined) / parent if parent else 0.0
    return 1.0 - DERIVED_PENALTY * cut
