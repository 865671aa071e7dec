"""Building the report from stores made through the real CLI: structure, links, highlights,
queries, determinism, incremental builds (on SQLite and PostgreSQL where it matters)."""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from pathlib import Path

from test_report_support import (
    HIGHLIGHT_QUOTES,
    HIGHLIGHT_TEXT,
    build,
    check_links,
    find_id,
    highlight_store,
    html_files,
    is_ascii_path,
    marks_of,
    page_of,
    parse,
    site_bytes,
    small_store,
    text_of,
    write_text,
)


def test_small_store_site_has_every_page_and_links_resolve(cli, tmp_path: Path) -> None:
    small_store(cli, tmp_path)
    out = tmp_path / "site"
    summary = build(cli.url, out)
    for name in (
        "index.html",
        "contradictions.html",
        "documents.html",
        "entities.html",
        "outlets.html",
        "timeline.html",
        "search.html",
        "style.css",
        "app.js",
        "search/index.js",
        ".provenance-site",
    ):
        assert (out / name).is_file(), name
    assert len(list((out / "documents").glob("*.html"))) == 3
    assert len(list((out / "claims").glob("*.html"))) == 4
    assert len(list((out / "outlets").glob("*.html"))) == 3
    assert len(list((out / "entities").glob("*.html"))) == 1
    assert summary.pages_written == len([p for p in out.rglob("*") if p.is_file()]) - 1  # not the marker
    assert check_links(out) > 50


def test_every_page_is_a_complete_document_with_csp_nav_and_one_stylesheet(
    sqlite_cli, tmp_path: Path
) -> None:
    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    for page in html_files(out):
        raw = page.read_bytes()
        assert raw.startswith(b"<!doctype html>\n"), page
        root = parse(page)
        assert root.get("lang") == "en"
        metas = list(root.iter("meta"))
        assert any(m.get("charset") == "utf-8" for m in metas)
        assert any(m.get("name") == "viewport" for m in metas)
        csp = [m.get("content") for m in metas if m.get("http-equiv") == "Content-Security-Policy"]
        assert csp == [
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
            "base-uri 'none'; form-action 'none'"
        ]
        sheets = [link.get("href") for link in root.iter("link") if link.get("rel") == "stylesheet"]
        assert len(sheets) == 1 and sheets[0].endswith("style.css")
        assert not list(root.iter("style"))
        for script in root.iter("script"):
            assert script.get("src") or script.get("type") == "application/ld+json"
        nav = next(root.iter("nav"))
        assert [text_of(a).split()[0] for a in nav.iter("a")] == [
            "Index",
            "Contradictions",
            "Documents",
            "Entities",
            "Outlets",
            "Timeline",
            "Search",
        ]
        for element in root.iter():
            assert not any(name.startswith("on") or name == "style" for name in element.attrib), page


def test_document_text_is_exact_and_every_quote_is_highlighted(cli, tmp_path: Path) -> None:
    highlight_store(cli, tmp_path)
    out = tmp_path / "site"
    build(cli.url, out)
    root = parse(page_of(out, "documents", 1))
    block = find_id(root, "text")
    assert text_of(block) == HIGHLIGHT_TEXT
    claims = {c["id"]: c for c in cli.json("claim", "list")}
    assert len(claims) == len(HIGHLIGHT_QUOTES)
    for claim_id, claim in claims.items():
        assert claim["exact"] == HIGHLIGHT_QUOTES[claim_id - 1]
        assert "".join(text_of(m) for m in marks_of(block, claim_id)) == claim["exact"], claim_id
        assert find_id(root, f"c{claim_id}") is not None
    assert {m.get("data-claims") for m in block.iter("mark")} >= {"2 3", "4 5"}  # nested, crossing
    cites = [a for a in block.iter("a") if a.get("class") == "cite"]
    assert [text_of(a) for a in cites] == ["[2]"]
    assert (page_of(out, "documents", 1).parent / cites[0].get("href")).resolve() == page_of(
        out, "documents", 2
    )
    # The claim page shows the quote in context and links to the document at its anchor.
    claim_page = parse(page_of(out, "claims", 1))
    quote = [m for m in claim_page.iter("mark") if m.get("class") == "quote"]
    assert [text_of(m) for m in quote] == [HIGHLIGHT_QUOTES[0]]
    hrefs = {a.get("href") for a in claim_page.iter("a")}
    assert f"../{page_of(out, 'documents', 1).relative_to(out).as_posix()}#c1" in hrefs


def test_a_quote_after_an_astral_character_is_highlighted_exactly(
    sqlite_cli, tmp_path: Path, seed_text
) -> None:
    seed = seed_text(4)
    sqlite_cli("doc", "add", seed, "--title", "AQIM rejects Islamic State's caliphate")
    quote = "Besides AST, what other jihadist groups reposted this on Twitter"
    sqlite_cli("claim", "add", "1", "--quote", quote, "--statement", "A reader asks who reposted it")
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    root = parse(page_of(out, "documents", 1))
    text = sqlite_cli("doc", "text", "1").stdout
    assert "🙂" in text[: text.index(quote)]
    assert text_of(find_id(root, "text")) == text
    assert "".join(text_of(m) for m in marks_of(root, 1)) == quote


def test_orphaned_and_tampered_quotes_are_not_highlighted_but_flagged(sqlite_cli, tmp_path: Path) -> None:
    import sqlalchemy as sa

    from provenance.db import make_engine

    small_store(sqlite_cli, tmp_path)
    engine = make_engine(sqlite_cli.url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE claim SET anchor_state = 'orphaned' WHERE id = 3"))
        conn.execute(sa.text("UPDATE document_text SET text = 'X' || text WHERE document_id = 2"))  # T19
    engine.dispose()
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    doc1, doc2 = parse(page_of(out, "documents", 1)), parse(page_of(out, "documents", 2))
    assert marks_of(doc1, 1) and not marks_of(doc1, 3)
    assert not [m for m in doc2.iter("mark") if m.get("data-claims")]
    flags = [
        text_of(e)
        for e in parse(page_of(out, "claims", 3)).iter("span")
        if "anchor-flag" in e.get("class", "")
    ]
    assert flags and flags[0] == "orphaned"
    warnings = [text_of(e) for e in doc2.iter("p") if e.get("class") == "warning"]
    assert warnings and "hash" in warnings[0]


def test_unheld_document_lists_what_cites_it(cli, tmp_path: Path) -> None:
    small_store(cli, tmp_path)
    out = tmp_path / "site"
    build(cli.url, out)
    root = parse(page_of(out, "documents", 3))
    section = next(s for s in root.iter("section") if s.get("aria-labelledby") == "cited-title")
    items = [text_of(li) for li in section.iter("li")]
    assert len(items) == 2
    assert any("(Asharq al-Awsat, February 8)" in t and "Bin'ali was killed in 2015" in t for t in items)
    assert any("[1]" in t for t in items)


def test_claim_page_chain_relations_and_claimreview(cli, tmp_path: Path) -> None:
    small_store(cli, tmp_path)
    out = tmp_path / "site"
    build(cli.url, out)
    root = parse(page_of(out, "claims", 1))
    contra = next(d for d in root.iter("div") if d.get("class") == "col col-contra")
    assert "Bin'ali died in May 2017" in text_of(contra)
    chain = next(u for u in root.iter("ul") if u.get("class") == "chain")
    origins = [text_of(li) for li in chain.iter("li") if "is-origin" in li.get("class")]
    assert any("regional intelligence officials" in o for o in origins)
    assert any("Asharq al-Awsat report" in o for o in origins)
    (review,) = [s for s in root.iter("script") if s.get("type") == "application/ld+json"]
    data = json.loads(review.text)
    assert data["@type"] == "ClaimReview"
    assert data["reviewRating"]["alternateName"] == "disputed"
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["itemReviewed"]["appearance"]["name"] == "Alleged Coup Attempt"
    assert data["itemReviewed"]["author"]["name"] == "regional intelligence officials"
    unreviewed = parse(page_of(out, "claims", 2))
    assert not [s for s in unreviewed.iter("script") if s.get("type") == "application/ld+json"]


def test_index_contradictions_entities_and_timeline(cli, tmp_path: Path) -> None:
    from provenance import Store
    from provenance.relations import add_relation

    small_store(cli, tmp_path)
    store = Store(cli.url, actor="detector")
    with store.write() as session:
        add_relation(session, "1", "contradicts", "4", status="detected", note="found by dates")
        add_relation(session, "2", "contradicts", "3", status="dismissed")
    store.dispose()
    out = tmp_path / "site"
    build(cli.url, out)
    index = parse(out / "index.html")
    lead = next(s for s in index.iter("section") if s.get("class") == "lead-contradictions")
    # A dismissed pair is not a contradiction: 2 confirmed + 1 awaiting, the dismissed one apart.
    assert "3 contradictions" in text_of(lead) and "4 contradictions" not in text_of(lead)
    assert "1 awaiting review · 2 confirmed by a curator · 1 dismissed" in " ".join(text_of(lead).split())
    events = next(o for o in index.iter("ol") if o.get("class") == "events")
    assert len(list(events.iter("li"))) == 20
    contested = next(o for o in index.iter("ol") if o.get("class") == "contested")
    assert "Turki al-Bin'ali" in text_of(contested)
    page = parse(out / "contradictions.html")
    groups = {s.get("id"): s for s in page.iter("section") if "pair-group" in (s.get("class") or "")}
    assert [len([a for a in g.iter("article")]) for g in groups.values()] == [2, 1, 1]
    pair = find_id(page, "r1")
    sides = [s for s in pair.iter("section") if "side" in (s.get("class") or "").split()]
    assert len(sides) == 2
    assert "was killed in a 2015 airstrike" in text_of(sides[0])
    assert "died in May 2017" in text_of(sides[1])
    assert "2015 vs May 2017" in text_of(pair)
    timeline = parse(out / "timeline.html")
    (row,) = [s for s in timeline.iter("section") if "timeline-row" in (s.get("class") or "")]
    assert "conflict" in row.get("class") and "conflicting dates" in text_of(row)
    assert len(list(row.iter("{http://www.w3.org/2000/svg}rect"))) == 2
    entity = parse(page_of(out, "entities", 1))
    assert "al-Binali" in text_of(entity) and "Abu Sufyan" in text_of(entity)
    question = next(s for s in entity.iter("section") if "question" in (s.get("class") or "").split())
    assert "disputed" in question.get("class")
    assert len([r for r in question.iter("tr") if r.get("class") == "conflicting"]) == 2


def _corpus(cli, tmp: Path, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        cli("outlet", "add", f"Outlet {i}", "--grade", "B")
        path = write_text(tmp, f"d{i}.txt", f"Document {i} says the raid was on day {i} [{i}].\n")
        cli("doc", "add", path, "--title", f"Doc {i}", "--outlet", f"Outlet {i}", "--published", "2019")
        cli("entity", "add", f"Person {i}", "--alias", f"P. {i}")
        cli(
            "claim",
            "add",
            str(2 * i + 1),
            "--quote",
            f"the raid was on day {i}",
            "--statement",
            f"day {i}",
            "--entity",
            f"Person {i}",
        )
        cli("doc", "add", "--unheld", "--title", f"Source {i}")
        cli("cite", str(i + 1), "--doc", str(2 * i + 2), "--locator", f"[{i}]")
        cli(
            "assert",
            str(i + 1),
            "--subject",
            "Person 0",
            "--property",
            "raid_date",
            "--value",
            f"{2000 + i}",
            "--type",
            "date",
        )
        if i:
            cli("relate", str(i + 1), "contradicts", str(i), "--note", "days differ")


def test_query_count_does_not_grow_with_the_corpus(cli, tmp_path: Path) -> None:
    _corpus(cli, tmp_path, 3)
    small = build(cli.url, tmp_path / "small")
    for i in range(3, 30):
        cli("outlet", "add", f"Outlet {i}", "--grade", "B")
        path = write_text(tmp_path, f"d{i}.txt", f"Document {i} says the raid was on day {i} [{i}].\n")
        cli("doc", "add", path, "--title", f"Doc {i}", "--outlet", f"Outlet {i}")
        cli("claim", "add", f"doc-{i}", "--quote", f"the raid was on day {i}", "--statement", f"day {i}")
        cli("relate", f"day-{i}", "contradicts", "day-0")
    large = build(cli.url, tmp_path / "large")
    assert large.pages_written > small.pages_written + 80
    assert small.queries == large.queries
    assert large.queries <= 18  # 16, one for same-work links and merges (14), one for snapshots (15)


def test_two_builds_are_byte_identical(cli, tmp_path: Path) -> None:
    small_store(cli, tmp_path)
    first, second = tmp_path / "one", tmp_path / "two"
    build(cli.url, first)
    build(cli.url, second)
    assert site_bytes(first) == site_bytes(second)


def test_changed_only_rewrites_only_changed_files(sqlite_cli, tmp_path: Path) -> None:
    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "site"
    first = build(sqlite_cli.url, out)
    before = {p: (out / p).stat().st_ino for p in site_bytes(out)}
    again = build(sqlite_cli.url, out, changed_only=True)
    assert (again.pages_written, again.pages_unchanged) == (0, first.pages_written)
    sqlite_cli("claim", "verdict", "4", "refuted")
    third = build(sqlite_cli.url, out, changed_only=True)
    assert 0 < third.pages_written < 12 and third.pages_written + third.pages_unchanged == first.pages_written
    after = {p: (out / p).stat().st_ino for p in site_bytes(out)}
    changed = sorted(p for p in before if p != ".provenance-site" and before[p] != after[p])
    assert len(changed) == third.pages_written
    assert any(p.startswith("claims/4-") for p in changed)
    assert not any(p.startswith(("outlets/1-", "documents/1-")) for p in changed)
    result = sqlite_cli("report", "build", out, "--changed-only")
    assert "0 files written" in result.stdout and f"{first.pages_written} unchanged" in result.stdout


def test_hostile_titles_stay_inside_out_with_ascii_names(sqlite_cli, tmp_path: Path) -> None:
    titles = [
        "../../etc/passwd",
        "..",
        "CON",
        "a/b\\c",
        "T" * 300,
        "قال المتحدث الرسمي",
        "🙂🙂🙂",
        "Same Title",
        "same title",
        "Café",
        "Cafe\u0301",
        "/",
        ".",
    ]
    for n, title in enumerate(titles):
        sqlite_cli("doc", "add", "--unheld", "--title", title)
        sqlite_cli("outlet", "add", f"{title[:280]} {n}")  # names are limited to 300 characters
        sqlite_cli("entity", "add", f"{title[:280]} {n}")
    parent = tmp_path / "deep"
    out = parent / "site"
    build(sqlite_cli.url, out)
    files = [p for p in parent.rglob("*") if p.is_file()]
    assert files and all(p.resolve().is_relative_to(out.resolve()) for p in files)
    for path in files:
        assert is_ascii_path(path.relative_to(out).as_posix()) or path.name == ".provenance-site"
    assert len(list((out / "documents").glob("*.html"))) == len(titles)
    assert len(list((out / "outlets").glob("*.html"))) == len(titles)
    assert len(list((out / "entities").glob("*.html"))) == len(titles)
    assert not (tmp_path / "etc").exists()
    check_links(out)
    shown = {text_of(next(parse(p).iter("h1"))) for p in (out / "documents").glob("*.html")}
    assert shown == {unicodedata.normalize("NFC", t) for t in titles}


def test_progress_is_reported(sqlite_cli, tmp_path: Path, monkeypatch) -> None:
    from provenance.report import build as build_module

    small_store(sqlite_cli, tmp_path)
    monkeypatch.setattr(build_module, "PROGRESS_EVERY", 5)
    seen: list[tuple[int, int]] = []
    summary = build(
        sqlite_cli.url, tmp_path / "site", progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (summary.pages_written, summary.pages_written)
    assert [d for d, _ in seen[:-1]] == list(range(5, summary.pages_written, 5))


def test_build_speed_is_reported(sqlite_cli, tmp_path: Path) -> None:
    small_store(sqlite_cli, tmp_path)
    started = time.perf_counter()
    summary = build(sqlite_cli.url, tmp_path / "site")
    rate = summary.pages_written / (time.perf_counter() - started)
    print(f"\nreport build: {summary.pages_written} files, {summary.queries} queries, {rate:.0f} files/s")
    assert rate > 20


def test_cli_builds_and_reports(cli, tmp_path: Path) -> None:
    small_store(cli, tmp_path)
    result = cli("report", "build", tmp_path / "site")
    assert re.search(r"built .*site: \d+ files written in [\d.]+ s \(\d+ queries\)", result.stdout)
    assert (tmp_path / "site" / "index.html").is_file()
    assert os.listdir(tmp_path).count("site") == 1
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".site.")]


def test_questions_group_times_as_detection_does(sqlite_cli, tmp_path: Path) -> None:
    """ "2017" and "in 2017" are one time: counts given for it are rivals, in the matrix as in `conflicts`."""
    from provenance import Store
    from provenance.report.load import load_site
    from provenance.report.questions import questions_about
    from provenance.report.trace import Chains

    body = "There were 80 fighters in 2017. Others counted more than 200 fighters that year."
    (tmp_path / "t.txt").write_text(body, encoding="utf-8")
    sqlite_cli("doc", "add", tmp_path / "t.txt", "--title", "t", "--key", "t")
    sqlite_cli("entity", "add", "Islamic State", "--kind", "group", "--key", "is")
    for key, quote, value, when in (
        ("a", "80 fighters", "80", "2017"),
        ("b", "more than 200 fighters", "more than 200", "in 2017"),
    ):
        sqlite_cli("claim", "add", "t", "--quote", quote, "--statement", quote, "--key", key)
        sqlite_cli(
            "assert",
            key,
            "--subject",
            "is",
            "--property",
            "fighters",
            "--type",
            "quantity",
            "--value",
            value,
            "--holds-for",
            when,
        )
    assert sqlite_cli.json("conflicts", "--no-suggest")["new"]["detected"] == 1
    store = Store(sqlite_cli.url)
    with store.read() as session:
        site = load_site(session)
    store.dispose()
    (question,) = questions_about(site, 1, Chains(site))
    assert question.disputed
    assert [a.conflicts_with for a in question.accounts] == [(2,), (1,)]
    assert [a.shares_origin_with for a in question.accounts] == [(2,), (1,)]  # one document: one origin
