"""Realistic synthetic entries, for measuring search at scale (make bench).

Entries are built from a small grammar of the shapes the real catalogue has:
dotted codes, messages with placeholders (xxx, %s, {name}), Markdown causes and
solutions with lists. A seeded generator makes runs repeatable; a counter in
every message keeps them distinct. About a quarter mention "model", like the
real catalogue, so a one-word query has a realistic number of matches.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from django.db import connection, transaction

from errors.models import Category, ErrorEntry, Product

PREFIXES = [
    "InvalidParameter",
    "InvalidFile",
    "InvalidImage",
    "InvalidURL",
    "BadRequest",
    "Audio",
    "Throttling",
    "AccessDenied",
    "InternalError",
    "DataInspection",
    "Workspace",
    "Batch",
    "Stream",
    "Session",
    "Voice",
    "Upload",
    "Quota",
    "Task",
    "Index",
    "Plugin",
]
SUFFIXES = [
    "Size",
    "Format",
    "Timeout",
    "Missing",
    "TooLarge",
    "TooSmall",
    "Expired",
    "Conflict",
    "Unsupported",
    "NotFound",
    "Denied",
    "Exceeded",
    "Corrupted",
    "Duplicate",
    "Empty",
    "Mismatch",
    "Limit",
    "Offline",
    "Pending",
    "Locked",
]
SUBJECTS = [
    "The {thing} parameter",
    "The input {thing}",
    "The uploaded {thing}",
    "Field {thing}",
    "The requested {thing}",
    "The {thing} of the request",
    "Your {thing}",
    "The output {thing}",
]
THINGS = [
    "audio",
    "image",
    "video",
    "prompt",
    "voice",
    "file",
    "workspace",
    "token",
    "batch",
    "session",
    "template",
    "index",
    "schema",
    "segment",
    "frame",
    "payload",
    "header",
    "language",
    "timbre",
    "document",
    "chunk",
    "embedding",
    "lyric",
    "caption",
    "mask",
]
PROBLEMS = [
    "must be between xxx and yyy",
    "is longer than xxx seconds",
    "cannot be empty",
    "is not supported by this endpoint",
    "exceeds the limit of xxxMB",
    "has expired at %s",
    "does not match the value of {field}",
    "must be one of xxx",
    "could not be decoded",
    "was rejected by the inspection service",
    "is missing from the request body",
    "is malformed near position xxx",
    "was already used in task %s",
    "has too many items",
    "is smaller than the minimum resolution xxx",
    "timed out after xxx ms",
]
MODEL_TAILS = [
    "for model xxx",
    "when the model is streaming",
    "for this model version",
    "with the selected model",
]
TAILS = [
    "please check the request.",
    "please try again later.",
    "see the API reference.",
    "",
]
CAUSES = [
    "The value sent for {thing} is outside what the service accepts.",
    "The {thing} could not be processed by the {product} backend.",
    "A client sent the {thing} in a format the endpoint does not read.",
    "The account or workspace lacks permission for this {thing}.",
    "The {thing} was produced by an older SDK version.",
]
SOLUTIONS = [
    "Check the {thing} against the limits in the API reference and resend.",
    "Convert the {thing} to a supported format, then retry.",
    "- Upgrade the SDK.\n\n- Resend the request with a valid {thing}.",
    "1. Open the console.\n\n2. Verify the {thing} settings.\n\n    - Save and retry.",
    "Reduce the size of the {thing} or split it into parts.",
]
STATUSES = [400, 400, 400, 401, 403, 404, 429, 500, 503, None]


def synthetic_entries(
    count: int, seed: int = 7, start: int = 1
) -> Iterator[ErrorEntry]:
    rng = random.Random(seed)
    for number in range(start, start + count):
        thing = rng.choice(THINGS)
        status = rng.choice(STATUSES)
        code = f"{rng.choice(PREFIXES)}.{rng.choice(SUFFIXES)}"
        message = f"{rng.choice(SUBJECTS).format(thing=thing)} {rng.choice(PROBLEMS)}"
        if rng.random() < 0.25:
            message += f" {rng.choice(MODEL_TAILS)}"
        message = f"{message} (ref S{number}), {rng.choice(TAILS)}".rstrip(", ")
        product = rng.choice(THINGS)
        yield ErrorEntry(
            slug=f"synthetic-{number}",
            status=status,
            code=code,
            aliases=code.lower().replace(".", "_") if rng.random() < 0.3 else "",
            message=message,
            cause=rng.choice(CAUSES).format(thing=thing, product=product),
            solution=rng.choice(SOLUTIONS).format(thing=thing),
            category=Category.API
            if status
            else rng.choice([Category.SDK, Category.WEBSOCKET]),
            heading=f"{status or 'SDK'}-{code}",
            source_position=100_000 + number,
        )


@transaction.atomic
def add_synthetic(count: int, seed: int = 7, batch_size: int = 2000) -> int:
    """Add `count` synthetic entries (after any already there); return how many."""
    start = ErrorEntry.objects.filter(slug__startswith="synthetic-").count() + 1
    products = list(Product.objects.all())
    rng = random.Random(seed + start)
    Through = ErrorEntry.products.through
    batch: list[ErrorEntry] = []
    added = 0
    for entry in synthetic_entries(count, seed=seed + start, start=start):
        batch.append(entry)
        if len(batch) >= batch_size:
            added += _save(batch, products, rng, Through)
            batch = []
    if batch:
        added += _save(batch, products, rng, Through)
    if connection.vendor == "postgresql":
        # As after any bulk load: statistics for the planner, which would
        # otherwise plan joins over thousands of rows as if they were few.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE errors_errorentry, errors_errorentry_products")
    return added


def _save(batch, products, rng, Through) -> int:
    for entry in batch:
        entry.store_rendering()  # what save() does; bulk_create does not
    created = ErrorEntry.objects.bulk_create(batch)
    if products:
        links = [
            Through(errorentry_id=entry.pk, product_id=rng.choice(products).pk)
            for entry in created
            if rng.random() < 0.6
        ]
        Through.objects.bulk_create(links)
    return len(created)
