"""Passages of a document's text, and where typed words match in a piece of text. Pure.

A document's text is searched by passage: its paragraphs (text between blank lines), a long one
cut at a sentence end (else at a space) so no passage passes PASSAGE_MAX code points. A hit names
its document and its span, in code points of the current text (the offsets claims use).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ..folding import APOSTROPHES, _class, _ranges, fold_words

__all__ = ["PASSAGE_MAX", "SNIPPET", "Snippet", "marks", "passages", "snippet"]

PASSAGE_MAX = 600
SNIPPET = 240  # code points of a passage shown around its first match
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*\s+")


def passages(text: str) -> list[tuple[int, int]]:
    """The passages of `text` as (start, end) spans, in order, none empty or all blank."""
    spans = []
    for paragraph in _PARAGRAPH.finditer(text):
        start, end = paragraph.start(), paragraph.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while end - start > PASSAGE_MAX:
            window = text[start : start + PASSAGE_MAX]
            cut = max((m.end() for m in _SENTENCE_END.finditer(window, PASSAGE_MAX // 2)), default=0)
            if not cut:
                cut = window.rfind(" ", PASSAGE_MAX // 2) + 1 or PASSAGE_MAX
            piece_end = start + cut
            while piece_end > start and text[piece_end - 1].isspace():
                piece_end -= 1
            spans.append((start, piece_end))
            start += cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            spans.append((start, end))
    return spans


@cache
def _word() -> re.Pattern[str]:
    """A word as written: letters, digits, marks and apostrophes (al-Binʿali's "Binʿali")."""
    marks = _class(_ranges("Mn") + _ranges("Mc"))
    quotes = "".join(sorted(APOSTROPHES))
    return re.compile(f"(?:[^\\W_]|{marks}|[{re.escape(quotes)}])+")


Matcher = Callable[[str], bool]


def marks(text: str, matches: Matcher) -> list[tuple[int, int]]:
    """The spans of `text` (code points) whose words `matches` accepts, folded."""
    found = []
    for word in _word().finditer(text):
        if any(matches(w) for w in fold_words(word.group())):
            found.append((word.start(), word.end()))
    return found


class Snippet:
    """A stretch of text around its first match: `text`, its `start` in the whole, and `marks`
    relative to `text`."""

    __slots__ = ("marks", "start", "text")

    def __init__(self, text: str, start: int, marks: list[tuple[int, int]]) -> None:
        self.text, self.start, self.marks = text, start, marks


def snippet(text: str, found: list[tuple[int, int]], width: int = SNIPPET) -> Snippet:
    """At most `width` code points of `text`, cut at spaces, holding its first match."""
    if len(text) <= width:
        return Snippet(text, 0, found)
    first = found[0][0] if found else 0
    start = max(0, min(first - width // 3, len(text) - width))
    if start:
        space = text.find(" ", start, first if found else start + 40)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(start, end - 40), end)
        end = space if space > start else end
    inside = [(a - start, b - start) for a, b in found if a >= start and b <= end]
    return Snippet(text[start:end], start, inside)
