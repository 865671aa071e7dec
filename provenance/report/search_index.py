"""The search index's files: what app.js loads, a few kilobytes per typed word.

One file holding every entry grows with the store (10.7 MB at 30k claims), so the index is
inverted and split, every file a script (fetch of file:// URLs is blocked, so app.js loads
them as <script src> under the CSP's script-src 'self'). Two indexes, the records' (under
`search/`) and the passages' (under `search/p/`), each with:

- a manifest (`search/index.js`, `search/passages.js`): entry count, chunk size, shard keys,
  and for the records' the ranges of each kind, the name shards and the ranking's constants;
- word shards (`w/{prefix}.js`): the words that begin with one two-letter prefix (one-letter
  words get the one-letter prefix) and, for each, the numbers of the entries holding it in
  each of the four fields (t1..t4, weighted as provenance.search.query weighs them);
- entry chunks (`e/{n}.js`): entries n*CHUNK ... n*CHUNK+CHUNK-1, what results show.

And name shards (`search/n/{key}.js`): the entities' name words whose first two letters, or
whose skeleton's, are `key`, each with its skeleton: a typed name's variants are found there.

Everything is sorted (entries in tie order, words, shards), so two builds of the same store
write the same bytes.
"""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..search import elsewhere
from ..search import query as ranking
from ..search.names import MIN_TYPO
from . import paths
from .search import Entry, entry_words

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["CHUNK", "SHARD_BYTES", "SearchIndex", "encode", "search_files", "shards"]

CHUNK = 10  # entries per chunk file: a page of 20 results loads at most 20 files of ~4 kB
PREFIX = 2  # code points of a word that name its shard
SHARD_BYTES = 48_000  # a shard bigger than this is split by the word's next character
MAX_KEY = 24
"""The longest shard key: its file name (hex code points) stays far below a file system's 255 bytes."""
TEMPLATE = "search-part.js"
CALLS = ("shard", "chunk", "passageShard", "passageChunk", "names")
RECORDS, PASSAGES = "records", "passages"


def prefix(word: str) -> str:
    """The shard a word belongs to: its first PREFIX code points."""
    return word[:PREFIX]


# Per field: (entry number, how often the word occurs there, the field's length in words).
Postings = list[list[tuple[int, int, int]]]


def postings(entries: list[Entry]) -> dict[str, Postings]:
    """Each folded word -> for each field, the ascending numbers of the entries holding it there,
    each with how often it occurs and the field's length (BM25's tf and length)."""
    found: dict[str, Postings] = {}
    for number, entry in enumerate(entries):
        for field, (held, length) in enumerate(entry_words(entry)):
            for word, count in held.items():
                lists = found.get(word)
                if lists is None:
                    lists = found[word] = [[], [], [], []]
                lists[field].append((number, count, length))  # numbers ascend: entries visited in order
    return found


DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# A word in more entries of a field than the store's search counts (DF_CAP) gets no tf and lengths
# there (app.js takes 1 and the field's average length): its idf is the floor, and at a character
# per entry they would outweigh the entries themselves ("the" in 60,000 passages).
CODED_UP_TO = ranking.DF_CAP
MAX_LENGTH = 36 * 36 - 1


def length_code(count: int, length: int) -> str:
    """A posting's tf and field length, for app.js `codes`: "+" and one base-36 digit when the
    word occurs more than once (up to 35), then the length as one base-36 digit below 35, else
    "z" and two digits (up to MAX_LENGTH)."""
    out = f"+{DIGITS[min(count, 35)]}" if count > 1 else ""
    if length < 35:
        return out + DIGITS[length]
    length = min(length, MAX_LENGTH)
    return out + "z" + DIGITS[length // 36] + DIGITS[length % 36]


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


def encode_fields(lists: Postings) -> list[Any]:
    """[entries in t1, their tf and t1 lengths, entries in t2, …]: the entries encoded, their
    `length_code`s in the same order ("" past CODED_UP_TO entries); 0, 0 for a field that does
    not hold the word, trailing 0s cut."""
    out: list[Any] = []
    for pairs in lists:
        if pairs:
            out += [
                encode([n for n, _, _ in pairs]),
                "".join(length_code(c, length) for _, c, length in pairs)
                if len(pairs) <= CODED_UP_TO
                else "",
            ]
        else:
            out += [0, 0]
    while out and out[-1] == 0:
        out.pop()
    return out


Shard = list[list[Any]]  # [[word, t1 entries, t2 entries, ...], ...]


def _split(key: str, items: Shard, out: dict[str, Shard]) -> None:
    """Put `items` (the words beginning with `key`) in shard `key`, or if that is too big, keep
    only the word equal to `key` there and split the others by their next character.

    Iterative (a stack of pending shards): a hostile 48,000-character word makes keys that long,
    which a recursive split could not descend (RecursionError stopped every build)."""
    pending = [(key, items)]
    while pending:
        key, items = pending.pop()
        size = sum(len(json.dumps(item)) + 2 for item in items)  # as tojson writes them
        if size <= SHARD_BYTES or len(key) < PREFIX or len(key) >= MAX_KEY:
            out[key] = items  # at MAX_KEY a shard holds every word it begins, however many
            continue
        groups: dict[str, Shard] = defaultdict(list)
        for item in items:
            groups[item[0][: len(key) + 1]].append(item)
        for sub, group in groups.items():
            if sub == key:
                out[key] = group
            else:
                pending.append((sub, group))


def shards(entries: list[Entry]) -> dict[str, Shard]:
    """Shard key -> [[word, entries by field...]], words sorted. A key is a word's first PREFIX
    code points (a one-letter word's key is itself), longer where a shard would pass SHARD_BYTES."""
    grouped: dict[str, Shard] = defaultdict(list)
    for word, lists in sorted(postings(entries).items()):
        grouped[prefix(word)].append([word, *encode_fields(lists)])
    out: dict[str, Shard] = {}
    for key, items in grouped.items():
        _split(key, items, out)
    return dict(sorted(out.items()))


def name_shards(names: dict[str, str]) -> dict[str, list[list[str]]]:
    """Key -> [[name word, skeleton]]: each word under its first two letters and its skeleton's."""
    grouped: dict[str, list[list[str]]] = defaultdict(list)
    for word, shape in sorted(names.items()):
        for key in dict.fromkeys(k for k in (word[:PREFIX], shape[:PREFIX]) if len(k) == PREFIX):
            grouped[key].append([word, shape])
    return dict(sorted(grouped.items()))


def kind_ranges(entries: list[Entry]) -> list[list[Any]]:
    """[[kind, first entry, one past the last]] for the runs of one kind (entries are grouped)."""
    ranges: list[list[Any]] = []
    for number, entry in enumerate(entries):
        if ranges and ranges[-1][0] == entry["k"]:
            ranges[-1][2] = number + 1
        else:
            ranges.append([entry["k"], number, number + 1])
    return ranges


def rank_constants() -> dict[str, Any]:
    """The ranking's constants, from the store's search (so one place sets them)."""
    return {
        "fields": list(ranking.FIELD_WEIGHTS),
        "k1": ranking.K1,
        "b": ranking.B,
        "lengths": list(ranking.FIELD_LENGTHS),
        "prefix": ranking.PREFIX_WEIGHT,
        "variant": ranking.VARIANT_WEIGHT,
        "exact": ranking.EXACT_NAME_BONUS,
        "df": ranking.DF_CAP,
        "kinds": list(ranking.KINDS),
        "terms": ranking.MAX_TERMS,
        "typo": MIN_TYPO,
        "variants": ranking.MAX_VARIANTS,
        "elsewhere": {"shared": elsewhere.MIN_SHARED, "limit": elsewhere.LIMIT},
    }


def _shown(entry: Entry) -> Entry:
    return {k: v for k, v in entry.items() if k != "f"}


def _script(env: Environment, call: str, key: Any, data: Any) -> bytes:
    # The template passes every value through `tojson` (T34): no JSON pasted into a script.
    return env.get_template(TEMPLATE).render(call=call, key=key, data=data).encode("utf-8")


class SearchIndex:
    """The files of one index, made one at a time: at 100k documents they hold over a hundred
    megabytes, so the build writes each as it is made rather than holding them all.
    `which` is RECORDS (with `names`, the entities' name words) or PASSAGES."""

    def __init__(
        self,
        env: Environment,
        entries: list[Entry],
        which: str = RECORDS,
        names: dict[str, str] | None = None,
    ) -> None:
        self.env, self.entries, self.which = env, entries, which
        self.root = paths.SEARCH_ROOT if which == RECORDS else paths.PASSAGE_ROOT
        self.manifest = paths.SEARCH_MANIFEST if which == RECORDS else paths.PASSAGE_MANIFEST
        self.grouped = shards(entries)
        self.names = name_shards(names or {}) if which == RECORDS else {}
        chunks = range(0, len(entries), CHUNK)
        self.paths = sorted(
            [self.manifest]
            + [paths.search_shard_path(key, self.root) for key in self.grouped]
            + [paths.search_chunk_path(start // CHUNK, self.root) for start in chunks]
            + [paths.search_names_path(key) for key in self.names]
        )

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file as (site-root path, bytes): the manifest, word shards, entry chunks, names."""
        manifest: dict[str, Any] = {
            "chunk": CHUNK,
            "entries": len(self.entries),
            "shards": list(self.grouped),
        }
        records = self.which == RECORDS
        if records:
            manifest |= {
                "kinds": kind_ranges(self.entries),
                "names": list(self.names),
                "rank": rank_constants(),
            }
        yield self.manifest, _script(self.env, "index" if records else "passages", None, manifest)
        shard, chunk = ("shard", "chunk") if records else ("passageShard", "passageChunk")
        for key, items in self.grouped.items():
            yield paths.search_shard_path(key, self.root), _script(self.env, shard, key, items)
        for start in range(0, len(self.entries), CHUNK):
            number = start // CHUNK
            part = [_shown(e) for e in self.entries[start : start + CHUNK]]
            yield paths.search_chunk_path(number, self.root), _script(self.env, chunk, number, part)
        for key, found in self.names.items():
            yield paths.search_names_path(key), _script(self.env, "names", key, found)


def search_files(
    env: Environment, entries: list[Entry], which: str = RECORDS, names: dict[str, str] | None = None
) -> list[tuple[str, bytes]]:
    """Every file of one index as (site-root path, bytes), sorted by path."""
    return sorted(SearchIndex(env, entries, which, names).files())
