"""Re-anchoring that keeps claims, and `claim requote`, through the real CLI on both engines (issue 15):
a verbatim quote whose following words changed is moved (context changed), a typo fix inside a quote
is fuzzy with a score and listed by `check`, a gone quote is orphaned and re-quoted keeping everything
the claim has, an ambiguous one is re-quoted by --occurrence or --near."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Cli

FIRST = "Officials met in the capital on Monday to discuss the security situation in the north."
CLAIMED = (
    "According to the ministry, the convoy was attacked near the bridge at dawn, and two drivers were "
    "wounded before the army arrived."
)
LAST = "Later that week, a second convoy was attacked near the market by the same group."
OLD = f"{FIRST}\n\n{CLAIMED}\n\n{LAST}\n"
QUOTE = "the convoy was attacked near the bridge at dawn"


def write(tmp_path: Path, body: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def setup(cli: Cli, tmp_path: Path, body: str = OLD, *extra: str) -> None:
    cli("doc", "add", write(tmp_path, body, "v1.txt"), "--title", "Convoy", "--key", "art")
    cli(
        "claim",
        "add",
        "art",
        "--quote",
        QUOTE,
        "--statement",
        "The convoy was attacked",
        "--key",
        "convoy",
        *extra,
    )


def revise(cli: Cli, tmp_path: Path, body: str, name: str = "v2.txt") -> dict:
    """The outcome for claim `convoy`."""
    outcomes = json.loads(cli("doc", "revise", "art", write(tmp_path, body, name), "--json").stdout)["claims"]
    [outcome] = [o for o in outcomes if o["key"] == "convoy"]
    return outcome  # type: ignore[no-any-return]


def reanchor_events(cli: Cli) -> list[dict]:
    return [e for e in cli.json("log", "--limit", "0") if e["action"] == "reanchor"]  # type: ignore[union-attr]


def test_the_issue_case_words_after_the_quote_changed_is_moved_not_orphaned(cli: Cli, tmp_path: Path) -> None:
    setup(cli, tmp_path)
    # An "UPDATE:" that cut the clause after the quote and a paragraph: the quote is there, verbatim, once.
    new = "UPDATE: corrected.\n\n" + OLD.replace(
        ", and two drivers were wounded before the army arrived.", "; no one was hurt."
    ).replace(f"\n\n{LAST}", "")
    assert new.count(QUOTE) == 1

    outcome = revise(cli, tmp_path, new)

    start = new.index(QUOTE)
    assert outcome["outcome"] == "moved" and outcome["new_span"] == [start, start + len(QUOTE)]
    assert outcome["context_changed"] is True and outcome["score"] == 1.0
    shown = cli.json("claim", "show", "convoy")
    assert (shown["anchor"], shown["revision"], shown["exact"]) == ("moved", 2, QUOTE)  # type: ignore[index]
    [event] = reanchor_events(cli)
    assert "context changed" in event["summary"]
    how = event["after"]["reanchor"]
    assert how["old_span"] == [OLD.index(QUOTE), OLD.index(QUOTE) + len(QUOTE)] and how["old_revision"] == 1
    assert how["new_span"] == [start, start + len(QUOTE)] and how["revision"] == 2 and how["method"]
    assert "0 errors" in cli("check").stdout


def test_typo_fixed_inside_the_quote_is_fuzzy_listed_by_check_then_requoted(cli: Cli, tmp_path: Path) -> None:
    old = OLD.replace("attacked near the bridge", "attacked naer the bridge")
    cli("doc", "add", write(tmp_path, old, "v1.txt"), "--title", "Convoy", "--key", "art")
    typo = "the convoy was attacked naer the bridge at dawn"
    cli("claim", "add", "art", "--quote", typo, "--statement", "The convoy was attacked", "--key", "convoy")
    cli("claim", "verdict", "convoy", "supported", "--credibility", "2")

    outcome = revise(cli, tmp_path, OLD)

    start = OLD.index(QUOTE)
    assert outcome["outcome"] == "fuzzy" and outcome["new_span"] == [start, start + len(QUOTE)]
    assert 0.8 <= outcome["score"] < 1.0 and outcome["method"] == "fuzzy"
    shown = cli.json("claim", "show", "convoy")
    assert shown["anchor"] == "fuzzy" and shown["exact"] == QUOTE and shown["revision"] == 2  # type: ignore[index]
    assert shown["made_on"] == {"revision": 1, "start": start, "end": start + len(typo)}  # type: ignore[index]
    [event] = reanchor_events(cli)
    assert event["after"]["reanchor"]["score"] == outcome["score"] and "fuzzy" in event["summary"]

    checked = cli("check")  # a fuzzy claim is a warning to review, not an error
    assert checked.exit_code == 0
    [line] = [line for line in checked.stdout.splitlines() if "convoy" in line]
    assert line.startswith("warning:") and "fuzzy" in line and "provenance claim requote convoy" in line

    cli("claim", "requote", "convoy", "--quote", QUOTE)
    shown = cli.json("claim", "show", "convoy")
    assert (shown["anchor"], shown["made_on"], shown["verdict"], shown["credibility"]) == (  # type: ignore[index]
        "exact",
        None,
        "supported",
        2,
    )
    assert "0 errors, 0 warnings" in cli("check").stdout


def test_gone_quote_is_orphaned_and_requote_keeps_everything_the_claim_has(cli: Cli, tmp_path: Path) -> None:
    setup(cli, tmp_path)
    cli("doc", "add", "--unheld", "--title", "Ministry statement", "--key", "ministry")
    cli("cite", "convoy", "--doc", "ministry", "--kind", "cites")
    cli("entity", "add", "The ministry", "--kind", "group", "--key", "min")
    cli(
        "assert",
        "convoy",
        "--subject",
        "min",
        "--property",
        "attack_date",
        "--type",
        "text",
        "--value",
        "dawn",
    )
    cli(
        "claim",
        "add",
        "art",
        "--quote",
        "a second convoy was attacked",
        "--statement",
        "second",
        "--key",
        "two",
    )
    cli("relate", "convoy", "corroborates", "two", "--note", "same week")
    cli("claim", "verdict", "convoy", "disputed", "--credibility", "3")
    new = OLD.replace(CLAIMED, "The ministry said the road had been closed since Sunday.")

    outcome = revise(cli, tmp_path, new)

    assert outcome["outcome"] == "orphaned" and outcome["new_span"] is None
    checked = cli("check", ok=False)
    [line] = [line for line in checked.stdout.splitlines() if "(convoy)" in line]
    assert line.startswith("error:") and "orphaned" in line and "provenance claim requote convoy" in line

    before = cli.json("claim", "show", "convoy")
    out = cli("claim", "requote", "convoy", "--quote", "the road had been closed")
    assert "re-quoted claim" in out.stdout and "revision 2" in out.stdout
    after = cli.json("claim", "show", "convoy")
    start = new.index("the road had been closed")
    assert (after["anchor"], after["revision"], after["start"], after["exact"]) == (  # type: ignore[index]
        "exact",
        2,
        start,
        "the road had been closed",
    )
    for kept in ("verdict", "credibility", "statement", "citations", "relations", "id", "key"):
        assert after[kept] == before[kept], kept  # type: ignore[index]
    assert [a["value"] for a in cli.json("assertion", "list", "--claim", "convoy")] == ["dawn"]  # type: ignore[union-attr,index]
    [event] = [e for e in cli.json("log", "--limit", "0") if e["action"] == "requote"]  # type: ignore[union-attr]
    assert event["before"]["anchor_state"] == "orphaned" and event["after"]["start"] == start
    assert "orphaned" in event["summary"] and "revision 1" in event["summary"]
    assert cli("check").exit_code == 0


def test_ambiguous_claim_is_requoted_by_occurrence_or_near(cli: Cli, tmp_path: Path) -> None:
    setup(cli, tmp_path)
    copy = CLAIMED.replace("According to the ministry", "According to the police")
    new = "Preface.\n\n" + OLD.replace(CLAIMED, CLAIMED + "\n\n" + CLAIMED) + "\n" + copy + "\n"

    outcome = revise(cli, tmp_path, new)

    assert outcome["outcome"] == "ambiguous"
    out = cli("claim", "requote", "convoy", "--quote", QUOTE, ok=False)
    assert out.exit_code != 0 and "--occurrence" in out.stderr and "--near" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    offsets = [i for i in range(len(new)) if new.startswith(QUOTE, i)]
    assert len(offsets) == 3

    cli("claim", "requote", "convoy", "--quote", QUOTE, "--occurrence", "2")
    assert cli.json("claim", "show", "convoy")["start"] == offsets[1]  # type: ignore[index]
    cli("claim", "requote", "convoy", "--quote", QUOTE, "--near", "According to the police")
    assert cli.json("claim", "show", "convoy")["start"] == offsets[2]  # type: ignore[index]

    bad = cli("claim", "requote", "convoy", "--quote", QUOTE, "--occurrence", "4", ok=False)
    assert "out of range" in bad.stderr and "3 time" in bad.stderr
    gone = cli("claim", "requote", "convoy", "--quote", "words that are not there", ok=False)
    assert "not found" in gone.stderr
    assert cli.json("claim", "show", "convoy")["start"] == offsets[2]  # type: ignore[index]


def test_lookalike_sentence_is_never_taken_for_the_claims_own(cli: Cli, tmp_path: Path) -> None:
    # The claim's sentence is deleted; a look-alike that differs only before the quote stays.
    lookalike = CLAIMED.replace("According to the ministry", "According to rumours")
    setup(cli, tmp_path, OLD.replace(LAST, lookalike), "--prefix", "According to the ministry, ")
    outcome = revise(cli, tmp_path, OLD.replace(LAST, lookalike).replace(CLAIMED + "\n\n", ""))
    assert outcome["outcome"] == "orphaned"
    assert cli.json("claim", "show", "convoy")["revision"] == 1  # type: ignore[index]


def _page(site: Path, claim_id: int, key: str):  # type: ignore[no-untyped-def]
    import html5lib

    from provenance.report.paths import claim_path

    return html5lib.parse(
        (site / claim_path(claim_id, key)).read_text(encoding="utf-8"), namespaceHTMLElements=False
    )


def test_report_shows_what_a_fuzzy_or_orphaned_claim_was_made_on_beside_the_current_passage(
    cli: Cli, tmp_path: Path
) -> None:
    hostile = CLAIMED.replace("at dawn", "at <b>dawn</b> &amp;")
    quote = "the convoy was attacked naer the bridge at <b>dawn</b>"
    old = OLD.replace(CLAIMED, hostile.replace("near", "naer"))
    cli("doc", "add", write(tmp_path, old, "v1.txt"), "--title", "Convoy", "--key", "art")
    cli("claim", "add", "art", "--quote", quote, "--statement", "attacked", "--key", "convoy")
    cli(
        "claim",
        "add",
        "art",
        "--quote",
        "a second convoy was attacked",
        "--statement",
        "second",
        "--key",
        "two",
    )
    new = OLD.replace(CLAIMED, hostile).replace(LAST, "Nothing else happened that week.")
    revise(cli, tmp_path, new)
    assert cli.json("claim", "show", "convoy")["anchor"] == "fuzzy"  # type: ignore[index]
    assert cli.json("claim", "show", "two")["anchor"] == "orphaned"  # type: ignore[index]

    cli("report", "build", tmp_path / "site")

    fuzzy = _page(tmp_path / "site", cli.json("claim", "show", "convoy")["id"], "convoy")  # type: ignore[index]
    [section] = [s for s in fuzzy.iter("section") if s.get("class") == "anchor-review"]
    text = "".join(section.itertext())
    assert "Made on revision 1" in text and "Revision 2 (current)" in text and "similarity" in text
    assert "naer the bridge at <b>dawn</b>" in text and "near the bridge at <b>dawn</b>" in text
    assert not list(section.iter("b"))  # the text's markup stays text
    assert ["".join(d.itertext()) for d in section.iter("del")] == ["naer"]
    assert ["".join(i.itertext()) for i in section.iter("ins")] == ["near"]
    assert "provenance claim requote convoy" in text

    orphan = _page(tmp_path / "site", cli.json("claim", "show", "two")["id"], "two")  # type: ignore[index]
    [section] = [s for s in orphan.iter("section") if s.get("class") == "anchor-review"]
    text = "".join(section.itertext())
    assert "quote is gone" in text and "a second convoy was attacked near the market" in text


def test_a_fuzzy_claim_round_trips_through_a_bundle(cli: Cli, tmp_path: Path) -> None:
    old = OLD.replace("attacked near the bridge", "attacked naer the bridge")
    cli("doc", "add", write(tmp_path, old, "v1.txt"), "--title", "Convoy", "--key", "art")
    cli(
        "claim",
        "add",
        "art",
        "--quote",
        "attacked naer the bridge at dawn",
        "--statement",
        "s",
        "--key",
        "convoy",
    )
    assert revise(cli, tmp_path, OLD)["outcome"] == "fuzzy"
    cli("export", tmp_path / "A")
    exported = (tmp_path / "A" / "bundle.yaml").read_text(encoding="utf-8")
    assert "    quote: attacked near the bridge at dawn\n" in exported and "    anchor: fuzzy\n" in exported
    second = Cli(f"sqlite:///{tmp_path / 'second.db'}", tmp_path)
    second("init")
    second("import", tmp_path / "A")
    second("export", tmp_path / "B")
    assert (tmp_path / "B" / "bundle.yaml").read_bytes() == (tmp_path / "A" / "bundle.yaml").read_bytes()
    assert second.json("claim", "show", "convoy")["anchor"] == "fuzzy"  # type: ignore[index]
