"""One work, one source (issue 14), through the real CLI on both engines: an unheld record given its
text (`doc add FILE --for DOC`), the same work found on entry (URL, title + outlet + date,
near-identical text) and refused with the candidates named, `--new`, and `doc merge` with redirects."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, Cli, dump_store

# A wire story, its syndicated copy (another headline, a caption, the last paragraph trimmed), and
# the same outlet's other story of the same day: made up for these tests.
WIRE = """\
Floodwater rose through the night in the river town of Karvell, where rescue crews moved more than
two hundred residents from the lowest streets before dawn on Tuesday, the regional emergency office said.

The river crested at 6.2 metres shortly after four in the morning, nearly a metre above the mark
set during the floods of 1998, according to the gauge at the old stone bridge.

Volunteers stacked sandbags along the embankment road while the fire brigade pumped water out of
the cellars of the hospital, which kept its wards open but postponed planned operations.

"We have never seen the water come up this fast," said Mira Olsen, who runs a bakery on the market
square and spent the night carrying flour sacks to the first floor.

The office said two people were treated for hypothermia and that no one was missing. Schools in the
town will stay closed until Thursday, and the railway line to the coast remains shut.

Forecasters expect more rain over the weekend, and the office asked residents not to drive through
flooded roads or to walk along the embankment while the current is strong.
"""

COPY = """\
Karvell residents evacuated as river hits record height

Photo: sandbags on the embankment road (file).

Floodwater rose through the night in the river town of Karvell, where rescue crews moved more than
two hundred residents from the lowest streets before dawn on Tuesday, the regional emergency office said.

The river crested at 6.2 metres shortly after four in the morning, nearly a metre above the mark
set during the floods of 1998, according to the gauge at the old stone bridge.

Volunteers stacked sandbags along the embankment road while the fire brigade pumped water out of
the cellars of the hospital, which kept its wards open but postponed planned operations.

"We have never seen the water come up this fast," said Mira Olsen, who runs a bakery on the market
square and spent the night carrying flour sacks to the first floor.

The office said two people were treated for hypothermia and that no one was missing. Schools in the
town will stay closed until Thursday, and the railway line to the coast remains shut.
"""

SAME_DAY_OTHER_STORY = """\
The town council of Karvell voted on Tuesday to close the old stone bridge to lorries for a year,
after engineers found cracks in two of its arches during an inspection last month.

Councillors said the repairs would cost about four million and would start in the spring. Lorries
will be sent along the ring road, which adds some twelve kilometres to the route to the port.

Hauliers said the decision would raise their costs, and the chamber of commerce asked the council to
open a temporary crossing near the railway station before the bridge closes.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_line_error(result: object) -> str:
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    assert lines[0].startswith("error: ")
    return lines[0]


def seeded(cli: Cli) -> Cli:
    cli("import", REPO / "seeds")
    return cli


# ------------------------------------------------------------------------------ unheld -> held


def test_unheld_record_becomes_held_keeping_key_citations_and_claims(cli: Cli, tmp_path: Path) -> None:
    seeded(cli)
    before = cli.json("doc", "show", "guardian-2019-02-07")
    assert before["held"] is False and before["cited_by"]
    article = write(tmp_path, "guardian.txt", WIRE)
    done = cli("doc", "add", article, "--for", "guardian-2019-02-07")
    assert "guardian-2019-02-07" in done.stdout and "now held" in done.stdout
    after = cli.json("doc", "show", "guardian-2019-02-07")
    assert after["held"] is True
    assert after["id"] == before["id"] and after["key"] == before["key"]
    assert after["cited_by"] == before["cited_by"]
    assert cli("doc", "text", "guardian-2019-02-07").stdout == WIRE
    assert cli("claim", "add", "guardian-2019-02-07", "--quote", "crested at 6.2 metres", "--statement", "x")
    log = cli.json("log", "guardian-2019-02-07")
    assert log[0]["action"] == "hold"
    # No second record was made.
    docs = cli.json("doc", "list")
    assert len([d for d in docs if d["title"].startswith("ISIS leader")]) == 1


def test_held_record_is_refused_with_a_pointer_to_revise(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", write(tmp_path, "a.txt", WIRE), "--title", "Flood", "--key", "flood")
    before = dump_store(cli.url)
    refused = cli("doc", "add", write(tmp_path, "b.txt", COPY), "--for", "flood", ok=False)
    line = one_line_error(refused)
    assert "already holds a text" in line and "doc revise flood" in line
    assert dump_store(cli.url) == before


# ------------------------------------------------------------------------ same work on entry


def test_same_url_variant_is_found_and_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    seeded(cli)
    before = dump_store(cli.url)
    url = (
        "http://amp.theguardian.com/world/2019/feb/07/"
        "isis-leader-believed-to-have-fled-coup-attempt-by-his-own-fighters/?utm_source=twitter&fbclid=x1"
    )
    refused = cli(
        "doc", "add", write(tmp_path, "g.txt", WIRE), "--title", "Another title", "--url", url, ok=False
    )
    assert refused.exit_code == 5
    line = one_line_error(refused)
    doc = cli.json("doc", "show", "guardian-2019-02-07")
    assert f"looks like document {doc['id']}, unheld: 'ISIS leader believed" in line
    assert "(The Guardian, 2019-02-07)" in line and "the same URL" in line
    assert f"--for {doc['id']}" in line and "--new" in line
    assert dump_store(cli.url) == before


def test_same_title_outlet_and_date_is_found(cli: Cli, tmp_path: Path) -> None:
    seeded(cli)
    refused = cli(
        "doc",
        "add",
        write(tmp_path, "g.txt", WIRE),
        "--title",
        "ISIS leader believed to have fled coup-attempt by his own fighters!",
        "--outlet",
        "The Guardian",
        "--published",
        "2019-02-07",
        ok=False,
    )
    assert "the same title, outlet and date" in one_line_error(refused)


def test_near_identical_text_is_found_and_another_story_is_not(cli: Cli, tmp_path: Path) -> None:
    cli("outlet", "add", "Karvell Courier")
    cli("doc", "add", write(tmp_path, "wire.txt", WIRE), "--title", "Town floods", "--key", "wire")
    # The same outlet's other story of the same day: no false match.
    other = cli(
        "doc",
        "add",
        write(tmp_path, "bridge.txt", SAME_DAY_OTHER_STORY),
        "--title",
        "Bridge closes",
        "--outlet",
        "Karvell Courier",
        "--published",
        "2026-03-03",
    )
    assert "added held document" in other.stdout
    before = dump_store(cli.url)
    refused = cli("doc", "add", write(tmp_path, "copy.txt", COPY), "--title", "Record river", ok=False)
    line = one_line_error(refused)
    assert "looks like document 1, held: 'Town floods'" in line and "near-identical text" in line
    assert "--new" in line
    assert dump_store(cli.url) == before
    # --new keeps both, recorded as one work.
    kept = cli("doc", "add", write(tmp_path, "copy.txt", COPY), "--title", "Record river", "--new")
    assert "added held document 3" in kept.stdout
    assert cli.json("log", "doc:3")[0]["action"] == "same-work"
    assert cli.json("doc", "show", "wire")["same_work"] == [{"id": 3, "key": "record-river"}]
    assert "same work  document 1 (wire)" in cli("doc", "show", "3").stdout


def test_identical_text_is_still_refused_as_already_held(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", write(tmp_path, "wire.txt", WIRE), "--title", "Town floods")
    refused = cli("doc", "add", write(tmp_path, "again.txt", WIRE), "--title", "Again", "--new", ok=False)
    assert "already held as document 1" in one_line_error(refused)


# ------------------------------------------------------------------------------------- merge


def test_merge_moves_everything_and_old_keys_redirect(cli: Cli, tmp_path: Path) -> None:
    seeded(cli)
    unheld = cli.json("doc", "show", "guardian-2019-02-07")
    cli(
        "doc", "add", write(tmp_path, "g.txt", WIRE), "--title", "Guardian coup story", "--key", "g2", "--new"
    )
    claim = cli.json("claim", "add", "g2", "--quote", "crested at 6.2 metres", "--statement", "6.2 m")
    cli("entity", "add", "Karvell", "--kind", "place")
    cli(
        "assert",
        str(claim["id"]),
        "--subject",
        "Karvell",
        "--property",
        "river_crest",
        "--type",
        "quantity",
        "--value",
        "6.2 metres",
    )
    cli("cite", str(claim["id"]), "--person", "the regional emergency office")
    cli("relate", str(claim["id"]), "corroborates", "gr-chulov-coup-survived")
    g2 = cli.json("doc", "show", "g2")
    # The held record goes into the cited unheld one: its text, claims, citations move; g2 redirects.
    done = cli("doc", "merge", "g2", "guardian-2019-02-07")
    assert "1 claims" in done.stdout and "g2 now redirects to guardian-2019-02-07" in done.stdout
    merged = cli.json("doc", "show", "guardian-2019-02-07")
    assert merged["held"] is True and merged["id"] == unheld["id"]
    assert claim["id"] in merged["claim_ids"]
    assert merged["cited_by"] == unheld["cited_by"]
    assert cli.json("doc", "show", "g2")["redirected_from"] == ["g2"]  # the old key
    assert cli.json("doc", "show", str(g2["id"]))["id"] == unheld["id"]  # the old number
    assert cli("doc", "text", "g2").stdout == WIRE
    assert len(cli.json("assertion", "list", "--claim", str(claim["id"]))) == 1
    assert len(cli.json("relation", "list", "--claim", str(claim["id"]))) == 1
    assert cli.json("log", "guardian-2019-02-07")[0]["action"] == "merge"
    cli("check")
    assert cli("doc", "list").stdout.count("Guardian coup story") == 0


def test_merge_of_two_texts_is_refused_with_the_reason(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", write(tmp_path, "a.txt", WIRE), "--title", "A", "--key", "a")
    cli("doc", "add", write(tmp_path, "b.txt", SAME_DAY_OTHER_STORY), "--title", "B", "--key", "b")
    before = dump_store(cli.url)
    refused = cli("doc", "merge", "a", "b", ok=False)
    line = one_line_error(refused)
    assert "both hold a text" in line and "would lose one of them" in line
    assert dump_store(cli.url) == before


# ------------------------------------------------------------------------------- the bundle


def test_redirects_and_same_work_travel_in_the_bundle(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", "--unheld", "--title", "Town floods (cited)", "--key", "cited")
    cli("doc", "add", write(tmp_path, "wire.txt", WIRE), "--title", "Town floods", "--key", "wire")
    cli("doc", "merge", "cited", "wire")
    cli("doc", "add", write(tmp_path, "copy.txt", COPY), "--title", "Record river", "--key", "copy", "--new")
    out = tmp_path / "export"
    cli("export", out)
    written = (out / "bundle.yaml").read_text(encoding="utf-8")
    assert "same_as: wire" in written and "redirects: [cited]" in written
    other = Cli(f"sqlite:///{tmp_path / 'other.db'}", tmp_path)
    other("init")
    other("import", out)
    assert other.json("doc", "show", "cited")["key"] == "wire"  # the old key still resolves
    again = tmp_path / "again"
    other("export", again)
    assert (again / "bundle.yaml").read_bytes() == (out / "bundle.yaml").read_bytes()
    other("import", out)  # importing twice adds nothing
    assert len(other.json("doc", "list")) == 2


def test_a_bundle_redirect_that_is_a_document_key_is_refused(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "bundle.yaml").write_text(
        "format: provenance-bundle/1\n"
        "documents:\n"
        "- key: a\n  title: A\n  redirects: [b]\n"
        "- key: b\n  title: B\n  same_as: c\n",
        encoding="utf-8",
    )
    refused = cli("import", folder, ok=False)
    assert "documents[0].redirects" in refused.stderr and "is the key of a document" in refused.stderr
    assert "documents[1].same_as" in refused.stderr


def test_a_merged_key_is_not_given_to_a_new_record(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", "--unheld", "--title", "Town floods", "--key", "town-floods")
    cli("doc", "add", write(tmp_path, "wire.txt", WIRE), "--title", "Wire", "--key", "wire")
    cli("doc", "merge", "town-floods", "wire")
    refused = cli("doc", "add", "--unheld", "--title", "Other", "--key", "town-floods", ok=False)
    assert "old key of a record merged into document 2" in one_line_error(refused)
    made = cli("doc", "add", "--unheld", "--title", "Town floods")
    assert "(town-floods)" not in made.stdout
    assert cli.json("doc", "show", "town-floods")["key"] == "wire"


# ------------------------------------------------------------------- the work index is kept


def test_the_work_index_is_filled_by_an_upgrade_and_by_reindex(cli: Cli, tmp_path: Path) -> None:
    url = "https://www.example.org/news/karvell-floods"
    cli("doc", "add", write(tmp_path, "wire.txt", WIRE), "--title", "Town floods", "--url", url)
    cli("db", "downgrade", "0004")  # the work index tables are dropped with their rows
    cli("db", "upgrade")
    refused = cli("doc", "add", write(tmp_path, "copy.txt", COPY), "--title", "Copy", ok=False)
    assert "near-identical text" in refused.stderr
    cli("db", "reindex")
    cli("doc", "add", "--unheld", "--title", "Town floods")  # unheld adds are not checked
    refused = cli("doc", "add", write(tmp_path, "c.txt", COPY), "--title", "C", "--url", url + "/", ok=False)
    assert "the same URL" in refused.stderr and "near-identical text" in refused.stderr


def test_a_merge_keeps_the_copies_of_the_gone_record(cli: Cli, tmp_path: Path) -> None:
    cli(
        "doc",
        "add",
        "--unheld",
        "--title",
        "Cited flood story",
        "--key",
        "cited",
        "--published",
        "2026-03-03",
    )
    cli("doc", "add", write(tmp_path, "wire.txt", WIRE), "--title", "Town floods", "--key", "wire")
    cli("doc", "add", write(tmp_path, "copy.txt", COPY), "--title", "Record river", "--key", "copy", "--new")
    cli("doc", "merge", "wire", "cited")
    survivor = cli.json("doc", "show", "cited")
    assert survivor["held"] is True and survivor["published"] == "2026-03-03"
    assert survivor["same_work"] == [{"id": 3, "key": "copy"}]
    assert cli.json("doc", "show", "copy")["same_work"] == [{"id": 1, "key": "cited"}]
