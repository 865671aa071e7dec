"""The store through the real CLI: init, schema checks (T30), SQLite transaction rules (F1, F2),
deletion refused while anything depends on a document (T21), and the event log's actor."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import Cli, dump_store
from sqlalchemy.engine import make_url

from provenance import Store
from provenance.db import SCHEMA_HEAD, make_engine
from provenance.models import Base

ARTICLE = (
    "The army said on Monday that the convoy was attacked near the border.\n"
    "Officials later denied that any convoy had been there.\n"
)


# --- helpers ---------------------------------------------------------------------------------


def execute(url: str, sql: str, **params: object) -> None:
    """Run one statement outside the CLI, as a tamperer or a test set-up would."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(sql), params)
    finally:
        engine.dispose()


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


def version_rows(url: str) -> list[tuple]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text("SELECT version_num FROM alembic_version"))]
    finally:
        engine.dispose()


def events(cli: Cli) -> list[dict]:
    return cli.json("log", "--limit", "0")


def article(tmp_path: Path, name: str = "article.txt", body: str = ARTICLE) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def sqlite_file(url: str) -> Path:
    return Path(make_url(url).database or "")


# --- init and the missing store --------------------------------------------------------------


def test_init_creates_the_store_at_head_and_is_idempotent(store_url: str, tmp_path: Path) -> None:
    cli = Cli(store_url, tmp_path)
    first = cli("init")
    assert "created provenance store" in first.stdout
    assert f"at schema {SCHEMA_HEAD}" in first.stdout
    assert version_rows(store_url) == [(SCHEMA_HEAD,)]
    assert {t.name for t in Base.metadata.sorted_tables} <= tables(store_url)

    cli("outlet", "add", "CTC Sentinel", "--grade", "B")
    before = dump_store(store_url)
    again = cli("init")
    assert f"already a provenance store at schema {SCHEMA_HEAD}" in again.stdout
    assert dump_store(store_url) == before  # idempotent: nothing dropped, nothing added
    assert version_rows(store_url) == [(SCHEMA_HEAD,)]


@pytest.mark.parametrize(
    "args",
    [
        ("doc", "list"),
        ("claim", "list"),
        ("outlet", "add", "CTC Sentinel"),
        ("doc", "add", "--unheld", "--title", "Asharq al-Awsat report"),
        ("entity", "add", "Abu Bakr al-Baghdadi"),
        ("log",),
        ("db", "downgrade", "base"),
    ],
    ids=lambda a: " ".join(a),
)
def test_commands_on_a_missing_store_say_run_init(
    store_url: str, tmp_path: Path, args: tuple[str, ...]
) -> None:
    cli = Cli(store_url, tmp_path)
    result = cli(*args, ok=False)
    assert "run `provenance init`" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    if store_url.startswith("sqlite"):
        assert not sqlite_file(store_url).exists(), "a command on a missing store created the file"
    else:
        assert tables(store_url) == set(), "a command on an empty database created tables"


def test_db_current_on_a_missing_store_does_not_create_it(sqlite_url: str, tmp_path: Path) -> None:
    result = Cli(sqlite_url, tmp_path)("db", "current")
    assert f"schema none (expected {SCHEMA_HEAD}; run `provenance db upgrade`)" in result.stdout
    assert not sqlite_file(sqlite_url).exists()


def test_db_current_reports_the_revision(cli: Cli) -> None:
    out = cli("db", "current").stdout
    assert f"schema {SCHEMA_HEAD} (expected {SCHEMA_HEAD}; up to date)" in out


# --- T30: the CLI refuses a store that is not at head -----------------------------------------


@pytest.mark.parametrize("found", ["0000", "9999"])
def test_t30_store_at_another_revision_is_refused_without_writes(cli: Cli, found: str) -> None:
    cli("outlet", "add", "CTC Sentinel", "--grade", "B")
    execute(cli.url, "UPDATE alembic_version SET version_num = :v", v=found)
    before = dump_store(cli.url)
    expected = (
        f"store is at revision {found}, this provenance expects {SCHEMA_HEAD}; run `provenance db upgrade`"
    )
    for args in [
        ("doc", "list"),
        ("outlet", "add", "Global Research", "--grade", "E"),
        ("claim", "list", "--json"),
        ("doc", "add", "--unheld", "--title", "Report"),
        ("log",),
    ]:
        result = cli(*args, ok=False)
        assert expected in result.stderr, args
        assert "upgrade provenance" in result.stderr  # the hint for a store a newer provenance wrote
        assert result.exit_code == 6
    assert dump_store(cli.url) == before
    assert version_rows(cli.url) == [(found,)]


def test_t30_store_downgraded_to_base_is_refused(cli: Cli) -> None:
    cli("db", "downgrade", "base")
    result = cli("doc", "list", ok=False)
    assert f"this provenance expects {SCHEMA_HEAD}; run `provenance db upgrade`" in result.stderr
    result = cli("outlet", "add", "CTC Sentinel", ok=False)
    assert "run `provenance db upgrade`" in result.stderr
    assert tables(cli.url) <= {"alembic_version"}


@pytest.mark.parametrize("args", [("init",), ("db", "upgrade"), ("db", "downgrade", "base")], ids=" ".join)
def test_t30_store_written_by_a_newer_provenance_is_not_migrated(cli: Cli, args: tuple[str, ...]) -> None:
    execute(cli.url, "UPDATE alembic_version SET version_num = '9999'")
    before = dump_store(cli.url)
    result = cli(*args, ok=False)
    assert "store is at revision 9999" in result.stderr
    assert "upgrade provenance" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert dump_store(cli.url) == before
    assert version_rows(cli.url) == [("9999",)]


def test_db_upgrade_to_an_unknown_revision_is_one_line(cli: Cli) -> None:
    before = dump_store(cli.url)
    result = cli("db", "upgrade", "no-such-revision", ok=False)
    assert "no-such-revision" in result.stderr
    assert dump_store(cli.url) == before


def test_db_downgrade_base_then_upgrade_round_trip(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", article(tmp_path), "--title", "Convoy")
    down = cli("db", "downgrade", "base")
    assert f"schema {SCHEMA_HEAD} -> empty" in down.stdout
    assert tables(cli.url) <= {"alembic_version"}
    assert f"schema none (expected {SCHEMA_HEAD}" in cli("db", "current").stdout

    up = cli("db", "upgrade")
    assert f"schema empty -> {SCHEMA_HEAD}" in up.stdout
    assert {t.name for t in Base.metadata.sorted_tables} <= tables(cli.url)
    assert version_rows(cli.url) == [(SCHEMA_HEAD,)]
    assert cli.json("doc", "list") == []  # the data went with the tables
    cli("doc", "add", article(tmp_path), "--title", "Convoy")  # and the store works again
    assert [d["title"] for d in cli.json("doc", "list")] == ["Convoy"]


# --- SQLite transaction rules (F1, F2, F4) ----------------------------------------------------


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(sqlite_cli: Cli) -> None:
    store = Store(sqlite_cli.url)
    try:
        for open_transaction in (store.read, store.write):
            with open_transaction() as session:
                assert session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
                assert session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
                assert session.execute(sa.text("PRAGMA busy_timeout")).scalar() > 0
    finally:
        store.dispose()


def test_f1_write_transactions_begin_immediate_and_reads_do_not(sqlite_cli: Cli) -> None:
    store = Store(sqlite_cli.url)
    statements: list[str] = []
    sa.event.listen(
        store.engine, "before_cursor_execute", lambda _c, _cur, stmt, *_: statements.append(stmt.strip())
    )
    try:
        with store.write():
            pass
        assert statements[0] == "BEGIN IMMEDIATE", statements
        statements.clear()
        with store.read():
            pass
        assert statements[0] == "BEGIN", statements
    finally:
        store.dispose()


def test_f1_the_write_lock_is_taken_at_begin(sqlite_cli: Cli) -> None:
    """While a write transaction is open (before it has written anything), no other writer gets in;
    readers still do (WAL). With a deferred BEGIN the lock would only be taken at the first write."""
    path = sqlite_file(sqlite_cli.url)
    store = Store(sqlite_cli.url)
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        with store.write():
            started = time.monotonic()
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
            assert time.monotonic() - started >= 0.15  # it waited for the busy timeout, then gave up
            assert other.execute("SELECT count(*) FROM document").fetchone() == (0,)  # readers are fine
        other.execute("BEGIN IMMEDIATE")  # once the writer is done, the lock is free
        other.execute("ROLLBACK")
        with store.read():
            other.execute("BEGIN IMMEDIATE")  # a read transaction does not hold the write lock
            other.execute("ROLLBACK")
    finally:
        other.close()
        store.dispose()


def test_t23_a_held_write_lock_makes_the_cli_say_busy(
    sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("provenance.db.BUSY_TIMEOUT_S", 0.3)
    before = dump_store(sqlite_cli.url)
    holder = sqlite3.connect(sqlite_file(sqlite_cli.url), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = sqlite_cli("outlet", "add", "CTC Sentinel", ok=False)
        assert result.exit_code == 75
        assert "the store is busy: another provenance command is writing; try again" in result.stderr
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert dump_store(sqlite_cli.url) == before
    sqlite_cli("outlet", "add", "CTC Sentinel")  # after the lock is released it works


# --- T21: deleting what claims rest on --------------------------------------------------------


def test_t21_raw_delete_of_a_claimed_document_raises_integrity_error(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", article(tmp_path), "--title", "Convoy")
    cli("claim", "add", "1", "--quote", "the convoy was attacked", "--statement", "A convoy was attacked")
    before = dump_store(cli.url)
    engine = make_engine(cli.url)
    try:
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM document"))  # its text and its claim rest on it
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM document_text"))  # allowed on its own …
            conn.execute(sa.text("DELETE FROM document"))  # … but the claim still rests on the document
    finally:
        engine.dispose()
    assert dump_store(cli.url) == before


def test_t21_raw_delete_through_the_store_engine_raises_on_sqlite(sqlite_cli: Cli, tmp_path: Path) -> None:
    sqlite_cli("doc", "add", article(tmp_path), "--title", "Convoy")
    sqlite_cli("claim", "add", "1", "--quote", "the convoy was attacked", "--statement", "attacked")
    store = Store(sqlite_cli.url)
    try:
        with pytest.raises(sa.exc.IntegrityError, match="FOREIGN KEY"), store.write() as session:
            session.execute(sa.text("DELETE FROM document_text"))
            session.execute(sa.text("DELETE FROM document"))
    finally:
        store.dispose()
    assert len(sqlite_cli.json("claim", "list")) == 1


def test_t21_doc_delete_with_claims_is_refused_listing_them(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", article(tmp_path), "--title", "Convoy", "--key", "convoy")
    cli("claim", "add", "convoy", "--quote", "the convoy was attacked", "--statement", "attacked")
    cli("claim", "add", "convoy", "--quote", "Officials later denied", "--statement", "denied")
    before = dump_store(cli.url)
    result = cli("doc", "delete", "convoy", ok=False)
    assert result.exit_code == 5
    assert "document 1 (convoy) cannot be deleted: 2 claims (1, 2) depend on it" in result.stderr
    assert dump_store(cli.url) == before


def test_t21_doc_delete_of_a_citation_target_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", article(tmp_path), "--title", "Convoy", "--key", "convoy")
    cli("doc", "add", "--unheld", "--title", "Asharq al-Awsat report", "--key", "asharq")
    cli("claim", "add", "convoy", "--quote", "the convoy was attacked", "--statement", "attacked")
    cli("cite", "1", "--doc", "asharq")
    cli("cite", "1", "--doc", "asharq", "--kind", "quotes")
    before = dump_store(cli.url)
    result = cli("doc", "delete", "asharq", ok=False)
    assert "document 2 (asharq) cannot be deleted: 2 citations (1, 2) depend on it" in result.stderr
    assert dump_store(cli.url) == before


def test_t21_doc_delete_of_a_container_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", article(tmp_path), "--title", "Issue", "--key", "issue")
    cli("doc", "add", "--part-of", "issue", "--span", "0", "70", "--title", "First article")
    before = dump_store(cli.url)
    result = cli("doc", "delete", "issue", ok=False)
    assert "1 parts (2) depend on it" in result.stderr
    assert dump_store(cli.url) == before


def test_deleting_an_unreferenced_document_works_and_is_logged(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", article(tmp_path), "--title", "Convoy", "--key", "convoy")
    cli("doc", "add", "--unheld", "--title", "Asharq al-Awsat report", "--key", "asharq")
    out = cli("doc", "delete", "convoy", user="dora").stdout
    assert "deleted document 1 (convoy)" in out
    cli("doc", "delete", "asharq", user="dora")
    assert cli.json("doc", "list") == []
    tables_after = dump_store(cli.url)
    assert tables_after["document"] == [] and tables_after["document_text"] == []

    history = cli.json("log", "doc:1")
    assert [e["action"] for e in history] == ["delete", "add"]
    deleted = history[0]
    assert deleted["actor"] == "dora"
    assert deleted["key"] == "convoy"
    assert deleted["before"]["title"] == "Convoy"
    assert deleted["after"] is None
    assert cli("doc", "show", "convoy", ok=False).exit_code == 3


# --- every change is an event, by the named actor ---------------------------------------------


def test_every_change_writes_an_event_by_the_actor_given_with_as(cli: Cli, tmp_path: Path) -> None:
    path = article(tmp_path)
    changes = [
        ("outlet", "add", "CTC Sentinel", "--grade", "B"),
        ("outlet", "grade", "ctc-sentinel", "A", "--reason", "peer reviewed"),
        ("doc", "add", path, "--title", "Convoy", "--key", "convoy", "--outlet", "ctc-sentinel"),
        ("doc", "add", "--unheld", "--title", "Asharq al-Awsat report", "--key", "asharq"),
        ("doc", "add", "--unheld", "--title", "Unused", "--key", "unused"),
        ("entity", "add", "Turki al-Binali", "--alias", "Turki al-Bin'ali"),
        ("entity", "add", "Binali duplicate", "--key", "dup"),
        ("entity", "alias", "dup", "al-Binali the younger"),
        ("claim", "add", "convoy", "--quote", "was attacked", "--statement", "attack", "--entity", "dup"),
        ("claim", "add", "convoy", "--quote", "Officials later denied", "--statement", "denied"),
        ("claim", "verdict", "attack", "disputed", "--credibility", "4"),
        ("cite", "attack", "--doc", "asharq", "--kind", "cites"),
        ("relate", "attack", "contradicts", "denied", "--note", "attack vs denial"),
        ("assert", "attack", "--subject", "dup", "--property", "status", "--value", "attacked"),
        ("entity", "merge", "dup", "Turki al-Binali"),
        ("doc", "delete", "unused"),
    ]
    for args in changes:
        count = len(events(cli))
        cli(*args, user="alice")
        new = events(cli)[: len(events(cli)) - count]
        assert new, f"provenance {' '.join(map(str, args))} wrote no event"
        assert {e["actor"] for e in new} == {"alice"}, (args, new)
    nouns = {e["noun"] for e in events(cli)}
    assert nouns == {"outlet", "doc", "entity", "claim", "citation", "relation", "assertion"}


def test_actor_comes_from_provenance_user_unless_as_is_given(cli: Cli) -> None:
    from provenance.cli import app

    def run(*args: str, env: dict[str, str]) -> None:
        result = cli.runner.invoke(app, ["--db", cli.url, *args], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output

    run("outlet", "add", "From Env", env={"PROVENANCE_USER": "carol"})
    run("--as", "dave", "outlet", "add", "From Option", env={"PROVENANCE_USER": "carol"})
    by_outlet = {e["summary"]: e["actor"] for e in events(cli)}
    assert by_outlet == {"added outlet 'From Env'": "carol", "added outlet 'From Option'": "dave"}
    assert [e["summary"] for e in cli.json("log", "--by", "carol")] == ["added outlet 'From Env'"]


def test_a_failed_command_writes_no_event(cli: Cli) -> None:
    cli("outlet", "add", "CTC Sentinel")
    before = dump_store(cli.url)
    cli("outlet", "add", "CTC Sentinel", ok=False)
    cli("outlet", "add", "Other", "--grade", "Z", ok=False)
    cli("outlet", "grade", "ctc-sentinel", "Q", ok=False)
    assert dump_store(cli.url) == before


# --- the same refusal on both engines, never a traceback ---------------------------------------


def test_a_value_longer_than_its_column_is_refused_alike_on_both_engines(cli: Cli) -> None:
    """PostgreSQL refuses an over-long varchar, SQLite stores it: both must give the same error."""
    before = dump_store(cli.url)
    cases = [
        (("doc", "add", "--unheld", "--title", "T", "--language", "english-united-kingdom"), "tester",
         "error: document language is 22 characters long; at most 16 are allowed"),
        (("outlet", "add", "N" * 301), "tester", "error: outlet name is 301 characters long; at most 300"),
        (("entity", "add", "E", "--alias", "é" * 301), "tester", "error: entity_alias alias is 301"),
        (("doc", "add", "--unheld", "--title", "t" * 1001), "tester", "error: document title is 1001"),
        (("outlet", "add", "Fine"), "u" * 201, "error: event actor is 201 characters long; at most 200"),
    ]  # fmt: skip
    for args, user, says in cases:
        result = cli(*args, user=user, ok=False)
        assert result.stderr.startswith(says), result.stderr
        assert result.exit_code == 2
    assert dump_store(cli.url) == before
    cli("outlet", "add", "N" * 300)  # at the limit is fine
    cli("entity", "add", "E", "--alias", "é" * 300)  # characters, not bytes


def test_numbers_beyond_any_id_are_not_found_on_both_engines(cli: Cli) -> None:
    big = str(2**31)
    for args in [("doc", "show", big), ("claim", "show", "99999999999999999999"), ("entity", "show", big),
                 ("outlet", "show", big), ("doc", "show", "²"),
                 ("claim", "verdict", big, "supported")]:  # fmt: skip
        result = cli(*args, ok=False)
        assert result.exit_code == 3, (args, result.stderr)
        assert result.stderr.startswith("error: no "), result.stderr
    assert cli.json("log", f"claim:{big}") == []
    assert "write NOUN:ID" in cli("log", "claim:²", ok=False).stderr
    assert cli("log", "--limit", "-1", ok=False).exit_code == 2  # a usage error, not a database error
