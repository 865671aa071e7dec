"""One query over the store's index: folded words in, ranked hits out, on either engine.

The engine finds the candidates (FTS5 MATCH on SQLite, a GIN-indexed tsquery on PostgreSQL):
it ranks the newest WINDOW matching entries by its own ranking and keeps the best CANDIDATES
(and as many of those matching the words as typed, so name variants never crowd them out); each
candidate is then scored here, by BM25 over its fields, from the same stored words on both
engines, so both give the same answers in the same order until a query matches more than
CANDIDATES entries: then each engine's own ranking picks which are scored. Ties are broken by
kind, then record, then offset. The cost of a query is bounded by WINDOW and CANDIDATES, not
by the size of the store (benchmarks/search.py measures it at 1k, 10k and 100k documents).

Every typed word must match (in any field): as typed, as the start of a word (two letters or
more), or, for a name, as one of its variants (names.py). Typed text never reaches the engine
as syntax: only folded words (letters and digits) do, each quoted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, or_, select, text
from sqlalchemy.orm import Session

from ..folding import fold_words
from ..models import SearchName
from .names import MIN_TYPO, edits1, is_variant, one_edit, skeleton

CANDIDATES = 500  # scored here, from the engine's best (and as many matching the words as typed)
WINDOW = 2000  # ranked by the engine, newest first
NAMED_ENTITIES = 50  # entities a typed name finds by the name index, beside the window
DF_CAP = 10_000  # document frequencies are counted up to this: enough to tell rare from common
MAX_TERMS = 16
# A name's variants a typed word may match, the nearest first: a hundred look-alike names are
# noise, and each costs the engine a doclist (0.5 s at 100k before the cap, on generated names).
MAX_VARIANTS = 16
FIELD_WEIGHTS = (3.0, 2.0, 1.5, 1.0)  # t1..t4
FIELD_LENGTHS = (8.0, 40.0, 8.0, 20.0)  # BM25's "average length", fixed so scores need no statistics
K1, B = 1.2, 0.75
PREFIX_WEIGHT = 0.7  # "bagh" in "baghdadi"
VARIANT_WEIGHT = 0.5  # "bagdadi" for "baghdadi"
EXACT_NAME_BONUS = 5.0  # the entity whose name or alias is exactly what was typed comes first
KINDS = ("entity", "claim", "document", "passage", "citation", "outlet")  # the tie order too


@dataclass(frozen=True)
class Variant:
    word: str
    prefix: bool
    weight: float


@dataclass(frozen=True)
class Term:
    typed: str
    variants: tuple[Variant, ...]

    def weight(self, word: str) -> float:
        """How well `word` (a folded word of an entry) matches this term: 0 when it does not."""
        best = 0.0
        for v in self.variants:
            if word == v.word:
                best = max(best, v.weight)
            elif v.prefix and word.startswith(v.word):
                best = max(best, PREFIX_WEIGHT * v.weight)
        return best


@dataclass(frozen=True)
class Candidate:
    id: int
    kind: str
    record_id: int
    document_id: int | None
    claim_id: int | None
    start: int | None
    end: int | None
    fields: tuple[str, str, str, str]
    score: float


def terms_of(session: Session, query: str) -> list[Term]:
    """The typed words, folded, each with the words it may match."""
    typed = list(dict.fromkeys(fold_words(query)))[:MAX_TERMS]
    return [Term(t, (Variant(t, len(t) >= 2, 1.0), *_name_variants(session, t))) for t in typed]


def _name_variants(session: Session, typed: str) -> list[Variant]:
    if len(typed) < MIN_TYPO:
        return []
    shape = skeleton(typed)
    near = sorted(edits1(typed))
    clauses: list[ColumnElement[bool]] = [SearchName.token.in_(near)] if near else []
    if shape:
        clauses.append(SearchName.skeleton == shape)
    if not clauses:
        return []
    found = session.connection().execute(select(SearchName.token).where(or_(*clauses)).distinct()).scalars()
    near_first = sorted((w for w in set(found) if is_variant(typed, w)), key=lambda w: closeness(typed, w))
    return [Variant(w, False, VARIANT_WEIGHT) for w in sorted(near_first[:MAX_VARIANTS])]


def closeness(typed: str, word: str) -> tuple[int, int, str]:
    """Which variants are kept when there are more than MAX_VARIANTS: a typo (one edit) before a
    word of the same consonants, then the nearest in length (the report's search sorts alike)."""
    return (0 if one_edit(typed, word) else 1, abs(len(word) - len(typed)), word)


# ----------------------------------------------------------------------------------- the engines


def _quote_fts(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expression(dialect: str, terms: list[Term], any_of: list[Term] | None = None) -> str:
    """The engine's query: every term, each any of its variants (and, given `any_of`, one of
    those). Words are letters and digits only (folding.words), and quoted all the same."""
    groups = []
    if any_of:
        terms = [*terms, Term("", tuple(v for t in any_of for v in t.variants))]
    for term in terms:
        if dialect == "sqlite":
            options = [_quote_fts(v.word) + ("*" if v.prefix else "") for v in term.variants]
            groups.append("(" + " OR ".join(options) + ")")
        else:
            options = [
                "'" + v.word.replace("'", "''") + "'" + (":*" if v.prefix else "") for v in term.variants
            ]
            groups.append("(" + " | ".join(options) + ")")
    return (" AND " if dialect == "sqlite" else " & ").join(groups)


_COLUMNS = 'e.id, e.kind, e.record_id, e.document_id, e.claim_id, e.start, e."end", e.t1, e.t2, e.t3, e.t4'


def _from_where(dialect: str) -> tuple[str, str, str, str]:
    """FROM, the match, the engine's rank (best first when sorted ascending) and the column the
    index walks in order, for this engine."""
    if dialect == "sqlite":
        return (
            "search_fts JOIN search_entry e ON e.id = search_fts.rowid",
            "search_fts MATCH :match",
            "bm25(search_fts, 3.0, 2.0, 1.5, 1.0)",
            "search_fts.rowid",
        )
    vector = "e.fts_words"  # stored by a generated column, indexed by GIN (migration 0011)
    return (
        "search_entry e",
        f"{vector} @@ CAST(:match AS tsquery)",
        f"-ts_rank({vector}, CAST(:match AS tsquery))",
        "e.id",
    )


@dataclass(frozen=True)
class Filters:
    """Resolved filters: ids and ISO dates, never typed text."""

    kinds: tuple[str, ...] = ()
    document_id: int | None = None
    outlet_id: int | None = None
    entity_id: int | None = None
    verdict: str | None = None
    since: str | None = None  # ISO day: documents published (by the end of their precision) on or after
    until: str | None = None  # ISO day: documents published (from the start of their precision) by


# The first and last day a partial ISO date ("2017", "2017-05", "2017-05-08") admits, as text.
_CASE = (
    "CASE length(published) WHEN 4 THEN published || '{year}'"
    " WHEN 7 THEN published || '{month}' ELSE published END"
)
_HIGH = _CASE.format(year="-12-31", month="-31")
_LOW = _CASE.format(year="-01-01", month="-01")


def _filter_sql(filters: Filters) -> tuple[list[str], dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if filters.kinds:
        clauses.append("e.kind IN :kinds")
        params["kinds"] = list(filters.kinds)
    if filters.document_id is not None:
        clauses.append("e.document_id = :doc")
        params["doc"] = filters.document_id
    if filters.outlet_id is not None:
        clauses.append(
            "(e.document_id IN (SELECT id FROM document WHERE outlet_id = :outlet)"
            " OR (e.kind = 'outlet' AND e.record_id = :outlet))"
        )
        params["outlet"] = filters.outlet_id
    if filters.entity_id is not None:
        clauses.append(
            "(e.claim_id IN (SELECT claim_id FROM claim_entity WHERE entity_id = :entity)"
            " OR (e.kind = 'entity' AND e.record_id = :entity)"
            " OR (e.kind IN ('document', 'passage') AND e.document_id IN (SELECT c.document_id FROM claim c"
            " JOIN claim_entity ce ON ce.claim_id = c.id WHERE ce.entity_id = :entity)))"
        )
        params["entity"] = filters.entity_id
    if filters.verdict is not None:
        clauses.append("e.kind = 'claim' AND e.claim_id IN (SELECT id FROM claim WHERE verdict = :verdict)")
        params["verdict"] = filters.verdict
    if filters.since is not None:
        clauses.append(
            f"e.document_id IN (SELECT id FROM document WHERE published IS NOT NULL AND {_HIGH} >= :since)"  # noqa: S608
        )
        params["since"] = filters.since
    if filters.until is not None:
        clauses.append(
            f"e.document_id IN (SELECT id FROM document WHERE published IS NOT NULL AND {_LOW} <= :until)"  # noqa: S608
        )
        params["until"] = filters.until
    return clauses, params


def candidates(
    session: Session,
    terms: list[Term],
    filters: Filters,
    *,
    any_of: list[Term] | None = None,
    exclude_document: int | None = None,
) -> list[Candidate]:
    """The entries every term (and one of `any_of`) matches, scored and ranked (best first)."""
    conn = session.connection()
    dialect = conn.dialect.name
    source, match, rank, walk = _from_where(dialect)
    clauses, params = _filter_sql(filters)
    if exclude_document is not None:
        clauses.append("(e.document_id IS NULL OR e.document_id <> :exclude)")
        params["exclude"] = exclude_document
    where = " AND ".join([match, *clauses])
    # The engine ranks at most WINDOW matches, the newest entries first (the index walks them in
    # that order and stops): a common word's hundred thousand matches are not all ranked to
    # keep a thousand. Below WINDOW matches every one is ranked.
    window = (
        f"SELECT {_COLUMNS}, {rank} AS rank FROM {source} WHERE {where} ORDER BY {walk} DESC LIMIT :window"  # noqa: S608 (no data)
    )
    sql = text(f"SELECT * FROM ({window}) AS w ORDER BY w.rank, w.id LIMIT :cap")  # noqa: S608
    if "kinds" in params:
        sql = sql.bindparams(bindparam("kinds", expanding=True))
    params.update(window=WINDOW, cap=CANDIDATES)
    every = [*terms, *(any_of or [])]
    frequencies = [_df(session, term) for term in every]
    # PostgreSQL's planner misjudges a query of many variants (a name's): it walks the ids newest
    # first and tests every row (1 s for one name at 10k). A term rarer than DF_CAP bounds the
    # matches: those are fetched through the GIN index. Only all-common queries walk the ids, and
    # stop early.
    rare = min(frequencies) < DF_CAP
    with _planner(conn, index_only=rare):
        rows = {
            row.id: row
            for row in conn.execute(sql, {**params, "match": match_expression(dialect, terms, any_of)})
        }
        if len(rows) == CANDIDATES and any(v.weight < 1 for t in every for v in t.variants):
            # The engine ranks a rare variant above the word as typed (it knows no variant weight):
            # the entries matching the words as typed get their own pool, so variants never crowd
            # the exact matches out of it. (Fewer than CANDIDATES: every match is in already.)
            typed = match_expression(dialect, _as_typed(terms), _as_typed(any_of) if any_of else None)
            rows.update((row.id, row) for row in conn.execute(sql, {**params, "match": typed}))
    if len(rows) >= CANDIDATES and any_of is None and (not filters.kinds or "entity" in filters.kinds):
        # A popular name's entity may be older than the window's newest matches: the entities
        # the typed words name are looked up by the name index and always compete.
        rows.update((row.id, row) for row in _named_entities(conn, every, clauses, params))
    terms = every
    idf = [math.log(1 + DF_CAP / max(1, df)) for df in frequencies]
    exact = " ".join(t.typed for t in terms)
    score_of = scorer(terms, idf)
    found = []
    for row in rows.values():
        fields = (row.t1, row.t2, row.t3, row.t4)
        score = score_of(fields)
        if row.kind == "entity" and (row.t1 == exact or _holds_alias(row.t2, exact)):
            score += EXACT_NAME_BONUS
        found.append(
            Candidate(
                row.id,
                row.kind,
                row.record_id,
                row.document_id,
                row.claim_id,
                row.start,
                row.end,
                fields,
                round(score, 6),
            )
        )
    found.sort(key=lambda c: (-c.score, KINDS.index(c.kind), c.record_id, c.start or 0))
    return found


def _named_entities(
    conn: Connection, terms: list[Term], clauses: list[str], params: dict[str, Any]
) -> list[Any]:
    """The entity entries whose name or alias words include a typed word (or a variant of it),
    that every term matches, within the filters: by the name index, not the full-text walk."""
    words = sorted({v.word for t in terms for v in t.variants})
    ids = conn.execute(
        select(SearchName.entity_id).where(SearchName.token.in_(words)).distinct().limit(NAMED_ENTITIES)
    ).scalars()
    found = list(ids)
    if not found:
        return []
    where = " AND ".join(["e.kind = 'entity'", "e.record_id IN :entities", *clauses])
    sql = text(f"SELECT {_COLUMNS}, 0 AS rank FROM search_entry e WHERE {where}").bindparams(  # noqa: S608
        bindparam("entities", expanding=True)
    )
    if "kinds" in params:
        sql = sql.bindparams(bindparam("kinds", expanding=True))
    rows = conn.execute(sql, {**params, "entities": found}).all()

    def matches(row: Any) -> bool:
        held = [w for f in (row.t1, row.t2, row.t3, row.t4) for w in f.split()]
        return all(any(t.weight(w) > 0 for w in held) for t in terms)

    return [row for row in rows if matches(row)]


def _as_typed(terms: list[Term]) -> list[Term]:
    return [Term(t.typed, t.variants[:1]) for t in terms]


def _holds_alias(aliases: str, exact: str) -> bool:
    # t2 of an entity is its aliases' distinct words: an exact alias shows as that run of words.
    return f" {exact} " in f" {aliases} "


def _df(session: Session, term: Term) -> int:
    """How many entries `term` matches, counted up to DF_CAP (the same count on both engines)."""
    conn = session.connection()
    dialect = conn.dialect.name
    source, match, _, _ = _from_where(dialect)
    sql = text(f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {match} LIMIT :cap) AS capped")  # noqa: S608
    with _planner(conn, index_only=True):
        return int(
            conn.execute(sql, {"match": match_expression(dialect, [term]), "cap": DF_CAP}).scalar_one()
        )


@contextmanager
def _planner(conn: Connection, *, index_only: bool) -> Iterator[None]:
    """On PostgreSQL, for the statements inside: only the GIN index may find the matches (no
    scan that recomputes every row's words). The settings are put back, so the rest of the
    transaction plans as before. SQLite's FTS5 has one way in: nothing to do."""
    if not index_only or conn.dialect.name != "postgresql":
        yield
        return
    saved = conn.execute(
        text("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
    ).one()
    conn.execute(
        text("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)")
    )
    try:
        yield
    finally:
        conn.execute(
            text(
                "SELECT set_config('enable_seqscan', :seq, true), set_config('enable_indexscan', :ix, true)"
            ),
            {"seq": saved[0], "ix": saved[1]},
        )


def document_frequency(session: Session, word: str) -> int:
    """How many entries hold the folded `word` itself (up to DF_CAP)."""
    return _df(session, Term(word, (Variant(word, False, 1.0),)))


class _Weights(dict[str, float]):
    """A term's weight for each word met so far: candidates share most of their words, so each
    distinct word is weighed once per query (the scoring's cost, measured: 0.7 of 0.8 s)."""

    def __init__(self, term: Term) -> None:
        super().__init__()
        self.term = term

    def __missing__(self, word: str) -> float:
        value = self[word] = self.term.weight(word)
        return value


def scorer(terms: list[Term], idf: list[float]) -> Callable[[tuple[str, str, str, str]], float]:
    """BM25 over an entry's four fields, for these terms."""
    weights = [_Weights(term) for term in terms]

    def score(fields: tuple[str, str, str, str]) -> float:
        return _score(weights, idf, fields)

    return score


def _score(weights: list[_Weights], idf: list[float], fields: tuple[str, str, str, str]) -> float:
    total = 0.0
    split = [f.split() for f in fields]
    for weight_of, weight in zip(weights, idf, strict=True):
        for words, field_weight, average in zip(split, FIELD_WEIGHTS, FIELD_LENGTHS, strict=True):
            # summed in the words' order, as before: the same float, so the same ties
            tf = sum([weight_of[w] for w in words])
            if tf:
                norm = K1 * (1 - B + B * len(words) / average)
                total += weight * field_weight * tf * (K1 + 1) / (tf + norm)
    return total
