"""Curation through the real CLI, on both engines: citations with anchored locators, relations,
entities and their aliases, typed assertions, and the event log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import Cli, dump_store

REPORT = (
    "Regional intelligence officials said al-Baghdadi was wounded (Asharq al-Awsat, February 8). "
    "The group denied it [1].\n"
    "Later the group's media arm said he had recovered [1]. About 80 fighters were at the start of "
    "the siege (Alsumaria, October 7, 2016).\n"
)
OTHER = "Turki al-Binali was killed in a 2015 airstrike, the monitor said.\n"


def error_line(result: object) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.fixture
def store(cli: Cli, tmp_path: Path) -> Cli:
    """Two held documents, one unheld, three claims and an entity."""
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(OTHER, encoding="utf-8")
    cli(
        "doc",
        "add",
        report,
        "--title",
        "Terrorism Monitor report",
        "--key",
        "report",
        "--published",
        "2019-03",
    )
    cli("doc", "add", other, "--title", "Monitor note", "--key", "note")
    cli("doc", "add", "--unheld", "--title", "Asharq al-Awsat, February 8", "--key", "asharq")
    cli("entity", "add", "Abu Bakr al-Baghdadi", "--alias", "al-Baghdadi", "--alias", "Caliph Ibrahim")
    for doc, quote, key in (
        ("report", "al-Baghdadi was wounded", "wounded"),
        ("report", "The group denied it", "denied"),
        ("report", "About 80 fighters were at the start", "fighters"),
    ):
        cli("claim", "add", doc, "--quote", quote, "--statement", key, "--key", key)
    cli(
        "claim",
        "add",
        "note",
        "--quote",
        "killed in a 2015 airstrike",
        "--statement",
        "2015",
        "--key",
        "binali",
    )
    return cli


# --- citations --------------------------------------------------------------------------------


def test_cite_a_document_with_its_locator_anchored(store: Cli) -> None:
    out = store(
        "cite", "wounded", "--doc", "asharq", "--locator", "(Asharq al-Awsat, February 8)", "--note", "n"
    ).stdout
    marker = REPORT.index("(Asharq al-Awsat, February 8)")
    assert f"(marker at {marker})" in out
    [citation] = store.json("citation", "list", "--claim", "wounded")
    assert citation == {
        "id": 1,
        "claim": 1,
        "kind": "cites",
        "document": 3,
        "entity": None,
        "person": None,
        "locator": "(Asharq al-Awsat, February 8)",
        "locator_start": marker,
        "locator_end": marker + len("(Asharq al-Awsat, February 8)"),
        "note": "n",
    }
    assert REPORT[citation["locator_start"] : citation["locator_end"]] == citation["locator"]
    assert [c["id"] for c in store.json("citation", "list", "--doc", "asharq")] == [1]
    assert store.json("doc", "show", "asharq")["cited_by"] == [1]


def test_a_repeated_marker_is_anchored_after_the_quote_or_where_told(store: Cli) -> None:
    first, second = REPORT.index("[1]"), REPORT.index("[1]", REPORT.index("[1]") + 1)
    store("cite", "denied", "--person", "the group's statement", "--locator", "[1]")
    store("cite", "fighters", "--person", "the media arm", "--locator", "[1]", "--kind", "according_to")
    store("cite", "wounded", "--person", "a source", "--locator", "[1]", "--locator-start", str(second))
    starts = [c["locator_start"] for c in store.json("citation", "list")]
    # "denied" is just before the first marker; "fighters" comes after both, so the nearest before it.
    assert starts == [first, second, second]
    before = dump_store(store.url)
    result = store("cite", "denied", "--person", "x", "--locator", "[1]", "--locator-start", "3", ok=False)
    assert "locator '[1]' is not at offset 3 of the document text" in error_line(result)
    assert dump_store(store.url) == before


def test_a_locator_not_printed_in_the_text_is_kept_unanchored(store: Cli) -> None:
    store("cite", "wounded", "--doc", "asharq", "--locator", "p. 8")
    [citation] = store.json("citation", "list")
    assert (citation["locator"], citation["locator_start"], citation["locator_end"]) == ("p. 8", None, None)


def test_cite_a_person_or_an_entity(store: Cli) -> None:
    store("cite", "wounded", "--person", "regional intelligence officials", "--kind", "according-to")
    store("cite", "denied", "--entity", "al Baghdadi", "--kind", "quotes")
    citations = store.json("citation", "list")
    assert [(c["claim"], c["kind"], c["document"], c["entity"], c["person"]) for c in citations] == [
        (1, "according_to", None, None, "regional intelligence officials"),
        (2, "quotes", None, 1, None),
    ]
    shown = store.json("claim", "show", "wounded")
    assert [c["person"] for c in shown["citations"]] == ["regional intelligence officials"]


BAD_CITATIONS = [
    (("--doc", "asharq", "--person", "officials"), "a citation needs exactly one target"),
    (("--doc", "asharq", "--entity", "al-Baghdadi"), "a citation needs exactly one target"),
    ((), "a citation needs exactly one target: --doc, --entity or --person"),
    (("--doc", "report"), "a claim cannot cite its own document"),
    (("--doc", "asharq", "--kind", "mentions"), "citation kind 'mentions' is not one of"),
    (("--doc", "nope"), "no doc 'nope'"),
    (("--entity", "Nobody"), "no entity 'Nobody'"),
    (("--person", "a\x00b"), "control character U+0000 (NUL)"),
]


def test_bad_citations_are_refused(store: Cli) -> None:
    before = dump_store(store.url)
    for args, says in BAD_CITATIONS:
        assert says in error_line(store("cite", "wounded", *args, ok=False)), args
    assert dump_store(store.url) == before


def test_citing_an_unknown_claim_is_refused(store: Cli) -> None:
    result = store("cite", "nope", "--doc", "asharq", ok=False)
    assert "no claim 'nope'" in error_line(result) and result.exit_code == 3


# --- relations --------------------------------------------------------------------------------


def test_relate_with_a_note_by_the_curator(store: Cli) -> None:
    out = store(
        "relate", "wounded", "contradicts", "denied", "--note", "wounded vs denial", user="fatima"
    ).stdout
    assert "added relation 1: wounded contradicts denied" in out
    assert store.json("relation", "list") == [
        {"id": 1, "a": 1, "kind": "contradicts", "b": 2, "status": "confirmed", "note": "wounded vs denial",
         "by": "fatima", "decision": None},  # made confirmed by its curator: no review decision
    ]  # fmt: skip
    store("relate", "fighters", "refines", "wounded")
    assert [r["id"] for r in store.json("relation", "list", "--kind", "contradicts")] == [1]
    assert [r["id"] for r in store.json("relation", "list", "--claim", "wounded")] == [1, 2]
    assert [r["id"] for r in store.json("relation", "list", "--status", "detected")] == []


@pytest.mark.parametrize("kind", ["contradicts", "corroborates"])
def test_symmetric_relation_duplicates_are_refused_both_ways(store: Cli, kind: str) -> None:
    store("relate", "wounded", kind, "denied")
    before = dump_store(store.url)
    for a, b in (("wounded", "denied"), ("denied", "wounded"), ("2", "1")):
        result = store("relate", a, kind, b, ok=False)
        assert f"are already related ({kind}, confirmed) as relation 1" in error_line(result)
        assert result.exit_code == 4
    assert dump_store(store.url) == before


def test_directed_relation_duplicate_is_refused(store: Cli) -> None:
    store("relate", "denied", "corrects", "wounded")
    before = dump_store(store.url)
    assert "already related (corrects" in error_line(
        store("relate", "denied", "corrects", "wounded", ok=False)
    )
    assert dump_store(store.url) == before


def test_bad_relations_are_refused(store: Cli) -> None:
    before = dump_store(store.url)
    for a, kind, b, says in [
        ("wounded", "contradicts", "wounded", "a claim cannot be related to itself"),
        ("wounded", "contradicts", "1", "a claim cannot be related to itself"),
        ("wounded", "disagrees", "denied", "relation 'disagrees' is not one of: contradicts, corroborates"),
        ("wounded", "contradicts", "nope", "no claim 'nope'"),
    ]:
        assert says in error_line(store("relate", a, kind, b, ok=False)), (a, kind, b)
    assert dump_store(store.url) == before


# --- entities ---------------------------------------------------------------------------------


def test_entity_lookups_fold_case_hyphens_and_diacritics(store: Cli) -> None:
    for name in ["al Baghdadi", "AL-BAGHDADI", "al-baghdadi", "Al‐Baghdadi", "abu bakr al baghdadi",
                 "Abū Bakr al-Baghdādī", "caliph ibrahim", "abu-bakr-al-baghdadi", "1"]:  # fmt: skip
        shown = store.json("entity", "show", name)
        assert (shown["id"], shown["name"]) == (1, "Abu Bakr al-Baghdadi"), name
        assert shown["aliases"] == ["Caliph Ibrahim", "al-Baghdadi"]
    # "al-Baghdadi was wounded" names him: claim add linked the entity its quote names.
    assert [c["key"] for c in store.json("claim", "list", "--entity", "AL BAGHDADI")] == ["wounded"]
    assert "no entity 'al-Baghdadiyya'" in error_line(store("entity", "show", "al-Baghdadiyya", ok=False))


def test_entity_add_list_and_alias(store: Cli) -> None:
    store("entity", "add", "Islamic State", "--kind", "group", "--alias", "ISIS", "--alias", "Daesh",
          "--description", "the group")  # fmt: skip
    store("entity", "alias", "isis", "IS", "ad-Dawla al-Islamiya")
    entities = store.json("entity", "list", "--kind", "group")
    assert entities == [
        {"id": 2, "key": "islamic-state", "name": "Islamic State", "kind": "group",
         "aliases": ["Daesh", "IS", "ISIS", "ad-Dawla al-Islamiya"], "description": "the group"},
    ]  # fmt: skip
    assert store.json("entity", "show", "ad Dawla al Islamiya")["id"] == 2
    assert "entity kind 'faction'" in error_line(store("entity", "add", "X", "--kind", "faction", ok=False))


def test_an_alias_cannot_name_two_entities(store: Cli) -> None:
    store("entity", "add", "Ibrahim Awad", "--key", "awad")
    before = dump_store(store.url)
    for args in [
        ("entity", "add", "Ibrahim al-Badri", "--alias", "al Baghdadi"),  # another's alias
        ("entity", "add", "Ibrahim al-Badri", "--alias", "Abu Bakr al Baghdadi"),  # another's name
        ("entity", "add", "AL BAGHDADI"),  # a name that is another's alias
        ("entity", "alias", "1", "al-Baghdadi"),  # the same alias again
    ]:
        result = store(*args, ok=False)
        line = error_line(result)
        assert "already" in line and "Abu Bakr al-Baghdadi" in line, args
        assert result.exit_code == 4
    assert dump_store(store.url) == before


def test_alias_shared_with_a_second_entity_via_alias_command(store: Cli) -> None:
    store("entity", "add", "Ibrahim Awad", "--key", "awad")
    before = dump_store(store.url)
    result = store("entity", "alias", "awad", "Al-Baghdadi", ok=False)
    assert "'Al-Baghdadi' already names entity 1 (Abu Bakr al-Baghdadi)" in error_line(result)
    assert dump_store(store.url) == before


def test_entity_merge_moves_claims_aliases_citations_and_assertions(store: Cli) -> None:
    store("entity", "add", "Abu Muath al-Jazairi", "--alias", "Abu Muath al-Jaza'iri", "--key", "jazairi")
    store("entity", "add", "Abu Muath al-Asimi", "--alias", "al-Asimi", "--key", "asimi")
    store("claim", "add", "report", "--quote", "said he had recovered", "--statement", "recovered",
          "--key", "recovered", "--entity", "al-Asimi", "--entity", "jazairi")  # fmt: skip
    store("cite", "wounded", "--entity", "asimi")
    store("assert", "recovered", "--subject", "al-Asimi", "--property", "status", "--value", "recovered")
    store("assert", "denied", "--subject", "al Baghdadi", "--property", "denied_by", "--type", "entity",
          "--value", "Abu Muath al-Asimi")  # fmt: skip

    out = store("entity", "merge", "asimi", "jazairi", user="gil").stdout
    assert "merged asimi into jazairi" in out
    merged = store.json("entity", "show", "Abu Muath al-Asimi")  # the old name is now an alias
    assert merged["key"] == "jazairi"
    assert merged["aliases"] == ["Abu Muath al-Asimi", "Abu Muath al-Jaza'iri", "al-Asimi"]
    assert merged["claims"] == [5]  # one link, not two
    assert [e["key"] for e in store.json("entity", "list")] == ["abu-bakr-al-baghdadi", "jazairi"]
    assert store.json("claim", "show", "recovered")["entities"] == ["jazairi"]
    assert [c["entity"] for c in store.json("citation", "list")] == [merged["id"]]
    assertions = store.json("assertion", "list", "--subject", "jazairi")
    assert [a["property"] for a in assertions] == ["status"]
    # assertion columns: id, claim_id, subject_id, property, value_type, value, value_entity_id, …
    # (the reader's proposals share the table: status, the second last column, is "proposed")
    value_entity = {row[3]: row[6] for row in dump_store(store.url)["assertion"] if row[-2] == "accepted"}
    assert value_entity == {"status": None, "denied_by": merged["id"]}
    # The key "asimi" is gone; the word now finds the alias al-Asimi (a leading "al-" folds away).
    assert store.json("entity", "show", "asimi")["key"] == "jazairi"
    assert "no entity 'al-Asimi-2'" in error_line(store("entity", "show", "al-Asimi-2", ok=False))
    event = store.json("log", "--noun", "entity", "--limit", "1")[0]
    assert (event["action"], event["actor"], event["before"]["name"]) == (
        "merge",
        "gil",
        "Abu Muath al-Asimi",
    )


def test_entity_merge_refusals(store: Cli) -> None:
    before = dump_store(store.url)
    assert "cannot be merged into itself" in error_line(
        store("entity", "merge", "al Baghdadi", "1", ok=False)
    )
    assert "no entity 'nobody'" in error_line(store("entity", "merge", "nobody", "1", ok=False))
    assert dump_store(store.url) == before


# --- assertions -------------------------------------------------------------------------------


def test_assert_typed_values(store: Cli) -> None:
    store("entity", "add", "Turki al-Binali", "--alias", "Turki al-Bin'ali", "--key", "binali")
    store("assert", "binali", "--subject", "Turki al-Bin'ali", "--property", "death_date", "--type", "date",
          "--value", "2015")  # fmt: skip
    store("assert", "fighters", "--subject", "al-Baghdadi", "--property", "fighters count",
          "--type", "quantity", "--value", "about 80", "--holds-for", "at the start")  # fmt: skip
    store("assert", "wounded", "--subject", "al-Baghdadi", "--property", "wounded_by", "--type", "entity",
          "--value", "turki al binali")  # fmt: skip
    store("assert", "denied", "--subject", "al-Baghdadi", "--property", "status", "--value", "unharmed")
    store("assert", "wounded", "--subject", "al-Baghdadi", "--property", "wounded_on", "--type", "date",
          "--value", "October 7")  # fmt: skip  # the year comes from the document's date (2019-03)
    rows = store.json("assertion", "list")
    assert [
        (a["claim"], a["subject"], a["property"], a["type"], a["value"], a["holds_for"]) for a in rows
    ] == [
        (4, 2, "death_date", "date", "2015", None),
        (3, 1, "fighters_count", "quantity", "about 80", "at the start"),
        (1, 1, "wounded_by", "entity", "turki al binali", None),
        (2, 1, "status", "text", "unharmed", None),
        (1, 1, "wounded_on", "date", "October 7", None),
    ]
    # The curator's assertions, in the order made (the reader's proposals of claim add came first).
    ids = [a["id"] for a in rows]
    assert ids == sorted(ids)
    value_entity = {row[0]: row[6] for row in dump_store(store.url)["assertion"] if row[-2] == "accepted"}
    assert value_entity == dict(zip(ids, [None, None, 2, None, None], strict=True))
    assert [a["id"] for a in store.json("assertion", "list", "--claim", "wounded")] == [ids[2], ids[4]]
    assert [a["id"] for a in store.json("assertion", "list", "--subject", "binali")] == [ids[0]]


def test_malformed_assertions_are_refused_with_the_accepted_forms(store: Cli) -> None:
    before = dump_store(store.url)
    for args, says in [
        (("--type", "date", "--value", "Maytember 2017"), "accepted forms: 2015, May 2017"),
        (("--type", "date", "--value", "2019-02-30"), "2019-02-30"),
        (("--type", "quantity", "--value", "lots"), "accepted forms: 80, 1,500"),
        (("--type", "entity", "--value", "Nobody Known"), "no entity 'Nobody Known'"),
        (
            ("--type", "colour", "--value", "red"),
            "value type 'colour' is not one of: date, quantity, entity, text",
        ),
        (("--type", "text", "--value", "  "), "empty"),
    ]:
        result = store("assert", "wounded", "--subject", "al-Baghdadi", "--property", "p", *args, ok=False)
        assert says in error_line(result), args
    assert dump_store(store.url) == before


def test_assertion_property_subject_and_year_refusals(store: Cli) -> None:
    before = dump_store(store.url)
    base = ("assert", "binali", "--value", "2015", "--type", "date")
    line = error_line(store(*base, "--subject", "al-Baghdadi", "--property", "Death Date!", ok=False))
    assert "must be a snake_case name" in line
    line = error_line(store(*base, "--subject", "Nobody", "--property", "death_date", ok=False))
    assert "no entity 'Nobody'" in line
    # The note has no publication date, so a date without a year cannot be read.
    result = store("assert", "binali", "--subject", "al-Baghdadi", "--property", "death_date",
                   "--type", "date", "--value", "October 7", ok=False)  # fmt: skip
    assert "has no year" in error_line(result)
    assert dump_store(store.url) == before


# --- the log ----------------------------------------------------------------------------------


def test_log_shows_a_claims_history(store: Cli) -> None:
    store("claim", "verdict", "wounded", "disputed", user="alice")
    store("claim", "verdict", "wounded", "refuted", "--credibility", "5", user="bob")
    history = store.json("log", "claim:1")
    assert [(e["action"], e["actor"], e["noun"], e["record"]) for e in history] == [
        ("update", "bob", "claim", 1),
        ("update", "alice", "claim", 1),
        ("add", "tester", "claim", 1),
    ]
    assert history[0]["before"]["verdict"] == "disputed"
    assert history[0]["after"]["verdict"] == "refuted" and history[0]["after"]["credibility"] == 5
    assert history[2]["after"]["exact"] == "al-Baghdadi was wounded"
    assert history[2]["before"] is None
    assert store.json("log", "wounded") == history  # by key
    text = store("log", "claim:1").stdout
    assert "reviewed claim wounded: refuted, credibility 5" in text and "bob" in text


def test_log_filters(store: Cli) -> None:
    store("relate", "wounded", "contradicts", "denied", user="alice")
    store("cite", "wounded", "--doc", "asharq", user="bob")
    everything = store.json("log", "--limit", "0")
    assert [e["id"] for e in everything] == sorted((e["id"] for e in everything), reverse=True)
    assert len(everything) == 10  # 3 docs, 1 entity, 4 claims, 1 relation, 1 citation
    assert [e["noun"] for e in store.json("log", "--by", "alice")] == ["relation"]
    assert [e["actor"] for e in store.json("log", "--noun", "citation")] == ["bob"]
    assert [e["summary"] for e in store.json("log", "--noun", "doc")] == [
        "added unheld document 'Asharq al-Awsat, February 8'",
        "added held document 'Monitor note'",
        "added held document 'Terrorism Monitor report'",
    ]
    assert [e["record"] for e in store.json("log", "doc:2")] == [2]
    assert [e["noun"] for e in store.json("log", "asharq")] == ["doc"]
    assert len(store.json("log", "--limit", "3")) == 3
    assert store.json("log", "--by", "nobody") == []
    assert store.json("log", "claim:99") == []


def _at(event: dict) -> datetime:
    at = datetime.fromisoformat(event["at"])
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite keeps UTC without its offset


def test_log_since_and_until_agree_on_both_engines_whatever_the_offset(store: Cli) -> None:
    events = store.json("log", "--limit", "0")
    newest, oldest = _at(events[0]), _at(events[-1])
    after_all = (newest + timedelta(seconds=1)).replace(microsecond=0)
    before_all = (oldest - timedelta(seconds=1)).replace(microsecond=0)
    everything = len(events)
    for since in (before_all, before_all.replace(tzinfo=None)):  # a time without offset is UTC
        assert len(store.json("log", "--since", since.isoformat(), "--limit", "0")) == everything
    assert store.json("log", "--since", after_all.replace(tzinfo=None).isoformat()) == []
    # The same instants written with other offsets select the same events. (SQLite stores the
    # time without its offset: comparing the wall-clock text would shift them by hours.)
    west = after_all.astimezone(timezone(timedelta(hours=-5)))
    assert store.json("log", "--since", west.isoformat()) == []
    assert len(store.json("log", "--until", west.isoformat(), "--limit", "0")) == everything
    east = before_all.astimezone(timezone(timedelta(hours=7)))
    assert store.json("log", "--until", east.isoformat()) == []
    assert len(store.json("log", "--since", east.isoformat(), "--limit", "0")) == everything
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert store.json("log", "--since", tomorrow) == []
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    assert len(store.json("log", "--since", yesterday, "--until", tomorrow, "--limit", "0")) == everything


def test_log_refuses_bad_filters(store: Cli) -> None:
    for args, says in [
        (("claim:x",), "write NOUN:ID, e.g. claim:12"),
        (("--since", "yesterday"), "--since 'yesterday' is not a date or time"),
        (("--until", "21/11/2026"), "--until '21/11/2026' is not a date or time"),
    ]:
        result = store("log", *args, ok=False)
        assert says in error_line(result) and result.exit_code == 2, args
