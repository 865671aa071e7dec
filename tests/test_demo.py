"""`provenance demo`: the first-run experience, on an empty store, twice."""

from __future__ import annotations

from pathlib import Path

import html5lib


def test_demo_loads_the_seed_corpus_and_builds_the_report_and_can_run_again(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = cli("demo", tmp_path / "site").stdout
    assert "132 claims" in first
    assert "contradictions: 4 confirmed" in first
    index = tmp_path / "site" / "index.html"
    assert index.as_uri() in first
    page = html5lib.parse(index.read_bytes(), namespaceHTMLElements=False)
    links = [a.get("href") for a in page.iter("a")]
    assert "contradictions.html" in links
    second = cli("demo", tmp_path / "site").stdout
    assert "nothing new" in second
    assert len(cli.json("claim", "list")) == 132
