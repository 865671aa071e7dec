"""Scale benchmarks over the generated corpus: import, report build, incremental, memory, search,
start-up, on SQLite and (with --postgres URL) PostgreSQL. Prints tables; asserts nothing.

    python benchmarks/scale.py                       # 1k and 10k, SQLite, every figure
    python benchmarks/scale.py --tiers 1k --only import build
    python benchmarks/scale.py --postgres postgresql://postgres@127.0.0.1:5432/test

Each figure is a ratio measured in the same run on the same machine (see benchmarks/README.md).
Corpora are generated (benchmarks/generate.py, seed 1) into --work (default /tmp/provenance-bench).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

VENV_BIN = Path(sys.executable).parent
CLI = str(VENV_BIN / "provenance")
FIGURES = ("import", "build", "incremental", "memory", "search", "startup")


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} "
        f"{platform.release()}, {platform.python_implementation()} {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def corpus(work: Path, tier: str) -> tuple[Path, dict, float]:
    folder = work / f"corpus-{tier}"
    began = time.perf_counter()
    if not (folder / "expected.json").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        generate.generate(generate.TIERS[tier], folder, seed=1)
    seconds = time.perf_counter() - began
    return folder, json.loads((folder / "expected.json").read_text()), seconds


def cli(url: str, *args: str) -> str:
    done = subprocess.run([CLI, "--db", url, "--as", "bench", *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"provenance {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


# ------------------------------------------------------------------------------ stores


class Engine:
    """Where stores live: a SQLite file per name, or a PostgreSQL schema per name (dropped after)."""

    def __init__(self, work: Path, postgres: str | None = None) -> None:
        self.work, self.postgres, self.schemas = work, postgres, []
        self.name = "postgresql" if postgres else "sqlite"

    def url(self, name: str) -> str:
        if not self.postgres:
            path = self.work / f"{name}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        import sqlalchemy as sa

        schema = f"bench_{name.replace('-', '_')}_{uuid.uuid4().hex[:6]}"
        admin = sa.create_engine(self.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        self.schemas.append(schema)
        sep = "&" if "?" in self.postgres else "?"
        return f"{self.postgres}{sep}options=-csearch_path%3D{schema}"

    def drop(self) -> None:
        if not self.postgres or not self.schemas:
            return
        import sqlalchemy as sa

        admin = sa.create_engine(self.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for schema in self.schemas:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def imported_store(engine: Engine, tier: str, folder: Path) -> tuple[str, dict]:
    """A store holding the tier (SQLite: imported once and copied)."""
    from provenance import Store
    from provenance.bundle import import_bundle, load_bundle

    url = engine.url(f"{tier}-store")
    cli(url, "init")
    began = time.perf_counter()
    bundle = load_bundle(folder)
    validated = time.perf_counter()
    store = Store(url)
    with store.write() as session:
        session.info["actor"] = "bench"
        summary = import_bundle(session, bundle)
    wrote = time.perf_counter()
    store.engine.dispose()
    return url, {"validate_s": validated - began, "write_s": wrote - validated, "rows": summary.rows}


def raw_executemany(url: str) -> tuple[float, int]:
    """Seconds for sqlite3.executemany of the same rows into a fresh store of the same schema, one
    transaction (the baseline the import is held to)."""
    from provenance.models import Base

    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    tables = {}
    for t in Base.metadata.sorted_tables:  # the rows as stored (JSON text, enum strings, times)
        if t.name not in ("events", "alembic_version"):
            columns = [c.name for c in t.columns]
            quoted = ", ".join(f'"{c}"' for c in columns)
            tables[t.name] = (columns, source.execute(f'SELECT {quoted} FROM "{t.name}"').fetchall())  # noqa: S608 (our own table names)
    source.close()
    target = Path(tempfile.mkdtemp()) / "raw.db"
    cli(f"sqlite:///{target}", "init")
    raw = sqlite3.connect(target, isolation_level=None)
    raw.execute("PRAGMA foreign_keys=ON")
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
        raw.execute(f"PRAGMA {pragma}")
    rows = 0
    began = time.perf_counter()
    raw.execute("BEGIN IMMEDIATE")
    for name, (columns, data) in tables.items():
        if data:
            marks = ", ".join("?" for _ in columns)
            quoted = ", ".join(f'"{c}"' for c in columns)
            raw.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', data)  # noqa: S608
            rows += len(data)
    raw.execute("COMMIT")
    seconds = time.perf_counter() - began
    raw.close()
    shutil.rmtree(target.parent)
    return seconds, rows


# ------------------------------------------------------------------------------ report


def baseline_pages_per_second(url: str, sample: int = 50_000) -> tuple[float, int]:
    """B: render our own templates from in-memory page contexts and write the bytes (no store,
    no cross-linking: the contexts are built before the clock starts). Above `sample` pages, an
    evenly spaced sample of every kind of page, so the contexts fit in memory."""
    from provenance import Store
    from provenance.report.html import environment
    from provenance.report.load import load_site
    from provenance.report.pages import PageBuilder
    from provenance.report.render import render_page
    from provenance.report.texts import Texts

    store = Store(url)
    with store.read() as session:
        site = load_site(session)
        builder = PageBuilder(site)
        specs = builder.page_specs()
        specs = specs[:: max(1, len(specs) // sample)]
        builder.texts = Texts(session, site, (d for _, _, needed in specs for d in needed))
        pages = [build() for _, build, _ in specs]
    store.engine.dispose()
    common, env = builder.common(), environment()
    out = Path(tempfile.mkdtemp())
    began = time.perf_counter()
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_page(env, page, common))
    seconds = time.perf_counter() - began
    shutil.rmtree(out)
    return len(pages) / seconds, len(pages)


def full_build(url: str, out: Path, changed_only: bool = False) -> tuple[float, object]:
    from provenance import Store
    from provenance.report import build_report

    store = Store(url)
    began = time.perf_counter()
    summary = build_report(store, out, changed_only=changed_only)
    seconds = time.perf_counter() - began
    store.engine.dispose()
    return seconds, summary


def tree(folder: Path) -> dict[str, tuple[int, str]]:
    """Each file's inode and hash: an unchanged file is hard-linked (same inode) by --changed-only."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith(".provenance-"):  # marker, build record
            found[str(path.relative_to(folder))] = (
                path.stat().st_ino,
                hashlib.sha256(path.read_bytes()).hexdigest(),
            )
    return found


def peak_rss_build(url: str, out: Path) -> tuple[float, float]:
    """Max RSS (MiB) and seconds of `provenance report build` in its own process."""
    shutil.rmtree(out, ignore_errors=True)
    began = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", CLI, "--db", url, "report", "build", str(out)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - began
    return int(done.stderr.strip().splitlines()[-1]) / 1024, seconds


# ------------------------------------------------------------------------------ runs


def run_tier(engine: Engine, work: Path, tier: str, only: set[str], rows_out: dict) -> None:
    folder, expected, gen_s = corpus(work, tier)
    r = rows_out.setdefault(tier, {"engine": engine.name, "generate_s": gen_s, **expected["counts"]})
    url, imp = imported_store(engine, tier, folder)
    r.update(import_validate_s=imp["validate_s"], import_write_s=imp["write_s"], import_rows=imp["rows"])
    if "import" in only and not engine.postgres:
        raw_s, raw_rows = raw_executemany(url)
        r.update(raw_s=raw_s, raw_rows=raw_rows)
    if only & {"build", "incremental", "memory", "search"}:
        site = work / f"site-{engine.name}-{tier}"
        shutil.rmtree(site, ignore_errors=True)
        seconds, summary = full_build(url, site)
        r.update(build_s=seconds, pages=summary.pages, queries=summary.queries)
        if "build" in only:
            r["B"], _ = baseline_pages_per_second(url)
        if "build" in only and r["documents"] <= 10_000:  # at 100k a second build costs minutes
            again = work / f"site-{engine.name}-{tier}-again"
            shutil.rmtree(again, ignore_errors=True)
            full_build(url, again)
            r["identical"] = {k: v[1] for k, v in tree(site).items()} == {
                k: v[1] for k, v in tree(again).items()
            }
            shutil.rmtree(again)
        if "search" in only:
            files = [p for p in (site / "search").rglob("*.js")]
            r["search_files"] = len(files)
            r["search_total_kib"] = sum(p.stat().st_size for p in files) / 1024
            r["search_largest_kib"] = max(p.stat().st_size for p in files) / 1024
            r["search_manifest_kib"] = (site / "search" / "index.js").stat().st_size / 1024
            r["largest_page_kib"] = max(p.stat().st_size for p in site.rglob("*.html")) / 1024
        if "incremental" in only:
            incremental(url, site, folder, expected, r)
        if "memory" in only and not engine.postgres:
            r["peak_rss_mib"], _ = peak_rss_build(url, work / f"site-mem-{tier}")
            shutil.rmtree(work / f"site-mem-{tier}", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)


def incremental(url: str, site: Path, folder: Path, expected: dict, r: dict) -> None:
    full_build(url, site, changed_only=True)  # the first --changed-only build keeps a build record
    seconds, summary = full_build(url, site, changed_only=True)
    r.update(nochange_written=summary.pages_written, nochange_built=summary.pages_built, nochange_s=seconds)
    for name, edit in expected["edits"].items():
        before = tree(site)
        command = list(edit["command"])
        if "{revised}" in command:
            text = cli(url, "doc", "text", edit["key"]) + edit["append"]
            revised = Path(tempfile.mkdtemp()) / "revised.txt"
            revised.write_text(text, encoding="utf-8")
            command[command.index("{revised}")] = str(revised)
        cli(url, *command)
        seconds, summary = full_build(url, site, changed_only=True)
        after = tree(site)
        written = sorted(p for p, (inode, _) in after.items() if before.get(p, (None,))[0] != inode)
        content = sorted(p for p, (_, sha) in after.items() if before.get(p, (None, None))[1] != sha)
        r[f"{name}_edit"] = {
            "seconds": seconds,
            "built": summary.pages_built,
            "written": len(written),
            "content_changed": content,
            "expected": edit["pages"],
            "exact": content == sorted(edit["pages"]) and written == content,
        }


def startup(runs: int = 9) -> dict[str, float]:
    def median(argv: list[str]) -> float:
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=True)
            times.append(time.perf_counter() - began)
        return statistics.median(times) * 1000

    return {
        "python -c pass": median([sys.executable, "-c", "pass"]),
        "python -c 'import typer'": median([sys.executable, "-c", "import typer"]),
        "provenance --help": median([CLI, "--help"]),
    }


def report(rows: dict, engine: str) -> None:
    print(f"\n## {engine}")
    print(
        f"{'tier':>5} {'docs':>6} {'claims':>7} {'gen s':>6} {'valid s':>7} {'write s':>7} {'rows/s':>8} "
        f"{'raw rows/s':>10} {'ratio':>5}"
    )
    for tier, r in rows.items():
        rate = r["import_rows"] / r["import_write_s"]
        raw = r["raw_rows"] / r["raw_s"] if "raw_s" in r else None
        print(
            f"{tier:>5} {r['documents']:>6} {r['claims']:>7} {r['generate_s']:>6.1f} {r['import_validate_s']:>7.1f} "  # noqa: E501
            f"{r['import_write_s']:>7.2f} {rate:>8.0f} {raw or 0:>10.0f} {rate / raw if raw else 0:>5.2f}"
        )
    if any("build_s" in r for r in rows.values()):
        print(
            f"\n{'tier':>5} {'pages':>7} {'build s':>8} {'ms/page':>7} {'pages/s':>7} {'B p/s':>7} "
            f"{'÷B':>5} {'queries':>7} {'identical':>9} {'RSS MiB':>7} {'max page KiB':>12}"
        )
        for tier, r in rows.items():
            if "build_s" not in r:
                continue
            rate = r["pages"] / r["build_s"]
            b = r.get("B")
            print(
                f"{tier:>5} {r['pages']:>7} {r['build_s']:>8.1f} {1000 / rate:>7.2f} {rate:>7.0f} "
                f"{b or 0:>7.0f} {rate / b if b else 0:>5.2f} {r['queries']:>7} {str(r.get('identical', '-')):>9} "  # noqa: E501
                f"{r.get('peak_rss_mib', 0):>7.0f} {r.get('largest_page_kib', 0):>12.0f}"
            )
        built = [(t, r) for t, r in rows.items() if "build_s" in r]
        if len(built) > 1:
            (small, a), (large, b) = built[0], built[-1]
            ratio = (b["build_s"] / b["pages"]) / (a["build_s"] / a["pages"])
            print(f"time per page, {large} ÷ {small}: {ratio:.2f} (target <= 1.3)")
            if "peak_rss_mib" in a and "peak_rss_mib" in b:
                slope = (b["peak_rss_mib"] - a["peak_rss_mib"]) / ((b["documents"] - a["documents"]) / 1000)
                print(f"peak RSS grows {slope:.1f} MiB per 1,000 documents from {small} to {large}")
    for tier, r in rows.items():
        if "search_files" in r:
            print(
                f"{tier}: search index {r['search_files']} files, {r['search_total_kib']:.0f} KiB in all, "
                f"largest {r['search_largest_kib']:.0f} KiB, manifest {r['search_manifest_kib']:.1f} KiB "
                "(a query loads the manifest, one shard per word and the chunks of the results it shows)"
            )
    for tier, r in rows.items():
        if "nochange_written" in r:
            print(
                f"\n{tier}: rebuild with no change: {r['nochange_written']} files written, "
                f"{r['nochange_built']} pages built, {r['nochange_s']:.2f}s "
                f"({r['nochange_s'] / r['build_s']:.1%} of a full build)"
            )
            for name in ("claim", "document"):
                e = r[f"{name}_edit"]
                extra = sorted(set(e["content_changed"]) - set(e["expected"]))
                missing = sorted(set(e["expected"]) - set(e["content_changed"]))
                print(
                    f"  one-{name} edit: {e['built']} pages built, {e['written']} files written, "
                    f"{e['seconds']:.2f}s ({e['seconds'] / r['build_s']:.1%} of full); exact={e['exact']}; "
                    f"changed but not listed {extra}; listed but unchanged {missing}"
                )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tiers", nargs="+", default=["1k", "10k"])
    parser.add_argument("--only", nargs="+", default=list(FIGURES), choices=FIGURES)
    parser.add_argument("--postgres", help="also run import and build on this PostgreSQL URL")
    parser.add_argument("--work", type=Path, default=Path("/tmp/provenance-bench"))
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    only = set(args.only)
    print("machine:", machine())
    results: dict = {}
    if "startup" in only:
        results["startup_ms"] = figures = startup()
        print("\nstart-up (median of 9 runs, ms): " + ", ".join(f"{k} {v:.0f}" for k, v in figures.items()))
        typer_cost = figures["python -c 'import typer'"]
        print(
            f"provenance --help ÷ import typer: {figures['provenance --help'] / typer_cost:.2f} (target <= 1.5)"  # noqa: E501
        )
    engines = [Engine(args.work)] + ([Engine(args.work, args.postgres)] if args.postgres else [])
    for engine in engines if only - {"startup"} else []:
        rows: dict = {}
        try:
            for tier in args.tiers:
                run_tier(
                    engine,
                    args.work,
                    tier,
                    only - {"startup"} if not engine.postgres else only & {"import", "build"},
                    rows,
                )
                report({tier: rows[tier]}, f"{engine.name} {tier} (so far)")
        finally:
            engine.drop()
        results[engine.name] = rows
        report(rows, engine.name)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
