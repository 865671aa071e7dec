"""Detection in the flow (issues 17 and 21): what a one-claim write costs now that it brings
detected and suggested contradictions current, and what a full `conflicts` run costs per claim.
Prints figures beside their targets; asserts nothing.

    python benchmarks/detection_flow.py                     # 1k and 10k, this checkout
    python benchmarks/detection_flow.py --code /tmp/before  # the same commands run by another checkout
                                                            # (e.g. `git archive 876163e`), for "before"

Per tier (the generated corpus, imported once into --work through the CLI, the import timed):
- `python -c "import sqlalchemy.orm"`, the floor every command pays, and `claim show` (a one-record
  command that writes nothing);
- `claim add` of one claim naming an entity, with a date in its statement: the write plus bringing
  detection current (its trigger-fed queue drained before commit), as a subprocess of the CLI;
- in process, the drain alone for one queued claim (`detect_sync.sync`), median of RUNS;
- a full `conflicts --json`: CPU per claim, wall, and peak RSS of the process.
Each subprocess is measured by os.wait4 (its own user + system CPU and max RSS), median of RUNS.
Targets (issue 21): after a one-claim write, bringing detection current <= 2 x a one-record
command; a full `conflicts` run <= 1.2 x per claim from 1k to 10k (the issue says 10k to 100k).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scale import corpus, machine  # noqa: E402

RUNS = 3


def measured(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall s, CPU s (user + system) and peak RSS MiB of one subprocess, and its exit code."""
    began = time.perf_counter()
    # Run from --work: `python -c` puts the current directory first on sys.path, which would shadow
    # the checkout --code names with the one the benchmark was started in.
    proc = subprocess.Popen(  # noqa: S603
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=env["BENCH_CWD"]
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - began
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status:
        print(f"  ! {' '.join(argv[3:])} failed: {err.strip()[-300:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, status


def median(argv: list[str], env: dict[str, str], runs: int = RUNS) -> tuple[float, float, float]:
    got = [measured(argv, env) for _ in range(runs)]
    return (
        statistics.median(g[0] for g in got),
        statistics.median(g[1] for g in got),
        max(g[2] for g in got),
    )


def a_claim(path: Path) -> tuple[str, str, str, str, int]:
    """A claim to show, and a quote to add a claim on (an existing claim's, its document and
    entity), and how many claims the store holds."""
    with sqlite3.connect(path) as conn:
        key, doc, exact, entity = conn.execute(
            "SELECT claim.key, document.key, claim.exact, entity.key FROM claim "
            "JOIN document ON document.id = claim.document_id "
            "JOIN claim_entity ON claim_entity.claim_id = claim.id "
            "JOIN entity ON entity.id = claim_entity.entity_id ORDER BY claim.id LIMIT 1 OFFSET 17"
        ).fetchone()
        (claims,) = conn.execute("SELECT count(*) FROM claim").fetchone()
    return key, doc, exact, entity, claims


def in_process_sync(url: str, code: str | None, cwd: str) -> float | None:
    """ms to bring detection current for one queued claim, in process (None for code without it)."""
    script = (
        "import statistics, sys, time\n"
        "from sqlalchemy import insert, select\n"
        "from provenance.db import Database\n"
        "try:\n    from provenance import detect_sync\n"
        "    from provenance.models import DetectPending, Claim\n"
        "except ImportError:\n    print('none'); sys.exit(0)\n"
        "db = Database(sys.argv[1], actor='bench')\n"
        "times = []\n"
        "for i in range(5):\n"
        "    with db.write() as s:\n"
        "        cid = s.execute(select(Claim.id).order_by(Claim.id).offset(17 + i).limit(1)).scalar_one()\n"
        "        s.execute(insert(DetectPending).values(claim_id=cid))\n"
        "        began = time.perf_counter()\n"
        "        detect_sync.sync(s)\n"
        "        times.append(time.perf_counter() - began)\n"
        "print(statistics.median(times) * 1000)\n"
    )
    env = dict(os.environ)
    if code:
        env["PYTHONPATH"] = code
    out = subprocess.run(
        [sys.executable, "-c", script, url], capture_output=True, text=True, env=env, check=False
    )
    text = out.stdout.strip()
    return None if text in ("", "none") else float(text)


def run_tier(work: Path, tier: str, code: str | None, label: str) -> dict[str, float]:
    env = dict(os.environ, BENCH_CWD=str(work))
    if code:
        env["PYTHONPATH"] = code
    cli = [sys.executable, "-c", "import sys; from provenance.cli import main; sys.exit(main())"]
    folder, _, _ = corpus(work, tier)
    path = work / f"flow-{tier}-{label}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    subprocess.run([*cli, "--db", url, "init"], env=env, check=True, capture_output=True, cwd=work)
    imported = measured([*cli, "--db", url, "--as", "bench", "import", str(folder)], env)
    key, doc, exact, entity, claims = a_claim(path)
    floor = median([sys.executable, "-c", "import sqlalchemy.orm"], env)
    show = median([*cli, "--db", url, "claim", "show", key], env)
    add = median(
        [*cli, "--db", url, "--as", "bench", "claim", "add", doc, "--quote", exact,
         "--statement", "the bench says this happened in 2003", "--entity", entity],
        env,
    )  # fmt: skip
    drain = in_process_sync(url, code, env["BENCH_CWD"])
    full = median([*cli, "--db", url, "--as", "bench", "conflicts", "--json"], env)
    out = {
        "claims": claims,
        "import_s": imported[0],
        "import_rss": imported[2],
        "floor_ms": floor[1] * 1000,
        "show_ms": show[1] * 1000,
        "add_ms": add[1] * 1000,
        "add_wall_ms": add[0] * 1000,
        "drain_ms": drain if drain is not None else float("nan"),
        "full_s": full[1],
        "full_wall_s": full[0],
        "full_rss": full[2],
        "per_claim_us": full[1] / claims * 1e6,
    }
    print(
        f"{label} {tier}: {claims} claims; import {out['import_s']:.1f} s wall, {out['import_rss']:.0f} MiB\n"
        f"  import sqlalchemy.orm {out['floor_ms']:.0f} ms CPU; claim show {out['show_ms']:.0f} ms CPU\n"
        f"  claim add (write + detection current) {out['add_ms']:.0f} ms CPU "
        f"({out['add_wall_ms']:.0f} ms wall)"
        f" = {out['add_ms'] / out['show_ms']:.2f} x claim show\n"
        f"  detection drain for one queued claim, in process: {out['drain_ms']:.1f} ms"
        f" = {out['drain_ms'] / out['show_ms']:.3f} x claim show (target <= 2)\n"
        f"  conflicts (full run): {out['full_s']:.2f} s CPU, {out['full_wall_s']:.2f} s wall, "
        f"{out['per_claim_us']:.0f} us CPU per claim, peak RSS {out['full_rss']:.0f} MiB",
        flush=True,
    )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiers", nargs="+", default=["1k", "10k"], choices=["1k", "10k", "100k"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/detect-flow-bench"))
    parser.add_argument("--code", help="run the CLI from this source tree (PYTHONPATH), for a before figure")
    parser.add_argument("--label", default=None)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    label = args.label or ("before" if args.code else "after")
    args.work = args.work.resolve()
    print(machine())
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    results = {tier: run_tier(args.work, tier, args.code, label) for tier in args.tiers}
    if len(results) > 1:
        first, last = args.tiers[0], args.tiers[-1]
        ratio = results[last]["per_claim_us"] / results[first]["per_claim_us"]
        print(f"{label}: conflicts CPU per claim {last} / {first} = {ratio:.2f} (target <= 1.2)")
        add = results[last]["add_ms"] / results[first]["add_ms"]
        print(f"{label}: claim add CPU {last} / {first} = {add:.2f}")


if __name__ == "__main__":
    main()
