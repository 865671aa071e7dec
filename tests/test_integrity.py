"""`provenance check` on both engines: a clean store passes; tampering (T19), drift and moved
citation markers are errors; bidi and zero-width quotes are warnings; it reads in a bounded
number of queries and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from conftest import Cli, dump_store

from provenance import Store
from provenance.db import make_engine
from provenance.integrity import check_store

ARTICLE = (
    "The army said on Monday that the convoy was attacked near the border [1].\n\n"
    "Officials later denied that any convoy had been there.\n"
)
QUOTE = "the convoy was attacked near the border"


def execute(url: str, sql: str, **params: object) -> None:
    """Change the database behind provenance's back, as a tamperer would."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(sql), params)
    finally:
        engine.dispose()


def populate(cli: Cli, tmp_path: Path, body: str = ARTICLE, key: str = "army", quote: str = QUOTE) -> None:
    path = tmp_path / f"{key}.txt"
    path.write_text(body, encoding="utf-8")
    cli("doc", "add", path, "--title", f"Report {key}", "--key", key)
    cli(
        "claim",
        "add",
        key,
        "--quote",
        quote,
        "--statement",
        "The convoy was attacked.",
        "--key",
        f"{key}-claim",
    )


def check_json(cli: Cli, *, ok: bool = True) -> dict:
    return json.loads(cli("check", "--json", ok=ok).stdout)


def test_empty_store_is_clean(cli: Cli) -> None:
    out = cli("check")
    assert out.stdout.strip() == "checked 0 documents, 0 claims: 0 errors, 0 warnings"


def test_clean_store_passes_and_check_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    populate(cli, tmp_path)
    cli("doc", "add", "--unheld", "--title", "Ministry statement", "--key", "ministry")
    cli("cite", "army-claim", "--doc", "ministry", "--locator", "[1]")
    before = dump_store(cli.url)
    out = cli("check")
    assert out.stdout.strip() == "checked 2 documents, 1 claims: 0 errors, 0 warnings"
    data = check_json(cli)
    assert (data["documents"], data["claims"], data["errors"], data["warnings"]) == (2, 1, 0, 0)
    assert data["findings"] == []
    assert dump_store(cli.url) == before


def test_t19_text_changed_in_the_database_names_the_document(cli: Cli, tmp_path: Path) -> None:
    populate(cli, tmp_path)
    execute(cli.url, "UPDATE document_text SET text = REPLACE(text, 'Monday', 'Sunday')")
    out = cli("check", ok=False)
    assert out.exit_code == 1
    assert "document 1 (army)" in out.stdout and "sha256" in out.stdout
    data = check_json(cli, ok=False)
    wheres = {f["where"] for f in data["findings"] if f["level"] == "error"}
    assert any("army" in w and "document" in w for w in wheres)
    # The claim on that text is reported as unverified, not silently trusted.
    assert any(f["where"].startswith("claim 1") and "unverified" in f["message"] for f in data["findings"])


def test_document_hash_changed_in_the_database_is_an_error(cli: Cli, tmp_path: Path) -> None:
    populate(cli, tmp_path)
    execute(cli.url, "UPDATE document SET sha256 = :h", h="0" * 64)
    data = check_json(cli, ok=False)
    assert data["errors"] == 1
    assert data["findings"][0]["where"] == "document 1 (army)"


def test_tampered_claim_start_is_drift(cli: Cli, tmp_path: Path) -> None:
    populate(cli, tmp_path)
    execute(cli.url, 'UPDATE claim SET start = start + 1, "end" = "end" + 1')
    out = cli("check", ok=False)
    assert "error: claim 1 (army-claim): drift" in out.stdout
    assert "1 error, 0 warnings" in out.stdout


def test_tampered_citation_locator_is_an_error(cli: Cli, tmp_path: Path) -> None:
    populate(cli, tmp_path)
    cli("doc", "add", "--unheld", "--title", "Ministry statement", "--key", "ministry")
    cli("cite", "army-claim", "--doc", "ministry", "--locator", "[1]")
    execute(cli.url, "UPDATE citation SET locator_start = 0, locator_end = 3")
    out = cli("check", ok=False)
    assert "citation 1 of claim 1" in out.stdout and "'[1]'" in out.stdout


def test_bidi_and_zero_width_quotes_are_warnings(cli: Cli, tmp_path: Path) -> None:
    body = "The statement reads: pay to \u202egnp.exe now.\n\nIt was signed by Ab\u200bu Omar.\n"
    populate(cli, tmp_path, body, key="spoof", quote="pay to \u202egnp.exe")
    cli("claim", "add", "spoof", "--quote", "Ab\u200bu Omar", "--statement", "Signed.", "--key", "signed")
    out = cli("check")  # warnings alone do not fail
    assert "0 errors, 2 warnings" in out.stdout
    assert (
        "warning: claim 1 (spoof-claim)" in out.stdout
        and "U+202E (RIGHT-TO-LEFT OVERRIDE) at 7" in out.stdout
    )
    assert "warning: claim 2 (signed)" in out.stdout and "U+200B (ZERO WIDTH SPACE) at 2" in out.stdout


def test_claim_on_an_older_revision_is_a_warning(cli: Cli, tmp_path: Path) -> None:
    populate(cli, tmp_path)
    new = tmp_path / "v2.txt"
    new.write_text("Editor's note.\n\n" + ARTICLE, encoding="utf-8")
    cli("doc", "revise", "army", new)
    execute(cli.url, "UPDATE claim SET revision = 1, start = :s, \"end\" = :e, anchor_state = 'exact'",
            s=ARTICLE.index(QUOTE), e=ARTICLE.index(QUOTE) + len(QUOTE))  # fmt: skip
    out = cli("check")
    assert "warning: claim 1 (army-claim): it is on revision 1" in out.stdout


def test_check_reads_in_a_bounded_number_of_queries(sqlite_cli: Cli, tmp_path: Path) -> None:
    def queries() -> int:
        store = Store(sqlite_cli.url)
        seen: list[str] = []
        sa.event.listen(store.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
        try:
            with store.read() as session:
                check_store(session)
        finally:
            store.dispose()
        return len(seen)

    populate(sqlite_cli, tmp_path)
    small = queries()
    for n in range(2, 7):
        populate(sqlite_cli, tmp_path, ARTICLE.replace("Monday", f"day {n}"), key=f"army{n}")
    assert queries() == small
