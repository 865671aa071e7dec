"""Text reuse across documents: the passages a document shares with others, and what they mean.

A syndicated paragraph of wire copy, a long verbatim quotation, an article that copies another's
passage without citing it. Candidates come from the store's print index (`reuse_print`, kept
current with every write by the work index's refresh): only the documents sharing a winnowed print
with this one are read, and each is aligned word by word (`reading.reuse.shared_passages`).

What a shared passage means is *proposed*, never assumed: for each claim of the copy (the later
of the two by publication date; by entry when a date is missing or equal) whose quote lies in a
shared passage, a `repeats` relation to the original's claim on the same words (when there is
one) and a citation of the original document (unless the claim already cites it). A curator
accepts a proposal (the relation is written confirmed, the citation added: chains then continue
through the original's claim to its sources) or dismisses it (a dismissed `repeats` is kept, so it
is not proposed again). Proposals are derived from the texts and claims, not stored: the same
store lists the same proposals under the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from . import events
from .citations import add_citation
from .documents import current_text, get_document
from .errors import InvalidInput
from .models import (
    Citation,
    Claim,
    Document,
    DocumentText,
    Relation,
    RelationKind,
    RelationStatus,
    ReusePrint,
    utcnow,
)
from .reading.reuse import MIN_PASSAGE, PRINT_WORDS, Passage, prints, shared_passages, tokens, words
from .relations import add_relation
from .text import check_field

_CANDIDATES = 50  # documents sharing the most telling prints, aligned in full
COMMON = 500  # a print in more documents than this is boilerplate, not followed
_BATCH = 500
BY = "text reuse"


@dataclass
class SharedWith:
    """The passages this document shares with `other`; `a_*` offsets are in this document's text."""

    other: Document
    passages: list[Passage]
    other_is_original: bool

    @property
    def words(self) -> int:
        return sum(p.words for p in self.passages)


@dataclass
class Proposal:
    number: int
    claim: Claim  # the copy's claim, on a shared passage
    original: Document
    original_claim: Claim | None  # the original's claim on the same words: `repeats` it
    cite: bool  # propose a citation of the original (the claim does not cite it yet)
    passage_words: int

    def describe(self) -> str:
        parts = []
        if self.original_claim is not None:
            parts.append(f"claim {self.claim.key} repeats claim {self.original_claim.key}")
        if self.cite:
            parts.append(f"claim {self.claim.key} cites document {self.original.key} (the original)")
        return "; ".join(parts)


@dataclass
class Reuse:
    document: Document
    shared: list[SharedWith] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)


def candidates(session: Session, document_id: int, found: set[int], *, limit: int = _CANDIDATES) -> list[int]:
    """The documents most likely to share a passage with these prints, by indexed lookups: each
    shared print weighs 1 / the number of documents holding it, so a rare run of words (a
    quotation) outranks stock phrases many texts share; prints held by more than `COMMON`
    documents (boilerplate) are not followed at all."""
    ordered = sorted(found)
    frequency: dict[int, int] = {}
    for at in range(0, len(ordered), _BATCH):
        for value, n in session.execute(
            select(ReusePrint.print, func.count())
            .where(ReusePrint.print.in_(ordered[at : at + _BATCH]))
            .group_by(ReusePrint.print)
        ):
            frequency[int(value)] = int(n)
    telling = sorted(p for p, n in frequency.items() if 1 < n <= COMMON)
    scores: dict[int, float] = {}
    for at in range(0, len(telling), _BATCH):
        for doc_id, value in session.execute(
            select(ReusePrint.document_id, ReusePrint.print).where(
                ReusePrint.print.in_(telling[at : at + _BATCH]), ReusePrint.document_id != document_id
            )
        ):
            scores[int(doc_id)] = scores.get(int(doc_id), 0.0) + 1.0 / frequency[int(value)]
    return sorted(scores, key=lambda d: (-scores[d], d))[:limit]


def _runs(found: list[str]) -> set[tuple[str, ...]]:
    return {tuple(found[i : i + PRINT_WORDS]) for i in range(len(found) - PRINT_WORDS + 1)}


def _older(a: Document, b: Document) -> bool:
    """Whether `a` is the original of the two: the earlier publication date, else the earlier entry."""
    if a.published and b.published and a.published[:10] != b.published[:10]:
        return a.published[:10] < b.published[:10]
    return a.id < b.id


def _claims_on(session: Session, document: Document) -> list[Claim]:
    """The document's claims anchored in its current text."""
    return list(
        session.scalars(
            select(Claim)
            .where(Claim.document_id == document.id, Claim.revision == document.revision)
            .order_by(Claim.id)
        )
    )


def _folded(text: str) -> str:
    return " ".join(t.word for t in tokens(text))


def _inside(claim: Claim, start: int, end: int) -> bool:
    return start <= claim.start and claim.end <= end


def find_reuse(session: Session, ref: str) -> Reuse:
    document = get_document(session, ref)
    if not document.held:
        raise InvalidInput(
            f"document {document.key} is unheld: it has no text to compare "
            f"(`provenance doc add FILE --for {document.key}` gives it one)"
        )
    mine = tokens(current_text(session, document).text)
    result = Reuse(document)
    ids = candidates(session, document.id, prints([t.word for t in mine]))
    if not ids:
        return result
    rows = session.execute(
        select(Document, DocumentText.text)
        .join(
            DocumentText,
            and_(DocumentText.document_id == Document.id, DocumentText.revision == Document.revision),
        )
        .where(Document.id.in_(ids))
    ).all()
    my_runs = _runs([t.word for t in mine])
    for other, text in sorted(rows, key=lambda r: r[0].id):
        # A shared passage of MIN_PASSAGE words is that many runs less PRINT_WORDS - 1 in common:
        # texts that share only stock phrases ("told reporters at a news conference") stop here,
        # before the slower tokenising with offsets and the alignment.
        if len(my_runs & _runs(words(text))) < MIN_PASSAGE - PRINT_WORDS + 1:
            continue
        passages = shared_passages(mine, tokens(text))
        if passages:
            result.shared.append(SharedWith(other, passages, _older(other, document)))
    result.proposals = _proposals(session, document, result.shared)
    return result


def _proposals(session: Session, document: Document, shared: list[SharedWith]) -> list[Proposal]:
    if not shared:
        return []
    out: list[Proposal] = []
    own_claims = _claims_on(session, document)
    for item in shared:
        copy, original = (document, item.other) if item.other_is_original else (item.other, document)
        copy_claims = own_claims if copy is document else _claims_on(session, copy)
        original_claims = _claims_on(session, original)
        for passage in item.passages:
            # This document's side is a_*: the copy's span when this document is the copy.
            here, there = (passage.a_start, passage.a_end), (passage.b_start, passage.b_end)
            c_span, o_span = (here, there) if copy is document else (there, here)
            on_original = [c for c in original_claims if _inside(c, *o_span)]
            for claim in (c for c in copy_claims if _inside(c, *c_span)):
                words = _folded(claim.exact)
                match = next(
                    (o for o in on_original if words in _folded(o.exact) or _folded(o.exact) in words), None
                )
                out.append(Proposal(0, claim, original, match, True, passage.words))
    return _open(session, out)


def _open(session: Session, found: list[Proposal]) -> list[Proposal]:
    """Drop what is already done or was dismissed: a `repeats` between the two claims in any status,
    a citation of the original (or of the copy, the other way round) by the claim."""
    claim_ids = {p.claim.id for p in found}
    related: dict[tuple[int, int], RelationStatus] = {}
    cited: set[tuple[int, int]] = set()
    for a, b, status in session.execute(
        select(Relation.claim_a_id, Relation.claim_b_id, Relation.status).where(
            Relation.kind == RelationKind.REPEATS,
            or_(Relation.claim_a_id.in_(claim_ids), Relation.claim_b_id.in_(claim_ids)),
        )
    ):
        related[(int(a), int(b))] = status
    for claim_id, doc_id in session.execute(
        select(Citation.claim_id, Citation.target_document_id).where(
            Citation.claim_id.in_(claim_ids), Citation.target_document_id.is_not(None)
        )
    ):
        if doc_id is not None:
            cited.add((int(claim_id), int(doc_id)))
    out: list[Proposal] = []
    seen: set[tuple[int, int, int | None]] = set()
    for p in found:
        key = (p.claim.id, p.original.id, p.original_claim.id if p.original_claim else None)
        if key in seen:
            continue
        seen.add(key)
        if p.original_claim is not None:
            pair = (p.claim.id, p.original_claim.id)
            decided = related.get(pair) or related.get((pair[1], pair[0]))
            if decided is RelationStatus.DISMISSED:
                continue  # a curator said no: not proposed again
            if decided is not None:
                p.original_claim = None  # related already
        p.cite = (p.claim.id, p.original.id) not in cited
        if p.original_claim is None and not p.cite:
            continue
        out.append(p)
    out.sort(key=lambda p: (p.original.id, p.claim.id, p.original_claim.id if p.original_claim else 0))
    for n, p in enumerate(out, 1):
        p.number = n
    return out


def _chosen(reuse: Reuse, numbers: list[int]) -> list[Proposal]:
    by_number = {p.number: p for p in reuse.proposals}
    missing = [n for n in numbers if n not in by_number]
    if missing:
        count = len(reuse.proposals)
        have = "none" if not count else "1" if count == 1 else f"1 to {count}"
        raise InvalidInput(
            f"document {reuse.document.key} has no text-reuse proposal {', '.join(map(str, missing))} "
            f"(proposals: {have}; `provenance doc reuse {reuse.document.key}` lists them)"
        )
    return [by_number[n] for n in sorted(set(numbers))]


def decide(
    session: Session, ref: str, *, accept: list[int], dismiss: list[int], note: str | None = None
) -> tuple[Reuse, list[Proposal], list[Proposal]]:
    """Accept or dismiss proposals by number, in one transaction: the numbers are those `find_reuse`
    gives the same store."""
    if set(accept) & set(dismiss):
        both = sorted(set(accept) & set(dismiss))[0]
        raise InvalidInput(f"proposal {both} cannot be both accepted and dismissed")
    reuse = find_reuse(session, ref)
    accepted, dismissed = _chosen(reuse, accept), _chosen(reuse, dismiss)
    if dismissed and not (note or "").strip():
        raise InvalidInput("a dismissal needs a reason: say why in --note (it is kept and logged)")
    actor = session.info.get("actor", "unknown")
    for p in accepted:
        why = f"{BY}: a {p.passage_words}-word passage shared with document {p.original.key} (the original)"
        if p.original_claim is not None:
            relation = add_relation(session, str(p.claim.id), "repeats", str(p.original_claim.id), note=why)
            relation.decided_by, relation.decided_at = actor, utcnow()
            relation.decision_note = check_field(note, field="note") if note else None
        if p.cite:
            add_citation(session, str(p.claim.id), kind="cites", document=str(p.original.id), note=why)
    for p in dismissed:
        if p.original_claim is None:
            raise InvalidInput(
                f"proposal {p.number} is a citation only: there is nothing to dismiss and remember; "
                "leave it, or accept it"
            )
        relation = add_relation(
            session,
            str(p.claim.id),
            "repeats",
            str(p.original_claim.id),
            note=f"{BY}: a {p.passage_words}-word passage shared with document {p.original.key}",
            status="dismissed",
        )
        relation.decided_by, relation.decided_at = actor, utcnow()
        relation.decision_note = check_field(note or "", field="note")
        events.record(
            session,
            action="dismiss",
            noun="relation",
            target=relation,
            summary=f"dismissed text-reuse proposal: claim {p.claim.key} repeats {p.original_claim.key}",
        )
    return reuse, accepted, dismissed


def excerpt(text: str, start: int, end: int, width: int = 70) -> str:
    passage = " ".join(text[start:end].split())
    return passage if len(passage) <= width else passage[: width - 1] + "…"


def as_json(session: Session, reuse: Reuse) -> dict[str, Any]:
    text = current_text(session, reuse.document).text
    return {
        "document": {"id": reuse.document.id, "key": reuse.document.key},
        "shared": [
            {
                "document": {
                    "id": s.other.id,
                    "key": s.other.key,
                    "title": s.other.title,
                    "published": s.other.published,
                },
                "original": "other" if s.other_is_original else "this",
                "words": s.words,
                "passages": [
                    {
                        "start": p.a_start,
                        "end": p.a_end,
                        "other_start": p.b_start,
                        "other_end": p.b_end,
                        "words": p.words,
                        "text": excerpt(text, p.a_start, p.a_end, 200),
                    }
                    for p in s.passages
                ],
            }
            for s in reuse.shared
        ],
        "proposals": [
            {
                "number": p.number,
                "claim": {"id": p.claim.id, "key": p.claim.key},
                "original_document": {"id": p.original.id, "key": p.original.key},
                "repeats": {"id": p.original_claim.id, "key": p.original_claim.key}
                if p.original_claim
                else None,
                "cite": p.cite,
                "passage_words": p.passage_words,
                "summary": p.describe(),
            }
            for p in reuse.proposals
        ],
    }
