"""provenance.detect: contradictions found by grouping assertions, and suggested from claim text."""

from __future__ import annotations

import random
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from provenance.detect import (
    AssertionRow,
    ClaimText,
    detect_conflicts,
    extract_dates,
    extract_quantities,
    holds_for_key,
    suggest_conflicts,
)
from provenance.values import compatible, parse_value


def row(
    id: int,
    value: str,
    *,
    claim: int | None = None,
    doc: int = 1,
    subject: str = "turki-al-binali",
    prop: str = "death_date",
    kind: str = "date",
    holds_for: str | None = None,
    context: str | None = None,
) -> AssertionRow:
    return AssertionRow(
        id, claim if claim is not None else id, doc, subject, prop, kind, value, holds_for, context
    )


def pairs(detection) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return [(c.a.claim_id, c.b.claim_id) for c in detection.conflicts]


# --- detected from assertions --------------------------------------------------------------------------


def test_the_seed_contradictions_are_found() -> None:
    found = detect_conflicts(
        [
            row(1, "2015", claim=10),
            row(2, "May 2017", claim=20),
            row(3, "October 7, 2016", claim=30, subject="warrant", prop="issued_on"),
            row(4, "November 7, 2016", claim=31, subject="warrant", prop="issued_on"),
        ]
    )
    assert pairs(found) == [(10, 20), (30, 31)]
    assert found.conflicts[0].reason == "2015 (year) vs May 2017 (month): no day in common"
    assert found.unparsed == []


def test_compatible_values_are_not_conflicts() -> None:
    found = detect_conflicts(
        [
            row(1, "2017"),
            row(2, "May 2017"),
            row(3, "late May 2017"),
            row(4, "an estimated 500", kind="quantity", prop="fighters"),
            row(5, "several hundred", kind="quantity", prop="fighters"),
        ]
    )
    assert found.conflicts == []


def test_only_the_same_subject_and_property_are_rivals() -> None:
    found = detect_conflicts(
        [
            row(1, "2015"),
            row(2, "May 2017", subject="abu-muhammad-al-adnani"),  # another person
            row(3, "May 2017", prop="joined_on"),  # another property
        ]
    )
    assert found.conflicts == []


def test_values_for_different_times_are_never_rivals() -> None:
    count = {"kind": "quantity", "prop": "fighters", "subject": "aqim"}
    found = detect_conflicts(
        [
            row(1, "80", holds_for="at the start", **count),
            row(2, "more than 200", holds_for="soon after", **count),
            row(3, "more than 200", holds_for="At  the START", **count),  # same context, folded
            row(4, "fewer than 10", **count),  # no time given: rivals only of others without one
            row(5, "hundreds", **count),
        ]
    )
    assert pairs(found) == [(1, 3), (4, 5)]


def test_times_that_read_as_the_same_dates_group_together() -> None:
    assert holds_for_key("2017") == holds_for_key("in 2017") != holds_for_key("May 2017")
    assert holds_for_key("early February", "2019-02-08") == holds_for_key("early February 2019")
    assert holds_for_key(None) is None and holds_for_key("  ") is None
    found = detect_conflicts(
        [
            row(1, "80", kind="quantity", prop="fighters", holds_for="2017"),
            row(2, "more than 200", kind="quantity", prop="fighters", holds_for="in 2017"),
        ]
    )
    assert pairs(found) == [(1, 2)]


def test_two_readings_within_one_claim_are_skipped() -> None:
    found = detect_conflicts([row(1, "2015", claim=7), row(2, "May 2017", claim=7), row(3, "2019", claim=8)])
    assert pairs(found) == [(7, 8), (7, 8)]
    assert [(c.a.id, c.b.id) for c in found.conflicts] == [(1, 3), (2, 3)]


def test_claims_in_the_same_document_can_conflict() -> None:
    found = detect_conflicts([row(1, "October 7, 2016", doc=5), row(2, "November 7, 2016", doc=5)])
    assert pairs(found) == [(1, 2)]


def test_entities_and_text() -> None:
    found = detect_conflicts(
        [
            row(1, "islamic-state", kind="entity", prop="member_of"),
            row(2, "islamic-state", kind="entity", prop="member_of"),
            row(3, "al-qaida", kind="entity", prop="member_of"),
            row(4, "IED attack on a convoy", kind="text", prop="coup_method"),
            row(5, "ied attack  on a CONVOY", kind="text", prop="coup_method"),
            row(6, "firefight with bodyguards", kind="text", prop="coup_method"),
        ]
    )
    assert pairs(found) == [(1, 3), (2, 3), (4, 6), (5, 6)]
    assert found.conflicts[0].reason == "'islamic-state' vs 'al-qaida': different entity"


def test_one_property_read_as_two_kinds_is_flagged() -> None:
    found = detect_conflicts([row(1, "2015"), row(2, "unknown", kind="text")])
    assert pairs(found) == [(1, 2)]
    assert "read as two kinds" in found.conflicts[0].reason


def test_dates_without_a_year_use_the_documents_date() -> None:
    found = detect_conflicts(
        [row(1, "early February", context="2019-02-20"), row(2, "late February 2019"), row(3, "2019-02-05")]
    )
    assert pairs(found) == [(1, 2), (2, 3)]


def test_unparseable_values_are_reported_not_raised() -> None:
    found = detect_conflicts(
        [
            row(1, "2015"),
            row(2, "early February"),  # no year, no context
            row(3, "lots", kind="quantity", prop="fighters"),
            row(4, "May 2017"),
            row(5, "x", kind="colour"),
        ]
    )
    assert pairs(found) == [(1, 4)]
    assert [r.id for r, _ in found.unparsed] == [2, 3, 5]
    reasons = [why for _, why in found.unparsed]
    assert "has no year" in reasons[0]
    assert "cannot read 'lots' as a quantity; accepted forms" in reasons[1]
    assert "unknown value kind 'colour'" in reasons[2]


def test_the_order_does_not_depend_on_the_input_order() -> None:
    rows = [
        row(i, v, claim=100 - i) for i, v in enumerate(["2015", "May 2017", "2016", "2017", "1999", "2015"])
    ]
    expected = detect_conflicts(rows).conflicts
    assert [(c.a.claim_id, c.b.claim_id) for c in expected] == sorted(
        (c.a.claim_id, c.b.claim_id) for c in expected
    )
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert detect_conflicts(shuffled).conflicts == expected


# --- the work is proportional to assertions plus conflicts ------------------------------------------------


def test_two_thousand_agreeing_values_cost_n_log_n_comparisons() -> None:
    n = 2000
    rows = [row(i, f"about {1000 + i % 50}", kind="quantity", prop="fighters") for i in range(n)]
    readings = ["2017", "mid-2017", "May 2017", "between 2016 and 2018"]  # all include May 2017
    rows += [row(n + i, readings[i % 4]) for i in range(n)]
    found = detect_conflicts(rows)
    assert found.conflicts == []
    assert found.comparisons <= 2 * n * 12  # n log2 n per group; all pairs would be 2 × 2,000,000


def test_the_work_grows_with_the_conflicts_found_not_with_all_pairs() -> None:
    n = 2000
    rows = [row(i, "several hundred", kind="quantity", prop="fighters") for i in range(n)]
    rows.append(row(n, "80", kind="quantity", prop="fighters"))
    found = detect_conflicts(rows)
    assert len(found.conflicts) == n
    assert found.comparisons <= n * 12 + n


def test_planted_conflicts_are_found_among_decoys() -> None:
    rng = random.Random(7)
    rows, planted = [], set()
    for group in range(200):
        subject = f"person-{group}"
        for _ in range(5):  # decoys: every reading includes July 2016
            decoy = rng.choice(
                ["2016", "mid-2016", "July 2016", "between 2015 and 2017", "the summer of 2016"]
            )
            rows.append(row(len(rows), decoy, subject=subject))
        if group % 20 == 0:
            rows.append(row(len(rows), "2019", subject=subject))
            planted |= {(r.id, len(rows) - 1) for r in rows[-6:-1]}
    rng.shuffle(rows)
    found = detect_conflicts(rows)
    assert {(c.a.id, c.b.id) for c in found.conflicts} == planted


samples = st.sampled_from(
    [("date", t) for t in ("2015", "May 2017", "2017", "late 2016", "2014–2016", "October 7, 2016")]
    + [
        ("quantity", t)
        for t in ("80", "about 80", "more than 200", "several hundred", "five", "half a dozen")
    ]
    + [("entity", t) for t in ("isis", "aqim")]
    + [("text", t) for t in ("IED", "ied ", "firefight")]
)
rows_strategy = st.lists(
    st.tuples(
        samples, st.integers(0, 6), st.sampled_from(["s1", "s2"]), st.sampled_from([None, "2017", "start"])
    ),
    max_size=25,
)


@given(rows_strategy)
def test_detection_equals_comparing_every_pair(spec) -> None:  # type: ignore[no-untyped-def]
    rows = [
        AssertionRow(i, claim, 1, subject, "p", kind, value, holds_for, None)
        for i, ((kind, value), claim, subject, holds_for) in enumerate(spec)
    ]
    expected = {
        (a.id, b.id)
        for a, b in combinations(rows, 2)
        if a.claim_id != b.claim_id
        and (a.subject, a.property, a.holds_for) == (b.subject, b.property, b.holds_for)
        and not compatible(parse_value(a.kind, a.value), parse_value(b.kind, b.value))
    }
    found = detect_conflicts(rows)
    assert {tuple(sorted((c.a.id, c.b.id))) for c in found.conflicts} == expected
    assert len(found.conflicts) == len(expected)  # each pair once
    assert all((c.a.claim_id, c.a.id) < (c.b.claim_id, c.b.id) for c in found.conflicts)


# --- suggested from text -------------------------------------------------------------------------------


def claim(id: int, text: str, *entities: str, doc: int | None = None) -> ClaimText:
    return ClaimText(id, doc if doc is not None else id, text, frozenset(entities))


def test_dates_and_counts_are_found_in_prose() -> None:
    text = (
        "Killed in a 2015 airstrike [1]; the warrant is dated October 7 and November 7, 2016. "
        "About 80 fighters in the summer of 2014, several hundred by late May 2017 (p. 8)."
    )
    assert [t for t, _ in extract_dates(text)] == [
        "2015",
        "November 7, 2016",
        "the summer of 2014",
        "late May 2017",
    ]
    assert [t for t, _ in extract_quantities(text)] == ["About 80", "several hundred"]


def test_shared_entity_date_disagreements_rank_first() -> None:
    claims = [
        claim(1, "Turki al-Bin'ali was killed in a 2015 airstrike.", "binali", "isis"),
        claim(2, "Turki al-Bin'ali was killed in an airstrike in May 2017.", "binali", "isis"),
        claim(3, "Al-Bin'ali's killing in 2017 was confirmed by the group.", "binali"),  # agrees with 2
        claim(4, "ISIS had about 80 fighters in the town.", "isis"),
        claim(5, "ISIS had more than 200 fighters in the town.", "isis"),
        claim(6, "AQIM had more than 200 fighters in 2015.", "aqim"),  # no shared entity: never paired
        claim(7, "The group was founded by al-Bin'ali.", "binali"),  # no date or number
    ]
    found = suggest_conflicts(claims, min_overlap=0.0)
    assert [(s.a.id, s.b.id) for s in found] == [(1, 2), (1, 3), (4, 5)]
    top = found[0]
    assert top.shared == ("binali", "isis")
    assert top.reason == "2015 vs May 2017"
    assert found[0].score > found[1].score > found[2].score
    assert found[2].reason == "about 80 vs more than 200"


def test_a_contradiction_within_one_document_is_suggested() -> None:
    claims = [
        claim(1, "A warrant for his arrest was issued on October 7, 2016.", "warrant", doc=9),
        claim(2, "The warrant, dated November 7, 2016, names him.", "warrant", doc=9),
    ]
    assert [(s.a.id, s.b.id) for s in suggest_conflicts(claims, min_overlap=0.0)] == [(1, 2)]


def test_claims_worded_about_different_things_are_not_suggested() -> None:
    claims = [
        claim(1, "When al-Zawahiri disavowed the Islamic State in February 2014, he cited its conduct.", "z"),
        claim(2, "In September 2017 al-Zawahiri praised AQIM's Sahel branch for its patience.", "z"),
        claim(3, "Al-Zawahiri disavowed the Islamic State in March 2014, citing its conduct.", "z"),
    ]
    assert [(s.a.id, s.b.id) for s in suggest_conflicts(claims)] == [(1, 3)]
    assert len(suggest_conflicts(claims, min_overlap=0.0)) == 3


def test_closer_wording_ranks_higher() -> None:
    claims = [
        claim(1, "The leader was killed in an airstrike in 2015.", "leader"),
        claim(2, "The leader was killed in an airstrike in 2017.", "leader"),
        claim(3, "Reports from 2013 describe the leader's early career.", "leader"),
    ]
    found = suggest_conflicts(claims, min_overlap=0.0)
    assert (found[0].a.id, found[0].b.id) == (1, 2)
    assert {(s.a.id, s.b.id) for s in found} == {(1, 2), (1, 3), (2, 3)}


def test_ties_are_broken_by_claim_ids() -> None:
    claims = [claim(i, f"in {2000 + i}", "e") for i in (3, 1, 2)]
    assert [(s.a.id, s.b.id) for s in suggest_conflicts(claims, min_overlap=0.0)] == [(1, 2), (1, 3), (2, 3)]


def test_very_large_entity_groups_are_not_paired_on() -> None:
    common = [claim(i, f"in {1990 + i % 30}", "islamic-state") for i in range(50)]
    rare = [
        claim(100, "killed in 2015", "islamic-state", "binali"),
        claim(101, "killed in 2017", "islamic-state", "binali"),
    ]
    found = suggest_conflicts(common + rare, max_group=20, min_overlap=0.0)
    assert [(s.a.id, s.b.id) for s in found] == [(100, 101)]  # found through the rarer entity
    assert found[0].shared == ("binali", "islamic-state")
    assert len(suggest_conflicts(common, max_group=50, min_overlap=0.0)) > 0
