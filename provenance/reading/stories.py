"""Which documents report the same event: grouped by the names they share and when they appeared.

With no curated entities, the subject two claims bear on comes from their documents: reports
of one flood, one strike or one election name the same places, people and things in
their titles and openings, and appear within weeks of each other. Documents whose salient words
overlap enough (at least ``MIN_COMMON`` capitalised names and title words in common, and
``MIN_SHARED`` of the smaller document's) and whose
dates are within ``MAX_DAYS`` are linked; an event is a connected group. Pure.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from .dates import Published
from .names import fold_name


def _words(text: str) -> frozenset[str]:
    """A vocabulary written as one string of words."""
    return frozenset(text.split())


MIN_SHARED = 0.2  # of the smaller set of salient words
MIN_COMMON = 3
MAX_DAYS = 120
BUCKET_DAYS = 64  # the inverted index's buckets of publication dates
_OPENING = 1200
_STOP = _words(
    "the a an and or of in on at to for by with from as is are was were be been has have had it its this "
    "that these"
    " those after before over under more than says said new news home menu share comments video photo live "
    "update"
    " updated world top latest read also his her their our your we you they he she i who what when where "
    "why how"
    " not no but if so up out about into all one two three us"
)
_MONTHS_DAYS = _words(
    "january february march april may june july august september october november december monday tuesday"
    " wednesday thursday friday saturday sunday"
)


@dataclass(frozen=True)
class StoryDocument:
    key: str
    text: str  # the body (header lines stripped)
    title: str | None = None
    published: str | None = None


def salient(doc: StoryDocument) -> set[str]:
    """Folded capitalised words of the opening and every content word of the title."""
    opening = doc.text[:_OPENING]
    words = {fold_name(w) for w in re.findall(r"\b[A-Z][\w’'-]{2,}", opening)}
    if doc.title:
        words |= {fold_name(w) for w in re.findall(r"[\w’'-]{3,}", doc.title)}
    return {w for w in words if w and w not in _STOP and w not in _MONTHS_DAYS and not w.isdigit()}


def _span(published: str | None) -> tuple[int, int] | None:
    p = Published.parse(published)
    return None if p is None else (p.low.toordinal(), p.high.toordinal())


def _apart(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    """Days between two publication spans: 0 when they overlap or either is undated."""
    if a is None or b is None:
        return 0
    return max(b[0] - a[1], a[0] - b[1], 0)


def group_documents(
    docs: list[StoryDocument], words: Mapping[str, frozenset[str] | set[str]] | None = None
) -> Mapping[str, str]:
    """document key → event key (the key of the group's first document). ``words`` are the
    documents' salient words when known already (the store keeps them): then no text is read."""
    if words is None:
        words = {d.key: salient(d) for d in docs}
    parent = {d.key: d.key for d in docs}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    # Only pairs that share MIN_COMMON salient words can join, so each document is compared with
    # the later ones an inverted index finds, in the order the full pairwise loop would take them
    # (the groups and their keys are the same; the cost follows shared words, not n²). The index
    # is split by date into BUCKET_DAYS buckets: a document looks only in the buckets that can
    # hold a document within MAX_DAYS of it (and in the undated one), so a word every report uses
    # costs its neighbours in time, not the whole store.
    # Each date parsed once: (first day, last day) as ordinals, or None (undated: always near).
    spans = [_span(d.published) for d in docs]
    longest = max((hi - lo for lo, hi in filter(None, spans)), default=0)
    holders: dict[str, dict[int | None, list[int]]] = {}
    for i, d in enumerate(docs):
        span = spans[i]
        bucket = None if span is None else span[0] // BUCKET_DAYS
        for w in words[d.key]:
            holders.setdefault(w, {}).setdefault(bucket, []).append(i)
    for i, a in enumerate(docs):
        wa = words[a.key]
        span = spans[i]
        near: list[int | None] | None = None
        if span is not None:
            # a later document's first day is at least (this one's first day - MAX_DAYS - the
            # longest span) and at most (this one's last day + MAX_DAYS) for the two to be near
            first, last = (span[0] - MAX_DAYS - longest) // BUCKET_DAYS, (span[1] + MAX_DAYS) // BUCKET_DAYS
            near = [None, *range(first, last + 1)]
        shared_with: Counter[int] = Counter()
        for w in wa:
            buckets = holders[w]
            for bucket in buckets if near is None else near:
                postings = buckets.get(bucket)
                if postings is not None:
                    shared_with.update(postings[bisect_right(postings, i) :])
        for j in sorted(j for j, n in shared_with.items() if n >= MIN_COMMON):
            b = docs[j]
            wb = words[b.key]
            if _apart(spans[i], spans[j]) > MAX_DAYS:
                continue
            if shared_with[j] / min(len(wa), len(wb)) >= MIN_SHARED:
                parent[find(b.key)] = find(a.key)
    return {d.key: find(d.key) for d in docs}


def event_name(
    docs: list[StoryDocument], words: Mapping[str, frozenset[str] | set[str]] | None = None
) -> str:
    """A label for a group: its most shared salient words, in the order of the first title."""
    counts = Counter(w for d in docs for w in (words[d.key] if words is not None else salient(d)))
    top = [w for w, n in counts.most_common(4) if n > 1] or [w for w, _ in counts.most_common(2)]
    return " ".join(top)
