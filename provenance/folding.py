"""The one fold: how names and words compare, in entity lookup, the reader, the store's search and
the report's search box (templates/app.js does the same, step for step).

`fold_text(text)` is, in order:

1. apostrophes and ʿayn/hamza marks removed, so al-Bin'ali, al-Binʿali and Binali spell one word
   (`APOSTROPHES`; removed before and after step 2, because NFKD turns ´ into a space and a mark,
   and fullwidth ＇ into ');
2. NFKD, lowercase, nonspacing marks (category Mn) dropped: case, diacritics, Arabic harakat;
3. `LETTER_FOLDS`: ß → ss and ς → σ (what casefold adds that matters: JavaScript has no
   casefold), dotless ı → i, the Arabic letters people write either way (alef wasla, ta marbuta,
   alef maqsura, Persian yeh and kaf), tatweel and a lone hamza dropped, Arabic-Indic digits;
4. a leading article dropped: "al" before a hyphen or a space ("al-Baghdadi", "al Baghdadi"),
   its assimilated forms before the same consonant ("ash-Shami", "ar-Raqqa", "ad Dawla"), and
   Arabic ال before two more letters.

Steps 1-3 work one character at a time (app.js highlights by folding each character and needs
that); step 4 looks at neighbours. `words(folded)` then finds the words: runs of letters,
digits and spacing marks (Mc, inside Indic words), each Han or kana character a word of its own
(those scripts put no spaces between words), every word cut to `MAX_WORD` code points.

Pure: no database, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from . import unicode_ranges

__all__ = ["APOSTROPHES", "LETTER_FOLDS", "MAX_WORD", "fold_chars", "fold_text", "fold_words", "words"]

APOSTROPHES = frozenset(
    "'`\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u02c8\u2018\u2019\u201b\u2032\uff07\uff40"
)
LETTER_FOLDS: dict[str, str] = {
    "ß": "ss",
    "ς": "σ",
    "ı": "i",
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u0629": "\u0647",  # ta marbuta -> heh
    "\u0649": "\u064a",  # alef maqsura -> yeh
    "\u06cc": "\u064a",  # Farsi yeh -> yeh
    "\u06a9": "\u0643",  # keheh -> kaf
    "\u0621": "",  # a lone hamza, as ʾ is dropped
    "\u0640": "",  # tatweel only stretches a word
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # extended (Persian) digits
}
MAX_WORD = 64  # longer words are cut: PostgreSQL's lexemes are bounded, and no one types them

# Scripts that write no spaces between words: each character is a word (same ranges in app.js).
IDEOGRAPHIC = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
IDEOGRAPHIC_PLANES = (0x20000, 0x3FFFF)

_TRANSLATE = {ord(k): v for k, v in LETTER_FOLDS.items()} | {ord(a): None for a in APOSTROPHES}
_ALNUM_BEFORE = r"(?<![^\W_])"  # not just after a letter or digit ([^\W_] is str.isalnum)
# "al" before a hyphen or spaces; an assimilated article before a hyphen ("as-Sahab", "at-Tawhid"),
# or before a space where English does not write the same ("ad Dawla", "ash Shami", but not "at
# times" or "as soon"); Arabic ال before two more letters. app.js `ARTICLES` is the same pattern.
_ARTICLES = re.compile(
    "|".join(
        _ALNUM_BEFORE + article
        for article in (
            r"al[-\u2010 \t\n]+(?=[^\W_])",
            r"a([tdrzsn])(h?)[-\u2010](?=\1\2)",
            r"a([drzn])[ \t\n]+(?=\3)",
            r"a([tsd])h[ \t\n]+(?=\4h)",
            "\u0627\u0644(?=[^\\W_]{2})",
        )
    )
)


def _scan(category: str) -> list[tuple[int, int]]:
    """The code points of a general category in this Python's database, as inclusive ranges."""
    found: list[tuple[int, int]] = []
    for code in range(0x110000):
        if unicodedata.category(chr(code)) == category:
            if found and found[-1][1] == code - 1:
                found[-1] = (found[-1][0], code)
            else:
                found.append((code, code))
    return found


def _ranges(category: str) -> list[tuple[int, int]]:
    if unicodedata.unidata_version == unicode_ranges.UNIDATA_VERSION:
        return list(unicode_ranges.NONSPACING_MARKS if category == "Mn" else unicode_ranges.SPACING_MARKS)
    return _scan(category)  # another Python's Unicode: ask it (most of a second, once)


def _class(ranges: list[tuple[int, int]]) -> str:
    """A fast regex for one of `ranges`: re scans astral ranges one by one, so test those last,
    and only for astral characters."""

    def body(part: list[tuple[int, int]]) -> str:
        return "".join(f"\\U{a:08x}" + (f"-\\U{b:08x}" if b != a else "") for a, b in part)

    bmp = [r for r in ranges if r[1] <= 0xFFFF]
    astral = [r for r in ranges if r[0] > 0xFFFF]
    return f"(?:[{body(bmp)}]|(?=[\\U00010000-\\U0010ffff])[{body(astral)}])"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(nonspacing marks, words), built once."""
    lo, hi = IDEOGRAPHIC_PLANES
    ideo = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in (*IDEOGRAPHIC, (lo, hi)))
    spacing = _class(_ranges("Mc"))
    return (
        re.compile(f"{_class(_ranges('Mn'))}+"),
        re.compile(f"(?=[^\\W_])[{ideo}]|(?:(?![{ideo}])(?:[^\\W_]|{spacing}))+"),
    )


def fold_chars(text: str) -> str:
    """Steps 1-3: what folding each character on its own gives (app.js `foldChars`)."""
    marks, _ = _patterns()
    text = text.translate(_TRANSLATE)
    return marks.sub("", unicodedata.normalize("NFKD", text).lower()).translate(_TRANSLATE)


def fold_text(text: str) -> str:
    """The folded text (app.js `fold`): steps 1-4."""
    return _ARTICLES.sub("", fold_chars(text))


def words(folded: str) -> list[str]:
    """The words of folded text, in order (app.js `words`)."""
    return [w[:MAX_WORD] for w in _patterns()[1].findall(folded)]


def fold_words(text: str) -> list[str]:
    """The folded words of `text`: what the store's index and the report's index hold."""
    return words(fold_text(text))
