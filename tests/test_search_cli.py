"""`provenance search` and `provenance db reindex` through the real CLI, on SQLite and PostgreSQL:
the same answers for the same queries on both (the order may differ only among equal scores)."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

import pytest
from conftest import REPO, Cli

SEED_BUNDLE = REPO / "seeds" / "bundle.yaml"
QUERIES = [
    "Binali",
    "binali death",
    "bagdadi",
    "Bukamal",
    "Daesh",
    "داعش",
    "al-Bin'ali",
    "coup attempt",
    "airstrike 2017",
    "Caliph Ibrahim",
    "delegated committee",
    "hazimi",
    "[1]",
    "Asharq al-Awsat",
    "Jihadica",
    "qaida",
]


def answers(cli: Cli, query: str, *options: str) -> list[tuple[float, list[tuple[str, int, object]]]]:
    """Hits grouped by score, best first; inside a group, in a fixed order (ties may be ordered
    differently by the engines)."""
    hits = cli.json("search", query, "--limit", "60", *options)
    assert isinstance(hits, list)
    grouped = []
    for score, group in groupby(hits, key=lambda h: h["score"]):
        grouped.append((score, sorted((h["kind"], h["id"], h["start"]) for h in group)))
    return grouped


@pytest.fixture
def both(sqlite_url: str, postgres_url: str, tmp_path: Path) -> tuple[Cli, Cli]:
    stores = []
    for url, folder in ((sqlite_url, tmp_path / "sqlite"), (postgres_url, tmp_path / "postgres")):
        folder.mkdir()
        cli = Cli(url, folder)
        cli("init")
        cli("import", SEED_BUNDLE)
        stores.append(cli)
    return stores[0], stores[1]


def test_sqlite_and_postgresql_give_the_same_answers(both: tuple[Cli, Cli]) -> None:
    sqlite, postgres = both
    for query in QUERIES:
        found = answers(sqlite, query)
        assert found, query
        assert found == answers(postgres, query), query
    for options in (("--kind", "claim"), ("--since", "2019"), ("--until", "2016"), ("--verdict", "disputed")):
        assert answers(sqlite, "baghdadi", *options) == answers(postgres, "baghdadi", *options), options


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    cli("import", SEED_BUNDLE)
    return cli


def test_text_output_names_document_and_offset_and_marks_the_match(seeded: Cli) -> None:
    out = seeded("search", "Bukamal").stdout.splitlines()
    assert len(out) == 2
    head, passage = out
    assert head.startswith("passage ") and " at " in head
    assert "Al-[Bukamal]" in passage
    hit = seeded.json("search", "Bukamal")[0]
    text = seeded("doc", "text", str(hit["document"])).stdout
    assert text[hit["start"] : hit["end"]] == hit["text"]
    assert [hit["text"][a:b] for a, b in hit["marks"]] == ["Bukamal"]


def test_names_the_way_people_type_them(seeded: Cli) -> None:
    first = {
        q: seeded.json("search", q)[0] for q in ("Binali", "al-Binʿali", "AL BIN'ALI", "bagdadi", "Daesh")
    }
    assert {first[q]["key"] for q in ("Binali", "al-Binʿali", "AL BIN'ALI")} == {"turki-al-binali"}
    assert first["bagdadi"]["key"] == "abu-bakr-al-baghdadi"
    assert first["Daesh"]["key"] == "islamic-state"
    about = {c["key"] for c in seeded.json("claim", "list", "--entity", "turki-al-binali")}
    found = {h["key"] for h in seeded.json("search", "Binali", "--kind", "claim", "--limit", "100")}
    assert about <= found


def test_bad_filters_and_empty_queries_are_one_line_errors(seeded: Cli) -> None:
    for args, words in [
        (("search", "x", "--kind", "tweet"), "search kind 'tweet'"),
        (("search", "x", "--doc", "no-such-doc"), "no-such-doc"),
        (("search", "x", "--entity", "Nobody At All"), "no entity"),
        (("search", "x", "--verdict", "maybe"), "verdict 'maybe'"),
        (("search", "x", "--until", "soonish"), "--until"),
        (("search", "?!"), "nothing to search for"),
    ]:
        result = seeded(*args, ok=False)
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_reindex_command(seeded: Cli) -> None:
    before = seeded.json("search", "coup attempt")
    out = seeded("db", "reindex").stdout
    assert out.startswith("search index rebuilt: ") and int(out.split(": ")[1].split()[0]) > 800
    assert seeded.json("search", "coup attempt") == before


def test_hostile_text_in_indexed_fields_stays_text(cli: Cli, tmp_path: Path) -> None:
    from test_report_support import PAYLOADS

    doc = tmp_path / "hostile.txt"
    doc.write_text("A text that holds " + " ".join(PAYLOADS[:6]) + " and ends.\n", encoding="utf-8")
    cli("doc", "add", doc, "--title", 'OR "NEAR(" -x:* ' + PAYLOADS[1])
    cli("entity", "add", 'Name "with" OR NEAR( quotes*', "--alias", "x:y -z")
    for query in ('"NEAR("', "OR", "x:y", " -z", "quotes*", "pwned", "onerror"):  # " -z": not an option
        hits = cli.json("search", query)
        assert hits, query
    titles = [h["title"] for h in cli.json("search", "onerror")]
    assert 'OR "NEAR(" -x:* ' + PAYLOADS[1] in titles  # exactly as stored


def test_said_elsewhere_lists_the_same_claim_in_another_document(seeded: Cli) -> None:
    shown = seeded.json("claim", "show", "tm-binali-killed-2015")
    elsewhere = shown["said_elsewhere"]
    assert (
        elsewhere
        and elsewhere[0]["kind"] == "claim"
        and elsewhere[0]["key"] == "ctc-cb-binali-killed-may-2017"
    )
    own_document = shown["document"]
    assert all(h["document"] != own_document for h in elsewhere)  # elsewhere: other documents
    for hit in elsewhere:
        if hit["kind"] == "passage":
            text = seeded("doc", "text", str(hit["document"])).stdout
            assert text[hit["start"] : hit["end"]] == hit["text"]
    back = seeded.json("claim", "show", "ctc-cb-binali-killed-may-2017")["said_elsewhere"]
    assert "tm-binali-killed-2015" in [h["key"] for h in back]
    text = seeded("claim", "show", "tm-binali-killed-2015").stdout
    assert "said elsewhere  claim 104 (ctc-cb-binali-killed-may-2017)" in text
