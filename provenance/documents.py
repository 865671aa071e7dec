"""Documents: held (we have the text) or unheld (known from a citation), and their texts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import events, records
from .errors import AlreadyExists, InvalidInput, NotFound, Refused, field
from .models import Citation, Claim, Document, DocumentText
from .outlets import find_outlet
from .text import check_field, sha256_text

_PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def parse_published(value: str | date | int | None, *, field: str = "published") -> str | None:
    """A publication date as an ISO 8601 partial date ("2019", "2019-02", "2019-02-08"): its length
    is its precision. Written so, or in any form an assertion's date takes (`values.parse_date`:
    "March 2024", "8 May 2017", "May 8, 2017") that names one day, month or year."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not _PUBLISHED.match(text):
        return _published_from_words(text, field=field)
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise InvalidInput(f"{field} {text!r} is not a real date ({exc})") from exc
    return text


def _published_from_words(text: str, *, field: str) -> str:
    from .values import parse_date

    stamp = _TIMESTAMP.match(text)  # "2024-03-12T06:40:00Z", as pages and feeds write it
    if stamp:
        return parse_published(stamp.group(1), field=field) or text
    forms = "write YYYY, YYYY-MM or YYYY-MM-DD, or e.g. 'March 2024', '8 May 2017'"
    try:
        value = parse_date(text)
    except InvalidInput:
        raise InvalidInput(f"{field} {text!r} is not a date: {forms}") from None
    if value.precision == "day":
        return value.low.isoformat()
    if value.precision == "month":
        return value.low.isoformat()[:7]
    if value.precision == "year":
        return value.low.isoformat()[:4]
    raise InvalidInput(
        f"{field} {text!r} is a {value.precision}, not one day, month or year: {forms} "
        "(a date is stored with its precision, so give the one you know)"
    )


def held_by_hash(session: Session, sha256: str) -> Document | None:
    return session.scalars(select(Document).where(Document.sha256 == sha256)).one_or_none()


def add_document(
    session: Session,
    *,
    title: str,
    text: str | None = None,
    source: str | None = None,
    authors: list[str] | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    language: str = "en",
    key: str | None = None,
    part_of: str | None = None,
    span: tuple[int, int] | None = None,
    retrieved_at: datetime | None = None,
    same_work_check: bool = False,
    keep_both: bool = False,
    reading: str | None = None,
) -> Document:
    """Add a document; `text` (already canonical) makes it held, none makes it unheld.

    With `same_work_check`, the store is searched first for the same work (`works.find_same_work`:
    the same canonical URL, title + outlet + date, or a near-identical text): found, it is refused
    with `works.SameWorkFound` naming the candidates, unless `keep_both`, which adds the record
    and records it as the same work as each candidate whose text is near-identical.

    `reading` says how the text was read (`readers.Reading.note`: the extractor and its version,
    what it left out or repaired); it is kept in the add event, where `reading_of` finds it."""
    title = check_field(title, field="title")
    if not title:
        raise InvalidInput(f"title is empty; give {field('title')}")
    sha256 = None
    if text is not None:
        if not text.strip():
            raise InvalidInput(f"{source or 'text'}: the text is empty")
        sha256 = sha256_text(text)
        existing = held_by_hash(session, sha256)
        if existing is not None:
            raise AlreadyExists(f"this text is already held as document {existing.id} ({existing.key})")
    container = None
    if part_of is not None:
        container = records.get(session, Document, part_of, noun="doc")
        if not container.held:
            raise InvalidInput(f"document {container.key} is not held, so it cannot contain a part")
        if span is None:
            raise InvalidInput("a part needs its span in the container's text (start and end)")
        length = len(current_text(session, container).text)
        if span[0] > span[1]:
            raise InvalidInput(f"span {span[0]}..{span[1]} is reversed: its start comes after its end")
        if not (0 <= span[0] <= span[1] <= length):
            raise InvalidInput(f"span {span[0]}..{span[1]} is outside the container's text (0..{length})")
    outlet_id = find_outlet(session, outlet).id if outlet else None
    published = parse_published(published)
    candidates = []
    if same_work_check:
        from .works import SameWorkFound, find_same_work

        candidates = find_same_work(
            session, title=title, url=url, outlet_id=outlet_id, published=published, text=text
        )
        if candidates and not keep_both:
            raise SameWorkFound(candidates)
    document = Document(
        key=_free_key(session, key, title),
        title=title,
        authors=[check_field(a, field="author") for a in (authors or []) if a.strip()],
        outlet_id=outlet_id,
        published=published,
        url=check_field(url, field="url") if url else None,
        language=check_field(language, field="language") or "en",
        part_of_id=container.id if container else None,
        part_start=span[0] if container and span else None,
        part_end=span[1] if container and span else None,
        sha256=sha256,
        revision=1 if text is not None else 0,
    )
    try:
        # A savepoint, so that losing a race to another editor adding the same text
        # (PostgreSQL: their row committed after our check above) can still be worded.
        with session.begin_nested():
            session.add(document)
            session.flush()
    except IntegrityError:
        existing = held_by_hash(session, sha256) if sha256 else None
        if existing is None:
            raise
        raise AlreadyExists(
            f"this text is already held as document {existing.id} ({existing.key}); "
            "another editor added it at the same moment"
        ) from None
    if text is not None:
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
    kind = "held" if text is not None else "unheld"
    events.record(
        session,
        action="add",
        noun="doc",
        target=document,
        summary=f"added {kind} document {title!r}",
        after=events.with_reading(events.state_of(document), reading) if text is not None else None,
    )
    if candidates:
        from .works import record_same_work

        for candidate in candidates:
            if candidate.near_identical:
                record_same_work(
                    session, document, candidate.document, note="; ".join(candidate.reasons) + " (on entry)"
                )
    return document


# The events that give a document a text: each keeps how that text was read (its "reading").
TEXT_EVENTS = ("add", "hold", "revise")


def reading_of(session: Session, document: Document) -> str | None:
    """How the document's current text was read ("main text by trafilatura 2.3.1: …"), from the
    event that gave it that text; None for a plain text, or one read before readings were kept."""
    from .models import Event

    query = (
        select(Event.after)
        .where(Event.noun == "doc", Event.record_id == document.id, Event.action.in_(TEXT_EVENTS))
        .order_by(Event.id.desc())
        .limit(1)
    )
    after = session.scalar(query)
    reading = after.get("reading") if isinstance(after, dict) else None
    return reading if isinstance(reading, str) else None


def _free_key(session: Session, key: str | None, title: str) -> str:
    """The new document's key: given, or made from the title; never a merged record's old key,
    which still leads to the record it was merged into."""
    from .models import DocumentRedirect

    def redirected(candidate: str) -> int | None:
        return session.scalar(select(DocumentRedirect.document_id).where(DocumentRedirect.key == candidate))

    if key:
        records.check_key(key)
        survivor = redirected(key)
        if survivor is not None:
            raise AlreadyExists(f"key {key!r} is the old key of a record merged into document {survivor}")
        return key
    made = records.new_key(session, Document, title, fallback="doc")
    n = 2
    while redirected(made) is not None:
        made = records.new_key(session, Document, f"{title} {n}", fallback="doc")
        n += 1
    return made


def get_document(session: Session, ref: str) -> Document:
    return records.get(session, Document, ref, noun="doc")


def current_text(session: Session, document: Document) -> DocumentText:
    """The current revision of a held document's text."""
    if not document.held:
        raise InvalidInput(f"document {document.key} is unheld: the store has no text for it")
    held = session.info.get(TEXTS_HELD)
    if held is not None and (document.id, document.revision) in held:
        return held[document.id, document.revision]
    found = session.scalars(
        select(DocumentText).where(
            DocumentText.document_id == document.id, DocumentText.revision == document.revision
        )
    ).one_or_none()
    if found is None:
        raise NotFound(f"document {document.key}: its text revision {document.revision} is missing")
    if held is not None:
        held[document.id, document.revision] = found
    return found


# A session whose info holds this key (a dict) keeps each text current_text read, by document and
# revision: a batch of claims on a few documents reads each text once (provenance.batch).
TEXTS_HELD = "provenance.texts_held"


@dataclass(frozen=True)
class DocumentSummary:
    document: Document
    outlet_name: str | None
    claims: int


def list_documents(
    session: Session,
    *,
    held: bool | None = None,
    outlet: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[DocumentSummary]:
    """Documents in the order they were added, each with its outlet's name and how many claims
    quote it (an indexed count per row listed, so a page of a large store reads only that page)."""
    from .models import Outlet

    claims = select(func.count()).where(Claim.document_id == Document.id).scalar_subquery()
    query = (
        select(Document, Outlet.name, claims)
        .outerjoin(Outlet, Document.outlet_id == Outlet.id)
        .order_by(Document.id)
    )
    query = _filtered(session, query, held=held, outlet=outlet)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [DocumentSummary(doc, name, n) for doc, name, n in session.execute(query)]


def count_documents(session: Session, *, held: bool | None = None, outlet: str | None = None) -> int:
    query = _filtered(session, select(func.count()).select_from(Document), held=held, outlet=outlet)
    return int(session.scalar(query) or 0)


def _filtered(session: Session, query: Select[Any], *, held: bool | None, outlet: str | None) -> Select[Any]:
    if held is not None:
        query = query.where(Document.revision > 0 if held else Document.revision == 0)
    if outlet is not None:
        query = query.where(Document.outlet_id == find_outlet(session, outlet).id)
    return query


def dependents(session: Session, document: Document) -> dict[str, list[int]]:
    """What would break if the document went: its claims, citations of it, its parts."""
    return {
        "claims": list(session.scalars(select(Claim.id).where(Claim.document_id == document.id))),
        "citations": list(
            session.scalars(select(Citation.id).where(Citation.target_document_id == document.id))
        ),
        "parts": list(session.scalars(select(Document.id).where(Document.part_of_id == document.id))),
    }


def delete_document(session: Session, ref: str) -> Document:
    """Delete a document nothing depends on; otherwise refuse and list what depends on it."""
    document = get_document(session, ref)
    found = {k: v for k, v in dependents(session, document).items() if v}
    if found:
        listed = "; ".join(
            f"{len(ids)} {name} ({', '.join(map(str, ids[:10]))})" for name, ids in found.items()
        )
        raise Refused(f"document {document.id} ({document.key}) cannot be deleted: {listed} depend on it")
    before = events.state_of(document)
    from sqlalchemy import delete

    from .models import DocumentSnapshot

    session.execute(delete(DocumentSnapshot).where(DocumentSnapshot.document_id == document.id))
    for text in session.scalars(select(DocumentText).where(DocumentText.document_id == document.id)):
        session.delete(text)
    session.flush()
    session.delete(document)
    event = events.record(
        session,
        action="delete",
        noun="doc",
        summary=f"deleted document {document.title!r}",
        before=before,
        after=None,
    )
    # Name the deleted record, so `provenance log doc:N` shows its whole history.
    event.record_id, event.record_key = document.id, document.key
    return document


def update_document(session: Session, ref: str, **changes: object) -> Document:
    """Change metadata (title, authors, outlet, published, url, language)."""
    document = get_document(session, ref)
    before = events.state_of(document)
    for name, value in changes.items():
        if value is None:
            continue
        if name == "outlet":
            document.outlet_id = find_outlet(session, str(value)).id
        elif name == "published":
            document.published = parse_published(str(value))
        elif name == "authors":
            document.authors = [check_field(str(a), field="author") for a in cast(list[str], value)]
        elif name in {"title", "url", "language"}:
            setattr(document, name, check_field(str(value), field=name))
        else:
            raise InvalidInput(f"documents have no field {name!r}")
    events.record(
        session,
        action="update",
        noun="doc",
        target=document,
        before=before,
        summary=f"updated document {document.key}",
    )
    return document
