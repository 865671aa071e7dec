"""Text reuse (shared passages) measured through the store, as `doc reuse` finds it.

    python benchmarks/text_reuse.py --tier 1000 --tier 10000 [--seed 1] [--json FILE] [-v]
    python benchmarks/text_reuse.py --gold ../shared/devcorpus/gold.yaml

With ``--tier N``, the generator's opt-in reuse corpus (`generate.reuse_corpus`: syndicated wire
paragraphs, reposts with another headline and a trimmed paragraph, long verbatim quotations, and
the hard negatives: two stories of one outlet on one day, two outlets' own reports of one event)
is added to a fresh SQLite store; then every document's shared passages are looked up
(`textreuse.find_reuse`: the print index, then word alignment of the candidates), timed per
document. A found pair is an unordered pair of documents sharing at least one passage; precision
and recall are over the planted pairs (every other pair is a negative, the planted hard negatives
counted apart), and for each found planted pair, the share of its planted passages' characters
the found passages cover (span recall) and the share of the found passages' characters that lie
in planted ones (span precision).

With ``--gold PATH`` (a gold.yaml as benchmarks/same_work.py reads it), the corpus's documents
are added and the gold's ``same_work`` pairs (syndicated edits of one story) must be found as
sharing passages; every other pair (several outlets' own reports of one event, several stories of
one outlet) must not. Planted too, in the corpus's real sentences: for each document, a text of
filler words carrying one of its paragraphs, and one carrying a quotation of 25 to 45 of its words.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import WORDS, reuse_corpus  # noqa: E402
from same_work import split_header  # noqa: E402

from provenance import Store  # noqa: E402
from provenance.documents import add_document  # noqa: E402
from provenance.reading.reuse import tokens  # noqa: E402
from provenance.textreuse import find_reuse  # noqa: E402

_BATCH = 500


def _load(store: Store, docs: list[dict]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for outlet in sorted({d["outlet"] for d in docs if d.get("outlet")}):
        store.add_outlet(outlet)
    for at in range(0, len(docs), _BATCH):
        with store.write() as session:
            for d in docs[at : at + _BATCH]:
                made = add_document(
                    session,
                    title=d["title"],
                    text=d["text"],
                    outlet=d.get("outlet"),
                    published=d.get("published"),
                    key=d["key"],
                )
                session.flush()
                ids[d["key"]] = made.id
    return ids


def _lookup(store: Store, ids: dict[str, int], sample: list[str]) -> tuple[dict, list[float]]:
    """Every sampled document's shared passages: {(doc, other): [(start, end) in doc]}, and times."""
    found: dict[tuple[int, int], list[tuple[int, int]]] = {}
    times: list[float] = []
    with store.read() as session:
        for key in sample:
            began = time.perf_counter()
            reuse = find_reuse(session, str(ids[key]))
            times.append(time.perf_counter() - began)
            for shared in reuse.shared:
                found[(ids[key], shared.other.id)] = [(p.a_start, p.a_end) for p in shared.passages]
    return found, times


def _scores(found: set[frozenset[int]], gold: set[frozenset[int]]) -> dict[str, float | int]:
    right = len(found & gold)
    return {
        "gold": len(gold),
        "found": len(found),
        "right": right,
        "precision": round(right / len(found), 3) if found else 1.0,
        "recall": round(right / len(gold), 3) if gold else 1.0,
    }


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _ms(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "mean": round(1000 * sum(ordered) / len(ordered), 2),
        "p95": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 2),
        "max": round(1000 * ordered[-1], 2),
    }


def run_tier(n_docs: int, seed: int, verbose: bool) -> dict[str, object]:
    corpus = reuse_corpus(n_docs, seed)
    docs = corpus["documents"]
    folder = Path(tempfile.mkdtemp())
    store = Store(folder / "bench.db", actor="benchmark")
    store.init()
    began = time.perf_counter()
    ids = _load(store, docs)
    loaded = time.perf_counter() - began
    keys = [d["key"] for d in docs]
    found, times = _lookup(store, ids, keys)
    store.dispose()
    found_pairs = {frozenset(p) for p in found}
    direct = {frozenset((ids[p["copy"]], ids[p["original"]])) for p in corpus["pairs"]}
    # Two copies of one original share its opening too (every kind copies its first words).
    copies: dict[str, list[int]] = {}
    for p in corpus["pairs"]:
        copies.setdefault(p["original"], []).append(ids[p["copy"]])
    gold = direct | {frozenset(c) for group in copies.values() for c in itertools.combinations(group, 2)}
    negatives = {frozenset((ids[a], ids[b])) for a, b in corpus["negatives"]}
    covered = planted_chars = in_planted = found_chars = 0
    for p in corpus["pairs"]:
        spans = [tuple(s) for s in p["spans"]]
        got = found.get((ids[p["copy"]], ids[p["original"]]), [])
        planted_chars += sum(e - s for s, e in spans)
        covered += _overlap(spans, got)
        found_chars += sum(e - s for s, e in got)
        in_planted += _overlap(got, spans)
    by_kind = {}
    for kind in sorted({p["kind"] for p in corpus["pairs"]}):
        planted = {
            frozenset((ids[p["copy"]], ids[p["original"]])) for p in corpus["pairs"] if p["kind"] == kind
        }
        by_kind[kind] = round(len(planted & found_pairs) / len(planted), 3)
    result = {
        "tier": n_docs,
        "documents": len(docs),
        "planted pairs": f"{len(direct)} (and {len(gold - direct)} pairs of copies of one original)",
        "text reuse (pairs)": _scores(found_pairs, gold),
        "recall by kind": by_kind,
        "hard negatives found (must be 0)": f"{len(negatives & found_pairs)} of {len(negatives)}",
        "span recall (chars)": round(covered / planted_chars, 3) if planted_chars else 1.0,
        "span precision (chars)": round(in_planted / found_chars, 3) if found_chars else 1.0,
        "lookup ms per document": _ms(times),
        "load s (add + index)": round(loaded, 1),
    }
    if verbose:
        names = {v: k for k, v in ids.items()}
        for p in sorted(found_pairs - gold, key=sorted)[:20]:
            print("false:", sorted(names[x] for x in p), file=sys.stderr)
        for p in sorted(gold - found_pairs, key=sorted)[:20]:
            print("missed:", sorted(names[x] for x in p), file=sys.stderr)
    return result


def run_gold(gold_path: Path, verbose: bool) -> dict[str, object]:
    data = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    docs = []
    for key, v in (data.get("documents") or {}).items():
        _url, title, text = split_header((gold_path.parent / v["path"]).read_text(encoding="utf-8"))
        docs.append(
            {
                "key": f"g-{key}",
                "title": str(v.get("title") or title or key),
                "outlet": str(v.get("outlet") or "unknown"),
                "published": str(v.get("published")) if v.get("published") else None,
                "text": text,
            }
        )
    # Planted in the corpus's own words: for each document, a text of filler words quoting one of
    # its paragraphs whole (a syndicated paragraph) and one quoting 25 to 45 of its words (a
    # quotation), so recall is measured on real sentences and their punctuation.
    rng = random.Random(14)
    originals = list(docs)
    planted: list[tuple[str, str, str]] = []  # (copy key, original key, kind)
    for d in originals:
        # Paragraphs of 25 words or more (as `tokens` counts them: a table of figures is not one).
        paragraphs = [p.strip() for p in d["text"].split("\n\n") if len(tokens(p)) >= 25]
        if not paragraphs:
            continue
        taken = rng.choice(paragraphs)
        words = rng.choice(paragraphs).split()
        start = rng.randrange(max(1, len(words) - 45))
        quoted = " ".join(words[start : start + rng.randint(25, 45)])
        for kind, passage in (("paragraph", taken), ("quotation", f'"{quoted}"')):
            filler = [" ".join(rng.choices(WORDS, k=60)) + "." for _ in range(3)]
            key = f"p-{d['key']}-{kind}"
            text = "\n\n".join([filler[0], passage, *filler[1:]]) + "\n"
            docs.append({"key": key, "title": key, "outlet": "Planter", "published": None, "text": text})
            planted.append((key, d["key"], kind))
    folder = Path(tempfile.mkdtemp())
    store = Store(folder / "bench.db", actor="benchmark")
    store.init()
    ids = _load(store, docs)
    found, times = _lookup(store, ids, [d["key"] for d in docs])
    store.dispose()
    found_pairs = {frozenset(p) for p in found}
    corpus_ids = {ids[d["key"]] for d in originals}
    gold = {frozenset((ids[f"g-{p['a']}"], ids[f"g-{p['b']}"])) for p in data.get("same_work") or []}
    all_pairs = {frozenset(p) for p in itertools.combinations(sorted(corpus_ids), 2)}
    plants = {frozenset((ids[c], ids[o])) for c, o, _ in planted}
    # A plant may also share its passage with its original's other record of one work: not scored.
    partners = {x for p in gold for x in p}
    unscored = {
        frozenset((ids[c], x))
        for c, o, _ in planted
        for x in partners
        if x != ids[o] and frozenset((ids[o], x)) in gold
    }
    # Two plants share a passage when theirs overlap in the original (or in one work): real, unscored.
    plant_ids = {ids[c] for c, _, _ in planted}
    unscored |= {p for p in found_pairs if p <= plant_ids}
    corpus_found = {p for p in found_pairs if p <= corpus_ids}
    result = {
        "gold": str(gold_path),
        "documents": len(originals),
        "negative pairs": len(all_pairs - gold),
        "text reuse (corpus pairs)": _scores(corpus_found, gold),
        "planted copies (paragraph, quotation)": _scores(found_pairs - corpus_found - unscored, plants),
        "recall by kind": {
            kind: round(
                sum(frozenset((ids[c], ids[o])) in found_pairs for c, o, k in planted if k == kind)
                / max(1, sum(k == kind for *_, k in planted)),
                3,
            )
            for kind in ("paragraph", "quotation")
        },
        "lookup ms per document": _ms(times),
    }
    if verbose:
        names = {v: k for k, v in ids.items()}
        for p in sorted((found_pairs - unscored) ^ (gold | plants), key=sorted):
            print("false:" if p in found_pairs else "missed:", sorted(names[x] for x in p), file=sys.stderr)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", type=int, action="append", default=[], help="Documents (repeatable).")
    parser.add_argument("--gold", type=Path, action="append", default=[], help="A gold.yaml (repeatable).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="Write the figures here too.")
    parser.add_argument("-v", "--verbose", action="store_true", help="List false and missed pairs.")
    args = parser.parse_args()
    if not args.tier and not args.gold:
        parser.error("give --tier N or --gold PATH")
    results = [run_tier(n, args.seed, args.verbose) for n in args.tier]
    results += [run_gold(path, args.verbose) for path in args.gold]
    for result in results:
        print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
