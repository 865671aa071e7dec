"""The citation finder against a store: propose citations for a held document, and accept them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..citations import add_citation
from ..documents import add_document, current_text, get_document
from ..errors import EditConflict, InvalidInput, NotFound, field
from ..models import AnchorState, Citation, Claim, Document, Outlet
from .model import ClaimSpan, KnownDocument, KnownOutlet, NewDocument, Proposal
from .scan import scan_text


def _known_documents(session: Session, citing: Document) -> list[KnownDocument]:
    """Every document the text could cite, as the scanner needs it: its columns only (no ORM
    records), in id order."""
    outlet_keys: dict[int, str] = {i: k for i, k in session.execute(select(Outlet.id, Outlet.key))}
    rows = session.execute(
        select(
            Document.id,
            Document.part_of_id,
            Document.key,
            Document.title,
            Document.outlet_id,
            Document.published,
            Document.url,
            Document.authors,
        ).order_by(Document.id)
    )
    return [
        KnownDocument(
            key,
            title,
            outlet_keys.get(outlet_id) if outlet_id is not None else None,
            published,
            url,
            tuple(authors or ()),
        )
        for doc_id, part_of_id, key, title, outlet_id, published, url, authors in rows
        # Not itself, nor its own parts: a document does not cite itself.
        if doc_id != citing.id and part_of_id != citing.id
    ]


def find_citations(session: Session, doc_ref: str, *, news: bool = True) -> list[Proposal]:
    """Proposed citations for a held document's text, each marked when already recorded.

    ``news``: with the reader's news attributions ("X said", "according to X", "told X", wire
    credits; see cites.news), and never a header line; without, the scanner's markers alone."""
    document = get_document(session, doc_ref)
    text = current_text(session, document).text
    outlets = [KnownOutlet(o.key, o.name) for o in session.scalars(select(Outlet).order_by(Outlet.key))]
    own = session.get(Outlet, document.outlet_id) if document.outlet_id is not None else None
    claims = list(
        session.scalars(
            select(Claim)
            .where(
                Claim.document_id == document.id,
                Claim.revision == document.revision,
                Claim.anchor_state.in_((AnchorState.EXACT, AnchorState.MOVED, AnchorState.FUZZY)),
            )
            .order_by(Claim.start, Claim.id)
        )
    )
    known = _known_documents(session, document)
    proposals = scan_text(
        text,
        outlets=outlets,
        documents=known,
        claims=[ClaimSpan(c.key, c.start, c.end) for c in claims],
        published=document.published,
        outlet=own.key if own else None,
    )
    if news:
        proposals = _with_news(session, document, text, proposals, outlets, claims, known)
    recorded = set(
        session.execute(
            select(Claim.key, Citation.locator_start)
            .join(Citation, Citation.claim_id == Claim.id)
            .where(Claim.document_id == document.id, Citation.locator_start.is_not(None))
        ).all()
    )
    return [
        dataclasses.replace(p, recorded=tuple(c for c in p.claims if (c, p.start) in recorded))
        for p in proposals
    ]


def _with_news(
    session: Session,
    document: Document,
    text: str,
    proposals: list[Proposal],
    outlets: list[KnownOutlet],
    claims: list[Claim],
    known: list[KnownDocument],
) -> list[Proposal]:
    from ..entities import find_entity
    from .news import merge_attributions

    def entity_named(name: str) -> str | None:
        try:
            found = find_entity(session, name)
        except InvalidInput:  # a name two entities share: not a match
            return None
        return found.name if found is not None else None

    return merge_attributions(
        text,
        proposals,
        outlets=outlets,
        documents=known,
        claims=[ClaimSpan(c.key, c.start, c.end) for c in claims],
        published=document.published,
        entity_named=entity_named,
    )


def parse_choice(choice: str, proposals: Sequence[Proposal]) -> list[int]:
    """ "all" (every proposal that supports a claim and is not recorded yet) or "N,M,…" (numbers
    as printed by `cites find`) → proposal numbers."""
    text, count = choice.strip().lower(), len(proposals)
    if text == "all":
        return [p.number for p in proposals if p.status not in ("no claim", "recorded")]
    numbers = []
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit() or not 1 <= int(part) <= count:
            raise InvalidInput(
                f"{field('accept')} {choice!r}: give all, or proposal numbers between 1 and {count}"
            )
        numbers.append(int(part))
    return sorted(set(numbers))


def retarget(session: Session, proposal: Proposal, target: str) -> Proposal:
    """The proposal with another target: a document (number or key) or `person:NAME`."""
    target = target.strip()
    if target.lower().startswith("person:"):
        person = target.split(":", 1)[1].strip()
        if not person:
            raise InvalidInput("person: needs a name, e.g. person:regional intelligence officials")
        return dataclasses.replace(proposal, document=None, new_document=None, person=person)
    document = get_document(session, target)
    return dataclasses.replace(proposal, document=document.key, new_document=None, person=None)


@dataclass
class Accepted:
    proposal: int
    citations: list[int]  # new citation ids
    skipped: list[str]  # claims that already cite this marker
    created: str | None = None  # the key of an unheld document created for it

    def as_dict(self) -> dict[str, object]:
        return {
            "proposal": self.proposal,
            "citations": self.citations,
            "already_recorded": self.skipped,
            "created_document": self.created,
        }


def accept_chosen(
    session: Session,
    doc_ref: str,
    seen: Sequence[Proposal],
    numbers: Iterable[int],
    *,
    create_missing: bool = False,
    targets: Mapping[int, str] | None = None,
    news: bool = True,
) -> list[Accepted]:
    """Accept proposals chosen from an earlier listing (`seen`), in this write transaction; refused
    when the document's proposals changed in between (its text revised, a claim added)."""
    current = find_citations(session, doc_ref, news=news)
    if [(p.start, p.marker, p.claims) for p in current] != [(p.start, p.marker, p.claims) for p in seen]:
        raise EditConflict(
            "the document or its claims changed while you chose; run `provenance cites find` again"
        )
    return accept(session, current, numbers, create_missing=create_missing, targets=targets)


def accept(
    session: Session,
    proposals: Sequence[Proposal],
    numbers: Iterable[int],
    *,
    create_missing: bool = False,
    targets: Mapping[int, str] | None = None,
) -> list[Accepted]:
    """Turn the chosen proposals into citations (in the caller's transaction), each one logged.

    `targets` replaces a proposal's target (see `retarget`). A proposal whose target is a new
    unheld document needs `create_missing`; one that supports no claim, or has no target, is refused.
    """
    by_number = {p.number: p for p in proposals}
    created: dict[NewDocument, str] = {}
    done = []
    for number in numbers:
        if number not in by_number:
            raise NotFound(f"no proposal {number}; `provenance cites find` numbers them 1..{len(proposals)}")
        proposal = by_number[number]
        if targets and number in targets:
            proposal = retarget(session, proposal, targets[number])
        if not proposal.claims:
            raise InvalidInput(
                f"proposal {number} ({proposal.marker!r}) supports no claim; add the claim first"
            )
        document, made = _target_document(session, proposal, number, create_missing, created)
        if proposal.person is None and document is None:
            raise InvalidInput(
                f"proposal {number} ({proposal.marker!r}) has no target; "
                f"give one with {field('review')} (edit)"
            )
        ids = []
        for claim in proposal.claims:
            if claim in proposal.recorded:
                continue
            citation = add_citation(
                session,
                claim,
                kind=proposal.kind,
                document=document,
                person=proposal.person if document is None else None,
                locator=proposal.marker,
                locator_start=proposal.start,
            )
            session.flush()
            ids.append(citation.id)
        done.append(Accepted(number, ids, list(proposal.recorded), made))
    return done


def _target_document(
    session: Session, proposal: Proposal, number: int, create_missing: bool, created: dict[NewDocument, str]
) -> tuple[str | None, str | None]:
    """The target document's key, and the key of one made for it now (if it was)."""
    if proposal.document or proposal.new_document is None or proposal.person:
        return proposal.document, None
    new = proposal.new_document
    if new in created:
        return created[new], None
    if not create_missing:
        raise InvalidInput(
            f"proposal {number} ({proposal.marker!r}) cites {new.title!r}, which the store does not hold; "
            f"pass {field('create_missing')} to add it as an unheld document, "
            f"or edit its target with {field('review')}"
        )
    document = add_document(session, title=new.title, outlet=new.outlet, published=new.published, url=new.url)
    created[new] = document.key
    return document.key, document.key
