"""The reader through the store and the CLI, on both engines: `claim add` reads its quote
(entities, proposed values, the sentence's attribution), the curator accepts or rejects what it
proposed, `conflicts` suggests from readings across outlets, `cites find` reads news attribution,
and proposals never reach a bundle.

The texts are made up for these tests (a bridge collapse reported by three outlets over three
days): a planted cross-outlet disagreement (30 dead on the 4th, 12 on the 6th: a count that can
only grow is lower later) and a pair that must not be flagged (5 dead on the 3rd, 30 on the 4th:
the toll grew).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, Cli, dump_store

REPORTS = {
    "gazette": (
        "Harbour Gazette",
        "Tarnow bridge collapse: death toll rises",
        "2031-03-04",
        "The Tarnow bridge collapsed on Monday evening during rush hour. "
        "The collapse killed 30 people, police said on Tuesday.\n",
    ),
    "courier": (
        "Valley Courier",
        "Tarnow bridge collapse toll revised",
        "2031-03-06",
        "The Tarnow bridge collapsed on Monday evening. "
        "By Thursday the collapse had killed 12 people, according to the Harbour Gazette.\n",
    ),
    "herald": (
        "Plains Herald",
        "Tarnow bridge collapse kills five",
        "2031-03-03",
        "The Tarnow bridge collapsed on Monday evening. The collapse killed 5 people, officials said.\n",
    ),
}
QUOTES = {"gazette": "killed 30 people", "courier": "had killed 12 people", "herald": "killed 5 people"}


def _store(cli: Cli, tmp_path: Path) -> dict[str, dict]:
    """The three reports, each with its outlet, and one claim logged from each by its quote."""
    cli("entity", "add", "Tarnow bridge collapse", "--kind", "incident", "--alias", "the collapse")
    for key, (outlet, title, published, body) in REPORTS.items():
        cli("outlet", "add", f"The {outlet}" if outlet == "Harbour Gazette" else outlet)
        (tmp_path / f"{key}.txt").write_text(body, encoding="utf-8")
        cli("doc", "add", tmp_path / f"{key}.txt", "--title", title, "--published", published, "--key", key,
            "--outlet", f"The {outlet}" if outlet == "Harbour Gazette" else outlet)  # fmt: skip
    return {
        key: cli.json("claim", "add", key, "--quote", quote, "--key", f"{key}-toll")
        for key, quote in QUOTES.items()
    }


def test_claim_add_prints_what_it_reads_and_stores_it_as_proposed(cli: Cli, tmp_path: Path) -> None:
    _store(cli, tmp_path)
    (tmp_path / "late.txt").write_text(
        "Tarnow bridge collapse: The collapse killed 10 people, the mayor said on Friday.\n", encoding="utf-8"
    )
    cli("doc", "add", tmp_path / "late.txt", "--title", "Tarnow bridge collapse toll", "--published",
        "2031-03-07", "--key", "late")  # fmt: skip
    out = cli("claim", "add", "late", "--quote", "The collapse killed 10 people", "--key", "late").stdout
    assert "entities: Tarnow bridge collapse (by alias 'the collapse')" in out
    # Friday is resolved against the publication date (Friday 2031-03-07), never after it.
    assert "reads as: [" in out and "deaths of Tarnow bridge collapse = 10 (quantity, people)" in out
    assert "as of 2031-03-07  [proposed]" in out
    assert "attributed to: [" in out and "the mayor ('the mayor said'), official  [proposed]" in out
    # 10 dead on the 7th is fewer than both earlier reports: two possible contradictions, not recorded.
    assert "2 possible contradiction(s)" in out and "(Valley Courier: 'had killed 12 people')" in out
    shown = cli.json("claim", "show", "late")
    [deaths] = [r for r in shown["readings"] if r["property"] == "deaths"]
    assert (deaths["status"], deaths["proposed_by"], deaths["value"]) == ("proposed", "reader/1", "10")
    assert deaths["reading"]["unit"] == "people" and deaths["reading"]["holds_for"] == ["2031-03-07"] * 2
    assert shown["attribution"]["value"] == "the mayor"
    # A proposal is not the curator's: not listed as an assertion, not exported.
    assert cli.json("assertion", "list") == []


def test_a_quote_that_names_no_entity_says_so_and_is_still_read(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Rescuers said 40 people were missing on Sunday.\n", encoding="utf-8")
    cli("doc", "add", tmp_path / "a.txt", "--title", "Missing", "--published", "2031-03-02", "--key", "a")
    out = cli("claim", "add", "a", "--quote", "40 people were missing").stdout
    assert "entities: none linked" in out and "still compared with other claims by its values" in out
    assert "missing = 40 (quantity, people)" in out
    cli("entity", "add", "Rescuers", "--kind", "group")
    out = cli("claim", "add", "a", "--quote", "Rescuers said 40", "--no-entities", "--key", "b").stdout
    assert "entities: none linked" in out
    assert cli.json("claim", "show", "b")["entities"] == []


def test_accept_makes_a_reading_curated_and_reject_is_remembered(cli: Cli, tmp_path: Path) -> None:
    _store(cli, tmp_path)
    readings = cli.json("claim", "show", "gazette-toll")["readings"]
    [deaths] = [r for r in readings if r["property"] == "deaths"]
    # "killed 30 people" names no entity: the curator says what the count is about.
    out = cli("claim", "accept", "gazette-toll", "deaths", "--subject", "Tarnow bridge collapse").stdout
    assert f"accepted reading {deaths['id']}" in out and "[accepted]" in out
    [curated] = cli.json("assertion", "list")
    assert (curated["id"], curated["property"], curated["value"]) == (deaths["id"], "deaths", "30")
    assert cli.json("log", "--noun", "assertion", "--limit", "1")[0]["action"] == "accept"

    cli("claim", "reject", "courier-toll")  # every open proposal of the claim
    assert {r["status"] for r in cli.json("claim", "show", "courier-toll")["readings"]} == {"rejected"}
    cli("claim", "read")  # read again: a rejected reading is not proposed anew, an accepted one stays
    assert {r["status"] for r in cli.json("claim", "show", "courier-toll")["readings"]} == {"rejected"}
    assert [r["status"] for r in cli.json("claim", "show", "gazette-toll")["readings"]].count("accepted") == 1
    # Nothing left to decide, and the curator is told how to find the readings.
    refused = cli("claim", "reject", "courier-toll", ok=False)
    assert "no open proposed reading" in refused.stderr and "Traceback" not in refused.output
    assert "no proposed reading 'nope'" in cli("claim", "accept", "herald-toll", "nope", ok=False).stderr


def test_accepting_needs_a_subject_when_the_quote_names_none(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The flood displaced 900 families, officials said.\n", encoding="utf-8")
    cli("doc", "add", tmp_path / "a.txt", "--title", "Flood", "--published", "2031-05-02", "--key", "a")
    cli("claim", "add", "a", "--quote", "displaced 900 families", "--key", "flood")
    before = dump_store(cli.url)
    refused = cli("claim", "accept", "flood", ok=False)
    assert "--subject" in refused.stderr
    assert dump_store(cli.url) == before
    cli("entity", "add", "Lowland flood", "--kind", "incident")
    cli("claim", "accept", "flood", "--subject", "Lowland flood")
    # Every open proposal of the claim: the value and the attribution of its sentence.
    assert [(a["value"], a["subject"]) for a in cli.json("assertion", "list")] == [
        ("900", 1),
        ("officials", 1),
    ]


def test_conflicts_suggest_the_planted_pair_across_outlets_and_not_a_growing_toll(
    cli: Cli, tmp_path: Path
) -> None:
    claims = _store(cli, tmp_path)
    ids = {key: c["id"] for key, c in claims.items()}
    data = cli.json("conflicts")
    suggested = {
        (min(r["a"], r["b"]), max(r["a"], r["b"])): r
        for r in data["contradictions"]
        if r["status"] == "suggested"
    }
    planted = (min(ids["gazette"], ids["courier"]), max(ids["gazette"], ids["courier"]))
    assert planted in suggested
    assert "a count that can only grow is lower later" in suggested[planted]["note"]
    must_not_flag = (min(ids["herald"], ids["gazette"]), max(ids["herald"], ids["gazette"]))
    assert must_not_flag not in suggested
    # A suggestion resting on proposed readings is never a contradiction until confirmed.
    assert not [r for r in data["contradictions"] if r["status"] in ("confirmed", "detected")]
    # claim add already named it as a possible contradiction of the later report.
    assert any(r["claim"] == ids["gazette"] for r in claims["courier"]["possible_contradictions"])


def test_cites_find_reads_according_to_and_attaches_it_to_the_claim(cli: Cli, tmp_path: Path) -> None:
    _store(cli, tmp_path)
    found = cli.json("cites", "find", "courier")
    [according] = [p for p in found if p["marker"] == "according to the Harbour Gazette"]
    # "the Harbour Gazette" is the outlet The Harbour Gazette: a leading article and case ignored.
    assert according["outlet"] == "the-harbour-gazette"
    assert according["claims"] == ["courier-toll"]
    assert according["said_by"] in ("Harbour Gazette", "the Harbour Gazette")
    police = [p for p in cli.json("cites", "find", "gazette") if p["marker"].startswith("police said")]
    assert police and police[0]["claims"] == ["gazette-toll"] and police[0]["target"]["person"] == "police"
    # The scanner alone does not read "police said".
    assert not [
        p for p in cli.json("cites", "find", "gazette", "--markers-only") if p["marker"] == "police said"
    ]
    cli("cites", "find", "gazette", "--accept", str(police[0]["number"]))
    assert [c["locator"] for c in cli.json("citation", "list", "--claim", "gazette-toll")] == [
        police[0]["marker"]
    ]


def test_header_lines_are_never_proposed_as_citations(cli: Cli, tmp_path: Path) -> None:
    body = (
        "URL: https://example.org/according-to-officials\n"
        "Title: Officials said the bridge was safe\n"
        "\n"
        "The bridge was inspected in January, the ministry said.\n"
    )
    (tmp_path / "h.txt").write_text(body, encoding="utf-8")
    cli("doc", "add", tmp_path / "h.txt", "--title", "Safe", "--published", "2031-02-01", "--key", "h")
    cli("claim", "add", "h", "--quote", "The bridge was inspected in January")
    found = cli.json("cites", "find", "h")
    # The header is read as the document's metadata (issue 15): it is not in the text at all.
    assert cli("doc", "text", "h").stdout.startswith("The bridge was inspected")
    assert found and all(p["start"] >= 0 for p in found)
    assert [p["marker"] for p in found] == ["the ministry said"]


SEED_BUNDLE = REPO / "seeds" / "bundle.yaml"


@pytest.mark.skipif(not SEED_BUNDLE.is_file(), reason="no seed bundle")
def test_reading_the_seed_claims_leaves_the_bundle_byte_identical(cli: Cli, tmp_path: Path) -> None:
    cli("import", SEED_BUNDLE)
    cli("export", tmp_path / "before")
    assertions = cli.json("assertion", "list")
    out = cli("claim", "read").stdout  # proposals for every claim: derived state
    assert "read" in out
    proposed = [
        r for c in cli.json("claim", "list") for r in cli.json("claim", "show", str(c["id"]))["readings"]
    ]
    assert proposed, "the reader proposed nothing on the seed claims"
    cli("export", tmp_path / "after")
    assert (tmp_path / "after" / "bundle.yaml").read_bytes() == (
        tmp_path / "before" / "bundle.yaml"
    ).read_bytes()
    # The curated assertions stay curated and unchanged.
    assert cli.json("assertion", "list") == assertions


def test_migration_0005_keeps_curated_assertions_and_drops_open_proposals(cli: Cli, tmp_path: Path) -> None:
    import sqlalchemy as sa

    from provenance import migrate
    from provenance.db import make_engine

    _store(cli, tmp_path)
    cli("assert", "herald-toll", "--subject", "Tarnow bridge collapse", "--property", "deaths",
        "--type", "quantity", "--value", "5")  # fmt: skip
    cli("claim", "accept", "gazette-toll", "deaths", "--subject", "Tarnow bridge collapse")

    def rows(*columns: str) -> list[tuple]:
        engine = make_engine(cli.url)
        try:
            with engine.connect() as conn:
                query = f"SELECT {', '.join(columns)} FROM assertion ORDER BY id"
                return [tuple(r) for r in conn.execute(sa.text(query))]
        finally:
            engine.dispose()

    statuses = rows("status")
    assert ("proposed",) in statuses and statuses.count(("accepted",)) == 2
    migrate.downgrade(cli.url, "0004")
    # Open proposals are derived state: gone. The curator's assertion and the accepted one stay.
    assert rows("property", "value") == [("deaths", "30"), ("deaths", "5")]
    migrate.upgrade(cli.url)
    # Back at the head, what was there before 0005 is a curator's: no proposer, accepted.
    assert rows("proposed_by", "status", "value") == [(None, "accepted", "30"), (None, "accepted", "5")]
    cli("claim", "read")  # and the reader proposes again
    assert ("proposed",) in rows("status")


def test_entities_in_a_quote_fold_like_lookups_and_two_aliases_are_one_link(cli: Cli, tmp_path: Path) -> None:
    cli(
        "entity",
        "add",
        "Turki al-Binali",
        "--alias",
        "Turki al-Bin'ali",
        "--alias",
        "Abu Sufyan",
        "--key",
        "tb",
    )
    filler = " ".join(["the council met again"] * 200)  # a long quote: many folded runs to look up
    opening = "Sources said TURKI AL-BIN\u2019ALI, known as Abu Sufyan, was seen in May 2017."
    body = f"{opening} {filler} Abu Sufyan left."
    (tmp_path / "a.txt").write_text(body + "\n", encoding="utf-8")
    cli("doc", "add", tmp_path / "a.txt", "--title", "Seen", "--published", "2017-06", "--key", "a")
    quote = "TURKI AL-BIN\u2019ALI, known as Abu Sufyan, was seen"
    out = cli("claim", "add", "a", "--quote", quote, "--key", "s").stdout
    # Case, the apostrophe and "al-" fold away: its own name; named twice, linked once.
    assert "entities: Turki al-Binali\n" in out
    assert cli.json("claim", "show", "s")["entities"] == ["tb"]
    out = cli("claim", "add", "a", "--quote", body[body.index("in May 2017") :], "--key", "long").stdout
    assert "entities: Turki al-Binali (by alias 'Abu Sufyan')" in out


def test_no_read_anchors_only_and_claim_read_reads_it_later(cli: Cli, tmp_path: Path) -> None:
    _store(cli, tmp_path)
    (tmp_path / "late.txt").write_text(
        "Tarnow bridge collapse: The collapse killed 10 people, the mayor said on Friday.\n", encoding="utf-8"
    )
    cli("doc", "add", tmp_path / "late.txt", "--title", "Tarnow bridge collapse toll", "--published",
        "2031-03-07", "--key", "late")  # fmt: skip
    out = cli(
        "claim", "add", "late", "--quote", "The collapse killed 10 people", "--key", "late", "--no-read"
    )
    assert "not read: `provenance claim read late`" in out.stdout and "reads as" not in out.stdout
    shown = cli.json("claim", "show", "late")
    assert shown["readings"] == [] and shown["entities"] == [] and shown["attribution"] is None
    assert shown["statement"] == "The collapse killed 10 people"  # the quote, as without --no-read
    cli("claim", "read", "late")
    again = cli.json("claim", "show", "late")
    assert [r["property"] for r in again["readings"]] == ["deaths"]
    assert again["attribution"]["value"] == "the mayor"


def test_claim_add_reads_only_the_texts_that_changed(cli: Cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The story grouping's features of each text are kept (document_story): a later claim add
    reads no other text, a revised text is read again, and the answer is the one a reading of
    every text gives."""
    import sqlalchemy as sa

    from provenance import proposals
    from provenance.db import make_engine

    proposals._CORPORA.clear()  # an earlier test's identical texts would answer from memory
    first = _store(cli, tmp_path)
    from provenance.reading import stories

    read: list[str] = []
    real = stories.salient
    monkeypatch.setattr(stories, "salient", lambda doc: read.append(doc.key) or real(doc))

    def log(quote: str, key: str) -> dict:
        proposals._CORPORA.clear()  # as in a new process: only the store remembers
        return cli.json("claim", "add", "gazette", "--quote", quote, "--key", key)

    again = log("The collapse killed 30 people", "gazette-again")
    assert read == []  # every text's features came from the store
    # grouped into one story from the kept features: the planted disagreement is found
    assert [r["key"] for r in again["possible_contradictions"]] == ["courier-toll"]
    assert first["courier"]["possible_contradictions"][0]["key"] == "gazette-toll"
    (tmp_path / "herald2.txt").write_text(
        "The Tarnow bridge collapsed on Monday evening. The collapse killed 6 people, officials said.\n",
        encoding="utf-8",
    )
    cli("doc", "revise", "herald", tmp_path / "herald2.txt")
    herald = cli.json("doc", "show", "herald")["id"]
    log("killed 30 people, police", "gazette-third")
    assert read == [str(herald)]  # the revised text only
    # The kept features are what reading every text gives: emptied, the table fills again the same.
    engine = make_engine(cli.url)
    with engine.begin() as conn:
        kept = conn.execute(sa.text("SELECT * FROM document_story ORDER BY document_id")).all()
        conn.execute(sa.text("DELETE FROM document_story"))
    read.clear()
    log("The collapse killed 30", "gazette-fourth")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT * FROM document_story ORDER BY document_id")).all() == kept
    engine.dispose()
    assert sorted(read) == sorted(str(i) for i, *_ in kept)
