"""Sentence boundaries in news and analysis text, as character spans of the original text.

Rules, in order:

* a blank line always ends a sentence; a single line break ends one when the line before
  reads as finished (ends in . ! ? : or a closing quote), is short like a heading or a menu
  item (and the next line does not go on in lower case), or is longer than a PDF's lines;
  otherwise it is a wrapped line of a PDF paragraph;
* . ! ? followed by space and a capital, digit or opening quote ends a sentence, unless the
  word before the point is an abbreviation ("Mr.", "Gen.", "Jan.", "e.g."), an initial
  ("J. K. Rowling"), or a dotted acronym ("U.S.", "a.m.") that the next word continues
  (a lower-case word, a capitalised name rather than a sentence opener);
* a point glued to the next sentence ("attempt.The") ends one when a lower-case word of three
  or more letters precedes it and a capitalised word follows (not "Amazon.com", "Node.js").

Hand-written rather than a library: pysbd 0.3.4 (the best-kept rule-based splitter) got 6 of the
9 cases of tests/test_reading_text.py right (not "failed.The", not "4 a.m. Tuesday", not a PDF
line wrap) against 9, and took 1.9 s for the dev corpus and seed texts against 0.09 s. Pure.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """A vocabulary written as one string of words."""
    return frozenset(text.split())


ABBREVIATIONS = _words(
    "mr mrs ms dr prof gen lt col sgt capt cpl maj adm gov sen rep rev st mt ft jr sr inc ltd co corp"
    " bros dept univ assn est approx vs etc no nos vol fig op cf ca al jan feb mar apr jun jul aug sep"
    " sept oct nov dec mon tue tues wed thu thurs fri sat sun pres supt insp det atty"
    " ave blvd rd hon esq messrs mme mlle gens"
)
# Words that open sentences: after "U.S." or "a.m." they mean the sentence ended there.
_OPENERS = _words(
    "the a an he she it they we i this that these those there but and in on at after before when"
    " while his her its their our one two three some many most however meanwhile"
    " earlier later last since as if so yet for from by with"
)
_END = re.compile(r"[.!?]+[”\"’')\]]*")
_GLUED = re.compile(r"(?<=[a-z]{3})\.(?=[A-Z][a-z])")
_WORD_BEFORE = re.compile(r"([\w.’'-]+)$")
_NEXT_WORD = re.compile(r"[“\"‘'(\[]?([\w’'-]+)")
_FINISHED_LINE = re.compile(r"[.!?:;”\"’)\]]\s*$")
_SHORT_LINE = 60
_LONGEST_WRAPPED = 130  # a PDF's lines are narrower than this; a longer line is a web page's paragraph


def _is_break(text: str, m: re.Match[str], end: int) -> bool:
    """Whether the end punctuation ``m`` closes a sentence, looking at the words around it."""
    after = text[m.end() : end]
    gap = len(after) - len(after.lstrip(" \t"))
    rest = after[gap:]
    if not rest or rest[0] == "\n":
        return True
    if gap == 0:
        return False  # "3.5", "U.S.-led", "e.g.," — glued forms are handled by _GLUED
    nxt = _NEXT_WORD.match(rest)
    if nxt is None:
        return rest[0] in "—–-"  # "… said. — Next" is rare; a dash after a point opens a new line
    word = nxt.group(1)
    if m.group().startswith("."):
        before = _WORD_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        token = before.group(1) if before else ""
        bare = token.lower().strip(".")
        if bare in ABBREVIATIONS:
            return False
        if re.fullmatch(r"[A-Z]", token):
            return False  # an initial: "J. K. Rowling", "George W. Bush"
        if "." in token or re.fullmatch(r"[A-Za-z]", token):  # "U.S.", "a.m.": ends only before an opener
            return word.lower() in _OPENERS
    return word[0].isupper() or word[0].isdigit()


def _line_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets (just after the text) where a line break ends a sentence."""
    ends = []
    for m in re.finditer(r"\n", text[start:end]):
        at = start + m.start()
        line_start = text.rfind("\n", start, at) + 1 if text.rfind("\n", start, at) >= start else start
        line = text[line_start:at]
        following = text[at + 1 : at + 2]
        blank = not line.strip() or following == "\n"
        heading = len(line.strip()) < _SHORT_LINE and not following.islower()
        if blank or _FINISHED_LINE.search(line) or heading or len(line) > _LONGEST_WRAPPED:
            ends.append(at)
        elif following and not following.strip():
            ends.append(at)  # an indented line: running text resumes after page furniture
    return ends


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as (start, end) spans, stripped of surrounding space."""
    end = len(text) if end is None else end
    cuts = set(_line_ends(text, start, end))
    for m in _END.finditer(text, start, end):
        if _is_break(text, m, end):
            cuts.add(m.end())
    for m in _GLUED.finditer(text, start, end):
        cuts.add(m.end())
    spans = []
    at = start
    for cut in sorted(cuts) + [end]:
        if cut <= at:
            continue
        s, e = at, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        at = cut
    return spans


class Sentences:
    """The sentences of one text, found once, with lookup by offset."""

    def __init__(self, text: str, start: int = 0) -> None:
        self.text = text
        self.spans = split_sentences(text, start)
        self._starts = [s for s, _ in self.spans]

    def index(self, pos: int) -> int:
        """The index of the sentence holding ``pos`` (or the last one starting before it)."""
        from bisect import bisect_right

        return max(0, bisect_right(self._starts, pos) - 1)

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span from the start of the sentence holding ``start`` to the end of the one holding ``end``."""
        if not self.spans:
            return start, end
        first, last = self.spans[self.index(start)], self.spans[self.index(max(start, end - 1))]
        return min(first[0], start), max(last[1], end)
