"""Contradictions detected from assertions and suggested from text, reviewed through the CLI."""

from __future__ import annotations


def _store(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    texts = {
        "tm": "Turki al-Binali was killed in a coalition airstrike in 2015. An estimated 500 fighters stay.",
        "ctc": "Turki al-Bin'ali was killed in an airstrike in May 2017. Several hundred fighters remain.",
        "other": "Al-Binali died in 2017, the group said.",
    }
    for name, body in texts.items():
        (tmp_path / f"{name}.txt").write_text(body, encoding="utf-8")
        cli("doc", "add", tmp_path / f"{name}.txt", "--title", name, "--key", name, "--published", "2019-03")
    cli(
        "entity",
        "add",
        "Turki al-Binali",
        "--alias",
        "Turki al-Bin'ali",
        "--alias",
        "al-Binali",
        "--key",
        "binali",
    )
    cli("entity", "add", "Islamic State", "--kind", "group", "--key", "is")
    claims = [
        ("tm", "killed in a coalition airstrike in 2015", "tm-death"),
        ("ctc", "killed in an airstrike in May 2017", "ctc-death"),
        ("other", "died in 2017", "other-death"),
        ("tm", "An estimated 500 fighters stay", "tm-fighters"),
        ("ctc", "Several hundred fighters remain", "ctc-fighters"),
    ]
    for doc, quote, key in claims:
        cli("claim", "add", doc, "--quote", quote, "--statement", quote, "--key", key, "--entity", "binali")
    # Subjects given by alias: detection matches entities through their aliases.
    cli(
        "assert",
        "tm-death",
        "--subject",
        "Turki al-Binali",
        "--property",
        "death_date",
        "--type",
        "date",
        "--value",
        "2015",
    )
    cli(
        "assert",
        "ctc-death",
        "--subject",
        "Turki al-Bin'ali",
        "--property",
        "death_date",
        "--type",
        "date",
        "--value",
        "May 2017",
    )
    cli(
        "assert",
        "other-death",
        "--subject",
        "al Binali",
        "--property",
        "death date",
        "--type",
        "date",
        "--value",
        "2017",
    )
    for key, value in (("tm-fighters", "an estimated 500"), ("ctc-fighters", "several hundred")):
        cli(
            "assert",
            key,
            "--subject",
            "is",
            "--property",
            "fighters_near_hajin",
            "--type",
            "quantity",
            "--value",
            value,
        )


def _pairs(data, status):  # type: ignore[no-untyped-def]
    return {frozenset((r["a"], r["b"])) for r in data["contradictions"] if r["status"] == status}


def test_detection_flags_incompatible_values_and_not_overlaps(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _store(cli, tmp_path)
    ids = {c["key"]: c["id"] for c in cli.json("claim", "list")}
    data = cli.json("conflicts", "--no-suggest")
    assert data["new"]["detected"] == 2
    assert _pairs(data, "detected") == {
        frozenset((ids["tm-death"], ids["ctc-death"])),  # 2015 vs May 2017
        frozenset((ids["tm-death"], ids["other-death"])),  # 2015 vs 2017
    }
    # "2017" vs "May 2017" and "an estimated 500" vs "several hundred" are compatible.
    # Running again proposes nothing new.
    assert cli.json("conflicts", "--no-suggest")["new"]["detected"] == 0


def test_dismissal_is_remembered_and_logged(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _store(cli, tmp_path)
    data = cli.json("conflicts", "--no-suggest")
    first = sorted(r["id"] for r in data["contradictions"])[0]
    cli("conflicts", "dismiss", str(first), "--note", "different deaths, apparently")
    again = cli.json("conflicts", "--no-suggest")
    assert again["new"]["detected"] == 0
    statuses = {r["id"]: r["status"] for r in again["contradictions"]}
    assert statuses[first] == "dismissed"
    log = cli.json("log", "--noun", "relation")
    assert any(e["action"] == "dismiss" and e["record"] == first and e["actor"] == "tester" for e in log)
    cli("conflicts", "confirm", str(first))
    assert {r["id"]: r["status"] for r in cli.json("conflicts", "--no-detect")["contradictions"]}[
        first
    ] == "confirmed"


def test_suggestions_from_text_wait_for_a_curator(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # No assertions here: only the text says the dates differ.
    texts = {
        "a": "Al-Adnani was killed in an airstrike near Aleppo in August 2016.",
        "b": "Al-Adnani was killed in an airstrike near Aleppo in 2015, a source claimed.",
    }
    cli("entity", "add", "Abu Muhammad al-Adnani", "--alias", "Al-Adnani", "--key", "adnani")
    for key, body in texts.items():
        (tmp_path / f"{key}.txt").write_text(body, encoding="utf-8")
        cli("doc", "add", tmp_path / f"{key}.txt", "--title", key, "--key", key)
        quote = body.split("was ", 1)[1].split(",")[0].rstrip(".")
        cli(
            "claim",
            "add",
            key,
            "--quote",
            quote,
            "--statement",
            f"Al-Adnani was {quote}",
            "--entity",
            "Al-Adnani",
            "--key",
            f"{key}-1",
        )
    data = cli.json("conflicts")
    suggested = [r for r in data["contradictions"] if r["status"] == "suggested"]
    assert len(suggested) == 1
    assert suggested[0]["note"] == "both name Abu Muhammad al-Adnani: August 2016 vs 2015"
    assert not cli.json("relation", "list", "--status", "confirmed")


def test_review_of_something_that_is_not_a_contradiction_is_refused(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _store(cli, tmp_path)
    cli("relate", "tm-fighters", "corroborates", "ctc-fighters")
    relation = cli.json("relation", "list")[0]["id"]
    out = cli("conflicts", "confirm", str(relation), ok=False)
    assert "not a contradiction" in out.stderr
    cli("conflicts", "dismiss", "999", "--note", "x", ok=False)
