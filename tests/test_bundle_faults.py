"""Faults during `provenance import` on SQLite (RELIABILITY T1, T2, F12): all or nothing.

T1: the import process is SIGKILLed at random moments (half of the runs at a random
moment after it has started writing the WAL) on a store that already holds a bundle.
Each run leaves the store unchanged or fully imported, `integrity_check` is ok, and a
later import succeeds.
T2: the same import under RLIMIT_FSIZE (a full disk) with SIGXFSZ ignored: a clear
message, a non-zero exit, no traceback, and the store unchanged.
"""

from __future__ import annotations

import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Cli, dump_store
from test_bundle_samples import write_generated, write_small

ENTRY = "from provenance.cli import main; main()"
CLAIMS = 2000

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and rlimits")


def url(db: Path) -> str:
    return f"sqlite:///{db}"


def spawn(db: Path, *args: str | Path, preexec_fn=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", ENTRY, "--db", url(db), "--as", "tester", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=db.parent,
        preexec_fn=preexec_fn,
    )


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (never `cp` of a WAL database)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def integrity(db: Path) -> tuple[str, list]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0], conn.execute(
            "PRAGMA foreign_key_check"
        ).fetchall()
    finally:
        conn.close()


def counts(db: Path) -> dict[str, int]:
    return {table: len(rows) for table, rows in dump_store(url(db)).items()}


@pytest.fixture
def base(sqlite_cli: Cli, tmp_path: Path) -> Path:
    """A store that already holds one bundle."""
    sqlite_cli("import", write_small(tmp_path / "small"))
    return Path(sqlite_cli.url.removeprefix("sqlite:///"))


def test_t1_sigkill_during_import_is_all_or_nothing(base: Path, tmp_path: Path) -> None:
    big = write_generated(tmp_path / "big", CLAIMS)
    before = dump_store(url(base))
    reference = tmp_path / "reference.db"
    copy_store(base, reference)
    began = time.monotonic()
    done = spawn(reference, "import", big)
    assert done.wait() == 0, done.stderr.read()
    duration = time.monotonic() - began
    expected = counts(reference)
    assert expected["claim"] == counts(base)["claim"] + CLAIMS

    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    outcomes = []
    for run in range(6):
        db = tmp_path / f"run{run}.db"
        copy_store(base, db)
        wal = db.with_name(db.name + "-wal")
        proc = spawn(db, "import", big)
        if run % 2 == 0:  # anywhere, but mostly late: startup and validation come first
            time.sleep(rng.uniform(0.5 * duration, 1.1 * duration))
        else:  # as soon as it starts writing the WAL, or a little later: mid-commit
            while proc.poll() is None and not (wal.exists() and wal.stat().st_size > 0):
                time.sleep(0.0005)
            time.sleep(rng.choice([0, 0, rng.uniform(0, 0.02)]))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stderr = proc.stderr.read()
        assert "Traceback" not in stderr
        assert integrity(db) == ("ok", []), f"run {run} (seed {seed})"
        if dump_store(url(db)) == before:
            outcomes.append("unchanged")
        else:
            assert counts(db) == expected, f"run {run} left a partial import (seed {seed})"
            outcomes.append("imported")
        proc.stdout.close()
        proc.stderr.close()

    # A later import succeeds (or finds everything already there) after each mid-write kill.
    for run in range(1, len(outcomes), 2):
        db, outcome = tmp_path / f"run{run}.db", outcomes[run]
        later = spawn(db, "import", big, "--json")
        out, err = later.communicate()
        assert later.returncode == 0, err
        assert counts(db) == expected, f"run {run} was {outcome} (seed {seed})"


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_t2_disk_full_leaves_the_store_unchanged(base: Path, tmp_path: Path) -> None:
    big = write_generated(tmp_path / "big", CLAIMS)
    before = dump_store(url(base))
    proc = spawn(base, "import", big, preexec_fn=_limit_file_size(256 * 1024))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0, out
    assert "Traceback" not in err
    assert "disk full / I/O error while writing the store" in err, err
    assert len(err.strip().splitlines()) == 1
    assert integrity(base) == ("ok", [])
    assert dump_store(url(base)) == before
    # With room again, the same import goes through.
    again = spawn(base, "import", big)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert counts(base)["claim"] == len(before["claim"]) + CLAIMS


def _spawn_url(store_url: str, cwd: Path, *args: str | Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", ENTRY, "--db", store_url, "--as", "tester", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )


def _row_counts(store_url: str) -> dict[str, int]:
    return {table: len(rows) for table, rows in dump_store(store_url).items()}


def test_t1_on_postgresql_sigkill_during_import_is_all_or_nothing(postgres_url: str, tmp_path: Path) -> None:
    """T1 [both]: the PostgreSQL half. Each run, on a store of its own that already holds a bundle,
    kills the importer at a random moment from its start to a little past its usual end; the store is
    then unchanged or fully imported, never partly, and a later import completes it."""
    from conftest import _postgres_schema_url

    big = write_generated(tmp_path / "big", CLAIMS)
    small = write_small(tmp_path / "small")

    def fresh(store_url: str) -> dict[str, list[tuple]]:
        cli = Cli(store_url, tmp_path)
        cli("init")
        cli("import", small)
        return dump_store(store_url)

    fresh(postgres_url)
    began = time.monotonic()
    timed = _spawn_url(postgres_url, tmp_path, "import", big)
    assert timed.wait() == 0, timed.stderr.read()
    duration = time.monotonic() - began
    timed.stdout.close(), timed.stderr.close()
    expected = _row_counts(postgres_url)
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    for run in range(6):
        schemas = _postgres_schema_url()
        store_url = next(schemas)
        try:
            before = fresh(store_url)
            proc = _spawn_url(store_url, tmp_path, "import", big)
            time.sleep(rng.uniform(0.3 * duration, 1.1 * duration))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert "Traceback" not in proc.stderr.read()
            proc.stdout.close(), proc.stderr.close()
            if dump_store(store_url) != before:
                assert _row_counts(store_url) == expected, f"run {run} left a partial import (seed {seed})"
            Cli(store_url, tmp_path)("import", big)  # a later import completes it
            assert _row_counts(store_url) == expected, f"run {run} (seed {seed})"
        finally:
            schemas.close()


def _peak_rss_kib(store: Path, bundle: Path) -> tuple[int, str]:
    """Peak resident memory of one `provenance import` process (KiB), with its stderr."""
    script = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(p.stderr, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            sys.executable,
            "-c",
            ENTRY,
            "--db",
            url(store),
            "import",
            str(bundle),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return int(proc.stdout.strip()), proc.stderr


def test_t6_an_alias_bomb_costs_no_more_memory_than_a_tiny_bundle(sqlite_cli: Cli, tmp_path: Path) -> None:
    """T6's memory bound, measured: the loader refuses the bomb from the event stream, before any
    expansion, so the process peaks where an import of a one-record bundle does."""
    store = Path(sqlite_cli.url.removeprefix("sqlite:///"))
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    (tiny / "bundle.yaml").write_text(
        "format: provenance-bundle/1\noutlets:\n- key: o\n  name: O\n", encoding="utf-8"
    )
    bomb = tmp_path / "bomb"
    bomb.mkdir()
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    (bomb / "bundle.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    baseline, _ = _peak_rss_kib(store, tiny)
    peak, err = _peak_rss_kib(store, bomb)
    assert "anchors/aliases are not allowed" in err
    print(f"T6 peak RSS: alias bomb {peak / 1024:.1f} MiB, one-record bundle {baseline / 1024:.1f} MiB")
    assert peak < baseline + 16 * 1024, (peak, baseline)  # 10^9 expanded nodes would need tens of GB
