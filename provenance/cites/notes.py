"""Note markers: bracketed endnotes with a notes list, superscript numbers run into the text, and
lettered footnotes. Pure: text in, markers out.

Superscripts and letters are told from ordinary digits and letters by their order: an article
numbers its notes 1, 2, 3 … (a, b, c …), so only candidates that continue the sequence count.
"""

from __future__ import annotations

import re

from .text import CLOSES, Marker

# "[1] The bounty is new …" at the start of a line, after the text that cites it.
_ENDNOTE_DEF = re.compile(r"^\[(\d{1,3})\][ \t]*(?=\S)", re.M)
_ENDNOTE_REF = re.compile(r"\[(\d{1,3})\]")
# A note's continuation paragraph: a URL, or a single token (a URL broken over two lines).
_CONTINUATION = re.compile(r"^(?:<?https?://\S*|\S+)$")

# "Mosul,1 while" / "fight.”5 Rather": digits right after punctuation, then a space or the end.
_SUPERSCRIPT = re.compile(r"(?<=[.,;:)”’\"])(\d{1,3})(?=[\s.,;:)]|$)")
# "State.a The" / "raids.c\n": a letter right after punctuation.
_LETTER_REF = re.compile(r"(?<=[.,;:)”’\"])([a-z])(?=\s|$)")
# "\n\nc According to an insider account, …": a lettered footnote opening a paragraph.
_LETTER_DEF = re.compile(r"(?:^|\n[ \t]*\n)([a-z]) (?=[A-Z“\"‘])")
# How far before its note a lettered footnote's marker may be (a page or two of text).
_NOTE_REACH = 8000
# Where running text resumes after a page's footnotes (text taken from PDFs).
_NOTE_END = re.compile(r"\n[ \t]*\n|\n(?=[ \t]+\S)")


def _note_text(text: str, start: int, end_limit: int | None = None) -> tuple[str, int]:
    """The note beginning at `start`: up to the end of its paragraph."""
    m = _NOTE_END.search(text, start, end_limit or len(text))
    end = m.start() if m else (end_limit or len(text))
    return text[start:end], end


def endnotes(text: str) -> tuple[list[Marker], list[tuple[int, int]]]:
    """Bracketed markers "[1]" and, when the text has its notes list, each one's note.

    Also returns the spans of the notes themselves, which are not markers in their own right.
    """
    defs: dict[str, tuple[int, str]] = {}
    spans: list[tuple[int, int]] = []
    found = list(_ENDNOTE_DEF.finditer(text))
    for i, m in enumerate(found):
        limit = found[i + 1].start() if i + 1 < len(found) else len(text)
        body_start = m.end()
        note, end = _note_text(text, body_start, limit)
        # Continuation paragraphs: a URL on its own line, or the rest of a broken URL.
        while end < limit:
            nxt = re.match(r"\s*\n\s*(\S[^\n]*)", text[end:limit])
            if not nxt or not _CONTINUATION.match(nxt.group(1).strip()):
                break
            note += "\n" + nxt.group(1).strip()
            end = end + nxt.end()
        defs.setdefault(m.group(1), (body_start, note))
        spans.append((m.start(), end))
    markers = []
    for m in _ENDNOTE_REF.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        number = m.group(1)
        defined: tuple[int | None, str | None] = defs.get(number, (None, None))
        note_start, note_text = defined
        if note_start is not None and note_start < m.start():
            note_start, note_text = None, None  # a note list comes after what cites it
        markers.append(
            Marker(
                m.start(),
                m.end(),
                "endnote",
                note=note_text,
                note_start=note_start,
                unknown_note=note_text is None,
                label=number,
            )
        )
    return markers, spans


def _sequence(candidates: list[tuple[int, int]], *, first: int) -> list[int]:
    """Indices of the candidates (position order; value) that continue a 1, 2, 3 … numbering.

    A series may skip up to two numbers; it restarts at `first` (a new article) only when the
    next number follows soon after, so a stray "1" does not derail it.
    """
    chosen: list[int] = []
    last: int | None = None
    for i, (_, value) in enumerate(candidates):
        ahead = [v for _, v in candidates[i + 1 : i + 4]]
        follows = last is not None and value == last + 1
        skips = (
            last is not None and last + 1 < value <= last + 3 and (value + 1 in ahead or value + 2 in ahead)
        )
        restarts = value == first and first + 1 in ahead
        if follows or skips or restarts:
            chosen.append(i)
            last = value
    return chosen


def superscripts(text: str) -> list[Marker]:
    """Note numbers run into the text ("Mosul,1 while"); their notes are not in the text."""
    found = [(m.start(1), int(m.group(1))) for m in _SUPERSCRIPT.finditer(text)]
    markers = []
    for i in _sequence(found, first=1):
        start, value = found[i]
        end = start + len(str(value))
        markers.append(Marker(start, end, "superscript", unknown_note=True, label=str(value)))
    return markers


def footnotes(text: str) -> tuple[list[Marker], list[tuple[int, int]]]:
    """Lettered footnote markers ("raids.c") matched with the note that follows them ("c According to …").

    A letter after punctuation is a marker only when its note follows within a page or two."""
    defs = []
    for m in _LETTER_DEF.finditer(text):
        start = m.start(1)
        note, end = _note_text(text, m.end())
        defs.append((start, end, m.group(1), m.end(), note))
    spans = [(s, e) for s, e, *_ in defs]
    refs = [
        (m.start(1), ord(m.group(1)) - ord("a") + 1)
        for m in _LETTER_REF.finditer(text)
        if not any(s <= m.start(1) < e for s, e in spans)
    ]
    # Each note is claimed by the nearest marker with its letter before it (within a few pages).
    markers: list[Marker] = []
    for def_start, _, letter, note_start, note in defs:
        value = ord(letter) - ord("a") + 1
        before = [start for start, v in refs if v == value and def_start - _NOTE_REACH < start < def_start]
        if before and not any(m.start == before[-1] for m in markers):
            start = before[-1]
            markers.append(
                Marker(
                    start, start + 1, "footnote", scope=CLOSES, note=note, note_start=note_start, label=letter
                )
            )
    markers.sort(key=lambda m: m.start)
    return markers, spans


def note_spans(text: str) -> list[tuple[int, int]]:
    """Where the notes themselves are (endnote list entries and lettered footnotes)."""
    return endnotes(text)[1] + footnotes(text)[1]
