"""What to do next about an error, as data: may it be retried, and who acts.

The importer derives both for every entry from its status, its code family
and the wording of its message (`advise()`); admins may change them, and the
next import keeps their change like any other edit. The rules are an ordered
table and the first that matches decides; `tests/data/advice_table.csv` is
the reviewed answer for every catalogue entry, and the README counts how many
entries each rule decided.

No queries: the models, the importer and the migration that filled the
columns use it alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


class Retryable(models.TextChoices):
    YES = "yes", "Safe to retry"
    AFTER_BACKOFF = "after_backoff", "Safe to retry after a pause"
    NO = "no", "Retrying will not help"
    UNKNOWN = "unknown", "Not known whether a retry helps"


class WhoActs(models.TextChoices):
    REQUEST = "request", "Fix your request"
    CREDENTIALS = "credentials", "Check your API key, permissions or region"
    ACCOUNT = "account", "Settle billing or your subscription"
    QUOTA = "quota", "Wait for, or raise, your quota"
    CONTENT = "content", "Change the content (moderation)"
    PROVIDER = "provider", "The service failed: wait, or contact support"
    NETWORK = "network", "Check your network or proxy"
    UNKNOWN = "unknown", "Not known who should act"


# Seconds to wait before the first retry of an `after_backoff` error, by who
# acts: a quota refills per second or minute, a failing service needs less.
# Callers double it on each further failure.
BACKOFF_SECONDS = {WhoActs.QUOTA: 30, WhoActs.PROVIDER: 5}
DEFAULT_BACKOFF_SECONDS = 10


def backoff_seconds(retryable: str, who_acts: str) -> int | None:
    """The suggested first pause for `after_backoff`; None otherwise."""
    if retryable != Retryable.AFTER_BACKOFF:
        return None
    return BACKOFF_SECONDS.get(who_acts, DEFAULT_BACKOFF_SECONDS)


@dataclass(frozen=True)
class Facts:
    """The parts of an entry the rules read."""

    status: int | None
    code: str
    family: str  # the code's first dotted part: "Throttling" for "Throttling.RateQuota"
    message: str  # lower case
    category: str
    explanation: str  # the documented cause and solution, lower case

    @classmethod
    def of(cls, fields: dict) -> Facts:
        code = fields.get("code") or ""
        return cls(
            status=fields.get("status"),
            code=code,
            family=code.split(".")[0],
            message=(fields.get("message") or "").lower(),
            category=fields.get("category") or "",
            explanation=" ".join(
                fields.get(name) or "" for name in ("cause", "solution")
            ).lower(),
        )


def wording(pattern: str) -> Callable[[Facts], bool]:
    regex = re.compile(pattern)
    return lambda facts: bool(regex.search(facts.message))


def codes(*names: str) -> Callable[[Facts], bool]:
    return lambda facts: facts.code in names


def any_of(*tests: Callable[[Facts], bool]) -> Callable[[Facts], bool]:
    return lambda facts: any(test(facts) for test in tests)


@dataclass(frozen=True)
class Rule:
    name: str
    explanation: str
    test: Callable[[Facts], bool]
    retryable: str
    who_acts: str


server_fault = any_of(
    lambda facts: (facts.status or 0) >= 500,
    lambda facts: facts.family == "InternalError",
    wording(
        r"internal (unknown )?error|server error|backend response"
        r"|in progress, please try again later"
    ),
)
# Server-side codes the vendor documents as caused by the call: a malformed
# message list, an unknown voice, a bad file, or the caller's application,
# plugin or knowledge-base setup.
REQUEST_FAULT_RE = re.compile(
    r"role must be|delimiter: line|content-length|messages array"
    r"|does not exist|non-standard|format may not|misspelled"
    r"|preprocessing error|check (plugin|application) configuration"
    r"|check document index"
)

# First match wins: the specific wordings come before the status-wide rules
# they would otherwise fall under (a 403 about billing is the account's, a
# 500 that names a malformed message is the request's).
RULES = [
    Rule(
        "moderation",
        "content moderation blocked the input or output",
        any_of(
            codes(
                "DataInspectionFailed",
                "CustomRoleBlocked",
                "FaqRuleBlocked",
                "IPInfringementSuspect",
            ),
            wording(
                r"inappropriate content|green network|content is illegal"
                r"|ip infringement"
            ),
        ),
        Retryable.NO,
        WhoActs.CONTENT,
    ),
    Rule(
        "billing",
        "an unpaid bill, a purchase or a spent free tier",
        any_of(
            codes(
                "Arrearage",
                "CommodityNotPurchased",
                "PrepaidBillOverdue",
                "PostpaidBillOverdue",
                "AccessDenied.Unpurchased",
                "AllocationQuota.FreeTierOnly",
            ),
            wording(r"bill is overdue|good standing|free tier|not purchased"),
        ),
        Retryable.NO,
        WhoActs.ACCOUNT,
    ),
    Rule(
        "stored-limit",
        "a count or size allowance that waiting does not refill",
        wording(
            r"voice storage|voice limit|file (capacity|number) exceed"
            r"|increase your quota|free allocated quota|current quota is"
        ),
        Retryable.NO,
        WhoActs.QUOTA,
    ),
    Rule(
        "capacity",
        "the service sheds load (system capacity, model unavailable)",
        any_of(
            wording(r"system capacity|model is unavailable"),
            codes("ModelUnavailable"),
        ),
        Retryable.AFTER_BACKOFF,
        WhoActs.PROVIDER,
    ),
    Rule(
        "rate-limit",
        "status 429, a Throttling code, or a rate or time-window quota",
        any_of(
            lambda facts: facts.status == 429 or facts.family == "Throttling",
            wording(r"allocated quota exceeded|rate limit|too many requests"),
        ),
        Retryable.AFTER_BACKOFF,
        WhoActs.QUOTA,
    ),
    Rule(
        "file-server-down",
        "the server holding the request's file is down: it may come back",
        codes("FILE_SERVER_ERROR"),
        Retryable.AFTER_BACKOFF,
        WhoActs.REQUEST,
    ),
    Rule(
        "file-unreachable",
        "the service could not fetch a file or URL the request names",
        any_of(
            codes(
                "InvalidURL.Timeout",
                "InvalidURL.ConnectionRefused",
                "FILE_DOWNLOAD_FAILED",
                "FILE_404_NOT_FOUND",
                "FILE_403_FORBIDDEN",
            ),
            lambda facts: facts.code.endswith("DownloadFailed"),
            wording(
                r"download|media resource|multimodal url|file_urls"
                r"|url error|provide available url"
            ),
        ),
        Retryable.NO,
        WhoActs.REQUEST,
    ),
    Rule(
        "call-mode",
        "the API refuses this way of calling it (sync or async)",
        wording(r"does not support (a)?synchronous calls"),
        Retryable.NO,
        WhoActs.REQUEST,
    ),
    Rule(
        "credentials",
        "status 401 or 403, an access-denied code, or a missing API key",
        any_of(
            lambda facts: facts.status in {401, 403},
            lambda facts: "AccessDenied" in facts.code or "NotAuthorised" in facts.code,
            codes("AuthenticationError", "WorkSpaceNotFound"),
            wording(r"api[-_ ]?key"),
        ),
        Retryable.NO,
        WhoActs.CREDENTIALS,
    ),
    Rule(
        "client-network",
        "the client could not reach the service, or hung up",
        any_of(
            codes("APIConnectionError", "ConnectException", "ClientDisconnect"),
            wording(r"connection error|failed to connect|check your network"),
        ),
        Retryable.YES,
        WhoActs.NETWORK,
    ),
    Rule(
        "request-behind-server-error",
        "a server-side error whose message or documented cause names a fault "
        "in the request or the caller's own configuration",
        lambda facts: (
            server_fault(facts)
            and bool(REQUEST_FAULT_RE.search(facts.message + " " + facts.explanation))
        ),
        Retryable.NO,
        WhoActs.REQUEST,
    ),
    Rule(
        "server-error",
        "status 5xx, an InternalError code, or wording of a server fault",
        server_fault,
        Retryable.AFTER_BACKOFF,
        WhoActs.PROVIDER,
    ),
    Rule(
        "bad-request",
        "any other 4xx, SDK, WebSocket or Coding Plan error: the call is wrong",
        lambda facts: (
            (facts.status is not None and 400 <= facts.status < 500)
            or facts.category in {"sdk", "websocket", "coding-plan"}
        ),
        Retryable.NO,
        WhoActs.REQUEST,
    ),
]
FALLBACK = Rule(
    "fallback",
    "nothing above matched",
    lambda facts: True,
    Retryable.UNKNOWN,
    WhoActs.UNKNOWN,
)


def deciding_rule(fields: dict) -> Rule:
    """The first rule that matches an entry's fields (status, code, message,
    category)."""
    facts = Facts.of(fields)
    for rule in RULES:
        if rule.test(facts):
            return rule
    return FALLBACK


def advise(fields: dict) -> dict:
    """{"retryable", "who_acts"} as the rules derive them."""
    rule = deciding_rule(fields)
    return {"retryable": str(rule.retryable), "who_acts": str(rule.who_acts)}


def advice_dict(retryable: str, who_acts: str) -> dict:
    """The API's advice object: the two values, their plain words, and the
    suggested first pause in seconds (null unless after_backoff)."""
    return {
        "retryable": retryable,
        "who_acts": who_acts,
        "backoff_seconds": backoff_seconds(retryable, who_acts),
        "summary": f"{Retryable(retryable).label}. {WhoActs(who_acts).label}.",
    }
