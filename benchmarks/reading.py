"""The reader measured against a gold corpus: attributions, values and suggested contradictions.

    python benchmarks/reading.py --gold PATH/gold.yaml [--json FILE] [--baseline] [-v]

The corpus is any folder in the devcorpus gold format (documents with paths relative to the
gold file, claims with values, relations, must_not_flag, attributions, same_work). The pipeline
gets nothing but each document's file, the date it was published (what a user gives with
``doc add``) and each gold claim's quote; :func:`pipeline` is the one place that runs it, so it
can be switched to go through the store without touching the scoring.

Scoring is strict and one-to-one (maximum bipartite matching):

* **attribution** — a proposal matches a gold attribution when their spans overlap in the same
  document, the kinds are equal, and the source resolves to the gold source: both folded
  (:func:`provenance.reading.names.fold_tokens`), determiners and "unnamed/anonymous/same"
  dropped, plurals singularised, the gold's parenthetical dropped; the gold's *head* is the
  part before its first comma. The proposal must contain the head's *required* tokens — all of
  them when the head is a short proper name ("Grace Okafor", "Associated Press"), else the
  head noun, the last word before any "of/in/from/at/…" ("coast guard" → guard; "Ministry of
  X" → ministry; "officials in Y" → official) — and at least half of the
  proposal's tokens must occur in the gold source. So "Kim" alone does not match "Kim
  Suk-kyoon", and "officials" does not match "the coast guard". A gold source with ";" lists
  several sources: the proposal must list as many, matched one-to-one.
* **value** — a proposed reading matches a gold value when the type is equal, the normalised
  value is equal (points exactly, 0.5% for converted measures; a range's finite ends within
  max(1, 2%) — conventions such as "more than 280" = 281 or 280 differ by one — and open ends
  open in both), and the unit is equal after normalising spellings (kilometres → km, persons →
  people, dollars → USD). **An absent gold unit** means the count of the noun the text names
  (vessels, aircraft): it matches a proposal with no unit or a counted noun, never a measure
  (km, percent, a currency). Dates compare as ISO text; a time's UTC offset in the gold is
  ignored (the reader gives the local time as printed).
* **suggestions** — by unordered claim pair: found = suggested ∩ gold contradictions;
  precision = found / all suggested (every other pair is false). ``suggestion_precision_closed``
  also counts a suggested pair as right when the gold makes it one of its contradictions by its
  own equivalences: x contradicts y in the gold, and x' is a claim the gold says corroborates x
  (or a claim of x's document restating x's gold value); the gold lists one pair of each
  disagreement, not every restatement.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from provenance.reading.corpus import InputClaim, InputDocument, read_corpus  # noqa: E402
from provenance.reading.document import split_header  # noqa: E402
from provenance.reading.names import fold_tokens  # noqa: E402


# ------------------------------------------------------------------------------------------ the gold
@dataclass
class Gold:
    path: Path
    documents: dict[str, dict]
    texts: dict[str, str]
    claims: list[dict]
    relations: list[dict]
    must_not_flag: list[dict]
    attributions: list[dict]
    same_work: list[dict]

    def cluster_of_doc(self, doc: str) -> str:
        return str(self.documents[doc].get("cluster") or "all")

    def cluster_of_claim(self, claim: str) -> str:
        return self.cluster_of_doc(self.claim_doc[claim])

    @property
    def claim_doc(self) -> dict[str, str]:
        return {c["id"]: c["doc"] for c in self.claims}


def load_gold(path: Path) -> Gold:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    base = path.parent
    docs = data.get("documents") or {}
    texts = {k: (base / v["path"]).read_text(encoding="utf-8") for k, v in docs.items()}
    return Gold(
        path,
        docs,
        texts,
        data.get("claims") or [],
        data.get("relations") or [],
        data.get("must_not_flag") or [],
        data.get("attributions") or [],
        data.get("same_work") or [],
    )


# ------------------------------------------------------------------------------------------ the pipeline
@dataclass
class Output:
    attributions: dict[
        str, list[tuple[int, int, str, str, str | None]]
    ]  # doc → (start, end, source, kind, via)
    values: dict[str, list[tuple[str, object, str | None]]]  # claim → (type, normalised, unit)
    suggestions: list[tuple[str, str, float, str]]  # (a, b, score, reason), best first
    seconds: float = 0.0


def pipeline(gold: Gold) -> Output:
    """Run the reader with no other input than the files, their dates and the gold quotes."""
    started = time.perf_counter()
    documents = [
        InputDocument(k, gold.texts[k], str(v.get("published") or "") or None, None)
        for k, v in gold.documents.items()
    ]
    claims = [InputClaim(c["id"], c["doc"], c["quote"]) for c in gold.claims]
    read = read_corpus(documents, claims)
    out = Output(
        {
            d: [(a.start, a.end, a.source, a.kind, a.via) for a in attrs]
            for d, attrs in read.attributions.items()
        },
        {k: [(r.kind, r.normalised, r.unit) for r in rs] for k, rs in read.readings.items()},
        [(s.a, s.b, s.score, s.reason) for s in read.suggestions],
    )
    out.seconds = time.perf_counter() - started
    return out


def _store_key(raw: str, fallback: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
    return key if key and not key.isdigit() else f"{fallback}-{key or 'x'}"


def pipeline_through_store(gold: Gold, *, url: str | None = None) -> Output:
    """The same input through the library, as a user gives it: ``Store.add_document`` for each
    file (with its date), ``Store.log_claim`` for each gold quote (nothing else), then what the
    store gives back: each claim's proposed readings, ``find_citations`` per document (the
    reader's attributions, joined to the scanner's markers) and the suggested contradictions
    ``detect_conflicts`` records from the readings. A temporary SQLite store unless ``url``."""
    import tempfile

    from provenance.reading import READER_VERSION
    from provenance.store import Store

    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="reading-bench-"))
    store = Store(url or folder / "reading.db", actor="benchmark")
    store.init()
    try:
        doc_keys: dict[str, str] = {}
        header: dict[str, int] = {}  # how long each file's metadata header is (not held as text)
        shifted = []
        for k, v in gold.documents.items():
            doc = store.add_document(
                gold.path.parent / v["path"],
                title=str(v.get("title") or k),
                published=str(v.get("published") or "") or None,
                key=_store_key(k, "doc"),
                new=True,  # keep syndicated copies as documents of their own (one work: see same_work)
            )
            doc_keys[k] = doc.key
            held = store.document_text(doc.key)
            if held != gold.texts[k] and gold.texts[k].endswith(held):
                # The file's metadata header (URL:, TITLE:) is read as the document's fields, not
                # kept as text (issue 15): the store's offsets start after it.
                header[k] = len(gold.texts[k]) - len(held)
            elif held != gold.texts[k]:
                shifted.append(k)  # the store canonicalised the text: offsets may differ
        claim_of: dict[int, str] = {}
        values: dict[str, list[tuple[str, object, str | None]]] = {}
        for c in gold.claims:
            text = gold.texts[c["doc"]]
            body = split_header(text).start
            at = text.find(c["quote"], body)
            at = text.find(c["quote"]) if at < 0 else at
            if at < 0:
                continue  # not in the text: the pure reader skips it too
            read = store.log_claim(
                doc_keys[c["doc"]],
                quote=c["quote"],
                key=_store_key(c["id"], "claim"),
                start=at - header.get(c["doc"], 0),
            )
            claim_of[read.claim.id] = c["id"]
            values[c["id"]] = [
                (a.reading["kind"], a.reading["normalised"], a.reading["unit"])
                for a in read.readings
                if a.reading
            ]
        attributions: dict[str, list[tuple[int, int, str, str, str | None]]] = {}
        for k, key in doc_keys.items():
            skip = header.get(k, 0)  # offsets of the whole file, as the pure reader gives them
            attributions[k] = [
                (*(at + skip for at in p.phrase or (p.start, p.end)), p.said_by, p.source_kind, p.via)
                for p in store.find_citations(key)
                if p.said_by is not None and p.source_kind is not None
            ]
        store.detect_conflicts()
        suggestions = [
            (claim_of[r.relation.claim_a_id], claim_of[r.relation.claim_b_id], 0.0, r.relation.note or "")
            for r in store.conflicts(status="suggested")
            if r.relation.created_by == READER_VERSION
        ]
    finally:
        store.dispose()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)  # the temporary store is the benchmark's own
    out = Output(attributions, values, suggestions)
    out.seconds = time.perf_counter() - started
    out.shifted = shifted  # type: ignore[attr-defined]
    return out


def baseline(gold: Gold) -> Output:
    """Today's tools on the same input: the citation finder and text suggestions (no entities known)."""
    from provenance.cites import scan_text
    from provenance.detect import ClaimText, suggest_conflicts

    started = time.perf_counter()
    attrs: dict[str, list[tuple[int, int, str, str, str | None]]] = {}
    for k, v in gold.documents.items():
        found = scan_text(gold.texts[k], published=str(v.get("published") or "") or None)
        attrs[k] = [(p.start, p.end, p.person or p.cited_as or "", "*", None) for p in found]
    ids = {c["id"]: i for i, c in enumerate(gold.claims, 1)}
    back = {i: k for k, i in ids.items()}
    docs = {k: i for i, k in enumerate(gold.documents, 1)}
    texts = [ClaimText(ids[c["id"]], docs[c["doc"]], c["quote"], frozenset()) for c in gold.claims]
    by_cluster = [
        ClaimText(t.id, t.document_id, t.text, frozenset({gold.cluster_of_claim(back[t.id])})) for t in texts
    ]
    plain = suggest_conflicts(texts)
    clustered = suggest_conflicts(by_cluster)
    out = Output(attrs, {}, [(back[s.a.id], back[s.b.id], s.score, s.reason) for s in plain])
    out.seconds = time.perf_counter() - started
    out.clustered = [(back[s.a.id], back[s.b.id], s.score, s.reason) for s in clustered]  # type: ignore[attr-defined]
    return out


# ------------------------------------------------------------------------------------------ matching
_DROP = frozenset(
    [
        "the",
        "a",
        "an",
        "one",
        "same",
        "another",
        "several",
        "some",
        "of",
        "and",
        "in",
        "from",
        "for",
        "at",
        "on",
        "to",
        "by",
        "s",
        "unnamed",
        "anonymous",
        "its",
        "his",
        "her",
        "their",
    ]
)


def _singular(t: str) -> str:
    if len(t) > 4 and t.endswith("ies"):
        return t[:-3] + "y"
    if len(t) > 4 and t.endswith(("sses", "shes", "ches", "xes")):
        return t[:-2]
    if len(t) > 3 and t.endswith("s") and not t.endswith("ss"):
        return t[:-1]
    return t


def _tokens(s: str) -> list[str]:
    return [_singular(t) for t in fold_tokens(s) if t not in _DROP]


def _strip_parens(s: str) -> str:
    return re.sub(r"\([^)]*\)", " ", s)


_PREPOSITION = re.compile(r"\s(?:of|in|from|at|for|on|with|by)\s", re.I)


def _required(head: str) -> set[str]:
    """What a proposal must name: a short proper name whole, else the head noun (before "of", "in", …)."""
    bare = _strip_parens(head)
    cut = _PREPOSITION.search(bare)
    words = [w for w in bare.replace("-", " ").split() if w.lower() not in _DROP]
    if cut is None and words and len(words) <= 3 and all(w[:1].isupper() for w in words):
        return set(_tokens(bare))
    toks = _tokens(bare[: cut.start()] if cut else bare)
    return {toks[-1]} if toks else set()


def source_matches(proposed: str, gold_source: str) -> bool:
    gold_parts = [p.strip() for p in gold_source.split(";") if p.strip()]
    proposed_parts = [p.strip() for p in proposed.split(";") if p.strip()]
    if len(gold_parts) != len(proposed_parts):
        return False
    if len(gold_parts) > 1:
        edges = {
            i: [j for j, g in enumerate(gold_parts) if source_matches(p, g)]
            for i, p in enumerate(proposed_parts)
        }
        return len(_matching(edges)) == len(gold_parts)
    gold = _strip_parens(gold_parts[0])
    head = gold.split(",")[0]
    required = _required(head)
    mine = set(_tokens(proposed_parts[0]))
    if not mine or not required or not required <= mine:
        return False
    return len(mine & set(_tokens(gold))) * 2 >= len(mine)


def _matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths): left → right."""
    match_right: dict[int, int] = {}

    def augment(u: int, seen: set[int]) -> bool:
        for v in edges.get(u, []):
            if v in seen:
                continue
            seen.add(v)
            if v not in match_right or augment(match_right[v], seen):
                match_right[v] = u
                return True
        return False

    for u in edges:
        augment(u, set())
    return {u: v for v, u in match_right.items()}


_UNIT_SYNONYMS = {
    "person": "people",
    "persons": "people",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "%": "percent",
    "per cent": "percent",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "ton": "tons",
    "tonne": "tons",
    "tonnes": "tons",
}
_MEASURE_UNITS = frozenset(
    {
        "km",
        "percent",
        "tons",
        "kg",
        "magnitude",
        "hours",
        "minutes",
        "days",
        "weeks",
        "months",
        "years",
        "seconds",
    }
)


def _unit(u: object) -> str | None:
    if u is None or u == "":
        return None
    s = str(u).strip()
    low = s.lower()
    if low in _UNIT_SYNONYMS:
        return _UNIT_SYNONYMS[low]
    if s.isupper() and len(s) == 3:
        return s
    return _singular(low)


def _is_measure(u: str | None) -> bool:
    return u is not None and (u in _MEASURE_UNITS or (u.isupper() and len(u) == 3))


def _close(a: object, b: object, tol_abs: float, tol_rel: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= max(tol_abs, tol_rel * abs(float(b)))  # type: ignore[arg-type]


def value_matches(gold: dict, kind: str, normalised: object, unit: str | None) -> bool:
    if kind != gold.get("type"):
        return False
    g = gold.get("normalised")
    if kind == "date":
        gs = [str(x)[:16] for x in g] if isinstance(g, list) else str(g)[:16]
        return gs == normalised
    gu, pu = _unit(gold.get("unit")), _unit(unit)
    if gu is None:
        if _is_measure(pu):
            return False
    elif gu != pu:
        return False
    measure = _is_measure(gu)
    if isinstance(g, list) != isinstance(normalised, list):
        return False
    if not isinstance(g, list):
        return _close(normalised, g, 1e-9, 0.005 if measure else 1e-9)
    return len(g) == 2 and all(_close(p, q, 1.0, 0.02) for p, q in zip(normalised, g, strict=True))  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ scoring
@dataclass
class Tally:
    proposed: int = 0
    gold: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def precision(self) -> float | None:
        return self.matched / self.proposed if self.proposed else None

    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None


def _span(text: str, quote: str) -> tuple[int, int]:
    at = text.find(quote)
    return at, at + len(quote)


def score_attributions(gold: Gold, out: Output, *, any_kind: bool = False) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for doc in gold.documents:
        cluster = gold.cluster_of_doc(doc)
        golds = [a for a in gold.attributions if a["doc"] == doc]
        mine = out.attributions.get(doc, [])
        spans = [_span(gold.texts[doc], a["quote"]) for a in golds]
        edges: dict[int, list[int]] = {}
        for i, (s, e, source, kind, _via) in enumerate(mine):
            edges[i] = [
                j
                for j, a in enumerate(golds)
                if s < spans[j][1]
                and spans[j][0] < e
                and (any_kind or kind == a["kind"])
                and source_matches(source, str(a["source"]))
            ]
        matched = _matching(edges)
        for t in (tallies[cluster], tallies["overall"]):
            t.proposed += len(mine)
            t.gold += len(golds)
            t.matched += len(matched)
        hit = set(matched.values())
        for j, a in enumerate(golds):
            if j not in hit:
                tallies[cluster].misses.append(f"{doc}: {a['quote']!r} → {a['source']} [{a['kind']}]")
        for i, m in enumerate(mine):
            if i not in matched:
                s, e, source, kind, _ = m
                tallies[cluster].wrong.append(f"{doc}: {gold.texts[doc][s:e]!r} → {source} [{kind}]")
    return tallies


def score_values(gold: Gold, out: Output) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for c in gold.claims:
        golds = c.get("values") or []
        mine = out.values.get(c["id"], [])
        edges = {i: [j for j, g in enumerate(golds) if value_matches(g, *m)] for i, m in enumerate(mine)}
        matched = _matching(edges)
        hit = set(matched.values())
        cluster = gold.cluster_of_doc(c["doc"])
        for j, g in enumerate(golds):
            for name in ("overall", f"type:{g['type']}", cluster):
                tallies[name].gold += 1
                tallies[name].matched += j in hit
            if j not in hit:
                tallies[cluster].misses.append(
                    f"{c['id']}: {g['type']} {g['normalised']} {g.get('unit')} — read {mine}"
                )
        for name in ("overall", cluster):
            tallies[name].proposed += len(mine)
    return tallies


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _equivalents(gold: Gold) -> dict[str, set[str]]:
    """Claims the gold itself makes one: its corroborations, and a document restating a value.

    Union of (a) gold ``corroborates`` pairs and (b) claims of one document giving the same gold
    value of the same property. If x contradicts y and y' says what y says, x contradicts y'.
    """
    parent: dict[str, str] = {c["id"]: c["id"] for c in gold.claims}

    def find(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    def union(a: str, b: str) -> None:
        if a in parent and b in parent:
            parent[find(a)] = find(b)

    for r in gold.relations:
        if r["type"] == "corroborates":
            union(r["a"], r["b"])
    by: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for c in gold.claims:
        for v in c.get("values") or []:
            by[(c["doc"], str(v.get("property")), json.dumps(v.get("normalised")))].append(c["id"])
    for group in by.values():
        for other in group[1:]:
            union(group[0], other)
    classes: dict[str, set[str]] = defaultdict(set)
    for k in parent:
        classes[find(k)].add(k)
    return {k: classes[find(k)] for k in parent}


def score_suggestions(gold: Gold, suggestions: list[tuple[str, str, float, str]]) -> dict[str, dict]:
    contradicts = {_pair(r["a"], r["b"]) for r in gold.relations if r["type"] == "contradicts"}
    corroborates = {_pair(r["a"], r["b"]) for r in gold.relations if r["type"] == "corroborates"}
    mnf = {_pair(r["a"], r["b"]) for r in gold.must_not_flag}
    eq = _equivalents(gold)

    def closed(p: tuple[str, str]) -> bool:
        return any(
            _pair(x, y) in contradicts
            for x in eq.get(p[0], {p[0]}) | {p[0]}
            for y in eq.get(p[1], {p[1]}) | {p[1]}
        )

    suggested = [_pair(a, b) for a, b, _, _ in suggestions]
    result: dict[str, dict] = {}
    clusters = {gold.cluster_of_doc(d) for d in gold.documents}
    for name in ["overall", *sorted(clusters)]:

        def mine(p: tuple[str, str], name: str = name) -> bool:
            return (
                name == "overall"
                or gold.cluster_of_claim(p[0]) == name
                or gold.cluster_of_claim(p[1]) == name
            )

        s = [p for p in suggested if mine(p)]
        g = {p for p in contradicts if mine(p)}
        found = [p for p in s if p in g]
        closed_found = [p for p in s if closed(p)]
        result[name] = {
            "contradictions_found": len(set(found)),
            "contradictions_total": len(g),
            "suggested": len(s),
            "suggestion_precision": len(found) / len(s) if s else None,
            "suggestion_precision_closed": len(closed_found) / len(s) if s else None,
            "false_suggestions_on_corroborations": len([p for p in s if p in corroborates]),
            "must_not_flag_flagged": len([p for p in s if p in mnf]),
            "missed": sorted(f"{a}–{b}" for a, b in g - set(s)),
            "false": [f"{a}–{b}" for a, b in s if (a, b) not in g],
        }
    return result


def report(gold: Gold, out: Output, *, verbose: bool = False) -> dict:
    attributions = score_attributions(gold, out)
    values = score_values(gold, out)
    suggestions = score_suggestions(gold, out.suggestions)
    overall = suggestions["overall"]
    figures = {
        "attribution_precision": attributions["overall"].precision(),
        "attribution_recall": attributions["overall"].recall(),
        "contradictions_found": overall["contradictions_found"],
        "contradictions_total": overall["contradictions_total"],
        "suggestion_precision": overall["suggestion_precision"],
        "false_suggestions_on_corroborations": overall["false_suggestions_on_corroborations"],
        "must_not_flag_flagged": overall["must_not_flag_flagged"],
        "values_accuracy": values["overall"].recall(),
        "seconds": round(out.seconds, 3),
        "suggestions": overall["suggested"],
        "suggestion_precision_closed": overall["suggestion_precision_closed"],
        "values_accuracy_by_type": {k[5:]: v.recall() for k, v in values.items() if k.startswith("type:")},
        "clusters": {},
    }
    for cluster in sorted({gold.cluster_of_doc(d) for d in gold.documents}):
        s = suggestions[cluster]
        figures["clusters"][cluster] = {
            "attribution_precision": attributions[cluster].precision(),
            "attribution_recall": attributions[cluster].recall(),
            **{
                k: s[k]
                for k in (
                    "contradictions_found",
                    "contradictions_total",
                    "suggested",
                    "suggestion_precision",
                    "suggestion_precision_closed",
                    "false_suggestions_on_corroborations",
                    "must_not_flag_flagged",
                )
            },
            "values_accuracy": values[cluster].recall(),
        }
        if verbose:
            figures["clusters"][cluster]["detail"] = {
                "attributions_missed": attributions[cluster].misses,
                "attributions_wrong": attributions[cluster].wrong,
                "values_missed": values[cluster].misses,
                "contradictions_missed": s["missed"],
                "false_suggestions": s["false"],
            }
    return figures


def _fmt(x: object) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.2f}"
    return str(x)


def print_figures(figures: dict, title: str) -> None:
    print(title)
    rows = [("overall", figures), *figures["clusters"].items()]
    print(
        f"{'':16} {'attr P':>7} {'attr R':>7} {'contra':>7} {'sugg':>5} {'sugg P':>7} {'P closed':>8} "
        f"{'on corr':>7} "
        f"{'mnf':>4} {'values':>7}"
    )
    for name, f in rows:
        print(
            f"{name:16} {_fmt(f['attribution_precision']):>7} {_fmt(f['attribution_recall']):>7}"
            f" {f['contradictions_found']}/{f['contradictions_total']:<5} "
            f"{_fmt(f.get('suggested', f.get('suggestions'))):>5}"
            f" {_fmt(f['suggestion_precision']):>7} {_fmt(f['suggestion_precision_closed']):>8}"
            f" {f['false_suggestions_on_corroborations']:>7} {f['must_not_flag_flagged']:>4} "
            f"{_fmt(f['values_accuracy']):>7}"
        )
    print(
        "values by type: "
        + ", ".join(f"{k} {_fmt(v)}" for k, v in figures["values_accuracy_by_type"].items())
    )
    print(f"seconds: {figures['seconds']}")
    for name, f in figures["clusters"].items():
        for key, items in (f.get("detail") or {}).items():
            for item in items:
                print(f"  [{name}] {key}: {item}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--baseline", action="store_true", help="score today's cites finder and text suggestions instead"
    )
    parser.add_argument(
        "--through-store",
        action="store_true",
        help="add each document and log each quote through provenance.store.Store (a temporary "
        "SQLite store), and score what the store gives back",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    if args.baseline:
        out = baseline(gold)
        figures = report(gold, out, verbose=args.verbose)
        kindless = score_attributions(gold, out, any_kind=True)["overall"]
        figures["attribution_precision_any_kind"] = kindless.precision()
        figures["attribution_recall_any_kind"] = kindless.recall()
        clustered = score_suggestions(gold, out.clustered)["overall"]  # type: ignore[attr-defined]
        figures["with_cluster_as_entity"] = {
            k: clustered[k] for k in ("contradictions_found", "suggested", "suggestion_precision")
        }
        print_figures(figures, f"baseline (cites finder, detect.suggest_conflicts) on {args.gold}")
        print(f"  cites finder ignoring kind: P {_fmt(kindless.precision())} R {_fmt(kindless.recall())}")
        print(
            f"  suggest_conflicts with each cluster as a shared entity: {figures['with_cluster_as_entity']}"
        )
    elif args.through_store:
        out = pipeline_through_store(gold)
        figures = report(gold, out, verbose=args.verbose)
        figures["texts_canonicalised"] = out.shifted  # type: ignore[attr-defined]
        print_figures(figures, f"reader through the store on {args.gold}")
        if out.shifted:  # type: ignore[attr-defined]
            print(f"  texts the store canonicalised (offsets may differ): {out.shifted}")  # type: ignore[attr-defined]
    else:
        out = pipeline(gold)
        figures = report(gold, out, verbose=args.verbose)
        print_figures(figures, f"reader on {args.gold}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
