"""Proposed readings of a claim: typed values with property, time and status, from its quote.

The values come from the quote; what they count, when the figure holds and whether the text
withdraws it come from the quote's sentence and its neighbours in the document:

* **property** — see :mod:`.properties`;
* **holds for** — a time the clause gives ("as of Monday", "rose to … on Monday", "the
  ministry said on Tuesday"), else the publication date ("so far", present tense);
  "earlier", "initially", "had reported" mark an earlier figure;
* **superseded** — a figure the text withdraws or corrects: "— an error", "not 81, as the
  council had been saying", "It later called that figure wrong", "raising false hopes",
  "could not be confirmed";
* **qualifier** — the figure is about something else than the story's subject: a past event
  ("since 1953, when 1,800 people died"), a group named by a possessive ("its 40 pupils"),
  or a part of the area ("in the province of X").

Pure: text in, readings out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import DateMention, Published, find_dates
from .document import split_header
from .properties import Property, date_property, property_of
from .quantities import QuantityMention, find_quantities
from .sentences import Sentences


@dataclass(frozen=True)
class Reading:
    """One proposed typed value of a claim."""

    kind: str  # "quantity" or "date"
    property: str
    behaviour: str  # cumulative, static, varying (see .properties)
    text: str  # the words used
    start: int
    end: int
    normalised: object  # number, [low, high] (None = open), or ISO date / [ISO, ISO]
    low: float | date | None
    high: float | date | None
    unit: str | None = None
    holds_for: tuple[date, date] | None = None
    holds_for_text: str | None = None
    earlier: bool = False  # an earlier figure ("had reported", "initially")
    superseded: bool = False  # withdrawn or corrected by the text
    qualifier: str | None = None  # about a past event, a sub-group or a part of the area
    reference: str | None = None  # a distance's place of reference
    role: str | None = None  # for dates: event, report, as_of, since
    forecast: bool = False  # an expectation, not a count: "will surpass 300", "is expected to rise to"


_FORECAST = re.compile(
    r"\b(?:will|would|could|may|might|is expected to|are expected to|expected to|likely to|set to|feared to|"
    r"projected to)"
    r"\s(?:\w+\s){0,3}$",
    re.I,
)
_EARLIER = re.compile(
    r"\b(?:earlier|initially|first|originally|previously|had (?:earlier |initially |first )?(?:said|"
    r"reported|announced|put|given|stated)"
    r"|had been (?:saying|reporting|giving)|shortly after)\b",
    re.I,
)
_ERROR = (
    r"(?:mistake|miscalculation|error|erroneous|wrong|incorrect|inaccurate|false|miscount(?:ed)?"
    r"|overstated|understated)"
)
_APPOSITIVE_ERROR = re.compile(rf"^[^0-9.;]{{0,40}}?(?:—|–|\s-|,)\s*(?:a|an|the)\s(?:\w+\s)?{_ERROR}", re.I)
_WITHDRAWN_NEXT = re.compile(
    rf"^(?:It|They|The \w+(?: \w+)?|Officials|Authorities|That|This|These|Those)\b[^.]{{0,60}}\b(?:later|"
    rf"subsequently|since|then)?\b[^.]{{0,40}}"
    rf"(?:{_ERROR}|withdr[ae]w|retracted|corrected|revised (?:down|up)|scrapped|wrong)",
    re.I,
)
_FALSE_CUE = re.compile(
    r"\b(?:false|falsely|wrongly|erroneously|mistakenly|could not be confirmed|unconfirmed|was denied|"
    r"denied)\b",
    re.I,
)
_NOT_AS = re.compile(r"\bnot\s(?:the\s)?$", re.I)
_SUBGROUP = re.compile(r"\b(?:its|their|his|her|of its|of their|all of its|all of their)\s(?:\w+\s)?$", re.I)
_SUBPLACE = re.compile(
    r"^\s(?:\w+\s){0,3}?in\s(?:the\s)?(?:(?:city|town|province|state|region|district|village|county|area) "
    r"of\s(?P<place>[A-Z][\w'’-]+)"
    r"|(?P<place2>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\s(?:province|state|region|district|city|county|town))"
)


@dataclass
class DocumentText:
    """A document's text read once: body start, sentences, dates and quantities, with their spans."""

    text: str
    published: str | None = None
    not_before: date | None = None
    body_start: int = 0
    metadata: dict[str, str] = field(default_factory=dict)
    sentences: Sentences = field(init=False)
    dates: list[DateMention] = field(init=False)
    quantities: list[QuantityMention] = field(init=False)

    def __post_init__(self) -> None:
        body = split_header(self.text)
        self.body_start, self.metadata = body.start, body.metadata
        self.published = self.published or body.metadata.get("date") or body.metadata.get("published")
        self.sentences = Sentences(self.text, self.body_start)
        self.dates = []
        self.quantities = []
        pub = Published.parse(self.published)
        joined, where = _join_hyphens(self.text)
        for s, e in self.sentences.spans:
            js, je = _index(where, s), _index(where, e)
            dates = find_dates(joined, pub, start=js, end=je, not_before=self.not_before)
            quantities = find_quantities(joined, start=js, end=je, skip=[(d.start, d.end) for d in dates])
            self.dates += [_back(d, where, self.text) for d in dates]
            self.quantities += [_back(q, where, self.text) for q in quantities]

    @property
    def pub(self) -> Published | None:
        return Published.parse(self.published)

    def sentence_of(self, start: int, end: int) -> tuple[int, int]:
        return self.sentences.around(start, end)

    def next_sentence(self, end: int) -> tuple[int, int] | None:
        i = self.sentences.index(max(self.body_start, end - 1)) + 1
        return self.sentences.spans[i] if i < len(self.sentences.spans) else None


_WRAPPED_WORD = re.compile(r"(?<=[A-Za-z])-\n(?=[a-z])")


def _join_hyphens(text: str) -> tuple[str, list[int]]:
    """The text with words hyphenated across lines joined ("Feb-\nruary"), and each character's
    offset in the original, so what is found in the joined text maps back to the document."""
    if "-\n" not in text:
        return text, []
    out: list[str] = []
    where: list[int] = []
    at = 0
    for m in _WRAPPED_WORD.finditer(text):
        out.append(text[at : m.start()])
        where.extend(range(at, m.start()))
        at = m.end()
    out.append(text[at:])
    where.extend(range(at, len(text)))
    where.append(len(text))
    return "".join(out), where


def _index(where: list[int], original: int) -> int:
    """The joined text's offset of an original offset (the first joined character at or after it)."""
    if not where:
        return original
    from bisect import bisect_left

    return bisect_left(where, original)


def _back(found, where: list[int], text: str):  # type: ignore[no-untyped-def]
    """A date or quantity found in the joined text, with its span in the original text."""
    if not where:
        return found
    from dataclasses import replace as _replace

    start, end = where[found.start], where[found.end - 1] + 1
    return _replace(found, start=start, end=end, text=text[start:end])


def _holds_for(
    doc: DocumentText, s0: int, s1: int, q_start: int
) -> tuple[tuple[date, date] | None, str | None]:
    """The time a count holds for: a report, "as of" or event date in its sentence, else publication."""
    candidates = [
        d for d in doc.dates if s0 <= d.start < s1 and d.role in ("as_of", "report") and d.precision != "year"
    ]
    if not candidates:
        candidates = [
            d
            for d in doc.dates
            if s0 <= d.start < s1 and d.role == "event" and d.precision in ("day", "time") and d.relative
        ]
    if candidates:
        best = min(candidates, key=lambda d: abs(d.start - q_start))
        return (best.low, best.high), best.text
    pub = doc.pub
    return ((pub.low, pub.high), None) if pub else (None, None)


def _superseded(doc: DocumentText, q: QuantityMention, s0: int, s1: int) -> bool:
    text = doc.text
    before = text[s0 : q.start]
    after = text[q.end : s1]
    if _NOT_AS.search(before[-8:]) and re.match(r"^\s*,?\s*as\b", after):
        return True  # "not 81, as the council had been saying"
    if _APPOSITIVE_ERROR.match(after):
        return True  # "90 workers had been evacuated — an error it blamed on …"
    sentence = text[s0:s1]
    if _FALSE_CUE.search(sentence) and not _FALSE_CUE.search(text[s0 : max(s0, q.start - 120)]):
        return True
    nxt = doc.next_sentence(s1)
    if nxt is not None and _WITHDRAWN_NEXT.match(text[nxt[0] : nxt[1]]) and _EARLIER.search(before):
        return True  # "… had reported 400 troops. It later called that figure wrong."
    later = rf"^(?:It|They|The \w+)\s(?:later|subsequently)\b.{{0,60}}{_ERROR}"
    return nxt is not None and re.match(later, text[nxt[0] : nxt[1]], re.I) is not None


def _qualifier(doc: DocumentText, s0: int, s1: int, start: int, end: int) -> str | None:
    text = doc.text
    before = text[max(s0, start - 40) : start]
    pub = doc.pub
    # A past year earlier in the sentence names another event: "a 2003 rally …, which was 500,000",
    # "since 1953, when 1,800 people died" (a "since" year only with its "when": else it is a baseline).
    for d in doc.dates:
        if not (s0 <= d.start < start and d.precision == "year" and pub and d.high.year < pub.low.year):
            continue
        between = text[d.end : start]
        if any(d.end <= q.start < start for q in doc.quantities):
            continue
        if d.role == "since" and not re.match(r"^,?\s*when\b", between):
            continue
        if not re.search(r"[.;]", between):
            return f"in {d.low.year}"
    if _SUBGROUP.search(before):
        return "sub-group"
    m = _SUBPLACE.match(text[end : min(s1, end + 80)])
    if m:
        return f"in {m.group('place') or m.group('place2')}"
    return None


def read_span(doc: DocumentText, start: int, end: int) -> list[Reading]:
    """Readings for the claim quoted at ``doc.text[start:end]`` (values inside the quote only)."""
    s0, s1 = doc.sentence_of(start, end)
    readings: list[Reading] = []
    sentence = doc.text[s0:s1]
    for q in doc.quantities:
        if not (start <= q.start and q.end <= end + 2 and q.start < end):
            continue
        prop = property_of(sentence, q.start - s0, q.end - s0, q.unit, q.noun)
        unit = q.unit
        if unit is None and prop.name in (
            "deaths",
            "injured",
            "missing",
            "rescued",
            "survivors",
            "on board",
            "turnout",
        ):
            unit = "people"
        contrast = _NOT_AS.search(doc.text[s0 : q.start][-8:])
        if contrast:
            prev = [r for r in readings if r.kind == "quantity"] or [
                Reading("quantity", p.name, p.behaviour, "", 0, 0, None, None, None, u)
                for p, u in [_previous_property(doc, q, s0)]
                if p is not None
            ]
            if prev:
                prop = Property(prev[-1].property, prev[-1].behaviour, prev[-1].reference)
                unit = unit or prev[-1].unit
        if unit is None and q.noun is None and prop.name != "magnitude":
            prior = [r for r in readings if r.kind == "quantity" and r.unit == "people"]
            if prior:
                unit = "people"
        if prop.name == "turnout" and re.search(r"\bpeak\b", sentence):
            prop = Property("turnout at peak", prop.behaviour)  # the most at one time, not the total
        holds, holds_text = _holds_for(doc, s0, s1, q.start)
        readings.append(
            Reading(
                "quantity",
                prop.name,
                prop.behaviour,
                q.text,
                q.start,
                q.end,
                q.normalised(),
                q.low,
                q.high,
                unit,
                holds,
                holds_text,
                bool(_EARLIER.search(doc.text[s0 : q.start])),
                _superseded(doc, q, s0, s1),
                _qualifier(doc, s0, s1, q.start, q.end),
                prop.reference,
                None,
                bool(_FORECAST.search(doc.text[max(s0, q.start - 40) : q.start])),
            )
        )
    for d in doc.dates:
        if not (start <= d.start and d.end <= end + 1 and d.start < end):
            continue
        prop = date_property(sentence, d.start - s0, d.end - s0, d.role)
        readings.append(
            Reading(
                "date",
                prop.name,
                "static",
                d.text,
                d.start,
                d.end,
                d.iso(),
                d.low,
                d.high,
                None,
                None,
                None,
                False,
                False,
                _qualifier(doc, s0, s1, d.start, d.end) if d.precision != "year" else None,
                None,
                d.role,
            )
        )
    readings += _places(doc, start, end)
    readings.sort(key=lambda r: r.start)
    return readings


_PLACE = re.compile(
    r"\b(?P<what>epicent(?:re|er)|hypocent(?:re|er))\s(?:was|is|lay|lies|was located|was situated)\s(?:in|"
    r"at|near|off|under)?\s?"
    r"(?:the\s)?(?:(?:coastal|northern|southern|eastern|western|central|remote)\s)*(?:(?:province|city|town|"
    r"region|state|district|village|county) of\s)?"
    r"(?P<place>[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+){0,2})"
    r"|\b(?:centred|centered)\s(?:on|in|near|"
    r"at)\s(?:the\s)?(?P<place2>[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+){0,2})",
)


def _places(doc: DocumentText, start: int, end: int) -> list[Reading]:
    """Where an event's centre was: "the epicentre was in X" (a place, compared by its folded name)."""
    from .names import fold_name

    out = []
    for m in _PLACE.finditer(doc.text, start, end):
        place = m.group("place") or m.group("place2")
        out.append(
            Reading("place", "epicentre", "static", place, m.start(), m.end(), fold_name(place), None, None)
        )
    return out


def _previous_property(doc: DocumentText, q: QuantityMention, s0: int) -> tuple[Property | None, str | None]:
    earlier = [p for p in doc.quantities if s0 <= p.start < q.start]
    if not earlier:
        return None, None
    p = earlier[-1]
    s = doc.text[s0 : doc.sentence_of(q.start, q.end)[1]]
    prop = property_of(s, p.start - s0, p.end - s0, p.unit, p.noun)
    return prop, p.unit or (
        "people" if prop.name in ("deaths", "survivors", "rescued", "missing", "injured") else None
    )
