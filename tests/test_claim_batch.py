"""`provenance claim add --from FILE` through the real CLI, on both engines: CSV and JSON lines, one
transaction, every problem named FILE:LINE field, the store unchanged on any error, hostile text kept
as text, and reading on (as a single `claim add` reads) or off."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import Cli, dump_store

REPORT = (
    "Regional officials said 80 fighters were killed in the siege of the town in May 2017.\n"
    'The monitor printed <script>alert("x")</script> & <b>bold</b> as its "source", verbatim.\n'
    "Later the group's media arm said the leader, Abu Bakr al-Baghdadi, had recovered.\n"
)
NOTE = "The ministry said 120 fighters were killed in the siege, a higher count than others gave.\n"
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture
def store(cli: Cli, tmp_path: Path) -> Cli:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "note.txt").write_text(NOTE, encoding="utf-8")
    cli("doc", "add", tmp_path / "report.txt", "--title", "Monitor report", "--key", "report")
    cli("doc", "add", tmp_path / "note.txt", "--title", "Ministry note", "--key", "note")
    cli("entity", "add", "Abu Bakr al-Baghdadi", "--alias", "al-Baghdadi", "--key", "baghdadi")
    return cli


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_a_csv_logs_every_row_in_one_command(store: Cli, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "claims.csv",
        ["doc", "quote", "statement", "speaker", "verdict", "credibility", "entity", "key"],
        [
            [
                "report",
                "80 fighters were killed",
                "80 killed",
                "Regional officials",
                "supported",
                "2",
                "",
                "k80",
            ],
            ["report", HOSTILE, "", "", "", "", "", "hostile"],
            ["note", "120 fighters were killed", "120 killed", "The ministry", "", "", "", "k120"],
            ["report", "had recovered", "He recovered", "", "", "", "baghdadi;al-Baghdadi", "recovered"],
        ],
    )
    done = store("claim", "add", "--from", source, "--no-read")
    assert "added 4 claims" in done.stdout
    claims = {c["key"]: c for c in store.json("claim", "list")}
    assert set(claims) == {"k80", "hostile", "k120", "recovered"}
    assert claims["k80"]["speaker"] == "Regional officials"
    assert claims["k80"]["verdict"] == "supported" and claims["k80"]["credibility"] == 2
    assert claims["hostile"]["exact"] == HOSTILE  # stored as text, not markup
    assert claims["hostile"]["statement"] == HOSTILE  # the statement defaults to the quote
    shown = store.json("claim", "show", "recovered")
    assert shown["entities"] == ["baghdadi"]  # two names of one entity are one link
    # Not read: no proposals were made.
    assert store.json("claim", "show", "k80")["readings"] == []
    events = store.json("log", "--noun", "claim")
    assert len([e for e in events if e["action"] == "add"]) == 4


def test_json_lines_with_reading_on_read_as_a_single_add_reads(store: Cli, tmp_path: Path) -> None:
    source = tmp_path / "claims.jsonl"
    lines = [
        {"doc": "report", "quote": "80 fighters were killed in the siege", "key": "batch80"},
        {
            "document": "note",
            "quote": "120 fighters were killed in the siege",
            "entities": [],
            "key": "batch120",
        },
        {"doc": "report", "quote": "Abu Bakr al-Baghdadi, had recovered", "key": "named"},
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    done = store("claim", "add", "--from", source)
    assert "added 3 claims" in done.stdout
    # The same quote logged alone, in the same store, reads the same.
    store("claim", "add", "report", "--quote", "80 fighters were killed in the siege", "--key", "single80")
    batch, single = store.json("claim", "show", "batch80"), store.json("claim", "show", "single80")
    assert batch["readings"] and [(r["property"], r["value"], r["status"]) for r in batch["readings"]] == [
        (r["property"], r["value"], r["status"]) for r in single["readings"]
    ]
    assert store.json("claim", "show", "named")["entities"] == ["baghdadi"]  # linked by the reader
    assert [c["key"] for c in store.json("claim", "list")] == ["batch80", "batch120", "named", "single80"]


def test_every_problem_is_named_by_line_and_field_and_nothing_is_logged(store: Cli, tmp_path: Path) -> None:
    store("claim", "add", "report", "--quote", "had recovered", "--key", "taken", "--no-read")
    before = dump_store(store.url)
    source = tmp_path / "bad.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"doc": "report", "quote": "80 fighters were killed", "key": "fine"}),
                json.dumps({"doc": "nowhere", "quote": "80 fighters"}),
                json.dumps({"doc": "report", "quote": "words the report never printed"}),
                "",
                json.dumps({"doc": "report", "quote": "80 fighters", "credibility": "high"}),
                "[1, 2]",
                "{not json",
                json.dumps({"doc": "report", "quote": "in May 2017", "verdict": "maybe"}),
                json.dumps({"doc": "report", "quote": "in May 2017", "key": "taken"}),
                json.dumps({"doc": "report", "statement": "no quote"}),
                json.dumps({"doc": "report", "quote": "in May 2017", "colour": "red"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    failed = store("claim", "add", "--from", source, ok=False)
    assert failed.exit_code == 2
    lines = failed.stderr.strip().splitlines()
    assert lines[0] == f"error: 9 problems in {source}; no claim was logged:"
    named = [line.split(": ", 1)[0] for line in lines[1:]]
    assert named == [
        f"{source}:2 doc",
        f"{source}:3 quote",
        f"{source}:5 credibility",
        f"{source}:6 json",
        f"{source}:7 json",
        f"{source}:8 verdict",
        f"{source}:9 key",
        f"{source}:10 quote",
        f"{source}:11 colour",
    ]
    assert "nowhere" in lines[1] and "maybe" in lines[6]
    assert dump_store(store.url) == before  # not even the good first row


def test_csv_problems_name_their_line(store: Cli, tmp_path: Path) -> None:
    before = dump_store(store.url)
    source = write_csv(
        tmp_path / "bad.csv",
        ["doc", "quote", "start"],
        [["report", "80 fighters", "x"], ["report", "multi\nline quote not in the text", ""], ["report", ""]],
    )
    failed = store("claim", "add", "--from", source, ok=False)
    lines = failed.stderr.strip().splitlines()[1:]
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{source}:2 start",
        f"{source}:3 quote",  # the row starts on line 3 (its quote spans two)
        f"{source}:5 row",  # two cells where the header names three
    ]
    header = write_csv(
        tmp_path / "header.csv", ["doc", "quote", "colour"], [["report", "80 fighters", "red"]]
    )
    failed = store("claim", "add", "--from", header, ok=False)
    assert f"{header}:1 header: unknown column ['colour']" in failed.stderr
    assert dump_store(store.url) == before


def test_from_refuses_the_single_claim_options(store: Cli, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "c.csv", ["doc", "quote"], [["report", "80 fighters"]])
    failed = store("claim", "add", "report", "--from", source, "--quote", "x", ok=False)
    assert failed.exit_code == 2 and "DOCUMENT" in failed.stderr and "--quote" in failed.stderr
    missing = store("claim", "add", "report", ok=False)
    assert missing.exit_code == 2 and "--quote" in missing.stderr
    gone = store("claim", "add", "--from", tmp_path / "nowhere.csv", ok=False)
    assert "nowhere.csv" in gone.stderr and "Traceback" not in gone.output
