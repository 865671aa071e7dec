"""reanchoring.place, the pure re-anchoring: moved with context changed, fuzzy with a score,
ambiguous copies, and never a look-alike (the T18 cases of test_anchoring, now through place)."""

from __future__ import annotations

import pytest

from provenance.anchoring import Span, context
from provenance.reanchoring import FUZZY_MIN, Alignment, Placement, place, sentence_of

OLD = (
    "Officials met in Baghdad on Monday to discuss the security situation.\n\n"
    "According to the statement, Team Alpha reported the attack at dawn and asked for support.\n\n"
    "Later that week, Team Beta reported the attack to the press.\n"
)
EXACT = "Team Alpha reported the attack at dawn"


def run(old: str, new: str, quote: str, nth: int = 0) -> Placement:
    start = -1
    for _ in range(nth + 1):
        start = old.index(quote, start + 1)
    span = Span(start, start + len(quote))
    prefix, suffix = context(old, span)
    return place(old, new, span, prefix=prefix, suffix=suffix)


def text(new: str, found: Placement) -> str | None:
    return None if found.span is None else new[found.span.start : found.span.end]


def test_unchanged_is_exact() -> None:
    found = run(OLD, OLD, EXACT)
    assert (found.state, found.method, found.score, found.context_changed) == (
        "exact",
        "unchanged",
        1.0,
        False,
    )


def test_words_after_the_quote_changed_is_moved_with_context_changed() -> None:
    new = OLD.replace("at dawn and asked for support", "at dawn, officials said")
    found = run(OLD, new, EXACT)
    assert (found.state, found.context_changed, text(new, found)) == ("moved", True, EXACT)
    assert found.span == Span(new.index(EXACT), new.index(EXACT) + len(EXACT))


def test_word_inserted_next_to_the_quote_is_moved_not_orphaned() -> None:
    new = OLD.replace("the statement, Team Alpha", "the statement, it said, Team Alpha")
    assert run(OLD, new, EXACT).state == "moved"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("Alpha reported", "Alpha reportd"), "Team Alpha reportd the attack at dawn"),  # a typo
        (("at dawn", "at noon"), "Team Alpha reported the attack at noon"),  # a word changed
        (("attack at", "attack, at"), "Team Alpha reported the attack, at dawn"),  # punctuation
    ],
)
def test_small_edit_inside_the_quote_is_fuzzy_with_a_score(edit: tuple[str, str], expected: str) -> None:
    new = OLD.replace(*edit)
    found = run(OLD, new, EXACT)
    assert found.state == "fuzzy" and found.method == "fuzzy" and text(new, found) == expected
    assert found.score is not None and FUZZY_MIN <= found.score < 1.0


def test_a_rewritten_quote_is_orphaned() -> None:
    new = OLD.replace(EXACT, "Nobody said anything about the morning")
    found = run(OLD, new, EXACT)
    assert (found.state, found.span) == ("orphaned", None)


def test_reordered_paragraphs_move_the_claim() -> None:
    first, second, third = OLD.strip().split("\n\n")
    new = f"{third}\n\n{first}\n\n{second.replace('support', 'help')}\n"
    found = run(OLD, new, EXACT)
    assert found.state == "moved" and text(new, found) == EXACT


def test_duplicated_paragraph_is_ambiguous() -> None:
    paragraph = (
        "According to the statement, Team Alpha reported the attack at dawn and asked for support.\n\n"
    )
    new = "New preface.\n\n" + OLD.replace(paragraph, paragraph + paragraph)
    found = run(OLD, new, EXACT)
    assert found.state == "ambiguous" and found.span is None and len(found.offsets) == 2


def test_a_copy_beside_it_with_a_word_changed_makes_an_edited_quote_ambiguous_not_the_copy() -> None:
    sentence = "According to the statement, Team Alpha reported the attack at dawn and asked for support."
    copy = sentence.replace("asked for support", "asked for food")
    new = OLD.replace(sentence, sentence.replace("Alpha reported", "Alpha reportd") + " " + copy)
    found = run(OLD, new, EXACT)
    assert found.span is None or found.span.start < new.index(copy)


@pytest.mark.parametrize(
    ("old", "new", "quote", "nth"),
    [
        (  # the claim's sentence cut, the look-alike left
            "The army said on Monday. Team Alpha reported the attack. Team Beta reported the attack. Done.",
            "The army said on Monday. Team Beta reported the attack. Done.",
            "reported the attack",
            0,
        ),
        (  # a name corrected, the same name earlier
            "Robin Hale opened the meeting. The minutes were taken by Robin, who also chaired the vote.",
            "Robin Hale opened the meeting. The minutes were taken by Elisa, who also chaired the vote.",
            "Robin",
            1,
        ),
        ("Robin said yes. Robin said no.", "Robin said yes. Elisa said no.", "Robin", 1),
        (  # the same surroundings, another subject
            "Officials said that Team Alpha reported the attack to the police at dawn. "
            "Later, officials said that Team Beta reported the attack to the police at dawn.",
            "officials said that Team Beta reported the attack to the police at dawn.",
            "reported the attack to the police",
            0,
        ),
        (  # the claim's paragraph cut; a look-alike far from it stays
            OLD,
            OLD.replace(
                "According to the statement, Team Alpha reported the attack at dawn and asked for support.",
                "",
            ),
            "reported the attack",
            0,
        ),
    ],
)
def test_t18_never_a_lookalike(old: str, new: str, quote: str, nth: int) -> None:
    found = run(old, new, quote, nth)
    assert (found.state, found.span) == ("orphaned", None)


def test_alignment_pairs_kept_and_moved_lines() -> None:
    old = "one two three.\n\nfour five six.\n"
    new = "four five six.\n\none two three.\n"
    align = Alignment(old, new)
    assert all(j >= 0 for j in align.forward) and sorted(align.forward) == list(range(len(align.new_tokens)))
    assert new[slice(*align.new_tokens[align.forward[0]])] == "one"


def test_sentence_of_keeps_the_full_stop_of_a_quote_that_ends_its_sentence() -> None:
    t = "First one. The quote ends here. Next."
    span = Span(t.index("quote ends here."), t.index("quote ends here.") + len("quote ends here."))
    around = sentence_of(t, span)
    assert t[around.start : around.end] == "The quote ends here."


def test_a_sentence_rewritten_all_around_a_short_quote_keeps_it() -> None:
    # Once in the old text and once in the new: kept, however little of its sentence is left.
    old = "Intro.\n\n" + "abcdefgh " * 30 + "zebra crossing " + "ijklmnop " * 30 + "end.\n"
    new = "Intro.\n\nQ zebra crossing R.\n"
    found = run(old, new, "zebra crossing")
    assert found.state == "moved" and text(new, found) == "zebra crossing"


def test_the_reports_difference_shows_words_not_spacing() -> None:
    from provenance.report.drift import difference

    pieces = difference(
        "the convoy  was attacked naer the bridge", "the convoy was\nattacked near the bridge"
    )
    assert [p for p in pieces if p[0] != "equal"] == [("delete", "naer"), ("insert", "near")]
    assert (
        "".join(text for op, text in pieces if op != "delete") == "the convoy was\nattacked near the bridge"
    )
