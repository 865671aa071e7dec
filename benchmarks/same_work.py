"""Same-work detection measured on a gold corpus, through the store, as `doc add` does it.

    python benchmarks/same_work.py --gold PATH/gold.yaml [--filler N] [--json FILE] [-v]

Every document of the gold corpus is added to a fresh SQLite store with its title, outlet, date
and URL (from the file's ``URL:``/``TITLE:`` header), with ``new=True`` so that what the store
finds is recorded as the same work instead of refused. Then, for every document, a *repost* is
planted and added the same way: another outlet, another address, another headline, a caption
line, and its last paragraph trimmed. What the store recorded is compared, as unordered pairs of
one work (links joined transitively), with the gold's ``same_work`` pairs plus the planted ones.
Every other pair is a negative: the corpus has several outlets' own reports of each event and
several stories from one outlet, the hard negatives. ``--filler N`` first adds N unrelated
documents made of the corpus's own words shuffled, so the lookup time is measured on a fuller
store (the lookup is by indexed bands, so it should not grow with N).
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

from provenance import Store  # noqa: E402
from provenance.documents import add_document  # noqa: E402
from provenance.models import SameWork  # noqa: E402
from provenance.works import group_works  # noqa: E402


def split_header(raw: str) -> tuple[str | None, str | None, str]:
    url = title = None
    lines = raw.split("\n")
    while lines and (lines[0].startswith("URL:") or lines[0].startswith("TITLE:")):
        name, _, value = lines.pop(0).partition(":")
        if name == "URL":
            url = value.strip()
        else:
            title = value.strip()
    return url, title, "\n".join(lines).strip() + "\n"


def repost(text: str) -> str:
    """Another outlet's copy: a new headline and a caption first, the last paragraph gone."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    trimmable = len(paragraphs) > 2 and len(paragraphs[-1]) < len(text) / 4
    kept = paragraphs[:-1] if trimmable else paragraphs
    return "Reposted: a new headline for an old story\n\nPhoto: file picture.\n\n" + "\n\n".join(kept) + "\n"


def pairs_of(groups: dict[int, int]) -> set[frozenset[int]]:
    members: dict[int, list[int]] = {}
    for doc, root in groups.items():
        members.setdefault(root, []).append(doc)
    return {frozenset(p) for docs in members.values() for p in itertools.combinations(sorted(docs), 2)}


def scores(found: set[frozenset[int]], gold: set[frozenset[int]]) -> dict[str, float | int]:
    right = len(found & gold)
    return {
        "gold": len(gold),
        "found": len(found),
        "right": right,
        "precision": round(right / len(found), 3) if found else 1.0,
        "recall": round(right / len(gold), 3) if gold else 1.0,
    }


def run(gold_path: Path, filler: int, verbose: bool) -> dict[str, object]:
    data = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    docs = data.get("documents") or {}
    folder = Path(tempfile.mkdtemp())
    store = Store(folder / "bench.db", actor="benchmark")
    store.init()
    outlets = sorted({str(v.get("outlet") or "unknown") for v in docs.values()} | {"Reposter"})
    for name in outlets:
        store.add_outlet(name)
    if filler:
        words = " ".join(
            split_header((gold_path.parent / v["path"]).read_text("utf-8"))[2] for v in docs.values()
        )
        vocabulary = words.split()
        rng = random.Random(14)
        with store.write() as session:
            for n in range(filler):
                body = " ".join(rng.choice(vocabulary) for _ in range(400))
                add_document(session, title=f"filler {n}", text=body + f" {n}\n", key=f"filler-{n}")
    ids: dict[str, int] = {}
    times: list[float] = []
    for key, v in docs.items():
        url, title, text = split_header((gold_path.parent / v["path"]).read_text(encoding="utf-8"))
        path = folder / f"{key}.txt"
        path.write_text(text, encoding="utf-8")
        began = time.perf_counter()
        doc = store.add_document(
            path,
            title=str(v.get("title") or title or key),
            outlet=str(v.get("outlet") or "unknown"),
            published=str(v.get("published")) if v.get("published") else None,
            url=url,
            new=True,
        )
        times.append(time.perf_counter() - began)
        ids[key] = doc.id
    planted: set[frozenset[int]] = set()
    for key, v in docs.items():
        _, _, text = split_header((gold_path.parent / v["path"]).read_text(encoding="utf-8"))
        path = folder / f"{key}.repost.txt"
        path.write_text(repost(text), encoding="utf-8")
        began = time.perf_counter()
        doc = store.add_document(
            path,
            title=f"Reposted: {key}",
            outlet="Reposter",
            url=f"https://reposter.example/{key}",
            new=True,
        )
        times.append(time.perf_counter() - began)
        planted.add(frozenset((ids[key], doc.id)))
    with store.read() as session:
        links = [(a, b) for a, b in session.query(SameWork.document_id, SameWork.same_as_id)]
    store.dispose()
    found = pairs_of(group_works(links))
    corpus_gold = {frozenset((ids[p["a"]], ids[p["b"]])) for p in data.get("same_work") or []}
    # The gold's transitive closure, with every repost joined to its original's work.
    all_links = [tuple(p) for p in corpus_gold | planted]
    gold = pairs_of(group_works([(min(p), max(p)) for p in all_links]))
    originals = set(ids.values())
    result = {
        "gold": str(gold_path),
        "documents": len(docs),
        "filler": filler,
        "same_work (all pairs)": scores(found, gold),
        "corpus pairs": scores({p for p in found if p <= originals}, {p for p in gold if p <= originals}),
        "planted reposts": scores(found & planted, planted) | {"recall": scores(found, planted)["recall"]},
        "lookup ms (doc add, mean / max)": [
            round(1000 * sum(times) / len(times), 1),
            round(1000 * max(times), 1),
        ],
    }
    if verbose:
        names = {v: k for k, v in ids.items()}
        names.update({max(p): names[min(p)] + "-repost" for p in planted})
        for p in sorted(found - gold, key=sorted):
            print("false:", sorted(names.get(x, str(x)) for x in p), file=sys.stderr)
        for p in sorted(gold - found, key=sorted):
            print("missed:", sorted(names.get(x, str(x)) for x in p), file=sys.stderr)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", required=True, help="A gold.yaml (repeatable).")
    parser.add_argument("--filler", type=int, default=0, help="Unrelated documents added first.")
    parser.add_argument("--json", type=Path, help="Write the figures here too.")
    parser.add_argument("-v", "--verbose", action="store_true", help="List false and missed pairs.")
    args = parser.parse_args()
    results = [run(path, args.filler, args.verbose) for path in args.gold]
    for result in results:
        print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
