"""Bulk review from the CLI: `conflicts confirm|dismiss` take ids or filters, a dry run changes nothing,
every decision is an event, and a refused selection leaves the store as it was (both engines)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Cli, dump_store
from test_report_support import small_store


@pytest.fixture
def queue(cli: Cli, tmp_path: Path) -> tuple[Cli, dict[str, int]]:
    """The small store with two detected contradictions awaiting review, one per property."""
    small_store(cli, tmp_path)
    for claim, value in (("1", "2015"), ("4", "2018")):
        cli(
            "assert",
            claim,
            "--subject",
            "al-Binali",
            "--property",
            "coup_date",
            "--value",
            value,
            "--type",
            "date",
        )
    for claim, value in (("2", "5"), ("3", "9")):
        cli(
            "assert", claim, "--subject", "al-Binali", "--property", "plotters", "--value", value,
            "--type", "quantity",
        )  # fmt: skip
    cli("conflicts")
    awaiting = [
        r
        for r in cli.json("conflicts", "--no-detect", "--no-suggest")["contradictions"]  # type: ignore[index]
        if r["status"] == "detected"
    ]
    by_pair = {frozenset((r["a"], r["b"])): r["id"] for r in awaiting}
    assert set(by_pair) == {frozenset((1, 4)), frozenset((2, 3))}, awaiting
    return cli, {"coup_date": by_pair[frozenset((1, 4))], "plotters": by_pair[frozenset((2, 3))]}


def _statuses(cli: Cli) -> dict[int, str]:
    listed = cli.json("conflicts", "--no-detect", "--no-suggest")["contradictions"]  # type: ignore[index]
    return {r["id"]: r["status"] for r in listed}


def test_a_dry_run_lists_the_selection_and_changes_nothing(queue) -> None:  # type: ignore[no-untyped-def]
    cli, ids = queue
    before = dump_store(cli.url)
    out = cli("conflicts", "confirm", "--property", "coup_date", "--dry-run").stdout
    assert f"contradiction {ids['coup_date']} " in out and "would be confirmed" in out
    assert f"contradiction {ids['plotters']} " not in out
    assert "1 contradiction(s) would be confirmed (dry run: nothing changed)" in out
    assert dump_store(cli.url) == before


def test_confirm_by_filter_takes_only_what_it_names(queue) -> None:  # type: ignore[no-untyped-def]
    cli, ids = queue
    cli(
        "conflicts",
        "confirm",
        "--property",
        "coup_date",
        "--subject",
        "al-Binali",
        "--note",
        "both cannot hold",
    )
    statuses = _statuses(cli)
    assert statuses[ids["coup_date"]] == "confirmed" and statuses[ids["plotters"]] == "detected"
    log = cli("log", "--limit", "3").stdout
    assert f"confirmed contradiction {ids['coup_date']}" in log


def test_dismiss_everything_from_a_document_with_one_reason(queue) -> None:  # type: ignore[no-untyped-def]
    cli, ids = queue
    out = cli("conflicts", "dismiss", "--all-from", "the-caliph-s-men", "--note", "a different plot").stdout
    assert "2 contradiction(s) dismissed" in out  # claims 2 and 4 are quoted from the second document
    statuses = _statuses(cli)
    assert statuses[ids["coup_date"]] == statuses[ids["plotters"]] == "dismissed"
    events = cli("log", "--limit", "5").stdout
    assert events.count("dismissed contradiction") == 2  # one event per decision


def test_several_ids_at_once_and_refusals_leave_the_store(queue) -> None:  # type: ignore[no-untyped-def]
    cli, ids = queue
    before = dump_store(cli.url)
    # One id that does not await review (relation 1 is a curator's confirmed one): nothing changes.
    result = cli("conflicts", "confirm", str(ids["plotters"]), "1", ok=False)
    assert "does not await review" in result.output and dump_store(cli.url) == before
    assert "say which" in cli("conflicts", "dismiss", "--note", "x", ok=False).output
    assert (
        "only detected or suggested" in cli("conflicts", "confirm", "--status", "confirmed", ok=False).output
    )
    assert (
        "one contradiction"
        in cli("conflicts", "confirm", "--property", "plotters", "--expect-version", "1", ok=False).output
    )
    assert dump_store(cli.url) == before
    cli("conflicts", "confirm", str(ids["plotters"]), str(ids["coup_date"]))
    assert set(_statuses(cli).values()) == {"confirmed"}


def test_review_walks_the_queue_in_the_terminal(queue) -> None:  # type: ignore[no-untyped-def]
    cli, ids = queue
    first, second = sorted(ids.values())
    # open the first pair, then confirm it with a note; press x (unknown), then dismiss the second
    # with an empty reason first (asked again), then a reason.
    keys = "o\nc\nboth cannot hold\nx\nd\n\nnot one plot\n"
    out = cli("conflicts", "review", input=keys).stdout
    assert f"[1/2] contradiction {first} · detected" in out and f"[2/2] contradiction {second}" in out
    assert "keys: c, d, s, o, q" in out
    assert "1 confirmed, 1 dismissed, 0 skipped" in out
    assert _statuses(cli)[first] == "confirmed" and _statuses(cli)[second] == "dismissed"
    assert "nothing awaits review" in cli("conflicts", "review").stdout


def test_skipping_and_quitting_the_review_change_nothing(queue) -> None:  # type: ignore[no-untyped-def]
    cli, _ = queue
    before = dump_store(cli.url)
    assert "0 confirmed, 0 dismissed, 1 skipped" in cli("conflicts", "review", input="s\nq\n").stdout
    assert dump_store(cli.url) == before
