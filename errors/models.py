"""The catalogue's data: documented errors, the products they come from, the
old slugs that still lead to an entry, and the version counter caches follow.

The QuerySet holds the query logic (codes, old slugs); the search lives in
`errors.search`. The one signal (an entry's slug change remembered) is
connected in `errors.apps`.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache

import reversion
from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.urls import reverse
from django.utils.functional import cached_property

from errors.advice import Retryable, WhoActs, advice_dict
from errors.rendering import render_markdown, rendering_key


class Category(models.TextChoices):
    API = "api", "API error"
    SDK = "sdk", "SDK error"
    WEBSOCKET = "websocket", "WebSocket error"
    CODING_PLAN = "coding-plan", "Coding Plan"


ALIAS_SPLIT_RE = re.compile(r"[\s,]+")


def split_aliases(text: str) -> list[str]:
    """The aliases stored in `ErrorEntry.aliases` (separated by spaces; an
    admin's commas count as separators too)."""
    return [alias for alias in ALIAS_SPLIT_RE.split(text) if alias]


@lru_cache(maxsize=16)
def _url_template(name: str) -> str:
    return reverse(name, kwargs={"slug": "SLUG"})


def url_for_slug(name: str, slug: str) -> str:
    """reverse() for the slug URLs, without resolving the pattern every time:
    a page of API results needs forty of them."""
    return _url_template(name).replace("SLUG", slug, 1)


def hash_source_fields(fields: dict) -> str:
    """A stable fingerprint of an entry's documented content."""
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


# History (django-reversion): every version of a product, see errors/history.py.
@reversion.register()
class Product(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    aliases = models.TextField(
        blank=True,
        help_text="One name per line that the source may use for this product "
        "(case-insensitive, whole words). The importer tags entries that mention any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('errors:entry_list')}?product={self.slug}"

    @property
    def alias_list(self) -> list[str]:
        names = [self.name, *self.aliases.splitlines()]
        return [name.strip() for name in names if name.strip()]

    def to_dict(self) -> dict:
        return {"slug": self.slug, "name": self.name}


# The catalogue's order. Entries added in the admin have no position: after
# the catalogue's on every database (SQLite would put NULLs first).
CATALOGUE_ORDER = (models.F("source_position").asc(nulls_last=True), "id")


class ErrorEntryQuerySet(models.QuerySet):
    def in_catalogue_order(self) -> ErrorEntryQuerySet:
        return self.order_by(*CATALOGUE_ORDER)

    def with_code(self, code: str) -> ErrorEntryQuerySet:
        """Entries whose code or one of whose aliases is `code` (any case)."""
        code = code.strip()
        if not code:
            return self
        pattern = r"(^|[\s,])" + re.escape(code) + r"($|[\s,])"
        return self.filter(
            models.Q(code__iexact=code) | models.Q(aliases__iregex=pattern)
        )

    def moved_from(self, slug: str) -> ErrorEntryQuerySet:
        """The entry (zero or one) that was once published under `slug`."""
        return self.filter(old_slugs__old_slug=slug)

    def ids(self) -> set[int]:
        """Every id the rows hold, in one query (read_ids)."""
        try:
            sql, params = self.order_by().values("id").query.sql_with_params()
        except EmptyResultSet:  # none() or a lookup that can match nothing
            return set()
        return set(read_ids(sql, params))


def read_ids(sql: str, params) -> list[int]:
    """The ids a SELECT of one `id` column yields, read as one value (a JSON
    array or a PostgreSQL array): 50,000 ids come back in one row, not in
    50,000."""
    if connection.vendor == "postgresql":
        sql = f"SELECT coalesce(array_agg(found.id), '{{}}') FROM ({sql}) found"
    else:
        sql = f"SELECT json_group_array(found.id) FROM ({sql}) found"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        value = cursor.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else list(value)


# The HTML kept with an entry (see store_rendering) is derived from its texts.
RENDERING_FIELDS = ("rendered_cause", "rendered_solution", "rendered_key")


# An entry's revisions hold its products too, so a restore can bring back a
# product deleted since (errors/history.py); not the HTML derived from it.
@reversion.register(follow=["products"], exclude=RENDERING_FIELDS)
class ErrorEntry(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    status = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        db_index=True,
        help_text="HTTP status; empty where the source gives none.",
    )
    code = models.CharField(max_length=200, blank=True, db_index=True)
    aliases = models.CharField(
        max_length=500,
        blank=True,
        help_text="Other spellings of the code, separated by spaces.",
    )
    message = models.TextField(
        help_text="The documented message, placeholders (xxx, %s…) kept as they are."
    )
    cause = models.TextField(blank=True, help_text="Markdown.")
    solution = models.TextField(blank=True, help_text="Markdown.")
    category = models.CharField(
        max_length=20, choices=Category.choices, default=Category.API, db_index=True
    )
    products = models.ManyToManyField(Product, blank=True, related_name="entries")
    # What to do next (errors/advice.py derives both at import; admins may
    # change them, and an import keeps the change like any other edit).
    retryable = models.CharField(
        max_length=20,
        choices=Retryable.choices,
        default=Retryable.UNKNOWN,
        help_text="Whether retrying the same call can succeed.",
    )
    who_acts = models.CharField(
        max_length=20,
        choices=WhoActs.choices,
        default=WhoActs.UNKNOWN,
        help_text="Who has to do something for the error to go away.",
    )
    heading = models.CharField(
        max_length=200, blank=True, help_text="The source heading it was imported from."
    )
    # Identity in the vendor source, stable even when an admin changes the
    # public slug; empty for entries created in the admin.
    source_key = models.CharField(
        max_length=120, blank=True, db_index=True, editable=False
    )
    source_position = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Hash of the source fields as last imported: a differing current hash
    # means an admin edited the entry since, so a re-import leaves it alone.
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Hash of everything the last import wrote (import_state()): any later
    # difference, made in the admin, a shell or a script, is an edit.
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Cause and solution as HTML, rendered when the entry is saved, under the
    # rendering key of the texts they were rendered from: used only while
    # that is the key of the current texts, so no write (an update, raw SQL,
    # a restored backup) can show stale HTML (errors.rendering).
    rendered_cause = models.TextField(blank=True, editable=False)
    rendered_solution = models.TextField(blank=True, editable=False)
    rendered_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ErrorEntryQuerySet.as_manager()

    class Meta:
        ordering = list(CATALOGUE_ORDER)
        verbose_name = "error entry"
        verbose_name_plural = "error entries"

    def __str__(self) -> str:
        label = " ".join(part for part in [str(self.status or ""), self.code] if part)
        return f"{label}: {self.message[:80]}" if label else self.message[:80]

    def get_absolute_url(self) -> str:
        return url_for_slug("errors:entry_detail", self.slug)

    def get_api_url(self) -> str:
        return url_for_slug("errors:api_entry_detail", self.slug)

    # Why the row matched, when it came out of a search (errors.search.results).
    match = None
    # Set by with_product_dicts().
    product_dicts = None

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    @property
    def codes(self) -> list[str]:
        return [code for code in [self.code, *self.alias_list] if code]

    @cached_property
    def cause_html(self) -> str:
        kept = self.rendered_cause if self.rendering_is_current else None
        return render_markdown(self.cause, kept)

    @cached_property
    def solution_html(self) -> str:
        kept = self.rendered_solution if self.rendering_is_current else None
        return render_markdown(self.solution, kept)

    @cached_property
    def rendering_is_current(self) -> bool:
        """Whether the HTML kept with the entry is that of its texts now."""
        return self.rendered_key == rendering_key(self.cause, self.solution)

    def store_rendering(self) -> None:
        """Keep cause and solution as HTML; every save does (see
        `store_rendering` below), bulk writers call it themselves."""
        key = rendering_key(self.cause, self.solution)
        if key != self.rendered_key:
            self.rendered_cause = str(render_markdown(self.cause))
            self.rendered_solution = str(render_markdown(self.solution))
            self.rendered_key = key

    @property
    def cause_summary(self) -> str:
        """The cause's first line as plain text, for result lists."""
        for line in self.cause.splitlines():
            text = line.strip().lstrip("-*0123456789. ").strip()
            if text and text != "Error examples:":
                return text
        return ""

    def source_fields(self) -> dict:
        return {
            "status": self.status,
            "code": self.code,
            "aliases": self.aliases,
            "message": self.message,
            "cause": self.cause,
            "solution": self.solution,
            "category": self.category,
            "heading": self.heading,
        }

    def compute_source_hash(self) -> str:
        return hash_source_fields(self.source_fields())

    def import_state(self) -> dict:
        """Every field an admin can change, products (as slugs) included."""
        return {
            **self.source_fields(),
            **self.advice_fields(),
            "slug": self.slug,
            "products": sorted(product.slug for product in self.products.all()),
        }

    def advice_fields(self) -> dict:
        return {"retryable": self.retryable, "who_acts": self.who_acts}

    @property
    def advice(self) -> dict:
        """What to do next: the API's advice object (errors.advice)."""
        return advice_dict(self.retryable, self.who_acts)

    @property
    def edited_since_import(self) -> bool:
        """True when anything differs from what the last import wrote."""
        return hash_source_fields(self.import_state()) != self.import_hash

    def to_dict(self, origin: str = "") -> dict:
        """The API's entry object; `origin` ("https://host") makes URLs absolute."""
        return {
            "id": self.pk,
            "slug": self.slug,
            "status": self.status,
            "code": self.code,
            "aliases": self.alias_list,
            "message": self.message,
            "cause": self.cause,
            "solution": self.solution,
            "cause_html": self.cause_html,
            "solution_html": self.solution_html,
            "products": (
                self.product_dicts
                if self.product_dicts is not None
                else [product.to_dict() for product in self.products.all()]
            ),
            "category": self.category,
            "retryable": self.retryable,
            "who_acts": self.who_acts,
            "url": origin + self.get_absolute_url(),
            "api_url": origin + self.get_api_url(),
            "updated_at": self.updated_at.isoformat(),
        }


class SlugRedirect(models.Model):
    """An old slug of an entry: its page and API addresses answer 301 to the
    entry, so permalinks never break (`remember_old_slug` keeps them)."""

    old_slug = models.SlugField(max_length=120, unique=True)
    # No database constraint and nothing done on delete: the row outlives a
    # deleted entry, so its old links work again once the entry is restored
    # (restoring keeps the id). Until then the join finds nothing: a 404.
    entry = models.ForeignKey(
        "errors.ErrorEntry",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="old_slugs",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.entry_id}"


def store_rendering(sender, instance, **kwargs):
    """pre_save of an entry: its cause and solution as HTML. Raw saves too
    (fixtures, restored revisions), which leave the derived fields empty."""
    instance.store_rendering()


def remember_old_slug(sender, instance, raw=False, **kwargs):
    """pre_save of an entry: on a slug change, point the old slug at it."""
    if raw:
        return
    old_slug = None
    if instance.pk is not None:
        old_slug = (
            sender._default_manager.filter(pk=instance.pk)
            .values_list("slug", flat=True)
            .first()
        )
    if old_slug == instance.slug:
        return
    if old_slug:
        SlugRedirect.objects.update_or_create(
            old_slug=old_slug, defaults={"entry_id": instance.pk}
        )
    # The new slug is live now; a redirect that claimed it would be stale.
    SlugRedirect.objects.filter(old_slug=instance.slug).delete()


class CatalogueVersion(models.Model):
    """The catalogue's version: one row (id 1, created by migration 0005)
    whose counter the database's triggers bump on every write; see
    `errors.catalogue_version`."""

    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "catalogue version"

    def __str__(self) -> str:
        return f"catalogue version {self.counter}"


def with_product_dicts(entries: list[ErrorEntry]) -> list[ErrorEntry]:
    """The entries, each with `product_dicts` filled by one query: the API
    lists a page of entries with their products, and prefetch_related costs
    more per row than the rest of the answer."""
    links = ErrorEntry.products.through.objects.filter(
        errorentry_id__in=[entry.pk for entry in entries]
    ).order_by("product__name", "product__slug")
    by_entry: dict[int, list[dict]] = {entry.pk: [] for entry in entries}
    for entry_id, slug, name in links.values_list(
        "errorentry_id", "product__slug", "product__name"
    ):
        by_entry[entry_id].append({"slug": slug, "name": name})
    for entry in entries:
        entry.product_dicts = by_entry[entry.pk]
    return entries


# Models that live next to the code using them; imported here so Django finds them.
from errors.feedback import Feedback  # noqa: E402, F401
from errors.search_log import EntryFound, MissedSearch, SearchWeek  # noqa: E402, F401
