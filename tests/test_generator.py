"""The benchmark corpus generator: deterministic, importable through the real CLI, and its planted
answers are what the tool finds (no timing here: speed is measured in benchmarks/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate = _generator().generate
    generate(30, tmp_path / "a", seed=3)
    generate(30, tmp_path / "b", seed=3)
    generate(30, tmp_path / "c", seed=4)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_planted_answers_through_the_cli(sqlite_cli, tmp_path: Path) -> None:
    expected = _generator().generate(30, tmp_path / "corpus", seed=1)
    imported = sqlite_cli.json("import", tmp_path / "corpus")
    assert imported["added"]["documents"] == expected["counts"]["documents"]
    assert imported["added"]["claims"] == expected["counts"]["claims"]

    def key(claim_id: int) -> str:  # claims are imported in bundle order: c-N has id N + 1
        return f"c-{claim_id - 1}"

    found = sqlite_cli.json("conflicts", "--no-suggest")
    detected = {tuple(sorted((key(r["a"]), key(r["b"])))) for r in found["contradictions"]}
    assert detected == {tuple(pair) for pair in expected["contradictions"]}
    assert not detected & {tuple(pair) for pair in expected["decoys"]}

    assert expected["circular"], "the tiny tier plants a circular-reporting pair"
    for a, b in expected["circular"]:
        traced = sqlite_cli.json("trace", a)
        b_id = int(b[2:]) + 1
        assert b_id in traced["circular_corroborations"]
        assert b_id not in traced["independent_corroborations"]
    for a, b in expected["corroborations"]:
        assert int(b[2:]) + 1 in sqlite_cli.json("trace", a)["independent_corroborations"]
    for cycle in expected["cycles"]:
        assert sqlite_cli.json("trace", cycle[0])["cycles"], cycle
