"""Contradictions found by grouping, never by comparing every pair of claims.

Two of the design's three ways (the third, a curator's ``relate``, needs no detection):

* **Detected from assertions** (:func:`detect_conflicts`): assertions with the same subject,
  property and time or context (``holds_for``) are rivals; a pair whose typed values cannot
  both be true (:func:`provenance.values.compatible`) is a conflict. Within a group, dates and
  quantities are swept in order of their intervals, so the work is proportional to the number
  of assertions plus the number of conflicts (see :func:`_interval_conflicts`).
* **Suggested from text** (:func:`suggest_conflicts`): claims that name a common entity and
  mention dates or numbers that cannot agree, ranked for a curator. Only claims sharing an
  entity are ever compared.

Both stay suggestions until a curator confirms them. Pure: no database, no printing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from provenance.errors import InvalidInput
from provenance.values import (
    MONTH_PATTERN,
    DateValue,
    EntityValue,
    QuantityValue,
    TextValue,
    Value,
    compatible,
    describe,
    fold_text,
    parse_date,
    parse_quantity,
    parse_value,
)

# ------------------------------------------------------------------------------ detected from assertions


@dataclass(frozen=True)
class AssertionRow:
    """One assertion as plain data; ``subject`` is already the canonical entity id or key."""

    id: int
    claim_id: int
    document_id: int
    subject: str
    property: str
    kind: str
    value: str
    holds_for: str | None = None
    context_date: str | None = None  # the document's date: supplies the year to "early February"


@dataclass(frozen=True)
class DetectedConflict:
    """Two rival assertions whose values cannot both hold; ``a`` has the lower (claim id, id)."""

    a: AssertionRow
    b: AssertionRow
    reason: str


@dataclass(frozen=True)
class Detection:
    """What :func:`detect_conflicts` found.

    ``unparsed`` lists the assertions whose value could not be read, with the reason, rather than
    failing the whole run. ``comparisons`` counts the value comparisons made outside sorting (probes
    of the binary searches plus pairs examined): O(n log n + conflicts), never O(n²) for a group of
    agreeing values. It is exposed so tests and benchmarks can hold the algorithm to that bound.
    """

    conflicts: list[DetectedConflict]
    unparsed: list[tuple[AssertionRow, str]]
    comparisons: int


_Member = tuple[AssertionRow, Value]
_GroupKey = tuple[str, str, tuple[str, ...] | None]


class _Counter:
    """Comparisons made, for :attr:`Detection.comparisons`."""

    def __init__(self) -> None:
        self.n = 0


def holds_for_key(holds_for: str | None, context_date: str | None = None) -> tuple[str, ...] | None:
    """The grouping form of ``holds_for``: the same time or context gives the same key.

    A time is compared by its interval, so "2017" and "in 2017" group together; anything else by
    its folded text ("At the start" = "at the start"). A missing or blank ``holds_for`` is None and
    only groups with other missing ones: a count "at the start" and one "soon after" are not rivals,
    and neither is a rival of a count that says nothing of its time.
    """
    if holds_for is None or not holds_for.strip():
        return None
    try:
        when = parse_date(holds_for, context_date=context_date)
    except InvalidInput:
        return ("text", fold_text(holds_for))
    return ("date", when.low.isoformat(), when.high.isoformat())


def detect_conflicts(rows: Iterable[AssertionRow]) -> Detection:
    """Every pair of rival assertions (same subject, property and holds_for) whose values are incompatible.

    Pairs from the same claim are skipped: a claim that reads one thing two ways is not a
    disagreement between sources. The result is ordered by (claim ids, assertion ids), so the same
    rows in any order give the same answer.

    Cost: O(n log n + k + s) for n assertions, k conflicts and s same-claim pairs among them.
    """
    groups: dict[_GroupKey, list[_Member]] = defaultdict(list)
    unparsed: list[tuple[AssertionRow, str]] = []
    for row in rows:
        try:
            value = parse_value(row.kind, row.value, context_date=row.context_date)
        except InvalidInput as exc:
            unparsed.append((row, str(exc)))
            continue
        groups[(row.subject, row.property, holds_for_key(row.holds_for, row.context_date))].append(
            (row, value)
        )
    counter = _Counter()
    conflicts = [c for members in groups.values() for c in _group_conflicts(members, counter)]
    conflicts.sort(key=lambda c: (c.a.claim_id, c.b.claim_id, c.a.id, c.b.id))
    unparsed.sort(key=lambda u: (u[0].claim_id, u[0].id))
    return Detection(conflicts, unparsed, counter.n)


def _group_conflicts(members: list[_Member], counter: _Counter) -> Iterator[DetectedConflict]:
    """Conflicts within one group of rivals.

    Members are bucketed: one bucket per interval kind (date, quantity), one per distinct entity or
    folded text. Any two members in different buckets conflict (different entities, different text,
    or one property read as two kinds), so pairing across buckets examines only conflicting pairs.
    Inside an interval bucket the sweep finds the pairs that do not overlap.
    """
    buckets: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    for row, value in members:
        name = value.key if isinstance(value, EntityValue | TextValue) else ""
        buckets[(value.kind, name)].append((row, value))
    keys = sorted(buckets)
    for key in keys:
        if key[0] in ("date", "quantity"):
            yield from _interval_conflicts(buckets[key], counter)
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            for x in buckets[first]:
                for y in buckets[second]:
                    if (conflict := _pair(x, y, counter)) is not None:
                        yield conflict


def _interval_conflicts(members: list[_Member], counter: _Counter) -> Iterator[DetectedConflict]:
    """Pairs of dates (or of quantities) whose intervals do not overlap, output-sensitively.

    Sorted by low end, the intervals that start after x ends form a suffix of the order, found by
    binary search; every one of them conflicts with x, and every conflicting pair {x, y} (say x ends
    before y starts) is reported once, from x. So the cost is O(n log n) for the sort and searches
    plus O(1) per pair reported: 2,000 agreeing values cost ~22,000 comparisons, not 2,000,000.
    """
    ordered = sorted(members, key=lambda m: (*_bounds(m[1]), m[0].claim_id, m[0].id))
    lows = [_bounds(value)[0] for _, value in ordered]
    probes = len(lows).bit_length()  # what one binary search over n items costs, at most
    for x in ordered:
        counter.n += probes
        for y in ordered[bisect_right(lows, _bounds(x[1])[1]) :]:
            if (conflict := _pair(x, y, counter)) is not None:
                yield conflict


def _bounds(value: Value) -> tuple[float, float]:
    """A date or quantity interval as numbers (dates as day ordinals), so one sweep serves both."""
    if isinstance(value, DateValue):
        return value.low.toordinal(), value.high.toordinal()
    if isinstance(value, QuantityValue):
        return value.low, value.high
    raise TypeError(f"{value.kind} values have no interval")


def _pair(x: _Member, y: _Member, counter: _Counter) -> DetectedConflict | None:
    """The conflict between two members known to disagree, or None for two readings of one claim."""
    counter.n += 1
    if x[0].claim_id == y[0].claim_id:
        return None
    if (y[0].claim_id, y[0].id) < (x[0].claim_id, x[0].id):
        x, y = y, x
    return DetectedConflict(x[0], y[0], _reason(x[1], y[1]))


def _reason(a: Value, b: Value) -> str:
    """Why two values cannot both hold, in the curator's terms: "2015 (year) vs May 2017 (month): …"."""
    if a.kind != b.kind:
        return f"{describe(a)} ({a.kind}) vs {describe(b)} ({b.kind}): the property is read as two kinds"
    if isinstance(a, DateValue):
        return f"{describe(a)} vs {describe(b)}: no day in common"
    if isinstance(a, QuantityValue):
        return f"{describe(a)} vs {describe(b)}: no number in common"
    return f"{describe(a)!r} vs {describe(b)!r}: different {a.kind}"


# ---------------------------------------------------------------------------------- suggested from text

MAX_ENTITY_GROUP = 200
# Claims whose wording shares less than this (Jaccard of content words) are about different
# things even when they name one entity: "al-Zawahiri disavowed IS in February 2014" and
# "al-Zawahiri praised AQIM in September 2017" are no contradiction. Measured on the seed
# corpus: without it, 198 suggestions, nearly all such pairs.
MIN_WORD_OVERLAP = 0.2
"""Entities named by more claims than this are not used to pair claims.

An entity in hundreds of claims ("Islamic State" across a corpus) says little about whether two
of them discuss the same fact, and pairing all of them costs the square of the group. Claims that
also share a rarer entity are still paired through it; the cap bounds the work at
MAX_ENTITY_GROUP² / 2 pairs per entity.
"""


@dataclass(frozen=True)
class ClaimText:
    """A claim as text (its statement and quote) with the canonical ids of the entities it names."""

    id: int
    document_id: int
    text: str
    entity_ids: frozenset[str]


@dataclass(frozen=True)
class Suggestion:
    """Two claims that may disagree, for a curator to review; ``a.id < b.id``.

    ``score`` = shared entities + word overlap (Jaccard, 0–1) + 1.5 if dates disagree + 0.25 if numbers do.
    A date disagreement outweighs any closeness of wording and a number disagreement together: the
    corpus's contradictions are mostly about when, and numbers in prose are more often about
    different things ("two sons", "80 fighters").
    """

    a: ClaimText
    b: ClaimText
    score: float
    reason: str
    shared: tuple[str, ...]


# Dates are looked for only where a year is written: "May 8" alone cannot be placed.
_CENTURY = r"(?:19|20)"
_YEAR = rf"{_CENTURY}\d\d"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_ONE_DATE = (
    rf"(?:(?:early|mid|late)[- ]?{MONTH_PATTERN},?\s{_YEAR}"
    rf"|{MONTH_PATTERN}\s{_DAY},?\s{_YEAR}|{_DAY}\s(?:of\s)?{MONTH_PATTERN},?\s{_YEAR}"
    rf"|{MONTH_PATTERN},?\s{_YEAR}|(?:early|mid|late)[- ]?{_YEAR}"
    rf"|(?:the\s)?(?:spring|summer|autumn|fall|winter)(?:\sof)?\s{_YEAR}"
    rf"|(?:the\s)?(?:(?:early|mid|late)[- ]?)?{_CENTURY}\d0s|{_YEAR}-\d\d-\d\d|{_YEAR})"
)
_DATE_IN_TEXT = re.compile(
    rf"\b(?:between\s{_ONE_DATE}\sand\s{_ONE_DATE}|{_ONE_DATE}\s?[-–]\s?{_ONE_DATE}|{_ONE_DATE})\b", re.I
)
# Month-and-day without a year: not compared, but hidden so "October 7" does not read as a count of 7.
_YEARLESS_DAY = re.compile(rf"\b(?:{MONTH_PATTERN}\s{_DAY}|{_DAY}\s(?:of\s)?{MONTH_PATTERN})\b", re.I)
_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six"
    r"|seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_NUMERAL = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_NUM_WORD})(?:\s(?:hundred|thousand|million))?"
_VAGUE_AMOUNT = (
    r"(?:(?:a\sfew|several)\s(?:dozen|hundred|thousand)|(?:tens|hundreds)\sof\sthousands|dozens|hundreds"
    r"|thousands|half\sa\sdozen|a\sdozen|a\shandful)"
)
_QUALIFIER = (
    r"(?:about|around|roughly|approximately|an\sestimated|some|nearly|almost|more\sthan|over|at\sleast"
    r"|fewer\sthan|less\sthan|under|up\sto)"
)
# Not inside a word, a decimal, a note marker ("[1]"), a page ("p. 8"), a volume ("9:10") or a URL.
_QUANTITY_IN_TEXT = re.compile(
    r"(?<![\w\[.,/:])(?<!\bp\.\s)(?<!\bpp\.\s)"
    rf"(?:{_QUALIFIER}\s)?(?:{_VAGUE_AMOUNT}|{_NUMERAL}(?:\s?(?:-|–|to)\s?{_NUMERAL})?)"
    r"(?![\w\]/:]|[.,]\d)",
    re.I,
)
_STOPWORDS = frozenset(
    ("that", "this", "with", "from", "were", "have", "been", "which", "their", "there", "they", "them")
    + ("also", "after", "before", "about", "said", "says", "into", "than", "when", "where", "while")
    + ("would", "could", "should", "other", "more", "most", "some", "such", "only", "over", "under")
)


@dataclass(frozen=True)
class _Features:
    """What suggestions compare in a claim's text, extracted once per claim."""

    dates: tuple[tuple[str, DateValue], ...]
    quantities: tuple[tuple[str, QuantityValue], ...]
    words: frozenset[str]


def extract_dates(text: str) -> list[tuple[str, DateValue]]:
    """The date expressions with a year in ``text``, each with its reading."""
    found = []
    for m in _DATE_IN_TEXT.finditer(text):
        try:
            found.append((m[0], parse_date(m[0])))
        except InvalidInput:  # e.g. "2016–2014": not a date we can use
            continue
    return found


def extract_quantities(text: str) -> list[tuple[str, QuantityValue]]:
    """The counts in ``text`` (digits, number words, vague amounts), dates and days of months left out."""
    for pattern in (_DATE_IN_TEXT, _YEARLESS_DAY):
        text = pattern.sub(lambda m: " " * len(m[0]), text)
    found = []
    for m in _QUANTITY_IN_TEXT.finditer(text):
        try:
            found.append((m[0], parse_quantity(m[0])))
        except InvalidInput:
            continue
    return found


def _features(claim: ClaimText) -> _Features:
    words = {w for w in re.findall(r"[^\W\d_]{4,}", claim.text.casefold()) if w not in _STOPWORDS}
    return _Features(
        tuple(extract_dates(claim.text)), tuple(extract_quantities(claim.text)), frozenset(words)
    )


def _disagreement(
    xs: tuple[tuple[str, DateValue | QuantityValue], ...],
    ys: tuple[tuple[str, DateValue | QuantityValue], ...],
) -> str | None:
    """ "2015 vs May 2017" when some expression of one side agrees with none of the other's, else None."""
    if not xs or not ys:
        return None
    for x_text, x in xs:
        if not any(compatible(x, y) for _, y in ys):
            return f"{x_text} vs {ys[0][0]}"
    for y_text, y in ys:
        if not any(compatible(x, y) for _, x in xs):
            return f"{xs[0][0]} vs {y_text}"
    return None


def _suggest(
    a: ClaimText, b: ClaimText, fa: _Features, fb: _Features, min_overlap: float
) -> Suggestion | None:
    dates = _disagreement(fa.dates, fb.dates)
    numbers = _disagreement(fa.quantities, fb.quantities)
    if dates is None and numbers is None:
        return None
    shared = tuple(sorted(a.entity_ids & b.entity_ids))
    union = fa.words | fb.words
    overlap = len(fa.words & fb.words) / len(union) if union else 0.0
    if overlap < min_overlap:
        return None
    score = len(shared) + overlap + (1.5 if dates else 0.0) + (0.25 if numbers else 0.0)
    differences = "; ".join(d for d in (dates, numbers) if d)
    return Suggestion(a, b, round(score, 4), differences, shared)


def suggest_conflicts(
    claims: Iterable[ClaimText], *, max_group: int = MAX_ENTITY_GROUP, min_overlap: float = MIN_WORD_OVERLAP
) -> list[Suggestion]:
    """Pairs of claims that name a common entity and differ in a date or number, best first.

    A date (or number) of one claim that is compatible with none of the other's makes the pair;
    claims from the same document are kept (one seed article dates one warrant two ways). Only
    claims in the same entity group are paired, and groups above ``max_group`` are skipped (see
    :data:`MAX_ENTITY_GROUP`). Ranked by score, ties by claim ids.
    """
    by_id = {c.id: c for c in claims}
    features = {cid: _features(c) for cid, c in by_id.items()}
    groups: dict[str, list[int]] = defaultdict(list)
    for cid in sorted(by_id):
        if features[cid].dates or features[cid].quantities:
            for entity in by_id[cid].entity_ids:
                groups[entity].append(cid)
    seen: set[tuple[int, int]] = set()
    suggestions = []
    for entity in sorted(groups):
        if len(groups[entity]) > max_group:
            continue
        for pair in combinations(groups[entity], 2):  # ids ascending: groups were filled in id order
            if pair in seen:
                continue
            seen.add(pair)
            a, b = by_id[pair[0]], by_id[pair[1]]
            if (suggestion := _suggest(a, b, features[a.id], features[b.id], min_overlap)) is not None:
                suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.a.id, s.b.id))
    return suggestions
