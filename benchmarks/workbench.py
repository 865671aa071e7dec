"""The workbench's pages: time to answer per page and store size (figures only, nothing asserted).

    python benchmarks/workbench.py --tiers 1k 10k
    python benchmarks/workbench.py --tiers 1k --postgres postgresql://postgres@127.0.0.1:5432/test

For each tier (the generator's corpora, benchmarks/generate.py, seed 1, imported as
benchmarks/scale.py does) it serves the workbench in-process (Starlette's TestClient: the app,
its templates and the store's queries, without a socket) and reports the median and the slowest
of RUNS requests, after one warm-up, of: the document list (its first and its last page), a
document page (the held document with the most claims: its text highlighted), a claim page
(that document's first claim, with the reader's proposals), and the review queue.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scale import Engine, corpus, imported_store, machine  # noqa: E402

RUNS = 20


def pages(url: str) -> dict[str, str]:
    """The pages to time, chosen from the store itself."""
    import sqlalchemy as sa

    from provenance.db import make_engine
    from provenance.web import app as web_app

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            docs = conn.execute(sa.text("SELECT count(*) FROM document")).scalar() or 0
            doc_id, key = conn.execute(
                sa.text(
                    "SELECT d.id, d.key FROM document d JOIN claim c ON c.document_id = d.id"
                    " WHERE d.revision > 0 GROUP BY d.id, d.key ORDER BY count(*) DESC, d.id LIMIT 1"
                )
            ).one()
            claim = conn.execute(
                sa.text("SELECT min(id) FROM claim WHERE document_id = :d"), {"d": doc_id}
            ).scalar()
    finally:
        engine.dispose()
    last = max(1, -(-docs // web_app.PAGE))
    return {
        "document list, page 1": "/documents",
        f"document list, last page ({last})": f"/documents?page={last}",
        f"document page ({key})": f"/documents/{doc_id}",
        f"claim page ({claim})": f"/claims/{claim}",
        "review queue": "/review",
    }


def time_pages(url: str) -> list[tuple[str, float, float, int]]:
    from starlette.testclient import TestClient

    from provenance.store import Store
    from provenance.web.app import make_app

    store = Store(url, actor="bench")
    client = TestClient(make_app(store, sign_in=False))
    rows = []
    try:
        for label, path in pages(url).items():
            first = client.get(path)
            if first.status_code != 200:
                raise SystemExit(f"{path}: {first.status_code} {first.text[:200]}")
            times = []
            for _ in range(RUNS):
                began = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - began) * 1000)
            rows.append((label, statistics.median(times), max(times), len(first.content)))
    finally:
        client.close()
        store.dispose()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", nargs="+", default=["1k", "10k"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/provenance-bench"))
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    engine = Engine(args.work, args.postgres)
    print(machine())
    print(f"engine: {engine.name}; median and slowest of {RUNS} requests (TestClient, in-process)")
    try:
        for tier in args.tiers:
            folder, _, _ = corpus(args.work, tier)
            url, imported = imported_store(engine, tier, folder)
            print(f"\n{tier} store (import {imported['write_s']:.0f} s)")
            print(f"  {'page':<46} {'median ms':>10} {'max ms':>8} {'KiB':>7}")
            for label, median, slowest, size in time_pages(url):
                print(f"  {label:<46} {median:>10.1f} {slowest:>8.1f} {size / 1024:>7.0f}")
    finally:
        engine.drop()


if __name__ == "__main__":
    main()
