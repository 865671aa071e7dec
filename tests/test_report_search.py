"""The split search index (search.py, search_index.py): folding, words, shards, chunks,
determinism, file sizes, and the same entries `provenance search` finds.

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

from provenance.folding import fold_chars
from provenance.report import paths
from provenance.report.html import environment
from provenance.report.search import fold, words
from provenance.report.search_index import CHUNK, SHARD_BYTES, encode, length_code, search_files, shards
from provenance.search.entries import folded

PART = re.compile(
    r"\A/\*[^\n]*\*/\n"
    r"(?:window\.PROVENANCE_(SEARCH|PASSAGES) = (.*)|window\.provenanceSearch\.(\w+)\((.*)\));\n\Z",
    re.S,
)


def build(url: str, out: Path, **options):  # type: ignore[no-untyped-def]
    summary = build_report_site(url, out, **options)
    assert (out / paths.SEARCH_MANIFEST).is_file()  # the build writes the split index
    return summary


CODE = re.compile(r"(?:\+[2-9a-z])?(?:z[0-9a-z]{2}|[0-9a-y])")


def parse_part(data: bytes) -> tuple[str, object, object]:
    """(call, key, data) of one search file; the manifests are ("index" or "passages", None, manifest)."""
    match = PART.match(data.decode("ascii"))
    assert match, data[:200]
    if match.group(1) is not None:
        return ("index" if match.group(1) == "SEARCH" else "passages"), None, json.loads(match.group(2))
    key, _, value = match.group(4).partition(", ")
    return match.group(3), json.loads(key), json.loads(value)


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
    """The entries app.js finds for `query` (as typed, and prefixes: no variants, no ranking),
    done over the parsed files: the records' in index order, then the passages'."""
    parts = [parse_part(data) for _, data in files]
    out = []
    for manifest_call, shard_call, chunk_call in (
        ("index", "shard", "chunk"),
        ("passages", "passageShard", "passageChunk"),
    ):
        manifest = next((d for c, _, d in parts if c == manifest_call), None)
        if manifest is None:
            continue
        by_key = {k: d for c, k, d in parts if c == shard_call}
        chunks = {k: d for c, k, d in parts if c == chunk_call}
        assert sorted(by_key) == manifest["shards"]  # type: ignore[index]
        found = None
        for term in dict.fromkeys(words(fold(query))):
            hits: set[int] = set()
            for items in by_key.values():
                for word, *fields in items:  # type: ignore[attr-defined]
                    if (word == term) if len(term) == 1 else word.startswith(term):
                        for encoded, lengths in zip(fields[::2], fields[1::2], strict=True):
                            if encoded:
                                numbers = decode(encoded)
                                # a tf (when more than 1) and a length for every entry
                                assert not lengths or len(numbers) == len(CODE.findall(lengths))
                                assert CODE.sub("", lengths) == ""
                                hits.update(numbers)
            found = hits if found is None else found & hits
        size = manifest["chunk"]  # type: ignore[index]
        out += [chunks[n // size][n % size] for n in sorted(found or ())]
    return out


def entry(title: str, secondary: str = "", n: int = 1) -> dict[str, object]:
    return {
        "k": "claim",
        "u": f"claims/{n}-c.html",
        "t": title,
        "s": secondary,
        "f": (folded(title), folded(secondary), "", ""),
    }


# ------------------------------------------------------------------------- fold and words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Al-Baghdādī", ["baghdadi"]),  # the article is no word (provenance/folding.py)
        ("STRAẞE Straße", ["strasse", "strasse"]),
        ("ΟΔΟΣ Σοφία", ["οδοσ", "σοφια"]),  # final sigma folds to σ
        ("İstanbul ǅemal", ["istanbul", "dzemal"]),
        ("ﬁrst Ｆｕｌｌ ①", ["first", "full", "1"]),  # compatibility forms
        # Arabic with harakat and a tatweel-free spelling: the marks go, the letters stay one word.
        ("قَالَ المُتَحَدِّث", ["قال", "متحدث"]),  # nor is ال
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
    # app.js highlights by folding one character at a time (steps 1-3, the article is left to the
    # matching): that must give the same words.
    for text in ["ΟΔΟΣ Straße İz", "قَالَ", "Ǆ ﬃ ①②", "al-Bin‘ali ad-Dawla", PAYLOADS[-1]]:
        assert fold(fold(text)) == fold(text)
        assert words("".join(fold_chars(c) for c in text)) == words(fold_chars(text))


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
    # "al-" is the article, not a word (provenance/folding.py).
    entries = [entry("Baghdad raid", "al-Baghdadi"), entry("Basra", "a b"), entry("قَالَ بغداد", "")]
    grouped = shards(entries)
    assert {k: [w for w, *_ in v] for k, v in grouped.items()} == {
        "a": ["a"],
        "b": ["b"],
        "ba": ["baghdad", "baghdadi", "basra"],
        "ra": ["raid"],
        "بغ": ["بغداد"],
        "قا": ["قال"],
    }
    # [word, entries holding it in t1, the lengths of their t1, the same for t2, …]
    assert grouped["ba"] == [["baghdad", "0", "2"], ["baghdadi", 0, 0, "0", "1"], ["basra", "1", "1"]]
    assert grouped["b"] == [["b", 0, 0, "1", "2"]]  # in t2 only: entry 1, whose t2 has two words
    assert [length_code(1, 3), length_code(2, 3), length_code(1, 100), length_code(40, 10**6)] == [
        "3",
        "+23",
        "z2s",
        "+zzzz",
    ]


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


def store_answers(cli, query: str, *, ranked: bool = False) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(kind, page) of every hit `provenance search` gives for `query`: a passage's page is its
    document's, a citation's its claim's. Sorted, or best first."""
    result = cli("search", query, "--json", "--limit", "1000")
    pages = {
        "claim": paths.claim_path,
        "document": paths.document_path,
        "passage": paths.document_path,
        "entity": paths.entity_path,
        "outlet": paths.outlet_path,
    }
    out = []
    for hit in json.loads(result.stdout):
        if hit["kind"] == "citation":
            claim = json.loads(cli("claim", "show", str(hit["claim"]), "--json").stdout)
            out.append(("citation", paths.claim_path(hit["claim"], claim["key"])))
        else:
            out.append((hit["kind"], pages[hit["kind"]](hit["id"], hit["key"])))
    return out if ranked else sorted(out)


def test_site_has_the_index_files(sqlite_cli, tmp_path: Path) -> None:
    from test_report_support import small_store

    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    files = sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in (out / "search").rglob("*.js"))
    # An alias finds its entity and every claim that names it (as `provenance search` does).
    found = search(files, "binali")
    assert [e["t"] for e in found if e["k"] != "passage"] == [
        "Turki al-Bin'ali",
        "Bin'ali was killed in 2015",
        "Bin'ali died in May 2017",
    ]
    # The same entries as the store's search finds, for words as typed (variants: the browser test).
    for query in ["binali", "abu sufyan", "coup attempt", "firefight", "asharq", "2015", "terrorism monitor"]:
        static = sorted((e["k"], e["u"].partition("#")[0]) for e in search(files, query))
        assert static == store_answers(sqlite_cli, query), query
    assert not [
        e for c, _, d in (parse_part(d) for _, d in files) if c.endswith("hunk") for e in d if "f" in e
    ]
    found = search(files, "abu sufyan")
    assert [e["k"] for e in found] == ["entity", "claim", "claim"]  # another alias: the same answer
    assert all((out / e["u"]).is_file() for e in found)
    kinds = [e["k"] for c, _, d in (parse_part(d) for _, d in files) if c == "chunk" for e in d]
    assert kinds.count("claim") == 4 and kinds.count("document") == 3 and kinds.count("entity") == 1
    assert kinds.count("outlet") == 3 and kinds.count("citation") == 3
    # A passage links to its document's page, at an anchor that page has.
    passage = next(e for e in search(files, "firefight") if e["k"] == "passage")
    page, _, anchor = passage["u"].partition("#")
    assert f'id="{anchor}"' in (out / page).read_text() and passage["s"].startswith("CTC Sentinel reports")
