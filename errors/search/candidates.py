"""Candidates from the full-text index: which entries hold a query's words.

SQLite: an FTS5 table over code, aliases, message, cause and solution, kept in
sync by triggers (see migration 0002), ranked with bm25. PostgreSQL: a GIN
expression index over the same text (migration 0004), ranked with ts_rank.
Either way the engine only proposes candidates; errors.search.ranking decides
the order.

User input never reaches the engine's query syntax: terms are reduced to
letters and digits and quoted, so `"`, `NEAR(`, `*`, `-` or `:` are inert.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

from errors.models import read_ids, split_aliases
from errors.search.entries import Candidate
from errors.search.query import MAX_INDEX_TERMS
from errors.search.text import index_words

# A term held by more entries than this is "common" (see selective_terms).
COMMON_TERM_DOCS = 2000
# The longest word sent to the index.
MAX_TERM_CHARS = 64
# The engine scores (bm25, ts_rank) at most this many matches, those of the
# lowest ids within the filters (the entries imported first): a word held by
# 58,000 of 100,000 entries cost SQLite about 100 ms to score whole, these
# about 7. Only a
# query matching more entries than this is ranked within a part of them;
# which entries match, their count and the facets still cover all of them.
# The real catalogue is far smaller, so there every match is scored.
SCORED_MATCHES = 5000
# PostgreSQL: fewer, sized when ts_rank computed each scored row's document
# again (about 40 microseconds a row). It now reads the stored one (migration
# 0014), so this bound is conservative until measured at scale.
PG_SCORED_MATCHES = 1000
LAST_ID = 2**63 - 1  # no id is larger

# Column weights: a word in the code or message says far more than one in a
# long solution.
SQLITE_WEIGHTS = "10.0, 10.0, 5.0, 1.5, 1.0"  # code, aliases, message, cause, solution
# PostgreSQL keeps each entry's document in a stored column with a GIN index
# on it (migration 0014): named once, where the migration makes it.
PG_DOCUMENT = importlib.import_module(
    "errors.migrations.0014_postgres_search_document"
).COLUMN


def clean_terms(terms: list[str]) -> list[str]:
    """Lower-case word tokens, deduplicated, capped: safe to quote for any engine."""
    seen: dict[str, None] = {}
    for term in terms:
        for token in index_words(term):
            if len(token) <= MAX_TERM_CHARS:
                seen.setdefault(token, None)
    return list(seen)[:MAX_INDEX_TERMS]


def scope_sql(queryset) -> tuple[str, tuple]:
    """SQL for the ids of a filtered queryset, or ("", ()) without one."""
    if queryset is None or not queryset.query.where:
        return "", ()
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


def document_counts(terms: list[str], cap: int) -> list[int]:
    """How many entries hold each term, counting no further than `cap`
    (one round trip; each count stops early, so a common word costs little)."""
    if connection.vendor == "postgresql":
        probe = (
            f"(SELECT count(*) FROM (SELECT 1 FROM errors_errorentry "
            f"WHERE {PG_DOCUMENT} @@ to_tsquery('english', %s) LIMIT %s) found)"
        )
    else:
        probe = (
            "(SELECT count(*) FROM (SELECT 1 FROM errors_entry_fts "
            "WHERE errors_entry_fts MATCH %s LIMIT %s))"
        )
        terms = [f'"{term}"' for term in terms]
    params = [value for term in terms for value in (term, cap)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([probe] * len(terms)), params)
        return list(cursor.fetchone())


def selective_terms(terms: list[str], entry_count: int) -> tuple[list[str], bool]:
    """The terms worth asking the index for.

    At 100,000 entries a word like "model" or "parameter" is in thousands of
    them: ranking every entry that holds any word of a pasted message costs
    about 100 ms, while the message's rarer words find the same candidates in
    a few. Common words still count: the ranking reads the candidates' text.
    When every word is common, all that occur are used, and the second value
    says so.
    """
    if len(terms) == 1 or entry_count <= COMMON_TERM_DOCS:
        # No word can be common in a catalogue this small: skip the probe.
        return terms, False
    counts = document_counts(terms, COMMON_TERM_DOCS + 1)
    rare = [
        term
        for term, count in zip(terms, counts, strict=True)
        if 0 < count <= COMMON_TERM_DOCS
    ]
    if rare:
        return rare, False
    # Words in no entry (values, typos) would only empty an intersection.
    present = [term for term, count in zip(terms, counts, strict=True) if count]
    return (present or terms), True


@dataclass(frozen=True)
class IndexQuery:
    """Which entries hold a search's words: the index half of a search.

    Built from the query alone, never from the page's filters, so the set it
    names is the same whatever the filters: facet counts over it are exactly
    what choosing a facet gives. Filters narrow it in the same SQL.

    Each group is a word with its stand-ins (a typo's correction, the words
    an unfinished last word begins), any of which will do; `every` asks for
    every group (keywords, as Datasette does), otherwise any (a paste).
    """

    groups: tuple[tuple[str, ...], ...]
    every: bool

    def expression(self) -> str:
        postgres = connection.vendor == "postgresql"
        # to_tsquery on plain words joined by operators: every term is
        # [^\W_]+, so no operator can be smuggled into either engine.
        quote = (lambda t: t) if postgres else (lambda t: f'"{t}"')
        any_of = " | " if postgres else " OR "
        all_of = " & " if postgres else " AND "
        parts = []
        for group in self.groups:
            words = any_of.join(quote(t) for t in group)
            parts.append(f"({words})" if len(group) > 1 else words)
        return (all_of if self.every else any_of).join(parts)

    def with_every(self, every: bool) -> IndexQuery:
        return IndexQuery(self.groups, every)

    def ids_sql(self) -> RawSQL:
        """The matching ids, as a subquery for ``pk__in``."""
        if connection.vendor == "postgresql":
            # The matching ids are gathered once, as an array (an
            # uncorrelated InitPlan), however the query around it is planned:
            # folded into an outer query over rows without statistics (just
            # written), the text match was re-run for every outer row.
            sql = (
                f"SELECT unnest(ARRAY(SELECT id FROM errors_errorentry "
                f"WHERE {PG_DOCUMENT} @@ to_tsquery('english', %s)))"
            )
        else:
            sql = "SELECT rowid FROM errors_entry_fts WHERE errors_entry_fts MATCH %s"
        return RawSQL(sql, (self.expression(),))

    def count(self, cap: int) -> int:
        """How many entries match (in the whole catalogue), counting to `cap`."""
        if connection.vendor == "postgresql":
            sql = (
                f"SELECT count(*) FROM (SELECT 1 FROM errors_errorentry "
                f"WHERE {PG_DOCUMENT} @@ to_tsquery('english', %s) LIMIT %s) found"
            )
        else:
            sql = (
                "SELECT count(*) FROM (SELECT 1 FROM errors_entry_fts "
                "WHERE errors_entry_fts MATCH %s LIMIT %s)"
            )
        with connection.cursor() as cursor:
            cursor.execute(sql, (self.expression(), cap))
            return cursor.fetchone()[0]

    def ids(self) -> list[int]:
        """Every matching id in the whole catalogue, in one row (read_ids)."""
        if connection.vendor == "postgresql":
            sql = (
                f"SELECT id FROM errors_errorentry "
                f"WHERE {PG_DOCUMENT} @@ to_tsquery('english', %s)"
            )
        else:
            sql = (
                "SELECT rowid AS id FROM errors_entry_fts "
                "WHERE errors_entry_fts MATCH %s"
            )
        return read_ids(sql, (self.expression(),))

    def scores(
        self, limit: int, within=None, entries: int | None = None
    ) -> dict[int, float]:
        """The best `limit` matches in the catalogue, or within the filtered
        queryset `within` (its filters go into the index query itself),
        scored 0..1 (best 1.0), best first, equal scores by id: the best
        `limit` begin with the best of any smaller limit. Only the first
        SCORED_MATCHES (PG_SCORED_MATCHES) matches by id within the filters
        are scored; `entries`, the catalogue's size when known, spares
        SQLite finding the first of those it leaves out when there can be
        none (a second pass over the matches, a third of the query's time
        in the real catalogue)."""
        if connection.vendor == "postgresql":
            rows = _postgres_candidates(within, self.expression(), limit)
        else:
            capped = entries is None or entries > SCORED_MATCHES
            rows = _sqlite_candidates(within, self.expression(), limit, capped)
        if not rows:
            return {}
        best = max(score for _, score in rows) or 1.0
        return {pk: score / best for pk, score in rows}


def index_query(terms: list[str], entry_count: int) -> IndexQuery | None:
    """The index query for a paste's words (None when no word is usable).

    Any of its rare words when the catalogue is large (see selective_terms);
    when every word is common, entries holding all of them if there are any:
    an intersection of common words is small, their union most of the table.
    """
    terms = clean_terms(terms)
    if not terms:
        return None
    terms, all_common = selective_terms(terms, entry_count)
    query = IndexQuery(tuple((t,) for t in terms), every=False)
    if all_common and len(terms) > 1 and query.with_every(True).count(1):
        return query.with_every(True)
    return query


def keyword_query(
    groups: list[list[str]], wrapper: Iterable[str] = (), every: bool = True
) -> IndexQuery | None:
    """The index query for keywords: entries holding every word (or one of
    its stand-ins), or, when no entry holds them all (or `every` is false),
    any of them or of the `wrapper`'s words (those around an unwrapped
    message, not required)."""
    cleaned = [tuple(clean_terms(group)) for group in groups]
    cleaned = [group for group in cleaned if group]
    extra = [(term,) for term in clean_terms(list(wrapper))]
    if not cleaned:
        return IndexQuery(tuple(extra), every=False) if extra else None
    query = IndexQuery(tuple(cleaned), every=True)
    if not every or ((len(cleaned) > 1 or extra) and not query.count(1)):
        return IndexQuery(tuple(cleaned + extra), every=False)
    return query


def _sqlite_candidates(queryset, expression: str, limit: int, capped: bool = True):
    scope, params = scope_sql(queryset)
    # ``+rowid``: the filter applies to the rows the match found. Handed to
    # FTS5 as a constraint, the match ran once per filtered id (seconds at
    # 60,000 entries).
    where = f" AND +rowid IN ({scope})" if scope else ""
    matches = f"FROM errors_entry_fts WHERE errors_entry_fts MATCH %s{where}"
    select = f"SELECT rowid, -bm25(errors_entry_fts, {SQLITE_WEIGHTS}) AS score "
    order = "ORDER BY score DESC, rowid LIMIT %s"
    if capped:
        sql = (
            f"{select}{matches} AND rowid <= coalesce((SELECT rowid {matches} "
            f"ORDER BY rowid LIMIT 1 OFFSET %s), {LAST_ID}) {order}"
        )
        values = (expression, *params, expression, *params, SCORED_MATCHES - 1, limit)
    else:
        sql = f"{select}{matches} {order}"
        values = (expression, *params, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return [(row[0], max(row[1], 0.0)) for row in cursor.fetchall()]


def _postgres_candidates(queryset, expression: str, limit: int):
    scope, params = scope_sql(queryset)
    where = f"WHERE id IN ({scope}) " if scope else ""
    # The matches gathered once, from the text index alone (MATERIALIZED:
    # planned apart, so never by walking ids or filtered rows and computing
    # each row's document); then the first within the filters scored.
    sql = (
        f"WITH found AS MATERIALIZED (SELECT id FROM errors_errorentry "
        f"WHERE {PG_DOCUMENT} @@ to_tsquery('english', %s)) "
        f"SELECT id, ts_rank({PG_DOCUMENT}, query) AS score "
        f"FROM errors_errorentry, to_tsquery('english', %s) query "
        f"WHERE id IN (SELECT id FROM found {where}ORDER BY id LIMIT %s) "
        f"ORDER BY score DESC, id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (expression, expression, *params, PG_SCORED_MATCHES, limit))
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


CANDIDATE_FIELDS = ("id", "status", "code", "aliases", "message", "cause", "solution")


def load_candidates(queryset, ids: Iterable[int]) -> list[Candidate]:
    """The entries of `queryset` with these ids, as the ranking reads them."""
    rows = queryset.order_by().filter(pk__in=list(ids)).values_list(*CANDIDATE_FIELDS)
    return [
        Candidate(
            id=pk,
            status=status,
            code=code,
            aliases=tuple(split_aliases(aliases)),
            message=message,
            cause=cause,
            solution=solution,
        )
        for pk, status, code, aliases, message, cause, solution in rows
    ]


def rebuild() -> None:
    """Rebuild the full-text index from the entries table."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO errors_entry_fts(errors_entry_fts) VALUES('rebuild')"
            )
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The stored documents are written again (an UPDATE computes a
            # generated column anew: a changed text-search configuration
            # takes effect), then indexed again.
            cursor.execute("UPDATE errors_errorentry SET code = code")
            cursor.execute("REINDEX INDEX errors_entry_search")
