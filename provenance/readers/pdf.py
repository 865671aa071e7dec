"""PDF documents: the text layer (pypdf, pure Python), with the artefacts of typesetting undone.

Two repairs, each only with evidence, each counted in the reading's note:

* ligatures: a ligature code point (U+FB00–FB06: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) becomes its letters (their NFKC
  form, which is what the code point means); a ligature the font mapped to a stray glyph
  ("in˜ghting", where ``fi`` came out as U+02DC) is repaired when the document itself shows what
  the glyph stands for (see `repair_ligatures`);
* line-end hyphenation: see `dehyphenate`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..errors import InvalidInput
from ..text import canonicalize
from .common import Reading, package_version

# A line-end hyphen (hyphen-minus, soft hyphen, Unicode hyphen) between two letters.
_LINE_END_HYPHEN = re.compile(r"(\w*[^\W\d_])([-\u00ad\u2010])\n(\w+)")
# Transliteration particles whose hyphen is part of the name: al-Qaeda, ibn-Taymiyya.
_PARTICLES = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ibn", "bin", "abu", "umm", "bint"}


# The ligature code points: their NFKC form is their letters (U+FB00 ff … U+FB06 st).
_LIGATURE_POINTS = re.compile("[\ufb00-\ufb06]")
# Spacing accents that PDFs whose fonts lack a proper ToUnicode map emit for a ligature: U+02DC
# SMALL TILDE for "fi" ("in˜ghting"), and ring, ogonek and double acute in others. Between two
# letters of running text they never belong; what each stands for is learned (`repair_ligatures`).
_STRAY = "\u02dc\u02da\u02db\u02dd"
_STRAY_IN_WORD = re.compile(f"([^\\W\\d_]*)([{_STRAY}])([^\\W\\d_]+)")
_CANDIDATES = ("fi", "fl", "ff", "ffi", "ffl")
_WORD = re.compile(r"[^\W\d_]+")
# Pieces of common words with a ligature, as evidence when the document never spells one out
# unbroken (a font that breaks "fi" breaks it everywhere). Each holds its ligature whole.
_LIGATURE_STEMS = (
    "fight", "first", "final", "financ", "find", "fire", "field", "fifth", "fifty", "offic", "confli",
    "ffect", "ffort", "diffic", "staff", "affair", "suffer", "offer", "offens", "traffic", "specif",
    "signific", "identif", "confirm", "classif", "sufficien", "chief", "brief", "profile", "flee",
    "fled", "flight", "flag", "flow", "floor", "influen", "reflect", "afflict", "fluen", "flood",
)  # fmt: skip


def repair_ligatures(text: str) -> tuple[str, int]:
    """``text`` with its ligatures spelled out, and how many were repaired.

    * A ligature code point (``ﬁ``) is replaced by its NFKC form (``fi``): that is its meaning.
    * A stray glyph between letters (``in˜ghting``) is a ligature the font mapped wrongly. Each
      broken word votes for the candidates (fi, fl, ff, ffi, ffl) that make it a known word: one
      the document also spells out unbroken, or one holding a common ligature stem ("fight",
      "offic", "flee", … above). The candidate with the most votes (more than any other) is what
      the glyph stands for in this document (a font maps a glyph one way throughout), and each
      word it makes a known word is repaired; a word it does not ("ma˜ana"), or a glyph with no
      vote or a tie, is left as it is: no guessing.
    """
    count = len(_LIGATURE_POINTS.findall(text))
    text = _LIGATURE_POINTS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    broken = list(_STRAY_IN_WORD.finditer(text))
    if not broken:
        return text, count
    words = {w.lower() for w in _WORD.findall(text)}

    def known(word: str) -> bool:
        return word in words or any(stem in word for stem in _LIGATURE_STEMS)

    meaning: dict[str, str] = {}
    for glyph in sorted({m.group(2) for m in broken}):
        votes = Counter(
            candidate
            for m in broken
            if m.group(2) == glyph
            for candidate in _CANDIDATES
            if known((m.group(1) + candidate + m.group(3)).lower())
        ).most_common(2)
        if votes and (len(votes) == 1 or votes[0][1] > votes[1][1]):
            meaning[glyph] = votes[0][0]

    def fix(m: re.Match[str]) -> str:
        nonlocal count
        letters = meaning.get(m.group(2))
        if letters is None or not known((m.group(1) + letters + m.group(3)).lower()):
            return m.group()
        count += 1
        return m.group(1) + letters + m.group(3)

    return _STRAY_IN_WORD.sub(fix, text), count


def dehyphenate(text: str) -> str:
    """Undo hyphenation at line ends, conservatively.

    The rule, for ``left`` + hyphen + line break + ``right`` (both letters):

    * a soft hyphen (U+00AD) is a hyphenation point by definition: join (``caliphate``);
    * ``right`` starts with a lowercase letter and ``left`` ends with one: join
      (``caliph-\\nate`` → ``caliphate``), unless the hyphen is real: the hyphenated form
      ``left-right`` occurs elsewhere in the text, or ``left`` is a transliteration particle
      (``al``, ``ibn``, ``abu`` …). Then keep the hyphen and drop the line break (``well-known``);
    * otherwise (``al-\\nBaghdadi``, ``COVID-\\n19``): keep the hyphen, drop the line break.

    A hyphen after a digit (``2016-\\n17``) and a line break without a hyphen are left alone.

    So the only words ever joined are lowercase + lowercase splits; the worst case is a real
    compound split at a line end that never occurs unbroken in the document ("well-\\nknown"
    alone becomes "wellknown"), which quote matching still finds (it folds in-word hyphens).
    """
    return _dehyphenate(text)[0]


def _dehyphenate(text: str) -> tuple[str, int]:

    def fix(m: re.Match[str]) -> str:
        left, hyphen, right = m.group(1), m.group(2), m.group(3)
        if hyphen == "\u00ad":
            return left + right
        lower_split = left[-1].islower() and right[0].islower()
        real = f"{left}-{right}" in text or left.lower() in _PARTICLES
        if lower_split and not real:
            return left + right
        return f"{left}{hyphen}{right}"

    return _LINE_END_HYPHEN.subn(fix, text)


def pdf_to_text(data: bytes, *, source: str) -> str:
    """The text layer of a PDF, repaired (see `read_pdf`)."""
    return read_pdf(data, source=source).text


def read_pdf(data: bytes, *, source: str) -> Reading:
    """The text layer of a PDF, page by page (pages separated by a blank line), its ligatures
    repaired and its line-end hyphenation undone; the note counts both repairs."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about every small oddity
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InvalidInput("the PDF is encrypted with a password", where=source)
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except InvalidInput:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InvalidInput(f"cannot read the PDF ({exc})", where=source) from None
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise InvalidInput("the PDF has no text layer (a scan? run OCR first)", where=source)
    text = canonicalize(text, source=source)
    text, ligatures = repair_ligatures(text)
    repaired, joined = _dehyphenate(text)
    note = (
        f"text layer by pypdf {package_version('pypdf')}; {ligatures} ligature(s) repaired, "
        f"{joined} line-end hyphenation(s) undone"
    )
    return Reading(canonicalize(repaired, source=source), note=note)
