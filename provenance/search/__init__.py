"""Search over the store's own full-text index: claims (and every note on them), documents, the
passages of their texts, entities (names and every alias), outlets and citations' locators.

    from provenance.search import search
    hits = search(session, "binali death", kinds=("claim",), since="2017")

Words are folded as everywhere else (provenance.folding), an alias finds its entity's claims
(a claim's entry holds its entities' names and aliases), a typed name finds its variants
(names.py), and hits are ranked by BM25 over their fields (query.py). The index is kept current
inside every write transaction (index.py) and rebuilt by `provenance db reindex`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ..errors import InvalidInput
from .query import KINDS, Candidate, Filters, Term, candidates, terms_of

__all__ = ["KINDS", "Hit", "search"]

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Hit:
    """One search result. `text` is what matched, shown (a claim's quote, a passage, an entity's
    aliases…) and `marks` the spans of it that match, in code points; for a passage, `start` and
    `end` are the span of `text` in its document's current text."""

    kind: str  # claim, document, passage, entity, outlet or citation
    id: int  # the record's id; a passage's is its document's
    key: str | None
    title: str  # a claim's statement, a document's title, a name, a locator
    text: str
    marks: tuple[tuple[int, int], ...]
    title_marks: tuple[tuple[int, int], ...]
    score: float
    document_id: int | None = None
    claim_id: int | None = None  # a citation's claim
    start: int | None = None
    end: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "text": self.text,
            "marks": [list(m) for m in self.marks],
            "title_marks": [list(m) for m in self.title_marks],
            "score": self.score,
            "document": self.document_id,
            "claim": self.claim_id,
            "start": self.start,
            "end": self.end,
        }


def parse_kinds(kinds: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    out = []
    for kind in kinds:
        value = kind.strip().lower().rstrip("s") if kind.strip().lower() != "passages" else "passage"
        if value not in KINDS:
            raise InvalidInput(f"search kind {kind!r} is not one of: {', '.join(KINDS)}")
        out.append(value)
    return tuple(dict.fromkeys(out))


def resolve_filters(
    session: Session,
    *,
    kinds: tuple[str, ...] | list[str] = (),
    doc: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    verdict: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Filters:
    """The filters as ids and days; a reference that names nothing is an error that says so."""
    from ..claims import parse_verdict
    from ..documents import get_document
    from ..entities import resolve_entity
    from ..outlets import find_outlet
    from ..values import parse_date

    def day(value: str | None, field: str, *, low: bool) -> str | None:
        if value is None:
            return None
        try:
            parsed = parse_date(value)
        except InvalidInput as exc:
            raise InvalidInput(str(exc), where=field) from None
        return (parsed.low if low else parsed.high).isoformat()

    return Filters(
        kinds=parse_kinds(kinds),
        document_id=get_document(session, doc).id if doc else None,
        outlet_id=find_outlet(session, outlet).id if outlet else None,
        entity_id=resolve_entity(session, entity).id if entity else None,
        verdict=parse_verdict(verdict).value if verdict else None,
        since=day(since, "--since", low=True),
        until=day(until, "--until", low=False),
    )


def search(
    session: Session,
    query: str,
    *,
    kinds: tuple[str, ...] | list[str] = (),
    doc: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    verdict: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Hit]:
    """The best `limit` hits for `query`, best first. Filters take what the CLI takes: a
    document's number or key, an outlet's, an entity's key, name or alias, a verdict, and dates
    in any form provenance.values.parse_date reads ("2017", "May 2017", "2017-05-08")."""
    if limit < 1:
        raise InvalidInput(f"limit {limit} is not a positive number")
    filters = resolve_filters(
        session, kinds=kinds, doc=doc, outlet=outlet, entity=entity, verdict=verdict, since=since, until=until
    )
    terms = terms_of(session, query)
    if not terms:
        raise InvalidInput(f"nothing to search for in {query!r}: give a word, a name or a number")
    found = candidates(session, terms, filters)[:limit]
    return hits(session, terms, found)


def hits(session: Session, terms: list[Term], found: list[Candidate]) -> list[Hit]:
    """The candidates as hits, with their text to show and the spans that match."""
    from .display import shown

    texts = shown(session, found)
    out = []
    for candidate in found:
        key, title, body, start = texts[(candidate.kind, candidate.id)]
        out.append(_hit(terms, candidate, key, title, body, start))
    return out


def _hit(terms: list[Term], c: Candidate, key: str | None, title: str, body: str, start: int | None) -> Hit:
    from .passages import marks, snippet

    def matches(word: str) -> bool:
        return any(t.weight(word) > 0 for t in terms)

    title_marks = tuple(marks(title, matches))
    if c.kind == "passage":
        cut = snippet(body, marks(body, matches))
        offset = (start or 0) + cut.start
        return Hit(
            c.kind,
            c.record_id,
            key,
            title,
            cut.text,
            tuple(cut.marks),
            title_marks,
            c.score,
            c.document_id,
            None,
            offset,
            offset + len(cut.text),
        )
    return Hit(
        c.kind,
        c.record_id,
        key,
        title,
        body,
        tuple(marks(body, matches)),
        title_marks,
        c.score,
        c.document_id,
        c.claim_id if c.kind == "citation" else None,
        None,
        None,
    )
