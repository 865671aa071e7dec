"""Several editors on one store: RELIABILITY T22, T24, T26, and least privilege on PostgreSQL.

Processes are real (subprocess), bounded in count and time, and talk only to the
store's file or to PostgreSQL on loopback. T23 (busy) and T25 (lost update) live in
test_store.py and test_claims.py.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.parse
import uuid
from pathlib import Path

import html5lib
import sqlalchemy as sa

from provenance import Store
from provenance.claims import add_claim
from provenance.db import database_url
from provenance.documents import add_document
from provenance.report import build_report

WORDS = " ".join(f"w{i}" for i in range(400))

WRITER = """
import sys
from provenance.claims import add_claim
from provenance import Store
url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = Store(url, actor=name)
for i in range(count):
    with store.write() as session:
        add_claim(session, "t", quote=f"w{i} w{i + 1}", statement=f"{name} {i}", key=f"{name}-{i}")
store.dispose()
"""


def _store_with_text(url: str) -> None:
    with Store(url, actor="setup").write() as session:
        add_document(session, title="t", text=WORDS, key="t")


def test_t22_two_processes_adding_claims_at_once_all_land(cli) -> None:  # type: ignore[no-untyped-def]
    _store_with_text(cli.url)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, cli.url, name, "50"], stderr=subprocess.PIPE, text=True
        )
        for name in ("alice", "bob")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert "locked" not in err
    claims = cli.json("claim", "list")
    assert len(claims) == 100
    assert {c["statement"].split()[0] for c in claims} == {"alice", "bob"}


def test_t26_racing_adds_of_one_text_make_one_document(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for round_ in range(3):
        text = tmp_path / f"article{round_}.txt"
        text.write_text(f"An article, version {round_}.\n{WORDS}\n", encoding="utf-8")
        argv = [
            sys.executable,
            "-c",
            "from provenance.cli import main; main()",
            "--db",
            cli.url,
            "doc",
            "add",
            str(text),
            "--title",
            f"article {round_}",
            # Each round's text is near-identical to the last one's: keep them as separate records
            # (same work), so that what races is the one text of the round.
            "--new",
        ]
        racers = [
            subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        results = [(r.wait(timeout=120), *r.communicate()) for r in racers]
        assert sorted(code for code, _, _ in results) == [0, 4], results
        loser = next(err for code, _, err in results if code)
        assert "already held" in loser and "Traceback" not in loser
    assert len(cli.json("doc", "list")) == 3


def test_t24_a_report_build_sees_one_snapshot_while_a_writer_commits(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _store_with_text(cli.url)
    stop = threading.Event()
    committed: list[int] = []

    def writer() -> None:
        store = Store(cli.url, actor="writer")
        for i in range(200):
            if stop.is_set():
                break
            with store.write() as session:
                add_claim(session, "t", quote=f"w{i} w{i + 1} w{i + 2}", statement=f"s{i}", key=f"c{i}")
            committed.append(i)
        store.dispose()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(committed) < 5:
            threading.Event().wait(0.01)
        store = Store(cli.url, actor="reader")
        build_report(store, tmp_path / "site")
        store.dispose()
        during = len(committed)
    finally:
        stop.set()
        thread.join(timeout=120)
    assert during > 5, "the writer was blocked by the build"
    pages = len(list((tmp_path / "site" / "claims").glob("*.html")))
    index = html5lib.parse((tmp_path / "site" / "index.html").read_bytes(), namespaceHTMLElements=False)
    figures = {
        "".join(dt.itertext()).strip(): "".join(dd.itertext()).strip()
        for dt, dd in zip(index.iter("dt"), index.iter("dd"), strict=False)
    }
    shown = next((v for k, v in figures.items() if k.lower() == "claims"), None)
    assert shown is not None, figures
    assert int(shown.replace(",", "")) == pages  # the counts agree with the pages: one snapshot


def _schema(url: str) -> str:
    options = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("options", [""])[0]
    return options.split("search_path=")[-1]


def test_a_read_only_role_reads_and_builds_but_cannot_write(postgres_url: str, tmp_path: Path) -> None:
    from tests.conftest import Cli

    owner = Cli(postgres_url, tmp_path)
    owner("init")
    owner("outlet", "add", "CTC Sentinel", "--grade", "B")
    role = "reader_" + uuid.uuid4().hex[:8]
    schema = _schema(postgres_url)
    admin = sa.create_engine(database_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE ROLE {role} LOGIN"))
        conn.execute(sa.text(f'GRANT USAGE ON SCHEMA "{schema}" TO {role}'))
        conn.execute(sa.text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {role}'))
    try:
        parts = urllib.parse.urlsplit(postgres_url)
        reader_url = urllib.parse.urlunsplit(
            parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port or 5432}")
        )
        reader = Cli(reader_url, tmp_path)
        assert reader.json("outlet", "list")[0]["name"] == "CTC Sentinel"
        reader("report", "build", tmp_path / "site")
        reader("log")
        reader("conflicts", "--no-detect")
        refused = reader("outlet", "add", "Global Research", "--grade", "E", ok=False)
        assert refused.exit_code == 77 and "may only read" in refused.stderr
        assert len(owner.json("outlet", "list")) == 1
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP OWNED BY {role}"))
            conn.execute(sa.text(f"DROP ROLE {role}"))
        admin.dispose()


def test_db_copy_moves_a_sqlite_store_to_postgresql(sqlite_cli, postgres_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import Cli

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    sqlite_cli("import", seeds)
    out = sqlite_cli("db", "copy", "--to", postgres_url).stdout
    assert "exports identical" in out
    target = Cli(postgres_url, tmp_path)
    sqlite_cli("export", tmp_path / "a")
    target("export", tmp_path / "b")
    for path in sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()):
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes(), path
    again = sqlite_cli("db", "copy", "--to", postgres_url, ok=False)
    assert "copy into an empty store" in again.stderr
