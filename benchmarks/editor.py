"""Commands as an editor runs them: `trace`, `claim verdict --credibility 1`, `cites find DOC`,
`claim list --json | head` and `claim add` (with the reader, and --no-read), on the generated
tiers. Prints figures; asserts nothing.

    python benchmarks/editor.py                      # 1k and 10k
    python benchmarks/editor.py --tiers 1k 10k 100k

Each command runs as a subprocess of the real CLI (the `provenance` beside this Python), RUNS times;
the median wall and CPU (user + system of the child) are printed beside `python -c "import
sqlalchemy.orm"` measured in the same run, the floor every command pays. The SQL statements that
`trace` and `cites find` issue, and the rows those return, are counted in-process through the library
(`before_cursor_execute`, and each ORM execution's result buffered and counted). Stores are imported
once per tier into --work and reused (a copy for the writing command). Issue 21's target: a
neighbourhood command at 100k ≤ 1.2 × at 1k.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scale import corpus, machine  # noqa: E402

VENV_BIN = Path(sys.executable).parent
CLI = str(VENV_BIN / "provenance")
RUNS = 5


def store(work: Path, tier: str) -> str:
    """A SQLite store holding the tier, imported once (kept in --work for the next run)."""
    from provenance import migrate

    path = work / f"editor-{tier}.db"
    if path.is_file() and (work / f"editor-{tier}.ok").is_file():
        migrate.upgrade(f"sqlite:///{path}")  # a store kept from an older schema is brought up to date
        return f"sqlite:///{path}"
    from provenance.bundle import import_bundle, load_bundle
    from provenance.db import Database

    folder, _, _ = corpus(work, tier)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    bundle = load_bundle(folder)
    db = Database(url, actor="bench")
    with db.write() as session:
        import_bundle(session, bundle)
    db.dispose()
    (work / f"editor-{tier}.ok").write_text("imported\n")
    return url


def timed(argv: list[str] | str, shell: bool = False) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system of the children) and the exit code of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(argv, shell=shell, capture_output=True, check=False)  # noqa: S602 (our command)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def median_of(argv: list[str] | str, shell: bool = False) -> tuple[float, float, int]:
    runs = [timed(argv, shell) for _ in range(RUNS)]
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        runs[-1][2],
    )


def counted(url: str, work: Callable[[Any], Any]) -> tuple[int, int]:
    """(SQL statements, rows they returned) of `work(session)`, in one read transaction through the
    library: statements by `before_cursor_execute`, rows by buffering each ORM execution's result."""
    import sqlalchemy as sa

    from provenance.db import Database

    db = Database(url, actor="bench")
    tally = {"statements": 0, "rows": 0}

    def before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        tally["statements"] += 1

    def rows(state: Any) -> Any:
        frozen = state.invoke_statement().freeze()
        tally["rows"] += len(frozen.data)
        return frozen()

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        with db.read() as session:
            sa.event.listen(session, "do_orm_execute", rows)
            work(session)
    finally:
        db.dispose()
    return tally["statements"], tally["rows"]


def pick(url: str) -> dict[str, str]:
    """The claim and document to look at: the first claim, and the held document with most claims."""
    import sqlalchemy as sa

    from provenance.models import Claim, Document, DocumentText, Relation, RelationKind

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        claim = conn.execute(sa.select(Claim.key).order_by(Claim.id).limit(1)).scalar_one()
        corroborated = conn.execute(
            sa.select(Claim.key)
            .join(Relation, Relation.claim_a_id == Claim.id)
            .where(Relation.kind == RelationKind.CORROBORATES)
            .order_by(Claim.id)
            .limit(1)
        ).scalar()
        doc = conn.execute(
            sa.select(Document.key)
            .join(Claim, Claim.document_id == Document.id)
            .where(Document.revision > 0)
            .group_by(Document.id, Document.key)
            .order_by(sa.func.count().desc(), Document.id)
            .limit(1)
        ).scalar_one()
        text = conn.execute(
            sa.select(DocumentText.text)
            .join(
                Document,
                (Document.id == DocumentText.document_id) & (Document.revision == DocumentText.revision),
            )
            .where(Document.key == doc)
        ).scalar_one()
    engine.dispose()
    quote = " ".join(text.split()[3:9])  # words of the document's text: `claim add` finds them
    return {"claim": claim, "corroborated": corroborated or claim, "doc": doc, "quote": quote}


def has_option(*args: str) -> bool:
    done = subprocess.run([CLI, *args, "--help"], capture_output=True, text=True, check=False)
    return "--limit" in done.stdout


def run_tier(work: Path, tier: str) -> list[tuple[str, float, float, int, str]]:
    url = store(work, tier)
    names = pick(url)
    copy = work / f"editor-{tier}-write.db"
    shutil.copyfile(url.removeprefix("sqlite:///"), copy)
    copy_url = f"sqlite:///{copy}"
    base = [CLI, "--db", url, "--as", "bench"]
    listing = " ".join([*base, "claim", "list", "--json"])
    commands: list[tuple[str, list[str] | str, bool]] = [
        (f"trace {names['claim']}", [*base, "trace", names["claim"]], False),
        (f"trace {names['corroborated']} --json", [*base, "trace", names["corroborated"], "--json"], False),
        (
            f"claim verdict {names['corroborated']} supported --credibility 1",
            [CLI, "--db", copy_url, "--as", "bench", "claim", "verdict", names["corroborated"], "supported"]
            + ["--credibility", "1"],
            False,
        ),
        (f"cites find {names['doc']}", [*base, "cites", "find", names["doc"]], False),
        ("claim list --json | head -20", listing + " | head -20", True),
        ("claim list --json (all, to /dev/null)", listing + " >/dev/null", True),
    ]
    writer = [CLI, "--db", copy_url, "--as", "bench"]
    adding = [*writer, "claim", "add", names["doc"], "--quote", names["quote"]]
    subprocess.run(
        adding, capture_output=True, check=False
    )  # once untimed: the reader keeps its story features
    commands.append(("claim add DOC --quote … (read)", adding, False))
    commands.append(("claim add DOC --quote … --no-read", [*adding, "--no-read"], False))
    if has_option("claim", "list"):
        commands.append(
            ("claim list --json --limit 20", [*base, "claim", "list", "--json", "--limit", "20"], False)
        )
    rows = []
    for label, argv, shell in commands:
        wall, cpu, code = median_of(argv, shell)
        rows.append((label, wall, cpu, code, queries(url, label, names)))
    copy.unlink(missing_ok=True)
    return rows


def queries(url: str, label: str, names: dict[str, str]) -> str:
    """Statements the library issues for the command (in-process), or '' where not counted."""
    if label.startswith("trace"):
        ref = label.split()[1]

        def work(session: Any) -> Any:
            from provenance.tracing import trace_claim

            trace_claim(session, ref)

    elif label.startswith("cites find"):

        def work(session: Any) -> Any:
            from provenance.cites.store import find_citations

            find_citations(session, names["doc"])

    else:
        return ""
    statements, rows = counted(url, work)
    return f"{statements} / {rows:,}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiers", nargs="+", default=["1k", "10k"], choices=["1k", "10k", "100k"])
    parser.add_argument(
        "--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "provenance-editor-bench"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(machine())
    print(f"CLI: {CLI}; median of {RUNS} runs; load average {os.getloadavg()[0]:.2f}")
    wall, cpu, _ = median_of([sys.executable, "-c", "import sqlalchemy.orm"])
    print(
        f"reference `python -c 'import sqlalchemy.orm'`: wall {wall * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms"
    )
    results = {tier: run_tier(args.work, tier) for tier in args.tiers}
    width = max(len(r[0]) for rows in results.values() for r in rows)
    for tier, rows in results.items():
        print(f"\n{tier}: {'command':{width - 4}}  wall ms   CPU ms  exit  SQL statements / rows")
        for label, wall, cpu, code, statements in rows:
            print(f"  {label:{width}}  {wall * 1000:7.0f}  {cpu * 1000:7.0f}  {code:4}  {statements:>14}")
    if len(results) > 1:
        first, *rest = list(results)
        for tier in rest:
            print(f"\nCPU ratio {tier} / {first} (target for neighbourhood commands: ≤ 1.2 at 100k / 1k):")
            for (label, _, cpu0, _, _), (_, _, cpu1, _, _) in zip(results[first], results[tier], strict=True):
                print(f"  {label:{width}}  {cpu1 / cpu0:5.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
