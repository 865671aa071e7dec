"""One-record commands' fixed cost, and batch curation, as an editor runs them (issue 21).
Prints figures; asserts nothing.

    python benchmarks/startup.py                 # one-record commands on the 1k store, and --from
    python benchmarks/startup.py --only commands
    python benchmarks/startup.py --only batch --claims 1000

One-record commands (`claim show`, `claim add --no-read`, `cite`, `relate`, `assert`, `entity add`,
`doc add` of a small text, `log RECORD`) run as subprocesses of the real CLI (the `provenance` beside
this Python) on the generated 1k store, RUNS times each; the median CPU (user + system of the child)
and wall are printed beside `python -c "import sqlalchemy.orm"` measured in the same run, with each
command's CPU ratio beside its target (≤ 1.2). Writing commands run on a copy of the store, each run
with its own inputs (a new key, another claim), so every run does the same work.

Batch curation: N claims logged by `claim add --from FILE` (CSV, with and without --no-read) against
`provenance import` of a bundle holding the same claims, each into a fresh copy of a small store (the
documents the claims quote), wall and CPU of the child; target: --from ≥ as fast as the import.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from editor import store, timed  # noqa: E402
from scale import machine  # noqa: E402

VENV_BIN = Path(sys.executable).parent
CLI = str(VENV_BIN / "provenance")
RUNS = 7
TARGET = 1.2


def median_cpu(argvs: list[list[str]]) -> tuple[float, float, list[int], str]:
    """Median wall and CPU over one run of each argv (RUNS of them); exit codes; the first error."""
    runs, errors = [], ""
    for argv in argvs:
        wall, cpu, code = timed(argv)
        if code and not errors:
            done = subprocess.run(argv, capture_output=True, text=True, check=False)
            errors = (done.stderr or done.stdout).strip().splitlines()[-1:][0] if done.stderr else ""
        runs.append((wall, cpu, code))
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        [r[2] for r in runs],
        errors,
    )


def picks(path: Path, count: int) -> dict:
    """Claims (key, exact, document key) and an entity to work with, straight from the file."""
    conn = sqlite3.connect(path)
    claims = conn.execute(
        "SELECT claim.key, claim.exact, document.key FROM claim JOIN document ON document.id = "
        "claim.document_id ORDER BY claim.id LIMIT ?",
        (count * 2,),
    ).fetchall()
    entity = conn.execute("SELECT key FROM entity ORDER BY id LIMIT 1").fetchone()[0]
    held = conn.execute("SELECT key FROM document WHERE revision > 0 ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    return {"claims": claims, "entity": entity, "doc": held}


def commands(work: Path) -> None:
    url = store(work, "1k")
    path = Path(url.removeprefix("sqlite:///"))
    copy = work / "startup-1k-write.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(path, copy)
    got = picks(path, RUNS)
    claims, entity = got["claims"], got["entity"]
    read = [CLI, "--db", url, "--as", "bench"]
    write = [CLI, "--db", f"sqlite:///{copy}", "--as", "bench"]
    texts = work / "startup-texts"
    shutil.rmtree(texts, ignore_errors=True)
    texts.mkdir()
    for i in range(RUNS):
        (texts / f"t{i}.txt").write_text(
            f"A small text number {i}. The council said {40 + i} homes were flooded on Tuesday.\n"
        )
    n = range(RUNS)
    table: list[tuple[str, list[list[str]]]] = [
        ("claim show", [[*read, "claim", "show", claims[0][0]] for _ in n]),
        ("log RECORD", [[*read, "log", claims[0][0]] for _ in n]),
        (
            "claim add --no-read",
            [
                [*write, "claim", "add", claims[i][2], "--quote", claims[i][1], "--no-read"]
                + ["--key", f"bench-add-{i}", "--statement", f"bench {i}"]
                for i in n
            ],
        ),
        ("cite", [[*write, "cite", claims[i][0], "--person", f"a bench witness {i}"] for i in n]),
        ("relate", [[*write, "relate", claims[i][0], "corroborates", claims[RUNS + i][0]] for i in n]),
        (
            "assert",
            [
                [*write, "assert", claims[i][0], "--subject", entity, "--property", "bench_count"]
                + ["--value", str(10 + i), "--type", "quantity"]
                for i in n
            ],
        ),
        ("entity add", [[*write, "entity", "add", f"Bench Person {i}", "--key", f"bench-p-{i}"] for i in n]),
        (
            "doc add (small text)",
            [[*write, "doc", "add", str(texts / f"t{i}.txt"), "--title", f"Bench text {i}"] for i in n],
        ),
    ]
    wall0, cpu0, _ = median_of_reference()
    reference = "python -c 'import sqlalchemy.orm'"
    print(f"\nreference `{reference}`: wall {wall0 * 1000:.0f} ms, CPU {cpu0 * 1000:.0f} ms")
    print(f"\n1k store: {'command':22}  wall ms   CPU ms  CPU ratio  target  exits")
    for label, argvs in table:
        wall, cpu, codes, error = median_cpu(argvs)
        ok = "ok" if not any(codes) else f"{codes} {error}"
        print(f"  {label:30}  {wall * 1000:7.0f}  {cpu * 1000:7.0f}  {cpu / cpu0:9.2f}  {TARGET:6.1f}  {ok}")
    wall1, cpu1, _ = median_of_reference()
    print(f"reference again: wall {wall1 * 1000:.0f} ms, CPU {cpu1 * 1000:.0f} ms")
    copy.unlink(missing_ok=True)


def median_of_reference() -> tuple[float, float, list[int]]:
    wall, cpu, codes, _ = median_cpu([[sys.executable, "-c", "import sqlalchemy.orm"] for _ in range(RUNS)])
    return wall, cpu, codes


def batch(work: Path, count: int) -> None:
    """`claim add --from` of COUNT claims vs `provenance import` of a bundle with the same claims."""
    import yaml

    url = store(work, "1k")
    path = Path(url.removeprefix("sqlite:///"))
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT document.key, claim.exact, claim.statement, claim.speaker FROM claim JOIN document ON "
        "document.id = claim.document_id WHERE claim.anchor_state = 'exact' ORDER BY claim.id LIMIT ?",
        (count,),
    ).fetchall()
    conn.close()
    docs = sorted({r[0] for r in rows})
    # A base store of the documents the claims quote (exported, then stripped of everything else).
    bundle_dir = work / "startup-export"
    shutil.rmtree(bundle_dir, ignore_errors=True)
    subprocess.run([CLI, "--db", url, "export", str(bundle_dir)], check=True, capture_output=True)
    full = yaml.safe_load((bundle_dir / "bundle.yaml").read_text(encoding="utf-8"))
    wanted = set(docs)
    base = {k: v for k, v in full.items() if not isinstance(v, list)}
    base["outlets"] = full.get("outlets", [])
    base["documents"] = [d for d in full["documents"] if d["key"] in wanted]
    with_claims = dict(base)
    with_claims["claims"] = [
        {"key": f"batch-{i}", "document": d, "quote": q, "statement": s, "speaker": sp}
        for i, (d, q, s, sp) in enumerate(rows)
    ]
    base_dir, claims_dir = work / "startup-base", work / "startup-claims"
    for folder, content in ((base_dir, base), (claims_dir, with_claims)):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(bundle_dir / "texts", folder / "texts")
        (folder / "bundle.yaml").write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False))
    source = work / "startup-claims.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["doc", "quote", "statement", "speaker", "key"])
        for i, (d, q, s, sp) in enumerate(rows):
            writer.writerow([d, q, s, sp, f"batch-{i}"])
    base_db = work / "startup-base.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{base_db}{suffix}").unlink(missing_ok=True)
    subprocess.run([CLI, "--db", str(base_db), "init"], check=True, capture_output=True)
    subprocess.run([CLI, "--db", str(base_db), "import", str(base_dir)], check=True, capture_output=True)

    def fresh() -> str:
        target = work / "startup-batch.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(base_db, target)
        return str(target)

    runs = 3
    figures = {}
    cases = {
        "import (bundle with the claims, into the documents' store)": lambda db: [
            CLI,
            "--db",
            db,
            "--as",
            "bench",
            "import",
            str(claims_dir),
        ],
        "claim add --from CSV --no-read": lambda db: [
            CLI,
            "--db",
            db,
            "--as",
            "bench",
            "claim",
            "add",
            "--from",
            str(source),
            "--no-read",
        ],
        "claim add --from CSV (reading on)": lambda db: [
            CLI,
            "--db",
            db,
            "--as",
            "bench",
            "claim",
            "add",
            "--from",
            str(source),
        ],
    }
    for label, argv in cases.items():
        results = []
        for _ in range(runs):
            db = fresh()
            wall, cpu, code = timed(argv(db))
            if code:
                done = subprocess.run(argv(fresh()), capture_output=True, text=True, check=False)
                print(f"  {label}: exit {code}: {done.stderr.strip()[:300]}")
                break
            n = sqlite3.connect(db).execute("SELECT count(*) FROM claim").fetchone()[0]
            results.append((wall, cpu, n))
        if results:
            figures[label] = (
                statistics.median(r[0] for r in results),
                statistics.median(r[1] for r in results),
            )
            print(
                f"  {label:60} wall {figures[label][0]:6.2f} s  CPU {figures[label][1]:6.2f} s  "
                f"claims after {results[-1][2]}  ({len(rows) / figures[label][0]:,.0f} claims/s wall)"
            )
    base_label = next(iter(cases))
    if base_label in figures:
        wall0, cpu0 = figures[base_label]
        for label in list(cases)[1:]:
            if label in figures:
                wall, cpu = figures[label]
                ratios = f"wall {wall / wall0:.2f}, CPU {cpu / cpu0:.2f}"
                print(f"  {label}: ratio to the import, {ratios} (target ≤ 1.0)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", default=["commands", "batch"], choices=["commands", "batch"])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument(
        "--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "provenance-editor-bench"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(machine())
    print(f"CLI: {CLI}; median of {RUNS} runs; load average {os.getloadavg()[0]:.2f}")
    if "commands" in args.only:
        commands(args.work)
    if "batch" in args.only:
        print(f"\nbatch curation, {args.claims} claims, median of 3 (load average {os.getloadavg()[0]:.2f}):")
        batch(args.work, args.claims)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
