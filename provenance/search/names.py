"""Names the way people type them: the variants of a typed word that an entity's name words allow.

A typed word of four letters or more also finds the name words that are one edit from it and
begin with the same two letters (a typo: "bagdadi" -> baghdadi), or that share its skeleton (a
transliteration: the consonants, with the spellings of one sound made one and vowels, h, w, y
and doubled letters gone: "Boukamal"/"Bukamal", "Qaeda"/"Kaida", "Usama"/"Osama"). The report's
search box applies the same skeleton (templates/app.js `skeleton`). Pure: no database.
"""

from __future__ import annotations

import re

__all__ = ["MIN_TYPO", "edits1", "is_variant", "one_edit", "skeleton"]

MIN_TYPO = 4  # shorter words are matched as typed: one edit away from "isis" is half the alphabet
_DIGRAPHS = (("gh", "g"), ("kh", "k"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"), ("ph", "f"))
_LETTERS = str.maketrans({"q": "k", "c": "k", "j": "g", "p": "b", "v": "f"})
_DROPPED = re.compile("[aeiouyhw]")
_REPEATS = re.compile(r"(.)\1+")
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def skeleton(word: str) -> str:
    """The consonant skeleton of a folded Latin word ("" for others and for short words)."""
    if len(word) < MIN_TYPO or not word.isascii() or not word.isalpha():
        return ""
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    bare = _REPEATS.sub(r"\1", _DROPPED.sub("", word.translate(_LETTERS)))
    return bare if len(bare) >= 2 else ""


def edits1(word: str) -> set[str]:
    """Every word one edit from `word` (a deletion, a transposition, a substitution or an insertion)
    that keeps its first two letters, over its own alphabet (Latin or Arabic)."""
    if len(word) < MIN_TYPO:
        return set()
    alphabet = "abcdefghijklmnopqrstuvwxyz" if word.isascii() else _ARABIC if word[0] in _ARABIC else ""
    out: set[str] = set()
    for i in range(2, len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            out.add(head + tail[1:])
            if len(tail) > 1:
                out.add(head + tail[1] + tail[0] + tail[2:])
        for letter in alphabet:
            out.add(head + letter + tail)
            if tail:
                out.add(head + letter + tail[1:])
    out.discard(word)
    return out


def distance1(a: str, b: str) -> bool:
    """Whether `a` and `b` are exactly one edit apart (Damerau: a swap of neighbours is one)."""
    from rapidfuzz.distance import DamerauLevenshtein

    return DamerauLevenshtein.distance(a, b, score_cutoff=1) == 1


def one_edit(typed: str, name_word: str) -> bool:
    """A typo of the name word: one edit away, the first two letters kept."""
    return name_word[:2] == typed[:2] and distance1(typed, name_word)


def is_variant(typed: str, name_word: str) -> bool:
    """Whether `name_word` (a folded word of an entity's name or alias) is a variant of `typed`."""
    if typed == name_word or len(typed) < MIN_TYPO:
        return False
    if one_edit(typed, name_word):
        return True
    shape = skeleton(typed)
    return bool(shape) and shape == skeleton(name_word) and abs(len(typed) - len(name_word)) <= 3
