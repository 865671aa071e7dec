"""The reader is not tuned to the development corpus: none of its gold phrases is in the library's source.

Reads ``../shared/devcorpus/gold.yaml`` (beside the repository, as in CI; or beside the folder of
worktrees) and fails if any claim quote or attribution phrase of it occurs, case-sensitively, in a
file under ``provenance/``. Rules must be written for news text in general, with examples of their
own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [
    ROOT.parent / "shared" / "devcorpus" / "gold.yaml",
    ROOT.parent.parent / "shared" / "devcorpus" / "gold.yaml",
]


def _gold() -> dict:
    for path in CANDIDATES:
        if path.is_file():
            return yaml.safe_load(path.read_text(encoding="utf-8"))
    pytest.skip("the development corpus is not beside this checkout (../shared/devcorpus)")


def test_no_gold_phrase_in_the_library_source() -> None:
    gold = _gold()
    phrases = {c["quote"] for c in gold.get("claims") or []} | {
        a["quote"] for a in gold.get("attributions") or []
    }
    assert len(phrases) > 50  # the corpus was read
    leaks = []
    for path in sorted((ROOT / "provenance").rglob("*")):
        if path.suffix not in (".py", ".txt", ".yaml", ".json", ".html", ".md") or not path.is_file():
            continue
        source = path.read_text(encoding="utf-8", errors="replace")
        leaks += [f"{path.relative_to(ROOT)}: {p!r}" for p in phrases if p in source]
    assert not leaks, "gold phrases of the development corpus in the library:\n" + "\n".join(leaks)
