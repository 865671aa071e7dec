"""Search: query time per tier and engine, and what the index costs to build and keep current.

    python benchmarks/search.py --tiers 1k 10k
    python benchmarks/search.py --tiers 1k 10k --postgres postgresql://postgres@127.0.0.1:5432/test

For each tier (the generator's corpora, benchmarks/generate.py) and engine it reports:
- import: the bundle import's write transaction, which includes indexing what it wrote (the
  triggers queue every record, `sync` indexes them before commit), and `index` alone: a full
  `reindex` of the same store, timed by itself;
- one claim edit (the write plus its re-indexing) as a user runs it, in its own transaction;
- each query: the median of RUNS runs of `provenance.search.search` in a read transaction, ms
  of wall time and of this process's CPU (on PostgreSQL the server's work is in the wall time
  only; on a shared machine the CPU figure is the steadier one).
Figures only: nothing is asserted. Each engine's stores are made fresh (PostgreSQL: one schema
per store, dropped after), unless --keep: then each tier's store is kept in --work (SQLite) or
as schema bench_search_TIER (PostgreSQL) and reused by the next run with --keep, which times
the queries only (a 100k store takes a quarter of an hour to import).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scale import corpus, machine  # noqa: E402

RUNS = 7
LABELS = (
    "a name",
    "a name, one typo",
    "an alias (its entity's claims)",
    "two words",
    "a common word",
    "a two-letter prefix",
    "filtered: claims since 2020",
    "no hit",
)


def queries(bundle: object) -> dict[str, object]:
    """The queries, from the corpus itself: a person's name word, a typo of it, an alias."""
    from provenance.folding import fold_words

    entities = [e for e in bundle.entities if e.kind == "person"]  # type: ignore[attr-defined]
    person = entities[min(40, len(entities) - 1)]
    word = max(fold_words(person.name), key=len)
    typo = word[:3] + ("x" if word[3:4] != "x" else "y") + word[4:]
    alias = person.aliases[0] if person.aliases else person.name
    return dict(
        zip(
            LABELS,
            [
                word,
                typo,
                alias,
                "report reported",
                "the",
                "re",
                ("reported", {"kinds": ["claim"], "since": "2020"}),
                "zzyzx",
            ],
            strict=True,
        )
    )


def _store(engine: str, tier: str, work: Path, postgres: str | None, keep: bool) -> tuple[str, object, bool]:
    """The store's URL, what to drop after, and whether a kept store is there already."""
    if engine == "sqlite":
        path = work / f"search-{tier}.db"
        if keep and (work / f"search-{tier}.done").is_file():
            return f"sqlite:///{path}", None, True
        for stale in work.glob(f"search-{tier}.db*"):
            stale.unlink()
        (work / f"search-{tier}.done").unlink(missing_ok=True)
        return f"sqlite:///{path}", None, False
    import sqlalchemy as sa

    from provenance.db import database_url

    base = database_url(postgres)
    schema = f"bench_search_{tier}" if keep else "bench_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        if (
            keep
            and conn.execute(
                sa.text(
                    "SELECT 1 FROM information_schema.tables"
                    " WHERE table_schema = :s AND table_name = 'bench_done'"
                ),
                {"s": schema},
            ).first()
        ):
            return url, None, True
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    return url, (admin, schema, keep), False


def _mark_done(engine: str, tier: str, work: Path, url: str) -> None:
    if engine == "sqlite":
        (work / f"search-{tier}.done").touch()
        return
    import sqlalchemy as sa

    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text("CREATE TABLE bench_done (id integer)"))
    admin.dispose()


def _drop(handle: object) -> None:
    if handle is None:
        return
    import sqlalchemy as sa

    admin, schema, keep = handle  # type: ignore[misc]
    if not keep:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def run(engine: str, tier: str, work: Path, postgres: str | None, keep: bool = False) -> dict[str, object]:
    from provenance import migrate
    from provenance.bundle import import_bundle, load_bundle
    from provenance.claims import edit_claim
    from provenance.db import Database
    from provenance.search import search
    from provenance.search.index import reindex

    folder, _, _ = corpus(work, tier)
    url, handle, kept = _store(engine, tier, work, postgres, keep)
    figures: dict[str, object] = {"kept": kept}
    try:
        migrate.upgrade(url)
        bundle = load_bundle(folder)
        store = Database(url, actor="bench")
        if not kept:
            began = time.perf_counter()
            with store.write() as session:
                summary = import_bundle(session, bundle)
            figures["import_s"] = time.perf_counter() - began
            figures["rows"] = summary.rows
            began = time.perf_counter()
            with store.write() as session:
                figures["entries"] = reindex(session)
            figures["index_s"] = time.perf_counter() - began
            began = time.perf_counter()
            with store.write() as session:
                edit_claim(session, "c-1", statement="An edited statement about Babaka and the report")
            figures["edit_ms"] = (time.perf_counter() - began) * 1000
            if keep:
                _mark_done(engine, tier, work, url)
        figures["queries"] = asked = queries(bundle)
        for label, query in asked.items():
            text, options = query if isinstance(query, tuple) else (query, {})
            walls, cpus = [], []
            for _ in range(RUNS):
                began, cpu = time.perf_counter(), time.process_time()
                with store.read() as session:
                    hits = search(session, text, **options)  # type: ignore[arg-type]
                walls.append((time.perf_counter() - began) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            figures[label] = (statistics.median(walls), statistics.median(cpus), len(hits))
        store.dispose()
    finally:
        _drop(handle)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiers", nargs="+", default=["1k", "10k"], choices=["1k", "10k", "100k"])
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL server")
    parser.add_argument(
        "--keep", action="store_true", help="keep each tier's store and reuse it (queries only)"
    )
    parser.add_argument(
        "--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "provenance-bench"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(machine())
    engines = ["sqlite"] + (["postgresql"] if args.postgres else [])
    results = {(e, t): run(e, t, args.work, args.postgres, args.keep) for t in args.tiers for e in engines}
    columns = [f"{e} {t}" for t in args.tiers for e in engines]

    def built(key: str, form: str) -> Callable[[dict[str, object]], str]:
        return lambda f: "kept" if f["kept"] else format(f[key], form)

    rows = [
        ("rows imported", built("rows", ",")),
        ("index entries", built("entries", ",")),
        ("import with indexing (s)", built("import_s", ".1f")),
        ("full reindex (s)", built("index_s", ".1f")),
        ("one claim edit, re-indexed (ms)", built("edit_ms", ".0f")),
    ] + [
        (
            f"query: {label} (wall/CPU ms, hits)",
            lambda f, label=label: f"{f[label][0]:.1f}/{f[label][1]:.1f} ({f[label][2]})",
        )
        for label in LABELS
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'':{width}}  " + "  ".join(f"{c:>18}" for c in columns))
    for name, cell in rows:
        print(f"{name:{width}}  " + "  ".join(f"{cell(results[key]):>18}" for key in results))
    for key, figures in results.items():
        print(f"queries at {key[1]}: {figures['queries']}")


if __name__ == "__main__":
    main()
