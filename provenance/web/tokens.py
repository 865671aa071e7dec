"""Workbench sign-in: per-editor tokens, created and revoked from the CLI, kept only hashed.

A token is ``LOOKUP.SECRET``: the lookup (random, stored as is) finds its row, the secret is
kept as ``scrypt(secret, salt)`` with a salt of its own, and compared with
:func:`hmac.compare_digest`. The token itself is printed once, by ``provenance serve token add``,
and stored nowhere. A revoked token is refused from the next request on: every request of a
signed-in session reads its row again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..db import Database
from ..errors import AlreadyExists, InvalidInput, NotFound, field
from ..models import EditorToken, utcnow

# scrypt's cost: about 16 MiB and a few tens of milliseconds a sign-in, once per session.
_N, _R, _P = 2**14, 8, 1


@dataclass(frozen=True)
class Editor:
    """Who a signed-in session is: the name every write carries as its actor."""

    name: str
    read_only: bool
    lookup: str


@dataclass(frozen=True)
class TokenRow:
    name: str
    read_only: bool
    created_at: datetime
    created_by: str
    revoked_at: datetime | None


def _digest(secret: str, salt: bytes) -> str:
    return hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32).hex()


def _name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput(f"{field('name')} is empty: give the editor's name")
    if len(clean) > 200:
        raise InvalidInput(f"{field('name')} is {len(clean)} characters long; at most 200 are allowed")
    return clean


def add(db: Database, name: str, *, read_only: bool = False) -> str:
    """A new token for ``name``; returns the token, which is never stored or shown again.

    A revoked editor's name can be given a new token; an active one cannot (revoke it first)."""
    clean = _name(name)
    lookup = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    with db.write() as session:
        row = session.scalars(select(EditorToken).where(EditorToken.name == clean)).one_or_none()
        if row is not None and row.revoked_at is None:
            raise AlreadyExists(
                f"{clean!r} already has a token; `provenance serve token revoke {clean!r}` first"
            )
        if row is None:
            row = EditorToken(name=clean, created_by=db.actor)
            session.add(row)
        row.lookup, row.salt, row.digest = lookup, salt.hex(), _digest(secret, salt)
        row.read_only, row.created_at, row.created_by, row.revoked_at = read_only, utcnow(), db.actor, None
    return f"{lookup}.{secret}"


def revoke(db: Database, name: str) -> None:
    clean = _name(name)
    with db.write() as session:
        row = session.scalars(select(EditorToken).where(EditorToken.name == clean)).one_or_none()
        if row is None or row.revoked_at is not None:
            raise NotFound(
                f"no active token for {field('name')} {clean!r}; see `provenance serve token list`"
            )
        row.revoked_at = utcnow()


def listing(db: Database) -> list[TokenRow]:
    with db.read() as session:
        rows = session.scalars(select(EditorToken).order_by(EditorToken.name)).all()
        return [TokenRow(r.name, r.read_only, r.created_at, r.created_by, r.revoked_at) for r in rows]


def any_active(db: Database) -> bool:
    with db.read() as session:
        count = session.scalar(
            select(func.count()).select_from(EditorToken).where(EditorToken.revoked_at.is_(None))
        )
        return bool(count)


def check(db: Database, token: str) -> Editor | None:
    """The editor ``token`` signs in, or None (unknown, wrong, malformed or revoked)."""
    lookup, dot, secret = token.strip().partition(".")
    if not dot or not lookup or not secret or len(lookup) > 32 or len(secret) > 200:
        return None
    with db.read() as session:
        row = session.scalars(select(EditorToken).where(EditorToken.lookup == lookup)).one_or_none()
        if row is None or row.revoked_at is not None:
            return None
        expected, salt = row.digest, bytes.fromhex(row.salt)
        editor = Editor(row.name, row.read_only, row.lookup)
    if not hmac.compare_digest(_digest(secret, salt), expected):
        return None
    return editor


def current(db: Database, lookup: str) -> Editor | None:
    """The editor of a signed-in session's token, if it is still active (read on every request)."""
    with db.read() as session:
        row = session.scalars(select(EditorToken).where(EditorToken.lookup == lookup)).one_or_none()
        if row is None or row.revoked_at is not None:
            return None
        return Editor(row.name, row.read_only, row.lookup)
