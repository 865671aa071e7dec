"""Dates in running text, resolved against the document's publication date.

A news text dates things relative to the day it was written: "on Monday", "yesterday", "last
month", "April 16" (no year), "at 9 a.m.". Each is resolved to the interval of days it admits,
counting back from the publication date, which may be known only to the month ("2021-03"):
then "on Tuesday" is every Tuesday the month allows, unless ``not_before`` (the first day
of the story, from the reports of it that give their day) is in that month: then the undated
report is read as of that day. A date the text does not spell out in full is **never after
the publication date**. Each mention also says what it dates (:data:`ROLES`): the time a source
spoke ("the ministry said on Tuesday") is kept apart from the time of an event. Pure.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

ROLES = ("event", "report", "as_of", "since")

MONTHS = {
    m.casefold(): i
    for i, name in enumerate(calendar.month_name)
    if name
    for m in (name, name[:3], name[:4] if name == "September" else name[:3])
}
WEEKDAYS = {name.casefold(): i for i, name in enumerate(calendar.day_name)}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_PARTS = r"(?:\s(?:morning|afternoon|evening|night))?"
_TIME = (
    r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s?(?P<ap>a\.?m\.?|p\.?m\.?)(?![a-z])"
    r"|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?:\s?(?:GMT|UTC|local time|[A-Z]{3}))?"
    r"|(?P<noon>noon|midnight))"
)
_FORMS = [
    ("iso", rf"(?P<iy>{_YEAR})-(?P<im>0?[1-9]|1[0-2])-(?P<id>{_DAYNUM})"),
    ("mdy", rf"(?:{_WEEKDAY},?\s)?(?P<m>{_MONTH})\s(?P<d>{_DAYNUM})(?:,?\s(?P<y>{_YEAR}))?(?![\d,]\d)"),
    (
        "dmy",
        rf"(?:{_WEEKDAY},?\s)?(?:the\s)?(?P<d2>{_DAYNUM})\s(?:of\s)?(?P<m2>{_MONTH})(?:,?\s(?P<y2>{_YEAR}))?",
    ),
    ("my", rf"(?:(?P<part>early|mid|late)[- ])?(?P<m3>{_MONTH})(?:,?\s(?:of\s)?(?P<y3>{_YEAR}))?"),
    ("weekday", rf"(?P<rel>last\s|this\s|past\s)?(?P<wd>{_WEEKDAY})(?P<wpart>{_PARTS})"),
    ("relday", r"(?P<rd>yesterday|today|tonight|last night|this morning|this afternoon|this evening)"),
    ("relunit", r"(?P<ru>last|this|earlier this|past)\s(?P<unit>week|month|year)"),
    ("ago", r"(?P<n>a|an|one|two|three|four|five|six|seven|\d{1,2})\s(?P<aunit>day|week|month|year)s?\sago"),
    ("year", rf"(?P<yy>{_YEAR})(?![-–]\d|\s?(?:people|km|kilomet|miles|metres|meters|tons|percent))"),
]
_DATE_RE = re.compile(
    r"(?<![\w$€£¥.,])(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _FORMS)
    + r")(?![0-9A-Za-z])",
    re.I,
)
_TIME_RE = re.compile(rf"(?<![\w.,:])(?:at\s|around\s|about\s|by\s)?{_TIME}", re.I)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

_SPEECH = (
    r"said|says|say|told|tells|announced|announces|reported|reports|confirmed|confirms|stated|added"
    r"|estimated|declared|revealed|disclosed|acknowledged|admitted|insisted|warned|explained"
)
_REPORT_AFTER = re.compile(rf"\b(?:{_SPEECH})\b(?:\s[\w.-]+){{0,4}}\s$", re.I)
_REPORT_BEFORE = re.compile(rf"^\s(?:\w+\s)?(?:{_SPEECH})\b", re.I)
_AS_OF = re.compile(r"\b(?:as of|as at|by|until|up to|through)\s(?:late\s|early\s)?$", re.I)
_SINCE = re.compile(r"\b(?:since|from)\s$", re.I)


@dataclass(frozen=True)
class Published:
    """The publication date as the reader knows it: a day, or only a month (or a year)."""

    low: date
    high: date

    @classmethod
    def parse(cls, iso: str | None) -> Published | None:
        if not iso:
            return None
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", iso.strip()[:10])
        if m is None:
            return None
        y = int(m[1])
        if m[3]:
            d = date(y, int(m[2]), int(m[3]))
            return cls(d, d)
        if m[2]:
            mo = int(m[2])
            return cls(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]))
        return cls(date(y, 1, 1), date(y, 12, 31))

    @property
    def exact(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class DateMention:
    """A date found in a text: its span, the days it admits, and what it dates."""

    start: int
    end: int
    text: str
    low: date
    high: date
    precision: str  # day, month, year, week, range, time
    role: str  # see ROLES
    time: str | None = None  # "09:00" when a time of day is given
    relative: bool = False  # resolved from the publication date (no year written)

    def iso(self) -> str | list[str]:
        """The normalised form: "2014-04-16", "2014-04", "1993", "2014-04-16T09:00" or a [low, high] range."""
        if self.precision == "year":
            return str(self.low.year)
        if self.precision == "month":
            return self.low.isoformat()[:7]
        if self.low == self.high:
            return self.low.isoformat() + (f"T{self.time}" if self.time else "")
        return [self.low.isoformat(), self.high.isoformat()]


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _back_a_year(low: date, high: date, published: Published | None) -> tuple[date, date]:
    """A yearless date after publication is last year's ("December 30" in a January report)."""
    if published is not None and low > published.high:
        try:
            return low.replace(year=low.year - 1), high.replace(year=high.year - 1)
        except ValueError:  # 29 February
            return low.replace(year=low.year - 1, day=28), high.replace(year=high.year - 1, day=28)
    return low, high


def _weekday(wd: int, rel: str, published: Published, not_before: date | None) -> tuple[date, date]:
    """The latest such weekday on or before publication ("last Monday": strictly before it)."""
    first = published.low - timedelta(days=6)
    days = [first + timedelta(days=i) for i in range((published.high - first).days + 1)]
    days = [d for d in days if d.weekday() == wd]
    if rel.strip().lower() == "last" and published.exact:
        days = [d for d in days if d < published.high] or [published.high - timedelta(days=7)]
    if not published.exact and not_before is not None:
        later = [d for d in days if d >= not_before]
        if later:
            return later[0], later[0]
    if published.exact:
        return days[-1], days[-1]
    return days[0], days[-1]


def _resolve(
    m: re.Match[str], published: Published | None, not_before: date | None
) -> tuple[date, date, str, bool] | None:
    g = m.groupdict()
    if g["iso"]:
        d = date(int(g["iy"]), int(g["im"]), int(re.sub(r"\D", "", g["id"])))
        return d, d, "day", False
    if g["mdy"] or g["dmy"]:
        month = MONTHS[(g["m"] or g["m2"]).rstrip(".").casefold()[:3]]
        day = int(re.sub(r"\D", "", g["d"] or g["d2"]))
        year = g["y"] or g["y2"]
        if year:
            d = date(int(year), month, day)
            return d, d, "day", False
        if published is None:
            return None
        d = date(published.high.year, month, day)
        low, high = _back_a_year(d, d, published)
        return low, high, "day", True
    if g["my"]:
        word = g["m3"]
        month = MONTHS[word.rstrip(".").casefold()[:3]]
        year = int(g["y3"]) if g["y3"] else (published.high.year if published else None)
        if year is None:
            return None
        low, high = date(year, month, 1), _month_end(year, month)
        if g["part"]:
            first, last = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}[g["part"].lower()]
            low, high = date(year, month, first), _month_end(year, month).replace(day=min(last, high.day))
        if not g["y3"]:
            low, high = _back_a_year(low, high, published)
        return low, high, "month" if not g["part"] else "range", not g["y3"]
    if published is None:
        if g["year"]:
            y = int(g["yy"])
            return date(y, 1, 1), date(y, 12, 31), "year", False
        return None
    if g["weekday"]:
        low, high = _weekday(WEEKDAYS[g["wd"].casefold()], g["rel"] or "", published, not_before)
        return low, high, "day" if low == high else "range", True
    pub = published
    if not pub.exact and not_before is not None and pub.low <= not_before <= pub.high:
        pub = Published(not_before, not_before)  # an undated report of a story: from its first day
    if g["relday"]:
        shift = 1 if g["rd"].lower() in ("yesterday", "last night") else 0
        return (
            pub.low - timedelta(days=shift),
            pub.high - timedelta(days=shift),
            "day" if pub.exact else "range",
            True,
        )
    if g["relunit"]:
        unit, which = g["unit"].lower(), g["ru"].lower()
        back = which in ("last", "past")
        if unit == "week":
            end = pub.high - timedelta(days=7 if back else 0)
            return end - timedelta(days=6), end, "week", True
        if unit == "month":
            y, mo = pub.high.year, pub.high.month
            if back:
                y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
            low, high = date(y, mo, 1), min(_month_end(y, mo), pub.high)
            return low, high, "month" if high == _month_end(y, mo) else "range", True
        y = pub.high.year - (1 if back else 0)
        return date(y, 1, 1), min(date(y, 12, 31), pub.high), "year" if back else "range", True
    if g["ago"]:
        n = _SMALL.get(g["n"].lower()) or int(g["n"])
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[g["aunit"].lower()] * n
        slack = {"day": 0, "week": 3, "month": 15, "year": 180}[g["aunit"].lower()]
        return (
            pub.low - timedelta(days=days + slack),
            pub.high - timedelta(days=max(0, days - slack)),
            "range",
            True,
        )
    if g["year"]:
        y = int(g["yy"])
        if y > pub.high.year:
            return None  # a count like "2100", or a plan: not a date we can place
        return date(y, 1, 1), date(y, 12, 31), "year", False
    return None


def _role(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 60) : start]
    after = text[end : end + 40]
    if _SINCE.search(before):
        return "since"
    if _AS_OF.search(before):
        return "as_of"
    if _REPORT_BEFORE.match(after) or (
        _REPORT_AFTER.search(before) and not re.search(r"\b(?:that|when)\s", before[-30:])
    ):
        return "report"
    return "event"


def find_dates(
    text: str,
    published: str | Published | None = None,
    *,
    start: int = 0,
    end: int | None = None,
    not_before: date | None = None,
) -> list[DateMention]:
    """Every date in ``text[start:end]``, in order; times of day take the day of the sentence's date."""
    pub = Published.parse(published) if isinstance(published, str) or published is None else published
    end = len(text) if end is None else end
    found: list[DateMention] = []
    for m in _DATE_RE.finditer(text, start, end):
        g = m.groupdict()
        if g["my"] and not g["y3"] and not g["part"]:
            lead = text[max(0, m.start() - 8) : m.start()].lower()
            if not re.search(r"\b(?:in|since|of|by|until|from|early|late|last|this|next|mid-)\s?$", lead):
                continue  # a bare month name: "May" the verb, "March" the noun
        if g["year"]:
            lead = text[max(0, m.start() - 12) : m.start()].lower()
            trail = text[m.end() : m.end() + 12]
            if re.match(r"\s?(?:[A-Za-z]*-)?(?:ton|km|people|strong|member)", trail) or re.search(
                r"[$€£#]\s?$", lead
            ):
                continue
        try:
            resolved = _resolve(m, pub, not_before)
        except ValueError:  # "February 30"
            continue
        if resolved is None:
            continue
        low, high, precision, relative = resolved
        found.append(
            DateMention(
                m.start(),
                m.end(),
                m.group(),
                low,
                high,
                precision,
                _role(text, m.start(), m.end()),
                None,
                relative,
            )
        )
    for m in _TIME_RE.finditer(text, start, end):
        if any(d.start <= m.start() < d.end for d in found):
            continue
        g = m.groupdict()
        if g["noon"]:
            hh, mm = (12 if g["noon"].lower() == "noon" else 0), 0
        elif g["h24"] is not None:
            hh, mm = int(g["h24"]), int(g["mi24"])
        else:
            hh, mm = int(g["h"]) % 12 + (12 if g["ap"].lower().startswith("p") else 0), int(g["mi"] or 0)
            if int(g["h"]) > 12:
                continue
        base = pub
        if pub is not None and not pub.exact and not_before is not None and pub.low <= not_before <= pub.high:
            base = Published(not_before, not_before)
        day = _day_for_time(found, start, end, base)
        if day is None:
            continue
        s = m.start()
        found.append(
            DateMention(
                s,
                m.end(),
                text[s : m.end()],
                day,
                day,
                "time",
                _role(text, s, m.end()),
                f"{hh:02d}:{mm:02d}",
                True,
            )
        )
    found.sort(key=lambda d: d.start)
    return found


def _day_for_time(found: list[DateMention], start: int, end: int, pub: Published | None) -> date | None:
    """The day a time of day falls on: a day-precise date in the same passage, else the publication day."""
    near = [d for d in found if start <= d.start < end and d.low == d.high]
    if near:
        return near[-1].low
    if pub is not None and pub.exact:
        return pub.low
    return None
