"""Hypothesis: the reader's parsers never raise on any text and keep their invariants."""

from __future__ import annotations

import math
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.reading.attributions import find_attributions
from provenance.reading.dates import Published, find_dates
from provenance.reading.names import fold_name
from provenance.reading.quantities import find_quantities
from provenance.reading.readings import DocumentText, read_span
from provenance.reading.sentences import split_sentences

WORDS = st.sampled_from(
    [
        "said",
        "told",
        "the",
        "a",
        "ferry",
        "12",
        "1,200",
        "3.5",
        "million",
        "about",
        "at",
        "least",
        "more",
        "than",
        "up",
        "to",
        "no",
        "more",
        "than",
        "dozens",
        "hundreds",
        "Monday",
        "on",
        "last",
        "night",
        "yesterday",
        "April",
        "16",
        "2019",
        "May",
        "March",
        "9",
        "a.m.",
        "7pm",
        "km",
        "miles",
        "percent",
        "%",
        "$",
        "€",
        "euros",
        "people",
        "killed",
        "injured",
        "missing",
        "on",
        "board",
        "officials",
        "police",
        "Mr.",
        "U.S.",
        ".",
        ",",
        ";",
        ":",
        "—",
        "(",
        ")",
        "“",
        "”",
        '"',
        "'",
        "\n",
        "\n\n",
        "According",
        "to",
        "he",
        "she",
        "it",
        "added",
        "(AP)",
        "(Reuters,",
        "May",
        "3)",
        "al-Bin'ali",
        "Binali",
        "ʿ",
        "a",
        "few",
        "several",
        "half",
        "a",
        "fifth",
        "of",
        "that",
        "not",
        "as",
        "had",
        "been",
        "saying",
        "since",
        "1993,",
        "when",
    ]
)
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=80).map(" ".join))
PUBLISHED = st.one_of(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)).map(date.isoformat),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)).map(lambda d: d.isoformat()[:7]),
)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_sentences_cover_the_text_in_order(text: str) -> None:
    spans = split_sentences(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_quantities_are_well_formed_ranges(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        assert q.low is None or not math.isnan(q.low)


@settings(max_examples=300, deadline=None)
@given(TEXT, PUBLISHED)
def test_dates_without_a_written_year_are_never_after_publication(text: str, published: str) -> None:
    pub = Published.parse(published)
    assert pub is not None
    for d in find_dates(text, published):
        assert d.low <= d.high
        if d.relative:
            assert d.low <= pub.high


@settings(max_examples=200, deadline=None)
@given(TEXT, PUBLISHED)
def test_readings_and_attributions_never_raise(text: str, published: str) -> None:
    doc = DocumentText(text, published)
    read_span(doc, 0, len(text))
    for a in find_attributions(text):
        assert 0 <= a.start < a.end <= len(text)
        assert a.kind in ("outlet", "official", "person", "unnamed", "document")


@given(st.text(max_size=60))
def test_fold_is_idempotent(name: str) -> None:
    assert fold_name(fold_name(name)) == fold_name(name)
