"""Re-anchoring over random realistic revisions of real texts (the generator of tests/revision_edits.py).

    .venv/bin/python benchmarks/reanchoring.py [--trials 600] [--seed 15] [--baseline]

Prints the share of claims kept exact, moved, fuzzy, left ambiguous or orphaned, per kind of edit,
and the two failures that must be 0: claims placed outside their own surviving sentence (wrongly
placed), and claims whose quote survives verbatim and once that were not kept at it (lost).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from revision_edits import KINDS, Trial, base_texts, judge, make_case, pool, revise  # noqa: E402

from provenance.anchoring import Span, context, reanchor  # noqa: E402
from provenance.reanchoring import place  # noqa: E402

STATES = ("exact", "moved", "fuzzy", "ambiguous", "orphaned")


def place_fn(old: str, new: str, quote: tuple[int, int]) -> tuple[str, tuple[int, int] | None]:
    span = Span(*quote)
    prefix, suffix = context(old, span)
    found = place(old, new, span, prefix=prefix, suffix=suffix)
    return found.state, (found.span.start, found.span.end) if found.span else None


def strict_fn(old: str, new: str, quote: tuple[int, int]) -> tuple[str, tuple[int, int] | None]:
    """The baseline: the strict test alone (quote and both sides of its context), as before issue 15."""
    span = Span(*quote)
    prefix, suffix = context(old, span)
    found = reanchor(new, exact=old[span.start : span.end], prefix=prefix, suffix=suffix, start=span.start)
    state = {"unchanged": "exact"}.get(found.state, found.state)
    return state, (found.span.start, found.span.end) if found.span else None


def trials(n: int, seed: int, fn=place_fn) -> list[Trial]:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    texts = base_texts()
    done: list[Trial] = []
    while len(done) < n:
        name, text = rng.choice(texts)
        kinds = [rng.choice(KINDS) for _ in range(rng.randint(1, 3))]
        # A look-alike in the old text half the time, and always for the edit that needs one.
        case = make_case(rng, text, lookalike="lookalike_instead" in kinds or rng.random() < 0.5)
        if case is None:
            continue
        new = revise(rng, case, pool(texts, name), kinds)
        if not new.edits:
            continue
        done.append(judge(case, new, fn))
    return done


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=600)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--baseline", action="store_true", help="the strict test alone, for comparison")
    args = parser.parse_args()
    t0 = time.perf_counter()
    done = trials(args.trials, args.seed, strict_fn if args.baseline else place_fn)
    elapsed = time.perf_counter() - t0
    n = len(done)
    what = "strict anchoring.reanchor alone (baseline)" if args.baseline else "reanchoring.place"
    print(f"{what}: {n} revisions of {len(base_texts())} base texts, seed {args.seed}, {elapsed:.1f} s")
    states = Counter(t.state for t in done)
    print("kept:   " + "  ".join(f"{s} {states[s] / n:.1%}" for s in STATES))
    print(
        f"wrongly placed: {sum(t.wrongly_placed for t in done)}   "
        f"lost (verbatim and once, not kept): {sum(t.lost for t in done)}"
    )
    print("\nby what happened to the quote (rows) - share of each state:")
    by_quote: dict[str, Counter[str]] = defaultdict(Counter)
    for t in done:
        by_quote[t.quote_state][t.state] += 1
    print(f"{'quote':<10}{'n':>5}  " + "".join(f"{s:>10}" for s in STATES))
    for q in ("verbatim", "edited", "gone"):
        c = by_quote[q]
        total = sum(c.values()) or 1
        print(f"{q:<10}{sum(c.values()):>5}  " + "".join(f"{c[s] / total:>10.1%}" for s in STATES))
    print("\nby kind of edit (a revision counts under each kind it applied):")
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for t in done:
        for k in set(t.kinds):
            by_kind[k][t.state] += 1
    print(f"{'edit':<22}{'n':>5}  " + "".join(f"{s:>10}" for s in STATES))
    for k in KINDS:
        c = by_kind[k]
        total = sum(c.values()) or 1
        print(f"{k:<22}{sum(c.values()):>5}  " + "".join(f"{c[s] / total:>10.1%}" for s in STATES))
    bad = [t for t in done if t.wrongly_placed or t.lost]
    for t in bad[:10]:
        print("FAIL", t)
    if any(t.wrongly_placed for t in done) and not args.baseline:
        sys.exit(1)


if __name__ == "__main__":
    main()
