"""Finding quotes tolerantly, and re-anchoring them after a revision.

Offsets are code points (Python ``str`` indices) of the canonical text.

Tolerance works by *folding*: the text is mapped to a folded string together with
an index map from every folded character back to the original characters it came
from. The quote is folded the same way, searched for in the folded text, and the
hit is mapped back, so a span always covers the document's own characters.

Folding (case stays significant, NFC but not NFKC):

* curly, low-9, prime, grave and acute quote marks become ``'`` or ``"``;
* every dash becomes ``-`` and a run of dashes one ``-`` (``--`` equals an em dash);
* every run of whitespace (line breaks, NBSP, other Unicode spaces) becomes one space;
* zero-width characters and bidi controls vanish;
* a ligature (``ﬁ`` ``ﬂ`` ``ﬀ`` ``ﬃ`` ``ﬄ`` ``ﬅ`` ``ﬆ``) becomes its letters, so a quote typed
  with two letters finds it (and a pasted ligature finds two letters); the letters map back to
  the whole ligature;
* an ellipsis ``…`` becomes ``...`` (each dot maps back to the one character);
* a hyphen (or soft hyphen) inside a word vanishes, with any whitespace after it:
  ``caliph-\\nate``, ``caliph- ate`` and ``caliphate`` all fold to ``caliphate``, and
  ``Counter-\\nTerrorism`` to the same string as a typed ``Counter-Terrorism``.

Pure: no database, no printing, no I/O.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from dataclasses import dataclass

from provenance.errors import InvalidInput, QuoteAmbiguous, QuoteNotFound, field
from provenance.text import BIDI_CONTROLS, ZERO_WIDTH, shorten

__all__ = [
    "Reanchored",
    "Span",
    "context",
    "find_quote",
    "fold",
    "occurrences",
    "reanchor",
]

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032`\u00b4'"
_DOUBLE_QUOTES = '\u201c\u201d\u201e\u201f\u2033"'
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
_SHY = "\u00ad"  # soft hyphen: a line-end hyphen inside a word, invisible anywhere else
_CHAR_MAP = (
    {ch: "'" for ch in _SINGLE_QUOTES} | {ch: '"' for ch in _DOUBLE_QUOTES} | {ch: "-" for ch in _DASHES}
)
_INVISIBLE = ZERO_WIDTH | BIDI_CONTROLS
# One character folded to several: the ligatures (their NFKC letters) and the ellipsis.
_EXPAND = {chr(cp): unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)} | {
    "\u2026": "..."
}

# A side of context qualifies when this share of the stored one is still beside the candidate …
CONTEXT_SIMILARITY = 0.8
# … and at least this many folded characters of it are still there (or all of it, if shorter) …
MIN_CONTEXT = 8
# … and of its NEAR characters next to the quote, this share is unchanged.
NEAR = 8
NEAR_SIMILARITY = 0.75
# Moving to the best candidate needs it to agree this much better (of 2.0) than the runner-up.
CLEAR_MARGIN = 0.25


@dataclass(frozen=True)
class Span:
    """Half-open range ``[start, end)`` of code points."""

    start: int
    end: int


@dataclass(frozen=True)
class Reanchored:
    """Outcome of :func:`reanchor`: ``unchanged``, ``moved``, ``orphaned`` or ``ambiguous``."""

    state: str
    span: Span | None


@dataclass(frozen=True)
class _Folded:
    """A folded string and, for each folded character, the original range it came from (shared, cached)."""

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, i: int, j: int) -> Span:
        """Original span of folded characters ``[i, j)`` (``j > i``)."""
        return Span(self.starts[i], self.ends[j - 1])


def _nfc_units(text: str) -> list[tuple[str, int, int]]:
    """One ``(char, start, end)`` per NFC character; a recomposed cluster maps to its whole range."""
    if unicodedata.is_normalized("NFC", text):
        return [(ch, i, i + 1) for i, ch in enumerate(text)]
    units: list[tuple[str, int, int]] = []
    i = 0
    while i < len(text):
        j = i + 1  # a cluster is a character and the combining marks after it
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        nfc = unicodedata.normalize("NFC", cluster)
        if nfc == cluster:
            units.extend((ch, i + k, i + k + 1) for k, ch in enumerate(cluster))
        else:
            units.extend((ch, i, j) for ch in nfc)
        i = j
    return units


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "'"  # "al-Qa-\n`ida": the apostrophe belongs to the word


def _fold_map(text: str) -> _Folded:
    """Fold ``text`` (see the module docstring), keeping the map back to original offsets."""
    # Pass 1: per-character folding, merging runs of spaces and of dashes.
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for ch, s, e in _nfc_units(text):
        if ch in _INVISIBLE or (ch == _SHY and not (chars and chars[-1].isalnum())):
            continue
        expanded = _EXPAND.get(ch)
        if expanded is not None:
            for letter in expanded:  # every letter maps back to the whole ligature (or ellipsis)
                chars.append(letter)
                starts.append(s)
                ends.append(e)
            continue
        ch = " " if ch.isspace() else _CHAR_MAP.get(ch, ch)
        if chars and ch in " -" and chars[-1] == ch:
            ends[-1] = e
            continue
        chars.append(ch)
        starts.append(s)
        ends.append(e)
    # Pass 2: drop a hyphen inside a word, with the whitespace after it.
    keep: list[int] = []
    n = len(chars)
    i = 0
    while i < n:
        if chars[i] in ("-", _SHY) and keep and chars[keep[-1]].isalnum():
            k = i + 2 if i + 1 < n and chars[i + 1] == " " else i + 1
            if k < n and _is_word(chars[k]):
                i = k
                continue
        if chars[i] != _SHY:
            keep.append(i)
        i += 1
    return _Folded("".join(chars[i] for i in keep), [starts[i] for i in keep], [ends[i] for i in keep])


@functools.lru_cache(maxsize=8)
def _fold_text(text: str) -> _Folded:
    """Fold a whole document once: re-anchoring many claims reuses it."""
    return _fold_map(text)


def fold(s: str) -> str:
    """The folded form of ``s`` without surrounding spaces: two strings match tolerantly iff equal."""
    return _fold_map(s).text.strip(" ")


def _occurrences(haystack: str, needle: str) -> list[int]:
    """All (overlapping) start indices of ``needle`` in ``haystack``."""
    found: list[int] = []
    i = haystack.find(needle)
    while i >= 0:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def _tolerant_spans(folded: _Folded, key: str) -> list[Span]:
    return [folded.span(i, i + len(key)) for i in _occurrences(folded.text, key)]


def _offsets_list(offsets: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(o) for o in offsets[:limit])
    return shown + (", …" if len(offsets) > limit else "")


def _before(text: str, pos: int, length: int) -> str:
    """Folded text just before ``pos``; a raw window wider than ``length`` survives folding."""
    return fold(text[max(0, pos - 2 * length - 16) : pos])


def _after(text: str, pos: int, length: int) -> str:
    return fold(text[pos : pos + 2 * length + 16])


def _context_agrees(text: str, span: Span, prefix: str | None, suffix: str | None) -> bool:
    """Exact (folded) agreement with a user's --prefix/--suffix."""
    if prefix and fold(prefix) and not _before(text, span.start, len(prefix)).endswith(fold(prefix)):
        return False
    return not (suffix and fold(suffix) and not _after(text, span.end, len(suffix)).startswith(fold(suffix)))


def find_quote(
    text: str,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    start: int | None = None,
) -> Span:
    """Find the one span of ``text`` that ``quote`` was copied from.

    ``text[span.start:span.end]`` is always the document's own text (store it as the
    claim's ``exact``). A verbatim occurrence wins over tolerant ones. ``start`` picks the
    occurrence at that offset; ``prefix``/``suffix`` pick those with that text around them.

    Raises InvalidInput (empty quote), QuoteAmbiguous (several left) or QuoteNotFound.
    """
    key = fold(quote)
    if not key:
        raise InvalidInput("quote is empty (or only whitespace and invisible characters)", where="quote")
    raw = quote.strip()

    def select(spans: list[Span]) -> list[Span]:
        return [
            sp
            for sp in spans
            if (start is None or sp.start == start) and _context_agrees(text, sp, prefix, suffix)
        ]

    exact = [Span(i, i + len(raw)) for i in _occurrences(text, raw)]
    chosen = select(exact)
    folded: _Folded | None = None
    if len(chosen) != 1:
        # Not one verbatim hit: count the tolerant ones too, so an ambiguity lists every place.
        folded = _fold_text(text)
        taken = {sp.start for sp in exact}
        candidates = exact + [sp for sp in _tolerant_spans(folded, key) if sp.start not in taken]
        candidates.sort(key=lambda sp: sp.start)
        chosen = select(candidates)
        if not chosen and candidates:
            offsets = [sp.start for sp in candidates]
            if start is not None and start not in offsets:
                raise QuoteNotFound(
                    f"quote is not at offset {start} (it occurs at offsets {_offsets_list(offsets)})"
                )
            raise QuoteNotFound(
                f"quote occurs at offsets {_offsets_list(offsets)}, but not with the given prefix/suffix"
            )
    if len(chosen) == 1:
        return chosen[0]
    if chosen:
        offsets = [sp.start for sp in chosen]
        raise QuoteAmbiguous(
            f"quote occurs {len(offsets)} times (offsets {_offsets_list(offsets)}); "
            f"give {field('prefix')}/{field('suffix')} or a longer quote",
            offsets=offsets,
        )
    closest = _closest_passage(text, folded or _fold_text(text), key)
    message = "quote not found in document"
    if closest:
        message += f"; the closest passage is “{shorten(closest, 80)}”"
    raise QuoteNotFound(message, closest=closest)


def _closest_passage(text: str, folded: _Folded, key: str) -> str | None:
    """The passage of ``text`` most like ``key``, or None if nothing is alike.

    Bounded work whatever the text's size: short pieces of the quote that are rare in
    the text vote for where the quote would start; only the best-voted windows are
    scored with difflib.
    """
    hay = folded.text
    k = min(6, len(key))
    offsets = range(0, len(key) - k + 1)
    step = max(1, len(offsets) // 48)
    votes: dict[int, float] = {}
    where: dict[int, int] = {}
    for o in offsets[::step]:
        hits = _occurrences(hay, key[o : o + k])[:200]
        for pos in hits:
            c = pos - o
            bucket = c // 16
            votes[bucket] = votes.get(bucket, 0.0) + 1.0 / len(hits)  # a rare piece counts more
            where.setdefault(bucket, c)
    best: tuple[float, int, int] | None = None
    slack = len(key) // 4 + 8
    for bucket in sorted(votes, key=votes.__getitem__, reverse=True)[:12]:
        lo = max(0, where[bucket] - slack)
        window = hay[lo : where[bucket] + len(key) + slack]
        blocks = difflib.SequenceMatcher(None, window, key, autojunk=False).get_matching_blocks()
        # Stray one-character matches at the ends would stretch the passage.
        blocks = [b for b in blocks if b.size > 1] or [b for b in blocks if b.size]
        if not blocks:
            continue
        a0, a1 = blocks[0].a, blocks[-1].a + blocks[-1].size
        matched = sum(b.size for b in blocks)
        score = 2 * matched / (len(key) + a1 - a0)
        if best is None or score > best[0]:
            best = (score, lo + a0, lo + a1)
    if best is None or best[0] < 0.3:
        return None
    sp = folded.span(best[1], best[2])
    return text[sp.start : sp.end]


def context(text: str, span: Span, width: int = 32) -> tuple[str, str]:
    """Prefix and suffix (up to ``width`` code points each) for a TextQuoteSelector."""
    return text[max(0, span.start - width) : span.start], text[span.end : span.end + width]


def _coverage(old: str, new: str) -> float:
    """Share of ``old``'s characters found, in order, in ``new``."""
    blocks = difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(old)


def _side_score(old: str, news: tuple[str, str], *, before: bool) -> float | None:
    """How much of an old context side is still beside a candidate (0..1), or None if too little.

    ``news`` are two folded readings of the new side: as many raw code points as the old
    context had (identical when nothing changed) and a wider window (so that a word
    inserted into the context, or reflowed whitespace, does not push the old words out).
    Most of the old context must be there, and the few characters next to the quote
    must be nearly unchanged ("Team Alpha reported" is not "Team Beta reported" however
    alike the rest is). Fewer than MIN_CONTEXT characters left (the candidate sits at a
    text edge the old span did not) cannot vouch for anything.
    """
    if not old:
        return 1.0  # the old span was at a text edge: nothing to compare
    best: float | None = None
    reach = len(old) + len(old) // 2
    for new in news:
        new = new[-reach:] if before else new[:reach]
        if len(new) < min(len(old), MIN_CONTEXT):
            continue
        cut = old[-len(new) :] if before else old[: len(new)]
        near_old = cut[-NEAR:] if before else cut[:NEAR]
        near_new = new[-NEAR:] if before else new[:NEAR]
        if _coverage(near_old, near_new) < NEAR_SIMILARITY:
            continue
        score = _coverage(cut, new)
        if score >= CONTEXT_SIMILARITY and (best is None or score > best):
            best = score
    return best


def _context_score(text: str, span: Span, prefix: str, suffix: str) -> float | None:
    """Both sides must agree: one side alone lets a look-alike sentence through (T18)."""
    s0, e0 = span.start, span.end
    befores = (fold(text[max(0, s0 - len(prefix)) : s0]), _before(text, s0, len(prefix)))
    afters = (fold(text[e0 : e0 + len(suffix)]), _after(text, e0, len(suffix)))
    p = _side_score(fold(prefix), befores, before=True)
    s = _side_score(fold(suffix), afters, before=False)
    return None if p is None or s is None else p + s


def reanchor(new_text: str, *, exact: str, prefix: str, suffix: str, start: int) -> Reanchored:
    """Find a claim's quote again in a revised text, strictly.

    A candidate is any occurrence of ``exact`` (verbatim or tolerantly) whose prefix and
    suffix both still agree. The verbatim one at the old ``start`` means ``unchanged``; else
    the best-agreeing one is ``moved`` there, unless another agrees nearly as well
    (``ambiguous``); none is ``orphaned``.
    Guarantee (T20): a returned span's text folds to the same string as ``exact``.
    """
    key = fold(exact)
    if not key:
        raise InvalidInput("exact text is empty", where="exact")
    here = Span(start, start + len(exact))
    if (
        start >= 0
        and new_text[here.start : here.end] == exact
        and _context_score(new_text, here, prefix, suffix) is not None
    ):
        return Reanchored("unchanged", here)  # the common case, without folding the whole text

    candidates = {Span(i, i + len(exact)) for i in _occurrences(new_text, exact)}
    taken = {sp.start for sp in candidates}
    candidates.update(sp for sp in _tolerant_spans(_fold_text(new_text), key) if sp.start not in taken)
    scored: list[tuple[float, Span]] = []
    for sp in candidates:
        # Verify standalone: folding in context can differ at the edges (a hyphen before the span).
        if fold(new_text[sp.start : sp.end]) != key:
            continue
        score = _context_score(new_text, sp, prefix, suffix)
        if score is not None:
            scored.append((score, sp))
    if not scored:
        return Reanchored("orphaned", None)
    scored.sort(key=lambda item: -item[0])
    if len(scored) > 1 and scored[0][0] - scored[1][0] < CLEAR_MARGIN:
        # A duplicated passage: nothing says which copy the claim meant, and nearness to
        # the old offset is no evidence once the text before it has changed.
        return Reanchored("ambiguous", None)
    return Reanchored("moved", scored[0][1])


def occurrences(text: str, exact: str) -> list[Span]:
    """Every span of ``text`` that is ``exact`` verbatim or tolerantly (folds the same), in order."""
    key = fold(exact)
    if not key:
        return []
    found = {Span(i, i + len(exact)) for i in _occurrences(text, exact)}
    taken = {sp.start for sp in found}
    found.update(sp for sp in _tolerant_spans(_fold_text(text), key) if sp.start not in taken)
    return sorted((sp for sp in found if fold(text[sp.start : sp.end]) == key), key=lambda sp: sp.start)


def span_holds(text: str, start: int | None, end: int | None, exact: str | None) -> bool:
    """Whether ``text[start:end]`` is still exactly ``exact``: the one test of a stored position (a
    claim's quote, a citation's marker) that `check`, the report and re-anchoring share."""
    if start is None or end is None or exact is None or not 0 <= start <= end <= len(text):
        return False
    return text[start:end] == exact
