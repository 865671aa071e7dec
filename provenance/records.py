"""Finding records by what users type, and naming new ones.

Users refer to records by number (`12`) or by key (`tm-binali-2015`); every
command resolves them here so the error for a wrong reference is the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .errors import InvalidInput, NotFound

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
            select(model.key).where(model.key.like(f"{stem}%"))  # type: ignore[attr-defined]
        )
    )
    if stem not in taken:
        return stem
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


# Ids are 32-bit integers on every engine; a larger number names no record (and PostgreSQL
# would refuse to compare it with an integer column).
MAX_ID = 2**31 - 1


def is_id(ref: str) -> bool:
    """Whether `ref` is a record number (ASCII digits: "²" and "١٢" are not)."""
    return ref.isascii() and ref.isdigit()


def get(session: Session, model: type[T], ref: str | int, *, noun: str) -> T:
    """The record of type `model` whose id or key is `ref`, or NotFound naming it."""
    ref_text = str(ref).strip()
    if is_id(ref_text):
        found = session.get(model, int(ref_text)) if int(ref_text) <= MAX_ID else None
    else:
        found = session.scalars(select(model).where(model.key == ref_text)).one_or_none()  # type: ignore[attr-defined]
    if found is None:
        raise NotFound(
            f"no {noun} {ref_text!r} (give its number or key; `provenance {noun} list` shows them)"
        )
    return found


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0
