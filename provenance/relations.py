"""Relations between claims: contradicts, corroborates, repeats, refines, corrects."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from . import events
from .claims import get_claim
from .errors import AlreadyExists, InvalidInput
from .models import Relation, RelationKind, RelationStatus
from .text import check_field

KINDS = [k.value for k in RelationKind]
STATUSES = [s.value for s in RelationStatus]


def parse_kind(value: str) -> RelationKind:
    try:
        return RelationKind(value.strip().lower())
    except ValueError:
        raise InvalidInput(f"relation {value!r} is not one of: {', '.join(KINDS)}") from None


def parse_status(value: str) -> RelationStatus:
    try:
        return RelationStatus(value.strip().lower())
    except ValueError:
        raise InvalidInput(f"status {value!r} is not one of: {', '.join(STATUSES)}") from None


def add_relation(
    session: Session, a_ref: str, kind: str, b_ref: str, *, note: str | None = None, status: str = "confirmed"
) -> Relation:
    a, b = get_claim(session, a_ref), get_claim(session, b_ref)
    if a.id == b.id:
        raise InvalidInput("a claim cannot be related to itself")
    relation_kind = parse_kind(kind)
    symmetric = relation_kind in (RelationKind.CONTRADICTS, RelationKind.CORROBORATES)
    pairs = [(a.id, b.id), (b.id, a.id)] if symmetric else [(a.id, b.id)]
    for first, second in pairs:
        existing = session.scalars(
            select(Relation).where(
                Relation.claim_a_id == first, Relation.claim_b_id == second, Relation.kind == relation_kind
            )
        ).one_or_none()
        if existing is not None:
            raise AlreadyExists(
                f"claims {a.key} and {b.key} are already related ({relation_kind.value}, "
                f"{existing.status.value}) as relation {existing.id}"
            )
    relation = Relation(
        claim_a_id=a.id,
        kind=relation_kind,
        claim_b_id=b.id,
        status=parse_status(status),
        note=check_field(note, field="note") or None if note else None,
        created_by=session.info.get("actor", "unknown"),
    )
    session.add(relation)
    events.record(
        session,
        action="add",
        noun="relation",
        target=relation,
        summary=f"{a.key} {relation_kind.value} {b.key}",
    )
    return relation


def list_relations(
    session: Session, *, kind: str | None = None, status: str | None = None, claim: str | None = None
) -> list[Relation]:
    query = select(Relation).order_by(Relation.id)
    if kind:
        query = query.where(Relation.kind == parse_kind(kind))
    if status:
        query = query.where(Relation.status == parse_status(status))
    if claim:
        claim_id = get_claim(session, claim).id
        query = query.where(or_(Relation.claim_a_id == claim_id, Relation.claim_b_id == claim_id))
    return list(session.scalars(query))
