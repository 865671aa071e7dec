"""Outlets: who publishes, and how reliable they are (NATO/Admiralty A–F)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import events, records
from .errors import AlreadyExists, InvalidInput
from .models import Document, Grade, Outlet
from .text import check_field

GRADE_MEANINGS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


def parse_grade(value: str) -> Grade:
    grade = value.strip().upper()
    if grade not in GRADE_MEANINGS:
        choices = ", ".join(f"{k} ({v})" for k, v in GRADE_MEANINGS.items())
        raise InvalidInput(f"grade {value!r} is not on the Admiralty scale: {choices}")
    return Grade(grade)


def add_outlet(
    session: Session, name: str, *, grade: str = "F", reason: str | None = None, key: str | None = None
) -> Outlet:
    name = check_field(name, field="outlet name")
    if not name:
        raise InvalidInput("outlet name is empty")
    existing = session.scalars(select(Outlet).where(Outlet.name == name)).one_or_none()
    if existing is not None:
        raise AlreadyExists(f"outlet {name!r} already exists as outlet {existing.id} ({existing.key})")
    outlet = Outlet(
        key=records.check_key(key) if key else records.new_key(session, Outlet, name, fallback="outlet"),
        name=name,
        grade=parse_grade(grade),
        grade_reason=check_field(reason, field="reason") if reason else None,
    )
    session.add(outlet)
    events.record(session, action="add", noun="outlet", target=outlet, summary=f"added outlet {name!r}")
    return outlet


def find_outlet(session: Session, ref: str, *, for_update: bool = False) -> Outlet:
    """An outlet by number, key or exact name (``for_update``: locked to be changed, see records.get)."""
    query = select(Outlet).where(Outlet.name == ref.strip())
    by_name = session.scalars(query.with_for_update() if for_update else query).one_or_none()
    return by_name or records.get(session, Outlet, ref, noun="outlet", for_update=for_update)


def grade_outlet(
    session: Session, ref: str, *, grade: str, reason: str | None, expect_version: int | None = None
) -> Outlet:
    outlet = find_outlet(session, ref, for_update=True)
    records.expect(session, outlet, expect_version, noun="outlet")
    before = events.state_of(outlet)
    outlet.grade = parse_grade(grade)
    if reason is not None:
        outlet.grade_reason = check_field(reason, field="reason") or None
    events.record(
        session,
        action="update",
        noun="outlet",
        target=outlet,
        before=before,
        summary=f"graded outlet {outlet.name!r} {outlet.grade.value}",
    )
    return outlet


def list_outlets(session: Session) -> list[Outlet]:
    return list(session.scalars(select(Outlet).order_by(Outlet.name)))


def outlet_documents(session: Session, outlet: Outlet) -> list[Document]:
    return list(
        session.scalars(select(Document).where(Document.outlet_id == outlet.id).order_by(Document.id))
    )
