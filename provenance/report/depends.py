"""What each page is made from, so an incremental build redoes only the pages an edit touches.

While a page's context is built, every record it reads from the `Site` is noted:
`site.claims[12]` notes "c:12"; a cross-link lookup such as `site.claims_by_document[5]`
notes the links hanging off document 5 ("d:5>"); walking a whole table notes the
table ("*c"). A record's *digest* is a hash of its view; comparing digests with the
previous build gives the records that changed, were added or removed. A record
that was added or removed, or now hangs off other records (a claim moved to another
entity), also touches the links of those records, then and now.
A page is redone when one of its notes is touched.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from zlib import adler32, crc32

from .views import Site

Token = str  # "c:12" (claim 12), "c:12>" (links off claim 12), "*c" (the claim table), "v" (events)
T = TypeVar("T")

# Site table -> token prefix; cross-link dict -> the prefix of the record owning each entry.
TABLES = {
    "outlets": "o",
    "documents": "d",
    "claims": "c",
    "citations": "t",
    "relations": "r",
    "entities": "e",
    "assertions": "a",
}
LINKS = {
    "claims_by_document": "d",
    "citations_by_claim": "c",
    "cited_by_document": "d",
    "cited_by_entity": "e",
    "relations_by_claim": "c",
    "claims_by_entity": "e",
    "assertions_by_subject": "e",
    "assertions_by_claim": "c",
    "documents_by_outlet": "o",
    "parts_by_document": "d",
    "part_of_claim": "c",
    "claims_by_part": "d",
}
EVENTS = "v"
# The order of the long lists, split into pages: a page depends on it and on its own rows only.
ORDER_DOCUMENTS = "order-documents"
ORDER_ENTITIES = "order-entities"


class Recorder:
    """Collects the tokens read while a page (or a shared piece of one) is built."""

    def __init__(self) -> None:
        self._open: list[set[Token]] = []

    def note(self, token: Token) -> None:
        if self._open:
            self._open[-1].add(token)

    def record(self, build: Callable[[], T]) -> tuple[T, frozenset[Token]]:
        """Run `build`, returning what it made and every token it read (also noted by the caller)."""
        self._open.append(set())
        try:
            made = build()
        finally:
            read = self._open.pop()
        if self._open:
            self._open[-1].update(read)
        return made, frozenset(read)

    def aside(self, build: Callable[[], T]) -> T:
        """Run `build` without noting: for site-wide pieces no page should depend on in full."""
        self._open.append(set())
        try:
            return build()
        finally:
            self._open.pop()

    def replay(self, tokens: frozenset[Token]) -> None:
        """Note again what a cached piece read when it was first built."""
        if self._open:
            self._open[-1].update(tokens)


class _Noting(dict[int, Any]):
    """A dict that notes the key of each lookup and the whole table on each walk."""

    __slots__ = ("_recorder", "_prefix", "_suffix")

    def __init__(self, data: dict[int, Any], recorder: Recorder, prefix: str, suffix: str = "") -> None:
        super().__init__(data)
        self._recorder = recorder
        self._prefix = prefix
        self._suffix = suffix

    def __getitem__(self, key: int) -> Any:
        self._recorder.note(f"{self._prefix}:{key}{self._suffix}")
        return dict.__getitem__(self, key)

    def get(self, key: int, default: Any = None) -> Any:
        self._recorder.note(f"{self._prefix}:{key}{self._suffix}")
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        self._recorder.note(f"{self._prefix}:{key}{self._suffix}")
        return dict.__contains__(self, key)

    def _walk(self) -> None:
        self._recorder.note(f"*{self._prefix}")

    def __iter__(self) -> Iterator[int]:
        self._walk()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._walk()
        return dict.__len__(self)

    def keys(self) -> Any:
        self._walk()
        return dict.keys(self)

    def values(self) -> Any:
        self._walk()
        return dict.values(self)

    def items(self) -> Any:
        self._walk()
        return dict.items(self)


def noting(site: Site, recorder: Recorder) -> Site:
    """The same site, whose tables and cross-links note every read into `recorder`."""
    changes: dict[str, Any] = {
        name: _Noting(getattr(site, name), recorder, prefix) for name, prefix in TABLES.items()
    }
    changes.update(
        {name: _Noting(getattr(site, name), recorder, prefix, ">") for name, prefix in LINKS.items()}
    )
    return dataclasses.replace(site, **changes)


def digest(value: object) -> str:
    """A short, stable hash of a value's `repr` (dataclasses and tuples spell out every field)."""
    data = repr(value).encode("utf-8", "surrogatepass")
    return f"{crc32(data):08x}{adler32(data):08x}"


def owners(prefix: str, view: Any, site: Site) -> str:
    """The links this record hangs from (see `Site`'s cross-links): "d:5>" for a claim of document 5."""
    found: list[tuple[str, int | None]] = []
    if prefix == "d":
        found = [("o", view.outlet_id), ("d", view.part_of_id)]
    elif prefix == "c":
        part = dict.get(site.part_of_claim, view.id)
        found = [("d", view.document_id), ("d", part), *(("e", e) for e in view.entity_ids)]
    elif prefix == "t":
        found = [("c", view.claim_id), ("d", view.target_document_id), ("e", view.target_entity_id)]
    elif prefix == "r":
        found = [("c", view.claim_a_id), ("c", view.claim_b_id)]
    elif prefix == "a":
        found = [("c", view.claim_id), ("e", view.subject_id), ("e", view.value_entity_id)]
    return " ".join(f"{p}:{i}>" for p, i in found if i is not None)


def record_digests(site: Site, orders: dict[Token, list[int]] | None = None) -> dict[Token, str]:
    """Every record's token -> "digest owner owner…"; the recent events, and the lists' `orders`,
    each as one record."""
    records: dict[Token, str] = {token: digest(tuple(ids)) for token, ids in (orders or {}).items()}
    for name, prefix in TABLES.items():
        table = dict.values(getattr(site, name))
        fields = None
        for view in table:
            if fields is None:  # every field, read at C speed (a view's own repr is Python code)
                fields = operator.attrgetter(*(f.name for f in dataclasses.fields(view)))
            data = repr(fields(view)).encode("utf-8", "surrogatepass")
            hung = owners(prefix, view, site)
            records[f"{prefix}:{view.id}"] = f"{crc32(data):08x}{adler32(data):08x} {hung}"
    records[EVENTS] = digest(site.events)
    return records


def touched(previous: dict[Token, str], current: dict[Token, str]) -> set[Token]:
    """The tokens an edit touches: changed, added and removed records and their tables; and
    where a record was added, removed or re-hung, its own links and those it hangs from."""
    changed = [t for t, record in current.items() if previous.get(t) != record]
    changed += [t for t in previous if t not in current]
    found: set[Token] = set()
    for token in changed:
        before, after = previous.get(token), current.get(token)
        found.add(token)
        if ":" in token:
            found.add("*" + token.split(":", 1)[0])
        hung_before = before.split()[1:] if before is not None else None
        hung_after = after.split()[1:] if after is not None else None
        if hung_before != hung_after:
            found.add(token + ">")
            found.update(hung_before or ())
            found.update(hung_after or ())
    return found


def made_from(tokens: frozenset[Token]) -> str:
    """What a page read, as the build record keeps it."""
    return " ".join(sorted(tokens))


def redo(pages: dict[str, str], dirty: set[Token]) -> set[str]:
    """The pages (path -> `made_from`) that read one of the `dirty` tokens."""
    if not dirty:
        return set()
    if len(dirty) > 2000:  # a big change: comparing sets beats one huge pattern
        return {path for path, tokens in pages.items() if not dirty.isdisjoint(tokens.split())}
    pattern = re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, sorted(dirty))) + r")(?!\S)")
    return {path for path, tokens in pages.items() if pattern.search(tokens)}
