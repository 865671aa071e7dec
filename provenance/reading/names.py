"""One fold for names, and the entities a text names, found through an index of folded tokens.

:func:`fold_name` is what entity lookup, the reader and search compare: case, diacritics,
hyphens and punctuation, the ʿayn/hamza marks and apostrophes inside a word ("Bin'ali",
"Binʿali"), and the Arabic article "al-"/"el-" (with its assimilated forms "ad-", "ash-", …)
all fold away, so "Binali", "al-Bin'ali" and "Al Binali" are one name. Arabic-script names keep
their letters (NFKC, no diacritics: harakat are combining marks). Pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# Marks that transliteration writes for ʿayn and hamza, and apostrophes: removed inside words.
_MARKS = "'’‘`´ʻʼʽʾʿˈ′"
_MARK_RE = re.compile(f"[{_MARKS}]")
# The article, joined by a hyphen or space: al-, el-, and the sun-letter forms (ad-Din, ash-Sham).
_ARTICLE = re.compile(r"^(?:al|el|ul|ad|ar|as|ash|at|az|an|adh|ath)$")
_ARTICLE_HYPHENED = re.compile(r"\b(?:al|el|ul|ad|ar|ash|az|adh|ath)-(?=\w)", re.I)


def fold_tokens(name: str) -> list[str]:
    """The folded words of a name: see :func:`fold_name`."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ARTICLE_HYPHENED.sub("", text)
    text = _MARK_RE.sub("", text)
    words = re.sub(r"[\W_]+", " ", text).split()
    # A standalone "al" before another word is the article written apart ("al Baghdadi").
    return [
        w for i, w in enumerate(words) if not (_ARTICLE.match(w) and w in ("al", "el") and i + 1 < len(words))
    ]


def fold_name(name: str) -> str:
    """The form names are compared in: ``fold_name("al-Bin'ali") == fold_name("Binali") == "binali"``."""
    return " ".join(fold_tokens(name))


@dataclass(frozen=True)
class EntityName:
    """A known entity with every name it goes by (its name first, then aliases)."""

    id: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class EntityHit:
    """An entity named in a text: where (the first mention), and through which name."""

    id: str
    start: int
    end: int
    name: str


_WORD = re.compile(rf"[^\W_](?:[\w{_MARKS}]|-(?=\w))*")


class EntityIndex:
    """Known entities indexed by the first folded token of each name.

    Finding the entities in a text costs one dictionary probe per word of the text plus the
    names that start with that word: never a scan of every alias.
    """

    def __init__(self, entities: Iterable[EntityName]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for entity in entities:
            for name in entity.names:
                tokens = tuple(fold_tokens(name))
                if tokens:
                    self._by_first[tokens[0]].append((tokens, entity.id))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))  # longest name first

    def find(self, text: str) -> list[EntityHit]:
        """Every entity the text names, once each (two aliases of one entity are one hit)."""
        words: list[tuple[str, int, int]] = []
        for m in _WORD.finditer(text):
            for token in fold_tokens(m.group()):
                words.append((token, m.start(), m.end()))
        hits: dict[str, EntityHit] = {}
        i = 0
        while i < len(words):
            matched = 0
            for tokens, entity_id in self._by_first.get(words[i][0], ()):
                n = len(tokens)
                if tuple(w for w, _, _ in words[i : i + n]) == tokens:
                    start, end = words[i][1], words[i + n - 1][2]
                    if entity_id not in hits:
                        hits[entity_id] = EntityHit(entity_id, start, end, text[start:end])
                    matched = max(matched, n)
                    break
            i += max(matched, 1)
        return sorted(hits.values(), key=lambda h: (h.start, h.id))


def skeleton(name: str) -> str:
    """Consonants of a folded name with repeats collapsed: a key that transliteration variants share.

    "Byungpoong" and "Byeongpung" are both "bngpng"; vowels and y/w/h are what romanisations of
    one name vary on most ("Qaddafi"/"Gaddafi" still differ: that needs an alias).
    """
    folded = fold_name(name).replace(" ", "")
    bare = re.sub(r"[aeiouyhw]", "", folded)
    return re.sub(r"(.)\1+", r"\1", bare)
