"""The curated seed corpus (seeds/bundle.yaml): what an editor and a fact-checker recorded.

These tests pin the curation's substance: the required relations exist between the
right quotes, the counts hold, and the overlaps that must not conflict do not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from provenance.detect import AssertionRow, detect_conflicts

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def bundle() -> dict:
    return yaml.safe_load((SEEDS / "bundle.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def claims(bundle: dict) -> dict[str, dict]:
    return {c["key"]: c for c in bundle["claims"]}


def _relation(bundle: dict, a: str, kind: str, b: str) -> dict:
    for r in bundle["relations"]:
        if r["kind"] == kind and {r["a"], r["b"]} == {a, b}:
            return r
    raise AssertionError(f"no {kind} relation between {a} and {b}")


def _words(text: str) -> str:
    return " ".join(text.split())


def test_counts(bundle: dict, claims: dict) -> None:
    held = [d["key"] for d in bundle["documents"] if d.get("text")]
    assert len(held) == 5
    assert len(claims) >= 80
    for key in held:
        assert sum(c["document"] == key for c in claims.values()) >= 8, key
    assert len(bundle["citations"]) >= 30
    assert len(bundle["entities"]) >= 25
    assert all(o.get("reason") and o["grade"] in "ABCDEF" for o in bundle["outlets"])
    assert all(r.get("note") for r in bundle["relations"])
    for claim in claims.values():
        assert claim["statement"] and claim["speaker"] and claim["verdict"]


def test_the_ctc_issue_is_split_into_its_articles(bundle: dict) -> None:
    parts = {d["key"]: d for d in bundle["documents"] if d.get("part_of")}
    authors = {a for d in parts.values() for a in d.get("authors", [])}
    assert {"Hassan Hassan", "Cole Bunzel", "Jami Forbes"} <= authors
    assert any("Coninsx" in d["title"] for d in parts.values())


@pytest.mark.parametrize(
    ("a", "kind", "b", "a_words", "b_words"),
    [
        (
            "tm-binali-killed-2015",
            "contradicts",
            "ctc-cb-binali-killed-may-2017",
            "airstrike in 2015",
            "May 2017",
        ),
        ("tm-warrant-bounty-oct", "contradicts", "tm-warrant-2016-endnote", "warrant", "2016"),
        (
            "ctc-hh-contained-friction",
            "contradicts",
            "ctc-cb-infighting-escalated",
            "Islamic State",
            "escalated",
        ),
        ("ctc-cb-hazimis-executed-2014", "contradicts", "tm-purge-2016", "Hazimis", "2016"),
        ("tm-coup-ied-convoy", "contradicts", "gr-firefight-bodyguards", "explosive device", "firefight"),
        (
            "ctc-hh-gc-disavowed-feb-2014",
            "corroborates",
            "lwj-gc-disowned-early-february",
            "February 2014",
            "general command",
        ),
        ("tm-reshuffle", "corroborates", "ctc-hh-hazimis-dc-reversed-2017", "Delegated Committee", "2017"),
        ("tm-may-2017-statement", "corroborates", "ctc-cb-memo-may-2017", "May 2017", "May 2017"),
        ("gr-split-april-2013", "corroborates", "ctc-hh-merger-april-2013", "Nusra", "April 2013"),
        ("gr-chulov-coup-survived", "repeats", "gr-guardian-10-january", "Guardian", "10 January"),
    ],
)
def test_required_relations_exist_with_their_quotes(
    bundle: dict, claims: dict, a: str, kind: str, b: str, a_words: str, b_words: str
) -> None:
    relation = _relation(bundle, a, kind, b)
    assert relation["note"]
    assert a_words.lower() in _words(claims[a]["quote"]).lower()
    assert b_words.lower() in _words(claims[b]["quote"]).lower()


def test_the_within_article_warrant_dates_disagree(bundle: dict, claims: dict) -> None:
    a, b = claims["tm-warrant-bounty-oct"], claims["tm-warrant-2016-endnote"]
    assert a["document"] == b["document"]
    values = {x["value"] for x in bundle["assertions"] if x["claim"] in (a["key"], b["key"])}
    assert any("October 7" in v for v in values) and any("November 7" in v for v in values)


def test_assertions_conflict_where_they_must_and_overlap_where_they_may(bundle: dict, claims: dict) -> None:
    docs = {d["key"]: d for d in bundle["documents"]}
    rows = [
        AssertionRow(
            id=i,
            claim_id=list(claims).index(x["claim"]),
            document_id=0,
            subject=x["subject"],
            property=x["property"],
            kind=x["type"],
            value=str(x["value"]),
            holds_for=x.get("holds_for"),
            context_date=docs[claims[x["claim"]]["document"]].get("published"),
        )
        for i, x in enumerate(bundle["assertions"])
        if x["type"] != "entity"
    ]
    detection = detect_conflicts(rows)
    assert not detection.unparsed
    keys = list(claims)
    found = {frozenset((keys[c.a.claim_id], keys[c.b.claim_id])) for c in detection.conflicts}
    assert frozenset(("tm-binali-killed-2015", "ctc-cb-binali-killed-may-2017")) in found
    assert frozenset(("tm-warrant-bounty-oct", "tm-warrant-2016-endnote")) in found
    # Overlaps that must not be flagged: fighters near Hajin, founders of Jabhat al-Nusra.
    flagged = {k for pair in found for k in pair}
    for key in (
        "gr-estimated-500-fighters",
        "gr-several-hundred-fighters",
        "ctc-hh-five-to-seven",
        "ctc-hh-half-a-dozen",
        "ctc-hh-five-jihadis",
    ):
        assert key not in flagged, key
