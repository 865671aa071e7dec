"""One work, one source: finding a document's other records, giving an unheld record its text,
recording two records as the same work, and merging two records into one.

A work can reach the store twice: cited first (an unheld record made from a citation), then
added with its text; or as the same wire story in two outlets. Independence is judged by origin,
so two records of one work must count as one source: `doc add` looks for the same work before it
creates a record (`find_same_work`, by the work index of `provenance.works_index`), and
`work_of` maps every document to the one representing its work for the chains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Update, func, select, update
from sqlalchemy.orm import Session

from . import events
from .errors import InvalidInput, Refused
from .errors import field as flag
from .models import (
    Citation,
    Claim,
    Document,
    DocumentRedirect,
    DocumentSnapshot,
    DocumentText,
    Outlet,
    SameWork,
    WorkBand,
    WorkIndex,
)
from .reading.reuse import Overlap, bands, overlap, shingles, signature, title_key
from .records import get as get_record
from .text import sha256_text, shorten
from .works_index import url_key

_MAX_CANDIDATES = 5
_BAND_CANDIDATES = 20  # texts sharing the most bands, compared in full


@dataclass
class Candidate:
    """A record already in the store that looks like the same work, and why."""

    document: Document
    outlet_name: str | None
    reasons: list[str] = field(default_factory=list)
    overlap: Overlap | None = None

    @property
    def near_identical(self) -> bool:
        return self.overlap is not None and self.overlap.same_work

    def describe(self) -> str:
        doc = self.document
        where = ", ".join(p for p in (self.outlet_name, doc.published) if p)
        state = "held" if doc.held else "unheld"
        return f"document {doc.id}, {state}: {shorten(doc.title, 80)!r}" + (f" ({where})" if where else "")


class SameWorkFound(Refused):
    """`doc add` found the work already in the store; nothing was written."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        first = candidates[0]
        parts = [f"{c.describe()}, {' and '.join(c.reasons)}" for c in candidates]
        if first.document.held:
            advice = (
                f"use {flag('new')} to keep both (recorded as the same work when the texts are "
                f"near-identical), or `provenance doc revise {first.document.id} FILE` if it is its new text"
            )
        else:
            advice = (
                f"use {flag('for')} {first.document.id} to give it this text, or {flag('new')} to keep both"
            )
        super().__init__("looks like " + "; or ".join(parts) + "; " + advice)


def _candidates_by_text(session: Session, text: str) -> dict[int, Overlap]:
    shingled = shingles(text)
    mine = bands(signature(shingled))
    if not mine:
        return {}
    shared = session.execute(
        select(WorkBand.document_id, func.count().label("n"))
        .where(WorkBand.band.in_(mine))
        .group_by(WorkBand.document_id)
        .order_by(func.count().desc(), WorkBand.document_id)
        .limit(_BAND_CANDIDATES)
    ).all()
    found: dict[int, Overlap] = {}
    for doc_id, _n in shared:
        theirs = session.scalar(
            select(DocumentText.text)
            .join(Document, Document.id == DocumentText.document_id)
            .where(DocumentText.document_id == doc_id, DocumentText.revision == Document.revision)
        )
        if theirs is None:
            continue
        measured = overlap(shingled, shingles(theirs))
        if measured.same_work:
            found[doc_id] = measured
    return found


def find_same_work(
    session: Session,
    *,
    title: str,
    url: str | None = None,
    outlet_id: int | None = None,
    published: str | None = None,
    text: str | None = None,
    exclude: Iterable[int] = (),
) -> list[Candidate]:
    """The records that look like this work: the same canonical URL, the same title + outlet +
    date, or (for a text) a near-identical text. Indexed lookups; only candidates' texts are read."""
    reasons: dict[int, list[str]] = {}
    overlaps: dict[int, Overlap] = {}
    key = url_key(url)
    if key is not None:
        for doc_id in session.scalars(select(WorkIndex.document_id).where(WorkIndex.url_key == key)):
            reasons.setdefault(doc_id, []).append("the same URL")
    tkey = title_key(title, outlet_id, published)
    if tkey is not None:
        for doc_id in session.scalars(select(WorkIndex.document_id).where(WorkIndex.title_key == tkey)):
            reasons.setdefault(doc_id, []).append("the same title, outlet and date")
    if text is not None:
        for doc_id, measured in _candidates_by_text(session, text).items():
            overlaps[doc_id] = measured
            share = round(measured.containment * 100)
            reasons.setdefault(doc_id, []).append(
                f"a near-identical text ({share}% of its word runs shared)"
                if measured.containment >= 0.6
                else f"a shared text ({share}% of its word runs: a copy, or one wire story)"
            )
    for doc_id in exclude:
        reasons.pop(doc_id, None)
    if not reasons:
        return []
    rows = session.execute(
        select(Document, Outlet.name)
        .outerjoin(Outlet, Outlet.id == Document.outlet_id)
        .where(Document.id.in_(list(reasons)))
    ).all()
    found = [Candidate(doc, name, reasons[doc.id], overlaps.get(doc.id)) for doc, name in rows]
    # Strongest evidence first: more reasons, then the unheld record a text can complete, then age.
    found.sort(key=lambda c: (-len(c.reasons), c.document.held, c.document.id))
    return found[:_MAX_CANDIDATES]


# --------------------------------------------------------------------------- unheld -> held


def give_text(
    session: Session,
    ref: str,
    text: str,
    *,
    source: str | None = None,
    retrieved_at: datetime | None = None,
    url: str | None = None,
    reading: str | None = None,
) -> Document:
    """An unheld record's text has arrived: the record becomes held (its key, claims and citations
    stay). A held one is refused: a new text of it is a revision."""
    document = get_record(session, Document, ref, noun="doc", for_update=True)
    if document.held:
        raise Refused(
            f"document {document.id} ({document.key}) already holds a text; to replace it, use "
            f"`provenance doc revise {document.key} FILE`"
        )
    if document.part_of_id is not None:
        raise Refused(
            f"document {document.id} ({document.key}) is a part of another; its text is the container's"
        )
    if not text.strip():
        raise InvalidInput(f"{source or 'text'}: the text is empty")
    sha256 = sha256_text(text)
    holder = session.scalars(select(Document).where(Document.sha256 == sha256)).one_or_none()
    if holder is not None:
        raise Refused(
            f"this text is already held as document {holder.id} ({holder.key}); to make one record of "
            f"the two, use `provenance doc merge {holder.key} {document.key}`"
        )
    before = events.state_of(document)
    document.sha256, document.revision = sha256, 1
    if url and not document.url:
        document.url = url
    session.add(
        DocumentText(
            document_id=document.id,
            revision=1,
            text=text,
            sha256=sha256,
            source=source,
            retrieved_at=retrieved_at,
        )
    )
    session.flush()
    events.record(
        session,
        action="hold",
        noun="doc",
        target=document,
        before=before,
        summary=f"document {document.key} is now held: its text came from {source or 'a text'}",
        after=events.with_reading(events.state_of(document), reading),
    )
    return document


# ------------------------------------------------------------------------------- same work


def record_same_work(session: Session, document: Document, same_as: Document, *, note: str | None) -> None:
    """Record `document` as the same work as `same_as` (a copy of it, or a second record)."""
    if document.id == same_as.id:
        raise InvalidInput("a document is trivially the same work as itself")
    root = work_of(session).get(same_as.id, same_as.id)
    if work_of(session).get(document.id, document.id) == root:
        return
    session.add(
        SameWork(
            document_id=document.id,
            same_as_id=same_as.id,
            note=note,
            created_by=str(session.info.get("actor", "unknown")),
        )
    )
    session.flush()
    events.record(
        session,
        action="same-work",
        noun="doc",
        target=document,
        summary=f"document {document.key} recorded as the same work as {same_as.key}",
        after={"same_as": same_as.key, "note": note},
    )


def work_of(session: Session) -> dict[int, int]:
    """Every document recorded as the same work as another, mapped to the oldest record of its work
    (documents not in the map are their own work). One query."""
    links = session.execute(select(SameWork.document_id, SameWork.same_as_id)).all()
    return group_works((int(a), int(b)) for a, b in links)


def same_work_as(session: Session, document: Document) -> tuple[list[tuple[int, str]], list[str]]:
    """The other records of a document's work (id, key), and the old keys that redirect to it."""
    works = work_of(session)
    root = works.get(document.id)
    others = sorted(d for d, r in works.items() if r == root and d != document.id) if root is not None else []
    keys = dict(session.execute(select(Document.id, Document.key).where(Document.id.in_(others))).all())
    old = sorted(
        session.scalars(select(DocumentRedirect.key).where(DocumentRedirect.document_id == document.id))
    )
    return [(d, keys[d]) for d in others if d in keys], old


def group_works(links: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Union-find over same-work links: each linked document -> the least id of its group."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            low, high = min(ra, rb), max(ra, rb)
            parent[high] = low
            parent.setdefault(low, low)
    return {x: root(x) for x in parent}


# ----------------------------------------------------------------------------------- merge


def _count(session: Session, statement: Update) -> int:
    """Run an UPDATE; how many rows it changed."""
    return int(cast(CursorResult[Any], session.execute(statement)).rowcount)


@dataclass(frozen=True)
class Merged:
    survivor: Document
    gone_key: str
    gone_id: int
    moved: dict[str, int]


def merge_documents(session: Session, source_ref: str, target_ref: str) -> Merged:
    """Fold document `source` into `target`, two records of one work: its claims (with their
    citations, assertions and relations), the citations of it, its parts and its same-work links
    move to `target`; its key and number redirect there. Refused when both hold a text (two
    different texts: one of them would be lost) or when one is part of the other."""
    source = get_record(session, Document, source_ref, noun="doc", for_update=True)
    target = get_record(session, Document, target_ref, noun="doc", for_update=True)
    if source.id == target.id:
        raise InvalidInput(f"{source.key} and {target_ref} are the same document")
    if source.held and target.held:
        raise Refused(
            f"documents {source.key} and {target.key} both hold a text, and the texts differ: merging "
            "would lose one of them with the claims quoted from it; record them as the same work instead "
            "(`provenance doc same-work A B`) or delete the one nothing depends on"
        )
    if source.part_of_id == target.id or target.part_of_id == source.id:
        raise Refused(f"{source.key} and {target.key}: one is a part of the other, not another record of it")
    before_source, before_target = events.state_of(source), events.state_of(target)
    moved: dict[str, int] = {}
    moved["claims"] = _count(
        session, update(Claim).where(Claim.document_id == source.id).values(document_id=target.id)
    )
    moved["citations"] = _count(
        session,
        update(Citation).where(Citation.target_document_id == source.id).values(target_document_id=target.id),
    )
    moved["parts"] = _count(
        session, update(Document).where(Document.part_of_id == source.id).values(part_of_id=target.id)
    )
    if source.held:
        # The text moves with its revisions (the claims quote those revisions by number).
        sha256, revision = source.sha256, source.revision
        source.sha256, source.revision = None, 0
        session.flush()
        session.execute(
            update(DocumentText).where(DocumentText.document_id == source.id).values(document_id=target.id)
        )
        # What its fetches received goes with the text it was read as (snapshots name revisions).
        session.execute(
            update(DocumentSnapshot)
            .where(DocumentSnapshot.document_id == source.id)
            .values(document_id=target.id)
        )
        target.sha256, target.revision = sha256, revision
        moved["text revisions"] = revision
    # What the survivor does not know, the gone record may: nothing it said is lost.
    for name in ("url", "published", "outlet_id"):
        if getattr(target, name) in (None, "") and getattr(source, name) not in (None, ""):
            setattr(target, name, getattr(source, name))
    if not target.authors and source.authors:
        target.authors = list(source.authors)
    # Same-work links of the gone record now name the survivor (or go, if they linked the two).
    links = (
        session.execute(
            select(SameWork).where((SameWork.document_id == source.id) | (SameWork.same_as_id == source.id))
        )
        .scalars()
        .all()
    )
    kept = [(k.document_id, k.same_as_id, k.note, k.created_by) for k in links]
    for link in links:
        session.delete(link)
    session.flush()
    for a, b, note, by in kept:
        a, b = (target.id if a == source.id else a), (target.id if b == source.id else b)
        if a == b:
            continue
        # One link per copy: when one end already has its own, the link is kept the other way round.
        for copy, original in ((a, b), (b, a)):
            if session.get(SameWork, copy) is None:
                session.add(SameWork(document_id=copy, same_as_id=original, note=note, created_by=by))
                session.flush()
                break
    session.execute(
        update(DocumentRedirect)
        .where(DocumentRedirect.document_id == source.id)
        .values(document_id=target.id)
    )
    gone_key, gone_id = source.key, source.id
    session.flush()
    session.delete(source)
    session.flush()
    session.add(DocumentRedirect(key=gone_key, old_id=gone_id, document_id=target.id))
    session.flush()
    events.record(
        session,
        action="merge",
        noun="doc",
        target=target,
        before={"merged": before_source, "into": before_target},
        summary=(
            f"merged document {gone_key} into {target.key}: "
            + ", ".join(f"{n} {what}" for what, n in moved.items() if n)
            + f"; {gone_key} now redirects to {target.key}"
        ),
    )
    return Merged(target, gone_key, gone_id, {k: v for k, v in moved.items() if v})
