"""Suggested contradictions from readings: two claims are rivals when they bear on the same thing.

No word-overlap gate: claims are compared when their readings have the same subject (the event
their documents report, and any qualifier), the same property and unit (and for a distance the
same place of reference), whatever their wording. A pair is suggested when their values cannot
both hold, with these exceptions:

* a superseded figure (withdrawn, corrected, unconfirmed) is never a live rival;
* a ``varying`` count (people missing) is compared only with figures for the same time;
* a ``cumulative`` count (deaths, injured, rescued) may grow: only a figure that is lower at a
  strictly later time is suggested;
* a document that gives one property several incompatible values (a property that takes
  several values, or figures for different groups) is not used for that property;
* two figures one text gives from two different parties (police and organisers) are a dispute
  the text already states, not a suggestion; across texts they are rivals.

Ranked: static properties first, then time-bound counts, by how far apart the values are;
a figure of one party reported two ways first; pairs from one document last. Pure.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from .readings import Reading

_PEOPLE_PROPERTIES = frozenset(
    {
        "deaths",
        "injured",
        "missing",
        "rescued",
        "survivors",
        "on board",
        "turnout",
        "arrested",
        "displaced",
        "cases",
    }
)
_WEIGHT = {"static": 3.0, "varying": 2.0, "cumulative": 2.5}


@dataclass(frozen=True)
class ClaimReadings:
    """A claim with its readings and what the comparison needs to know of its document."""

    key: str
    document: str
    event: str | None
    readings: tuple[Reading, ...]
    outlet: str | None = None
    source: str | None = None  # the source the claim's sentence attributes it to ("police")


@dataclass(frozen=True)
class Suggestion:
    a: str  # claim keys, a < b
    b: str
    score: float
    property: str
    reason: str
    values: tuple[str, str]


def _key(c: ClaimReadings, r: Reading) -> tuple[object, ...] | None:
    if r.forecast:
        return None  # an expectation is no rival of a count
    if r.kind == "place":
        return (c.event, "place", r.property)
    if r.kind == "date":
        if r.role != "event" or r.property in ("date", "since") or r.qualifier:
            return None
        return (c.event, "date", r.property)
    unit = r.unit or ("people" if r.property in _PEOPLE_PROPERTIES else None)
    if r.property in ("count",) or unit in (
        "hours",
        "minutes",
        "days",
        "weeks",
        "months",
        "years",
        "seconds",
    ):
        return None  # a bare number or a duration: nothing to say what it counts
    return (c.event, r.qualifier, r.property, unit, r.reference)


def _bounds(r: Reading) -> tuple[float, float]:
    if r.kind == "date":
        assert isinstance(r.low, date) and isinstance(r.high, date)
        return r.low.toordinal(), r.high.toordinal()
    low = -math.inf if r.low is None else float(r.low)  # type: ignore[arg-type]
    high = math.inf if r.high is None else float(r.high)  # type: ignore[arg-type]
    return low, high


def _compatible(x: Reading, y: Reading) -> bool:
    if x.kind == "place" or y.kind == "place":
        return x.normalised == y.normalised
    a, b = _bounds(x), _bounds(y)
    return a[0] <= b[1] and b[0] <= a[1]


def _same_time(x: Reading, y: Reading) -> bool | None:
    if x.holds_for is None or y.holds_for is None:
        return None
    return x.holds_for[0] <= y.holds_for[1] and y.holds_for[0] <= x.holds_for[1]


def _later_lower(x: Reading, y: Reading) -> bool:
    """A cumulative count that is lower at a strictly later time than the other."""
    if x.holds_for is None or y.holds_for is None:
        return False
    if x.holds_for[1] < y.holds_for[0]:
        earlier, later = x, y
    elif y.holds_for[1] < x.holds_for[0]:
        earlier, later = y, x
    else:
        return False
    return _bounds(later)[1] < _bounds(earlier)[0]


def _describe(c: ClaimReadings, r: Reading) -> str:
    when = f", {r.holds_for[0].isoformat()}" if r.holds_for and r.holds_for[0] == r.holds_for[1] else ""
    who = c.outlet or c.document
    return f"{r.text!r} ({who}{when})"


def suggest(
    claims: Iterable[ClaimReadings], *, event_names: dict[str, str] | None = None
) -> list[Suggestion]:
    """Pairs of claims whose readings of one property cannot both hold, best first."""
    groups: dict[tuple[object, ...], list[tuple[ClaimReadings, Reading]]] = defaultdict(list)
    for c in claims:
        for r in c.readings:
            if r.superseded:
                continue
            key = _key(c, r)
            if key is not None and key[0] is not None:
                groups[key].append((c, r))
    best: dict[tuple[str, str], Suggestion] = {}
    for key, members in groups.items():
        ambiguous = _ambiguous_documents(members)
        for (ca, ra), (cb, rb) in combinations(members, 2):
            if ca.key == cb.key or ca.document in ambiguous or cb.document in ambiguous:
                continue
            if ca.document == cb.document and ca.source != cb.source and ca.source and cb.source:
                continue  # one text reporting two parties' figures: a dispute it already states
            if _compatible(ra, rb):
                continue
            behaviour = ra.behaviour if ra.behaviour == rb.behaviour else "varying"
            if behaviour == "varying" and _same_time(ra, rb) is False:
                continue
            if behaviour == "cumulative" and not _later_lower(ra, rb):
                continue
            if ca.key > cb.key:
                ca, ra, cb, rb = cb, rb, ca, ra
            la, ha = _bounds(ra) if ra.kind != "place" else (0.0, 0.0)
            lb, hb = _bounds(rb) if rb.kind != "place" else (1.0, 1.0)
            mid = lambda lo, hi: lo if math.isinf(hi) else hi if math.isinf(lo) else (lo + hi) / 2  # noqa: E731
            ma, mb = mid(la, ha), mid(lb, hb)
            gap = min(1.0, abs(ma - mb) / max(abs(ma), abs(mb), 1.0))
            score = (
                _WEIGHT[behaviour]
                + gap
                + (0.5 if _same_time(ra, rb) and ra.holds_for and ra.holds_for[0] == ra.holds_for[1] else 0.0)
            )
            if ca.document == cb.document:
                score -= 1.5
            if ca.source and ca.source == cb.source:
                score += 1.0  # the same party's figure reported two ways: the likeliest error
            subject = (event_names or {}).get(str(key[0]), "the same event")
            why = {
                "static": "does not change over time",
                "varying": "figures for the same time",
                "cumulative": "a count that can only grow is lower later",
            }[behaviour]
            prop = str(key[2])
            reason = f"{prop} of {subject}: {_describe(ca, ra)} vs {_describe(cb, rb)} — {why}"
            s = Suggestion(ca.key, cb.key, round(score, 4), prop, reason, (ra.text, rb.text))
            old = best.get((ca.key, cb.key))
            if old is None or s.score > old.score:
                best[(ca.key, cb.key)] = s
    return sorted(best.values(), key=lambda s: (-s.score, s.a, s.b))


def _ambiguous_documents(members: list[tuple[ClaimReadings, Reading]]) -> set[str]:
    """Documents that give this property incompatible live values at one time (several values)."""
    by_doc: dict[tuple[str, str | None], list[Reading]] = defaultdict(list)
    for c, r in members:
        by_doc[(c.document, c.source)].append(r)
    out = set()
    for doc, rs in by_doc.items():
        for x, y in combinations(rs, 2):
            if not _compatible(x, y) and _same_time(x, y) is not False and x.behaviour != "cumulative":
                out.add(doc[0])
    return out
