"""Independence that survives reposts (issue 14), from the seed store through the real CLI on both
engines: the Guardian's coup story is an unheld record cited by Global Research; a Jerusalem Post
piece resting on the same Guardian article must not count as independent corroboration, whether the
Guardian's text came in as a second record (then merged), was given to the unheld one (--for), or
the Post's piece is a syndicated copy of it (near-identical text, no citation, no manual `repeats`)."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, Cli
from test_report_support import build, site_bytes

from provenance.report.write import BUILD_RECORD

GUARDIAN_URL = (
    "https://www.theguardian.com/world/2019/feb/07/"
    "isis-leader-believed-to-have-fled-coup-attempt-by-his-own-fighters"
)
# Made-up stand-ins, for these tests only, for the Guardian's article and two pieces resting on it.
GUARDIAN = """\
The leader of the militant group is thought to have escaped a revolt by his own foreign recruits in
the desert enclave last month, according to officials in two neighbouring intelligence services.

The officials said the mutiny began in a hamlet outside the river town and ended in an exchange of
fire between the rebels and the leader's guards, who then moved him to a safer hideout.

A bounty was later posted for the man said to have led the revolt, a veteran recruit from North
Africa, the officials added, describing the episode as the gravest challenge to the leader in years.

Several hundred fighters are believed to remain in the enclave, which is surrounded on three sides
by forces backed by the coalition, and supplies are said to be running short.
"""
JPOST = """\
Jerusalem Post staff. The militant leader survived an attempted revolt by foreign recruits in the
desert enclave, the Guardian reported on Thursday, quoting regional intelligence officials.
The paper said the revolt ended in a gunfight with his guards.
"""
# A syndicated copy of the Guardian article: another headline, a caption, the last paragraph gone.
SYNDICATED = (
    "Militant leader escapes revolt by his own recruits\n\nPhoto: the enclave (file).\n\n"
    + GUARDIAN.rsplit("\n\n", 1)[0]
    + "\n"
)
REPOST = "Reposted from our partners.\n\n" + SYNDICATED


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def seeded(cli: Cli) -> Cli:
    cli("import", REPO / "seeds")
    cli("outlet", "add", "The Jerusalem Post", "--grade", "B")
    return cli


def jpost_claim(cli: Cli, tmp_path: Path, cited: str) -> str:
    cli(
        "doc",
        "add",
        write(tmp_path, "jpost.txt", JPOST),
        "--title",
        "Leader survived revolt, paper says",
        "--outlet",
        "The Jerusalem Post",
        "--published",
        "2019-02-08",
        "--key",
        "jpost",
    )
    cli(
        "claim",
        "add",
        "jpost",
        "--quote",
        "survived an attempted revolt by foreign recruits",
        "--statement",
        "The leader survived a coup attempt by foreign fighters",
        "--key",
        "jpost-coup",
    )
    cli("cite", "jpost-coup", "--doc", cited, "--kind", "paraphrases", "--locator", "the Guardian reported")
    cli("relate", "jpost-coup", "corroborates", "gr-chulov-coup-survived")
    return "jpost-coup"


def judged(cli: Cli, claim: str) -> dict:
    found = cli.json("trace", claim)
    assert isinstance(found, dict)
    return found


def test_a_second_record_of_the_guardian_was_independent_until_merged(cli: Cli, tmp_path: Path) -> None:
    seeded(cli)
    # What the issue did: the Guardian's text as a second record (now only with --new).
    cli(
        "doc",
        "add",
        write(tmp_path, "guardian.txt", GUARDIAN),
        "--title",
        "Guardian coup story",
        "--url",
        GUARDIAN_URL,
        "--key",
        "guardian-copy",
        "--new",
    )
    claim = jpost_claim(cli, tmp_path, "guardian-copy")
    gr = cli.json("claim", "show", "gr-chulov-coup-survived")["id"]
    assert judged(cli, claim)["independent_corroborations"] == [gr]  # the wrong answer
    cli("doc", "merge", "guardian-copy", "guardian-2019-02-07")
    after = judged(cli, claim)
    assert after["independent_corroborations"] == [] and after["circular_corroborations"] == [gr]
    shown = cli("trace", claim).stdout
    assert f"claim {gr} is not independent: both chains reach document" in shown
    assert "ISIS leader believed to have fled coup attempt" in shown
    refused = cli("claim", "verdict", claim, "supported", "--credibility", "1", ok=False)
    assert "circular reporting" in refused.stderr
    # The old key still names the survivor.
    assert cli.json("doc", "show", "guardian-copy")["key"] == "guardian-2019-02-07"


def test_the_guardian_text_given_to_the_unheld_record_is_one_source(cli: Cli, tmp_path: Path) -> None:
    seeded(cli)
    plain = write(tmp_path, "guardian.txt", GUARDIAN)
    refused = cli("doc", "add", plain, "--title", "Guardian coup story", "--url", GUARDIAN_URL, ok=False)
    assert "--for" in refused.stderr
    cli("doc", "add", plain, "--for", "guardian-2019-02-07")
    claim = jpost_claim(cli, tmp_path, "guardian-2019-02-07")
    found = judged(cli, claim)
    assert found["independent_corroborations"] == [] and len(found["circular_corroborations"]) == 1
    assert found["not_independent"][0]["shared_origins"]


def test_a_repost_chain_is_not_independent_without_any_repeats(cli: Cli, tmp_path: Path) -> None:
    """Three records of one text (the original, a syndicated copy, a repost of the copy), no
    citations and no `repeats` between them: claims quoted from the copies share one origin."""
    seeded(cli)
    cli("doc", "add", write(tmp_path, "g.txt", GUARDIAN), "--for", "guardian-2019-02-07")
    refused = cli(
        "doc",
        "add",
        write(tmp_path, "s.txt", SYNDICATED),
        "--title",
        "Leader escapes revolt",
        "--outlet",
        "The Jerusalem Post",
        "--published",
        "2019-02-08",
        ok=False,
    )
    assert "near-identical text" in refused.stderr
    cli(
        "doc",
        "add",
        write(tmp_path, "s.txt", SYNDICATED),
        "--title",
        "Leader escapes revolt",
        "--outlet",
        "The Jerusalem Post",
        "--published",
        "2019-02-08",
        "--key",
        "jpost-copy",
        "--new",
    )
    cli(
        "doc",
        "add",
        write(tmp_path, "r.txt", REPOST),
        "--title",
        "Reposted: leader escapes",
        "--outlet",
        "global-research",
        "--key",
        "gr-repost",
        "--new",
    )
    quote = "ended in an exchange of\nfire between the rebels and the leader's guards"
    cli(
        "claim",
        "add",
        "jpost-copy",
        "--quote",
        quote,
        "--statement",
        "A firefight with the guards",
        "--key",
        "a",
    )
    cli(
        "claim",
        "add",
        "gr-repost",
        "--quote",
        quote,
        "--statement",
        "A firefight with the guards",
        "--key",
        "b",
    )
    cli("relate", "a", "corroborates", "b")
    found = judged(cli, "a")
    assert found["independent_corroborations"] == []
    assert len(found["circular_corroborations"]) == 1
    [origin] = found["origins"]
    assert origin["id"] == cli.json("doc", "show", "guardian-2019-02-07")["id"]
    assert "one work with its copies" in origin["label"]
    assert "not independent" in cli("trace", "a").stdout
    # Two outlets' own reports of one event stay independent of each other.
    cli("doc", "add", write(tmp_path, "own.txt", JPOST), "--title", "Own report", "--key", "own")
    cli(
        "claim",
        "add",
        "own",
        "--quote",
        "ended in a gunfight with his guards",
        "--statement",
        "x",
        "--key",
        "c",
    )
    cli("relate", "c", "corroborates", "b")
    assert judged(cli, "c")["independent_corroborations"] == [cli.json("claim", "show", "b")["id"]]


def test_the_report_says_not_independent_and_why_and_rebuilds_incrementally(cli: Cli, tmp_path: Path) -> None:
    seeded(cli)
    cli(
        "doc",
        "add",
        write(tmp_path, "guardian.txt", GUARDIAN),
        "--title",
        "Guardian coup story",
        "--url",
        GUARDIAN_URL,
        "--key",
        "guardian-copy",
        "--new",
    )
    claim = jpost_claim(cli, tmp_path, "guardian-copy")
    copy_id = cli.json("doc", "show", "guardian-copy")["id"]
    survivor = cli.json("doc", "show", "guardian-2019-02-07")["id"]
    out = tmp_path / "site"
    build(cli.url, out, changed_only=True)
    old_page = f"documents/{copy_id}-guardian-copy.html"
    assert (out / old_page).is_file()
    cli("doc", "merge", "guardian-copy", "guardian-2019-02-07")
    build(cli.url, out, changed_only=True)
    full = tmp_path / "full"
    build(cli.url, full)
    incremental = {p: b for p, b in site_bytes(out).items() if p != BUILD_RECORD}
    assert incremental == {p: b for p, b in site_bytes(full).items() if p != BUILD_RECORD}
    # The merged record's old page still opens, and sends its reader on to the survivor.
    moved = incremental[old_page].decode()
    assert f'http-equiv="refresh" content="0; url={survivor}-guardian-2019-02-07.html"' in moved
    shown = cli.json("claim", "show", claim)
    page = next(b for p, b in incremental.items() if p.startswith(f"claims/{shown['id']}-"))
    html = page.decode()
    assert "same origin: not independent" in html
    assert "both rest on <bdi>ISIS leader believed to have fled coup attempt" in html


def test_recording_a_copy_rebuilds_the_pages_that_judge_independence(cli: Cli, tmp_path: Path) -> None:
    seeded(cli)
    cli("doc", "add", write(tmp_path, "guardian.txt", GUARDIAN), "--for", "guardian-2019-02-07")
    # A translation of the Guardian's article, back into English: no shared runs of words, so only
    # the curator can say it is the same work.
    translated = "Officials of two intelligence services think the group's chief got away from a mutiny.\n"
    cli(
        "doc",
        "add",
        write(tmp_path, "own.txt", translated),
        "--title",
        "A translated copy",
        "--key",
        "kept-apart",
    )
    claim = jpost_claim(cli, tmp_path, "kept-apart")
    out = tmp_path / "site"
    build(cli.url, out, changed_only=True)
    page = f"claims/{cli.json('claim', 'show', claim)['id']}-{claim}.html"
    assert "flag-ok" in (out / page).read_text(encoding="utf-8")  # independent, before
    cli("doc", "same-work", "kept-apart", "guardian-2019-02-07", "--note", "a copy")
    build(cli.url, out, changed_only=True)
    full = tmp_path / "full"
    build(cli.url, full)
    incremental = {p: b for p, b in site_bytes(out).items() if p != BUILD_RECORD}
    assert incremental == {p: b for p, b in site_bytes(full).items() if p != BUILD_RECORD}
    assert "same origin: not independent" in incremental[page].decode()
