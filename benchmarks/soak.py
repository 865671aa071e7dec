"""Soak: N editors writing to one store for M minutes through the real CLI, then a reckoning.

Each editor is a loop of `provenance` processes (as editors at their desks run it): add a claim,
review one (with --expect-version, read just before), cite, relate, assert, grade an outlet (with
--expect-version). Every command's exit code and output is logged. At the end:

- `provenance check` must pass;
- lost writes: commands an editor was told succeeded (exit 0) whose change is not in the store
  (a claim key missing; no event logged by that editor for it);
- phantom writes: changes in the store that no editor was told succeeded (events by an editor
  beyond its successes; claims no editor added);
- tracebacks in any command's output; exits other than 0, 7 (edit conflict) and 75 (busy).

    python benchmarks/soak.py --editors 4 --minutes 2
    python benchmarks/soak.py --editors 4 --minutes 2 --postgres postgresql://postgres@127.0.0.1:5432/test

Prints a table per engine; zero lost, zero phantom, zero tracebacks is the target.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ENTRY = [sys.executable, "-c", "from provenance.cli import main; main()"]
SENTENCES = 4000


def run(url: str, user: str, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [*ENTRY, "--db", url, "--as", user, *args], capture_output=True, text=True, timeout=300
    )
    return proc.returncode, proc.stdout, proc.stderr


def prepare(url: str, folder: Path) -> None:
    text = folder / "text.txt"
    text.write_text(
        "\n".join(
            f"Sentence {i} reports that {i * 3} marchers gathered at gate {i}." for i in range(SENTENCES)
        ),
        encoding="utf-8",
    )
    for args in (
        ["init"],
        ["outlet", "add", "Soak Wire", "--grade", "C", "--reason", "start"],
        ["doc", "add", str(text), "--title", "Soak text", "--outlet", "Soak Wire", "--key", "soak"],
        ["doc", "add", "--unheld", "--title", "Cited wire", "--key", "wire"],
        ["entity", "add", "Gate Square", "--alias", "the square"],
    ):
        code, out, err = run(url, "setup", *args)
        if code != 0:
            raise SystemExit(f"setup {args}: {err or out}")


class Editor(threading.Thread):
    def __init__(self, url: str, name: str, until: float, seed: int, sentences: list[int]) -> None:
        super().__init__(daemon=True)
        self.url, self.name, self.until = url, name, until
        self.rng = random.Random(seed)
        self.sentences = sentences  # this editor's own quotes: no two editors quote one sentence
        self.log: list[dict[str, object]] = []
        self.mine: list[str] = []  # keys of the claims this editor was told it added

    def op(self, kind: str, *args: str) -> tuple[int, str]:
        code, out, err = run(self.url, self.name, *args)
        self.log.append({"kind": kind, "args": args, "code": code, "out": out, "err": err})
        return code, out

    def run(self) -> None:
        while time.monotonic() < self.until and self.sentences:
            choice = self.rng.random()
            if choice < 0.35 or not self.mine:
                i = self.sentences.pop()
                key = f"{self.name}-{i}"
                code, _ = self.op(
                    "claim add",
                    "claim",
                    "add",
                    "soak",
                    "--quote",
                    f"Sentence {i} reports that",
                    "--statement",
                    f"{self.name} logs sentence {i}",
                    "--key",
                    key,
                )
                if code == 0:
                    self.mine.append(key)
            elif choice < 0.55:
                key = self.rng.choice(self.mine)
                code, out, _ = run(self.url, self.name, "claim", "show", key, "--json")
                version = json.loads(out)["version"] if code == 0 else 1
                verdict = self.rng.choice(["supported", "disputed", "refuted", "unverifiable"])
                self.op("verdict", "claim", "verdict", key, verdict, "--expect-version", str(version))
            elif choice < 0.7:
                self.op("cite", "cite", self.rng.choice(self.mine), "--doc", "wire", "--kind", "cites")
            elif choice < 0.8 and len(self.mine) > 1:
                a, b = self.rng.sample(self.mine, 2)
                self.op("relate", "relate", a, "corroborates", b, "--note", "soak")
            elif choice < 0.9:
                self.op(
                    "assert",
                    "assert",
                    self.rng.choice(self.mine),
                    "--subject",
                    "the square",
                    "--property",
                    "marchers",
                    "--type",
                    "quantity",
                    "--value",
                    str(self.rng.randrange(1, 900)),
                )
            else:
                code, out, _ = run(self.url, self.name, "outlet", "show", "soak-wire", "--json")
                version = json.loads(out).get("version", 1) if code == 0 else 1
                self.op(
                    "grade",
                    "outlet",
                    "grade",
                    "soak-wire",
                    self.rng.choice("ABCDE"),
                    "--reason",
                    f"{self.name} {uuid.uuid4().hex[:6]}",
                    "--expect-version",
                    str(version),
                )


def reckon(url: str, editors: list[Editor]) -> dict[str, object]:
    check_code, check_out, check_err = run(url, "auditor", "check")
    from provenance.db import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        claims = set(conn.execute(sa.text("SELECT key FROM claim")).scalars())
        events = collections.Counter(
            conn.execute(sa.text("SELECT actor FROM event WHERE action <> 'detect'")).scalars()
        )
    engine.dispose()
    told = {e.name: sum(1 for entry in e.log if entry["code"] == 0) for e in editors}
    lost = sum(1 for e in editors for key in e.mine if key not in claims)
    lost += sum(max(0, told[e.name] - events[e.name]) for e in editors)
    phantom = len(
        {k for k in claims if "-" in k and k.split("-")[0] in told} - {k for e in editors for k in e.mine}
    )
    phantom += sum(max(0, events[e.name] - told[e.name]) for e in editors)
    entries = [entry for e in editors for entry in e.log]
    codes = collections.Counter(int(entry["code"]) for entry in entries)  # type: ignore[call-overload]
    tracebacks = sum("Traceback" in str(entry["err"]) + str(entry["out"]) for entry in entries)
    unexpected = sum(n for code, n in codes.items() if code not in (0, 7, 75))
    return {
        "commands": len(entries),
        "succeeded": codes.get(0, 0),
        "edit conflicts (7)": codes.get(7, 0),
        "busy (75)": codes.get(75, 0),
        "other failures": unexpected,
        "lost writes": lost,
        "phantom writes": phantom,
        "tracebacks": tracebacks,
        "check": "ok" if check_code == 0 else f"FAILED: {(check_err or check_out).strip()[:200]}",
        "failures seen": sorted(
            {re.sub(r"\d+", "N", str(e["err"]).strip())[:120] for e in entries if e["code"] not in (0, 7, 75)}
        )[:5],
    }


def soak(url: str, editors: int, minutes: float, seed: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        prepare(url, Path(folder))
        until = time.monotonic() + minutes * 60
        ids = list(range(SENTENCES))
        random.Random(seed).shuffle(ids)
        share = len(ids) // editors
        crew = [
            Editor(url, f"editor{n}", until, seed + n, ids[n * share : (n + 1) * share])
            for n in range(editors)
        ]
        began = time.monotonic()
        for editor in crew:
            editor.start()
        for editor in crew:
            editor.join()
        figures = reckon(url, crew)
        figures["minutes"] = round((time.monotonic() - began) / 60, 2)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", help="also soak a PostgreSQL store (a schema made and dropped here)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    stores: list[tuple[str, str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        stores.append(("sqlite", f"sqlite:///{Path(folder) / 'soak.db'}", None))
        if args.postgres:
            from provenance.db import database_url

            base = database_url(args.postgres)
            schema = "soak_" + uuid.uuid4().hex[:8]
            admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            stores.append(
                ("postgresql", f"{args.postgres}?options=-csearch_path%3D{schema}", (admin, schema))
            )
        try:
            for engine_name, url, _ in stores:
                figures = soak(url, args.editors, args.minutes, args.seed)
                print(f"\n{engine_name}: {args.editors} editors, {figures.pop('minutes')} min")
                for name, value in figures.items():
                    print(f"  {name:<22} {value}")
        finally:
            for _, _, cleanup in stores:
                if cleanup is not None:
                    admin, schema = cleanup  # type: ignore[misc]
                    with admin.connect() as conn:
                        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
                    admin.dispose()


if __name__ == "__main__":
    main()
