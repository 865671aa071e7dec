"""What the citation finder works with and what it proposes: plain values, no database.

`KnownOutlet`, `KnownDocument` and `ClaimSpan` describe the store as the scanner needs it;
`Proposal` is one proposed citation record. Matching printed names to known outlets and
documents lives here too, so the scanner stays testable without a store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# Kinds of marker, by how it was found.
SOURCES = (
    "parenthetical",  # (Asharq al-Awsat, February 8)
    "endnote",  # [1] with a notes list
    "superscript",  # Mosul,1
    "footnote",  # a lettered footnote: raids.c … "c According to …"
    "reference",  # "…,” CNN, September 15, 2015." in running text or a note
    "according_to",  # according to SITE's translation
    "attribution",  # The source added / AQIM says / The report states:
    "reported_for",  # reported … for The Guardian
    "title",  # a known document's title printed in the text
    "url",  # a bare URL outside a notes list
)


@dataclass(frozen=True)
class KnownOutlet:
    key: str
    name: str


@dataclass(frozen=True)
class KnownDocument:
    key: str
    title: str
    outlet: str | None = None  # outlet key
    published: str | None = None  # ISO partial date
    url: str | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimSpan:
    key: str
    start: int
    end: int


@dataclass(frozen=True)
class NewDocument:
    """An unheld document a proposal would create (with --create-missing)."""

    title: str
    outlet: str | None = None  # outlet key, when the cited outlet is known
    published: str | None = None
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "outlet": self.outlet, "published": self.published, "url": self.url}


@dataclass(frozen=True)
class Proposal:
    """One proposed citation: a marker in the citing text, what it cites, the claims it supports.

    Exactly one of `document` (an existing document's key), `new_document` and `person` is the
    target, except for a marker whose target could not be worked out at all (all three None).
    """

    number: int
    start: int
    end: int
    marker: str  # the locator as printed: text[start:end]
    kind: str  # cites, according_to or quotes
    source: str  # how it was found (see SOURCES)
    cited_as: str | None = None  # the outlet or person as printed
    outlet: str | None = None  # the known outlet's key
    published: str | None = None  # the cited work's date, completed from the citing document's
    url: str | None = None
    note: str | None = None  # the text of the endnote or footnote the marker sends to
    document: str | None = None
    new_document: NewDocument | None = None
    person: str | None = None
    claims: tuple[str, ...] = ()
    recorded: tuple[str, ...] = ()  # claims that already cite this marker (same locator_start)
    # What provenance.reading reads here (see cites.news): the source as named, its kind
    # (outlet, official, person, unnamed, document), the attribution phrase's span, the channel.
    said_by: str | None = None
    source_kind: str | None = None
    phrase: tuple[int, int] | None = None
    via: str | None = None

    @property
    def target(self) -> str:
        """The target in words, for tables and prompts."""
        if self.document:
            return f"doc {self.document}"
        if self.person:
            return f"person {self.person!r}"
        if self.new_document:
            return f"new unheld doc {self.new_document.title!r}"
        return "(unknown)"

    @property
    def status(self) -> str:
        if not self.claims:
            return "no claim"
        if set(self.claims) <= set(self.recorded):
            return "recorded"
        return "recorded for some" if self.recorded else "new"

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "start": self.start,
            "end": self.end,
            "marker": self.marker,
            "kind": self.kind,
            "found_as": self.source,
            "cited_as": self.cited_as,
            "outlet": self.outlet,
            "published": self.published,
            "url": self.url,
            "note": self.note,
            "target": {
                "document": self.document,
                "new_document": self.new_document.as_dict() if self.new_document else None,
                "person": self.person,
            },
            "claims": list(self.claims),
            "recorded": list(self.recorded),
            "status": self.status,
            "said_by": self.said_by,
            "source_kind": self.source_kind,
            "phrase": list(self.phrase) if self.phrase else None,
            "via": self.via,
        }


def fold(name: str) -> str:
    """Case, diacritics, punctuation and a possessive 's folded away: what names are compared as."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    bare = re.sub(r"['’`]s\b", "", bare)
    return re.sub(r"[\W_]+", " ", bare).strip()


def _forms(outlet: KnownOutlet) -> set[str]:
    forms = {fold(outlet.name), fold(outlet.key)}
    bare = re.sub(r"\s*\([^)]*\)", "", outlet.name)  # "United Nations (Security Council …)"
    forms.add(fold(bare))
    return {f for f in forms if f}


@dataclass
class OutletIndex:
    """Known outlets by every folded form of their name; word-prefixes match when unambiguous."""

    outlets: Sequence[KnownOutlet]
    _exact: dict[str, set[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for outlet in self.outlets:
            for form in _forms(outlet):
                self._exact.setdefault(form, set()).add(outlet.key)

    def match(self, printed: str | None, *, prefix: bool = True) -> str | None:
        """The key of the one outlet `printed` names ("Al-Quds" → Al-Quds al-Arabi), or None.

        Without `prefix`, only a whole name (with or without its parenthetical) counts."""
        if not printed:
            return None
        name = fold(printed)
        candidates = [name]
        if name.startswith("the "):
            candidates.append(name[4:])
        for candidate in candidates:
            found = self._exact.get(candidate)
            if found:
                return next(iter(found)) if len(found) == 1 else None
        if not prefix:
            return None
        for candidate in candidates:
            if not candidate:
                continue
            found = {
                k for form, keys in self._exact.items() if form.startswith(candidate + " ") for k in keys
            }
            if len(found) == 1:
                return found.pop()
        return None


def _domain(url: str) -> str:
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0]
    return host.removeprefix("www.")


def _bare_url(url: str) -> str:
    return re.sub(r"^[a-z]+://(www\.)?", "", url.strip().lower()).rstrip("/")


@dataclass
class DocumentIndex:
    """Known documents, found by URL, by title printed in the text, or by outlet and date."""

    documents: Sequence[KnownDocument]
    _forms: list[str | None] | None = field(default=None, init=False, repr=False, compare=False)
    _trie: TitleTrie | None = field(default=None, init=False, repr=False, compare=False)

    def title_forms(self) -> list[str | None]:
        """Each document's `title_form`, in order: folded once, on first use."""
        if self._forms is None:
            self._forms = [title_form(d.title) for d in self.documents]
        return self._forms

    def title_trie(self) -> TitleTrie:
        """Every title as one trie, built (lazily) on first use."""
        if self._trie is None:
            self._trie = TitleTrie(self.title_forms())
        return self._trie

    def by_url(self, url: str) -> str | None:
        bare = _bare_url(url)
        exact = [d.key for d in self.documents if d.url and _bare_url(d.url) == bare]
        if len(exact) == 1:
            return exact[0]
        # A URL cut short in the text ("…by-his-o") still names the one document it begins.
        prefixed = [
            d.key for d in self.documents if d.url and len(bare) >= 30 and _bare_url(d.url).startswith(bare)
        ]
        return prefixed[0] if len(prefixed) == 1 else None

    def outlet_of_domain(self, url: str) -> str | None:
        """The outlet whose documents are all at the URL's domain (theguardian.com → The Guardian)."""
        domain = _domain(url)
        outlets = {d.outlet for d in self.documents if d.url and _domain(d.url) == domain}
        return outlets.pop() if len(outlets) == 1 else None

    def by_title(self, text: str) -> str | None:
        """The one document whose title (without a parenthetical) occurs in `text`."""
        folded = f" {fold(text)} "
        found = [
            d.key for d, t in zip(self.documents, self.title_forms(), strict=True) if t and f" {t} " in folded
        ]
        return found[0] if len(found) == 1 else None

    def by_outlet_and_date(self, outlet: str | None, published: str | None, before: str | None) -> str | None:
        """The one document of `outlet` with that date; with no date, the outlet's one document
        published by `before`. Without an outlet, a day-precise date alone must be unique."""
        if outlet is None:
            if published is None or len(published) < 10:
                return None
            found = [d.key for d in self.documents if d.published == published]
            return found[0] if len(found) == 1 else None
        mine = [d for d in self.documents if d.outlet == outlet]
        if published is not None:
            found = [d.key for d in mine if d.published == published]
        else:
            found = [d.key for d in mine if before is None or (d.published or "")[: len(before)] <= before]
        return found[0] if len(found) == 1 else None

    def by_evidence(self, passage: str, outlets: set[str], dates: set[str]) -> str | None:
        """The one document a passage points at when its note is not in the text: the day it was
        published, or two of its month, its outlet and an author's surname, named in the passage."""
        solid = fold(passage).replace(" ", "")
        best: list[tuple[int, str]] = []
        for d in self.documents:
            score = 0
            if d.published and d.published in dates:
                score += 3 if len(d.published) == 10 else 2 if len(d.published) == 7 else 0
            if d.outlet and d.outlet in outlets:
                score += 2
            if any((surname := _surname(a)) is not None and surname in solid for a in d.authors):
                score += 2
            if score >= 3:
                best.append((score, d.key))
        best.sort(reverse=True)
        if best and (len(best) == 1 or best[0][0] > best[1][0]):
            return best[0][1]
        return None


def _surname(author: str) -> str | None:
    """An author's surname as run together ("al-Bin‘ali" and "al-Binali" are both "binali")."""
    words = fold(author).split()
    surname = words[-1] if words else ""
    if len(words) >= 2 and words[-2] in ("bin", "ibn", "abu"):
        surname = words[-2] + surname
    return surname if len(surname) >= 5 else None


def title_form(title: str) -> str | None:
    """A title as it would be printed: no parenthetical gloss; None when too short to be telling."""
    bare = fold(re.sub(r"\s*\([^)]*\)", "", title))
    return bare if len(bare) >= 20 and len(bare.split()) >= 4 else None


_TOKEN = re.compile(r"[^\W_]+")  # a run of letters and digits: what a title's folded word must equal
_WORD_CHAR = re.compile(r"\w")
_END = ""  # the trie key marking where titles end (a word is never empty)
_PENDING = " "  # the trie key of the titles a node holds before it is opened (a word has no space)


class TitleTrie:
    """Every known document's printed title (`title_form`) as one trie of its words, so a text is
    scanned once whatever the number of documents: from each word of the text, the trie is walked
    along the words that follow (1–4 characters of punctuation and space apart). Built lazily: a
    node's children are made the first time the walk reaches it, so a scan builds only the part
    its text's words lead into."""

    def __init__(self, forms: Sequence[str | None]) -> None:
        """`forms`: each document's `title_form`, in document order (None: no printable title)."""
        pending = [(order, form.split(), 0) for order, form in enumerate(forms) if form is not None]
        self.root: dict[str, Any] = {_PENDING: pending}

    @staticmethod
    def _open(node: dict[str, Any]) -> dict[str, Any]:
        """The node with its children made: each title waiting in it goes one word further down
        (or ends here)."""
        pending = node.pop(_PENDING, None)
        for order, words, depth in pending or ():
            if depth == len(words):
                node.setdefault(_END, []).append(order)
            else:
                node.setdefault(words[depth], {}).setdefault(_PENDING, []).append((order, words, depth + 1))
        return node

    def find(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """document order -> the spans its title is printed at, as `_title_pattern(title).finditer`
        finds them: case-insensitive, whole words (`\\b` at both ends), no overlapping."""
        tokens = [(m.start(), m.end(), _fold_token(m.group())) for m in _TOKEN.finditer(text)]
        found: dict[int, list[tuple[int, int]]] = {}
        free_from: dict[int, int] = {}  # where a document's next match may begin (after its last)
        root = self._open(self.root)
        for i, (start, _, word) in enumerate(tokens):
            if start > 0 and _WORD_CHAR.match(text, start - 1):
                continue  # "_" before it: not at a word boundary
            node = root.get(word)
            j = i
            while node is not None:
                self._open(node)
                end = tokens[j][1]
                if _END in node and not (end < len(text) and _WORD_CHAR.match(text, end)):
                    for order in node[_END]:
                        if start >= free_from.get(order, 0):
                            found.setdefault(order, []).append((start, end))
                            free_from[order] = end
                if j + 1 == len(tokens) or not 1 <= tokens[j + 1][0] - end <= 4:
                    break
                j += 1
                node = node.get(tokens[j][2])
        return found


def _fold_token(token: str) -> str:
    """What a title word must be to match `token` case-insensitively, letter for letter (a fold
    that changes the length, "ß" → "ss", matches nothing, as in the regular expression: a NUL is
    never in a word)."""
    folded = token.casefold()
    return folded if len(folded) == len(token) else "\x00"
