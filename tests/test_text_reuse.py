"""Text reuse across documents (issue 14), through the real CLI on both engines: the passages a
document shares with others (a syndicated paragraph, a long verbatim quotation), the `repeats` and
citation proposed for the copy's claims, accepting and dismissing them, no false match between two
stories of one outlet on one day, and a three-document repost chain judged not independent once
the proposals are accepted (no `repeats` typed by hand)."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli
from test_report_support import build, site_bytes

from provenance.reading.reuse import compare, shared_passages, tokens
from provenance.report.write import BUILD_RECORD

# Made-up texts, for these tests only.
WIRE = (
    "The commander of the northern brigade had been moved to a hideout outside the river town "
    "after a mutiny by his own recruits was put down by his guards."
)
ORIGINAL = f"""\
Flooding closed the coastal road for a second day, and the port authority said ferries would not run
before the weekend at the earliest, leaving hundreds of lorries parked along the ring road.

{WIRE}

The regional governor called for calm and said the curfew would be lifted once the roads reopened,
adding that the army had been asked to help clear the debris left by the storm.

Schools in the lower town stayed shut, and the water company warned residents to boil their water
for at least a week, while engineers checked the pumping station that the flood had reached.
Insurers said claims were already arriving by the thousand, most of them from shops and garages.
"""
COPY = f"""\
Our correspondent writes from the border crossing, where queues of families waited through the cold
night with blankets and flasks, hoping to reach relatives on the far side before the checkpoint shut.
Traders said prices of bread and fuel had doubled in a week, and that many shops had closed early.
A local doctor described a clinic short of antibiotics and staff, and said patients came from far away.

{WIRE}

Aid groups said they had sent two convoys of food and medicine, and were waiting for permission to
send a third one across the bridge before the rains return at the end of the month.
"""
REPOST = f"""\
A week of tension along the frontier: teachers said schools in three villages had stayed closed,
and farmers complained that the harvest was rotting in the fields because the lorries could not pass.
Students marched in the main square to demand the reopening of the university, singing as they went.
Two bus companies cancelled their night services, and the railway said it would run fewer trains.

{WIRE}

The opposition leader demanded an inquiry into the spending of the reconstruction fund, and said
the figures given to parliament did not match the ones published by the treasury in the spring.
"""
SPEECH = """\
The minister rose to speak shortly after noon. "We will not rebuild the old quarter as it was; we will
build it better, with schools and clinics on every street, and we will finish before the next winter
comes, whatever it costs the treasury and whoever stands in the way," she said to the assembly.
Members applauded, and the session was adjourned until the evening.

Outside, a small crowd of shopkeepers from the market held banners asking for compensation, and
a delegation was received by two deputies who promised to raise the matter with the cabinet.
The budget for the old quarter is due to be debated next month, when the finance committee will
publish its estimates; until then, officials said, no contracts would be signed with builders.
Engineers who surveyed the district in the autumn found that most of the houses could be saved,
though the covered bazaar and the two mosques beside it would need years of careful work.
"""
QUOTING = """\
Critics were quick to answer. Reminding readers of her promise, the paper printed it in full: "We will
not rebuild the old quarter as it was; we will build it better, with schools and clinics on every
street, and we will finish before the next winter comes, whatever it costs the treasury and whoever
stands in the way." Six months later, not one clinic has opened, and the schools are still tents.

Residents we spoke to this week described winter in prefabricated cabins with no heating, and
children walking an hour each way to the nearest working school on the far side of the valley.
A contractor, who asked not to be named, said payments had stopped in the summer without notice.
The ministry did not answer our questions about the delays, and its website still shows drawings
of a new library and a sports hall that nobody in the district has seen any sign of so far.
"""
# Two different stories of one outlet on one day: the same byline, the same sign-off, the same place.
STORY_A = """\
By our staff in the capital. The central bank raised its main rate by half a point on Monday,
the third rise this year, saying prices of food and rent were still climbing faster than wages.
Economists had expected a smaller step. Reporting by the capital desk; editing by the night staff.
"""
STORY_B = """\
By our staff in the capital. The football federation named a new coach for the national side on
Monday, a former defender who led the under-21 team to the regional title two seasons ago.
Fans greeted the choice warmly. Reporting by the capital desk; editing by the night staff.
"""
QUOTE = "moved to a hideout outside the river town after a mutiny by his own recruits"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def add(cli: Cli, tmp_path: Path, key: str, text: str, outlet: str, published: str) -> None:
    cli(
        "doc",
        "add",
        write(tmp_path, f"{key}.txt", text),
        "--title",
        f"Story {key}",
        "--outlet",
        outlet,
        "--published",
        published,
        "--key",
        key,
    )


def three_outlets(cli: Cli) -> None:
    for name in ("Wire Daily", "Border Post", "Frontier Blog"):
        cli("outlet", "add", name, "--grade", "C")


def chain(cli: Cli, tmp_path: Path) -> None:
    """The original with a claim resting on officials, a copy of its paragraph, a repost of the copy."""
    three_outlets(cli)
    add(cli, tmp_path, "original", ORIGINAL, "Wire Daily", "2024-03-05")
    add(cli, tmp_path, "copy", COPY, "Border Post", "2024-03-06")
    add(cli, tmp_path, "repost", REPOST, "Frontier Blog", "2024-03-07")
    for doc in ("original", "copy", "repost"):
        cli(
            "claim",
            "add",
            doc,
            "--quote",
            QUOTE,
            "--statement",
            "The commander was moved",
            "--key",
            f"c-{doc}",
        )
    cli("cite", "c-original", "--person", "intelligence officials", "--kind", "according_to")
    cli("relate", "c-repost", "corroborates", "c-copy")


def test_the_texts_share_a_passage_but_are_not_one_work() -> None:
    # What the tests below rest on: a shared paragraph is not the whole work.
    assert not compare(ORIGINAL, COPY).same_work and not compare(COPY, REPOST).same_work
    (passage,) = shared_passages(tokens(COPY), tokens(ORIGINAL))
    assert COPY[passage.a_start : passage.a_end] == WIRE.rstrip(".")
    assert ORIGINAL[passage.b_start : passage.b_end] == WIRE.rstrip(".")


def test_a_syndicated_passage_is_found_and_a_repeats_proposed(cli: Cli, tmp_path: Path) -> None:
    chain(cli, tmp_path)
    found = cli.json("doc", "reuse", "copy")
    by_key = {s["document"]["key"]: s for s in found["shared"]}
    assert set(by_key) == {"original", "repost"}
    assert by_key["original"]["original"] == "other" and by_key["repost"]["original"] == "this"
    (passage,) = by_key["original"]["passages"]
    assert COPY[passage["start"] : passage["end"]] == WIRE.rstrip(".")
    assert ORIGINAL[passage["other_start"] : passage["other_end"]] == WIRE.rstrip(".")
    assert passage["words"] == len(tokens(WIRE))
    proposals = found["proposals"]
    # The copy's claim repeats the original's (the older), and the repost's repeats the copy's.
    summary = {
        (p["claim"]["key"], p["original_document"]["key"], (p["repeats"] or {}).get("key")) for p in proposals
    }
    assert summary == {("c-copy", "original", "c-original"), ("c-repost", "copy", "c-copy")}
    assert all(p["cite"] for p in proposals)
    shown = cli("doc", "reuse", "copy").stdout
    assert "the original: 1 shared passage(s)" in shown and "claim c-copy repeats claim c-original" in shown
    # Proposed only: nothing is written until accepted.
    assert cli.json("relation", "list", "--kind", "repeats") == []


def test_a_repost_chain_is_not_independent_once_the_proposals_are_accepted(cli: Cli, tmp_path: Path) -> None:
    chain(cli, tmp_path)
    before = cli.json("trace", "c-repost")
    assert isinstance(before, dict) and before["independent_corroborations"]  # the wrong answer
    for doc in ("copy", "repost"):
        numbers = [str(p["number"]) for p in cli.json("doc", "reuse", doc)["proposals"]]
        args = [a for n in numbers for a in ("--accept", n)]
        done = cli("doc", "reuse", doc, *args).stdout
        assert done.count("accepted proposal") == len(numbers) > 0
    assert cli.json("doc", "reuse", "repost")["proposals"] == []  # all decided
    after = cli.json("trace", "c-repost")
    assert isinstance(after, dict)
    assert after["independent_corroborations"] == [] and len(after["circular_corroborations"]) == 1
    shared = after["not_independent"][0]["shared_origins"]
    assert any("intelligence officials" in str(origin) for origin in shared)
    text = cli("trace", "c-repost").stdout
    assert "is not independent: both chains reach intelligence officials" in text
    # And how: the repost's claim and the copy's rest on the original's claim, which rests on them.
    original = cli.json("claim", "show", "c-original")["id"]
    assert f"this claim by way of claim {original} (c-original)" in text
    (why,) = after["not_independent"]
    (way,) = why["paths"]
    assert way["this"][-1]["type"] == "person" and {"type": "claim", "id": original} in way["other"]
    # The claim page says the same, with the way there.
    out = tmp_path / "site"
    build(cli.url, out)
    repost_id = cli.json("claim", "show", "c-repost")["id"]
    (page,) = (out / "claims").glob(f"{repost_id}-*.html")
    html = page.read_text(encoding="utf-8")
    assert "same origin: not independent" in html and "both rest on <bdi>intelligence officials</bdi>" in html
    assert "this claim by way of <bdi>The commander was moved</bdi>" in html
    refused = cli("claim", "verdict", "c-repost", "supported", "--credibility", "1", ok=False)
    assert "circular reporting" in refused.stderr


def test_a_dismissed_proposal_is_kept_and_not_proposed_again(cli: Cli, tmp_path: Path) -> None:
    chain(cli, tmp_path)
    refused = cli("doc", "reuse", "copy", "--dismiss", "1", ok=False)
    assert "needs a reason" in refused.stderr
    missing = cli("doc", "reuse", "copy", "--accept", "9", ok=False)
    assert "no text-reuse proposal 9" in missing.stderr and "Traceback" not in missing.output
    first = cli.json("doc", "reuse", "copy")["proposals"][0]
    cli("doc", "reuse", "copy", "--dismiss", "1", "--note", "a coincidence")
    remaining = cli.json("doc", "reuse", "copy")["proposals"]
    assert first["claim"]["id"] not in [
        p["claim"]["id"] for p in remaining if p["repeats"] == first["repeats"]
    ]
    (dismissed,) = cli.json("relation", "list", "--kind", "repeats")
    assert dismissed["status"] == "dismissed"


def test_a_long_verbatim_quotation_is_found(cli: Cli, tmp_path: Path) -> None:
    three_outlets(cli)
    add(cli, tmp_path, "speech", SPEECH, "Wire Daily", "2024-01-10")
    add(cli, tmp_path, "quoting", QUOTING, "Border Post", "2024-07-01")
    (shared,) = cli.json("doc", "reuse", "quoting")["shared"]
    assert shared["document"]["key"] == "speech" and shared["original"] == "other"
    (passage,) = shared["passages"]
    quoted = QUOTING[passage["start"] : passage["end"]]
    assert quoted.startswith("We will\nnot rebuild") and quoted.endswith("whoever\nstands in the way")
    assert passage["words"] == len(tokens(quoted)) > 40


def test_two_stories_of_one_outlet_on_one_day_share_nothing(cli: Cli, tmp_path: Path) -> None:
    three_outlets(cli)
    add(cli, tmp_path, "rates", STORY_A, "Wire Daily", "2024-05-06")
    add(cli, tmp_path, "coach", STORY_B, "Wire Daily", "2024-05-06")
    shown = cli("doc", "reuse", "coach").stdout
    assert "shares no passage with another document" in shown
    assert cli.json("doc", "reuse", "rates")["shared"] == []


def test_an_unheld_document_is_refused_clearly(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", "--unheld", "--title", "Known from a citation", "--key", "unheld")
    refused = cli("doc", "reuse", "unheld", ok=False)
    assert "unheld" in refused.stderr and "--for" in refused.stderr


def test_the_incremental_report_equals_a_full_build_after_accepting_and_a_merge(
    cli: Cli, tmp_path: Path
) -> None:
    chain(cli, tmp_path)
    cli("doc", "add", "--unheld", "--title", "The original, as cited", "--key", "as-cited")
    cli("cite", "c-copy", "--doc", "as-cited")
    out = tmp_path / "site"
    build(cli.url, out, changed_only=True)
    cli("doc", "reuse", "copy", "--accept", "1")
    cli("doc", "merge", "as-cited", "original")
    build(cli.url, out, changed_only=True)
    full = tmp_path / "full"
    build(cli.url, full)
    incremental = {p: b for p, b in site_bytes(out).items() if p != BUILD_RECORD}
    assert incremental == {p: b for p, b in site_bytes(full).items() if p != BUILD_RECORD}


def test_a_changed_word_inside_a_passage_keeps_it_one_and_a_short_run_is_no_passage() -> None:
    edited = WIRE.replace("river town", "river city")
    host = "Elsewhere in the region, farmers reported a poor harvest this year. "
    (one,) = shared_passages(tokens(host + edited), tokens(ORIGINAL))
    assert one.words == len(tokens(WIRE)) - 1  # one word changed, one passage
    short = " ".join(WIRE.split()[:15])  # 15 words: a phrase, not a passage
    assert shared_passages(tokens(host + short + "."), tokens(ORIGINAL)) == []


def test_any_passage_of_nineteen_words_shares_a_print() -> None:
    from provenance.reading.reuse import PRINT_WORDS, WINDOW, text_prints

    words = WIRE.split()
    for at in range(len(words) - (WINDOW + PRINT_WORDS - 1) + 1):
        passage = " ".join(words[at : at + WINDOW + PRINT_WORDS - 1])
        assert text_prints("Unrelated words first. " + passage + " And after.") & text_prints(ORIGINAL)


def test_path_to_is_the_shortest_chain_to_an_origin() -> None:
    from provenance.chains import Graph, path_to

    graph = Graph.build(
        {1: 10, 2: 20, 3: 30},
        [(1, ("document", 20), "cites", None), (2, ("person", "officials"), "according_to", None)],
        [(3, 1), (1, 2)],
    )
    officials = ("person", "officials")
    assert path_to(graph, 3, officials) == [("claim", 3), ("claim", 1), ("claim", 2), officials]
    assert path_to(graph, 2, ("document", 10)) == []
