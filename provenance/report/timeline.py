"""The timeline: dated assertions drawn as intervals, one row per subject and property.

Only geometry is computed here (numbers already formatted for SVG attributes);
the template draws the SVG. A row whose values cannot all be true at once is
marked as a conflict in text, not by colour alone.
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from ..text import shorten
from ..values import DateValue
from .html import published_date
from .questions import date_conflict
from .views import AssertionView, ClaimView, DocumentView, EntityView, OutletView, Site

WIDTH = 800.0
AXIS = 34.0  # room for the tick labels at the top
LANE = 40.0
BAR = 12.0
MIN_BAR = 5.0
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True, slots=True)
class Mark:
    assertion: AssertionView
    claim: ClaimView
    document: DocumentView
    outlet: OutletView | None
    low: date
    high: date
    reading: str
    source: str  # the label drawn beside the bar
    x: str
    y: str
    width: str
    label_x: str
    label_y: str
    anchor: str  # text-anchor of the label: start or end


@dataclass(frozen=True, slots=True)
class Row:
    subject: EntityView
    property: str
    conflict: bool
    marks: tuple[Mark, ...]
    unread: tuple[AssertionView, ...]  # date assertions the parser could not read
    ticks: tuple[Tick, ...]
    height: str
    axis_y: str

    @builtins.property  # the field `property` hides the builtin in the class body
    def label(self) -> str:
        return self.property.replace("_", " ")


def _shift(day: date, delta: timedelta) -> date:
    """`day + delta`, kept inside the calendar (year 1 to 9999)."""
    try:
        return day + delta
    except OverflowError:
        return date.min if delta < timedelta(0) else date.max


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _ticks(low: date, high: date) -> list[tuple[date, str]]:
    years = high.year - low.year
    if years >= 2:
        step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 500) if years / s <= 8), 1000)
        first = (low.year // step + 1) * step
        return [(date(y, 1, 1), str(y)) for y in range(first, high.year + 1, step)]
    months = (high.year - low.year) * 12 + high.month - low.month
    step = next((s for s in (1, 2, 3, 6) if months / s <= 8), 12)
    found: list[tuple[date, str]] = []
    year, month = low.year, low.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        tick = date(year, month, 1)
        if tick > high:
            return found
        if (month - 1) % step == 0:
            label = str(year) if month == 1 else f"{_MONTHS[month - 1]} {year}"
            found.append((tick, label))


def timeline_rows(site: Site) -> list[Row]:
    """One row per subject and property with a dated assertion; rows in conflict come first."""
    grouped: dict[tuple[int, str], list[AssertionView]] = defaultdict(list)
    for assertion in site.assertions.values():
        if assertion.value_type == "date":
            grouped[(assertion.subject_id, assertion.property)].append(assertion)
    keys = sorted(grouped, key=lambda k: (site.entities[k[0]].name, k[1], k[0]))
    rows = [_row(site, site.entities[subject], prop, grouped[(subject, prop)]) for subject, prop in keys]
    return [r for r in rows if r.conflict] + [r for r in rows if not r.conflict]  # conflicts first


def _row(site: Site, subject: EntityView, prop: str, rows: list[AssertionView]) -> Row:
    dates, conflict = date_conflict(site, rows)
    read: list[tuple[AssertionView, DateValue]] = [
        (a, d) for a, d in zip(rows, dates, strict=True) if d is not None
    ]
    unread = tuple(a for a, d in zip(rows, dates, strict=True) if d is None)
    read.sort(key=lambda item: (item[1].low, item[1].high, item[0].id))
    ticks: list[Tick] = []
    marks: list[Mark] = []
    if read:
        low = min(d.low for _, d in read)
        high = max(d.high for _, d in read)
        pad = timedelta(days=max(15, (high - low).days // 20))
        start, end = _shift(low, -pad), _shift(high, pad)
        span = (end - start).days + 1

        def x_of(day: date) -> float:
            return (day - start).days / span * WIDTH

        ticks = [Tick(_fmt(x_of(day)), label) for day, label in _ticks(start, end)]
        for lane, (assertion, value) in enumerate(read):
            claim = site.claims[assertion.claim_id]
            document = site.documents[claim.document_id]
            outlet = site.outlets.get(document.outlet_id) if document.outlet_id is not None else None
            x = x_of(value.low)
            width = max(MIN_BAR, x_of(value.high + timedelta(days=1)) - x)
            y = AXIS + lane * LANE + 4
            right = x + width / 2 > WIDTH * 0.55
            where = outlet.name if outlet else document.title
            source = shorten(
                f"{assertion.value} ({where}, {published_date(document.published)})", 70, one_line=False
            )
            marks.append(
                Mark(
                    assertion=assertion,
                    claim=claim,
                    document=document,
                    outlet=outlet,
                    low=value.low,
                    high=value.high,
                    reading=value.text,
                    source=source,
                    x=_fmt(x),
                    y=_fmt(y),
                    width=_fmt(width),
                    label_x=_fmt(x + width if right else x),
                    label_y=_fmt(y + BAR + 14),
                    anchor="end" if right else "start",
                )
            )
    height = AXIS + max(1, len(marks)) * LANE + 6
    return Row(
        subject=subject,
        property=prop,
        conflict=conflict,
        marks=tuple(marks),
        unread=unread,
        ticks=tuple(ticks),
        height=_fmt(height),
        axis_y=_fmt(AXIS - 8),
    )
