"""Assertions: a claim read as subject, property and typed value."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import events
from .claims import get_claim
from .documents import get_document
from .entities import resolve_entity
from .errors import InvalidInput
from .models import Assertion, ValueType
from .text import check_field
from .values import parse_value

TYPES = [t.value for t in ValueType]
_PROPERTY = re.compile(r"^[a-z][a-z0-9_]{0,99}$")


def parse_type(value: str) -> ValueType:
    try:
        return ValueType(value.strip().lower())
    except ValueError:
        raise InvalidInput(f"value type {value!r} is not one of: {', '.join(TYPES)}") from None


def parse_property(value: str) -> str:
    name = value.strip().lower().replace(" ", "_").replace("-", "_")
    if not _PROPERTY.match(name):
        raise InvalidInput(
            f"property {value!r} must be a snake_case name such as death_date or fighters_count"
        )
    return name


def add_assertion(
    session: Session,
    claim_ref: str,
    *,
    subject: str,
    prop: str,
    value: str,
    value_type: str = "text",
    holds_for: str | None = None,
) -> Assertion:
    claim = get_claim(session, claim_ref)
    kind = parse_type(value_type)
    value = check_field(value, field="value")
    value_entity_id = None
    if kind is ValueType.ENTITY:
        value_entity_id = resolve_entity(session, value).id
    else:
        # Parse now so a malformed value is refused at the door, with the forms accepted.
        published = get_document(session, str(claim.document_id)).published
        parse_value(kind.value, value, context_date=published)
    assertion = Assertion(
        claim_id=claim.id,
        subject_id=resolve_entity(session, subject).id,
        property=parse_property(prop),
        value_type=kind,
        value=value,
        value_entity_id=value_entity_id,
        holds_for=check_field(holds_for, field="holds_for") or None if holds_for else None,
    )
    session.add(assertion)
    events.record(
        session,
        action="add",
        noun="assertion",
        target=assertion,
        summary=f"claim {claim.key}: {subject} {assertion.property} = {value!r}",
    )
    return assertion


def list_assertions(
    session: Session, *, claim: str | None = None, subject: str | None = None
) -> list[Assertion]:
    # The curator's assertions (made or accepted); the reader's proposals are shown by `claim show`.
    query = select(Assertion).where(Assertion.status == "accepted").order_by(Assertion.id)
    if claim:
        query = query.where(Assertion.claim_id == get_claim(session, claim).id)
    if subject:
        query = query.where(Assertion.subject_id == resolve_entity(session, subject).id)
    return list(session.scalars(query))
