"""The citation finder: pure scanning of texts (no store), the `cites find` command on both engines,
and its precision and recall on the curated seed corpus (benchmarks/citefinder.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from conftest import REPO, Cli, dump_store
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.cites import ClaimSpan, KnownDocument, KnownOutlet, complete_date, scan_text

OUTLETS = [
    KnownOutlet("asharq-al-awsat", "Asharq al-Awsat"),
    KnownOutlet("al-quds-al-arabi", "Al-Quds al-Arabi"),
    KnownOutlet("the-guardian", "The Guardian"),
    KnownOutlet("site", "SITE Intelligence Group"),
    KnownOutlet("un", "United Nations (Security Council Monitoring Team)"),
    KnownOutlet("cnn", "CNN"),
]


def claim_at(text: str, quote: str, key: str) -> ClaimSpan:
    start = text.index(quote)
    return ClaimSpan(key, start, start + len(quote))


def by_marker(proposals: list, marker: str):  # type: ignore[no-untyped-def]
    found = [p for p in proposals if p.marker == marker]
    assert len(found) == 1, [p.marker for p in proposals]
    return found[0]


# ------------------------------------------------------------------------------------ pure scanning


def test_dates_are_completed_from_the_citing_document() -> None:
    assert complete_date("February 8", "2019") == "2019-02-08"
    assert complete_date("October 7, 2016", "2019-02") == "2016-10-07"
    assert complete_date("December 20", "2019-01-05") == "2018-12-20"  # not after the citing date
    assert complete_date("May 2017", None) == "2017-05"
    assert complete_date("2015", None) == "2015"
    assert complete_date("February 8", None) is None  # no year to give it


def test_a_parenthetical_cites_a_known_outlets_document_and_closes_its_passage() -> None:
    text = (
        "Intro paragraph about nothing (IED).\n\n"
        "There were reports of a coup. The plan included an attack on his convoy "
        "(Asharq al-Awsat, February 8). Later, something else happened.\n"
    )
    claims = [
        claim_at(text, "reports of a coup", "coup"),
        claim_at(text, "an attack on his convoy", "convoy"),
        claim_at(text, "something else happened", "later"),
        claim_at(text, "Intro paragraph", "intro"),
    ]
    documents = [KnownDocument("asharq-2019-02-08", "Asharq report", "asharq-al-awsat", "2019-02-08")]
    [p] = scan_text(text, outlets=OUTLETS, documents=documents, claims=claims, published="2019")
    assert p.marker == "(Asharq al-Awsat, February 8)" == text[p.start : p.end]
    assert (p.kind, p.source, p.outlet, p.published) == (
        "cites",
        "parenthetical",
        "asharq-al-awsat",
        "2019-02-08",
    )
    assert p.document == "asharq-2019-02-08" and p.new_document is None
    assert p.claims == ("coup", "convoy")  # the passage it closes, not the next sentence nor paragraph


def test_an_unknown_outlet_is_proposed_as_a_new_unheld_document() -> None:
    text = "The warrant was issued (Alsumaria, October 7, 2016).\n"
    [p] = scan_text(text, outlets=OUTLETS, claims=[claim_at(text, "The warrant was issued", "w")])
    assert p.document is None and p.outlet is None
    assert p.new_document is not None
    assert (p.new_document.title, p.new_document.published) == ("Alsumaria, October 7, 2016", "2016-10-07")


def test_several_citations_in_one_parenthetical_are_separate_markers() -> None:
    text = (
        "Shekau leads a faction (Al-Quds, November 21, 2017; See Militant Leadership Monitor, January 4).\n"
    )
    first, second = scan_text(
        text, outlets=OUTLETS, claims=[claim_at(text, "Shekau leads", "s")], published="2019"
    )
    assert first.marker == "(Al-Quds, November 21, 2017;" and first.outlet == "al-quds-al-arabi"
    assert second.marker == "See Militant Leadership Monitor, January 4)" and second.published == "2019-01-04"
    assert first.claims == second.claims == ("s",)  # side by side, they share the passage


def test_numbered_endnotes_resolve_through_their_notes_list() -> None:
    text = (
        "Martin Chulov [reported](#) [1] for The Guardian yesterday, February 7, that the chief survived. "
        "Another [report](#) [2] said otherwise.\n\n"
        "Notes\n\n"
        "[1] ISIS leader believed to have fled coup attempt:\n\n"
        "<https://www.theguardian.com/world/2019/feb/07/isis-leader-believed-to-have-fled-coup-attempt-by-his-o>\n\n"
        "[wn-fighters](#)\n\n"
        "[2] A report on something:\n\n<http://example.org/unknown-report>\n"
    )
    documents = [
        KnownDocument(
            "guardian",
            "ISIS leader believed to have fled",
            "the-guardian",
            "2019-02-07",
            "https://www.theguardian.com/world/2019/feb/07/isis-leader-believed-to-have-fled-coup-attempt-by-his-own-fighters",
        )
    ]
    claims = [
        claim_at(text, "the chief survived", "survived"),
        claim_at(text, "Another [report](#) [2] said", "other"),
    ]
    first, second = scan_text(
        text, outlets=OUTLETS, documents=documents, claims=claims, published="2019-02-09"
    )
    assert (first.marker, first.document, first.outlet, first.published) == (
        "[1]",
        "guardian",
        "the-guardian",
        "2019-02-07",
    )
    assert first.claims == ("survived",)  # "reported [1] for …": the note marker takes the sentence it opens
    assert second.marker == "[2]" and second.claims == ("other",)  # a claim whose quote holds the marker
    assert second.new_document is not None and second.new_document.url == "http://example.org/unknown-report"
    assert second.new_document.title == "A report on something"


def test_a_discursive_endnote_cites_nothing() -> None:
    text = "Al-Jazairi is also known as al-Asimi. [2]\n\n[2] Al-Jazairi means the Algerian in Arabic.\n"
    assert scan_text(text, claims=[claim_at(text, "also known", "k")]) == []


def test_superscript_note_numbers_are_told_from_other_digits_by_their_order() -> None:
    text = (
        "He conceded the group could be expelled from Sirte, Raqqa, and Mosul,1 while al-Zawahiri mocked "
        "it.2 Some 9,000 fighters, said a 2016 report, were held in 12 camps. The group is rich.3\n"
    )
    found = scan_text(
        text, claims=[claim_at(text, "expelled from Sirte", "a"), claim_at(text, "The group is rich", "b")]
    )
    assert [(p.marker, p.source) for p in found] == [
        ("1", "superscript"),
        ("2", "superscript"),
        ("3", "superscript"),
    ]
    assert found[0].claims == ("a",) and found[1].claims == () and found[2].claims == ("b",)
    assert found[0].new_document is not None and found[0].new_document.title == "Source of note 1"


def test_a_note_whose_text_is_absent_is_matched_by_what_its_passage_names() -> None:
    text = "In a speech released on September 11, 2018, al-Zawahiri railed against a group.1 Then more.2\n"
    documents = [
        KnownDocument("speech", "Speech", None, "2018-09-11", authors=("Ayman al-Zawahiri",)),
        KnownDocument("other", "Other speech", None, "2017-09", authors=("Ayman al-Zawahiri",)),
    ]
    found = scan_text(text, documents=documents, claims=[claim_at(text, "al-Zawahiri railed", "z")])
    assert found[0].document == "speech"


def test_lettered_footnotes_and_references_in_them() -> None:
    text = (
        "He advised jihadis against attacking each other.h The rest of the paragraph.\n\n"
        "h In September 2015, he had advised jihadis in the region against fighting. Tim Lister, "
        "“Al Qaeda leader to ISIS: You’re wrong,” CNN, September 15, 2015.\n"
    )
    claims = [
        claim_at(text, "advised jihadis against attacking", "body"),
        claim_at(text, "he had advised", "note"),
    ]
    documents = [KnownDocument("cnn-2015", "Al Qaeda leader to ISIS", "cnn", "2015-09-15")]
    letter, reference = scan_text(text, outlets=OUTLETS, documents=documents, claims=claims)
    assert (letter.marker, letter.source, letter.document, letter.claims) == (
        "h",
        "footnote",
        "cnn-2015",
        ("body",),
    )
    assert (reference.marker, reference.source, reference.claims) == (
        "CNN, September 15, 2015",
        "reference",
        ("note",),
    )


def test_according_to_and_attributions() -> None:
    text = (
        "A knowledgeable source from ISIS reported that al-Hadrami led the council. "
        "The source added that he ran four camps.\n\n"
        "“We confirm our pledge,” AQIM says, according to SITE’s translation.\n\n"
        "The report states:\n\n“The incident is believed to have taken place on 10 January.”\n"
    )
    claims = [
        claim_at(text, "al-Hadrami led the council", "council"),
        claim_at(text, "he ran four camps", "camps"),
        claim_at(text, "We confirm our pledge", "pledge"),
        claim_at(text, "taken place on 10 January", "january"),
    ]
    documents = [KnownDocument("site-report", "SITE report", "site", "2014-07")]
    found = scan_text(text, outlets=OUTLETS, documents=documents, claims=claims, published="2014-07")
    source = by_marker(found, "A knowledgeable source from ISIS reported")
    assert (source.kind, source.person, source.claims) == (
        "according_to",
        "a knowledgeable source from ISIS",
        ("council",),
    )
    added = by_marker(found, "The source added")
    assert added.person == "a knowledgeable source from ISIS" and added.claims == ("camps",)
    site = by_marker(found, "according to SITE’s translation")
    assert (site.outlet, site.document, site.claims) == ("site", "site-report", ("pledge",))
    report = by_marker(found, "The report states")
    assert report.kind == "quotes" and report.claims == ("january",) and report.document == "site-report"


def test_a_known_documents_title_printed_in_the_text_is_a_citation() -> None:
    text = "Five jihadis traveled to Syria, as told in “In the Shade of the Tree of\nJihad.”\n"
    documents = [
        KnownDocument("atoun", "In the Shade of the Tree of Jihad (unpublished book)", None, "2016-11")
    ]
    [p] = scan_text(text, documents=documents, claims=[claim_at(text, "Five jihadis traveled", "five")])
    assert (p.source, p.document, p.claims) == ("title", "atoun", ("five",))


def test_the_citing_documents_own_byline_is_not_a_citation() -> None:
    text = "Global Research, February 09, 2019\n\nThe text.\n"
    outlets = [KnownOutlet("global-research", "Global Research")]
    assert scan_text(text, outlets=outlets, published="2019-02-09", outlet="global-research") == []


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab (),.;:[]1234\n“”See according to May 8, 2019 The source said")),
        max_size=300,
    )
)
def test_every_proposal_is_its_own_span_of_the_text(text: str) -> None:
    for p in scan_text(text, outlets=OUTLETS, published="2019"):
        assert text[p.start : p.end] == p.marker and p.marker.strip() == p.marker


def test_the_seed_texts_scan_quickly_and_consistently(seed_text) -> None:  # type: ignore[no-untyped-def]
    for number in range(5):
        text = seed_text(number).read_text(encoding="utf-8")
        found = scan_text(text, outlets=OUTLETS, published="2019")
        assert found == scan_text(text, outlets=OUTLETS, published="2019")
        assert all(text[p.start : p.end] == p.marker for p in found)
        assert [p.number for p in found] == list(range(1, len(found) + 1))


# ------------------------------------------------------------------------------------------ the CLI

REPORT = (
    "Regional officials said al-Baghdadi was wounded (Asharq al-Awsat, February 8). "
    "The group denied it (Alsumaria, October 7, 2016).\n\n"
    "A later paragraph with no citation at all.\n"
)


@pytest.fixture
def store(cli: Cli, tmp_path: Path) -> Cli:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    cli("outlet", "add", "Asharq al-Awsat", "--grade", "C", "--key", "asharq-al-awsat")
    cli("doc", "add", report, "--title", "Report", "--key", "report", "--published", "2019-03")
    cli(
        "doc",
        "add",
        "--unheld",
        "--title",
        "Asharq report",
        "--outlet",
        "asharq-al-awsat",
        "--published",
        "2019-02-08",
        "--key",
        "asharq",
    )
    for quote, key in (("al-Baghdadi was wounded", "wounded"), ("The group denied it", "denied")):
        cli("claim", "add", "report", "--quote", quote, "--statement", key, "--key", key)
    return cli


def test_find_lists_proposals_and_json(store: Cli) -> None:
    listed = store("cites", "find", "report", "--markers-only").stdout
    assert "(Asharq al-Awsat, February 8)" in listed and "doc asharq" in listed and "new" in listed
    data = store.json("cites", "find", "report", "--markers-only")
    assert [p["marker"] for p in data] == ["(Asharq al-Awsat, February 8)", "(Alsumaria, October 7, 2016)"]
    assert data[0]["target"]["document"] == "asharq" and data[0]["claims"] == ["wounded"]
    assert data[1]["target"]["new_document"]["published"] == "2016-10-07"
    assert data[1]["start"] == REPORT.index("(Alsumaria")


def test_accept_records_citations_in_one_transaction(store: Cli) -> None:
    before = dump_store(store.url)
    refused = store("cites", "find", "report", "--markers-only", "--accept", "all", ok=False)
    assert "--create-missing" in refused.stderr
    assert dump_store(store.url) == before  # nothing written: one transaction
    store("cites", "find", "report", "--markers-only", "--accept", "1")
    citations = store.json("citation", "list", "--claim", "wounded")
    assert [(c["locator"], c["locator_start"]) for c in citations] == [
        ("(Asharq al-Awsat, February 8)", REPORT.index("(Asharq"))
    ]
    assert store.json("cites", "find", "report", "--markers-only")[0]["status"] == "recorded"
    done = json.loads(
        store(
            "cites", "find", "report", "--markers-only", "--accept", "all", "--create-missing", "--json"
        ).stdout
    )
    assert [d["proposal"] for d in done] == [2] and done[0]["created_document"]
    created = done[0]["created_document"]
    assert store.json("doc", "show", created)["published"] == "2016-10-07"
    assert [p["status"] for p in store.json("cites", "find", "report", "--markers-only")] == [
        "recorded",
        "recorded",
    ]
    events = store.json("log", "--noun", "citation")
    assert len(events) == 2 and all(e["actor"] == "tester" for e in events)
    bad = store("cites", "find", "report", "--markers-only", "--accept", "7", ok=False)
    assert "between 1 and 2" in bad.stderr


def test_review_prompts_for_each_proposal_with_piped_input(store: Cli) -> None:
    reviewed = store("cites", "find", "report", "--markers-only", "--review", input="e\nnowhere\nasharq\ns\n")
    assert "no doc 'nowhere'" in reviewed.stdout  # a wrong target is asked again
    assert [c["document"] for c in store.json("citation", "list", "--claim", "wounded")] == [2]
    assert store.json("citation", "list", "--claim", "denied") == []
    quitting = store("cites", "find", "report", "--markers-only", "--review", input="q\n")
    assert "nothing was recorded" in quitting.stdout
    aborted = store(
        "cites", "find", "report", "--markers-only", "--review", input="", ok=False
    )  # stdin ends mid-review
    assert "nothing was recorded" in aborted.stderr
    edited = store(
        "cites", "find", "report", "--markers-only", "--review", input="e\nperson:an Alsumaria reporter\n"
    )
    assert "added citations" in edited.stdout
    [person] = store.json("citation", "list", "--claim", "denied")
    assert (person["person"], person["locator"]) == ("an Alsumaria reporter", "(Alsumaria, October 7, 2016)")
    assert "nothing chosen" in store("cites", "find", "report", "--markers-only", "--review", input="").stdout


def test_accepting_a_stale_listing_is_refused(store: Cli) -> None:
    from provenance import Store
    from provenance.cites import accept_chosen, find_citations
    from provenance.errors import EditConflict

    db = Store(store.url, actor="tester")
    try:
        with db.read() as session:
            seen = find_citations(session, "report")
        store(
            "claim", "add", "report", "--quote", "A later paragraph", "--statement", "later", "--key", "later"
        )
        with pytest.raises(EditConflict, match="changed while you chose"), db.write() as session:
            accept_chosen(session, "report", seen[:1], [1])
    finally:
        db.dispose()
    assert store.json("citation", "list") == []
    assert (
        "added citations"
        in store("cites", "find", "report", "--markers-only", "--accept", "all", "--create-missing").stdout
    )
    assert "nothing to record" in store("cites", "find", "report", "--markers-only", "--accept", "all").stdout


def test_find_refuses_unheld_documents_and_mixed_options(store: Cli) -> None:
    assert "unheld" in store("cites", "find", "asharq", ok=False).stderr
    assert (
        "not both"
        in store("cites", "find", "report", "--markers-only", "--accept", "1", "--review", ok=False).stderr
    )


# --------------------------------------------------------------------------------- the seed corpus

# The figures benchmarks/citefinder.py reached, rounded down to 0.05: a change that loses
# precision or recall on the curated corpus fails here.
PRECISION_FLOOR = 0.70
RECALL_FLOOR = 0.70


def test_precision_and_recall_on_the_seed_corpus_do_not_drop() -> None:
    spec = importlib.util.spec_from_file_location(
        "citefinder_benchmark", REPO / "benchmarks" / "citefinder.py"
    )
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = benchmark  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(benchmark)
    finally:
        del sys.modules[spec.name]
    scores, total = benchmark.run()
    assert len(scores) == 5
    assert total.precision >= PRECISION_FLOOR, [(s.document, s.precision) for s in scores]
    assert total.recall >= RECALL_FLOOR, [(s.document, s.recall) for s in scores]
