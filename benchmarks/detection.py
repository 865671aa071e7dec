"""Contradiction detection at scale: time per assertion at 10k and 100k assertions.

Target (issue: detection scales by grouping): time per assertion at 100k <= 1.5 x at 10k,
every planted contradiction found, no decoy flagged.

    python benchmarks/detection.py            # 10k and 100k
    python benchmarks/detection.py 1000 10000
    python benchmarks/detection.py --tiers 10k 100k   # the assertions of the generated corpus tiers
"""

from __future__ import annotations

import calendar
import gc
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from provenance.detect import AssertionRow, detect_conflicts

YEARS = list(range(1990, 2024))
MONTHS = list(calendar.month_name)[1:]


def corpus(n: int, seed: int = 7) -> tuple[list[AssertionRow], set[frozenset[int]]]:
    """n assertions in n/5 questions; most agree (decoys differ only in precision: "2017" vs "May 2017"),
    1 question in 50 gets a planted rival value in another year."""
    rng = random.Random(seed)
    rows: list[AssertionRow] = []
    planted: set[frozenset[int]] = set()
    questions = max(1, n // 5)
    for q in range(questions):
        year, month = rng.choice(YEARS), rng.choice(MONTHS)
        answers = max(2, rng.choice([2, 3, 5, 8]))
        members = []
        for _ in range(answers):
            if len(rows) >= n:
                break
            # Look-alike decoys: the same year at different precisions never conflict.
            value = rng.choice([str(year), f"{month} {year}", f"mid-{month} {year}", f"in {year}"])
            cid = len(rows) + 1
            rows.append(AssertionRow(cid, cid, cid % 997, f"e{q}", "death_date", "date", value))
            members.append(cid)
        if q % 50 == 0 and len(rows) < n:
            cid = len(rows) + 1
            rows.append(AssertionRow(cid, cid, 5, f"e{q}", "death_date", "date", str(year + 3)))
            planted.update(frozenset((m, cid)) for m in members)
    return rows, planted


def run(n: int) -> tuple[float, int, bool]:
    rows, planted = corpus(n)
    start = time.perf_counter()
    found = detect_conflicts(rows)
    seconds = time.perf_counter() - start
    pairs = {frozenset((c.a.claim_id, c.b.claim_id)) for c in found.conflicts}
    return seconds / len(rows) * 1e6, found.comparisons, pairs == planted


def tier_run(tier: str) -> tuple[int, float, bool, bool]:
    """The generated corpus (benchmarks/generate.py, seed 1), built in memory: its assertions,
    its planted contradictions and decoys. Returns (assertions, µs/assertion, all found, no decoy)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import generate

    corpus = generate.Corpus(generate.TIERS[tier], 1)
    ids = {f"c-{i}": i + 1 for i in range(len(corpus.claims))}
    rows = [
        AssertionRow(
            n + 1,
            ids[a["claim"]],
            corpus.claims[ids[a["claim"]] - 1].doc,
            a["subject"],
            a["property"],
            a["type"],
            a["value"],
            a.get("holds_for"),
        )
        for n, a in enumerate(corpus.assertions)
    ]
    planted = {frozenset(ids[k] for k in pair) for pair in corpus.expected["contradictions"]}
    decoys = {frozenset(ids[k] for k in pair) for pair in corpus.expected["decoys"]}
    # Only the assertions stay: `conflicts` reads them alone from the store, and the whole corpus
    # in memory (a gigabyte at 100k) would make every garbage collection during the run slower.
    del corpus, ids
    gc.collect()
    times = []
    for _ in range(3):  # the median of three: the first run after building the corpus pays for its heap
        start = time.perf_counter()
        found = detect_conflicts(rows)
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    pairs = {frozenset((c.a.claim_id, c.b.claim_id)) for c in found.conflicts}
    return len(rows), seconds / len(rows) * 1e6, planted <= pairs, not (pairs & decoys)


def main_tiers(tiers: list[str]) -> None:
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(f"{'tier':>5} {'assertions':>10}  {'µs/assertion':>12}  all planted  no decoy")
    figures = []
    for tier in tiers:
        n, per, found, clean = tier_run(tier)
        figures.append(per)
        print(
            f"{tier:>5} {n:>10}  {per:>12.1f}  {'yes' if found else 'NO':>11}  {'yes' if clean else 'NO':>8}"
        )
    print(f"time per assertion, {tiers[-1]} vs {tiers[0]}: {figures[-1] / figures[0]:.2f}x (target <= 1.5x)")


def main(sizes: list[int]) -> None:
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(f"{'assertions':>10}  {'µs/assertion':>12}  {'comparisons':>11}  exact")
    figures = {}
    for n in sizes:
        per, comparisons, exact = run(n)
        figures[n] = per
        print(f"{n:>10}  {per:>12.1f}  {comparisons:>11}  {'yes' if exact else 'NO'}")
    small, large = sizes[0], sizes[-1]
    print(f"time per assertion, {large} vs {small}: {figures[large] / figures[small]:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--tiers"]:
        main_tiers(sys.argv[2:])
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
