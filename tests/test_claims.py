"""Claims through the real CLI, on both engines: a quote is anchored to the document's own span
(W3C TextQuoteSelector + TextPositionSelector), found tolerantly (T13), never guessed when it
occurs twice (T14) or not at all (T15), and reviewed without lost updates (T25)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import Cli, dump_store

TEXT = (
    "Officials said the group’s leader “had been killed” in a strike.\n"
    "The so-called caliph-\nate was declared in 2014 — a claim others rejected.\n"
    "Its spokes\u00adman said the\u00a0fighters   had\n\nwithdrawn from the town.\n"
    "The army said the convoy was attacked. Later, police said the convoy was attacked near the border.\n"
    "A reader wrote 🙂 that the report was reportedly believed to be false.\n"
)
FIRST = TEXT.index("the convoy was attacked")
SECOND = TEXT.index("the convoy was attacked", FIRST + 1)

CTC_QUOTE = (
    "Executive Director of the Counter-Terrorism Committee Executive Directorate (CTED) at the United Nations"
)


@pytest.fixture
def doc(cli: Cli, tmp_path: Path) -> str:
    """A held document with TEXT; returns its key."""
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    cli("doc", "add", path, "--title", "Article", "--key", "article", "--published", "2019-03")
    assert cli("doc", "text", "article").stdout == TEXT
    return "article"


@pytest.fixture
def ctc(cli: Cli, seed_text: object) -> str:
    """The real CTC Sentinel issue (seed 002), held; returns its key."""
    cli("doc", "add", seed_text(2), "--title", "CTC Sentinel, February 2019", "--key", "ctc")
    return "ctc"


def add(cli: Cli, document: str, quote: str, *extra: str, statement: str = "a claim") -> dict:
    return cli.json("claim", "add", document, "--quote", quote, "--statement", statement, *extra)


def error_line(result: object) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- the stored selector is the document's own span -------------------------------------------


def test_claim_stores_the_documents_span_with_context(cli: Cli, doc: str) -> None:
    claim = add(
        cli, doc, "had been killed", "--speaker", "officials", "--hedging", "said", "--verdict", "disputed",
        "--credibility", "3", "--note", "contested", "--key", "leader-killed",
        statement="The leader was killed",
    )  # fmt: skip
    start, end = claim["start"], claim["end"]
    assert TEXT[start:end] == claim["exact"] == "had been killed"
    assert claim["prefix"] == TEXT[max(0, start - 32) : start]
    assert claim["suffix"] == TEXT[end : end + 32]
    shown = cli.json("claim", "show", "leader-killed")
    assert {k: shown[k] for k in ("key", "document", "revision", "statement", "speaker", "hedging")} == {
        "key": "leader-killed",
        "document": 1,
        "revision": 1,
        "statement": "The leader was killed",
        "speaker": "officials",
        "hedging": "said",
    }
    assert (shown["verdict"], shown["credibility"], shown["anchor"], shown["note"]) == (
        "disputed",
        3,
        "exact",
        "contested",
    )
    assert (shown["version"], shown["entities"], shown["citations"], shown["relations"]) == (1, [], [], [])


def test_offsets_are_code_points_after_an_astral_character(cli: Cli, doc: str) -> None:
    claim = add(cli, doc, "that the report was reportedly")
    assert claim["start"] == TEXT.index("that the report")  # 🙂 counts one, not two (UTF-16) or four (UTF-8)
    assert TEXT[claim["start"] : claim["end"]] == "that the report was reportedly"


def test_claim_text_output_names_the_span(cli: Cli, doc: str) -> None:
    out = cli(
        "claim", "add", doc, "--quote", "withdrawn from the town", "--statement", "They withdrew"
    ).stdout
    start = TEXT.index("withdrawn from the town")
    assert f"at {start}..{start + len('withdrawn from the town')}" in out


# --- T13: tolerant matching, the document's own text stored -----------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param(
            'the group\'s leader "had been killed"',
            "the group’s leader “had been killed”",
            id="straight-quotes",
        ),
        pytest.param(
            "the fighters had withdrawn", "the\u00a0fighters   had\n\nwithdrawn", id="nbsp-and-breaks-in-doc"
        ),
        pytest.param("police said the\u00a0convoy", "police said the convoy", id="nbsp-typed"),
        pytest.param("spokesman said", "spokes\u00adman said", id="soft-hyphen-in-doc"),
        pytest.param("with\u00addrawn from the town", "withdrawn from the town", id="soft-hyphen-typed"),
        pytest.param("withdrawn\u200b from the town", "withdrawn from the town", id="zero-width-typed"),
        pytest.param("withdrawn from\nthe town", "withdrawn from the town", id="line-break-typed"),
        pytest.param("Officials  said   the", "Officials said the", id="repeated-spaces-typed"),
        pytest.param(
            "The so-called caliphate was declared in 2014",
            "The so-called caliph-\nate was declared in 2014",
            id="hyphenation-at-line-end",
        ),
        pytest.param("in 2014 -- a claim", "in 2014 — a claim", id="double-dash-for-em-dash"),
        pytest.param(unicodedata.normalize("NFD", "A reader wrote 🙂"), "A reader wrote 🙂", id="nfd-typed"),
    ],
)
def test_t13_tolerant_quote_is_found_and_the_documents_text_stored(
    cli: Cli, doc: str, typed: str, expected: str
) -> None:
    claim = add(cli, doc, typed)
    assert claim["exact"] == expected
    assert TEXT[claim["start"] : claim["end"]] == claim["exact"]
    listed = cli.json("claim", "list", "--doc", doc)
    assert [c["exact"] for c in listed] == [expected]


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(CTC_QUOTE, id="hyphenated-line-break-commit-tee"),
        pytest.param(
            CTC_QUOTE.replace("Counter-Terrorism", "Counter\u2011Terrorism"), id="non-breaking-hyphen"
        ),
        pytest.param(unicodedata.normalize("NFD", "Michèle Coninsx, the " + CTC_QUOTE), id="nfd-accent"),
        pytest.param("She says, “now more than ever, local, national", id="curly-for-straight"),
    ],
)
def test_t13_quotes_pasted_from_the_ctc_sentinel_pdf(cli: Cli, ctc: str, typed: str) -> None:
    claim = add(cli, ctc, typed)
    text = cli("doc", "text", ctc).stdout
    assert text[claim["start"] : claim["end"]] == claim["exact"]
    assert claim["prefix"] == text[max(0, claim["start"] - 32) : claim["start"]]
    if "Committee" in typed:
        assert "Commit-\ntee Executive Directorate" in claim["exact"]


def test_t13_ctc_quote_across_commit_tee_is_at_the_interview_line(cli: Cli, ctc: str) -> None:
    claim = add(cli, ctc, CTC_QUOTE)
    text = cli("doc", "text", ctc).stdout
    assert claim["exact"] == (
        "Executive Director of the Counter-Terrorism Commit-\n"
        "tee Executive Directorate (CTED) at the United Nations"
    )
    assert claim["start"] == text.index("Executive Director of the Counter-Terrorism Commit-")


# --- T14: a quote that occurs twice -----------------------------------------------------------


def test_t14_ambiguous_quote_is_refused_with_its_offsets(cli: Cli, doc: str) -> None:
    before = dump_store(cli.url)
    result = cli(
        "claim", "add", doc, "--quote", "the convoy was attacked", "--statement", "attacked", ok=False
    )
    assert error_line(result) == (
        f"error: quote occurs 2 times (offsets {FIRST}, {SECOND}); give --prefix/--suffix or a longer quote"
    )
    assert result.exit_code == 2
    assert dump_store(cli.url) == before


def test_t14_prefix_suffix_or_start_disambiguate(cli: Cli, doc: str) -> None:
    for options, expected_start in [
        (("--prefix", "police said"), SECOND),
        (("--prefix", "The army said"), FIRST),
        (("--suffix", "near the border"), SECOND),
        (("--suffix", ". Later, police"), FIRST),
        (("--prefix", "police said", "--suffix", "near"), SECOND),
        (("--start", str(FIRST)), FIRST),
        (("--start", str(SECOND)), SECOND),
    ]:
        claim = add(cli, doc, "the convoy was attacked", *options)
        assert claim["start"] == expected_start, options
        assert TEXT[claim["start"] : claim["end"]] == "the convoy was attacked"


def test_t14_longer_quote_disambiguates(cli: Cli, doc: str) -> None:
    assert add(cli, doc, "the convoy was attacked near")["start"] == SECOND


def test_t14_context_that_matches_neither_is_refused(cli: Cli, doc: str) -> None:
    before = dump_store(cli.url)
    result = cli(
        "claim", "add", doc, "--quote", "the convoy was attacked", "--prefix", "nobody said",
        "--statement", "x", ok=False,
    )  # fmt: skip
    assert f"quote occurs at offsets {FIRST}, {SECOND}, but not with the given prefix/suffix" in error_line(
        result
    )
    result = cli(
        "claim",
        "add",
        doc,
        "--quote",
        "the convoy was attacked",
        "--start",
        "5",
        "--statement",
        "x",
        ok=False,
    )
    assert f"quote is not at offset 5 (it occurs at offsets {FIRST}, {SECOND})" in error_line(result)
    assert dump_store(cli.url) == before


def test_t14_ambiguous_in_the_ctc_seed(cli: Cli, ctc: str) -> None:
    before = dump_store(cli.url)
    result = cli(
        "claim", "add", ctc, "--quote", "regional measures are essential", "--statement", "x", ok=False
    )
    assert "quote occurs 2 times (offsets " in error_line(result)
    assert dump_store(cli.url) == before
    text = cli("doc", "text", ctc).stdout
    second = text.index("Now more than ever, local, national, and regional")
    claim = add(
        cli, ctc, "regional measures are essential", "--prefix", "Now more than ever, local, national, and"
    )
    assert (
        second < claim["start"] and text[claim["start"] : claim["end"]] == "regional measures \nare essential"
    )


# --- T15: a quote that does not occur ---------------------------------------------------------


def test_t15_absent_quote_names_the_closest_passage(cli: Cli, doc: str) -> None:
    before = dump_store(cli.url)
    result = cli(
        "claim", "add", doc, "--quote", "police said the convoy was ambushed near the border",
        "--statement", "ambushed", ok=False,
    )  # fmt: skip
    line = error_line(result)
    assert line.startswith("error: quote not found in document; the closest passage is “")
    passage = line.split("“", 1)[1].rsplit("”", 1)[0]
    assert "convoy was" in passage and "near the border" in passage
    assert " ".join(passage.split()) in " ".join(TEXT.split())
    assert result.exit_code == 2
    assert dump_store(cli.url) == before


def test_t15_unrelated_quote_is_not_found(cli: Cli, doc: str) -> None:
    before = dump_store(cli.url)
    result = cli("claim", "add", doc, "--quote", "zebras migrate at dawn", "--statement", "zebras", ok=False)
    assert error_line(result).startswith("error: quote not found in document")
    assert dump_store(cli.url) == before


# --- refusals ---------------------------------------------------------------------------------


def test_quote_on_an_unheld_or_unknown_document_is_refused(cli: Cli) -> None:
    cli("doc", "add", "--unheld", "--title", "Asharq al-Awsat report", "--key", "asharq")
    before = dump_store(cli.url)
    result = cli("claim", "add", "asharq", "--quote", "anything", "--statement", "x", ok=False)
    assert "document asharq is unheld: the store has no text for it" in error_line(result)
    result = cli("claim", "add", "nope", "--quote", "anything", "--statement", "x", ok=False)
    assert "no doc 'nope'" in error_line(result)
    assert result.exit_code == 3
    assert dump_store(cli.url) == before


def test_bad_claim_fields_are_refused(cli: Cli, doc: str) -> None:
    before = dump_store(cli.url)
    for options, says in [
        (("--verdict", "bogus"), "verdict 'bogus' is not one of: unreviewed, supported, disputed, refuted"),
        (("--credibility", "7"), "credibility 7 is not on the Admiralty scale 1..6"),
        (("--credibility", "0"), "credibility 0 is not on the Admiralty scale 1..6"),
        (("--credibility", "1"), "independent corroboration"),
        (("--entity", "Nobody Known"), "no entity 'Nobody Known'"),
        (("--key", "Not A Key"), "must be lowercase ASCII letters"),
        (("--statement", "   "), "the statement is empty"),
    ]:
        args = ("--quote", "the convoy was attacked near", "--statement", "attacked", *options)
        assert says in error_line(cli("claim", "add", doc, *args, ok=False)), options
    assert dump_store(cli.url) == before


def test_empty_quote_and_unparseable_credibility(cli: Cli, doc: str) -> None:
    before = dump_store(cli.url)
    assert "the quote is empty" in error_line(
        cli("claim", "add", doc, "--quote", " \n", "--statement", "x", ok=False)
    )
    result = cli(
        "claim", "add", doc, "--quote", "had been", "--statement", "x", "--credibility", "high", ok=False
    )
    assert result.exit_code == 2 and "credibility" in result.stderr  # a usage error, not a traceback
    assert dump_store(cli.url) == before


def test_duplicate_claim_key_is_refused(cli: Cli, doc: str) -> None:
    add(cli, doc, "had been killed", "--key", "killed")
    before = dump_store(cli.url)
    result = cli("claim", "add", doc, "--quote", "withdrawn", "--statement", "x", "--key", "killed", ok=False)
    assert "already exists" in error_line(result)
    assert dump_store(cli.url) == before


# --- list, show, verdict ----------------------------------------------------------------------


def test_claim_list_filters(cli: Cli, doc: str, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Turki al-Binali was killed in a 2015 airstrike.\n", encoding="utf-8")
    cli("doc", "add", other, "--title", "Terrorism Monitor", "--key", "tm")
    cli("entity", "add", "Turki al-Binali", "--alias", "Turki al-Bin'ali", "--kind", "person")
    add(cli, doc, "had been killed", "--key", "c1")
    add(cli, doc, "withdrawn from the town", "--key", "c2", "--verdict", "supported")
    add(
        cli,
        "tm",
        "killed in a 2015 airstrike",
        "--key",
        "c3",
        "--entity",
        "Turki al-Bin'ali",
        "--verdict",
        "disputed",
    )

    def keys(*args: str) -> list[str]:
        return [c["key"] for c in cli.json("claim", "list", *args)]

    assert keys() == ["c1", "c2", "c3"]
    assert keys("--doc", doc) == ["c1", "c2"]
    assert keys("--doc", "2") == ["c3"]
    assert keys("--verdict", "supported") == ["c2"]
    assert keys("--verdict", "unreviewed") == ["c1"]
    assert keys("--entity", "turki al binali") == ["c3"]
    assert keys("--doc", "tm", "--verdict", "supported") == []
    result = cli("claim", "list", "--verdict", "maybe", ok=False)
    assert "verdict 'maybe' is not one of" in error_line(result)
    assert cli.json("claim", "show", "c3")["entities"] == ["turki-al-binali"]


def test_claim_show_json_has_citations_and_relations(cli: Cli, doc: str) -> None:
    cli("doc", "add", "--unheld", "--title", "Army statement", "--key", "army")
    add(cli, doc, "the convoy was attacked", "--start", str(FIRST), "--key", "army-says")
    add(cli, doc, "the convoy was attacked", "--start", str(SECOND), "--key", "police-say")
    cli("cite", "army-says", "--doc", "army", "--kind", "according_to")
    cli("relate", "army-says", "corroborates", "police-say")
    shown = cli.json("claim", "show", "army-says")
    assert [(c["kind"], c["document"]) for c in shown["citations"]] == [("according_to", 2)]
    assert [(r["a"], r["kind"], r["b"]) for r in shown["relations"]] == [(1, "corroborates", 2)]
    assert cli.json("claim", "show", "2")["relations"] == shown["relations"]
    assert "no claim 'nope'" in error_line(cli("claim", "show", "nope", ok=False))


def test_claim_verdict_and_a_stale_expect_version_conflict(cli: Cli, doc: str) -> None:
    add(cli, doc, "had been killed", "--key", "killed")
    assert cli.json("claim", "show", "killed")["version"] == 1
    cli("claim", "verdict", "killed", "supported", "--expect-version", "1", user="alice")
    shown = cli.json("claim", "show", "killed")
    assert (shown["verdict"], shown["version"]) == ("supported", 2)

    before = dump_store(cli.url)
    result = cli("claim", "verdict", "killed", "refuted", "--expect-version", "1", user="bob", ok=False)
    line = error_line(result)
    assert "claim killed was changed by alice at " in line
    assert "(version 2, you expected 1); reload it and try again" in line
    assert result.exit_code == 7
    assert dump_store(cli.url) == before

    cli("claim", "verdict", "killed", "refuted", "--credibility", "5", "--expect-version", "2", user="bob")
    shown = cli.json("claim", "show", "killed")
    assert (shown["verdict"], shown["credibility"], shown["version"]) == ("refuted", 5, 3)
    history = cli.json("log", "claim:1")
    assert [(e["action"], e["actor"]) for e in history] == [
        ("update", "bob"),
        ("update", "alice"),
        ("add", "tester"),
    ]
    assert history[0]["before"]["verdict"] == "supported" and history[0]["after"]["verdict"] == "refuted"


def test_claim_verdict_refuses_bad_values(cli: Cli, doc: str) -> None:
    add(cli, doc, "had been killed", "--key", "killed")
    before = dump_store(cli.url)
    assert "verdict 'true' is not one of" in error_line(cli("claim", "verdict", "killed", "true", ok=False))
    assert "Admiralty scale" in error_line(
        cli("claim", "verdict", "killed", "disputed", "--credibility", "9", ok=False)
    )
    assert "no claim 'missing'" in error_line(cli("claim", "verdict", "missing", "disputed", ok=False))
    assert dump_store(cli.url) == before
