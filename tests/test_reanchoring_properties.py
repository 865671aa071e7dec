"""Re-anchoring over random realistic revisions of real texts (tests/revision_edits.py, shared with
benchmarks/reanchoring.py): no claim whose quote survives verbatim and once is lost, and no claim
is ever placed outside its own surviving sentence (a look-alike, a copy, another passage)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from revision_edits import KINDS, base_texts, judge, make_case, pool, revise

from provenance.anchoring import Span, context
from provenance.reanchoring import place

TEXTS = base_texts()


def place_fn(old: str, new: str, quote: tuple[int, int]) -> tuple[str, tuple[int, int] | None]:
    span = Span(*quote)
    prefix, suffix = context(old, span)
    found = place(old, new, span, prefix=prefix, suffix=suffix)
    return found.state, (found.span.start, found.span.end) if found.span else None


def test_the_generator_has_real_texts_and_every_kind() -> None:
    assert len(TEXTS) >= 5 and all(len(text) > 1000 for _, text in TEXTS)
    assert len(KINDS) == len(set(KINDS)) == 12


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.sampled_from(range(len(TEXTS))),
    kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=3),
    lookalike=st.booleans(),
    rng=st.randoms(use_true_random=False),
)
def test_revisions_keep_claims_and_never_repoint_them(
    text: int, kinds: list[str], lookalike: bool, rng: random.Random
) -> None:
    name, body = TEXTS[text]
    case = make_case(rng, body, lookalike=lookalike or "lookalike_instead" in kinds)
    if case is None:
        return
    new = revise(rng, case, pool(TEXTS, name), kinds)
    trial = judge(case, new, place_fn)
    assert not trial.wrongly_placed, trial
    assert not trial.lost, trial
    if new.quote_state == "gone":
        assert trial.state in ("orphaned", "ambiguous"), trial
