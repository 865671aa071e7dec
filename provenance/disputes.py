"""What two contradicting claims dispute: the values each reads for one subject and property.

Pure: no database. The library (`conflicts.disputed_values`) and the report (its contradiction
pages) hand it the two claims' assertions; it returns, for every subject and property both
claims assert, each side's values as read with their precision ("2015 (year)" against
"May 2017 (month)"), so a contradiction names what is disputed, not only the prose.
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .detect import holds_for_key
from .errors import ProvenanceError
from .values import Value, compatible, describe, fold_text, parse_value


@dataclass(frozen=True, slots=True)
class Reading:
    """One assertion of a claim, as the comparison needs it."""

    subject: str  # the subject entity's name
    subject_key: object  # what identifies the subject (its id)
    property: str
    kind: str  # date, quantity, entity, text
    value: str  # as the text gives it; for an entity value, the entity's name
    value_key: object = None  # for an entity value, its id
    holds_for: str | None = None
    context_date: str | None = None  # the claim's document's publication date (year-less dates)


@dataclass(frozen=True, slots=True)
class Disputed:
    """One subject and property both claims assert, with each side's values as read."""

    subject: str
    property: str
    a: tuple[str, ...]  # "2015 (year)"; "80 (at the start)"
    b: tuple[str, ...]
    conflicting: bool  # some value of A cannot be true with some value of B

    @builtins.property  # the field `property` hides the builtin in the class body
    def label(self) -> str:
        return self.property.replace("_", " ")

    def line(self) -> str:
        """`death date of Turki al-Binali: 2015 (year) vs May 2017 (month)`"""
        return f"{self.label} of {self.subject}: {' or '.join(self.a)} vs {' or '.join(self.b)}"


def _parsed(r: Reading) -> Value | None:
    if r.kind == "entity":
        return None
    try:
        return parse_value(r.kind, r.value, context_date=r.context_date)
    except ProvenanceError:
        return None


def read_as(r: Reading) -> str:
    """The value as read, with its precision, and the time it holds for if it says one."""
    value = _parsed(r)
    shown = describe(value) if value is not None else r.value
    return f"{shown}, for {r.holds_for}" if r.holds_for else shown


def _agree(a: Reading, b: Reading) -> bool:
    if a.kind == "entity" or b.kind == "entity":
        return a.kind == b.kind and a.value_key == b.value_key
    if holds_for_key(a.holds_for, a.context_date) != holds_for_key(b.holds_for, b.context_date):
        return True  # values for different times or contexts are not rivals
    va, vb = _parsed(a), _parsed(b)
    if va is None or vb is None:
        return fold_text(a.value) == fold_text(b.value)
    return compatible(va, vb)


def disputed(a: Iterable[Reading], b: Iterable[Reading]) -> tuple[Disputed, ...]:
    """Every subject and property both sides assert: the conflicting ones first, then the rest
    (a curator may confirm a contradiction the values alone do not show), each in name order."""
    sides: dict[tuple[object, str], tuple[list[Reading], list[Reading]]] = defaultdict(lambda: ([], []))
    for index, readings in enumerate((a, b)):
        for r in readings:
            sides[(r.subject_key, r.property)][index].append(r)
    found = []
    for ra, rb in sides.values():
        if not ra or not rb:
            continue
        conflicting = any(not _agree(x, y) for x in ra for y in rb)
        found.append(
            Disputed(
                ra[0].subject,
                ra[0].property,
                tuple(dict.fromkeys(read_as(r) for r in ra)),
                tuple(dict.fromkeys(read_as(r) for r in rb)),
                conflicting,
            )
        )
    found.sort(key=lambda d: (not d.conflicting, d.subject.casefold(), d.property))
    return tuple(found)
