"""Write gold.yaml (the devcorpus gold format) for the seed corpus, from seeds/bundle.yaml only.

    python benchmarks/seedgold/make.py        # rewrites benchmarks/seedgold/gold.yaml

What the curated bundle says, and nothing more:

* documents: the five held documents (their text files, outlet name, published date);
* claims: every curated claim of a held document whose quote occurs exactly once in its text
  (the gold format's rule; the others are counted in the file's header), with ``values`` from
  the curated date and quantity assertions: subject, property and value as curated, and
  ``normalised`` computed from the curated value by ``provenance.values`` (the interval it
  admits; no unit: the bundle records none);
* relations: confirmed ``contradicts`` and ``corroborates``; must_not_flag: the contradictions a
  curator *dismissed* (suggested and refines/repeats relations are left out);
* attributions: every curated citation with a located marker; ``quote`` is the marker as
  printed, widened by words when it occurs more than once ("[1]"); ``source`` is the cited
  outlet's name (or the document's title) or the cited person; ``kind`` follows one mechanical
  rule, because the bundle records none: a person cited without a capitalised name ("regional
  intelligence officials") is ``unnamed``, with one ``person``; a cited document whose outlet
  the marker names is ``outlet``, any other cited document ``document``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from provenance.errors import InvalidInput  # noqa: E402
from provenance.reading.names import fold_name  # noqa: E402
from provenance.values import parse_date, parse_quantity  # noqa: E402

HERE = Path(__file__).resolve().parent


def _normalised(kind: str, value: str, published: str | None) -> object | None:
    try:
        if kind == "date":
            d = parse_date(value, context_date=published)
            if d.precision == "year":
                return str(d.low.year)
            if d.precision == "month":
                return d.low.isoformat()[:7]
            if d.precision == "day":
                return d.low.isoformat()
            return [d.low.isoformat(), d.high.isoformat()]
        q = parse_quantity(value)
    except InvalidInput:
        return None
    high = None if q.high == float("inf") else q.high
    return q.low if q.low == high else [q.low, high]


def _unique_quote(text: str, start: int, locator: str) -> str | None:
    """The marker at ``start``, widened word by word to the right (then left) until it is unique."""
    if text[start : start + len(locator)] != locator:
        return None
    s, e = start, start + len(locator)
    for _ in range(40):
        if text.count(text[s:e]) == 1:
            return text[s:e]
        nxt = re.match(r"\s*\S+", text[e:])
        if nxt and "\n\n" not in nxt.group():
            e += nxt.end()
            continue
        prv = re.search(r"\S+\s*$", text[:s])
        if prv is None:
            return None
        s = prv.start()
    return None


def main() -> None:
    bundle = yaml.safe_load((ROOT / "seeds" / "bundle.yaml").read_text(encoding="utf-8"))
    outlets = {o["key"]: o["name"] for o in bundle["outlets"]}
    documents = {d["key"]: d for d in bundle["documents"]}
    held = {k: d for k, d in documents.items() if d.get("text")}
    texts = {k: (ROOT / "seeds" / d["text"]).read_text(encoding="utf-8") for k, d in held.items()}
    assertions: dict[str, list[dict]] = {}
    for a in bundle["assertions"]:
        assertions.setdefault(a["claim"], []).append(a)
    gold_docs = {
        k: {
            "path": f"../../seeds/{d['text']}",
            "outlet": outlets.get(d.get("outlet") or "", d.get("outlet") or "unknown"),
            "published": str(d.get("published") or ""),
            "title": d["title"],
            "cluster": "seeds",
        }
        for k, d in held.items()
    }
    claims, dropped = [], 0
    for c in bundle["claims"]:
        if c["document"] not in held:
            continue
        if texts[c["document"]].count(c["quote"]) != 1:
            dropped += 1
            continue
        entry: dict = {
            "id": c["key"],
            "doc": c["document"],
            "quote": c["quote"],
            "proposition": c.get("statement") or c["quote"],
        }
        values = []
        for a in assertions.get(c["key"], []):
            if a["type"] not in ("date", "quantity"):
                continue
            norm = _normalised(
                a["type"], str(a["value"]), str(held[c["document"]].get("published") or "") or None
            )
            if norm is None:
                continue
            values.append(
                {
                    "subject": a["subject"],
                    "property": a["property"],
                    "type": a["type"],
                    "value": str(a["value"]),
                    "normalised": norm,
                }
            )
        if values:
            entry["values"] = values
        claims.append(entry)
    kept = {c["id"] for c in claims}
    relations, must_not = [], []
    for r in bundle["relations"]:
        if r["a"] not in kept or r["b"] not in kept:
            continue
        if r["kind"] in ("contradicts", "corroborates") and r["status"] == "confirmed":
            relations.append(
                {"a": r["a"], "b": r["b"], "type": r["kind"], "property": "", "why": r.get("note") or ""}
            )
        elif r["kind"] == "contradicts" and r["status"] == "dismissed":
            must_not.append(
                {"a": r["a"], "b": r["b"], "property": "", "why": r.get("note") or "dismissed by a curator"}
            )
    claim_doc = {c["key"]: c["document"] for c in bundle["claims"]}
    attributions, seen = [], set()
    for cit in bundle["citations"]:
        doc = claim_doc.get(cit["claim"])
        if doc not in held or cit.get("locator_start") is None or not cit.get("locator"):
            continue
        if (doc, cit["locator_start"]) in seen:
            continue
        quote = _unique_quote(texts[doc], cit["locator_start"], cit["locator"])
        if quote is None:
            continue
        seen.add((doc, cit["locator_start"]))
        if cit.get("person"):
            person = cit["person"]
            kind = (
                "person"
                if re.search(r"\b[A-Z][a-z]", person)
                and not re.match(r"(?:an?|the|one|some)\b", person, re.I)
                else "unnamed"
            )
            source = person
        else:
            target = documents.get(cit.get("document") or "", {})
            outlet = outlets.get(target.get("outlet") or "")
            if outlet and fold_name(re.sub(r"\s*\(.*\)", "", outlet)) in fold_name(quote):
                kind, source = "outlet", re.sub(r"\s*\(.*\)", "", outlet)
            else:
                kind, source = "document", target.get("title") or cit.get("document") or "cited document"
        attributions.append({"doc": doc, "quote": quote, "source": source, "kind": kind})
    header = (
        "# Gold for the seed corpus, derived from seeds/bundle.yaml by benchmarks/seedgold/make.py (see its\n"
        f"# docstring for the rules). {dropped} curated claims whose quote occurs more than once are left "
        f"out.\n"
    )
    data = {
        "corpus": "seeds",
        "documents": gold_docs,
        "clusters": [{"id": "seeds", "event": "the curated seed corpus", "docs": sorted(gold_docs)}],
        "claims": claims,
        "relations": relations,
        "must_not_flag": must_not,
        "attributions": attributions,
        "same_work": [],
    }
    (HERE / "gold.yaml").write_text(
        header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8"
    )
    print(
        f"claims {len(claims)} (dropped {dropped}), relations {len(relations)}, must_not_flag "
        f"{len(must_not)}, "
        f"attributions {len(attributions)}"
    )


if __name__ == "__main__":
    main()
