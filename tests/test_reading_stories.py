"""Grouping documents into stories: the indexed grouping gives exactly what comparing every pair gives."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.reading.dates import Published
from provenance.reading.stories import (
    MAX_DAYS,
    MIN_COMMON,
    MIN_SHARED,
    StoryDocument,
    group_documents,
    salient,
)

NAMES = ["Harlow", "Kestrel", "Marlow", "Osei", "Tidewater", "Velmar", "Quarry", "Brandt", "Ferry", "Dock"]


def _days_apart(a: str | None, b: str | None) -> int:
    pa, pb = Published.parse(a), Published.parse(b)
    if pa is None or pb is None:
        return 0
    if pa.high < pb.low:
        return (pb.low - pa.high).days
    if pb.high < pa.low:
        return (pa.low - pb.high).days
    return 0


def pairwise(docs: list[StoryDocument]) -> dict[str, str]:
    """The reference: every pair, in order (what group_documents did before it was indexed)."""
    words = {d.key: salient(d) for d in docs}
    parent = {d.key: d.key for d in docs}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            wa, wb = words[a.key], words[b.key]
            if not (wa | wb) or _days_apart(a.published, b.published) > MAX_DAYS:
                continue
            shared = len(wa & wb)
            if shared >= MIN_COMMON and shared / min(len(wa), len(wb)) >= MIN_SHARED:
                parent[find(b.key)] = find(a.key)
    return {d.key: find(d.key) for d in docs}


story = st.builds(
    lambda names, day, title: (" ".join(names) + " said on Monday.", day, title),
    st.lists(st.sampled_from(NAMES), min_size=0, max_size=6),
    st.one_of(
        st.integers(1, 28).map(lambda d: f"2024-05-{d:02d}"),
        st.sampled_from(["2024", "2023-11", None]),
        # dates spread over years, so the index's date buckets (and their edges) are exercised
        st.integers(0, 1500).map(lambda n: (date(2021, 1, 1) + timedelta(days=n)).isoformat()),
        st.tuples(st.integers(2021, 2025), st.integers(1, 12)).map(lambda ym: f"{ym[0]}-{ym[1]:02d}"),
        st.integers(2020, 2025).map(str),
    ),
    st.one_of(st.none(), st.lists(st.sampled_from(NAMES), max_size=3).map(" ".join)),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(story, max_size=16))
def test_indexed_grouping_equals_every_pair(stories: list[tuple[str, str, str | None]]) -> None:
    docs = [StoryDocument(str(i), text, title, day) for i, (text, day, title) in enumerate(stories)]
    assert dict(group_documents(docs)) == pairwise(docs)
