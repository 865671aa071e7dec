"""Hardening: records that cannot be fixed, lost updates under contention, partial imports, leaks.

- `claim edit` / `claim delete` (a hostile or mistaken claim can be mended or removed), with events;
- a store full of one-word hostile records still builds its report;
- two editors changing one versioned record at the same moment (two processes released by one
  barrier, many rounds, both engines): one wins, the other is told exit 7 "changed by …", never a
  traceback; two identical `claim add` at once get distinct keys;
- a bundle cut at a record boundary is refused by its manifest; one without a manifest warns;
- a store on read-only media is read (and says so) but not written;
- staging folders of killed builds and exports are swept when provably dead, never when alive.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import REPO, Cli, dump_store

from provenance import staging

SEEDS = REPO / "seeds"
ENTRY = "from provenance.cli import main; main()"


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    cli("import", SEEDS)
    return cli


# ------------------------------------------------------------------------------- claim edit and delete


def test_claim_edit_changes_the_words_and_logs_it(seeded: Cli) -> None:
    claim = seeded.json("claim", "show", "tm-binali-killed-2015")
    out = seeded("claim", "edit", "tm-binali-killed-2015", "--statement", "Bin'ali died in a 2015 airstrike")
    assert "edited" in out.stdout
    after = seeded.json("claim", "show", "tm-binali-killed-2015")
    assert after["statement"] == "Bin'ali died in a 2015 airstrike"
    assert (after["exact"], after["start"], after["end"]) == (claim["exact"], claim["start"], claim["end"])
    assert after["version"] == claim["version"] + 1
    log = seeded("log", f"claim:{claim['id']}").stdout
    assert "edited claim tm-binali-killed-2015: statement" in log


def test_claim_edit_refusals(seeded: Cli) -> None:
    before = dump_store(seeded.url)
    stale = seeded(
        "claim", "edit", "tm-binali-killed-2015", "--note", "x", "--expect-version", "99", ok=False
    )
    assert stale.exit_code == 7 and "changed" in stale.stderr
    assert "nothing to change" in seeded("claim", "edit", "tm-binali-killed-2015", ok=False).stderr
    assert (
        "cannot be empty"
        in seeded("claim", "edit", "tm-binali-killed-2015", "--statement", " ", ok=False).stderr
    )
    too_long = seeded("claim", "edit", "tm-binali-killed-2015", "--statement", "w" * 3000, ok=False)
    assert too_long.exit_code == 2 and "statement" in too_long.stderr
    assert seeded("claim", "edit", "no-such-claim", "--note", "x", ok=False).exit_code == 3
    assert dump_store(seeded.url) == before


def test_claim_delete_refuses_while_things_depend_on_it_then_cascades(seeded: Cli) -> None:
    ref = "tm-binali-killed-2015"
    detail = seeded.json("claim", "show", ref)
    assert detail["citations"] or detail["relations"]
    before = dump_store(seeded.url)
    refused = seeded("claim", "delete", ref, ok=False)
    assert refused.exit_code == 5 and "depend on it" in refused.stderr
    assert dump_store(seeded.url) == before
    out = seeded("claim", "delete", ref, "--cascade")
    assert f"deleted claim {detail['id']}" in out.stdout
    assert seeded("claim", "show", ref, ok=False).exit_code == 3
    after = dump_store(seeded.url)
    assert len(after["claim"]) == len(before["claim"]) - 1
    assert not [r for r in after["relation"] if detail["id"] in (r[1], r[3])]
    assert "deleted claim tm-binali-killed-2015 with" in seeded("log", f"claim:{detail['id']}").stdout


def test_a_claim_without_dependents_is_deleted_plainly(seeded: Cli) -> None:
    seeded(
        "claim",
        "add",
        "tm-hazimite-coup",
        "--quote",
        *_unique_quote(seeded),
        "--statement",
        "x",
        "--key",
        "gone",
    )
    before = dump_store(seeded.url)
    seeded("claim", "delete", "gone")
    assert seeded("claim", "show", "gone", ok=False).exit_code == 3
    after = dump_store(seeded.url)
    assert len(after["claim"]) == len(before["claim"]) - 1
    assert after["citation"] == before["citation"] and after["relation"] == before["relation"]


# --------------------------------------------------------------------- hostile records and the report


def test_a_store_of_one_word_records_still_builds(cli: Cli, tmp_path: Path) -> None:
    word = "z" * 1_900  # just under the statement's cap: a key that long must not break the index
    text = tmp_path / "t.txt"
    text.write_text(" ".join(f"p{i} {word}{i}" for i in range(30)) + "\n", encoding="utf-8")
    cli("doc", "add", text, "--title", word[:900], "--key", "words")
    for i in range(30):
        cli("claim", "add", "words", "--quote", f"p{i} {word}{i}", "--statement", f"{word}{i}")
    cli("entity", "add", word[:290])
    cli("report", "build", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file()
    assert max(len(p.name) for p in (tmp_path / "site").rglob("*")) < 255


# ------------------------------------------------------------------------------------ lost updates


def _run_cli(url: str, user: str, argv: list[str], barrier: object, queue: object) -> None:
    """In a child process: wait at the barrier, run the CLI, report (exit code, stderr)."""
    from provenance.cli import app

    err = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (read back after the command ran)
    os.dup2(err.fileno(), 2)
    sys.stderr = os.fdopen(2, "w", closefd=False)  # noqa: SIM115 (fd 2 outlives this function)
    barrier.wait(timeout=60)  # type: ignore[attr-defined]
    try:
        app(args=["--db", url, "--as", user, *argv], prog_name="provenance")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:  # noqa: BLE001 - a traceback is what the test must catch
        import traceback

        traceback.print_exception(exc)
        code = 99
    sys.stderr.flush()
    err.seek(0)
    queue.put((user, code, err.read()))  # type: ignore[attr-defined]


def _race(url: str, argvs: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(len(argvs)), context.Queue()
    children = [
        context.Process(target=_run_cli, args=(url, user, argv, barrier, queue))
        for user, argv in argvs.items()
    ]
    for child in children:
        child.start()
    results = {}
    for _ in children:
        user, code, err = queue.get(timeout=120)
        results[user] = (code, err)
    for child in children:
        child.join(timeout=60)
    return results


def _row(url: str, table: str, record_id: int) -> tuple[int, int]:
    """A record's version, and the number of events logged on it."""
    import sqlalchemy as sa

    from provenance.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            version = conn.execute(
                sa.text(f"SELECT version FROM {table} WHERE id = :i"), {"i": record_id}
            ).scalar()
            events = conn.execute(
                sa.text("SELECT count(*) FROM event WHERE noun = :n AND record_id = :i"),
                {"n": table, "i": record_id},
            ).scalar()
            return int(version), int(events)
    finally:
        engine.dispose()


@pytest.mark.parametrize("noun", ["claim", "outlet", "relation"])
def test_two_editors_changing_one_record_at_once(seeded: Cli, noun: str) -> None:
    # Each round both editors make a real change (a no-op writes nothing and bumps no version).
    if noun == "relation":
        contradictions = seeded.json("conflicts")["contradictions"]
        record_id = next(c for c in contradictions if c["status"] != "dismissed")["id"]
        command = ["conflicts", "confirm", str(record_id)]

        def values(n: int) -> list[list[str]]:
            return [["--note", f"alice's reading {n}"], ["--note", f"bob's reading {n}"]]

    elif noun == "claim":
        record_id = seeded.json("claim", "show", "tm-binali-killed-2015")["id"]
        command = ["claim", "verdict", str(record_id)]

        def values(n: int) -> list[list[str]]:
            current = seeded.json("claim", "show", str(record_id))["verdict"]
            choices = [v for v in ("supported", "disputed", "refuted", "unverifiable") if v != current]
            return [[choices[0]], [choices[1]]]

    else:
        record_id = seeded.json("outlet", "show", "global-research")["id"]
        command = ["outlet", "grade", str(record_id)]

        def values(n: int) -> list[list[str]]:
            return [["D", "--reason", f"alice {n}"], ["E", "--reason", f"bob {n}"]]

    for n in range(6):
        version, events = _row(seeded.url, noun, record_id)
        first, second = values(n)
        guarded = {
            "alice": [*command, *first, "--expect-version", str(version)],
            "bob": [*command, *second, "--expect-version", str(version)],
        }
        results = _race(seeded.url, guarded)
        assert all("Traceback" not in err for _, err in results.values()), results
        codes = sorted(code for code, _ in results.values())
        assert codes == [0, 7], results  # one wins; the other is told, and nothing is lost silently
        loser = next(err for code, err in results.values() if code == 7)
        assert "changed by" in loser and "reload" in loser
        assert _row(seeded.url, noun, record_id) == (version + 1, events + 1)
        # Without a version to expect, both changes land, one after the other, and both are logged.
        first, second = values(n + 100)
        unguarded = _race(seeded.url, {"alice": [*command, *first], "bob": [*command, *second]})
        assert [code for code, _ in unguarded.values()] == [0, 0], unguarded
        assert _row(seeded.url, noun, record_id)[1] == events + 3


def test_two_identical_claim_adds_at_once_get_distinct_keys(seeded: Cli) -> None:
    argv = [
        "claim",
        "add",
        "tm-hazimite-coup",
        "--quote",
        *_unique_quote(seeded),
        "--statement",
        "same words",
    ]
    for _round in range(4):
        results = _race(seeded.url, {"alice": argv, "bob": argv})
        assert all(code == 0 for code, _ in results.values()), results
    keys = [c["key"] for c in seeded.json("claim", "list") if c["statement"] == "same words"]
    assert len(keys) == 8 and len(set(keys)) == 8


def _unique_quote(cli: Cli) -> list[str]:
    text = cli("doc", "text", "tm-hazimite-coup").stdout
    words = text.split()
    for i in range(len(words) - 6):
        candidate = " ".join(words[i : i + 6])
        if text.count(candidate) == 1 and candidate.isascii():
            return [candidate]
    pytest.skip("no unique six-word passage")


# ----------------------------------------------------------------------------------- bundle manifest


def test_a_bundle_cut_at_a_record_boundary_is_refused(cli: Cli, tmp_path: Path) -> None:
    source = Cli(f"sqlite:///{tmp_path / 'a.db'}", tmp_path)
    source("init")
    source("import", SEEDS)
    source("export", tmp_path / "out")
    bundle = tmp_path / "out" / "bundle.yaml"
    lines = bundle.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = max(i for i, line in enumerate(lines) if line.startswith("  - a: "))  # the last relation
    bundle.write_text("".join(lines[:cut]), encoding="utf-8")
    before = dump_store(cli.url)
    refused = cli("import", tmp_path / "out", ok=False)
    assert "23 of the 24 relations" in refused.stderr and "truncated" in refused.stderr
    assert dump_store(cli.url) == before
    (tmp_path / "out" / "manifest.yaml").unlink()
    done = cli("import", tmp_path / "out")
    assert "no manifest.yaml" in done.stderr and done.stderr.startswith("warning:")


def test_a_malformed_manifest_is_named(cli: Cli, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(SEEDS, tmp_path / "b")
    (tmp_path / "b" / "manifest.yaml").write_text("format: something else\n", encoding="utf-8")
    refused = cli("import", tmp_path / "b", ok=False)
    assert "manifest.yaml" in refused.stderr and "delete it" in refused.stderr


def test_the_seed_bundle_carries_its_manifest(cli: Cli) -> None:
    assert "warning" not in cli("import", SEEDS).stderr


# ------------------------------------------------------------------------------------- read-only media


def test_a_store_on_read_only_media_is_read_but_not_written(
    sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_cli("import", SEEDS)
    store = Path(sqlite_cli.url.removeprefix("sqlite:///"))
    real_access = os.access
    monkeypatch.setattr(
        "provenance.db.os.access",
        lambda path, mode: (
            False if mode == os.W_OK and Path(path) in (store, store.parent) else real_access(path, mode)
        ),
    )
    listed = sqlite_cli("claim", "list")
    assert "tm-binali-killed-2015" in listed.stdout
    assert "opened read-only" in listed.stderr
    refused = sqlite_cli("claim", "verdict", "tm-binali-killed-2015", "supported", ok=False)
    assert refused.exit_code == 77 and "can only be read here" in refused.stderr


# ---------------------------------------------------------------------------------- staging folders


def _dead_owner() -> tuple[int, int]:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    start = staging._start_time(child.pid)
    child.wait()
    assert start is not None
    return child.pid, start


def test_stale_staging_folders_are_swept_and_live_ones_kept(sqlite_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    pid, start = _dead_owner()
    host, boot = staging._host(), staging._boot()
    dead = tmp_path / f".site.building-{host}-{boot}-{pid}-{start}-0123abcd"
    alive = staging.new_folder(out, "building")  # this very process: alive
    foreign = tmp_path / f".site.building-ffffffff-{boot}-{pid}-{start}-0123abcd"
    legacy = tmp_path / ".site.building-0123456789ab"
    for folder in (dead, foreign, legacy):
        folder.mkdir()
        (folder / "page.html").write_text("half a site")
    sqlite_cli("report", "build", out)
    assert not dead.exists()
    assert alive.exists() and foreign.exists() and legacy.exists()


def test_t37_a_killed_build_leaves_the_site_and_its_leftovers_are_swept(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    sqlite_cli("import", SEEDS)
    out = tmp_path / "site"
    sqlite_cli("report", "build", out)
    index = (out / "index.html").read_bytes()
    build = subprocess.Popen(
        [sys.executable, "-c", ENTRY, "--db", sqlite_cli.url, "report", "build", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".site.building-*/*")):
        time.sleep(0.02)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert (out / "index.html").read_bytes() == index  # the previous site is whole
    if list(tmp_path.glob(".site.building-*")):
        sqlite_cli("report", "build", out)
    assert not list(tmp_path.glob(".site.building-*")) and not list(tmp_path.glob(".site.old-*"))


# ------------------------------------------------------------------------------------ a full disk


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["export", "out"], "out/bundle.yaml"),
        (["report", "build", "site"], "site/"),
        (["export", "x.jsonld", "--format", "claimreview"], "x.jsonld"),
        (["backup", "b.db"], "b.db"),
    ],
    ids=["export", "report", "claimreview", "backup"],
)
def test_a_full_disk_names_the_file_and_leaves_nothing_behind(
    sqlite_cli: Cli, tmp_path: Path, argv: list[str], named: str
) -> None:
    import resource

    sqlite_cli("import", SEEDS)
    work = tmp_path / "work"
    work.mkdir()

    def small_files() -> None:  # every file may hold 100 kB: the seed texts' pages are larger
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    proc = subprocess.run(
        [sys.executable, "-c", ENTRY, "--db", sqlite_cli.url, *argv],
        capture_output=True,
        text=True,
        cwd=work,
        preexec_fn=small_files,
        timeout=300,
    )
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    message = proc.stderr.strip()
    assert len(message.splitlines()) == 1 and ("disk is full" in message or "a full disk" in message), message
    assert named in message, message
    assert sorted(p.name for p in work.iterdir()) == []  # no staging folder, partial copy or half a file
