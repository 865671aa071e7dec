"""Incremental builds (`report build --changed-only`): after each kind of edit the site equals a
full build of the same store, byte for byte, and only pages the edit touches are built again."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_report_support import build, site_bytes

from provenance.report.write import BUILD_RECORD

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _site(out: Path) -> dict[str, bytes]:
    return {p: b for p, b in site_bytes(out).items() if p != BUILD_RECORD}


@pytest.fixture
def seeded(sqlite_cli):  # type: ignore[no-untyped-def]
    sqlite_cli("import", SEEDS)
    return sqlite_cli


@pytest.fixture
def seeded_both(cli):  # type: ignore[no-untyped-def]
    cli("import", SEEDS)
    return cli


def _edits(cli, tmp: Path) -> list[tuple[str, list[str | Path]]]:  # type: ignore[no-untyped-def]
    revised = tmp / "revised.txt"
    revised.write_text(cli("doc", "text", "tm-hazimite-coup").stdout + "\nA correction was appended.\n")
    extra = tmp / "extra.txt"
    extra.write_text("An extra note says the raid happened on a Tuesday.\n")
    return [
        ("verdict", ["claim", "verdict", "tm-coup-reports", "refuted"]),
        ("relate", ["relate", "tm-coup-reports", "corroborates", "tm-fighting-near-hajin"]),
        ("cite", ["cite", "tm-fighting-near-hajin", "--person", "a new source", "--kind", "according_to"]),
        # gr-bounty-on-plotter repeats this claim: its chain (on its own page) changes too.
        (
            "cite upstream",
            ["cite", "gr-guardian-reward-jazairi", "--person", "a defector", "--kind", "according_to"],
        ),
        ("alias", ["entity", "alias", "islamic-state", "Daesh (new)"]),
        ("grade", ["outlet", "grade", "global-research", "E", "--reason", "repeats others unchecked"]),
        ("revise", ["doc", "revise", "tm-hazimite-coup", revised]),
        ("doc add", ["doc", "add", extra, "--title", "Extra note", "--outlet", "global-research"]),
        ("entity add", ["entity", "add", "Tuesday Raid"]),
        (
            "claim add",
            [
                "claim",
                "add",
                "extra-note",
                "--quote",
                "the raid happened on a Tuesday",
                "--entity",
                "tuesday-raid",
                "--statement",
                "The raid was on a Tuesday",
            ],
        ),
        ("merge", ["entity", "merge", "tuesday-raid", "islamic-state"]),
        (
            "assert",
            [
                "assert",
                "tm-coup-reports",
                "--subject",
                "islamic-state",
                "--property",
                "founded",
                "--type",
                "date",
            ]
            + ["--value", "2006"],
        ),
    ]


def test_every_edit_rebuilds_to_the_same_site_as_a_full_build(seeded_both, tmp_path: Path) -> None:
    seeded = seeded_both
    out = tmp_path / "site"
    first = build(seeded.url, out, changed_only=True)
    assert (out / BUILD_RECORD).is_file()
    nothing = build(seeded.url, out, changed_only=True)
    assert nothing.pages_written == 0 and nothing.pages_built == 0
    for name, command in _edits(seeded, tmp_path):
        seeded(*command)
        summary = build(seeded.url, out, changed_only=True)
        full = tmp_path / f"full-{name.replace(' ', '-')}"
        build(seeded.url, full)
        assert _site(out) == _site(full), f"after {name}"
        assert summary.pages_written > 0, name
        assert summary.pages_built < first.pages_built / 2, f"{name} built {summary.pages_built} pages"


def test_a_verdict_rebuilds_few_pages_and_writes_only_changed_ones(seeded, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(seeded.url, out, changed_only=True)
    before = {p: (out / p).stat().st_ino for p in _site(out)}
    seeded("claim", "verdict", "tm-coup-reports", "refuted")
    summary = build(seeded.url, out, changed_only=True)
    after = {p: (out / p).stat().st_ino for p in _site(out)}
    replaced = sorted(p for p in before if after[p] != before[p])
    assert len(replaced) == summary.pages_written
    assert "index.html" in replaced and any(p.startswith("claims/") for p in replaced)
    assert summary.pages_built < 40


def test_a_build_record_from_other_code_means_a_full_build(seeded, tmp_path: Path, monkeypatch) -> None:
    from provenance.report import build as build_module

    out = tmp_path / "site"
    first = build(seeded.url, out, changed_only=True)
    build_module.code_version.cache_clear()
    monkeypatch.setattr(build_module, "code_version", lambda: "other code")
    again = build(seeded.url, out, changed_only=True)
    assert again.pages_built == first.pages_built and again.pages_written == 0


def test_a_damaged_build_record_means_a_full_build(seeded, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build(seeded.url, out, changed_only=True)
    (out / BUILD_RECORD).write_text("{not json")
    again = build(seeded.url, out, changed_only=True)
    assert again.pages_built == first.pages_built and again.pages_written == 0


def test_an_edit_made_around_the_tool_is_still_seen(seeded, tmp_path: Path) -> None:
    """No event is written by a raw UPDATE, but the store's stamp and the claim's digest move."""
    import sqlalchemy as sa

    out = tmp_path / "site"
    build(seeded.url, out, changed_only=True)
    engine = sa.create_engine(seeded.url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE claim SET statement = 'Edited by hand', version = version + 1 WHERE key = :k"),
            {"k": "tm-coup-reports"},
        )
    engine.dispose()
    summary = build(seeded.url, out, changed_only=True)
    full = tmp_path / "full"
    build(seeded.url, full)
    assert summary.pages_written > 0 and _site(out) == _site(full)


def test_redo_matches_whole_tokens_only() -> None:
    from provenance.report.depends import redo

    pages = {"a.html": "c:1 d:2>", "b.html": "c:12 *d", "c.html": "c:1> e:3"}
    assert redo(pages, {"c:1"}) == {"a.html"}
    assert redo(pages, {"c:1>"}) == {"c.html"}
    assert redo(pages, {"*d", "e:3"}) == {"b.html", "c.html"}
    assert redo(pages, set()) == set()
    many = {f"x:{n}" for n in range(3000)} | {"d:2>"}
    assert redo(pages, many) == {"a.html"}


def test_touched_reaches_the_links_of_added_removed_and_rehung_records() -> None:
    from provenance.report.depends import touched

    before = {"c:1": "aa d:1> e:1>", "r:5": "bb c:1> c:2>", "c:2": "cc d:1>"}
    after = {"c:1": "aa d:1> e:2>", "c:2": "cd d:1>", "r:6": "dd c:2> c:3>"}
    found = touched(before, after)
    assert {"c:1", "c:1>", "e:1>", "e:2>", "d:1>"} <= found  # c:1 moved from entity 1 to entity 2
    assert {"r:5", "r:5>", "c:1>", "c:2>", "r:6", "r:6>", "c:3>", "*r", "*c"} <= found
    assert "c:2>" in found and "c:2" in found  # changed in place
    assert touched(before, dict(before)) == set()


def test_long_lists_come_in_pages_that_link_to_each_other(seeded, tmp_path: Path, monkeypatch) -> None:
    """With pages of 7 rows the seed corpus's lists run to several pages: every row is on exactly
    one page, pages link to each other, and an incremental build still equals a full one."""
    from test_report_support import check_links, parse, text_of

    from provenance.report import pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 7)
    out = tmp_path / "site"
    build(seeded.url, out, changed_only=True)
    documents = list((out / "documents").glob("*.html"))  # a document's own page is never split
    listed = [out / "documents.html"] + [out / f"documents-p{n}.html" for n in range(2, 10)]
    assert -(-len(documents) // 7) == 9 and all(p.is_file() for p in listed)
    assert not (out / "documents-p10.html").exists()
    rows = [tr for p in listed for tr in parse(p).iter("tr") if tr.find("td") is not None]
    assert len(rows) == len(documents)
    entity = sorted((out / "entities").glob("*-p2.html"))[0]
    nav = next(n for n in parse(entity).iter("nav") if n.get("class") == "pager")
    assert "Page 2 of" in text_of(nav)
    assert check_links(out) > 100
    extra = tmp_path / "extra.txt"
    extra.write_text("A note from 1999 that sorts first.\n")
    edits = [
        ["claim", "verdict", "tm-coup-reports", "refuted"],
        ["relate", "tm-coup-reports", "corroborates", "tm-fighting-near-hajin"],
        ["doc", "add", extra, "--title", "Aardvark note", "--published", "1999"],  # every row shifts
        ["entity", "add", "Aaron Example"],
    ]
    for number, command in enumerate(edits):
        seeded(*command)
        summary = build(seeded.url, out, changed_only=True)
        build(seeded.url, tmp_path / f"full-{number}")
        assert _site(out) == _site(tmp_path / f"full-{number}"), command
    assert summary.pages_built < 60
