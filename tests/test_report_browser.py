"""The built report in headless Chromium, opened from file:// (T16, T35) and photographed.

Needs Debian's chromium (`apt-get install chromium`); skipped with the reason otherwise.
Each page is opened with `--dump-dom`, once as built (with its CSP) and once with the
CSP removed, so escaping is tested on its own. Screenshots of the main pages go to
tests/artifacts/ (gitignored) for people to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import html5lib
import pytest
from test_report_search import build as build_with_search
from test_report_search import store_answers
from test_report_support import (
    PAYLOADS,
    build,
    html_files,
    issue_store,
    marks_of,
    page_of,
    payload_store,
    small_store,
    text_of,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium: apt-get install -y chromium"),
]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--enable-logging=stderr",
    "--v=0",
]
CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / f"profile-{abs(hash(args)) % 10**8}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],  # type: ignore[list-item]
        capture_output=True,
        text=True,
        timeout=120,
    )


def dump_dom(tmp: Path, url: str) -> tuple[str, str]:
    """The DOM after load (scripts have run) and Chromium's console log."""
    result = _chromium(tmp, "--dump-dom", url)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


def _dump_all(tmp: Path, urls: list[str]) -> list[tuple[str, str]]:
    with ThreadPoolExecutor(max_workers=3) as pool:
        return list(pool.map(lambda url: dump_dom(tmp, url), urls))


def _without_csp(site: Path, copy: Path) -> Path:
    shutil.copytree(site, copy)
    for page in html_files(copy):
        data = page.read_bytes()
        stripped = CSP_META.sub(b"", data)
        assert stripped != data
        page.write_bytes(stripped)
    return copy


@pytest.fixture
def payload_site(sqlite_cli, tmp_path: Path) -> Path:
    # A few values that each hold several payloads (fields are limited to a few hundred characters).
    groups: list[str] = [""]
    for payload in PAYLOADS:
        if len(groups[-1]) + len(payload) > 180:
            groups.append("")
        groups[-1] = f"{groups[-1]} {payload}".strip()
    payload_store(sqlite_cli, tmp_path, groups)
    out = tmp_path / "site"
    build_with_search(sqlite_cli.url, out)
    return out


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "csp-removed"])
def test_no_payload_runs_on_any_page(payload_site: Path, tmp_path: Path, csp: bool) -> None:
    site = payload_site if csp else _without_csp(payload_site, tmp_path / "no-csp")
    pages = html_files(site)
    assert len(pages) > 15
    for page, (dom, log) in zip(pages, _dump_all(tmp_path, [page.as_uri() for page in pages]), strict=True):
        assert "data-pwned" not in dom, page
        assert "<body" in dom and "Provenance" in dom, page
        assert "Refused to" not in log, (page, log[-1500:])
        assert "Uncaught" not in log, (page, log[-1500:])


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "csp-removed"])
def test_payloads_typed_into_search_stay_text(payload_site: Path, tmp_path: Path, csp: bool) -> None:
    site = payload_site if csp else _without_csp(payload_site, tmp_path / "no-csp")
    typed = [PAYLOADS[0], PAYLOADS[1], PAYLOADS[4], "javascript", "pwned=1"]
    urls = [(site / "search.html").as_uri() + "?q=" + quote(q, safe="") for q in typed]
    for query, (dom, log) in zip(typed, _dump_all(tmp_path, urls), strict=True):
        assert "data-pwned" not in dom, query
        assert "Refused to" not in log and "Uncaught" not in log, log[-1500:]
        root = html5lib.parse(dom, treebuilder="etree", namespaceHTMLElements=False)
        results = [li for li in root.iter("li") if "result" in (li.get("class") or "").split()]
        assert results, f"no results for {query!r}"
        assert not [e for e in root.iter() if e.tag in ("img", "svg") and e.get("onerror") is not None]


def results_of(dom: str) -> tuple[list[tuple[str, str, Any]], str]:
    """The search page's results as (kind, href, li element), and its status line."""
    root = html5lib.parse(dom, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for li in root.iter("li"):
        if "result" in (li.get("class") or "").split():
            kind = next(e for e in li.iter("span") if e.get("class") == "kind")
            found.append((text_of(kind).lower(), next(li.iter("a")).get("href"), li))
    status = next(e for e in root.iter("p") if e.get("id") == "search-status")
    return found, text_of(status)


def test_search_from_file_url_shows_results_under_the_csp(sqlite_cli, tmp_path: Path) -> None:
    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "site"
    build_with_search(sqlite_cli.url, out)
    dom, log = dump_dom(tmp_path, (out / "search.html").as_uri() + "?q=Binali")  # an alias, folded
    assert "Refused to" not in log
    results, status = results_of(dom)
    # The alias finds its entity, both claims that name it and the passages that say it, in the
    # order `provenance search` gives.
    assert [(k, h.partition("#")[0]) for k, h, _ in results] == store_answers(
        sqlite_cli, "Binali", ranked=True
    )
    assert sorted(k for k, _, _ in results) == ["claim", "claim", "entity", "passage", "passage"]
    for _, href, _ in results:
        page, _, anchor = href.partition("#")
        assert (out / page).is_file()
        assert not anchor or f'id="{anchor}"' in (out / page).read_text()
    entity = next(li for k, _, li in results if k == "entity")
    assert [text_of(m) for m in entity.iter("mark")] == ["Bin'ali", "Binali"]
    assert status == "5 results"
    dom, _ = dump_dom(tmp_path, (out / "search.html").as_uri() + "?q=coup%20attempt")
    results, _ = results_of(dom)
    # Both quotes, the article titled so and both passages saying it (a claim is found by its own
    # words, not its document's title, as in `provenance search`), in the store's order.
    assert [(k, h.partition("#")[0]) for k, h, _ in results] == store_answers(
        sqlite_cli, "coup attempt", ranked=True
    )
    assert sorted(k for k, _, _ in results) == ["claim", "claim", "document", "passage", "passage"]


def test_mark_after_an_emoji_holds_the_quote_in_chromium(sqlite_cli, tmp_path: Path, seed_text) -> None:
    sqlite_cli("doc", "add", seed_text(4), "--title", "AQIM rejects Islamic State's caliphate")
    quote_text = "Besides AST, what other jihadist groups reposted this on Twitter"
    sqlite_cli("claim", "add", "1", "--quote", quote_text, "--statement", "A reader asks who reposted it")
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    dom, _ = dump_dom(tmp_path, page_of(out, "documents", 1).as_uri())
    root = html5lib.parse(dom, treebuilder="etree", namespaceHTMLElements=False)
    assert "".join(text_of(m) for m in marks_of(root, 1)) == quote_text


def test_screenshots_of_the_main_pages(sqlite_cli, tmp_path: Path) -> None:
    small_store(sqlite_cli, tmp_path)
    issue_store(sqlite_cli, tmp_path)
    sqlite_cli("relate", "raid-at-dawn", "contradicts", "3", "--note", "dawn raid versus convoy attack")
    from provenance import Store
    from provenance.relations import add_relation

    store = Store(sqlite_cli.url, actor="detector")
    with store.write() as session:
        add_relation(session, "2", "contradicts", "4", status="suggested", note="both name the strike")
    store.dispose()
    out = tmp_path / "site"
    build_with_search(sqlite_cli.url, out)
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {
        "index": out / "index.html",
        "document": page_of(out, "documents", 1),
        "claim": page_of(out, "claims", 1),
        "contradictions": out / "contradictions.html",
        "timeline": out / "timeline.html",
        "entity": page_of(out, "entities", 1),
        "search": out / "search.html",
    }
    for name, page in shots.items():
        target = ARTIFACTS / f"report-{name}.png"
        target.unlink(missing_ok=True)
        url = page.as_uri() + ("?q=coup" if name == "search" else "")
        result = _chromium(
            tmp_path, f"--screenshot={target}", "--window-size=1280,1600", "--hide-scrollbars", url
        )
        assert result.returncode == 0, result.stderr[-1000:]
        assert target.is_file() and target.stat().st_size > 20_000
        assert "Refused to" not in result.stderr


# Text whose folding and words are easy to get different in Python and in JavaScript.
TRICKY = [
    "ΟΔΟΣ Σοφία ὁδὸς",
    "STRAẞE Straße İstanbul ǅemal ﬁrst Ｆｕｌｌ ①②",
    "قَالَ المُتَحَدِّث إِنَّ الهُجُومَ فَشِلَ ﻻ",
    "\u2067قال\u2069 x\u2028\u2029y \u202egnp.exe",
    "हिन्दी समाचार தமிழ் বাংলা",
    "攻撃は失敗した ｶﾀｶﾅ 한국어 뉴스 𠀋𠂉",
    "car💥bomb 1️⃣ 👍🏽ok 🇸🇾 👨‍👩‍👧 ©2015",
    *PAYLOADS,
]

# Names as people write and type them: case, diacritics, hyphens, a leading al- and its
# assimilated forms, ʿayn/hamza marks and apostrophes of every kind, Arabic letter variants.
TRICKY_NAMES = [
    "Turki al-Bin'ali",
    "Turki al-Binʿali",
    "Turki al-Bin‘ali",
    "Turki al-Bin’ali",
    "Turki al-Bin`ali",
    "Turki Al Binali",
    "TURKI AL-BIN ALI",
    "Abū Bakr al-Baghdādī",
    "Abu Bakr al‐Baghdadi",
    "al Baghdadi",
    "Al-Baghdadi's",
    "Abu Muʿadh al-Jazaʾiri",
    "Abu Mu'adh al-Jaza'iri",
    "Abu Ya‘qub al-Maqdisi",
    "ash-Shami",
    "ash Shami",
    "as-Sahab",
    "at-Tawhid",
    "ad-Dawla",
    "ad Dawla al-Islamiyya",
    "ar-Raqqa",
    "an-Naba",
    "az-Zarqawi",
    "at times",
    "as soon",
    "alpha Alamo",
    "Daesh",
    "Dā'ish",
    "Bukamal",
    "Al-Bukamal",
    "Boukamal",
    "Qaeda al-Qāʿida",
    "أبو بكر البغدادي",
    "تركي البنعلي",
    "الدولة الإسلامية",
    "ٱلدولة",
    "مكة المكرمة",
    "موسى",
    "ی ک",
    "سنة ١٤٣٧ ۱۴۳۷",
    "اللــــه",
    "هيئة تحرير الشام",
    "Straße ΟΔΟΣ",
    "İbrahim Iğdır",
    "x-al-y al-",
]

# (typed, a name word) pairs for the typo and transliteration variants (names.py).
VARIANTS = [
    ("bagdadi", "baghdadi"),
    ("baghdaadi", "baghdadi"),
    ("bahgdadi", "baghdadi"),
    ("boukamal", "bukamal"),
    ("kaida", "qaeda"),
    ("osama", "usama"),
    ("binali", "binali"),
    ("binalli", "binali"),
    ("bnali", "binali"),
    ("isis", "isil"),
    ("daesh", "daish"),
    ("zarkawi", "zarqawi"),
    ("maqdisi", "makdisi"),
    ("shami", "sami"),
    ("البغدادى", "البغدادي"),
    ("بغدادي", "البغدادي"),
    ("abcd", "xbcd"),
    ("hazimi", "hazimite"),
    ("jazairi", "jazaeri"),
]

UNICODE_15_CHANGES = {0x1171E}


def test_app_js_folds_and_splits_words_as_provenance_folding(tmp_path: Path) -> None:
    """Every character this Python knows, tricky text and tricky names: app.js must fold as
    provenance/folding.py does (the one fold) and find the variants names.py finds, or the
    report's search box would miss what the index holds. Characters newer than this Python's
    Unicode database are left out: to it they are not letters, and the browser may know them."""
    from provenance.folding import fold_chars, fold_text, words
    from provenance.resources import resource_dir
    from provenance.search.names import is_variant, skeleton

    codes = [c for c in range(0x110000) if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]
    (tmp_path / "app.js").write_bytes((resource_dir("templates") / "app.js").read_bytes())
    texts = TRICKY + TRICKY_NAMES
    (tmp_path / "data.js").write_text(
        "window.CODES = "
        + json.dumps(codes)
        + ";\nwindow.TEXTS = "
        + json.dumps(texts)
        + ";\nwindow.VARIANTS = "
        + json.dumps(VARIANTS)
        + ";\n"
    )
    (tmp_path / "check.js").write_text(
        """
        var s = window.provenanceSearch;
        var out = {
          chars: window.CODES.map(function (c) {
            var f = s.foldChars(String.fromCodePoint(c));
            return [f, s.words(f).join(" ")];
          }),
          texts: window.TEXTS.map(function (t) { return [s.fold(t), s.words(s.fold(t))]; }),
          variants: window.VARIANTS.map(function (p) {
            return [s.isVariant(p[0], p[1]), s.skeleton(p[0]), s.skeleton(p[1])];
          }),
        };
        /* ASCII only, in a hidden element: laying out every script's letters takes a minute. */
        document.getElementById("out").textContent = JSON.stringify(out).replace(/[^ -~]/g, function (c) {
          return "\\\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
        });
        """
    )
    page = tmp_path / "fold.html"
    page.write_text(
        '<!doctype html><meta charset="utf-8"><title>fold</title><pre id="out" hidden></pre>'
        '<script src="data.js"></script><script src="app.js"></script><script src="check.js"></script>'
    )
    dom, log = dump_dom(tmp_path, page.as_uri())
    assert "Uncaught" not in log, log[-1500:]
    root = html5lib.parse(dom, treebuilder="etree", namespaceHTMLElements=False)
    out = json.loads(text_of(next(e for e in root.iter("pre"))))
    differ = [
        (
            hex(c),
            unicodedata.name(chr(c), "?"),
            got,
            [fold_chars(chr(c)), " ".join(words(fold_chars(chr(c))))],
        )
        for c, got in zip(codes, out["chars"], strict=True)
        if got != [fold_chars(chr(c)), " ".join(words(fold_chars(chr(c))))]
    ]
    # U+1171E became a spacing mark (Mc) in Unicode 15: this Python's 14 calls it nonspacing.
    assert [d for d in differ if int(d[0], 16) not in UNICODE_15_CHANGES] == []
    assert out["texts"] == [[fold_text(t), words(fold_text(t))] for t in texts]
    assert out["variants"] == [[is_variant(a, b), skeleton(a), skeleton(b)] for a, b in VARIANTS]
    # The names fold to what a reader would call the same name (not a tautology: fixed answers).
    folded = dict(zip(texts, (w for _, w in out["texts"]), strict=True))
    assert {" ".join(folded[n]) for n in TRICKY_NAMES[:7]} == {"turki binali", "turki bin ali"}
    assert folded["ash-Shami"] == folded["ash Shami"] == ["shami"]
    assert folded["at times"] == ["at", "times"] and folded["alpha Alamo"] == ["alpha", "alamo"]
    assert folded["Abu Muʿadh al-Jazaʾiri"] == folded["Abu Mu'adh al-Jaza'iri"] == ["abu", "muadh", "jazairi"]
    assert folded["ٱلدولة"] == folded["الدولة الإسلامية"][:1]
    assert [v for v, _, _ in out["variants"]][:4] == [True, True, True, True]


ISSUE_QUERIES = ["Binali", "binali death", "bagdadi", "Bukamal", "Daesh"]


def test_the_issues_queries_on_the_seed_report(sqlite_cli, tmp_path: Path) -> None:
    """Issue 16's queries typed into the search box of the seed corpus's report (built by the CLI),
    against `provenance search` on the same store; a claim page's Said elsewhere against `claim
    show`; and a screenshot of the results to look at (tests/artifacts/)."""
    sqlite_cli("import", Path(__file__).resolve().parents[1] / "seeds")
    out = tmp_path / "site"
    sqlite_cli("report", "build", out)
    urls = [(out / "search.html").as_uri() + "?q=" + quote(q) for q in ISSUE_QUERIES]
    answers = {}
    for query, (dom, log) in zip(ISSUE_QUERIES, _dump_all(tmp_path, urls), strict=True):
        assert "Refused to" not in log and "Uncaught" not in log, log[-1500:]
        results, status = results_of(dom)
        store = store_answers(sqlite_cli, query, ranked=True)
        shown = [(k, h.partition("#")[0]) for k, h, _ in results]
        # The same answers, as many, in the same order.
        assert status.split(" ")[0] == str(len(store)), (query, status)
        assert shown == store[: len(shown)], query
        for _, href, _ in results:
            page, _, anchor = href.partition("#")
            assert (out / page).is_file()
            assert not anchor or f'id="{anchor}"' in (out / page).read_text()
        answers[query] = results
    entities = {text_of(next(li.iter("bdi"))): k for k, _, li in answers["bagdadi"][:1]}
    assert entities == {"Abu Bakr al-Baghdadi": "entity"}  # the typo finds the name, first
    assert [text_of(m) for m in answers["bagdadi"][1][2].iter("mark")][:1] == ["Baghdadi"]
    binali = [li for k, _, li in answers["Binali"] if k == "claim"]
    assert len(binali) >= 4  # every claim about Turki al-Bin'ali, whatever spelling it uses
    assert [k for k, _, _ in answers["Bukamal"]] == ["passage"]  # a word only in a document's text
    assert [text_of(m) for m in answers["Bukamal"][0][2].iter("mark")] == ["Bukamal"]
    assert text_of(next(answers["Daesh"][0][2].iter("bdi"))) == "Islamic State"  # its alias
    # What the results look like, for people to look at (tests/artifacts/ is gitignored).
    shot = tmp_path / "search-bagdadi.png"
    result = _chromium(
        tmp_path, f"--screenshot={shot}", "--window-size=1280,1400", "--hide-scrollbars", urls[2]
    )
    assert result.returncode == 0 and shot.stat().st_size > 20_000
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "report-search-seeds.png")


def test_said_elsewhere_on_the_claim_page_is_what_claim_show_lists(sqlite_cli, tmp_path: Path) -> None:
    sqlite_cli("import", Path(__file__).resolve().parents[1] / "seeds")
    out = tmp_path / "site"
    sqlite_cli("report", "build", out)
    claims = [json.loads(sqlite_cli("claim", "show", str(n), "--json").stdout) for n in (1, 2, 3, 5, 10, 20)]
    pages = [page_of(out, "claims", claim["id"]) for claim in claims]
    listed_somewhere = 0
    for claim, page, (dom, log) in zip(
        claims, pages, _dump_all(tmp_path, [p.as_uri() for p in pages]), strict=True
    ):
        assert "Refused to" not in log and "Uncaught" not in log, log[-1500:]
        root = html5lib.parse(dom, treebuilder="etree", namespaceHTMLElements=False)
        section = next(e for e in root.iter("section") if e.get("id") == "elsewhere")
        shown = []
        for li in section.iter("li"):
            href = next(li.iter("a")).get("href")
            target = (page.parent / href.partition("#")[0]).resolve()
            assert target.is_file()
            kind = text_of(next(e for e in li.iter("span") if e.get("class") == "kind")).lower()
            shown.append((kind, target.relative_to(out.resolve()).as_posix()))
        expected = []
        for hit in claim["said_elsewhere"]:
            if hit["kind"] == "claim":
                expected.append(("claim", page_of(out, "claims", hit["id"]).relative_to(out).as_posix()))
            else:
                expected.append(("passage", page_of(out, "documents", hit["id"]).relative_to(out).as_posix()))
        assert shown == expected, claim["key"]
        listed_somewhere += bool(shown)
    assert listed_somewhere >= 4  # not a test of empty lists
