"""End to end: the benchmark's pipeline on a small corpus in the gold format (tests/fixtures/...)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "readingcorpus" / "gold.yaml"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_reading", ROOT / "benchmarks" / "reading.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_reading"] = module
    spec.loader.exec_module(module)
    return module


def test_pipeline_finds_the_planted_contradiction_and_no_must_not_flag_pair(tmp_path: Path) -> None:
    bench = _bench()
    gold = bench.load_gold(GOLD)
    out = bench.pipeline(gold)
    pairs = {tuple(sorted((a, b))) for a, b, _, _ in out.suggestions}
    assert ("a1.c2", "b1.c2") in pairs
    assert not pairs & {("a1.c1", "b1.c1"), ("a1.c3", "b1.c3")}
    figures = bench.report(gold, out)
    assert figures["contradictions_found"] == figures["contradictions_total"] == 1
    assert figures["must_not_flag_flagged"] == 0
    assert figures["attribution_recall"] >= 0.8 and figures["attribution_precision"] >= 0.8
    assert figures["values_accuracy"] >= 0.8


def test_json_names(tmp_path: Path) -> None:
    bench = _bench()
    target = tmp_path / "figures.json"
    assert bench.main(["--gold", str(GOLD), "--json", str(target)]) == 0
    figures = json.loads(target.read_text())
    for name in (
        "attribution_precision",
        "attribution_recall",
        "contradictions_found",
        "contradictions_total",
        "suggestion_precision",
        "false_suggestions_on_corroborations",
        "must_not_flag_flagged",
        "values_accuracy",
        "seconds",
    ):
        assert name in figures


def test_source_matching_is_strict() -> None:
    bench = _bench()
    assert bench.source_matches("the coast guard", "South Korean coast guard")
    assert bench.source_matches("Grace Okafor", "Grace Okafor, health minister")
    assert not bench.source_matches("Okafor", "Grace Okafor, health minister")
    assert not bench.source_matches("officials", "the coast guard")
    assert bench.source_matches("Le Monde; Agence France-Presse", "Agence France-Presse; Le Monde")
    assert not bench.source_matches("Le Monde", "Agence France-Presse; Le Monde")


def test_value_matching_rules() -> None:
    bench = _bench()
    assert bench.value_matches(
        {"type": "quantity", "normalised": [281, None], "unit": "people"}, "quantity", [281.0, None], "people"
    )
    assert bench.value_matches(
        {"type": "quantity", "normalised": [1, 9], "unit": "km"}, "quantity", [2.0, 9.0], "km"
    )
    assert not bench.value_matches(
        {"type": "quantity", "normalised": 6, "unit": "EUR"}, "quantity", 6.0, "USD"
    )
    assert bench.value_matches({"type": "quantity", "normalised": 87}, "quantity", 87.0, "vessels")
    assert not bench.value_matches({"type": "quantity", "normalised": 87}, "quantity", 87.0, "km")
    assert bench.value_matches(
        {"type": "date", "normalised": "2014-04-16T09:00+09:00"}, "date", "2014-04-16T09:00", None
    )


def test_through_the_store_gives_what_the_pure_reader_gives(store_url: str) -> None:
    """The same corpus through Store (add_document, log_claim, find_citations, detect_conflicts),
    on each engine: the same suggested pairs, values and attributions as the pure pipeline."""
    bench = _bench()
    gold = bench.load_gold(GOLD)
    pure, stored = bench.pipeline(gold), bench.pipeline_through_store(gold, url=store_url)
    pairs = {tuple(sorted((a, b))) for a, b, _, _ in stored.suggestions}
    assert ("a1.c2", "b1.c2") in pairs
    assert not pairs & {("a1.c1", "b1.c1"), ("a1.c3", "b1.c3")}
    assert pairs == {tuple(sorted((a, b))) for a, b, _, _ in pure.suggestions}
    assert stored.values == pure.values
    assert {d: sorted(a) for d, a in stored.attributions.items()} == {
        d: sorted(a) for d, a in pure.attributions.items()
    }
    figures = bench.report(gold, stored)
    assert figures["contradictions_found"] == figures["contradictions_total"] == 1
    assert figures["must_not_flag_flagged"] == 0
