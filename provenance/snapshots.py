"""What was fetched is kept: a document's snapshots, and `doc refresh` (fetch again, compare).

A snapshot is what one fetch of the document's URL received, exactly as it arrived (the body's
bytes, at most the size cap every entry path has, `limits.DEFAULT_TEXT_MB`), with its sha256,
when, from which final address (after redirects), the HTTP status and the content type. It is
what a fact-checker shows when asked "what did you read?": the text held is what a reader made
of those bytes, the snapshot is the bytes.

`doc add URL` (and `doc add URL --for DOC`, `doc revise DOC URL`) keep one. `doc refresh` fetches
the document's address again through the same code (same limits) and reads it with the same
reader: when the main text is unchanged, the check is an event (``refresh``, "unchanged", with the
hashes); when it changed, the new text becomes a revision through `revisions.revise_document`
(so claims re-anchor exactly as after `doc revise`) and the fetch is kept as a snapshot of it. A
changed text found this way is a *quiet edit*: the page changed after it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import events
from .documents import current_text
from .errors import InvalidInput
from .models import Document, DocumentSnapshot

if TYPE_CHECKING:
    from .readers import SourceText
    from .revisions import ReanchorOutcome

__all__ = [
    "RefreshOutcome",
    "SnapshotInfo",
    "apply_refresh",
    "keep_snapshot",
    "refresh_url",
    "snapshots_of",
]

CONTENT_TYPE_MAX = 200  # the column's size; a longer declared type is cut (it is only shown)


@dataclass(frozen=True)
class SnapshotInfo:
    """A snapshot without its body (what `doc show` and the report list)."""

    id: int
    revision: int
    action: str
    fetched_at: datetime
    url: str
    final_url: str
    status: int
    content_type: str | None
    sha256: str
    size: int

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "revision": self.revision,
            "action": self.action,
            "fetched_at": self.fetched_at.isoformat(),
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "content_type": self.content_type,
            "sha256": self.sha256,
            "size": self.size,
        }

    def describe(self) -> str:
        moved = f" (asked for {self.url})" if self.final_url != self.url else ""
        kind = f", {self.content_type}" if self.content_type else ""
        return (
            f"revision {self.revision}: fetched {self.fetched_at:%Y-%m-%d %H:%M:%S} UTC from "
            f"{self.final_url}{moved}, HTTP {self.status}{kind}, {self.size:,} bytes, sha256 {self.sha256}"
        )


def keep_snapshot(
    session: Session, document: Document, read: SourceText, *, revision: int, action: str
) -> DocumentSnapshot | None:
    """Keep what a fetch received as a snapshot of ``document``'s ``revision``; None for a file."""
    fetched = read.fetched
    if fetched is None:
        return None
    snapshot = DocumentSnapshot(
        document_id=document.id,
        revision=revision,
        action=action,
        fetched_at=read.retrieved_at or datetime.now(UTC),
        url=fetched.url,
        final_url=fetched.final_url,
        status=fetched.status,
        content_type=fetched.content_type[:CONTENT_TYPE_MAX] if fetched.content_type else None,
        sha256=fetched.sha256,
        size=fetched.size,
        body=fetched.body,
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def snapshots_of(session: Session, document_ids: list[int]) -> dict[int, list[SnapshotInfo]]:
    """Each document's snapshots, oldest first, without their bodies (one query)."""
    if not document_ids:
        return {}
    found: dict[int, list[SnapshotInfo]] = {}
    columns = (
        DocumentSnapshot.document_id,
        DocumentSnapshot.id,
        DocumentSnapshot.revision,
        DocumentSnapshot.action,
        DocumentSnapshot.fetched_at,
        DocumentSnapshot.url,
        DocumentSnapshot.final_url,
        DocumentSnapshot.status,
        DocumentSnapshot.content_type,
        DocumentSnapshot.sha256,
        DocumentSnapshot.size,
    )
    query = (
        select(*columns).where(DocumentSnapshot.document_id.in_(document_ids)).order_by(DocumentSnapshot.id)
    )
    for row in session.execute(query):
        fetched_at = row.fetched_at if row.fetched_at.tzinfo else row.fetched_at.replace(tzinfo=UTC)
        found.setdefault(row.document_id, []).append(
            SnapshotInfo(
                row.id,
                row.revision,
                row.action,
                fetched_at.astimezone(UTC),
                row.url,
                row.final_url,
                row.status,
                row.content_type,
                row.sha256,
                row.size,
            )
        )
    return found


def refresh_url(session: Session, document: Document) -> str:
    """The address `doc refresh` fetches: the one its last snapshot asked for, else its URL."""
    if not document.held:
        raise InvalidInput(
            f"document {document.id} ({document.key}) is unheld: there is no text to compare a fetch with; "
            f"give it one with `provenance doc add URL --for {document.key}`"
        )
    asked = session.scalar(
        select(DocumentSnapshot.url)
        .where(DocumentSnapshot.document_id == document.id)
        .order_by(DocumentSnapshot.id.desc())
        .limit(1)
    )
    url = asked or document.url
    if not url:
        raise InvalidInput(
            f"document {document.id} ({document.key}) has no URL to fetch again "
            "(it was added from a file and records no address)"
        )
    return url


@dataclass(frozen=True)
class RefreshOutcome:
    """What `doc refresh` found for one document."""

    document_id: int
    document_key: str
    url: str
    changed: bool
    revision: int  # the current revision after the refresh (the new one when changed)
    sha256: str  # of the main text read
    body_sha256: str | None
    final_url: str | None
    outcomes: tuple[ReanchorOutcome, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "document": self.document_key,
            "url": self.url,
            "final_url": self.final_url,
            "changed": self.changed,
            "revision": self.revision,
            "sha256": self.sha256,
            "body_sha256": self.body_sha256,
            "claims": [o.as_dict() for o in self.outcomes],
        }


def apply_refresh(session: Session, document: Document, read: SourceText) -> RefreshOutcome:
    """Compare a new fetch of ``document`` with its current text, in ``session``'s transaction:
    unchanged, an event; changed, a revision (claims re-anchored) and a snapshot of the fetch."""
    from .revisions import revise_document
    from .text import sha256_text

    fetched = read.fetched
    url = fetched.url if fetched else read.source
    final_url = fetched.final_url if fetched else None
    body_sha256 = fetched.sha256 if fetched else None
    sha256 = sha256_text(read.text)
    old = current_text(session, document)
    if sha256 == old.sha256:
        events.record(
            session,
            action="refresh",
            noun="doc",
            target=document,
            summary=f"refreshed document {document.key} from {final_url or url}: unchanged "
            f"(revision {old.revision})",
            after={
                "result": "unchanged",
                "revision": old.revision,
                "sha256": sha256,
                "url": url,
                "final_url": final_url,
                "status": fetched.status if fetched else None,
                "body_sha256": body_sha256,
                "fetched_at": read.retrieved_at.isoformat() if read.retrieved_at else None,
            },
        )
        return RefreshOutcome(
            document.id, document.key, url, False, old.revision, sha256, body_sha256, final_url
        )
    outcomes = revise_document(
        session,
        str(document.id),
        read.text,
        source=read.source,
        retrieved_at=read.retrieved_at,
        reading=read.note,
    )
    keep_snapshot(session, document, read, revision=document.revision, action="refresh")
    events.record(
        session,
        action="refresh",
        noun="doc",
        target=document,
        summary=f"refreshed document {document.key} from {final_url or url}: its main text changed "
        f"after it was read; now revision {document.revision}",
        after={
            "result": "changed",
            "revision": document.revision,
            "previous_revision": old.revision,
            "sha256": sha256,
            "url": url,
            "final_url": final_url,
            "status": fetched.status if fetched else None,
            "body_sha256": body_sha256,
            "fetched_at": read.retrieved_at.isoformat() if read.retrieved_at else None,
        },
    )
    return RefreshOutcome(
        document.id,
        document.key,
        url,
        True,
        document.revision,
        sha256,
        body_sha256,
        final_url,
        tuple(outcomes),
    )
