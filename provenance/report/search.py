"""The search index: what the search page's box searches, split into small scripts.

Each entry is {k: kind, u: site-root path, t: title, s: secondary text}. One file
holding every entry grows with the store (10.7 MB at 30k claims), so `search_files`
writes an inverted index instead, every file a script (fetch of file:// URLs is
blocked, so app.js loads them as <script src> under the CSP's script-src 'self'):

- `search/index.js` assigns the manifest: entry count, chunk size, shard names;
- `search/w/{prefix}.js` (a shard) lists the words that begin with one two-letter
  prefix (one-letter words get the one-letter prefix) and, for each, the numbers
  of the entries holding it, delta-encoded;
- `search/e/{n}.js` (a chunk) holds entries n*CHUNK ... n*CHUNK+CHUNK-1.

A query loads the shard of each typed word, intersects, then loads only the
chunks of the results it shows. A typed word of two letters or more matches the
words it begins; a one-letter word matches only itself. Words are `words(fold(text))`
here and in app.js alike: NFKD, lowercase, drop nonspacing marks (Mn), ß → ss and
ς → σ (what casefold adds that matters; JavaScript has no casefold), then runs of
letters, digits and spacing marks (Mc, inside Indic words); a Han or kana character
is a word of its own, as those scripts put no spaces between words. Python and the
browser agree as long as their Unicode versions assign the same characters.

Everything is sorted (entries in id order per kind, words, shards), so two builds
of the same store write the same bytes.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from . import paths

if TYPE_CHECKING:
    from jinja2 import Environment

    from .pages import PageBuilder
    from .views import ClaimView, DocumentView, EntityView, Site

CHUNK = 50  # entries per chunk file: a page of 50 results loads at most 50 files of ~16 kB
PREFIX = 2  # code points of a word that name its shard
SHARD_BYTES = 48_000  # a shard bigger than this is split by the word's next character
TEMPLATE = "search-part.js"
# Scripts that write no spaces between words: each character is a word (same ranges in app.js).
IDEOGRAPHIC = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
IDEOGRAPHIC_PLANES = (0x20000, 0x3FFFF)
EXTRA_FOLDS = {"ß": "ss", "ς": "σ"}


def _ranges(codes: list[int]) -> str:
    """A regex character-class body for sorted code points, as \\U escapes."""
    parts = []
    start: int | None = None
    prev: int | None = None
    for code in [*codes, None]:
        if start is not None and prev is not None and code == prev + 1:
            prev = code
            continue
        if start is not None:
            parts.append(f"\\U{start:08x}" + (f"-\\U{prev:08x}" if prev != start else ""))
        start = prev = code
    return "".join(parts)


def _ideographic_class() -> str:
    lo, hi = IDEOGRAPHIC_PLANES
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in (*IDEOGRAPHIC, (lo, hi)))


def _any_of(codes: list[int]) -> str:
    """A fast regex for one of `codes`: re scans astral ranges one by one, so test those last,
    and only for astral characters."""
    bmp = [c for c in codes if c <= 0xFFFF]
    astral = [c for c in codes if c > 0xFFFF]
    return f"(?:[{_ranges(bmp)}]|(?=[\\U00010000-\\U0010ffff])[{_ranges(astral)}])"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(nonspacing marks, words): built once from this Python's Unicode database.

    `[^\\W_]` is exactly the letters and numbers (str.isalnum, categories L and N)."""
    marks, spacing = [], []
    for code in range(0x110000):
        category = unicodedata.category(chr(code))
        if category == "Mn":
            marks.append(code)
        elif category == "Mc":
            spacing.append(code)
    ideo = _ideographic_class()
    return (
        re.compile(f"{_any_of(marks)}+"),
        re.compile(f"(?=[^\\W_])[{ideo}]|(?:(?![{ideo}])(?:[^\\W_]|{_any_of(spacing)}))+"),
    )


def fold(text: str) -> str:
    """Case and diacritics folded, as app.js `fold` does."""
    marks, _ = _patterns()
    folded = marks.sub("", unicodedata.normalize("NFKD", text).lower())
    for source, target in EXTRA_FOLDS.items():
        folded = folded.replace(source, target)
    return folded


def words(folded: str) -> list[str]:
    """The words of folded text, in order, as app.js `words` finds them."""
    return _patterns()[1].findall(folded)


def prefix(word: str) -> str:
    """The shard a word belongs to: its first PREFIX code points."""
    return word[:PREFIX]


def search_entries(builder: PageBuilder) -> list[dict[str, str]]:
    """What the search box searches: claims, documents, entities (site-root paths)."""
    site = builder.site
    entries = [claim_entry(site, claim) for claim in dict.values(site.claims)]
    entries += [document_entry(site, document) for document in dict.values(site.documents)]
    entries += [entity_entry(entity) for entity in dict.values(site.entities)]
    return entries


def claim_entry(site: Site, claim: ClaimView) -> dict[str, str]:
    """A claim's entry; `n` (its entities' names and aliases) is indexed but not written to the
    chunks: it is what makes an alias find its entity's claims, as in the store's search."""
    document = dict.__getitem__(site.documents, claim.document_id)
    names = []
    for entity_id in claim.entity_ids:
        entity = dict.get(site.entities, entity_id)
        if entity is not None:
            names += [entity.name, *entity.aliases]
    return {
        "k": "claim",
        "u": claim.path,
        "t": claim.statement,
        "s": f"“{claim.exact}” — {claim.speaker}, in {document.title}",
        "n": "\n".join(names),
    }


def document_entry(site: Site, document: DocumentView) -> dict[str, str]:
    outlet = dict.get(site.outlets, document.outlet_id) if document.outlet_id is not None else None
    details = [*document.authors, outlet.name if outlet else "", document.published or ""]
    return {"k": "document", "u": document.path, "t": document.title, "s": ", ".join(x for x in details if x)}


def entity_entry(entity: EntityView) -> dict[str, str]:
    return {"k": "entity", "u": entity.path, "t": entity.name, "s": ", ".join(entity.aliases)}


def entries_of(site: Site, tokens: set[str]) -> list[dict[str, str]] | None:
    """The entries that records named by `tokens` (report/depends.py) appear in or feed (a
        document's title is in its claims' entries, an outlet's name in its documents'); None when
        one of those records is new or gone, which changes the set of entries itself. An entity's
    names and aliases are in the entries of the claims that name it."""
    claims, documents, entities = set(), set(), set()
    for token in tokens:
        kind, _, number = token.partition(":")
        if not number or number.endswith(">") or kind not in "cdoe":
            continue
        key = int(number)
        tables: dict[str, dict[int, Any]] = {
            "c": site.claims,
            "d": site.documents,
            "o": site.outlets,
            "e": site.entities,
        }
        table = tables[kind]
        if not dict.__contains__(table, key):
            return None
        if kind == "c":
            claims.add(key)
        elif kind == "d":
            documents.add(key)
            found: tuple[int, ...] = dict.get(site.claims_by_document, key, ())
            claims.update(found)
        elif kind == "o":
            for document_id in dict.get(site.documents_by_outlet, key, ()):
                documents.add(document_id)
        else:
            entities.add(key)
            named: tuple[int, ...] = dict.get(site.claims_by_entity, key, ())
            claims.update(named)  # its names are in their entries
    return (
        [claim_entry(site, dict.__getitem__(site.claims, c)) for c in sorted(claims)]
        + [document_entry(site, dict.__getitem__(site.documents, d)) for d in sorted(documents)]
        + [entity_entry(dict.__getitem__(site.entities, e)) for e in sorted(entities)]
    )


def postings(entries: list[dict[str, str]]) -> dict[str, list[int]]:
    """Each folded word -> the ascending numbers of the entries whose title or secondary text hold it."""
    found: dict[str, list[int]] = defaultdict(list)
    for number, entry in enumerate(entries):
        for word in set(words(fold(f"{entry['t']}\n{entry['s']}\n{entry.get('n', '')}"))):
            found[word].append(number)  # numbers ascend: entries are visited in order
    return found


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits


def encode(numbers: list[int]) -> str | dict[str, Any]:
    """Ascending entry numbers, in whichever form is shorter: their gaps (the first from 0) in
    base 36 joined by ",", or {o: first number, b: base64 of a bitmap, bit i of byte j = entry
    o + 8j + i}. A word in most entries ("the") costs an eighth of a byte per entry."""
    gaps = ",".join(_base36(b - a) for a, b in zip([0, *numbers], numbers, strict=False))
    first = numbers[0]
    bits = bytearray((numbers[-1] - first) // 8 + 1)
    if 4 * ((len(bits) + 2) // 3) + 16 >= len(gaps):
        return gaps
    for number in numbers:
        bits[(number - first) // 8] |= 1 << ((number - first) % 8)
    return {"o": first, "b": base64.b64encode(bytes(bits)).decode("ascii")}


Shard = list[tuple[str, Any]]


MAX_KEY = 24
"""The longest shard key: its file name (hex code points) stays far below a file system's 255 bytes."""


def _split(key: str, items: Shard, out: dict[str, Shard]) -> None:
    """Put `items` (the words beginning with `key`) in shard `key`, or if that is too big, keep
    only the word equal to `key` there and split the others by their next character.

    Iterative (a stack of pending shards): a hostile 48,000-character word makes keys that long,
    which a recursive split could not descend (RecursionError stopped every build)."""
    pending = [(key, items)]
    while pending:
        key, items = pending.pop()
        size = sum(len(json.dumps([word, data])) + 2 for word, data in items)  # as tojson writes them
        if size <= SHARD_BYTES or len(key) < PREFIX or len(key) >= MAX_KEY:
            out[key] = items  # at MAX_KEY a shard holds every word it begins, however many
            continue
        groups: dict[str, Shard] = defaultdict(list)
        for word, data in items:
            groups[word[: len(key) + 1]].append((word, data))
        for sub, group in groups.items():
            if sub == key:
                out[key] = group
            else:
                pending.append((sub, group))


def shards(entries: list[dict[str, str]]) -> dict[str, Shard]:
    """Shard key -> [(word, encoded entry numbers)], words sorted. A key is a word's first PREFIX
    code points (a one-letter word's key is itself), longer where a shard would pass SHARD_BYTES."""
    grouped: dict[str, Shard] = defaultdict(list)
    for word, numbers in sorted(postings(entries).items()):
        grouped[prefix(word)].append((word, encode(numbers)))
    out: dict[str, Shard] = {}
    for key, items in grouped.items():
        _split(key, items, out)
    return dict(sorted(out.items()))


def _script(env: Environment, call: str, key: Any, data: Any) -> bytes:
    # The template passes every value through `tojson` (T34): no JSON pasted into a script.
    return env.get_template(TEMPLATE).render(call=call, key=key, data=data).encode("utf-8")


class SearchIndex:
    """The files of the search index, made one at a time: at 100k documents they hold over a
    hundred megabytes, so the build writes each as it is made rather than holding them all."""

    def __init__(self, env: Environment, entries: list[dict[str, str]]) -> None:
        self.env, self.entries = env, entries
        self.grouped = shards(entries)
        chunks = range(0, len(entries), CHUNK)
        self.paths = sorted(
            [paths.SEARCH_MANIFEST]
            + [paths.search_shard_path(key) for key in self.grouped]
            + [paths.search_chunk_path(start // CHUNK) for start in chunks]
        )

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file as (site-root path, bytes): the manifest, word shards, entry chunks."""
        manifest = {"chunk": CHUNK, "entries": len(self.entries), "shards": list(self.grouped)}
        yield paths.SEARCH_MANIFEST, _script(self.env, "index", None, manifest)
        for key, items in self.grouped.items():
            yield paths.search_shard_path(key), _script(self.env, "shard", key, items)
        for start in range(0, len(self.entries), CHUNK):
            number = start // CHUNK
            chunk = [{k: v for k, v in e.items() if k != "n"} for e in self.entries[start : start + CHUNK]]
            yield paths.search_chunk_path(number), _script(self.env, "chunk", number, chunk)


def search_files(env: Environment, entries: list[dict[str, str]]) -> list[tuple[str, bytes]]:
    """Every file of the search index as (site-root path, bytes), sorted by path."""
    return sorted(SearchIndex(env, entries).files())
