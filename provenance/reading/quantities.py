"""Quantities in running text: the amount as an interval, its unit, and the noun it counts.

Digits ("4,310", "2.4 million"), number words ("four", "twenty-five", "half a million"),
vague amounts ("dozens", "hundreds", "a few"), bounds ("at least", "more than", "up to", "no
more than", "about", "nearly"), ranges ("five to seven", "5-7"), fractions of a figure just
given ("barely a quarter of that"), with units kept apart: distances are normalised to km,
currencies to ISO codes (6 million euros is EUR, 6 million dollars USD), percent, tons,
magnitude; a count of people is unit "people". A conversion in brackets ("20 km (12 miles)")
is the same quantity, not a second one.

Intervals: ``low``/``high`` are None for an open end; "about N" admits N ± 10%, "nearly N"
0.9N–N, "more than N" starts at the next whole number for counts. A hedge on a figure that already
carries its precision ("around 2.46 million", "some 35,000": three significant digits, or two
in the thousands) is read as the figure itself. Pure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    """A vocabulary written as one string of words."""
    return frozenset(text.split())


_SMALL = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
) + ("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
UNITS_WORDS = {w: i for i, w in enumerate(_SMALL)}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
TENS_WORDS = {w: 10 * i for i, w in enumerate(_TENS, 2)}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "sixth": 1 / 6, "tenth": 0.1}
_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|a|an)"
)
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mn|bn|m\b|k\b)"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?![\d])|\d+(?:\.\d+)?"  # "7,8": a decimal comma
_NUMBER = (
    rf"(?:(?:{_DIGITS})(?:\s?{_SCALE})?"
    rf"|half\sa\s(?:million|billion|dozen)"
    rf"|(?:\d+|{_WORD_NUM})\sand\sa\s(?:half|quarter)"
    rf"|{_WORD_NUM}(?:\s(?:hundred(?:\s(?:and\s)?{_WORD_NUM})?|thousand|million|"
    rf"billion))*(?:\s(?:and\s)?{_WORD_NUM})?"
    r"|a\s(?:dozen|score))"
)
_VAGUE = (
    r"(?:(?:a\sfew|several|a\scouple\sof|many)\s(?:dozen|hundred|thousand|million)s?"
    r"|(?:tens|hundreds)\sof\sthousands|tens\sof\smillions|hundreds\sof\smillions"
    r"|dozens|scores|hundreds|thousands|millions|a\sfew|several|a\shandful|a\scouple)"
)
_QUAL = (
    r"(?:at\sleast|no\s(?:fewer|less)\sthan|more\sthan|over|upwards\sof|in\sexcess\sof|well\sover|just\sover"
    r"|nearly|almost|close\sto|just\sunder|fewer\sthan|less\sthan|under|below|up\sto|as\smany\sas"
    r"|no\smore\sthan|not\smore\sthan|at\smost|about|around|roughly|approximately|some|an\sestimated|"
    r"estimated"
    r"|barely|only|just|a\stotal\sof|exactly|more\sthan\sa|about\sa|greater\sthan|higher\sthan|surpass|"
    r"surpassing|exceed|exceeding|top)"
)
_CURRENCY_PREFIX = r"(?:US\$|HK\$|A\$|C\$|NZ\$|S\$|\$|€|£|¥|₹|Rs\.?\s?)"
_FRACTION = r"(?:a|one|two|three)\s(?:half|third|quarter|fifth|sixth|tenth)s?"
_QUANTITY_RE = re.compile(
    rf"(?<![\w.,$€£¥/#:-])(?P<qual>(?:{_QUAL})\s)?(?:(?P<frac>{_FRACTION})\sof\s(?P<ref>that|this|it|"
    rf"the\s(?:figure|number|total|estimate))"
    rf"|(?P<cur>{_CURRENCY_PREFIX})?(?P<vague>{_VAGUE})(?![\w])"
    rf"|(?P<cur2>{_CURRENCY_PREFIX})?(?P<num>{_NUMBER})(?:\s?(?:-|–|to|"
    rf"or)\s?(?P<num2>{_NUMBER}))?(?P<pct>\s?%|\s(?:percent|per\scent)\b)?"
    r"(?P<glued>km|kms|m|kg|mi|ft|cm|mm)?)"
    r"(?![\w]|[.,]\d)",
    re.I,
)
_BETWEEN = re.compile(rf"between\s(?P<a>{_NUMBER})\sand\s(?P<b>{_NUMBER})", re.I)

# Unit words after a number: (unit, factor to the normal unit).
_MEASURES: dict[str, tuple[str, float]] = {
    "km": ("km", 1.0),
    "kms": ("km", 1.0),
    "kilometer": ("km", 1.0),
    "kilometers": ("km", 1.0),
    "kilometre": ("km", 1.0),
    "kilometres": ("km", 1.0),
    "mile": ("km", 1.609344),
    "miles": ("km", 1.609344),
    "m": ("km", 0.001),
    "meter": ("km", 0.001),
    "meters": ("km", 0.001),
    "metre": ("km", 0.001),
    "metres": ("km", 0.001),
    "feet": ("km", 0.0003048),
    "foot": ("km", 0.0003048),
    "ft": ("km", 0.0003048),
    "nautical": ("km", 1.852),
    "ton": ("tons", 1.0),
    "tons": ("tons", 1.0),
    "tonne": ("tons", 1.0),
    "tonnes": ("tons", 1.0),
    "kg": ("kg", 1.0),
    "kilograms": ("kg", 1.0),
    "kilos": ("kg", 1.0),
    "percent": ("percent", 1.0),
    "per": ("percent", 1.0),
    "%": ("percent", 1.0),
    "euros": ("EUR", 1.0),
    "euro": ("EUR", 1.0),
    "dollars": ("USD", 1.0),
    "dollar": ("USD", 1.0),
    "yuan": ("CNY", 1.0),
    "renminbi": ("CNY", 1.0),
    "yen": ("JPY", 1.0),
    "pounds": ("GBP", 1.0),
    "sterling": ("GBP", 1.0),
    "rupees": ("INR", 1.0),
    "won": ("KRW", 1.0),
    "pesos": ("MXN", 1.0),
    "hours": ("hours", 1.0),
    "hour": ("hours", 1.0),
    "minutes": ("minutes", 1.0),
    "days": ("days", 1.0),
    "weeks": ("weeks", 1.0),
    "years": ("years", 1.0),
    "months": ("months", 1.0),
    "seconds": ("seconds", 1.0),
    "magnitude": ("magnitude", 1.0),
    "cm": ("km", 0.00001),
    "mm": ("km", 0.000001),
}
_CURRENCY_SYMBOLS = {
    "us$": "USD",
    "$": "USD",
    "hk$": "HKD",
    "a$": "AUD",
    "c$": "CAD",
    "nz$": "NZD",
    "s$": "SGD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
}
_CURRENCY_CODES = {"usd", "eur", "gbp", "jpy", "cny", "hkd", "inr", "aud", "cad", "chf", "krw", "rmb"}
# Nouns that count people: their unit is "people".
PERSON_NOUNS = _words(
    "people persons person passengers passenger students student teachers children child adults women men"
    " victims survivors residents protesters protestors demonstrators marchers soldiers troops officers "
    "policemen"
    " workers employees staff crew members tourists fishermen divers rescuers civilians patients voters"
    " pupils inhabitants refugees migrants prisoners detainees hostages casualties fatalities dead injured "
    "wounded"
    " missing individuals miners climbers villagers pilgrims worshippers spectators athletes players "
    "runners citizens nationals foreigners participants supporters fans firefighters journalists"
    " infants babies girls boys population doctors nurses police militants fighters rebels deaths"
)
_ADJECTIVES = _words(
    "more other confirmed additional further new injured young elderly local foreign high school rescued"
    " missing dead known reported registered unconfirmed possible suspected"
)


@dataclass(frozen=True)
class QuantityMention:
    """A quantity found in a text: the interval it admits, its unit, the noun it counts."""

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    approximate: bool
    unit: str | None  # km, percent, tons, USD, EUR, people, magnitude, … or the noun counted
    noun: str | None  # the word after the number, as printed ("vessels", "people")
    measure: bool = False  # unit is a measure (distance, percent, currency…), not a count

    def normalised(self) -> float | list[float | None]:
        if self.low is not None and self.low == self.high:
            return _tidy(self.low)
        return [
            None if self.low is None else _tidy(self.low),
            None if self.high is None else _tidy(self.high),
        ]


def _tidy(x: float) -> float:
    return float(round(x, 6))


def number_value(words: str) -> float | None:
    """Digits or English number words: "6,825" 6825, "1.03 million" 1030000, "twenty-five" 25."""
    t = words.lower().replace("-", " ").strip()
    t = re.sub(r"(?<!\d)(\d+),(\d{1,2})(?!\d)", r"\1.\2", t)  # a decimal comma ("7,8"), not thousands
    t = t.replace(",", "")
    t = re.sub(r"(\d)(mn|bn|m|k)\b", r"\1 \2", t)
    t = re.sub(r"\b(?:mn|m)\b", "million", t)
    t = re.sub(r"\bbn\b", "billion", t)
    t = re.sub(r"\bk\b", "thousand", t)
    m = re.fullmatch(r"(.+) and a (half|quarter)", t)
    if m:
        whole = number_value(m[1])
        return None if whole is None else whole + (0.5 if m[2] == "half" else 0.25)
    if t.startswith("half a "):
        scale = SCALES.get(t[7:]) or (12 if t[7:] == "dozen" else None)
        return None if scale is None else 0.5 * scale
    tokens = [w for w in t.split() if w != "and"]
    if tokens in (["a", "dozen"],):
        return 12.0
    if tokens in (["a", "score"],):
        return 20.0
    total, current = 0.0, None
    for w in tokens:
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            current = (current or 0) + float(w)
        elif w in UNITS_WORDS:
            current = (current or 0) + UNITS_WORDS[w]
        elif w in TENS_WORDS:
            current = (current or 0) + TENS_WORDS[w]
        elif w in ("a", "an"):
            current = (current or 0) + 1
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = None
        else:
            return None
    return total + (current or 0) if tokens else None


def _vague(words: str) -> tuple[float, float] | None:
    t = " ".join(words.lower().split())
    fixed = {
        "a few": (2, 9),
        "several": (3, 9),
        "a handful": (2, 6),
        "a couple": (2, 3),
        "dozens": (24, 144),
        "scores": (40, 200),
    }
    if t in fixed:
        return fixed[t]
    m = re.fullmatch(r"(a few|several|a couple of|many) (dozen|hundred|thousand|million)s?", t)
    if m:
        unit = 12 if m[2] == "dozen" else SCALES[m[2]]
        lo, hi = {"a few": (2, 9), "several": (3, 9), "a couple of": (2, 3), "many": (2, 9)}[m[1]]
        return lo * unit, hi * unit
    m = re.fullmatch(r"(?:(tens|hundreds) of )?(hundred|thousand|million)s", t)
    if m:
        unit = SCALES[m[2]] * {None: 1, "tens": 10, "hundreds": 100}[m[1]]
        return 2 * unit, 10 * unit - 1
    return None


def _qualify(
    qual: str | None, low: float, high: float, count: bool, approximate: bool
) -> tuple[float | None, float | None, bool]:
    q = " ".join((qual or "").lower().split())
    step = 1 if count and low == math.floor(low) else 0
    if q in (
        "more than",
        "over",
        "upwards of",
        "in excess of",
        "well over",
        "more than a",
        "greater than",
        "higher than",
        "surpass",
        "surpassing",
        "exceed",
        "exceeding",
        "top",
    ):
        return low + step, None, approximate
    if q in ("at least", "no fewer than", "no less than"):
        return low, None, approximate
    if q in ("just over",):
        return low + step, round(high * 1.1, 6), True
    if q in ("fewer than", "less than", "under", "below"):
        return None, high - step, approximate
    if q in ("up to", "as many as", "no more than", "not more than", "at most", "barely"):
        return None, high, approximate
    if q in ("nearly", "almost", "close to", "just under"):
        return round(low * 0.9, 6), high - step if q == "just under" else high, True
    if q in ("about", "around", "roughly", "approximately", "some", "about a"):
        if low == high and (_significant_digits(low) >= 3 or (_significant_digits(low) == 2 and low >= 1000)):
            return low, high, True  # "around 2.46 million": the figure already carries its precision
        return round(low * 0.9, 6), round(high * 1.1, 6), True
    return low, high, approximate


def _significant_digits(x: float) -> int:
    digits = f"{x:.6g}".replace(".", "").lstrip("0").rstrip("0")
    return len(digits)


def _unit_after(text: str, at: int) -> tuple[str | None, float, str | None, int]:
    """The unit (normal unit, factor), the counted noun, and where it ends, for words after ``at``."""
    m = re.match(r"[-\s]?(%|[A-Za-z]+)(?:\s(mile|miles))?", text[at : at + 30])
    if m is None:
        return None, 1.0, None, at
    word = m.group(1).lower()
    if word in ("per",) and text[at : at + 10].lower().lstrip().startswith("per cent"):
        return "percent", 1.0, "per cent", at + text[at:].lower().index("cent") + 4
    if word == "nautical":
        return "km", 1.852, "nautical miles", at + m.end()
    if word in _MEASURES:
        unit, factor = _MEASURES[word]
        return unit, factor, m.group(1), at + m.end(1)
    if word in _CURRENCY_CODES:
        return word.upper().replace("RMB", "CNY"), 1.0, m.group(1), at + m.end(1)
    # A count: skip adjectives to the noun ("four confirmed deaths", "35 more people").
    words = re.findall(r"[A-Za-z][A-Za-z-]*", text[at : at + 60])[:4]
    for w in words:
        lw = w.lower()
        if lw in _ADJECTIVES and lw not in ("dead", "missing", "injured", "wounded"):
            continue
        if lw in (
            "of",
            "and",
            "or",
            "to",
            "in",
            "on",
            "were",
            "was",
            "are",
            "is",
            "had",
            "have",
            "who",
            "the",
            "a",
            "an",
        ):
            return None, 1.0, None, at
        if (
            lw.endswith(("ed", "ing"))
            and lw not in PERSON_NOUNS
            and lw not in ("building", "buildings", "bed", "beds", "shed")
        ):
            return None, 1.0, None, at  # a verb: "80,000 joined the strike"
        return (("people" if lw in PERSON_NOUNS else lw), 1.0, w, at)
    return None, 1.0, None, at


def find_quantities(
    text: str, *, start: int = 0, end: int | None = None, skip: Sequence[tuple[int, int]] = ()
) -> list[QuantityMention]:
    """Every quantity in ``text[start:end]``, in order, leaving out the spans in ``skip`` (dates)."""
    end = len(text) if end is None else end
    found: list[QuantityMention] = []
    skip = list(skip)
    for m in _QUANTITY_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        if any(a <= s < b or a < e <= b for a, b in skip):
            continue
        g = m.groupdict()
        qual = g["qual"]
        if re.match(r"\s(?:in|out\sof)\s(?:\d+|[a-z]+)\b", text[e : e + 14]) and g["num"]:
            nxt = re.match(r"\s(?:in|out\sof)\s(\w+)", text[e : e + 14])
            if nxt and (
                nxt.group(1).isdigit()
                or nxt.group(1).lower() in UNITS_WORDS
                or nxt.group(1).lower() in TENS_WORDS
            ):
                skip.append((s, e + nxt.end()))
                continue  # "one in seven": a ratio
        if g["num"] and re.fullmatch(r"an?", g["num"].strip(), re.I) and not g["num2"]:
            continue  # the article alone
        if g["num"] and re.fullmatch(_WORD_NUM, g["num"].strip(), re.I) and g["num"].strip().lower() == "one":
            after = text[e : e + 12].lower()
            if re.match(r"\s(?:of|another|day|another|thing|way|side)\b", after):
                continue  # "one of the survivors", "one side"
        if g["frac"]:
            ref = _previous(found, s)
            if ref is None or ref.high is None:
                continue
            parts = g["frac"].lower().split()
            base = FRACTIONS[parts[1].rstrip("s")] * (_SMALL.index(parts[0]) if parts[0] in _SMALL else 1)
            lo, hi, ap = _qualify(
                qual, base * (ref.low or ref.high), base * ref.high, ref.unit == "people", True
            )
            found.append(QuantityMention(s, e, m.group(), lo, hi, True, ref.unit, ref.noun, ref.measure))
            continue
        count_guess = True
        if g["vague"]:
            interval = _vague(g["vague"])
            if interval is None:
                continue
            low, high, approximate = float(interval[0]), float(interval[1]), True
            after_at = e
            if re.match(r"\sof\s", text[e : e + 4]):
                after_at = e + 4
        else:
            a = number_value(g["num"])
            if a is None:
                continue
            b = number_value(g["num2"]) if g["num2"] else None
            if b is not None and b < a:
                if g["num2"] and re.match(r"\s?(?:-|–)", text[m.start("num2") - 1 : m.start("num2")]):
                    b = None  # "5-2" is a score, not a range
                else:
                    b = None
            low, high, approximate = a, (b if b is not None else a), False
            after_at = e
        unit, factor, noun, noun_end = (None, 1.0, None, e)
        currency = g["cur"] or g["cur2"]
        if g["pct"]:
            unit = "percent"
        elif currency:
            unit = _CURRENCY_SYMBOLS.get(currency.strip().lower(), "USD")
        elif g.get("glued"):
            unit, factor = (
                _MEASURES.get(g["glued"].lower(), ("km", 1.0))
                if g["glued"].lower() != "mi"
                else ("km", 1.609344)
            )
            noun, noun_end = g["glued"], e
        else:
            unit, factor, noun, noun_end = _unit_after(text, after_at)
            if unit in ("magnitude",):
                count_guess = False
        measure = (
            unit is not None
            and unit != "people"
            and (unit in {u for u, _ in _MEASURES.values()} or unit.isupper())
        )
        if measure:
            count_guess = False
            # "6 million euros": the unit word ends the quantity; a conversion in brackets follows.
        before = text[max(0, s - 12) : s].lower()
        if not measure and re.search(r"magnitude[\s-]?$|\bm\s?$", before):
            unit, measure, count_guess = "magnitude", True, False
        if unit == "magnitude":
            unit, noun = None, "magnitude"  # a dimensionless scale: the property says what it is
        if (
            g["num"]
            and not measure
            and re.search(r"(?:no\.|number|flight|route|page|p\.|pp\.|chapter|article|section)\s?$", before)
        ):
            continue
        low2, high2, approximate = _qualify(qual, low * factor, high * factor, count_guess, approximate)
        if unit == "percent" and high2 is None:
            high2 = 100.0
        if unit == "percent" and qual and qual.strip().lower() in ("more than", "over") and low2 is not None:
            low2 = low * factor  # "more than 80 percent": from 80 (shares are not whole numbers)
        e2 = max(e, noun_end) if measure else e
        found.append(QuantityMention(s, e2, text[s:e2], low2, high2, approximate, unit, noun, measure))
    return _drop_conversions(found, text)


def _previous(found: list[QuantityMention], at: int) -> QuantityMention | None:
    return found[-1] if found and found[-1].end <= at else None


def _drop_conversions(found: list[QuantityMention], text: str) -> list[QuantityMention]:
    """ "20 km (12 miles)": the bracketed figure restates the one before it."""
    kept: list[QuantityMention] = []
    for q in found:
        if kept and q.measure and kept[-1].measure:
            gap = text[kept[-1].end : q.start]
            if re.fullmatch(r"\s*\(\s*", gap):
                continue
        kept.append(q)
    return kept
