"""What a number in a sentence counts: the property, in a normal form built from the words.

News states counts as "N <noun> <predicate>" ("55 people were injured"), "<verb> N <noun>"
("killed at least 40 people", "a bus carrying 52 people"), "the number of <noun> <predicate>
to N", a headline "N Dead", or a measure ("20 km off …", "magnitude 7.8"). The predicate words
map to a few normal properties (deaths, injured, missing, …); without one the counted noun is
the property ("vessels"). Each property has a *behaviour* that comparison needs: a
``cumulative`` count only grows (a lower figure later is the suspect one), a ``static`` one
does not change with time (people on board, a distance, a magnitude), a ``varying`` one may go
either way (people missing), so only figures for the same time are rivals. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import fold_name, skeleton


def _words(text: str) -> frozenset[str]:
    """A vocabulary written as one string of words."""
    return frozenset(text.split())


# (pattern, property, behaviour); the first that matches nearest the number wins.
_PREDICATES: list[tuple[str, str, str]] = [
    (
        r"death toll|deaths?|dead|died|die|killed|kill(?:ing|s)?|fatalities|perished|lives lost|lost their "
        r"lives|feared dead",
        "deaths",
        "cumulative",
    ),
    (r"injur(?:ed|ies|y|ing)|wounded|hurt|hospitali[sz]ed", "injured", "cumulative"),
    (r"missing|unaccounted(?: for)?|searching for|search for|still trapped", "missing", "varying"),
    (r"rescued|saved|pulled (?:out|from|to safety)|plucked", "rescued", "cumulative"),
    (r"survived|survivors?", "survivors", "static"),
    (r"on board|aboard|carrying|carried|with \w+ passengers", "on board", "static"),
    (
        r"bodies (?:have been |had been |were )?(?:recovered|found|pulled|retrieved)",
        "bodies recovered",
        "cumulative",
    ),
    (r"arrested|detained|arrests|in custody", "arrested", "cumulative"),
    (r"evacuated|displaced|homeless|fled", "displaced", "cumulative"),
    (r"aftershocks?", "aftershocks", "cumulative"),
    (
        r"marched|march(?:ers|ing)?|protesters|protestors|demonstrators|took part|turned out|turnout|"
        r"attended|crowd|rall(?:y|ied)|joined|participants",
        "turnout",
        "static",
    ),
    (r"votes?|voted", "votes", "static"),
    (r"cases|infected|infections|tested positive", "cases", "cumulative"),
    (r"buildings?|homes|houses", "buildings", "cumulative"),
]
_PRED_RE = [(re.compile(rf"\b(?:{p})\b", re.I), prop, how) for p, prop, how in _PREDICATES]
_CLAUSE_STOP = re.compile(
    r"[;:]|\s[—–]\s|,\s(?!(?:who|and)\b)|\b(?:but|while|whereas|although|when|after|before|because|as)\b",
    re.I,
)
# Verbs that take the count as object, or end a noun phrase.
_STATIC_UNITS = {"km": "distance", "tons": "tonnage", "magnitude": "magnitude", "kg": "weight"}


@dataclass(frozen=True)
class Property:
    name: str  # "deaths", "on board", "distance from bngpng", "vessels", …
    behaviour: str  # cumulative, static, varying
    reference: str | None = None  # for distances: the place measured from (its skeleton key)


def _first_pred(window: str, *, from_end: bool) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    for pattern, prop, how in _PRED_RE:
        for m in pattern.finditer(window):
            pos = len(window) - m.end() if from_end else m.start()
            if best is None or pos < best[0]:
                best = (pos, prop, how)
    return None if best is None else (best[1], best[2])


def _after_window(sentence: str, at: int) -> str:
    """Words after the number up to the end of its clause; "N X and M Y on board" shares the predicate."""
    rest = re.sub(r"\([^()]{0,40}\)", lambda m: " " * len(m.group()), sentence[at:])  # "(12 miles)"
    rest = rest.replace("“", " ").replace("”", " ").replace('"', " ")
    out = []
    pos = 0
    while True:
        stop = _CLAUSE_STOP.search(rest, pos)
        piece = rest[pos : stop.start() if stop else len(rest)]
        out.append(piece)
        if stop is None:
            break
        following = rest[stop.end() : stop.end() + 12]
        if stop.group().strip() == "," and re.match(
            r"\s*(?:or|i\.e\.|that is|roughly|nearly|about|some)\s", following
        ):
            nxt = _CLAUSE_STOP.search(rest, stop.end())
            if nxt is not None and nxt.group().strip() == ",":
                pos = nxt.end()  # ", or nearly one in seven …,": a restatement; the predicate follows
                continue
        if stop.group().strip() == "," and re.match(r"\s*(?:and\s)?\d", following):
            out.append(stop.group())
            pos = stop.end()
            continue
        break
    window = "".join(out)
    return window[:120]


def _before_window(sentence: str, at: int) -> str:
    head = sentence[:at]
    stops = list(_CLAUSE_STOP.finditer(head))
    start = stops[-1].end() if stops else 0
    return head[start:][-80:]


_PLACE_GENERIC = _words(
    "island islands coast city town village province state region district mountain port harbour bay sea "
    "river capital"
)


def _reference(after: str) -> str | None:
    """The place a distance is measured from: "off the southern island of Byungpoong" → its key."""
    m = re.search(
        r"\b(?:off|from|of|away from|north of|south of|east of|west of|outside|northeast of|northwest of|"
        r"southeast of|southwest of)\s(?:the\s)?(?P<np>[^,.;()]{2,60})",
        after,
        re.I,
    )
    if m is None:
        return None
    np = m.group("np")
    names = re.findall(r"\b[A-Z][\w'’-]+", np)
    names = [n for n in names if n.lower() not in _PLACE_GENERIC]
    if names:
        return skeleton(" ".join(names[:2]))
    words = [w for w in fold_name(np).split() if w not in ("the", "a", "an")]
    return " ".join(words[:3]) or None


def property_of(sentence: str, start: int, end: int, unit: str | None, noun: str | None) -> Property:
    """The property the quantity at ``sentence[start:end]`` bears on."""
    after = _after_window(sentence, end)
    before = _before_window(sentence, start)
    if noun == "magnitude":
        return Property("magnitude", "static")
    number = sentence[start:end]
    if (
        unit is None
        and re.search(r"\d[.,]\d", number)
        and re.search(
            r"\b(?:earthquake|quake|tremor|temblor|aftershock)s?\s(?:was|measured|registered|of|"
            r"at)\s(?:a\s)?(?:magnitude\s)?$|\bRichter\b",
            before,
        )
    ):
        return Property(
            "magnitude", "static"
        )  # "the earthquake was 6.4": a decimal on a quake is its magnitude
    if unit == "km" and re.search(r"\bdepth\b|\bdeep\b", before + " " + after[:12]):
        return Property("depth", "static")
    if unit == "km":
        ref = _reference(after)
        return Property(f"distance from {ref}" if ref else "distance", "static", ref)
    if unit in _STATIC_UNITS:
        return Property(_STATIC_UNITS[unit], "static")
    if unit == "percent":
        tail = re.findall(r"[a-z]+", after.lower())[:4]
        return Property("share " + " ".join(t for t in tail if t not in ("of", "the", "a")), "varying")
    if unit and unit.isupper():
        return Property(f"amount in {unit}", "varying")
    # "the number of people feared dead to 304": the property is in the phrase before.
    number_of = re.search(
        r"\b(?:number|toll|count|tally|total) of ([\w\s-]{2,40}?)\s(?:to|at|was|is|stood at|rose to|"
        r"reached)\s*$",
        before,
        re.I,
    )
    if number_of:
        found = _first_pred(number_of.group(0), from_end=False)
        if found:
            return Property(*found)
    if re.search(r"\b(?:which|that|who)\s(?:was|were|is|are|stood at|totalled|totaled|numbered)\s*$", before):
        found = _first_pred(
            sentence[:start], from_end=True
        )  # "the turnout of a 2003 rally, which was 500,000"
        if found:
            return Property(*found)
    found = _first_pred(after, from_end=False) if after else None
    if found is None:
        found = _first_pred(before, from_end=True)
    if found is not None:
        return Property(*found)
    if noun:
        return Property(fold_name(noun), "varying")
    return Property("count", "varying")


def date_property(sentence: str, start: int, end: int, role: str) -> Property:
    """What a date dates: "date of sinking" from the verb or noun beside it; report dates apart."""
    if role == "report":
        return Property("date of report", "static")
    if role == "since":
        return Property("since", "static")
    window = sentence[max(0, start - 60) : start] + " " + sentence[end : end + 40]
    # "the March 3 collapse": the noun right after; else the nearest verb before ("burst … on Monday").
    noun = re.match(
        r"\s*(?:'s\s)?([a-z]{3,}(?:ing|ion|ure|ake|ck|ash|ood|ire|ion))\b", sentence[end : end + 30]
    )
    if noun:
        return Property(f"date of {lemma(noun.group(1))}", "static")
    verbs = re.findall(
        r"\b([a-z]+(?:ed|ank|uck|ook|it|ell|ose|ame|ew|an|ought|ike|ave|ade|ent|un))\b",
        sentence[max(0, start - 80) : start],
    )
    if verbs:
        return Property(f"date of {lemma(verbs[-1])}", "static")
    del window
    return Property("date", "static")


_IRREGULAR = {
    "sank": "sink",
    "sunk": "sink",
    "struck": "strike",
    "hit": "strike",
    "shook": "shake",
    "began": "begin",
    "took": "take",
    "fell": "fall",
    "rose": "rise",
    "broke": "break",
    "held": "hold",
    "won": "win",
    "ran": "run",
    "met": "meet",
    "left": "leave",
    "went": "go",
    "came": "come",
    "flew": "fly",
    "made": "make",
    "brought": "bring",
    "sinking": "sink",
    "quake": "strike",
    "earthquake": "strike",
    "attack": "attack",
}


def lemma(word: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, repl in (("ying", "y"), ("ing", ""), ("ied", "y"), ("ed", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)] + repl
            return base[:-1] if len(base) > 3 and base[-1] == base[-2] else base
    return w
