"""What a record number is: the one rule every lookup by number shares (pure)."""

from __future__ import annotations

# Ids are 32-bit integers on every engine; a larger number names no record (and PostgreSQL
# would refuse to compare it with an integer column).
MAX_ID = 2**31 - 1


def is_id(ref: str) -> bool:
    """Whether `ref` is a record number (ASCII digits: "²" and "١٢" are not)."""
    return ref.isascii() and ref.isdigit()
