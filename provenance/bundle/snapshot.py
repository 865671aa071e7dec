"""The store read as bundle records (keys, not ids), with a fixed number of queries.

The exporter writes this; the importer compares a bundle against it, so "already in
the store" means exactly "would be exported the same way". Ordering is done here in
Python (code-point order), never by the database, whose collation differs between
SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Assertion,
    Base,
    Citation,
    Claim,
    ClaimEntity,
    Document,
    DocumentRedirect,
    DocumentSnapshot,
    DocumentText,
    Entity,
    EntityAlias,
    Outlet,
    Relation,
    SameWork,
)
from .schema import (
    AssertionRec,
    Bundle,
    CitationRec,
    ClaimRec,
    DocumentRec,
    EntityRec,
    OutletRec,
    RelationRec,
    SnapshotRec,
    TextRec,
    decision_time,
)

__all__ = ["read_store"]


def _rows(session: Session, model: type[Base]) -> list[Any]:
    return list(session.execute(select(model.__table__)))


def _value(enum_or_str: Any) -> Any:
    return getattr(enum_or_str, "value", enum_or_str)


def read_store(session: Session, *, texts: bool = True) -> Bundle:
    """Every record of the store, sorted by key. ``texts=False`` leaves the text bodies out."""
    snap = Bundle(name="the store")
    outlet_keys: dict[int, str] = {}
    for row in _rows(session, Outlet):
        outlet_keys[row.id] = row.key
        snap.outlets.append(
            OutletRec(key=row.key, name=row.name, grade=_value(row.grade), reason=row.grade_reason)
        )

    aliases: dict[int, list[str]] = defaultdict(list)
    for entity_id, alias in session.execute(select(EntityAlias.entity_id, EntityAlias.alias)):
        aliases[entity_id].append(alias)
    entity_keys: dict[int, str] = {}
    for row in _rows(session, Entity):
        entity_keys[row.id] = row.key
        snap.entities.append(
            EntityRec(
                key=row.key,
                name=row.name,
                kind=_value(row.kind),
                aliases=sorted(aliases[row.id]),
                description=row.description,
            )
        )

    revisions: dict[int, list[TextRec]] = defaultdict(list)
    ranks: dict[int, dict[int, int]] = defaultdict(dict)  # document id -> revision -> position (1-based)
    columns = [DocumentText.document_id, DocumentText.revision, DocumentText.sha256, DocumentText.source]
    if texts:
        columns.append(DocumentText.text)
    current: dict[int, int] = dict(session.execute(select(Document.id, Document.revision)).all())
    found: list[tuple[Any, ...]] = sorted(
        (tuple(r) for r in session.execute(select(*columns))), key=lambda r: (r[0], r[1])
    )
    for row in found:
        document_id, revision = int(row[0]), int(row[1])
        if revision > current.get(document_id, 0):
            continue  # not a revision the document has reached: nothing points at it
        revisions[document_id].append(
            TextRec(sha256=str(row[2]), source=row[3], text=str(row[4]) if texts else "")
        )
        ranks[document_id][revision] = len(revisions[document_id])
    doc_keys = {row.id: row.key for row in session.execute(select(Document.id, Document.key))}
    same_as = dict(session.execute(select(SameWork.document_id, SameWork.same_as_id)).all())
    redirects: dict[int, list[str]] = defaultdict(list)
    for document_id, old_key in session.execute(select(DocumentRedirect.document_id, DocumentRedirect.key)):
        redirects[document_id].append(old_key)
    fetched = _snapshots(session, ranks, bodies=texts)
    for row in _rows(session, Document):
        snap.documents.append(
            DocumentRec(
                key=row.key,
                title=row.title,
                authors=list(row.authors or []),
                outlet=outlet_keys.get(row.outlet_id) if row.outlet_id else None,
                published=row.published,
                url=row.url,
                language=row.language,
                part_of=doc_keys.get(row.part_of_id) if row.part_of_id else None,
                span=(row.part_start, row.part_end) if row.part_of_id else None,
                texts=revisions[row.id],
                same_as=doc_keys[same_as[row.id]] if row.id in same_as else None,
                redirects=sorted(redirects.get(row.id, [])),
                snapshots=fetched.get(row.id, []),
            )
        )

    named: dict[int, list[str]] = defaultdict(list)
    for claim_id, entity_id in session.execute(select(ClaimEntity.claim_id, ClaimEntity.entity_id)):
        named[claim_id].append(entity_keys[entity_id])
    claim_keys: dict[int, str] = {}
    for row in _rows(session, Claim):
        claim_keys[row.id] = row.key
        snap.claims.append(
            ClaimRec(
                key=row.key,
                document=doc_keys[row.document_id],
                revision=ranks[row.document_id].get(row.revision, row.revision),
                exact=row.exact,
                start=row.start,
                end=row.end,
                statement=row.statement,
                speaker=row.speaker,
                hedging=row.hedging,
                verdict=_value(row.verdict),
                credibility=row.credibility,
                anchor=_value(row.anchor_state),
                entities=sorted(named[row.id]),
                note=row.note,
                prefix=row.prefix,
                suffix=row.suffix,
            )
        )

    for row in _rows(session, Citation):
        snap.citations.append(
            CitationRec(
                claim=claim_keys[row.claim_id],
                kind=_value(row.kind),
                document=doc_keys.get(row.target_document_id) if row.target_document_id else None,
                entity=entity_keys.get(row.target_entity_id) if row.target_entity_id else None,
                person=row.target_person,
                locator=row.locator,
                locator_start=row.locator_start,
                locator_end=row.locator_end,
                note=row.note,
            )
        )
    for row in _rows(session, Assertion):
        if row.status != "accepted":
            continue  # a reader's open or rejected proposal is derived state, not the curator's
        kind = _value(row.value_type)
        value = entity_keys[row.value_entity_id] if kind == "entity" and row.value_entity_id else row.value
        snap.assertions.append(
            AssertionRec(
                claim=claim_keys[row.claim_id],
                subject=entity_keys[row.subject_id],
                property=row.property,
                type=kind,
                value=value,
                holds_for=row.holds_for,
            )
        )
    for row in _rows(session, Relation):
        snap.relations.append(
            RelationRec(
                a=claim_keys[row.claim_a_id],
                kind=_value(row.kind),
                b=claim_keys[row.claim_b_id],
                status=_value(row.status),
                note=row.note,
                decided_by=row.decided_by,
                decided_at=decision_time(row.decided_at),
                decision=row.decision_note,
            )
        )
    _sort(snap)
    return snap


def fetched_at_text(at: datetime) -> str:
    """A snapshot's time as the bundle writes it: UTC, to the microsecond (SQLite hands it back naive)."""
    at = at.astimezone(UTC) if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _snapshots(
    session: Session, ranks: dict[int, dict[int, int]], *, bodies: bool
) -> dict[int, list[SnapshotRec]]:
    """Each document's snapshots in the order they were taken (bodies only with ``bodies``)."""
    columns = [c for c in DocumentSnapshot.__table__.c if bodies or c.name != "body"]
    found: dict[int, list[SnapshotRec]] = defaultdict(list)
    for row in session.execute(select(*columns).order_by(DocumentSnapshot.id)):
        found[row.document_id].append(
            SnapshotRec(
                revision=ranks[row.document_id].get(row.revision, row.revision),
                action=row.action,
                fetched_at=fetched_at_text(row.fetched_at),
                url=row.url,
                final_url=row.final_url,
                status=row.status,
                content_type=row.content_type,
                sha256=row.sha256,
                size=row.size,
                body=bytes(row.body) if bodies else b"",
            )
        )
    return found


def _sort(snap: Bundle) -> None:
    for keyed in (snap.outlets, snap.entities, snap.documents, snap.claims):
        keyed.sort(key=lambda r: r.key)
    snap.citations.sort(
        key=lambda c: (
            c.claim,
            c.kind,
            c.document or "",
            c.entity or "",
            c.person or "",
            c.locator or "",
            -1 if c.locator_start is None else c.locator_start,
            c.note or "",
        )
    )
    snap.assertions.sort(key=lambda a: (a.claim, a.subject, a.property, a.type, a.value, a.holds_for or ""))
    snap.relations.sort(key=lambda r: (r.a, r.kind, r.b, r.status, r.note or ""))
