"""Disputes named (issue 17): every contradiction shows the two values as read, who confirmed or
dismissed it and when, and the curator's note apart from the tool's reason — in `conflicts`, its
`--json`, the report and the bundle; and independence said plainly: accounts from one document,
or whose chains meet, are never called independent (both engines where a store is involved)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import Cli
from test_report_support import build, find_id, parse, run, small_store, text_of, write_text

from provenance import migrate
from provenance.db import make_engine
from provenance.disputes import Reading, disputed

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _assert_dates(cli: Cli) -> None:
    """Two more detected contradictions on the small store: 2015 vs late May 2017, 2016 vs 2018."""
    cli(
        "assert",
        "3",
        "--subject",
        "al-Binali",
        "--property",
        "coup_date",
        "--value",
        "2016",
        "--type",
        "date",
    )
    cli(
        "assert",
        "4",
        "--subject",
        "al-Binali",
        "--property",
        "coup_date",
        "--value",
        "2018",
        "--type",
        "date",
    )


def _listed(cli: Cli) -> dict[frozenset[int], dict]:
    rows = cli.json("conflicts", "--no-detect", "--no-suggest")["contradictions"]  # type: ignore[index]
    return {frozenset((r["a"], r["b"])): r for r in rows}


@pytest.fixture
def decided(cli: Cli, tmp_path: Path) -> tuple[Cli, dict[str, dict]]:
    """The small store; claims 3 and 4 detected as contradicting, then confirmed with a note;
    a second detected pair dismissed with a reason."""
    small_store(cli, tmp_path)
    _assert_dates(cli)
    # A third claim dated late May 2017 by its own article, against claim 1's 2015.
    write_text(tmp_path, "c.txt", "He was killed in late May 2017, the group said.\n")
    run(
        cli,
        f"""
        doc add {tmp_path / "c.txt"} --title "Group statement" --published 2017-06-02
        claim add 4 --quote "He was killed in late May 2017" --statement "Killed late May 2017" \
            --entity al-Binali
        assert 5 --subject al-Binali --property death_date --value "late May 2017" --type date
        """,
    )
    cli("conflicts", "--no-suggest")
    pairs = _listed(cli)
    coup, late = pairs[frozenset((3, 4))], pairs[frozenset((1, 5))]
    assert coup["status"] == "confirmed"  # `relate 3 contradicts 4` made it (the curator's own)
    assert late["status"] == "detected" and late["decision"] is None
    reason = late["note"]
    assert reason  # the tool's reason for proposing it
    confirmed = cli(
        "conflicts", "confirm", str(late["id"]), "--note", "Both cannot be true: see the CTC correction",
        user="editor-ann",
    ).stdout  # fmt: skip
    assert f"contradiction {late['id']} confirmed by editor-ann at " in confirmed
    assert "note: Both cannot be true: see the CTC correction" in confirmed
    # A detected pair to dismiss: claim 2 read as 2016 against claim 1's 2015 … on another property.
    cli(
        "assert",
        "2",
        "--subject",
        "al-Binali",
        "--property",
        "coup_date",
        "--value",
        "2015",
        "--type",
        "date",
    )
    cli("conflicts", "--no-suggest")
    awaiting = [r for r in _listed(cli).values() if r["status"] == "detected"]
    assert awaiting, _listed(cli)
    dismissed = awaiting[0]
    cli(
        "conflicts",
        "dismiss",
        str(dismissed["id"]),
        "--reason",
        "different coups: 2015 and 2016",
        user="editor-bo",
    )
    pairs = _listed(cli)
    return cli, {
        "confirmed": pairs[frozenset((1, 5))],
        "dismissed": pairs[frozenset((dismissed["a"], dismissed["b"]))],
        "tool_reason": {"confirmed": reason, "dismissed": dismissed["note"]},
    }


def test_confirm_and_dismiss_keep_who_when_and_why_apart_from_the_reason(decided, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli, rows = decided
    confirmed, dismissed = rows["confirmed"], rows["dismissed"]
    # JSON: the tool's reason untouched, the decision beside it.
    assert confirmed["status"] == "confirmed"
    assert confirmed["note"] == rows["tool_reason"]["confirmed"]  # not glued to the curator's note
    assert confirmed["decision"]["by"] == "editor-ann"
    assert confirmed["decision"]["note"] == "Both cannot be true: see the CTC correction"
    at = datetime.strptime(confirmed["decision"]["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - at) < timedelta(minutes=10)
    assert dismissed["status"] == "dismissed" and dismissed["note"] == rows["tool_reason"]["dismissed"]
    assert dismissed["decision"]["by"] == "editor-bo"
    assert dismissed["decision"]["note"] == "different coups: 2015 and 2016"
    # The values as read, with precision.
    values = confirmed["values"]
    assert values[0]["property"] == "death_date" and values[0]["conflicting"]
    assert values[0]["a"] == ["2015 (year)"] and values[0]["b"] == ["late May 2017"]

    # The decision's note is found by search, as it was when it was glued to the note.
    found = cli.json("search", "CTC correction")
    assert {(h["kind"], h["id"]) for h in found} >= {("claim", 1), ("claim", 5)}  # type: ignore[union-attr,index]

    # The table: values, the tool's reason, the decision and its note each in their column.
    table = cli("conflicts", "--no-detect", "--no-suggest").stdout
    header = table.splitlines()[0].split()
    assert header[:5] == ["id", "status", "claim", "against", "values"]
    assert "decided" in header and "note" in header
    line = next(x for x in table.splitlines() if x.startswith(f"{confirmed['id']} "))
    assert "2015 (year) vs late May 2017" in line
    assert "confirmed by editor-ann at " in line and " UTC" in line
    assert "Both cannot be true: see the CTC correction" in line

    # The report's contradictions page: the decision apart from the reason, values named.
    out = tmp_path / "site"
    build(cli.url, out)
    page = parse(out / "contradictions.html")
    article = find_id(page, f"r{confirmed['id']}")
    assert article is not None
    decision = next(p for p in article.iter("p") if "decision" in (p.get("class") or ""))
    said = " ".join(text_of(decision).split())
    assert said.startswith("Confirmed by editor-ann on ")
    assert "the curator’s note: Both cannot be true: see the CTC correction" in said
    time = next(decision.iter("time"))
    assert time.get("datetime") == confirmed["decision"]["at"]
    reason = next(p for p in article.iter("p") if p.get("class") == "pair-meta")
    reason_text = " ".join(text_of(reason).split())
    assert "proposed by provenance" in reason_text
    assert " ".join(rows["tool_reason"]["confirmed"].split())[:40] in reason_text
    assert "CTC correction" not in reason_text  # the curator's note is not mixed into the reason
    values_dl = next(d for d in article.iter("dl") if d.get("class") == "disputed")
    assert (
        " ".join(text_of(values_dl).split())
        == "death date of Turki al-Bin'ali A 2015 (year) versus B late May 2017"
    )
    dismissed_article = find_id(page, f"r{dismissed['id']}")
    assert dismissed_article is not None
    text = " ".join(text_of(dismissed_article).split())
    assert (
        "Dismissed by editor-bo on " in text and "the curator’s note: different coups: 2015 and 2016" in text
    )
    # The index's confirmed list says who confirmed it, and when.
    index = " ".join(text_of(parse(out / "index.html")).split())
    assert f"confirmed by editor-ann, {confirmed['decision']['at'][:10]}" in index
    # The claim page's contradicting list says who decided as well.
    claim_page = next((out / "claims").glob("5-*.html"))
    assert "Confirmed by editor-ann on " in " ".join(text_of(parse(claim_page)).split())


def test_a_bundle_carries_the_decisions_and_round_trips_byte_for_byte(decided, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli, rows = decided
    first = tmp_path / "first"
    cli("export", first)
    written = (first / "bundle.yaml").read_text(encoding="utf-8")
    assert "decided_by: editor-ann" in written
    assert 'decision: "Both cannot be true: see the CTC correction"' in written
    assert re.search(r'decided_at: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', written)
    again = Cli(f"sqlite:///{tmp_path / 'again.db'}", tmp_path)
    again("init")
    again("import", first)
    second = tmp_path / "second"
    again("export", second)
    assert (second / "bundle.yaml").read_bytes() == (first / "bundle.yaml").read_bytes()
    decisions = sorted((r["decision"]["by"], r["decision"]) for r in _listed(again).values() if r["decision"])
    assert decisions == [
        ("editor-ann", rows["confirmed"]["decision"]),
        ("editor-bo", rows["dismissed"]["decision"]),
    ]
    again("import", first)  # the same bundle again: nothing new, no conflict
    assert (second / "bundle.yaml").read_bytes() == (first / "bundle.yaml").read_bytes()


def test_a_store_without_decisions_exports_as_before(sqlite_cli: Cli, tmp_path: Path) -> None:
    sqlite_cli("import", SEEDS)
    out = tmp_path / "out"
    sqlite_cli("export", out)
    written = (out / "bundle.yaml").read_bytes()
    assert b"decided_" not in written and b"decision:" not in written
    again = Cli(f"sqlite:///{tmp_path / 'again.db'}", tmp_path)
    again("init")
    again("import", out)
    again("export", tmp_path / "again")
    assert (tmp_path / "again" / "bundle.yaml").read_bytes() == written


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('    decided_by: ann\n    decided_at: "yesterday"\n', "is not a time as bundles write it"),
        ("    decided_by: ann\n", "a decision needs decided_at"),
        ('    decided_at: "2026-12-07T23:40:12Z"\n', "a decision needs decided_by"),
    ],
)
def test_a_bundle_decision_is_checked(sqlite_cli: Cli, tmp_path: Path, extra: str, message: str) -> None:
    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "b"
    sqlite_cli("export", out)
    bundle = out / "bundle.yaml"
    text = bundle.read_text(encoding="utf-8")
    assert "    note: IED or firefight\n" in text
    text = text.replace("    note: IED or firefight\n", "    note: IED or firefight\n" + extra)
    bundle.write_text(text, encoding="utf-8")
    (out / "manifest.yaml").unlink()
    fresh = Cli(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path)
    fresh("init")
    failed = fresh("import", out, ok=False)
    assert message in failed.output and "bundle.yaml:" in failed.output


# --- the migration: old glued notes split on the way up, glued again on the way down -----------


def test_0009_splits_decisions_recorded_before_it_and_downgrades(store_url: str, tmp_path: Path) -> None:
    migrate.upgrade(store_url, "0007")
    cli = Cli(store_url, tmp_path)
    engine = make_engine(store_url)
    try:
        with engine.begin() as conn:
            now = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
            conn.execute(
                sa.text(
                    "INSERT INTO document (key, title, authors, language, revision, created_at, version) "
                    "VALUES ('d', 'D', '[]', 'en', 0, :now, 1)"
                ),
                {"now": now},
            )
            for key in ("a", "b", "c"):
                conn.execute(
                    sa.text(
                        'INSERT INTO claim (key, document_id, revision, exact, prefix, suffix, start, "end", '
                        "statement, speaker, verdict, anchor_state, created_at, version) "
                        "VALUES (:k, 1, 0, :e, '', '', 0, 1, :s, 'author', 'unreviewed', 'exact', :now, 1)"
                    ),
                    {"k": key, "e": key, "s": key, "now": now},
                )
            rel = (
                "INSERT INTO relation (claim_a_id, kind, claim_b_id, status, note, created_by, created_at, "
                "version) VALUES (:a, 'contradicts', :b, :status, :note, 'provenance', :now, 2)"
            )
            conn.execute(
                sa.text(rel),
                {"a": 1, "b": 2, "status": "confirmed", "note": "2015 vs 2017\nchecked", "now": now},
            )
            conn.execute(
                sa.text(rel), {"a": 1, "b": 3, "status": "detected", "note": "2015 vs 2018", "now": now}
            )
            ev = (
                "INSERT INTO event (at, actor, action, noun, record_id, summary, before) "
                "VALUES (:at, :actor, 'confirm', 'relation', 1, 'confirmed', :before)"
            )
            conn.execute(
                sa.text(ev),
                {"at": now, "actor": "ann", "before": '{"note": "2015 vs 2017", "status": "detected"}'},
            )
        migrate.upgrade(store_url)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, note, decided_by, decided_at, decision_note FROM relation ORDER BY id")
            ).all()
        assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
            (1, "2015 vs 2017", "ann", "checked"),
            (2, "2015 vs 2018", None, None),
        ]
        at = rows[0][3]
        at = datetime.fromisoformat(at) if isinstance(at, str) else at
        assert (at if at.tzinfo else at.replace(tzinfo=UTC)) == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
        listed = {r["id"]: r for r in cli.json("conflicts", "--no-detect", "--no-suggest")["contradictions"]}  # type: ignore[index]
        assert listed[1]["decision"] == {"by": "ann", "at": "2026-12-01T09:30:00Z", "note": "checked"}
        migrate.downgrade(store_url, "0007")
        with engine.connect() as conn:
            notes = conn.execute(sa.text("SELECT note FROM relation ORDER BY id")).scalars().all()
        assert notes == ["2015 vs 2017\nchecked", "2015 vs 2018"]
    finally:
        engine.dispose()


# --- the values as read, pure ----------------------------------------------------------------


def _r(prop: str, kind: str, value: str, holds_for: str | None = None, subject: int = 1) -> Reading:
    return Reading(
        "Turki al-Bin'ali", subject, prop, kind, value, holds_for=holds_for, context_date="2019-03"
    )


def test_disputed_values_name_each_side_with_precision_conflicting_first() -> None:
    found = disputed(
        [
            _r("death_date", "date", "2015"),
            _r("fighters", "quantity", "about 500"),
            _r("x", "text", "y", subject=2),
        ],
        [_r("death_date", "date", "late May 2017"), _r("fighters", "quantity", "several hundred")],
    )
    assert [(d.property, d.a, d.b, d.conflicting) for d in found] == [
        ("death_date", ("2015 (year)",), ("late May 2017",), True),
        ("fighters", ("400–600 (approx.)",), ("200–900 (approx.)",), False),
    ]
    assert found[0].line() == "death date of Turki al-Bin'ali: 2015 (year) vs late May 2017"
    # Counts for different times are not rivals.
    apart = disputed(
        [_r("n", "quantity", "80", "at the start")], [_r("n", "quantity", "more than 200", "soon after")]
    )
    assert [(d.a, d.b, d.conflicting) for d in apart] == [
        (("80, for at the start",), ("201 or more, for soon after",), False)
    ]
    assert disputed([_r("a", "date", "2015")], [_r("b", "date", "2016")]) == ()


# --- independence said plainly ----------------------------------------------------------------


def test_accounts_from_one_document_are_never_independent_on_the_seed_report(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    """Every pair of accounts in a matrix quoted from one document says "not independent", on
    the seed corpus's report; among them pairs whose chains do not meet (two sources cited in one
    article), which the matrix used to call "independent of the others"."""
    from provenance import Store
    from provenance.report.load import load_site
    from provenance.report.questions import questions_about
    from provenance.report.trace import Chains

    sqlite_cli("import", SEEDS)
    out = tmp_path / "site"
    sqlite_cli("report", "build", out)
    store = Store(sqlite_cli.url)
    try:
        with store.read() as session:
            site = load_site(session)
    finally:
        store.dispose()
    chains = Chains(site)
    checked = disjoint = 0
    for entity_id, entity in site.entities.items():
        for number, question in enumerate(questions_about(site, entity_id, chains), 1):
            same = [
                (a, b)
                for i, a in enumerate(question.accounts)
                for b in question.accounts[i + 1 :]
                if a.document.id == b.document.id
            ]
            if not same:
                continue
            section = find_id(parse(out / entity.path), f"q-{number}")
            assert section is not None, (entity.path, number)
            rows = [text_of(tr) for tr in section.iter("tr")][1:]  # the header row first
            for a, b in same:
                checked += 1
                disjoint += not (chains.origins_of(a.claim.id) & chains.origins_of(b.claim.id))
                for account, other in ((a, b), (b, a)):
                    row = " ".join(rows[account.number - 1].split())
                    assert "independent of the others" not in row, (entity.path, question.property, row)
                    assert "not independent: one source with" in row and f"#{other.number}" in row
    assert checked >= 5 and disjoint >= 3, (checked, disjoint)


def test_the_claim_page_and_trace_count_accounts_and_independent_origins(cli: Cli, tmp_path: Path) -> None:
    """Two claims of one article, each citing its own source, corroborating each other: two accounts,
    one independent origin, on the claim page as in `trace`; a third from another outlet adds one."""
    write_text(tmp_path, "one.txt", "Officials said the bridge fell. Witnesses said the bridge fell too.\n")
    write_text(tmp_path, "two.txt", "The bridge fell on Monday, engineers said.\n")
    run(
        cli,
        f"""
        doc add {tmp_path / "one.txt"} --title "One article"
        doc add {tmp_path / "two.txt"} --title "Another article"
        claim add 1 --quote "Officials said the bridge fell." --statement "The bridge fell (officials)"
        claim add 1 --quote "Witnesses said the bridge fell too." --statement "The bridge fell (witnesses)"
        claim add 2 --quote "The bridge fell on Monday, engineers said." \
            --statement "The bridge fell (engineers)"
        cite 1 --person officials --kind according_to
        cite 2 --person witnesses --kind according_to
        cite 3 --person engineers --kind according_to
        relate 1 corroborates 2
        """,
    )
    traced = cli("trace", "1").stdout
    assert "2 accounts, 1 independent origin" in traced
    assert "claim 2 is not independent" in traced
    assert cli.json("trace", "1")["accounts"] == {"count": 2, "independent_origins": 1}  # type: ignore[index]
    out = tmp_path / "site"
    build(cli.url, out)
    page = parse(next((out / "claims").glob("1-*.html")))
    summary = next(p for p in page.iter("p") if p.get("class") == "accounts-summary")
    assert " ".join(text_of(summary).split()).startswith("2 accounts, 1 independent origin (")
    said = " ".join(text_of(page).split())
    assert "same origin: not independent" in said and "both rest on One article" in said
    cli("relate", "1", "corroborates", "3")
    assert "3 accounts, 2 independent origins" in cli("trace", "1").stdout
    build(cli.url, out)
    page = parse(next((out / "claims").glob("1-*.html")))
    summary = next(p for p in page.iter("p") if p.get("class") == "accounts-summary")
    assert " ".join(text_of(summary).split()).startswith("3 accounts, 2 independent origins (")
