"""Suggestions across outlets: when readings of two claims are rivals, and when they are not."""

from __future__ import annotations

from provenance.reading.corpus import InputClaim, InputDocument, read_corpus

STORY_A = (
    "URL: https://a.example/floods\nTITLE: Floods in Valdora kill 31\n\n"
    "VALDORA (AP) — Floods in the Valdora river valley have killed 31 people, the regional civil defence "
    "agency "
    "said on Monday. "
    "A ferry carrying 212 passengers capsized on the swollen Valdora river, 8 km from Puerto Lindo.\n"
    "The agency had first reported that 90 people were missing. It later described that figure as a "
    "mistake.\n"
    "At least 400 people were evacuated from Puerto Lindo.\n"
)
STORY_B = (
    "URL: https://b.example/valdora\nTITLE: Valdora floods: death toll rises\n\n"
    "The death toll from floods in the Valdora valley rose to 45 on Wednesday, officials said. "
    "The ferry that capsized near Puerto Lindo had 230 people on board, the coast guard said.\n"
    "It sank about 30 km from Puerto Lindo. Some 25 people were missing on Wednesday.\n"
)
STORY_C = (
    "URL: https://c.example/valdora-toll\nTITLE: Valdora flood toll revised down\n\n"
    "Officials in Valdora on Friday said 28 people had died in the floods in the Valdora valley, "
    "revising the count. Puerto Lindo remains cut off.\n"
)


def _run(*claims: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    docs = [
        InputDocument("a", STORY_A, "2023-05-08", "Outlet A"),
        InputDocument("b", STORY_B, "2023-05-10", "Outlet B"),
        InputDocument("c", STORY_C, "2023-05-12", "Outlet C"),
    ]
    return read_corpus(docs, [InputClaim(k, d, q) for k, d, q in claims])


def _pairs(read) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(s.a, s.b) for s in read.suggestions}


def test_documents_of_one_story_are_one_event() -> None:
    read = _run()
    assert len(set(read.events.values())) == 1


def test_a_static_property_disagreeing_across_outlets_is_suggested_with_its_values() -> None:
    read = _run(("a1", "a", "A ferry carrying 212 passengers"), ("b1", "b", "had 230 people on board"))
    assert _pairs(read) == {("a1", "b1")}
    (s,) = read.suggestions
    assert "212" in s.reason and "230" in s.reason and s.property == "on board"


def test_a_toll_that_rose_with_dates_given_is_not_a_conflict_but_a_lower_later_one_is() -> None:
    read = _run(
        ("a1", "a", "have killed 31 people"),
        ("b1", "b", "rose to 45 on Wednesday"),
        ("c1", "c", "said 28 people had died"),
    )
    assert _pairs(read) == {("a1", "c1"), ("b1", "c1")}  # 28 on Friday is below both earlier tolls


def test_a_withdrawn_figure_is_not_a_live_rival() -> None:
    read = _run(
        ("a1", "a", "90 people were missing"), ("b1", "b", "Some 25 people were missing on Wednesday")
    )
    assert read.readings["a1"][0].superseded
    assert _pairs(read) == set()


def test_distances_from_the_same_place_are_compared_and_a_range_that_includes_is_not() -> None:
    read = _run(("a1", "a", "8 km from Puerto Lindo"), ("b1", "b", "about 30 km from Puerto Lindo"))
    assert _pairs(read) == {("a1", "b1")}


def test_different_quantities_side_by_side_are_not_rivals() -> None:
    read = _run(("a1", "a", "At least 400 people were evacuated"), ("b1", "b", "had 230 people on board"))
    assert _pairs(read) == set()
