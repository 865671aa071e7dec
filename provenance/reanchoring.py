"""Re-anchoring a claim after a revision: keep every claim whose own sentence survives.

`anchoring.reanchor` is the strict test (the quote, with its context on both sides). It orphans
too much: a quote still there verbatim and once, with only the words after it changed, fails it.
This module adds what the strict test cannot know, the *alignment* of the old text with the new
(`Alignment`): which words of the new text are the old text's own words, kept in place, moved with
their paragraph, or kept around an edit. That, and how much a candidate's sentence reads like the
claim's old sentence rather than like another old passage with the same quote, is what tells the
claim's own sentence from a look-alike (T18).

The order of evidence, first that decides (`place`):

1. an occurrence of the quote made of the claim's own aligned words: ``exact`` (same offset, same
   context) or ``moved`` (context changed), unless another sentence reads as much like the old one
   (a copy: ``ambiguous``, since nothing in the text says which is the claim's);
2. the claim's own words, mostly kept, with a small edit inside the quote: ``fuzzy``, with the
   similarity score, when it is at least FUZZY_MIN;
3. an occurrence in new text (the alignment lost it) whose sentence is still most of the old one
   and stands out from any other: ``moved``; several alike: ``ambiguous``;
4. a quote once in the old text and once in the new, not another passage's words: ``moved``;
5. else ``orphaned``.

A candidate that reads at least as much like another old occurrence's sentence as like the
claim's own, or whose words the alignment gives to another old passage, is never taken.

Pure: no database, no printing, no I/O.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from .anchoring import Span, fold, occurrences, reanchor

__all__ = ["FUZZY_MIN", "Alignment", "Placement", "place"]

# A fuzzy match needs this similarity (Indel, 0..1) of the folded quotes …
FUZZY_MIN = 0.8
# … and this share of the old quote's words kept, in order, by the alignment.
KEPT_MIN = 0.5
# A moved-and-edited paragraph is paired with its old self at this similarity or more.
PAIR_MIN = 0.8
# A sentence still "the same" once the quote is taken out of both.
SENTENCE_MIN = 0.75
# Two candidates whose sentences are this close in likeness to the claim's own are rivals.
RIVAL_MARGIN = 0.03
# … or this close for another sentence of the new text (see _rival_sentence).
NEIGHBOUR_MARGIN = 0.1
# … or this close, for candidates in new text (no alignment vouches for either).
SENTENCE_MARGIN = 0.15

_TOKEN = re.compile(r"\w+|[^\w\s]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n")


@dataclass(frozen=True)
class Placement:
    """Where a claim's quote is in the new text, and how that was decided."""

    state: str  # exact, moved, fuzzy, ambiguous, orphaned
    span: Span | None
    method: str  # unchanged, context, alignment, sentence, fuzzy, none
    score: float | None = None  # similarity of the quotes (1.0 when verbatim)
    context_changed: bool = False
    offsets: tuple[int, ...] = ()  # the rival occurrences, when ambiguous


class Alignment:
    """Which words of ``new`` are ``old``'s own words: lines kept in place, lines moved whole (or
    nearly), and within changed stretches a word-level diff. Build once per pair of texts."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.old_tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(old)]
        self.new_tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(new)]
        self._old_starts = [s for s, _ in self.old_tokens]
        self._new_starts = [s for s, _ in self.new_tokens]
        self.forward = [-1] * len(self.old_tokens)  # old token -> new token, or -1
        self.backward = [-1] * len(self.new_tokens)
        self._sentences: list[Span] | None = None
        self._align()

    # --- building ---------------------------------------------------------------------------------

    def _align(self) -> None:
        old_lines, new_lines = _lines(self.old), _lines(self.new)
        old_keys = [self.old[s:e] for s, e in old_lines]
        new_keys = [self.new[s:e] for s, e in new_lines]
        matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        gone: list[int] = []  # old lines not kept in place
        came: list[int] = []  # new lines not kept in place
        chunks: list[tuple[list[int], list[int]]] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    self._tokens(old_lines[i], new_lines[j])
            else:
                chunks.append((list(range(i1, i2)), list(range(j1, j2))))
                gone.extend(range(i1, i2))
                came.extend(range(j1, j2))
        paired_old: set[int] = set()
        paired_new: set[int] = set()
        # A line moved whole (a reordered paragraph) is its old self; only a unique copy counts.
        by_text: dict[str, list[int]] = {}
        for j in came:
            if new_keys[j].strip():
                by_text.setdefault(new_keys[j], []).append(j)
        for i in gone:
            same = by_text.get(old_keys[i], [])
            if len(same) == 1 and sum(old_keys[k] == old_keys[i] for k in gone) == 1:
                self._tokens(old_lines[i], new_lines[same[0]])
                paired_old.add(i)
                paired_new.add(same[0])
        # A line moved and edited: paired with its most similar counterpart, when clearly that one.
        loose_new = [j for j in came if j not in paired_new and new_keys[j].strip()]
        for i in gone:
            if i in paired_old or not old_keys[i].strip():
                continue
            scored = sorted(
                ((Indel.normalized_similarity(old_keys[i], new_keys[j]), j) for j in loose_new), reverse=True
            )
            if (
                not scored
                or scored[0][0] < PAIR_MIN
                or (len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.05)
            ):
                continue
            j = scored[0][1]
            if not _in_same_chunk(chunks, i, j):  # within one changed stretch the word diff below is better
                self._words(old_lines[i], new_lines[j])
                paired_old.add(i)
                paired_new.add(j)
                loose_new.remove(j)
        # What is left of each changed stretch: a word-level diff between its old and new lines.
        for olds, news in chunks:
            olds = [i for i in olds if i not in paired_old]
            news = [j for j in news if j not in paired_new]
            if olds and news:
                self._words_many([old_lines[i] for i in olds], [new_lines[j] for j in news])

    def _token_range(self, starts: list[int], span: tuple[int, int]) -> range:
        return range(bisect.bisect_left(starts, span[0]), bisect.bisect_left(starts, span[1]))

    def _tokens(self, old_line: tuple[int, int], new_line: tuple[int, int]) -> None:
        """Two identical lines: their tokens pair one to one."""
        for i, j in zip(
            self._token_range(self._old_starts, old_line),
            self._token_range(self._new_starts, new_line),
            strict=True,
        ):
            self.forward[i], self.backward[j] = j, i

    def _words(self, old_line: tuple[int, int], new_line: tuple[int, int]) -> None:
        self._words_many([old_line], [new_line])

    def _words_many(self, old_lines: list[tuple[int, int]], new_lines: list[tuple[int, int]]) -> None:
        olds = [i for line in old_lines for i in self._token_range(self._old_starts, line)]
        news = [j for line in new_lines for j in self._token_range(self._new_starts, line)]
        a = [self.old[s:e] for s, e in (self.old_tokens[i] for i in olds)]
        b = [self.new[s:e] for s, e in (self.new_tokens[j] for j in news)]
        for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            for k in range(block.size):
                i, j = olds[block.a + k], news[block.b + k]
                self.forward[i], self.backward[j] = j, i

    # --- reading ------------------------------------------------------------------------------------

    def new_sentences(self) -> list[Span]:
        """The sentences of the new text (computed once)."""
        if self._sentences is None:
            found, start = [], 0
            for m in _SENTENCE_END.finditer(self.new):
                end = m.start() if self.new[m.start()] == "\n" else m.start() + 1
                if self.new[start:end].strip():
                    found.append(Span(start, end))
                start = m.end()
            if self.new[start:].strip():
                found.append(Span(start, len(self.new)))
            self._sentences = found
        return self._sentences

    def old_range(self, span: Span) -> range:
        """The old tokens inside ``span`` of the old text."""
        return self._token_range(self._old_starts, (span.start, span.end))

    def new_range(self, span: Span) -> range:
        return self._token_range(self._new_starts, (span.start, span.end))


def _in_same_chunk(chunks: list[tuple[list[int], list[int]]], i: int, j: int) -> bool:
    return any(i in olds and j in news for olds, news in chunks)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer("\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def sentence_of(text: str, span: Span, reach: int = 600) -> Span:
    """The sentence around ``span`` (bounded by sentence ends and line breaks, ``reach`` each way)."""
    lo = max(0, span.start - reach)
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, span.start):
        start = m.end()
    # From the quote's last character: a quote may end its sentence with the full stop.
    after = _SENTENCE_END.search(text, max(span.start, span.end - 1), min(len(text), span.end + reach))
    if after is None:
        end = min(len(text), span.end + reach)
    else:  # the sentence keeps its full stop, not the line break
        end = after.start() if text[after.start()] == "\n" else after.start() + 1
    return Span(min(start, span.start), max(end, span.end))


def _rest(text: str, span: Span) -> str:
    """The sentence around ``span`` without the quote itself, folded."""
    around = sentence_of(text, span)
    return fold(text[around.start : span.start]) + " | " + fold(text[span.end : around.end])


def _context_changed(old: str, old_span: Span, new: str, new_span: Span, width: int = 32) -> bool:
    before = fold(old[max(0, old_span.start - width) : old_span.start]) != fold(
        new[max(0, new_span.start - width) : new_span.start]
    )
    after = fold(old[old_span.end : old_span.end + width]) != fold(new[new_span.end : new_span.end + width])
    return before or after


def place(
    old: str, new: str, old_span: Span, *, prefix: str, suffix: str, alignment: Alignment | None = None
) -> Placement:
    """Where the claim quoted at ``old_span`` of ``old`` is in ``new`` (see the module docstring)."""
    exact = old[old_span.start : old_span.end]
    align = alignment or Alignment(old, new)
    mine = set(align.old_range(old_span))
    candidates = occurrences(new, exact)

    def kind(sp: Span) -> str:
        """own (the claim's words), other (another old passage's words) or new (inserted text)."""
        tokens = align.new_range(sp)
        if not tokens:
            return "new"
        back = [align.backward[j] for j in tokens]
        if all(i in mine for i in back) and len(back) == len(mine):
            return "own"
        if sum(i >= 0 and i not in mine for i in back) * 2 >= len(back):
            return "other"
        return "new" if sum(i < 0 for i in back) * 2 > len(back) else "other"

    kinds = {sp: kind(sp) for sp in candidates}

    def moved(sp: Span, method: str) -> Placement:
        return Placement("moved", sp, method, 1.0, _context_changed(old, old_span, new, sp))

    strict = reanchor(new, exact=exact, prefix=prefix, suffix=suffix, start=old_span.start)
    # Other places of the old text with the same quote (look-alike sentences): a candidate that reads
    # at least as much like one of them as like the claim's own sentence is theirs, not the claim's.
    own_rest = _rest(old, old_span)
    old_rests = [
        _rest(old, o) for o in occurrences(old, exact) if o.end <= old_span.start or o.start >= old_span.end
    ]

    def likeness(sp: Span) -> tuple[float, float]:
        rest = _rest(new, sp)
        theirs = max((Indel.normalized_similarity(rest, r) for r in old_rests), default=0.0)
        return Indel.normalized_similarity(rest, own_rest), theirs

    alike = {sp: likeness(sp) for sp in candidates}
    eligible = [sp for sp in candidates if kinds[sp] != "other" and alike[sp][0] > alike[sp][1]]

    def rivals_of(best: Span, margin: float = RIVAL_MARGIN) -> list[Span]:
        return [sp for sp in eligible if sp != best and alike[sp][0] >= alike[best][0] - margin]

    own = [sp for sp in eligible if kinds[sp] == "own"]
    if own:
        best = own[0]
        rivals = rivals_of(best)
        if rivals:
            offsets = tuple(sp.start for sp in sorted([best, *rivals], key=lambda sp: sp.start))
            return Placement("ambiguous", None, "alignment", 1.0, offsets=offsets)
        if _rival_sentence(align, old, new, old_span, best):
            return Placement("ambiguous", None, "alignment", 1.0, offsets=(best.start,))
        if strict.state == "unchanged" and strict.span == best:
            return Placement("exact", best, "unchanged", 1.0)
        return moved(best, "alignment")

    # The claim's own words, edited: preferred to a copy of the old quote in new text.
    found = _fuzzy(align, old_span, exact, mine)
    if found is not None and found[0] >= FUZZY_MIN:
        score, sp = found
        whole = _sentence_text(new, sp)
        own_sentence = _sentence_text(old, old_span)
        theirs = [_sentence_text(old, o) for o in occurrences(old, exact) if o != old_span]
        if all(
            Indel.normalized_similarity(whole, own_sentence) > Indel.normalized_similarity(whole, t)
            for t in theirs
        ):
            return Placement("fuzzy", sp, "fuzzy", round(score, 3), _context_changed(old, old_span, new, sp))

    fresh = sorted((sp for sp in eligible if alike[sp][0] >= SENTENCE_MIN), key=lambda sp: -alike[sp][0])
    if fresh:
        best = fresh[0]
        rivals = rivals_of(best, SENTENCE_MARGIN)  # no alignment to go by: the sentence must stand out
        if rivals:
            offsets = tuple(sp.start for sp in sorted([best, *rivals], key=lambda sp: sp.start))
            return Placement("ambiguous", None, "sentence", 1.0, offsets=offsets)
        if _rival_sentence(align, old, new, old_span, best):
            return Placement("ambiguous", None, "sentence", 1.0, offsets=(best.start,))
        return moved(best, "sentence" if strict.span != best else "context")
    if len(candidates) == 1 and not old_rests and eligible:
        # Once in the old text and once in the new, and not another passage's words: the text around
        # it was rewritten, but the quote is still the document's, verbatim (issue 15).
        return moved(eligible[0], "unique")
    return Placement("orphaned", None, "none", round(found[0], 3) if found else None)


def _rival_sentence(align: Alignment, old: str, new: str, old_span: Span, best: Span) -> bool:
    """Whether another sentence of the new text, not another old passage kept, reads as much like
    the claim's old sentence as ``best``'s does: a copy of it, the quote edited in one of the two
    and not in the other, is the hardest case there is, and nothing in the text says which it is."""
    own = _sentence_text(old, old_span)
    here = sentence_of(new, best)
    cutoff = max(0.0, Indel.normalized_similarity(_sentence_text(new, best), own) - NEIGHBOUR_MARGIN)
    around = set(align.old_range(sentence_of(old, old_span)))
    for sp in align.new_sentences():
        if sp.end <= here.start or sp.start >= here.end:
            if Indel.normalized_similarity(fold(new[sp.start : sp.end]), own, score_cutoff=cutoff) == 0:
                continue
            back = [align.backward[j] for j in align.new_range(sp)]
            if back and sum(i >= 0 and i not in around for i in back) * 2 >= len(back):
                continue  # another old passage, kept: not a rival
            return True
    return False


def _sentence_text(text: str, span: Span) -> str:
    around = sentence_of(text, span)
    return fold(text[around.start : around.end])


def _fuzzy(align: Alignment, old_span: Span, exact: str, mine: set[int]) -> tuple[float, Span] | None:
    """The best span of the new text made mostly of the claim's own words, and its similarity."""
    olds = sorted(mine)
    if not olds:
        return None
    kept = [align.forward[i] for i in olds if align.forward[i] >= 0]
    if len(kept) < max(1, KEPT_MIN * len(olds)) or kept != sorted(kept):
        return None
    if kept[-1] - kept[0] > 2 * len(olds) + 3:  # the words were scattered, not edited in place
        return None
    lead = next(k for k, i in enumerate(olds) if align.forward[i] >= 0)  # unkept words at each edge
    trail = next(k for k, i in enumerate(reversed(olds)) if align.forward[i] >= 0)
    # Words between the kept ones must be the claim's own or new ones, never another passage's.
    if any(align.backward[j] >= 0 and align.backward[j] not in mine for j in range(kept[0], kept[-1] + 1)):
        return None
    # An edge word that was replaced: the new words in its place (not another passage's) join the span.
    first, last = kept[0], kept[-1]
    n = len(align.new_tokens)
    while lead and first > 0 and align.backward[first - 1] < 0 and kept[0] - first < lead + 2:
        first -= 1
    while trail and last + 1 < n and align.backward[last + 1] < 0 and last - kept[-1] < trail + 2:
        last += 1
    span = Span(align.new_tokens[first][0], align.new_tokens[last][1])
    return Indel.normalized_similarity(fold(exact), fold(align.new[span.start : span.end])), span
