"""Citations: what a claim rests on, with the marker anchored in the citing text."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import events
from .chains import person_key
from .claims import get_claim
from .documents import current_text, get_document
from .entities import resolve_entity
from .errors import InvalidInput, field
from .models import Citation, CitationKind
from .text import check_field

KINDS = [k.value for k in CitationKind]


def parse_kind(value: str) -> CitationKind:
    try:
        return CitationKind(value.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise InvalidInput(f"citation kind {value!r} is not one of: {', '.join(KINDS)}") from None


class Quoted(Protocol):
    """What anchoring a marker needs of its claim (a Claim, or a bundle's claim record)."""

    start: int


def anchor_locator(
    text: str, locator: str, claim: Quoted, start: int | None = None
) -> tuple[int, int] | None:
    """Where the marker is printed: at `start` if given, else the occurrence nearest after
    the quote (a marker closes the passage it supports), else the nearest before it."""
    if start is not None:
        if text[start : start + len(locator)] != locator:
            raise InvalidInput(f"locator {locator!r} is not at offset {start} of the document text")
        return start, start + len(locator)
    positions = []
    at = text.find(locator)
    while at != -1:
        positions.append(at)
        at = text.find(locator, at + 1)
    if not positions:
        return None
    after = [p for p in positions if p >= claim.start]
    chosen = min(after) if after else max(positions)
    return chosen, chosen + len(locator)


def add_citation(
    session: Session,
    claim_ref: str,
    *,
    kind: str = "cites",
    document: str | None = None,
    entity: str | None = None,
    person: str | None = None,
    locator: str | None = None,
    locator_start: int | None = None,
    note: str | None = None,
) -> Citation:
    claim = get_claim(session, claim_ref)
    targets = [t for t in (document, entity, person) if t]
    if len(targets) != 1:
        raise InvalidInput(
            "a citation needs exactly one target: "
            f"{field('document')}, {field('entity')} or {field('person')}"
        )
    citation = Citation(
        claim_id=claim.id,
        kind=parse_kind(kind),
        target_document_id=get_document(session, document).id if document else None,
        target_entity_id=resolve_entity(session, entity).id if entity else None,
        target_person=check_field(person, field="person") if person else None,
        target_person_key=person_key(check_field(person, field="person")) if person else None,
        locator=check_field(locator, field="locator") if locator else None,
        note=check_field(note, field="note") if note else None,
    )
    if citation.target_document_id == claim.document_id:
        raise InvalidInput("a claim cannot cite its own document")
    if citation.locator:
        cited_in = get_document(session, str(claim.document_id))
        span = anchor_locator(current_text(session, cited_in).text, citation.locator, claim, locator_start)
        if span:
            citation.locator_start, citation.locator_end = span
    session.add(citation)
    events.record(
        session,
        action="add",
        noun="citation",
        target=citation,
        summary=f"claim {claim.key} {citation.kind.value} "
        + (document or entity or repr(person))
        + (f" at {citation.locator!r}" if citation.locator else ""),
    )
    return citation


def list_citations(
    session: Session, *, claim: str | None = None, document: str | None = None
) -> list[Citation]:
    query = select(Citation).order_by(Citation.id)
    if claim is not None:
        query = query.where(Citation.claim_id == get_claim(session, claim).id)
    if document is not None:
        query = query.where(Citation.target_document_id == get_document(session, document).id)
    return list(session.scalars(query))
