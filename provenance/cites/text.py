"""Shared pieces of the citation scanner: the raw marker, dates as printed, paragraphs and sentences."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
# A date as citations print it: "February 8", "October 7, 2016", "7 October 2016", "May 2017", "2015".
DAY_DATE = rf"(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?"
FULL_DATE = rf"(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?, \d{{4}}"
DATE = (
    rf"(?:{DAY_DATE}|\d{{1,2}} (?:{_MONTHS}) \d{{4}}|(?:{_MONTHS}),? \d{{4}}"
    rf"|(?:{_MONTHS})/(?:{_MONTHS}) \d{{4}}|\d{{4}})"
)

# Scopes: which claims a marker supports.
CLOSES = "closes"  # the passage before it, back to the previous marker or the paragraph start
SENTENCE = "sentence"  # claims in its own sentence
OPENS = "opens"  # the passage after it ("The report states:" and the block quote that follows)


@dataclass
class Marker:
    """A marker found in the text, before its target is worked out."""

    start: int
    end: int
    source: str
    kind: str = "cites"
    scope: str = CLOSES
    name: str | None = None  # outlet or person as printed
    date: str | None = None  # date as printed
    url: str | None = None
    title: str | None = None  # the cited work's title as printed
    note: str | None = None  # the note the marker sends to
    note_start: int | None = None  # where that note is in the text (its references are found there)
    person: bool = False  # `name` is a person or unnamed source, not an outlet
    anaphora: bool = False  # "the source", "the report": the target is the previous one
    document: str | None = None  # a known document already identified (by title or URL)
    unknown_note: bool = False  # a note marker whose note text is not in the text
    label: str | None = None  # the note's number or letter


def clean(s: str) -> str:
    """One line: runs of whitespace as one space, line-end hyphens joined."""
    s = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", s)
    return " ".join(s.split())


_BLOCK_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]+\S)")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: split at blank lines, and where a line starts indented (in text taken from
    PDFs that is where running text resumes after a page's footnotes)."""
    spans = []
    at = 0
    for m in _BLOCK_BREAK.finditer(text):
        if m.start() > at:
            spans.append((at, m.start()))
        at = m.end()
    if at < len(text):
        spans.append((at, len(text)))
    return spans


_SENTENCE_END = re.compile(r"[.!?][”\"’)\]]*(?:\d{1,3}|[a-z])?\s+(?=[“\"‘(\[]?[A-Z])")


class Layout:
    """Paragraph and sentence boundaries of one text, for finding which claims a marker supports."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = paragraphs(text)
        self._starts = [s for s, _ in self.paragraphs]

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return 0, 0
        start, end = self.paragraphs[i]
        return (start, end) if pos <= end else (pos, pos)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        p0, p1 = self.paragraph(start)
        s0 = p0
        for m in _SENTENCE_END.finditer(self.text, p0, p1):
            if m.end() <= start:
                s0 = m.end()
            elif m.start() >= end:
                return s0, m.start() + 1
        return s0, p1
