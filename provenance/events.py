"""The event log: the store's own provenance. Every change writes one event.

The log is append-only: nothing in the package updates or deletes an event.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from .errors import InvalidInput
from .errors import field as named_field
from .ids import MAX_ID, is_id
from .models import Event

_SKIP = {"created_at", "version"}


def state_of(record: object) -> dict[str, Any]:
    """The record's column values as JSON-safe data, for an event's before/after."""
    values: dict[str, Any] = {}
    for attr in inspect(record).mapper.column_attrs:
        if attr.key in _SKIP:
            continue
        value = getattr(record, attr.key)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        values[attr.key] = value
    if "text" in values and isinstance(values["text"], str) and len(values["text"]) > 200:
        values["text"] = values["text"][:200] + "…"  # the text itself lives in document_text
    return values


def with_reading(state: dict[str, Any], reading: str | None) -> dict[str, Any]:
    """A document event's after-state with how its text was read (`readers.Reading.note`; None for
    a plain text read as it is): `documents.reading_of` finds it there."""
    return {**state, "reading": reading}


def record(
    session: Session,
    *,
    action: str,
    noun: str,
    summary: str,
    target: object | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Append one event, attributed to the session's actor."""
    if target is not None:
        session.flush()
    event = Event(
        actor=session.info.get("actor", "unknown"),
        action=action,
        noun=noun,
        record_id=getattr(target, "id", None),
        record_key=getattr(target, "key", None),
        summary=summary,
        before=before,
        after=after if after is not None or target is None else state_of(target),
    )
    session.add(event)
    return event


def list_events(
    session: Session,
    *,
    actor: str | None = None,
    noun: str | None = None,
    record_id: int | None = None,
    record_key: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[Event]:
    """Events, newest first, filtered by editor, noun, record and time."""
    query = select(Event).order_by(Event.id.desc())
    if actor:
        query = query.where(Event.actor == actor)
    if noun:
        query = query.where(Event.noun == noun)
    if record_id is not None:
        query = query.where(Event.record_id == record_id)
    if record_key is not None:
        query = query.where(Event.record_key == record_key)
    if since is not None:
        query = query.where(Event.at >= since)
    if until is not None:
        query = query.where(Event.at <= until)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def last_change(session: Session, noun: str, record_id: int) -> str:
    """ " by NAME at YYYY-MM-DD HH:MM" for the newest event on a record, or "" when it has none."""
    last = list_events(session, noun=noun, record_id=record_id, limit=1)
    return f" by {last[0].actor} at {last[0].at:%Y-%m-%d %H:%M}" if last else ""


def parse_when(value: str | datetime | None, *, field: str) -> datetime | None:
    """An ISO date or time as an aware UTC time (events are stored in UTC; no offset means UTC),
    so SQLite (which stores times without their offset) and PostgreSQL agree."""
    if value is None:
        return None
    if isinstance(value, datetime):
        when = value
    else:
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInput(
                f"{named_field(field)} {value!r} is not a date or time: write 2026-11-21 or 2026-11-21T09:30"
            ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def history(
    session: Session,
    ref: str | None = None,
    *,
    actor: str | None = None,
    noun: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
    limit: int | None = 50,
) -> list[Event]:
    """Events, newest first; ``ref`` is a record's key or ``NOUN:ID`` (``claim:12``)."""
    record_id = record_key = None
    if ref:
        if ":" in ref:
            noun, _, number = ref.partition(":")
            if not is_id(number):
                raise InvalidInput(f"{ref!r}: write NOUN:ID, e.g. claim:12")
            record_id = int(number) if int(number) <= MAX_ID else -1  # past any id: no record has -1
        else:
            record_key = ref
    return list_events(
        session,
        actor=actor,
        noun=noun,
        record_id=record_id,
        record_key=record_key,
        since=parse_when(since, field="since"),
        until=parse_when(until, field="until"),
        limit=limit or None,
    )


def record_named(session: Session, ref: str) -> str | None:
    """The noun of the record `ref` names (a key, or NOUN:ID), if one exists: how `log` tells
    "nothing happened to it" from "there is no such record". Indexed lookups only."""
    from .models import Assertion, Citation, Claim, Document, Entity, Outlet, Relation

    keyed: dict[str, Any] = {"outlet": Outlet, "doc": Document, "claim": Claim, "entity": Entity}
    numbered = {**keyed, "document": Document, "citation": Citation, "relation": Relation}
    numbered["assertion"] = Assertion
    if ":" in ref:
        noun, _, number = ref.partition(":")
        model = numbered.get(noun.strip().lower())
        if model is None or not is_id(number) or int(number) > MAX_ID:
            return None
        return noun if session.get(model, int(number)) is not None else None
    for noun, model in keyed.items():
        if session.scalar(select(model.id).where(model.key == ref.strip())) is not None:
            return noun
    return None
