"""Text revisions: a new text becomes current, the old ones stay, and every claim is re-anchored.

The rule (RELIABILITY §3 item 2, T17, T18): a claim follows the new text only when its
quote is found again exactly and unambiguously, with its context on both sides
(`anchoring.reanchor`). Otherwise it stays on its old revision, where its offsets are
still true, and is marked *orphaned* or *ambiguous*: never re-pointed at look-alike text.
`DocumentText` rows are never changed; the revision is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import events
from .anchoring import Reanchored, Span, context, reanchor, span_holds
from .citations import anchor_locator
from .documents import current_text, get_document, held_by_hash
from .errors import AlreadyExists, InvalidInput, NotFound, ProvenanceError, Refused
from .models import AnchorState, Citation, Claim, Document, DocumentText
from .text import canonicalize, sha256_text

__all__ = ["NothingChanged", "ReanchorOutcome", "revise_document", "text_at_revision"]

PART_EDGE = 60  # a part's span is re-located by its first and last this many characters

_STATES = {
    "unchanged": AnchorState.EXACT,
    "moved": AnchorState.MOVED,
    "orphaned": AnchorState.ORPHANED,
    "ambiguous": AnchorState.AMBIGUOUS,
}


class NothingChanged(ProvenanceError):
    """The new text is the current text: no revision is made."""

    exit_code = 0


@dataclass(frozen=True)
class ReanchorOutcome:
    """What became of one claim: ``unchanged``, ``moved``, ``orphaned`` or ``ambiguous``."""

    claim_id: int
    claim_key: str
    outcome: str
    old_revision: int
    old_span: tuple[int, int]
    new_revision: int  # the revision the claim points at now (the old one when not found)
    new_span: tuple[int, int] | None  # None when orphaned or ambiguous

    def as_dict(self) -> dict[str, object]:
        return {
            "claim": self.claim_id,
            "key": self.claim_key,
            "outcome": self.outcome,
            "old_revision": self.old_revision,
            "old_span": list(self.old_span),
            "revision": self.new_revision,
            "new_span": list(self.new_span) if self.new_span else None,
        }


def text_at_revision(session: Session, document: Document, revision: int | None = None) -> DocumentText:
    """One revision of a held document's text (default: the current one)."""
    if revision is None:
        return current_text(session, document)
    found = session.scalars(
        select(DocumentText).where(DocumentText.document_id == document.id, DocumentText.revision == revision)
    ).one_or_none()
    if found is None:
        raise NotFound(
            f"document {document.key} has no text revision {revision} (it has 1..{document.revision})"
        )
    return found


def revise_document(
    session: Session,
    ref: str,
    text: str,
    *,
    source: str | None = None,
    retrieved_at: datetime | None = None,
) -> list[ReanchorOutcome]:
    """Make ``text`` the document's current text (revision N+1) and re-anchor its claims.

    Raises NothingChanged (identical text), AlreadyExists (another document holds this
    text), InvalidInput (unheld document, empty text) or Refused (a part of the document
    cannot be located in the new text).
    """
    document = get_document(session, ref)
    if not document.held:
        raise InvalidInput(f"document {document.key} is unheld: it has no text to revise")
    text = canonicalize(text, source=source or "new text")
    if not text.strip():
        raise InvalidInput(f"{source or 'new text'}: the text is empty")
    old = current_text(session, document)
    sha256 = sha256_text(text)
    if sha256 == old.sha256:
        raise NothingChanged(
            f"nothing changed: the new text is identical to revision {old.revision} "
            f"of document {document.key}"
        )
    holder = held_by_hash(session, sha256)
    if holder is not None:
        raise AlreadyExists(f"this text is already held as document {holder.id} ({holder.key})")

    revision = document.revision + 1
    before = events.state_of(document)
    parts = _relocate_parts(session, document, old.text, text)
    session.add(
        DocumentText(
            document_id=document.id,
            revision=revision,
            text=text,
            sha256=sha256,
            source=source,
            retrieved_at=retrieved_at,
        )
    )
    document.revision, document.sha256 = revision, sha256
    session.flush()

    claims = list(session.scalars(select(Claim).where(Claim.document_id == document.id).order_by(Claim.id)))
    citations: dict[int, list[Citation]] = {}
    for citation in session.scalars(
        select(Citation)
        .join(Claim, Claim.id == Citation.claim_id)
        .where(Claim.document_id == document.id, Citation.locator.is_not(None))
        .order_by(Citation.id)
    ):
        citations.setdefault(citation.claim_id, []).append(citation)
    outcomes = [
        _reanchor_claim(session, claim, text, revision, citations.get(claim.id, [])) for claim in claims
    ]

    counts = {state: sum(o.outcome == state for o in outcomes) for state in _STATES}
    tally = ", ".join(f"{n} {state}" for state, n in counts.items() if n) or "no claims"
    events.record(
        session,
        action="revise",
        noun="doc",
        target=document,
        before=before,
        summary=f"revised document {document.key} to revision {revision}"
        + (f" from {source}" if source else "")
        + f": {tally}"
        + (f"; {len(parts)} part span(s) re-located" if parts else ""),
    )
    return outcomes


def _reanchor_claim(
    session: Session, claim: Claim, text: str, revision: int, citations: list[Citation]
) -> ReanchorOutcome:
    before = events.state_of(claim)
    old_revision, old_span = claim.revision, (claim.start, claim.end)
    found: Reanchored = reanchor(
        text, exact=claim.exact, prefix=claim.prefix, suffix=claim.suffix, start=claim.start
    )
    claim.anchor_state = _STATES[found.state]
    moved_citations: list[dict[str, object]] = []
    if found.span is not None:
        span = found.span
        claim.exact = text[span.start : span.end]  # the new text's own characters
        claim.prefix, claim.suffix = context(text, span)
        claim.start, claim.end, claim.revision = span.start, span.end, revision
        for citation in citations:
            moved_citations.extend(
                _reanchor_locator(citation, claim, text, unchanged=found.state == "unchanged")
            )
    new_span = (found.span.start, found.span.end) if found.span else None
    where = f"{new_span[0]}..{new_span[1]} of revision {revision}" if new_span else ""
    summary = {
        "unchanged": f"claim {claim.key} is unchanged at {where}",
        "moved": f"claim {claim.key} moved from {old_span[0]}..{old_span[1]} to {where}",
        "orphaned": f"claim {claim.key} is orphaned: its quote is gone from revision {revision}; "
        f"it stays on revision {old_revision}",
        "ambiguous": f"claim {claim.key} is ambiguous: its quote occurs more than once "
        f"in revision {revision}; "
        f"it stays on revision {old_revision}",
    }[found.state]
    after = events.state_of(claim) | ({"citations": moved_citations} if moved_citations else {})
    events.record(
        session, action="reanchor", noun="claim", target=claim, before=before, after=after, summary=summary
    )
    return ReanchorOutcome(
        claim_id=claim.id,
        claim_key=claim.key,
        outcome=found.state,
        old_revision=old_revision,
        old_span=old_span,
        new_revision=claim.revision,
        new_span=new_span,
    )


def _reanchor_locator(
    citation: Citation, claim: Claim, text: str, *, unchanged: bool
) -> list[dict[str, object]]:
    """Re-anchor a citation's printed marker beside its re-anchored claim; clear it if it is gone."""
    if citation.locator is None:
        return []
    old = (citation.locator_start, citation.locator_end)
    if unchanged and span_holds(text, citation.locator_start, citation.locator_end, citation.locator):
        return []
    span = anchor_locator(text, citation.locator, claim)
    citation.locator_start, citation.locator_end = span if span else (None, None)
    if (citation.locator_start, citation.locator_end) == old:
        return []
    return [
        {
            "citation": citation.id,
            "locator_start": citation.locator_start,
            "locator_end": citation.locator_end,
        }
    ]


def _relocate_parts(session: Session, document: Document, old: str, new: str) -> list[Document]:
    """Re-locate every part's span by its first and last characters; refuse if one cannot be found."""
    parts = list(
        session.scalars(select(Document).where(Document.part_of_id == document.id).order_by(Document.id))
    )
    changed = []
    for part in parts:
        start, end = part.part_start or 0, part.part_end or 0
        head = _find_edge(old, new, Span(start, min(end, start + PART_EDGE)))
        tail = _find_edge(old, new, Span(max(start, end - PART_EDGE), end))
        if head is None or tail is None or head.start > tail.end:
            raise Refused(
                f"document {document.key} contains part {part.id} ({part.key}) at {start}..{end}, and the "
                "new text does not contain that span's beginning and end unambiguously; "
                "revise it so the part's text is kept, or detach the part first"
            )
        if (head.start, tail.end) != (start, end):
            snapshot = events.state_of(part)
            part.part_start, part.part_end = head.start, tail.end
            changed.append(part)
            events.record(
                session,
                action="update",
                noun="doc",
                target=part,
                before=snapshot,
                summary=f"part {part.key} re-located from {start}..{end} to {head.start}..{tail.end} "
                f"of document {document.key}",
            )
    return changed


def _find_edge(old: str, new: str, span: Span) -> Span | None:
    exact = old[span.start : span.end]
    if not exact.strip():
        return None
    prefix, suffix = context(old, span)
    try:
        found = reanchor(new, exact=exact, prefix=prefix, suffix=suffix, start=span.start)
    except InvalidInput:  # nothing but invisible characters to look for
        return None
    return found.span
