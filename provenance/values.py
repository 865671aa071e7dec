"""Typed values of structured assertions: dates, quantities, entities and text.

An assertion reads a claim as subject / property / value. Sources rarely state a value
exactly ("late May 2017", "several hundred"), so dates and quantities are read as the
*closed interval* of what the wording admits, and two values are compatible when their
intervals overlap: a contradiction is a pair of readings that no single state of the
world satisfies. Vague words are read generously, because a false "conflict" costs a
curator's time while a missed one only leaves the question to the text suggestions.

Pure: no database, no printing.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from provenance.errors import InvalidInput

KINDS = ("date", "quantity", "entity", "text")
DatePrecision = Literal["day", "month", "year", "season", "decade", "range"]


@dataclass(frozen=True)
class DateValue:
    """The days ``low``..``high`` (inclusive) that ``text`` admits.

    ``precision`` is a coarse label for display: calendar units (day, month, year, decade),
    a season, or "range" for anything else (early/mid/late parts, explicit ranges).
    """

    text: str
    low: date
    high: date
    precision: DatePrecision
    kind: ClassVar[str] = "date"


@dataclass(frozen=True)
class QuantityValue:
    """The numbers ``low``..``high`` (inclusive; ``high`` may be ``math.inf``) that ``text`` admits.

    ``approximate`` means the interval is our reading of hedged or vague wording
    ("about 80", "several hundred") rather than numbers the source gave.
    """

    text: str
    low: float
    high: float
    approximate: bool
    kind: ClassVar[str] = "quantity"


@dataclass(frozen=True)
class EntityValue:
    """A canonical entity id or key: the caller resolves aliases before comparing."""

    text: str
    kind: ClassVar[str] = "entity"

    @property
    def key(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class TextValue:
    """Free text, compared case- and whitespace-insensitively."""

    text: str
    kind: ClassVar[str] = "text"

    @property
    def key(self) -> str:
        return fold_text(self.text)


Value = DateValue | QuantityValue | EntityValue | TextValue


def fold_text(s: str) -> str:
    """Case- and whitespace-insensitive form (NFKC, casefolded, runs of spaces collapsed)."""
    return " ".join(unicodedata.normalize("NFKC", s).casefold().split())


def _clean(s: str) -> str:
    """Folded text with every dash spelled "-" and no trailing punctuation."""
    return re.sub(r"[\u2010-\u2015\u2212]", "-", fold_text(s)).rstrip(".,;:")


def _splits(t: str, forms: tuple[tuple[str, tuple[str, ...]], ...]) -> Iterator[tuple[str, str]]:
    """Every (left, right) reading of t as ``lead left sep right``, for each (lead, separators) form.

    Every place sep occurs is tried: "between two hundred and fifty and three hundred" splits at the second.
    """
    for lead, separators in forms:
        if not t.startswith(lead):
            continue
        body = t[len(lead) :]
        for sep in separators:
            at = body.find(sep, 1)
            while at > 0:
                yield body[:at].strip(), body[at + len(sep) :].strip()
                at = body.find(sep, at + 1)


# ---------------------------------------------------------------------------------------------- dates

MONTH_NAMES: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
MONTH_NAMES += ("August", "September", "October", "November", "December")
# Non-capturing so other modules can embed it (detect.py finds dates in prose with it).
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_M = rf"(?P<m>{MONTH_PATTERN})"
_D = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(?P<y>\d{4})"
_OPT_Y = rf"(?:,? {_Y})?"
_PART = r"(?P<part>early|mid|late)[- ]?"
_SEASON = r"(?:the )?(?P<season>spring|summer|autumn|fall|winter)"
# Tolerated lead-ins that do not change the interval ("around" and "circa" are read as the
# plain date: the interval is already as wide as the wording's precision).
_DATE_FILLER = re.compile(r"^(?:in|on|around|circa|ca\.|c\.|about|approximately|roughly|during|sometime in) ")

_Span = tuple[date, date, DatePrecision]


_MONTH_NUMBERS = {name[:3].casefold(): number for number, name in enumerate(MONTH_NAMES, 1)}


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name[:3]]


def _month_span(year: int, month: int, first: int = 1, last: int | None = None) -> tuple[date, date]:
    days = calendar.monthrange(year, month)[1]
    return date(year, month, first), date(year, month, min(last or days, days))


def _day(m: re.Match[str], year: int) -> _Span:
    d = date(year, _month_number(m["m"]), int(m["d"]))  # ValueError for February 30
    return d, d, "day"


def _iso(m: re.Match[str], year: int) -> _Span | None:
    month = int(m["mm"])
    if not 1 <= month <= 12:
        return None  # perhaps a range of years: "2014-16"
    if m["dd"] is None:
        return (*_month_span(year, month), "month")
    d = date(year, month, int(m["dd"]))
    return d, d, "day"


# Thirds: of a month by days 1–10 / 11–20 / 21–end, of a year by four-month blocks.
_MONTH_THIRDS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_THIRDS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def _month(m: re.Match[str], year: int) -> _Span:
    """ "May 2017", or a third of it: "late May 2017"."""
    if m.groupdict().get("part") is None:
        return (*_month_span(year, _month_number(m["m"])), "month")
    return (*_month_span(year, _month_number(m["m"]), *_MONTH_THIRDS[m["part"]]), "range")


def _year(m: re.Match[str], year: int) -> _Span:
    """ "2017", or a third of it: "mid-2017"."""
    if m.groupdict().get("part") is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    first, last = _YEAR_THIRDS[m["part"]]
    return _month_span(year, first)[0], _month_span(year, last)[1], "range"


def _season(m: re.Match[str], year: int) -> _Span:
    """Northern meteorological seasons; "winter Y" runs Jan Y – Feb Y+1 to admit both readings."""
    if m["season"] == "winter":
        return date(year, 1, 1), _month_span(year + 1, 2)[1], "season"
    first = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9}[m["season"]]
    return _month_span(year, first)[0], _month_span(year, first + 2)[1], "season"


def _decade(m: re.Match[str], _year: int) -> _Span:
    start = int(m["dec"]) * 10
    first, last = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}[m["part"]]
    return date(start + first, 1, 1), date(start + last, 12, 31), "decade" if m["part"] is None else "range"


# First full match wins; a pattern whose year group is empty takes the year from context.
_DATE_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str], int], _Span | None]]] = [
    (re.compile(pattern), handler)
    for pattern, handler in [
        (rf"{_Y}-(?P<mm>\d{{1,2}})(?:-(?P<dd>\d{{1,2}}))?", _iso),
        (rf"{_M} {_D}{_OPT_Y}", _day),
        (rf"{_D} (?:of )?{_M}{_OPT_Y}", _day),
        (rf"{_PART}{_M}{_OPT_Y}", _month),
        (rf"{_M}{_OPT_Y}", _month),
        (rf"{_PART}{_Y}", _year),
        (rf"{_SEASON}(?: of)?(?: {_Y})?", _season),
        (r"(?:the )?(?:(?P<part>early|mid|late)[- ]?)?(?P<dec>\d{3})0'?s", _decade),
        (_Y, _year),
    ]
]
_DATE_RANGES = (
    ("between ", (" and ",)),
    ("from ", (" to ", " until ")),
    ("", (" to ", " until ", " through ", "-")),
)

DATE_FORMS_HELP = (
    "accepted forms: 2015, May 2017, late May 2017, mid-2017, February 8, 2019, 8 February 2019, "
    "2019-02-08, 2019-02, the summer of 2014, the 1990s, between 2014 and 2016, 2014–2016"
)


def _context_year(context_date: str | None) -> int | None:
    if context_date is None:
        return None
    m = re.fullmatch(r"(\d{4})(?:-\d{1,2}(?:-\d{1,2})?)?", context_date.strip())
    if m is None:
        raise InvalidInput(
            f"context date {context_date!r} must be an ISO date such as 2019, 2019-02 or 2019-02-08"
        )
    return int(m[1])


def _single_date(t: str, year_hint: int | None, original: str) -> _Span | None:
    """The span of one (non-range) date expression, or None when no form matches."""
    for pattern, handler in _DATE_FORMS:
        m = pattern.fullmatch(t)
        if m is None:
            continue
        year = int(m["y"]) if m.groupdict().get("y") else year_hint
        if year is None and "y" in pattern.groupindex:
            raise InvalidInput(
                f"{original!r} has no year: write one (e.g. '{original.strip()} 2019') "
                "or give the date of the document it comes from"
            )
        try:
            if (span := handler(m, year or 0)) is not None:
                return span
        except ValueError as exc:  # February 30, or a year outside 1–9999
            raise InvalidInput(f"{original!r} is not in the calendar ({exc})") from None
    return None


def _date_range(t: str, year_hint: int | None, original: str) -> _Span | None:
    """ "A and B" / "A–B" ranges; a first half without a year borrows the second's ("May–June 2017")."""
    for left, right in _splits(t, _DATE_RANGES):
        second = _single_date(right, year_hint, original)
        if second is None and re.fullmatch(r"\d{4}", left) and re.fullmatch(r"\d{2}", right):  # "2014-16"
            year = int(left[:2] + right)
            second = (date(year, 1, 1), date(year, 12, 31), "year") if year > int(left) else None
        if second is None:
            continue
        first = _single_date(left, second[1].year, original)
        if first is None:
            continue
        if first[0] > second[1]:
            raise InvalidInput(f"{original!r}: the range ends before it starts")
        return first[0], second[1], "range"
    return None


def parse_date(s: str, *, context_date: str | None = None) -> DateValue:
    """Read a date expression as the interval of days it admits.

    ``context_date`` (an ISO date, usually the document's publication date) supplies the year
    for expressions without one, such as "early February" or "October 7".
    """
    year_hint = _context_year(context_date)
    t = _clean(s)
    while (filler := _DATE_FILLER.match(t)) is not None:
        t = t[filler.end() :]
    span = _single_date(t, year_hint, s) or _date_range(t, year_hint, s)
    if span is None:
        raise InvalidInput(
            f"cannot read {s!r} as a date; {DATE_FORMS_HELP} "
            "(a date without a year, like 'early February', needs the document's date)"
        )
    return DateValue(s, span[0], span[1], span[2])


# ----------------------------------------------------------------------------------------- quantities

_Interval = tuple[float, float, bool]  # low, high, approximate

_SMALL_WORDS = (
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    + ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen")
    + ("eighteen", "nineteen")
)
_UNITS = {w: i for i, w in enumerate(_SMALL_WORDS)}
_TENS = {w: 10 * i for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy"), 2)}
_TENS |= {"eighty": 80, "ninety": 90}
_MULTIPLIERS = {"dozen": 12.0, "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_SCALES = {w: n for w, n in _MULTIPLIERS.items() if w != "hundred"}  # "hundred" only inside a group
_NUMBER_WORDS = {*_UNITS, *_TENS, *_MULTIPLIERS, *(m + "s" for m in _MULTIPLIERS), "few", "several", "half"}
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _approx(low: float, high: float, _approximate: bool) -> _Interval:
    """±20%: "about 500" admits 400–600 (rounded so "half a dozen" reads 4.8–7.2, not 4.800000000000001)."""
    return round(0.8 * low, 6), round(1.2 * high, 6), True


def _next_up(x: float) -> float:
    """Smallest count above x: "more than 200" starts at 201 (counts are whole)."""
    return math.floor(x) + 1 if x == math.floor(x) else x


def _next_down(x: float) -> float:
    return max(0.0, math.ceil(x) - 1 if x == math.ceil(x) else x)


# Qualifiers wrap the reading of what follows them, so "more than several hundred" composes.
_QUANTITY_RANGES = (("between ", (" and ",)), ("from ", (" to ",)), ("", (" to ", " or ", "-")))
_ABOUT = r"~|(?:about|around|roughly|approx(?:imately|\.)|(?:an )?estimated|some|circa|c\.)(?= )"
_QUALIFIERS: list[tuple[re.Pattern[str], Callable[[float, float, bool], _Interval]]] = [
    (re.compile(rf"(?:{words}) ?"), wrap)
    for words, wrap in [
        (_ABOUT, _approx),
        (r"(?:nearly|almost|close to)(?= )", lambda lo, hi, ap: (round(0.8 * lo, 6), hi, True)),
        (r"(?:more than|over|upwards of|in excess of)(?= )", lambda lo, hi, ap: (_next_up(lo), math.inf, ap)),
        (r"(?:at least|no fewer than|no less than)(?= )", lambda lo, hi, ap: (lo, math.inf, ap)),
        (r"(?:fewer than|less than|under)(?= )", lambda lo, hi, ap: (0.0, _next_down(hi), ap)),
        (r"(?:at most|no more than|up to)(?= )", lambda lo, hi, ap: (0.0, hi, ap)),
    ]
]

# Vague amounts (chosen so related wordings overlap; see the module's tests for the pairs).
_VAGUE: dict[str, _Interval] = {
    "a few": (2, 5, True),
    "several": (3, 9, True),
    "a handful": (2, 6, True),
    "a couple": (2, 3, True),
    "half a dozen": _approx(6, 6, True),  # idiomatically "about six": overlaps "five" and "five to seven"
    "dozens": (24, 144, True),  # two to twelve dozen; past a gross one says "hundreds"
}
_FEW_SEVERAL = {"a few": (2, 4), "several": (2, 9)}  # multiples: "a few hundred" 200–400


def _vague(t: str) -> _Interval | None:
    if t in _VAGUE:
        return _VAGUE[t]
    if (m := re.fullmatch(r"(a few|several) (dozen|hundred|thousand|million)", t)) is not None:
        lo, hi = _FEW_SEVERAL[m[1]]
        return lo * _MULTIPLIERS[m[2]], hi * _MULTIPLIERS[m[2]], True
    # "hundreds" 200–999, "tens of thousands" 20,000–99,999: from two of the unit to the next power of ten.
    if (m := re.fullmatch(r"(?:(tens|hundreds) of )?(hundred|thousand|million)s", t)) is not None:
        unit = _MULTIPLIERS[m[2]] * {None: 1, "tens": 10, "hundreds": 100}[m[1]]
        return 2 * unit, 10 * unit - 1, True
    return None


def _below_thousand(tokens: list[str], i: int) -> tuple[float | None, int]:
    """A number under a thousand (or digits) starting at tokens[i]: ("two hundred and fifty", 3)."""
    n = len(tokens)
    if _DIGITS.fullmatch(tokens[i]):
        value = float(tokens[i].replace(",", ""))
        if i + 1 < n and tokens[i + 1] == "hundred":
            return value * 100, i + 2
        return value, i + 1
    value, seen = 0.0, False
    if i + 1 < n and tokens[i + 1] == "hundred" and (tokens[i] == "a" or 1 <= _UNITS.get(tokens[i], 0) <= 9):
        value, i, seen = 100.0 * _UNITS.get(tokens[i], 1), i + 2, True
        if i + 1 < n and tokens[i] == "and" and (tokens[i + 1] in _UNITS or tokens[i + 1] in _TENS):
            i += 1
    elif tokens[i] == "a" and i + 1 < n and tokens[i + 1] in _SCALES:
        return 1.0, i + 1
    elif tokens[i] in _SCALES:  # a bare "thousand" counts one of them
        return 1.0, i
    elif tokens[i] == "hundred":
        value, i, seen = 100.0, i + 1, True
    if i < n and tokens[i] in _TENS:
        value, i = value + _TENS[tokens[i]], i + 1
        if i < n and 1 <= _UNITS.get(tokens[i], 0) <= 9:
            value, i = value + _UNITS[tokens[i]], i + 1
    elif i < n and tokens[i] in _UNITS:
        value, i = value + _UNITS[tokens[i]], i + 1
    elif not seen:
        return None, i
    return value, i


def _number(t: str) -> float | None:
    """Digits or English number words, with scales in decreasing order ("two thousand and five")."""
    tokens = t.replace("-", " ").split()
    total, i, last_scale = 0.0, 0, math.inf
    while i < len(tokens):
        small, i = _below_thousand(tokens, i)
        if small is None:
            return None
        if i == len(tokens):
            return total + small
        scale = _SCALES.get(tokens[i])
        if scale is None or scale >= last_scale:
            return None
        total, last_scale, i = total + small * scale, scale, i + 1
        if i + 1 < len(tokens) and tokens[i] == "and":
            i += 1
    return total if tokens else None


def _quantity(t: str, *, allow_range: bool = True) -> _Interval | None:
    for pattern, wrap in _QUALIFIERS:
        if (m := pattern.match(t)) is not None:
            inner = _quantity(t[m.end() :], allow_range=allow_range)
            return wrap(*inner) if inner else None
    if (vague := _vague(t)) is not None:
        return vague
    if (n := _number(t)) is not None:
        return n, n, False
    return _quantity_range(t) if allow_range else None


def _quantity_range(t: str) -> _Interval | None:
    """ "five to seven", "5-7", "between five and seven", "five or six": first's low to second's high."""
    for left, right in _splits(t, _QUANTITY_RANGES):
        a, b = _quantity(left, allow_range=False), _quantity(right, allow_range=False)
        if a and b and a[0] <= b[1]:
            return a[0], b[1], a[2] or b[2]
    return None


QUANTITY_FORMS_HELP = (
    "accepted forms: 80, 1,500, 2.5 million, about 80, an estimated 500, more than 200, at least 200, "
    "fewer than 10, five to seven, 5-7, between five and seven, a dozen, half a dozen, dozens, a few, "
    "several, a handful, a few hundred, several hundred, hundreds, thousands, tens of thousands; "
    "number words such as twenty-five or two thousand"
)


def parse_quantity(s: str) -> QuantityValue:
    """Read a count as the interval it admits; a trailing noun is ignored ("about 80 fighters")."""
    t = _clean(s)
    if re.match(r"(?:[-−–]\s*\d|minus\b|negative\b)", t):
        # Values are counts (people, fighters, dollars), read as intervals from zero up: a sign
        # would be silently lost, so it is refused.
        raise InvalidInput(
            f"quantity {s!r} is negative; a count cannot be below zero (for a fall, give the amount)"
        )
    found, tokens = _quantity(t), t.split()
    # Drop trailing words (the thing counted: "about 80 fighters") until the rest reads as a quantity.
    while found is None and len(tokens) > 1 and tokens[-1].isalpha() and tokens[-1] not in _NUMBER_WORDS:
        tokens.pop()
        found = _quantity(" ".join(tokens))
    if found is None:
        raise InvalidInput(f"cannot read {s!r} as a quantity; {QUANTITY_FORMS_HELP}")
    return QuantityValue(s, float(found[0]), float(found[1]), found[2])


# ------------------------------------------------------------------------------------------ any value


def parse_value(kind: str, s: str, *, context_date: str | None = None) -> Value:
    """Parse ``s`` as a value of ``kind`` (date, quantity, entity or text)."""
    kind = kind.strip().lower()
    if kind == "date":
        return parse_date(s, context_date=context_date)
    if kind == "quantity":
        return parse_quantity(s)
    if kind not in KINDS:
        raise InvalidInput(f"unknown value kind {kind!r}; use one of {', '.join(KINDS)}")
    if not s.strip():
        raise InvalidInput(f"an empty {kind} value says nothing; give the {kind}")
    return EntityValue(s) if kind == "entity" else TextValue(s)


def compatible(a: Value, b: Value) -> bool:
    """Can both values be true at once? Intervals must overlap; entities and text must be equal.

    Values of different kinds are never compatible: one property read two ways is worth a look.
    """
    if isinstance(a, DateValue) and isinstance(b, DateValue):
        return a.low <= b.high and b.low <= a.high
    if isinstance(a, QuantityValue) and isinstance(b, QuantityValue):
        return a.low <= b.high and b.low <= a.high
    if isinstance(a, EntityValue | TextValue) and type(a) is type(b):
        return a.key == b.key
    return False


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) else f"{x:,.1f}"


def _third(low: date, high: date) -> str | None:
    """ "late May 2017" or "mid-2017" when the days are exactly that third of a month or year."""
    if low.year != high.year:
        return None
    if low.month == high.month:
        last = _month_span(low.year, low.month)[1].day
        for part, (first, end) in _MONTH_THIRDS.items():
            if low.day == first and high.day == min(end, last):
                return f"{part} {MONTH_NAMES[low.month - 1]} {low.year}"
        return None
    for part, (first, end) in _YEAR_THIRDS.items():
        if (low.month, low.day) == (first, 1) and (high.month, high.day) == (
            end,
            _month_span(high.year, end)[1].day,
        ):
            return f"{part}-{low.year}" if part == "mid" else f"{part} {low.year}"
    return None


def describe(value: Value) -> str:
    """A short reading for people: "2015 (year)", "May 2017 (month)", "400–600 (approx.)"."""
    if isinstance(value, DateValue):
        low, high = value.low, value.high
        if value.precision == "year":
            return f"{low.year} (year)"
        if value.precision == "month":
            return f"{MONTH_NAMES[low.month - 1]} {low.year} (month)"
        if value.precision == "day":
            return f"{low.day} {MONTH_NAMES[low.month - 1]} {low.year} (day)"
        part = _third(low, high)
        if part is not None:
            return part
        return f"{low.isoformat()}–{high.isoformat()} ({value.precision})"
    if isinstance(value, QuantityValue):
        suffix = " (approx.)" if value.approximate else ""
        if math.isinf(value.high):
            return f"{_fmt(value.low)} or more{suffix}"
        if value.low == value.high:
            return _fmt(value.low) + suffix
        return f"{_fmt(value.low)}–{_fmt(value.high)}{suffix}"
    return value.text
