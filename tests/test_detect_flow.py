"""Detection in the flow (issues 17 and 21): every write keeps detected and suggested
contradictions current, incrementally, so the report never shows a stale count; what the flow
keeps equals detection from scratch; text features are stored per claim and never extracted
again for an unchanged claim; a full `conflicts` run holds no write lock while it computes."""

from __future__ import annotations

import contextlib
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from test_report_support import run, write_text

from provenance import Store, detect_sync
from provenance.errors import ProvenanceError
from provenance.models import ClaimFeature, Relation, RelationStatus


def _index_awaiting(site: Path) -> int:
    found = re.search(r"<strong>(\d+)</strong> awaiting review", (site / "index.html").read_text("utf-8"))
    assert found, "the index states how many contradictions await review"
    return int(found[1])


def _awaiting(data) -> int:  # type: ignore[no-untyped-def]
    return sum(1 for r in data["contradictions"] if r["status"] in ("detected", "suggested"))


def _seed(cli, tmp: Path) -> None:  # type: ignore[no-untyped-def]
    write_text(tmp, "a.txt", "Bin'ali was killed in a 2015 airstrike near Sirte, officials said.\n")
    write_text(tmp, "b.txt", "Bin'ali was killed in May 2017 in an airstrike near Mayadin, a source said.\n")
    run(
        cli,
        f"""
        doc add {tmp / "a.txt"} --title "A" --published 2019-03
        doc add {tmp / "b.txt"} --title "B" --published 2018-01-15
        entity add "Turki al-Bin'ali" --alias al-Binali
        claim add 1 --quote "killed in a 2015 airstrike" \
            --statement "Bin'ali was killed in a 2015 airstrike" --entity al-Binali --key a1
        claim add 2 --quote "killed in May 2017 in an airstrike" \
            --statement "Bin'ali was killed in May 2017 in an airstrike" --entity al-Binali --key b1
        assert a1 --subject al-Binali --property death_date --value 2015 --type date
        assert b1 --subject al-Binali --property death_date --value "May 2017" --type date
    """,
    )


def test_report_count_is_current_after_import_and_after_claim_add(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The stale count of issue 17: `report build` right after an import, and right after a claim
    add, states the count `conflicts` reports, though `conflicts` was never run before it."""
    from conftest import Cli

    source = Cli(f"sqlite:///{tmp_path / 'source.db'}", tmp_path)
    source("init")
    _seed(source, tmp_path)
    out = tmp_path / "out"
    source("export", out)
    bundle = out / "bundle.yaml"
    data = yaml.safe_load(bundle.read_text("utf-8"))
    # A bundle without the proposals (as one made before detection ran, or by hand).
    data["relations"] = [
        r for r in data.get("relations") or [] if r["status"] not in ("detected", "suggested")
    ]
    bundle.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out / "manifest.yaml").unlink(missing_ok=True)
    fresh = cli
    fresh("import", out)
    fresh("report", "build", tmp_path / "site1")
    first = _index_awaiting(tmp_path / "site1")
    assert first >= 1  # the detected death dates, found by the import itself
    assert first == _awaiting(fresh.json("conflicts"))

    # A third account naming the same man with another year: a text suggestion, in the flow.
    write_text(tmp_path, "c.txt", "Bin'ali was killed in a 2016 airstrike near Sirte, a monitor said.\n")
    fresh("doc", "add", tmp_path / "c.txt", "--title", "C", "--published", "2019-05")
    fresh(
        "claim", "add", "3", "--quote", "killed in a 2016 airstrike",
        "--statement", "Bin'ali was killed in a 2016 airstrike", "--entity", "al-Binali",
    )  # fmt: skip
    fresh("report", "build", tmp_path / "site2")
    second = _index_awaiting(tmp_path / "site2")
    assert second > first
    assert second == _awaiting(fresh.json("conflicts"))
    assert fresh.json("conflicts")["new"] == {"detected": 0, "suggested": 0}


def _state(store: Store) -> set[tuple[int, int, str, str | None]]:
    with store.read() as session:
        rows = session.execute(
            select(Relation.claim_a_id, Relation.claim_b_id, Relation.status, Relation.note).where(
                Relation.created_by == detect_sync.DETECTOR,
                Relation.status.in_((RelationStatus.DETECTED, RelationStatus.SUGGESTED)),
            )
        ).all()
    return {(a, b, s.value, n) for a, b, s, n in rows}


PHRASES = (
    "in 2015", "in May 2017", "in 2016", "in early 2017", "with 80 fighters", "with about 500 men",
    "with several hundred men", "in the spring of 2014", "quietly",
)  # fmt: skip
DATES = ("2015", "May 2017", "2017", "2016", "late 2014")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_equals_detection_from_scratch(
    store_url: str, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random writes (claims added, edited, deleted; assertions; a curator's relations; dismissals;
    an entity merge and alias) with a small entity-group cap so groups cross it: after each one,
    the stored derived relations are exactly what detection from scratch finds."""
    monkeypatch.setattr(detect_sync, "MAX_ENTITY_GROUP", 4)
    rng = random.Random(seed)
    store = Store(store_url, actor="tester")
    store.init()
    try:
        entities = [store.add_entity(name).key for name in ("Abu Ali", "Abu Bakr", "Umm Sara", "Abu Omar")]
        texts = []
        for i in range(4):
            text = " ".join(
                f"Item {i}{j} {_word(rng)} {_word(rng)}: the raid happened {rng.choice(PHRASES)}."
                for j in range(12)
            )
            texts.append(text)
            path = write_text(tmp_path, f"d{i}.txt", text)
            store.add_document(path, title=f"Doc {i}", published=f"201{8 + i % 2}-0{i + 1}")
        claims: list[str] = []
        proposed = False
        for step in range(40):
            action = rng.random()
            if action < 0.45 or len(claims) < 3:
                doc = rng.randrange(4)
                sentence = rng.randrange(12)
                quote = texts[doc].split(". ")[sentence].split(": ", 1)[1].rstrip(".")
                named = rng.sample(entities, rng.randint(1, 2))
                claim = store.add_claim(
                    str(doc + 1),
                    quote=quote,
                    statement=f"the raid happened {rng.choice(PHRASES)}",
                    entities=named,
                    prefix=texts[doc].split(". ")[sentence].split(": ", 1)[0] + ": ",
                )
                claims.append(claim.key)
            elif action < 0.6:
                store.edit_claim(rng.choice(claims), statement=f"the raid happened {rng.choice(PHRASES)}")
            elif action < 0.75:
                store.add_assertion(
                    rng.choice(claims),
                    subject=rng.choice(entities),
                    prop=rng.choice(("raid_date", "death_date")),
                    value=rng.choice(DATES),
                    value_type="date",
                )
            elif action < 0.82:
                a, b = rng.sample(claims, 2)
                with contextlib.suppress(ProvenanceError):  # already related: refused, nothing changes
                    store.relate(a, rng.choice(("contradicts", "corroborates")), b, note="curated")
            elif action < 0.88:
                with store.read() as session:
                    awaiting = session.scalars(
                        select(Relation.id).where(Relation.status == RelationStatus.SUGGESTED)
                    ).all()
                if awaiting:
                    store.dismiss_conflict(str(rng.choice(awaiting)), note="not the same raid")
            elif action < 0.94:
                victim = rng.choice(claims)
                with contextlib.suppress(ProvenanceError):  # one with assertions or curated relations stays
                    store.delete_claim(victim)
                    claims.remove(victim)
            elif len(entities) > 2:
                source = entities.pop(rng.randrange(len(entities)))
                store.merge_entities(source, entities[0])
                store.add_aliases(entities[0], [f"alias {step}"])
            with store.read() as session:
                assert detect_sync.pending(session) == 0
                change = detect_sync.full(session)
            assert change.empty, f"step {step} ({action:.2f}): the flow left {change}"
            proposed = proposed or bool(_state(store))
        assert proposed  # the sequences do produce derived contradictions
    finally:
        store.dispose()


def test_features_are_stored_once_and_not_extracted_again(store_url: str, tmp_path: Path) -> None:
    store = Store(store_url, actor="tester")
    store.init()
    try:
        path = write_text(tmp_path, "a.txt", "About 80 fighters attacked in May 2017. Calm followed.")
        store.add_document(path, title="A")
        store.add_entity("Abu Ali")
        claim = store.add_claim(
            "1", quote="About 80 fighters attacked", statement="80 attacked", entities=["Abu Ali"]
        )
        with store.read() as session:
            row = session.get(ClaimFeature, claim.id)
            assert row is not None and row.has_values and "80" in row.quantities
        # A verdict changes the claim, not its text: the features are kept as they were.
        with store.write() as session:
            assert detect_sync.refresh_features(session, [claim.id]) == 0
        store.edit_claim(claim.key, statement="80 attacked in 2016")
        with store.read() as session:
            row = session.get(ClaimFeature, claim.id)
            assert row is not None and "2016" in row.dates
            assert session.scalar(select(func.count()).select_from(ClaimFeature)) == 1
    finally:
        store.dispose()


_WRITER = """
import sys, time
from provenance import Store
store = Store(sys.argv[1], actor="writer")
start = time.monotonic()
store.add_claim("1", quote=sys.argv[2], statement="a concurrent claim", entities=["Abu Ali"])
print(round(time.monotonic() - start, 3))
"""


def test_a_claim_add_succeeds_while_conflicts_computes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes: while a full run computes (slowed down here, in its read transaction), a
    `claim add` in another process commits at once; the run then writes its difference (or plans
    again) and the store ends current."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    store = Store(url, actor="tester")
    store.init()
    lines = [f"In {2000 + i} about {10 + i} fighters attacked the town." for i in range(30)]
    path = write_text(tmp_path, "a.txt", " ".join(lines))
    store.add_document(path, title="A")
    store.add_entity("Abu Ali")
    for line in lines[:20]:
        store.add_claim("1", quote=line.rstrip("."), statement=line, entities=["Abu Ali"])

    real = detect_sync.full
    timings: dict[str, float] = {}

    def slow_full(session):  # type: ignore[no-untyped-def]
        found = real(session)
        if "writer" in timings:  # planned again after the writer's commit: nothing to wait for
            return found
        proc = subprocess.run(
            [sys.executable, "-c", _WRITER, url, lines[25].rstrip(".")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        timings["writer"] = float(proc.stdout.strip())
        return found

    monkeypatch.setattr(detect_sync, "full", slow_full)
    started = time.monotonic()
    summary = store.detect_conflicts()
    assert summary is not None
    assert timings["writer"] < 5, "the writer waited on a lock the full run held"
    monkeypatch.setattr(detect_sync, "full", real)
    with store.read() as session:
        assert detect_sync.full(session).empty
        assert detect_sync.pending(session) == 0
    assert time.monotonic() - started < 120
    store.dispose()
