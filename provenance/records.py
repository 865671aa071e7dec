"""Finding records by what users type, and naming new ones.

Users refer to records by number (`12`) or by key (`tm-binali-2015`); every
command resolves them here so the error for a wrong reference is the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .errors import EditConflict, InvalidInput, NotFound
from .events import last_change
from .ids import MAX_ID, is_id

T = TypeVar("T")

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")


def slugify(text: str, *, max_length: int = 48) -> str:
    """A strict ASCII slug: safe in file names, URLs and YAML without quoting."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def check_key(key: str, *, field: str = "key") -> str:
    if not KEY_PATTERN.match(key) or key.isdigit():
        raise InvalidInput(
            f"{field} {key!r} must be lowercase ASCII letters, digits and hyphens "
            "(not only digits), starting with a letter or digit"
        )
    return key


def new_key(session: Session, model: type, base: str, *, fallback: str) -> str:
    """A key for a new record: the slug of `base`, made unique with -2, -3, …"""
    stem = slugify(base) or fallback
    if stem.isdigit():
        stem = f"{fallback}-{stem}"
    taken = set(
        session.scalars(
            select(model.key).where(model.key.like(f"{stem}%"))  # type: ignore[attr-defined]  # keyed models only
        )
    )
    if stem not in taken:
        return stem
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def get(session: Session, model: type[T], ref: str | int, *, noun: str, for_update: bool = False) -> T:
    """The record of type `model` whose id or key is `ref`, or NotFound naming it.

    ``for_update`` locks the row until the transaction ends (PostgreSQL's SELECT … FOR UPDATE;
    SQLite's writers are already serialised by BEGIN IMMEDIATE): a command that reads a record
    to change it then sees the newest version, so a concurrent editor's change is never lost
    and the version check (``expect``) compares against what will really be overwritten."""
    ref_text = str(ref).strip()
    if is_id(ref_text):
        found = (
            session.get(model, int(ref_text), with_for_update=for_update or None)
            if int(ref_text) <= MAX_ID
            else None
        )
    else:
        query = select(model).where(model.key == ref_text)  # type: ignore[attr-defined]  # keyed models only
        found = session.scalars(query.with_for_update() if for_update else query).one_or_none()
    if found is None and getattr(model, "__tablename__", None) == "document":
        found = _redirected(session, model, ref_text, for_update=for_update)
    if found is None:
        from .suggest import did_you_mean, keys

        near = did_you_mean(keys(session, model, ref_text)) if not is_id(ref_text) else ""
        raise NotFound(
            f"no {noun} {ref_text!r} (give its number or key; `provenance {noun} list` shows them).{near}"
        )
    return found


def _redirected(session: Session, model: type[T], ref: str, *, for_update: bool) -> T | None:
    """A merged document's old key or number finds the document it was merged into."""
    from .models import DocumentRedirect

    query = select(DocumentRedirect.document_id)
    if is_id(ref):
        query = query.where(DocumentRedirect.old_id == (int(ref) if int(ref) <= MAX_ID else -1))
    else:
        query = query.where(DocumentRedirect.key == ref)
    target = session.scalar(query)
    return session.get(model, target, with_for_update=for_update or None) if target is not None else None


def expect(session: Session, record: Any, expected: int | None, *, noun: str) -> None:
    """Refuse to change ``record`` if its version is not ``expected`` (the version the editor read),
    naming who changed it since (the lost-update guard behind every ``--expect-version``)."""
    if expected is None or record.version == expected:
        return
    who = last_change(session, noun, record.id)
    name = getattr(record, "key", None) or record.id
    raise EditConflict(
        f"{noun} {name} was changed{who} since you read it (version {record.version}, "
        f"you expected {expected}); reload it and try again"
    )


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def insert_keyed(session: Session, record: Any, *, base: str, fallback: str, explicit: bool) -> None:
    """Add ``record`` and flush it. When its key was made here (not given by the user) and another
    editor's record took that key in the moment between choosing and inserting (PostgreSQL, whose
    writers are not serialised as SQLite's are), choose again instead of refusing the command."""
    from sqlalchemy.exc import IntegrityError

    model = type(record)
    for attempt in range(8):
        try:
            with session.begin_nested():
                session.add(record)
                session.flush()
            return
        except IntegrityError as exc:
            if explicit or attempt == 7 or "key" not in str(exc.orig).lower():
                raise
            # The savepoint is gone and the record with it; READ COMMITTED now sees the winner's key.
            record.key = new_key(session, model, base, fallback=fallback)
