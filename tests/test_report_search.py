"""The split search index (search.py): folding, words, shards, chunks, determinism, file sizes.

The browser half (app.js folds as search.py does, typed searches find entries and run
nothing) is in test_report_browser.py.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from pathlib import Path

import pytest
from test_report_support import PAYLOADS
from test_report_support import build as build_report_site

from provenance.report import paths
from provenance.report.html import environment
from provenance.report.search import (
    CHUNK,
    SHARD_BYTES,
    encode,
    fold,
    search_files,
    shards,
    words,
)

PART = re.compile(
    r"\A/\*[^\n]*\*/\n(?:window\.PROVENANCE_SEARCH = (.*)|window\.provenanceSearch\.(\w+)\((.*)\));\n\Z", re.S
)


def build(url: str, out: Path, **options):  # type: ignore[no-untyped-def]
    summary = build_report_site(url, out, **options)
    assert (out / paths.SEARCH_MANIFEST).is_file()  # the build writes the split index
    return summary


def parse_part(data: bytes) -> tuple[str, object, object]:
    """(call, key, data) of one search file; the manifest is ("index", None, manifest)."""
    match = PART.match(data.decode("ascii"))
    assert match, data[:200]
    if match.group(1) is not None:
        return "index", None, json.loads(match.group(1))
    key, _, value = match.group(3).partition(", ")
    return match.group(2), json.loads(key), json.loads(value)


def decode(encoded: object) -> list[int]:
    if isinstance(encoded, str):
        numbers, n = [], 0
        for gap in encoded.split(","):
            n += int(gap, 36)
            numbers.append(n)
        return numbers
    assert isinstance(encoded, dict)
    bits = base64.b64decode(encoded["b"])
    return [encoded["o"] + 8 * j + i for j, byte in enumerate(bits) for i in range(8) if byte >> i & 1]


def search(files: list[tuple[str, bytes]], query: str) -> list[dict[str, str]]:
    """What app.js finds for `query`, done over the parsed files."""
    parts = [parse_part(data) for _, data in files]
    manifest = next(d for c, _, d in parts if c == "index")
    by_key = {k: d for c, k, d in parts if c == "shard"}
    chunks = {k: d for c, k, d in parts if c == "chunk"}
    assert sorted(by_key) == manifest["shards"]
    found = None
    for term in dict.fromkeys(words(fold(query))):
        hits: set[int] = set()
        for items in by_key.values():
            for word, encoded in items:
                if (word == term) if len(term) == 1 else word.startswith(term):
                    hits.update(decode(encoded))
        found = hits if found is None else found & hits
    return [chunks[n // manifest["chunk"]][n % manifest["chunk"]] for n in sorted(found or ())]


def entry(title: str, secondary: str = "", n: int = 1) -> dict[str, str]:
    return {"k": "claim", "u": f"claims/{n}-c.html", "t": title, "s": secondary}


# ------------------------------------------------------------------------- fold and words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Al-Baghdādī", ["al", "baghdadi"]),
        ("STRAẞE Straße", ["strasse", "strasse"]),
        ("ΟΔΟΣ Σοφία", ["οδοσ", "σοφια"]),  # final sigma folds to σ
        ("İstanbul ǅemal", ["istanbul", "dzemal"]),
        ("ﬁrst Ｆｕｌｌ ①", ["first", "full", "1"]),  # compatibility forms
        # Arabic with harakat and a tatweel-free spelling: the marks go, the letters stay one word.
        ("قَالَ المُتَحَدِّث", ["قال", "المتحدث"]),
        ("\u2067قال\u2069 x\u2028y", ["قال", "x", "y"]),  # bidi isolates and separators split
        ("हिन्दी समाचार", ["हिनदी", "समाचार"]),  # Mn (virama) dropped, Mc (vowel sign) kept
        ("攻撃は失敗した", ["攻", "撃", "は", "失", "敗", "し", "た"]),
        # Hangul writes spaces: whole words (NFKD spells syllables as jamo, in app.js too).
        ("한국어 뉴스", [unicodedata.normalize("NFKD", w) for w in ["한국어", "뉴스"]]),
        ("car💥bomb 1️⃣ 👍🏽ok", ["car", "bomb", "1", "ok"]),  # emoji are not letters
        (
            "<script>document.body.dataset.pwned=1</script>",
            ["script", "document", "body", "dataset", "pwned", "1", "script"],
        ),
    ],
)
def test_words_of_tricky_text(text: str, expected: list[str]) -> None:
    assert words(fold(text)) == expected


def test_fold_is_stable_and_per_character_like_app_js() -> None:
    # app.js highlights by folding one character at a time: that must give the same words.
    for text in ["ΟΔΟΣ Straße İz", "قَالَ", "Ǆ ﬃ ①②", PAYLOADS[-1]]:
        assert fold(fold(text)) == fold(text)
        assert words("".join(fold(c) for c in text)) == words(fold(text))


def test_letters_are_exactly_categories_l_n_mc() -> None:
    for code in range(0x110000):
        c = chr(code)
        category = unicodedata.category(c)
        if category == "Mn" or 0xD800 <= code < 0xE000:
            continue
        assert bool(words(c)) == (category[0] in "LN" or category == "Mc"), hex(code)


# ------------------------------------------------------------------------- shards and chunks


def test_encode_picks_the_shorter_form_and_decodes() -> None:
    sparse = [3, 40, 1000, 123456]
    assert encode(sparse) == "3,11,qo,2mhk" and decode(encode(sparse)) == sparse
    dense = list(range(5, 20000, 2))
    assert isinstance(encode(dense), dict) and decode(encode(dense)) == dense
    assert len(json.dumps(encode(dense))) < 20000 / 8 * 4 / 3 + 40


def test_shards_by_prefix_with_numbers_of_entries() -> None:
    entries = [entry("Baghdad raid", "al-Baghdadi"), entry("Basra", "a b"), entry("قَالَ بغداد", "")]
    grouped = shards(entries)
    assert {k: [w for w, _ in v] for k, v in grouped.items()} == {
        "a": ["a"],
        "al": ["al"],
        "b": ["b"],
        "ba": ["baghdad", "baghdadi", "basra"],
        "ra": ["raid"],
        "بغ": ["بغداد"],
        "قا": ["قال"],
    }
    assert [decode(e) for _, e in grouped["ba"]] == [[0], [0], [1]]


def test_files_paths_and_contents(tmp_path: Path) -> None:
    entries = [entry(f"Claim {n} about قال and Straße", f"quote {n}", n) for n in range(CHUNK + 3)]
    entries.append(entry("x\u2028\u2029y", "</script><!-- <script>", 999))
    files = search_files(environment(), entries)
    names = [p for p, _ in files]
    assert names == sorted(names) and len(set(names)) == len(names)
    assert paths.SEARCH_MANIFEST in names
    assert paths.search_chunk_path(0) in names and paths.search_chunk_path(2) not in names
    assert paths.search_shard_path("قا") == "search/w/642-627.js" in names
    for path, data in files:
        assert paths.is_safe(path) and path.isascii()
        text = data.decode("ascii")  # all non-ASCII is \u-escaped by tojson
        assert "</script" not in text.lower() and "<!--" not in text and "<" not in text
        parse_part(data)
    assert [e["t"] for e in search(files, "straße claim 7")] == ["Claim 7 about قال and Straße"]
    assert len(search(files, "قَال")) == CHUNK + 3
    assert [e["u"] for e in search(files, "script")] == ["claims/999-c.html"]
    assert search(files, "x y") and not search(files, "xy")


def test_prefixes_match_words_they_begin_and_one_letter_only_itself() -> None:
    entries = [entry("Abu Bakr al-Baghdadi"), entry("a Bakery"), entry("Bak")]
    files = search_files(environment(), entries)
    assert [e["t"] for e in search(files, "bak")] == ["Abu Bakr al-Baghdadi", "a Bakery", "Bak"]
    assert [e["t"] for e in search(files, "bakr BAGH")] == ["Abu Bakr al-Baghdadi"]
    assert [e["t"] for e in search(files, "a")] == ["a Bakery"]
    assert search(files, "akr") == []  # the middle of a word does not match


def test_two_builds_write_the_same_bytes() -> None:
    entries = [entry(f"Word{n % 7} tall{n % 3} قال{n % 5}", f"s {n}", n) for n in range(500)]
    first = search_files(environment(), entries)
    assert first == search_files(environment(), [dict(e) for e in entries])


def test_big_index_stays_in_small_files() -> None:
    # Every entry holds common words, and enough distinct words fill a prefix past SHARD_BYTES.
    entries = [
        entry(
            f"The attack on town{n % 997} the report said", f"“quote {n}” — speaker{n % 311}, in Doc {n}", n
        )
        for n in range(20000)
    ]
    files = search_files(environment(), entries)
    sizes = {path: len(data) for path, data in files}
    largest = max(sizes.values())
    assert largest < 2 * SHARD_BYTES, max(sizes, key=sizes.get)  # type: ignore[arg-type]
    assert largest < sum(sizes.values()) / 50
    shard_keys = [k for c, k, _ in (parse_part(d) for p, d in files if "/w/" in p)]
    # "to…" passed SHARD_BYTES, so it was split by the next letters.
    assert "to" not in shard_keys and "tow" not in shard_keys and "town1" in shard_keys
    assert len(search(files, "town12 the")) == len([n for n in range(20000) if str(n % 997).startswith("12")])


def test_site_has_the_index_files(sqlite_cli, tmp_path: Path) -> None:
    from test_report_support import small_store

    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    files = sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in (out / "search").rglob("*.js"))
    # An alias finds its entity and every claim that names it (as `provenance search` does).
    assert [e["t"] for e in search(files, "binali")] == [
        "Bin'ali was killed in 2015",
        "Bin'ali died in May 2017",
        "Turki al-Bin'ali",
    ]
    assert not [e for c, _, d in (parse_part(d) for _, d in files) if c == "chunk" for e in d if "n" in e]
    found = search(files, "abu sufyan")
    assert [e["k"] for e in found] == ["claim", "claim", "entity"]  # another alias: the same answer
    assert all((out / e["u"]).is_file() for e in found)
    kinds = [e["k"] for c, _, d in (parse_part(d) for _, d in files) if c == "chunk" for e in d]
    assert kinds.count("claim") == 4 and kinds.count("document") == 3 and kinds.count("entity") == 1
