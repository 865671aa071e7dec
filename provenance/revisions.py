"""Text revisions: a new text becomes current, the old ones stay, and every claim is re-anchored.

The rule (RELIABILITY §3 item 2, T17, T18): a claim follows the new text when its own sentence
is still there (`reanchoring.place`: its quote verbatim, or slightly edited and then *fuzzy*,
with a score, for review). Otherwise it stays on its old revision, where its offsets are
still true, and is marked *orphaned* or *ambiguous*: never re-pointed at look-alike text.
`DocumentText` rows are never changed; the revision is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import events
from .anchoring import Span, context, find_quote, fold, occurrences, reanchor, span_holds
from .citations import anchor_locator
from .documents import current_text, get_document, held_by_hash
from .errors import (
    AlreadyExists,
    InvalidInput,
    NotFound,
    ProvenanceError,
    QuoteAmbiguous,
    QuoteNotFound,
    Refused,
    field,
)
from .models import AnchorState, Citation, Claim, Document, DocumentText
from .reanchoring import Alignment, Placement, place
from .text import canonicalize, check_field, sha256_text

__all__ = ["NothingChanged", "ReanchorOutcome", "requote_claim", "revise_document", "text_at_revision"]

PART_EDGE = 60  # a part's span is re-located by its first and last this many characters

_STATES = {
    "unchanged": AnchorState.EXACT,
    "moved": AnchorState.MOVED,
    "fuzzy": AnchorState.FUZZY,
    "orphaned": AnchorState.ORPHANED,
    "ambiguous": AnchorState.AMBIGUOUS,
}
_OUTCOMES = {
    "exact": "unchanged",
    "moved": "moved",
    "fuzzy": "fuzzy",
    "orphaned": "orphaned",
    "ambiguous": "ambiguous",
}


class NothingChanged(ProvenanceError):
    """The new text is the current text: no revision is made."""

    exit_code = 0


@dataclass(frozen=True)
class ReanchorOutcome:
    """What became of one claim: ``unchanged``, ``moved``, ``fuzzy``, ``orphaned`` or ``ambiguous``."""

    claim_id: int
    claim_key: str
    outcome: str
    old_revision: int
    old_span: tuple[int, int]
    new_revision: int  # the revision the claim points at now (the old one when not found)
    new_span: tuple[int, int] | None  # None when orphaned or ambiguous
    method: str = "unchanged"  # what decided it (reanchoring.Placement.method)
    score: float | None = None
    context_changed: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "claim": self.claim_id,
            "key": self.claim_key,
            "outcome": self.outcome,
            "old_revision": self.old_revision,
            "old_span": list(self.old_span),
            "revision": self.new_revision,
            "new_span": list(self.new_span) if self.new_span else None,
            "method": self.method,
            "score": self.score,
            "context_changed": self.context_changed,
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
    reading: str | None = None,
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
    # A claim is re-anchored from the text it points at (an orphaned one: an older revision).
    olds = {
        r.revision: r.text
        for r in session.scalars(select(DocumentText).where(DocumentText.document_id == document.id))
    }
    alignments: dict[int, Alignment] = {}

    def aligned(old_revision: int) -> Alignment:
        if old_revision not in alignments:
            alignments[old_revision] = Alignment(olds[old_revision], text)
        return alignments[old_revision]

    outcomes = [
        _reanchor_claim(
            session, claim, olds.get(claim.revision), text, revision, citations.get(claim.id, []), aligned
        )
        for claim in claims
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
        after=events.with_reading(events.state_of(document), reading),
    )
    return outcomes


def _reanchor_claim(
    session: Session,
    claim: Claim,
    old_text: str | None,
    text: str,
    revision: int,
    citations: list[Citation],
    aligned: Callable[[int], Alignment],
) -> ReanchorOutcome:
    before = events.state_of(claim)
    old_revision, old_span = claim.revision, (claim.start, claim.end)
    if old_text is not None and span_holds(old_text, claim.start, claim.end, claim.exact):
        found = place(
            old_text,
            text,
            Span(claim.start, claim.end),
            prefix=claim.prefix,
            suffix=claim.suffix,
            alignment=aligned(claim.revision),
        )
    else:  # its own text cannot vouch for it (drift): the strict test alone
        strict = reanchor(
            text, exact=claim.exact, prefix=claim.prefix, suffix=claim.suffix, start=claim.start
        )
        state = {"unchanged": "exact"}.get(strict.state, strict.state)
        found = Placement(
            state, strict.span, "context" if strict.span else "none", 1.0 if strict.span else None
        )
    outcome = _OUTCOMES[found.state]
    claim.anchor_state = _STATES[outcome]
    claim.anchor_score = found.score
    moved_citations: list[dict[str, object]] = []
    if found.span is not None:
        span = found.span
        if found.state == "fuzzy" and claim.made_revision is None:
            # Keep what the quote was made on, for review, before the claim takes the edited text.
            claim.made_revision, claim.made_start, claim.made_end = claim.revision, claim.start, claim.end
        claim.exact = text[span.start : span.end]  # the new text's own characters
        claim.prefix, claim.suffix = context(text, span)
        claim.start, claim.end, claim.revision = span.start, span.end, revision
        for citation in citations:
            moved_citations.extend(_reanchor_locator(citation, claim, text, unchanged=outcome == "unchanged"))
    new_span = (found.span.start, found.span.end) if found.span else None
    where = f"{new_span[0]}..{new_span[1]} of revision {revision}" if new_span else ""
    changed = " (context changed)" if found.context_changed else ""
    summary = {
        "unchanged": f"claim {claim.key} is unchanged at {where}",
        "moved": f"claim {claim.key} moved from {old_span[0]}..{old_span[1]} to {where}{changed}",
        "fuzzy": f"claim {claim.key} is fuzzy: its quote was edited; re-anchored from "
        f"{old_span[0]}..{old_span[1]} to {where} (similarity {found.score}); review it",
        "orphaned": f"claim {claim.key} is orphaned: its quote is gone from revision {revision}; "
        f"it stays on revision {old_revision}",
        "ambiguous": f"claim {claim.key} is ambiguous: its quote occurs more than once "
        f"in revision {revision}"
        + (f" (offsets {', '.join(map(str, found.offsets))})" if found.offsets else "")
        + f"; it stays on revision {old_revision}",
    }[outcome]
    how = {
        "method": found.method,
        "score": found.score,
        "old_revision": old_revision,
        "old_span": list(old_span),
        "revision": revision,
        "new_span": list(new_span) if new_span else None,
        "context_changed": found.context_changed,
    }
    after = (
        events.state_of(claim)
        | {"reanchor": how}
        | ({"citations": moved_citations} if moved_citations else {})
    )
    events.record(
        session, action="reanchor", noun="claim", target=claim, before=before, after=after, summary=summary
    )
    return ReanchorOutcome(
        claim_id=claim.id,
        claim_key=claim.key,
        outcome=outcome,
        old_revision=old_revision,
        old_span=old_span,
        new_revision=claim.revision,
        new_span=new_span,
        method=found.method,
        score=found.score,
        context_changed=found.context_changed,
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


def requote_claim(
    session: Session,
    ref: str,
    quote: str,
    *,
    occurrence: int | None = None,
    near: str | None = None,
) -> Claim:
    """Re-attach a claim to its document's current text by a quote the curator gives again.

    Everything else the claim has (verdict, credibility, citations, assertions, relations) stays:
    only its span moves. Among several occurrences, ``occurrence`` (1-based, in text order) or
    ``near`` (words of the passage around the wanted one) picks one. Raises InvalidInput,
    QuoteNotFound, QuoteAmbiguous (several occurrences and no way to pick).
    """
    from .claims import get_claim  # claims sit beside revisions; imported where it is needed

    claim = get_claim(session, ref)
    document = get_document(session, str(claim.document_id))
    quote = check_field(quote, field="quote")
    if not quote.strip():
        raise InvalidInput(f"the quote is empty; give the words of the current text with {field('quote')}")
    current = current_text(session, document)
    text = current.text
    if occurrence is None and near is None:
        try:
            span = find_quote(text, quote)
        except QuoteAmbiguous as e:
            raise QuoteAmbiguous(
                f"quote occurs {len(e.offsets)} times in revision {current.revision} of document "
                f"{document.key} (offsets {', '.join(map(str, e.offsets[:10]))}); pick one with "
                f"{field('occurrence')} N (1..{len(e.offsets)}) or {field('near')} WORDS",
                offsets=e.offsets,
            ) from None
    else:
        span = _pick(text, quote, occurrence=occurrence, near=near)
    before = events.state_of(claim)
    old = (claim.revision, claim.start, claim.end, claim.anchor_state.value)
    claim.exact = text[span.start : span.end]
    claim.prefix, claim.suffix = context(text, span)
    claim.start, claim.end, claim.revision = span.start, span.end, current.revision
    claim.anchor_state, claim.anchor_score = AnchorState.EXACT, None
    claim.made_revision = claim.made_start = claim.made_end = None  # the curator placed it anew
    moved: list[dict[str, object]] = []
    for citation in session.scalars(
        select(Citation)
        .where(Citation.claim_id == claim.id, Citation.locator.is_not(None))
        .order_by(Citation.id)
    ):
        moved.extend(_reanchor_locator(citation, claim, text, unchanged=False))
    events.record(
        session,
        action="requote",
        noun="claim",
        target=claim,
        before=before,
        after=events.state_of(claim) | ({"citations": moved} if moved else {}),
        summary=f"re-quoted claim {claim.key} ({old[3]}) from {old[1]}..{old[2]} of revision {old[0]} "
        f"to {span.start}..{span.end} of revision {current.revision}",
    )
    return claim


def _pick(text: str, quote: str, *, occurrence: int | None, near: str | None) -> Span:
    """One occurrence of ``quote`` by its number or by words near it."""
    found = occurrences(text, quote.strip())
    if not found:
        find_quote(text, quote)  # raises QuoteNotFound with the closest passage
    if occurrence is not None:
        if not 1 <= occurrence <= len(found):
            raise InvalidInput(
                f"{field('occurrence')} {occurrence} is out of range: the quote occurs {len(found)} time(s)"
            )
        return found[occurrence - 1]
    words = fold(near or "")
    if not words:
        raise InvalidInput(f"{field('near')} is empty; give words printed next to the wanted occurrence")
    # The passage around an occurrence: its sentence and the sentences either side of it.
    hits = [sp for sp in found if words in fold(text[max(0, sp.start - 300) : sp.end + 300])]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise QuoteNotFound(f"no occurrence of the quote has {near!r} near it")
    closest = [sp for sp in hits if words in fold(text[max(0, sp.start - 80) : sp.end + 80])]
    if len(closest) == 1:
        return closest[0]
    raise QuoteAmbiguous(
        f"{len(hits)} occurrences have {near!r} near them "
        f"(offsets {', '.join(str(sp.start) for sp in hits[:10])}); "
        f"give {field('occurrence')} N",
        offsets=[sp.start for sp in hits],
    )
