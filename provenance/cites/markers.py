"""Inline citation markers: parentheticals, references in running text and notes, "See …",
"according to …", attributions ("The source added", "AQIM says", "The report states:"),
"reported … for The Guardian", titles of known documents, and bare URLs. Pure: text in, markers out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .model import KnownDocument, TitleTrie, title_form
from .text import DATE, FULL_DATE, OPENS, SENTENCE, Marker, clean

_NAME_WORD = r"(?:[A-Z][\w.&’'`-]*|al-[\w’'`‘-]+|of|the|and|for|de|du|la|le)"
_NAME = rf"[A-Z][\w.&’'`-]*(?:[ \t]+{_NAME_WORD}){{0,7}}"

# One citation in a parenthetical: "Alsumaria, October 7, 2016", "See Militant Leadership Monitor, January 4".
_PAREN_PIECE = re.compile(
    rf"(?:[Ss]ee(?: also)? )?(?P<name>{_NAME}),\s+(?P<date>{DATE})(?:,? (?:pp?\. ?[\d–-]+|\w+ \d+))?\s*"
)
_PARENS = re.compile(r"\(([^()\n]{3,300})\)")

# "…,” CNN, September 15, 2015." — a reference in running text or a note (Chicago style).
_REFERENCE = re.compile(
    rf"(?P<lead>[,”\")]\s+|^|\n)(?P<name>{_NAME}),\s+(?P<date>{FULL_DATE})(?:,\s+pp?\.\s?[\d–-]+)?", re.M
)
# "See November 7, 2016" / "See writings about al-Asimi July 7, 2016" in a note.
_SEE = re.compile(
    rf"\b[Ss]ee,?(?: also)?(?: for example,)? (?P<what>[^.,;:“”\"\n]{{0,60}}?)(?P<date>{DATE})(?!\d)"
)

_SOURCE_NOUNS = (
    "source|sources|official|officials|report|reports|statement|account|translation|data|interview"
    "|document|documents|spokesman|spokesperson|media|press|newspaper|agency|letter|analyst|analysts"
    "|expert|experts|witness|witnesses|resident|residents|monitor|observatory|ministry"
)
_SOURCE_NOUN = re.compile(rf"\b(?:{_SOURCE_NOUNS})\b", re.I)
_ANAPHORA = re.compile(rf"^(?:the|this|that|these|those)\s+(?:same\s+)?(?:{_SOURCE_NOUNS})$", re.I)
_PRONOUN_START = re.compile(r"^(?:its|his|her|their|our|my|your)\b", re.I)

_ACCORDING = re.compile(
    r"\b[Aa]ccording to (?P<x>(?:\[[^\]\n]*\]\(#\)|\[\d+\]|[^,.;:()“”\"\n]){2,80}?)"
    r"(?=[,.;:(“”\"\n]|\s(?:that|which|who|whom|in|on|at|from|of|was|were|is|are|has|had|last|this)\b|$)"
)
_VERBS = (
    "said|says|added|adds|reported|reports|stated|states|told|wrote|writes|claimed|claims|noted|notes"
    "|confirmed|confirms|explained|explains"
)
_SOURCE_SUBJECT = (
    rf"(?:[Aa]n?|[Tt]he|[Oo]ne) (?:[\w-]+ ){{0,3}}?(?:{_SOURCE_NOUNS})"
    r"(?: (?:from|in|close to|within|of|inside) (?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*)?"
)
_ATTRIBUTION = re.compile(
    rf"(?P<subj>{_SOURCE_SUBJECT}|{_NAME}(?:’s|'s) statement|{_NAME})(?P<app>, who [^,.]{{1,80}},)?"
    rf" (?:also |further |then )?(?P<verb>{_VERBS}|reads|continues)\b(?P<colon>:)?"
)
_REPORTED_FOR = re.compile(
    rf"\breported\b[^.\n]{{0,80}}?\bfor (?P<name>(?:The |the )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*){{0,4}})"
    rf"(?:(?:\s+\w+){{0,2}},?\s+(?P<date>{DATE}))?"
)
_URL = re.compile(r"https?://[^\s<>()\[\]\"“”]+[^\s<>()\[\]\"“”.,;:]")


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)


def parentheticals(text: str) -> list[Marker]:
    """(Outlet, Date) and (Outlet, Date; See Other, Date): one marker per citation inside."""
    markers = []
    for m in _PARENS.finditer(text):
        inner, base = m.group(1), m.start(1)
        pieces = [(p.start(), p.end()) for p in re.finditer(r"[^;]+", inner)]
        for i, (s, e) in enumerate(pieces):
            piece = inner[s:e]
            lead = len(piece) - len(piece.lstrip())
            found = _PAREN_PIECE.fullmatch(piece.strip())
            if not found:
                continue
            start = m.start() if i == 0 else base + s + lead
            end = m.end() if i == len(pieces) - 1 else base + e + 1  # the ";" closes a piece
            markers.append(
                Marker(start, end, "parenthetical", name=found["name"].strip(), date=found["date"])
            )
    return markers


def references(text: str, is_outlet: Callable[[str], bool]) -> list[Marker]:
    """ "Outlet, Month D, YYYY" after a quoted title (or naming a known outlet) in running text."""
    markers = []
    for m in _REFERENCE.finditer(text):
        name = " ".join(m["name"].split())
        lead = m["lead"].strip()
        if not (is_outlet(name) or lead in (",", "”", '"', ")")):
            continue
        markers.append(Marker(m.start("name"), m.end(), "reference", name=name, date=m["date"]))
    return markers


def see_references(text: str, spans: Sequence[tuple[int, int]]) -> list[Marker]:
    """ "See November 7, 2016" inside a note: the note's claims rest on it."""
    markers = []
    for s, e in spans:
        for m in _SEE.finditer(text, s, e):
            what = m["what"].strip() or None
            markers.append(Marker(m.start(), m.end(), "reference", date=m["date"], title=what))
    return markers


def _source_like(x: str) -> bool:
    """A phrase that can name a source: a source noun, or a proper name (every word capitalised)."""
    if _SOURCE_NOUN.search(x):
        return True
    words = x.split()
    connectors = {"al", "bin", "ibn", "abu", "of", "the", "and", "de"}
    return len(words) <= 5 and all(
        w[0].isupper() or w.lower() in connectors or w.lower().startswith(("al-", "bin-", "ibn-"))
        for w in words
    )


def according_to(text: str, is_outlet: Callable[[str], bool]) -> list[Marker]:
    markers = []
    for m in _ACCORDING.finditer(text):
        x = m["x"].strip()
        bare = re.sub(r"\[[^\]]*\]\(#\)|\[\d+\]", " ", x)  # markdown links and note markers inside
        bare = " ".join(bare.replace("[", " ").replace("]", " ").split())
        if not bare or _PRONOUN_START.match(bare):
            continue
        if not (is_outlet(bare) or _source_like(bare)):
            continue
        markers.append(
            Marker(
                m.start(),
                m.start("x") + len(m["x"].rstrip()),
                "according_to",
                kind="according_to",
                scope=SENTENCE,
                name=bare,
                person=not is_outlet(bare),
                anaphora=bool(_ANAPHORA.match(bare)),
            )
        )
    return markers


def _quoted_near(text: str, start: int, end: int) -> bool:
    """Whether a direct quotation ends just before the marker or begins just after it."""
    before = text[max(0, start - 3) : start]
    after = text[end : end + 4]
    return "”" in before or '"' in before or after.startswith((":", " “", ", “", ' "', ', "'))


def attributions(text: str, is_outlet: Callable[[str], bool]) -> list[Marker]:
    """ "A knowledgeable source from ISIS reported", "The source added", "AQIM says", "The report states:"."""
    markers = []
    for m in _ATTRIBUTION.finditer(text):
        subj = m["subj"].strip()
        statement = re.sub(r"(?:’s|'s) statement$", "", subj)
        is_source = bool(re.fullmatch(_SOURCE_SUBJECT, subj))
        if (
            m["verb"] in ("reads", "continues")
            and statement == subj
            and not subj.lower().endswith(("statement", "report", "letter"))
        ):
            continue
        if not is_source and (statement.endswith(("’s", "'s")) or not is_outlet(_strip_article(statement))):
            continue  # "the Islamic State’s claims": a possessive before a noun, not a speaker
        name = _strip_article(statement) if not is_source else subj
        colon = bool(m["colon"])
        quotes = colon or _quoted_near(text, m.start(), m.end())
        markers.append(
            Marker(
                m.start("subj"),
                m.end("verb"),
                "attribution",
                kind="quotes" if quotes else "according_to",
                scope=OPENS if colon else SENTENCE,
                name=name,
                person=is_source and not is_outlet(_strip_article(subj)),
                anaphora=bool(_ANAPHORA.match(subj)),
            )
        )
    return markers


def reported_for(text: str) -> list[Marker]:
    """ "Martin Chulov reported … for The Guardian yesterday, February 7"."""
    return [
        Marker(m.start(), m.end(), "reported_for", scope=SENTENCE, name=m["name"], date=m["date"])
        for m in _REPORTED_FOR.finditer(text)
    ]


def _title_pattern(title: str) -> re.Pattern[str] | None:
    """One title's pattern: its folded words apart by any punctuation and space, a line-end hyphen
    included ("li-\nman"). `titles` finds what these would, for every title in one pass; this is the
    reference it is tested against."""
    form = title_form(title)
    if form is None:
        return None
    words = form.split()
    return re.compile(r"\b" + r"[\W_]{1,4}".join(re.escape(w) for w in words) + r"\b", re.I)


def titles(text: str, documents: Sequence[KnownDocument], trie: TitleTrie | None = None) -> list[Marker]:
    """A known document's title printed in the text: the passage rests on that document.
    Document by document (in their order), each in text order; `trie` is `documents`' own."""
    if trie is None:
        trie = TitleTrie([title_form(d.title) for d in documents])
    markers: list[Marker] = []
    for order, spans in sorted(trie.find(text).items()):
        key = documents[order].key
        markers.extend(Marker(s, e, "title", title=text[s:e], document=key) for s, e in spans)
    return markers


def urls(text: str, skip: Sequence[tuple[int, int]]) -> list[Marker]:
    """Bare URLs outside the notes (a list of sources, or a link in running text)."""
    return [
        Marker(m.start(), m.end(), "url", scope=SENTENCE, url=m.group())
        for m in _URL.finditer(text)
        if not any(s <= m.start() < e for s, e in skip)
    ]


def names(text: str) -> list[str]:
    """Capitalised names in a passage ("Human Rights Watch", "Al-Naba"), for spotting outlets it names."""
    return [" ".join(m.group().split()) for m in re.finditer(rf"(?:\bal-)?{_NAME}", clean(text))]


def dates(text: str) -> list[str]:
    """Dates printed in a passage, as printed."""
    return [m.group() for m in re.finditer(rf"{DATE}(?!\d)", text)]


def note_reference(note: str, is_outlet: Callable[[str], bool]) -> Marker | None:
    """What a note cites: its first reference, parenthetical or "See …", with any URL in it."""
    found = references(note, is_outlet) + parentheticals(note) + see_references(note, [(0, len(note))])
    found.sort(key=lambda m: m.start)
    url = _URL.search(re.sub(r">\s*\n\s*\[([^\]\s]+)\]\(#\)", r"\1>", note))  # "…by-his-o>\n[wn-fighters](#)"
    first = found[0] if found else Marker(0, 0, "reference")
    if url:
        first.url = url.group().rstrip(">")
        if first.title is None:
            head = note[: url.start()].strip().rstrip("<").strip().rstrip(":").strip()
            first.title = " ".join(head.split()) or None
    if not found and not url:
        return None
    return first
