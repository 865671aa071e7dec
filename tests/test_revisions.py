"""`doc revise` through the real CLI on both engines: T17 (moved), T18 (orphaned, never re-pointed
at look-alike text), unchanged, ambiguous, identical text, bad input, citations and parts."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Cli, dump_store

PARA = (
    "According to the statement released on Monday by the ministry, Team Alpha reported the attack "
    "at dawn and asked the army for support that night."
)
OLD = (
    "Officials met in Baghdad.\n\n"
    + PARA
    + "\n\nLater that week, Team Beta reported the attack to the press.\n"
)
EXACT = "Team Alpha reported the attack at dawn"


def write(tmp_path: Path, body: str | bytes, name: str = "new.txt") -> Path:
    path = tmp_path / name
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


def setup_doc(cli: Cli, tmp_path: Path, body: str = OLD, key: str = "art") -> None:
    cli("doc", "add", write(tmp_path, body, f"{key}-1.txt"), "--title", f"Article {key}", "--key", key)


def add_claim(cli: Cli, quote: str, key: str, *extra: str, doc: str = "art") -> dict:
    cli("claim", "add", doc, "--quote", quote, "--statement", f"statement {key}", "--key", key, *extra)
    return claim(cli, key)


def claim(cli: Cli, key: str) -> dict:
    return cli.json("claim", "show", key)  # type: ignore[return-value]


def revise(cli: Cli, tmp_path: Path, body: str | bytes, *, doc: str = "art", name: str = "new.txt") -> dict:
    return json.loads(cli("doc", "revise", doc, write(tmp_path, body, name), "--json").stdout)


def doc_text(cli: Cli, *args: str) -> str:
    return cli("doc", "text", *args).stdout


# --- T17: moved ------------------------------------------------------------------------------------


def test_t17_paragraph_inserted_before_a_claim_moves_it(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    before = add_claim(cli, EXACT, "alpha")
    new = "A new opening paragraph 🙂 about the 2014 campaign.\n\n" + OLD

    result = revise(cli, tmp_path, new)

    assert result["revision"] == 2 and result["changed"] is True
    [outcome] = result["claims"]
    start = new.index(EXACT)
    assert outcome["outcome"] == "moved"
    assert outcome["old_span"] == [before["start"], before["end"]] and outcome["old_revision"] == 1
    assert outcome["new_span"] == [start, start + len(EXACT)] and outcome["revision"] == 2
    after = claim(cli, "alpha")
    assert (after["revision"], after["start"], after["end"], after["anchor"]) == (
        2,
        start,
        start + len(EXACT),
        "moved",
    )
    assert after["exact"] == EXACT and new[after["start"] : after["end"]] == EXACT
    assert after["prefix"] == new[start - 32 : start] and after["suffix"] == new[start + len(EXACT) :][:32]
    # The old revision stays readable; the current one is the new text.
    assert doc_text(cli, "art", "--revision", "1") == OLD
    assert doc_text(cli, "art") == new
    assert cli.json("doc", "show", "art")["revision"] == 2  # type: ignore[index]
    # `check` reports the move, not as an error.
    checked = cli("check")
    assert "info: claim" in checked.stdout and "alpha" in checked.stdout and "moved" in checked.stdout
    assert "0 errors" in checked.stdout
    # One event per claim outcome, one for the revision.
    log = cli.json("log", "--limit", "0")
    reanchors = [e for e in log if e["action"] == "reanchor"]  # type: ignore[union-attr,index]
    revises = [e for e in log if e["action"] == "revise"]  # type: ignore[union-attr,index]
    assert len(reanchors) == 1 and "moved" in reanchors[0]["summary"]
    assert reanchors[0]["before"]["start"] == before["start"] and reanchors[0]["after"]["start"] == start
    assert len(revises) == 1 and "revision 2" in revises[0]["summary"] and "1 moved" in revises[0]["summary"]


def test_table_output_lists_each_claim(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    add_claim(cli, EXACT, "alpha")
    out = cli("doc", "revise", "art", write(tmp_path, "Preface.\n\n" + OLD)).stdout
    assert "now at revision 2" in out
    assert "claim" in out and "outcome" in out and "old span" in out and "new span" in out
    assert "alpha" in out and "moved" in out


def test_unknown_revision_is_an_error(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    out = cli("doc", "text", "art", "--revision", "7", ok=False)
    assert "no text revision 7" in out.stderr


# --- unchanged ----------------------------------------------------------------------------------------


def test_edit_after_the_claim_leaves_it_unchanged(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    before = add_claim(cli, EXACT, "alpha")
    new = OLD.replace("to the press", "to reporters in Erbil")

    [outcome] = revise(cli, tmp_path, new)["claims"]

    assert outcome["outcome"] == "unchanged" and outcome["new_span"] == [before["start"], before["end"]]
    after = claim(cli, "alpha")
    assert (after["revision"], after["anchor"], after["start"]) == (2, "exact", before["start"])
    checked = cli("check")
    assert "0 errors, 0 warnings" in checked.stdout


# --- T18: orphaned, never the look-alike ------------------------------------------------------------


def test_t18_quoted_sentence_deleted_while_a_lookalike_remains(cli: Cli, tmp_path: Path) -> None:
    old = "The army said on Monday. Team Alpha reported the attack. Team Beta reported the attack. No more.\n"
    setup_doc(cli, tmp_path, old)
    before = add_claim(cli, "reported the attack", "alpha", "--prefix", "Team Alpha ")
    new = old.replace("Team Alpha reported the attack. ", "")

    [outcome] = revise(cli, tmp_path, new)["claims"]

    assert outcome["outcome"] == "orphaned" and outcome["new_span"] is None
    after = claim(cli, "alpha")
    # Still pointing at its old revision, where its offsets are true; not at Team Beta's sentence.
    assert (after["revision"], after["start"], after["end"]) == (1, before["start"], before["end"])
    assert after["anchor"] == "orphaned"
    assert doc_text(cli, "art", "--revision", "1")[after["start"] : after["end"]] == "reported the attack"
    checked = cli("check", ok=False)
    assert checked.exit_code == 1
    assert "error: claim" in checked.stdout and "alpha" in checked.stdout and "orphaned" in checked.stdout
    assert "1 error" in checked.stdout


def test_t18_corrected_name_with_another_occurrence_earlier(cli: Cli, tmp_path: Path) -> None:
    old = "Robin Hale opened the meeting. The minutes were taken by Robin, who also chaired the vote.\n"
    setup_doc(cli, tmp_path, old)
    add_claim(cli, "Robin", "robin", "--start", str(old.index("Robin,")))
    new = old.replace("taken by Robin,", "taken by Elisa,")

    [outcome] = revise(cli, tmp_path, new)["claims"]

    assert outcome["outcome"] == "orphaned"
    after = claim(cli, "robin")
    assert (after["revision"], after["start"], after["anchor"]) == (1, old.index("Robin,"), "orphaned")
    data = json.loads(cli("check", "--json", ok=False).stdout)
    assert data["errors"] == 1
    [finding] = [f for f in data["findings"] if f["level"] == "error"]
    assert "robin" in finding["where"] and finding["message"].startswith("orphaned")


def test_an_orphaned_claim_is_found_again_when_its_passage_comes_back(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    add_claim(cli, EXACT, "alpha")
    revise(cli, tmp_path, OLD.replace(PARA + "\n\n", ""), name="v2.txt")
    assert claim(cli, "alpha")["anchor"] == "orphaned"
    [outcome] = revise(cli, tmp_path, "Preface.\n\n" + OLD, name="v3.txt")["claims"]
    assert outcome["outcome"] == "moved" and outcome["old_revision"] == 1 and outcome["revision"] == 3
    assert claim(cli, "alpha")["anchor"] == "moved"
    assert cli("check").exit_code == 0


# --- ambiguous ------------------------------------------------------------------------------------------


def test_duplicated_passage_makes_the_claim_ambiguous(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    before = add_claim(cli, EXACT, "alpha")
    new = "A preface was added.\n\n" + OLD.replace(PARA, PARA + "\n\n" + PARA)

    [outcome] = revise(cli, tmp_path, new)["claims"]

    assert outcome["outcome"] == "ambiguous" and outcome["new_span"] is None
    after = claim(cli, "alpha")
    assert (after["revision"], after["start"], after["anchor"]) == (1, before["start"], "ambiguous")
    checked = cli("check", ok=False)
    assert "ambiguous" in checked.stdout and "alpha" in checked.stdout


# --- refusals leave the store unchanged ---------------------------------------------------------------


def test_identical_text_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    add_claim(cli, EXACT, "alpha")
    before = dump_store(cli.url)
    out = cli("doc", "revise", "art", write(tmp_path, OLD.replace("\n", "\r\n")))  # canonicalises to OLD
    assert "nothing changed" in out.stdout
    assert dump_store(cli.url) == before


def test_invalid_utf8_new_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    add_claim(cli, EXACT, "alpha")
    before = dump_store(cli.url)
    bad = write(tmp_path, OLD.encode() + b"\xff\xfe broken", "bad.txt")
    out = cli("doc", "revise", "art", bad, ok=False)
    assert "bad.txt" in out.stderr and "not valid UTF-8 at byte" in out.stderr
    assert dump_store(cli.url) == before


def test_text_held_by_another_document_is_refused(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    setup_doc(cli, tmp_path, "Another article entirely.\n", key="other")
    before = dump_store(cli.url)
    out = cli("doc", "revise", "art", write(tmp_path, "Another article entirely.\n"), ok=False)
    assert out.exit_code == 4 and "already held as document" in out.stderr and "other" in out.stderr
    assert dump_store(cli.url) == before


def test_unheld_document_cannot_be_revised(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", "--unheld", "--title", "Cited only", "--key", "cited")
    out = cli("doc", "revise", "cited", write(tmp_path, OLD), ok=False)
    assert "unheld" in out.stderr


# --- citations and parts ----------------------------------------------------------------------------


def test_citation_locators_follow_a_moved_claim(cli: Cli, tmp_path: Path) -> None:
    old = OLD.replace("that night.", "that night [1].")  # beyond the quote's context
    setup_doc(cli, tmp_path, old)
    cli("doc", "add", "--unheld", "--title", "Ministry statement", "--key", "ministry")
    add_claim(cli, EXACT, "alpha")
    cli("cite", "alpha", "--doc", "ministry", "--locator", "[1]")
    [cit] = cli.json("citation", "list", "--claim", "alpha")  # type: ignore[misc]
    assert cit["locator_start"] == old.index("[1]")
    new = "Preface paragraph.\n\n" + old

    revise(cli, tmp_path, new)

    [cit] = cli.json("citation", "list", "--claim", "alpha")  # type: ignore[misc]
    assert (cit["locator_start"], cit["locator_end"]) == (new.index("[1]"), new.index("[1]") + 3)
    event = next(e for e in cli.json("log", "--limit", "0") if e["action"] == "reanchor")  # type: ignore[union-attr]
    assert event["after"]["citations"] == [
        {"citation": cit["id"], "locator_start": new.index("[1]"), "locator_end": new.index("[1]") + 3}
    ]
    assert cli("check").exit_code == 0

    # The marker removed in the next revision: the locator is cleared, not left pointing at other text.
    [outcome] = revise(cli, tmp_path, new.replace(" [1]", ""), name="v3.txt")["claims"]
    assert outcome["outcome"] == "unchanged"
    [cit] = cli.json("citation", "list", "--claim", "alpha")  # type: ignore[misc]
    assert (cit["locator_start"], cit["locator_end"]) == (None, None)


def test_parts_are_relocated_or_the_revision_is_refused(cli: Cli, tmp_path: Path) -> None:
    setup_doc(cli, tmp_path)
    start, end = OLD.index(PARA), OLD.index(PARA) + len(PARA)
    cli(
        "doc",
        "add",
        "--part-of",
        "art",
        "--span",
        str(start),
        str(end),
        "--title",
        "The statement",
        "--key",
        "part",
    )
    new = "An editor's note was added at the top.\n\n" + OLD

    revise(cli, tmp_path, new)

    part = cli.json("doc", "show", "part")
    assert part["span"] == [new.index(PARA), new.index(PARA) + len(PARA)]  # type: ignore[index]
    # A revision that drops the part's text is refused, and nothing changes.
    before = dump_store(cli.url)
    out = cli("doc", "revise", "art", write(tmp_path, new.replace(PARA, "Nothing to see.")), ok=False)
    assert "part" in out.stderr and "(part)" in out.stderr
    assert dump_store(cli.url) == before
