"""`provenance backup`: a consistent copy of a live SQLite store (RELIABILITY T40)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from provenance import Store
from provenance.claims import add_claim
from provenance.db import SCHEMA_HEAD
from provenance.documents import add_document


def test_backup_while_a_writer_commits(sqlite_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    words = " ".join(f"word{i}" for i in range(400))
    with Store(sqlite_cli.url, actor="writer").write() as session:
        add_document(session, title="t", text=words, key="t")
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        store = Store(sqlite_cli.url, actor="writer")
        i = 0
        while not stop.is_set() and i < 300:
            with store.write() as session:
                add_claim(session, "t", quote=f"word{i} word{i + 1}", statement=f"s{i}", key=f"c{i}")
            written.append(i)
            i += 1
        store.dispose()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            threading.Event().wait(0.01)
        copies = [tmp_path / f"copy{n}.db" for n in range(3)]
        for copy in copies:
            assert "integrity ok" in sqlite_cli("backup", copy).stdout
    finally:
        stop.set()
        thread.join(timeout=60)
    for copy in copies:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
        claims = conn.execute("SELECT count(*) FROM claim").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM event WHERE noun = 'claim'").fetchone()[0]
        assert claims == events  # one snapshot: every claim with its event, never half a transaction
        conn.close()
    # The copy opens as a store at head through the CLI.
    assert "up to date" in sqlite_cli("--db", f"sqlite:///{copies[-1]}", "db", "current").stdout


def test_backup_refuses_to_overwrite_and_postgres(sqlite_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "b.db"
    sqlite_cli("backup", target)
    assert "exists" in sqlite_cli("backup", target, ok=False).stderr
    sqlite_cli("backup", target, "--force")
    out = sqlite_cli("--db", "postgresql://nobody@127.0.0.1:1/none", "backup", tmp_path / "x.db", ok=False)
    assert "pg_dump" in out.stderr
