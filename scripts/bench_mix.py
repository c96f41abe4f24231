"""The benchmarks' query mix: distinct texts of every kind people search with.

Built from the committed catalogue (fixtures/catalogue.json) and the
evaluation sets (tests/data/eval/*.jsonl) with a seeded generator, so every
run sends the same texts. No text appears twice, so within a pass no answer
can come from a cache keyed by the query: a pass sends each URL once.

Kinds:
- paste: a real paste from the evaluation sets, as users posted it;
- message: a documented message with its placeholders filled with values;
- body: that message wrapped in a JSON error body (native or OpenAI-style);
- exception: that message in an SDK exception line (Python, Java, `<NNN>`);
- code: an error code or alias;
- keywords: two or three words of an entry's message and cause;
- typo: a filled message with a letter swap or two;
- word: one of the catalogue's common words alone (a broad query).

Plain Python, no Django: scripts/bench_http.py and scripts/bench_peer.py
send the same mix to the portal and to Datasette.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "fixtures" / "catalogue.json"
EVAL_FOLDER = ROOT / "tests" / "data" / "eval"
KINDS = (
    "paste",
    "message",
    "body",
    "exception",
    "code",
    "keywords",
    "typo",
    "word",
)
BROAD_WORDS = 40  # how many of the commonest words are searched alone

PLACEHOLDER_RE = re.compile(r"(?i)\b(?:x{3,}|y{3,})|\{[^{}]*\}|%[sd]")
ALTERNATIVES_RE = re.compile(r" ?/ ")  # "message one / message two"
WORD_RE = re.compile(r"[A-Za-z][A-Za-z_]{3,}")
STOPWORDS = frozenset(
    "that this with from have your been when does more than into only must "
    "should will were which their there then they them also each please make "
    "sure other some such the and for not are can".split()
)
VALUES = ["30720", "4096", "16384", "98304", "8", "512", "1.5", "2048", "60", "129024"]
NAMES = ["qwen-plus", "qwen-max", "cosyvoice-v2", "paraformer-v2", "wanx2.1-t2i"]
OPENAI_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    429: "RateLimitError",
    500: "InternalServerError",
}


class Query(NamedTuple):
    kind: str
    text: str


def fill(message: str, rng: random.Random) -> str:
    """One alternative of the documented message, with values for its
    placeholders, as an API would have sent it."""
    alternatives = [part for part in ALTERNATIVES_RE.split(message) if part.strip()]
    chosen = rng.choice(alternatives or [message]).strip()

    def value(match: re.Match) -> str:
        if match.group().startswith("{") or match.group() == "%s":
            return rng.choice(NAMES)
        return rng.choice(VALUES)

    return PLACEHOLDER_RE.sub(value, chosen)


def request_id(rng: random.Random) -> str:
    digits = f"{rng.getrandbits(128):032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def body(entry: dict, message: str, rng: random.Random) -> str:
    code = entry["code"] or "InvalidParameter"
    if rng.random() < 0.5:
        wrapped = {"code": code, "message": message, "request_id": request_id(rng)}
    else:
        error = {"message": message, "type": "invalid_request_error"}
        snake = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", code).replace(".", "_").lower()
        wrapped = {"error": {**error, "param": None, "code": snake}}
    return json.dumps(wrapped)


def exception(entry: dict, message: str, rng: random.Random) -> str:
    code = entry["code"] or "InvalidParameter"
    status = entry["status"] or 400
    shape = rng.randrange(3)
    if shape == 0:
        return f"<{status}> InternalError.Algo.{code}: {message}"
    if shape == 1:
        name = OPENAI_CLASSES.get(status, "APIStatusError")
        error = {"message": message, "type": "invalid_request_error", "code": code}
        return f"openai.{name}: Error code: {status} - {{'error': {error!r}}}"
    details = json.dumps({"statusCode": status, "message": message, "code": code})
    return f"com.alibaba.dashscope.exception.ApiException: {details}"


def content_words(text: str) -> list[str]:
    return [
        word.lower()
        for word in WORD_RE.findall(text)
        if word.lower() not in STOPWORDS and not PLACEHOLDER_RE.fullmatch(word)
    ]


def keywords(entry: dict, rng: random.Random) -> str | None:
    words = list(dict.fromkeys(content_words(f"{entry['message']} {entry['cause']}")))
    if len(words) < 2:
        return None
    picked = sorted(rng.sample(range(len(words)), min(len(words), rng.choice([2, 3]))))
    return " ".join(words[index] for index in picked)


def typo(message: str, rng: random.Random) -> str | None:
    """The message with one letter swap (two in a long message)."""
    spans = [match.span() for match in re.finditer(r"[a-z]{5,}", message)]
    if not spans:
        return None
    text = message
    for start, end in rng.sample(spans, min(len(spans), 1 + (len(spans) > 8))):
        at = rng.randrange(start + 1, end - 2)  # keep the first letter
        text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    return text if text != message else None


def eval_queries(folder: Path = EVAL_FOLDER) -> list[str]:
    """Every query of the evaluation sets, once, in file order."""
    texts: dict[str, None] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts[json.loads(line)["query"]] = None
    return list(texts)


def catalogue_entries(path: Path = CATALOGUE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def pool(seed: int = 13) -> dict[str, list[Query]]:
    """Every distinct query the generator makes, by kind, each kind shuffled."""
    rng = random.Random(seed)
    entries = catalogue_entries()
    by_kind: dict[str, list[str]] = {kind: [] for kind in KINDS}
    by_kind["paste"] = eval_queries()
    for entry in entries:
        message = fill(entry["message"], rng)
        by_kind["message"].append(message)
        by_kind["body"].append(body(entry, fill(entry["message"], rng), rng))
        by_kind["exception"].append(exception(entry, fill(entry["message"], rng), rng))
        codes = [entry["code"], *re.split(r"[\s,]+", entry["aliases"])]
        by_kind["code"].extend(code for code in codes if code)
        by_kind["keywords"].append(keywords(entry, rng))
        by_kind["typo"].append(typo(message, rng))
    counts = Counter(
        word for entry in entries for word in content_words(entry["message"])
    )
    by_kind["word"] = [word for word, _ in counts.most_common(BROAD_WORDS)]
    seen: set[str] = set()
    queries: dict[str, list[Query]] = {}
    for kind in KINDS:  # a text two kinds make counts for the first only
        fresh = []
        for text in by_kind[kind]:
            if text and text.strip() and text not in seen:
                seen.add(text)
                fresh.append(Query(kind, text))
        rng.shuffle(fresh)
        queries[kind] = fresh
    return queries


def interleaved(seed: int = 13) -> list[Query]:
    """The whole pool, kinds taken in turn, so any prefix mixes every kind."""
    queries = pool(seed)
    order: list[Query] = []
    for turn in range(max(len(texts) for texts in queries.values())):
        order.extend(texts[turn] for texts in queries.values() if turn < len(texts))
    return order


def query_sets(count: int, warmup: int, seed: int = 13) -> tuple[list, list]:
    """(timed, warm-up): `count` distinct queries for the timed passes, and
    `warmup` others for warming a fresh server, never among the timed ones."""
    order = interleaved(seed)
    if count + warmup > len(order):
        raise ValueError(f"the pool holds {len(order)} distinct queries")
    return order[:count], order[len(order) - warmup :]
