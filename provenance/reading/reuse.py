"""Text reuse: whether two texts are one work (a syndicated copy, a repost), by shingles and MinHash.

A text becomes a set of *shingles* (hashes of every run of `SHINGLE` words, folded to lowercase
letters and digits, so punctuation, quotes, spacing and page layout do not count). Two texts are
compared by the share of shingles they have in common. The set is summarised by a MinHash
signature of `PERMUTATIONS` values, cut into `BANDS` bands of `ROWS`: two texts share a band with
probability 1 - (1 - J^ROWS)^BANDS for Jaccard J (0.56 at J = 0.16, 0.95 at 0.3, all but certain
above 0.45; 0.001 for two unrelated texts at J = 0.005), so the store finds candidates by an
indexed lookup of the bands and compares only those in full. Pure: text in, numbers out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE = 5  # words per shingle: long enough that two independent reports rarely share one
PERMUTATIONS = 64
ROWS = 2
BANDS = PERMUTATIONS // ROWS
_PRIME = (1 << 61) - 1
_MASK63 = (1 << 63) - 1  # bands are stored as signed 64-bit integers on both engines
_WORD = re.compile(r"\w+")


def _seeded(n: int) -> list[tuple[int, int]]:
    """Fixed (a, b) pairs for the permutations x -> (a*x + b) mod p: the same on every run and machine."""
    pairs = []
    for i in range(n):
        digest = hashlib.blake2b(f"provenance-minhash-{i}".encode(), digest_size=16).digest()
        a = int.from_bytes(digest[:8], "big") % (_PRIME - 1) + 1
        b = int.from_bytes(digest[8:], "big") % _PRIME
        pairs.append((a, b))
    return pairs


_PERMS = _seeded(PERMUTATIONS)


def words(text: str) -> list[str]:
    """The text's words, folded: NFKC, case-folded, letters and digits only."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _hash(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big") % _PRIME


def shingles(text: str, *, size: int = SHINGLE) -> frozenset[int]:
    """Hashes of every run of `size` words (a text shorter than that is one shingle)."""
    found = words(text)
    if not found:
        return frozenset()
    if len(found) <= size:
        return frozenset({_hash(" ".join(found))})
    return frozenset(_hash(" ".join(found[i : i + size])) for i in range(len(found) - size + 1))


def signature(shingled: Iterable[int]) -> tuple[int, ...]:
    """The MinHash signature: for each permutation, the least permuted shingle."""
    values = list(shingled)
    if not values:
        return ()
    return tuple(min((a * x + b) % _PRIME for x in values) for a, b in _PERMS)


def bands(sig: tuple[int, ...]) -> list[int]:
    """One hash per band of `ROWS` signature values, tagged with the band's number."""
    if not sig:
        return []
    out = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(f"{band}:{rows}".encode(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "big") & _MASK63)
    return out


def text_bands(text: str) -> list[int]:
    return bands(signature(shingles(text)))


@dataclass(frozen=True)
class Overlap:
    """How much two texts share: `jaccard` of their shingle sets, and `containment`, the share of the
    shorter text found in the longer (a trimmed repost is mostly contained in its original)."""

    jaccard: float
    containment: float
    smaller: int = 0  # shingles in the shorter text

    @property
    def same_work(self) -> bool:
        """One work: a copy with a changed headline, a caption or trimmed paragraphs, or two outlets'
        edits of one wire story (measured: 0.27 to 1.0 containment in the gold corpora). Two
        outlets' own reports of one event share names and phrases but few runs of five words
        (at most 0.03 in the same corpora)."""
        if self.smaller < MIN_SHINGLES:
            # A few sentences share runs of words by chance ("says the raid was on"): only a copy counts.
            return self.jaccard >= SHORT_JACCARD
        return self.containment >= CONTAINMENT and self.jaccard >= JACCARD


# Set from the development corpus (its one same-work pair, two edits of a Reuters story, shares
# 0.27 / 0.16; its hard negatives at most 0.013), then measured on the held-out corpora.
CONTAINMENT = 0.25
JACCARD = 0.12
MIN_SHINGLES = 40  # about two short paragraphs
SHORT_JACCARD = 0.8


def overlap(a: frozenset[int], b: frozenset[int]) -> Overlap:
    if not a or not b:
        return Overlap(0.0, 0.0)
    common = len(a & b)
    smaller = min(len(a), len(b))
    return Overlap(common / len(a | b), common / smaller, smaller)


def compare(text_a: str, text_b: str) -> Overlap:
    return overlap(shingles(text_a), shingles(text_b))


def title_key(title: str, outlet: int | str | None, published: str | None) -> str | None:
    """What two records of one work share when they name it alike: the folded title, the outlet and
    the publication date (None unless all three are known: a title alone names too many works)."""
    folded = " ".join(words(title))
    if not folded or outlet is None or not published:
        return None
    return hashlib.sha256(f"{folded}\x00{outlet}\x00{published}".encode()).hexdigest()


# --------------------------------------------------------------------------- shared passages
#
# Text reuse below the whole work: a paragraph of wire copy, a long verbatim quotation, an article
# that copies another's passage without citing it. A text's *prints* are winnowed hashes of its runs
# of `PRINT_WORDS` words (Schleimer, Wilkerson and Aiken's winnowing: the least hash in every
# window of `WINDOW` consecutive runs): any passage two texts share of at least
# `WINDOW + PRINT_WORDS - 1` words gives both the same print, so an indexed lookup of the prints
# finds every text that shares one, and only those texts are aligned word by word.

PRINT_WORDS = 8  # words per printed run: longer than a stock phrase ("said in a statement on")
WINDOW = 12  # runs per window: a shared passage of 19 words or more is always found
MIN_PASSAGE = 20  # words: what counts as a shared passage (a long sentence, a quotation)
_MERGE_GAP = 3  # words changed between two matching runs that still make one passage


@dataclass(frozen=True)
class Token:
    word: str  # folded as `words` folds
    start: int  # character offsets in the original text
    end: int


def tokens(text: str) -> list[Token]:
    """The text's words with where they are: folded as `words` folds each word."""
    out = []
    for match in _WORD.finditer(text):
        folded = unicodedata.normalize("NFKC", match.group()).casefold()
        if folded:
            out.append(Token(folded, match.start(), match.end()))
    return out


def prints(found: list[str]) -> set[int]:
    """The winnowed prints of a text's folded words (signed 64-bit, as stored)."""
    if len(found) < PRINT_WORDS:
        return set()
    hashes = [
        int.from_bytes(
            hashlib.blake2b(" ".join(found[i : i + PRINT_WORDS]).encode(), digest_size=8).digest(), "big"
        )
        & _MASK63
        for i in range(len(found) - PRINT_WORDS + 1)
    ]
    if len(hashes) <= WINDOW:
        return {min(hashes)}
    return {min(hashes[i : i + WINDOW]) for i in range(len(hashes) - WINDOW + 1)}


def text_prints(text: str) -> set[int]:
    return prints([t.word for t in tokens(text)])


@dataclass(frozen=True)
class Passage:
    """A passage two texts share: character spans in each, and its length in words."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int


def shared_passages(a: list[Token], b: list[Token], *, min_words: int = MIN_PASSAGE) -> list[Passage]:
    """The passages of at least `min_words` words that two texts share, in the first text's order:
    the matching runs of words (difflib's alignment of the two word sequences), with runs apart by
    a few changed words (a corrected spelling, a house style's number) joined into one passage."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, [t.word for t in a], [t.word for t in b], autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size >= PRINT_WORDS]
    runs: list[list[int]] = []  # [a_from, a_to, b_from, b_to, matched words]
    for m in blocks:
        if runs:
            last = runs[-1]
            if 0 <= m.a - last[1] <= _MERGE_GAP and 0 <= m.b - last[3] <= _MERGE_GAP:
                last[1], last[3] = m.a + m.size, m.b + m.size
                last[4] += m.size
                continue
        runs.append([m.a, m.a + m.size, m.b, m.b + m.size, m.size])
    return [
        Passage(a[af].start, a[at - 1].end, b[bf].start, b[bt - 1].end, n)
        for af, at, bf, bt, n in runs
        if n >= min_words
    ]
