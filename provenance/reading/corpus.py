"""The reader over a set of documents and the claims logged from them, in one pure call.

``read_corpus`` is what ``claim add``, ``cites find`` and ``conflicts`` will do through the
store, done on plain values: group the documents into events, read each document once (its
sentences, dates, quantities and attributions), read each claim from its quote, attach each
attribution to the claims whose sentence carries it, and suggest contradictions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .attributions import Attribution, attach, find_attributions
from .compare import ClaimReadings, Suggestion, suggest
from .dates import Published
from .document import split_header
from .readings import DocumentText, Reading, read_span
from .stories import StoryDocument, event_name, group_documents


@dataclass(frozen=True)
class InputDocument:
    key: str
    text: str  # the file as added, header lines included
    published: str | None = None  # the date the user gives (ISO, day or month precision)
    outlet: str | None = None


@dataclass(frozen=True)
class InputClaim:
    key: str
    document: str
    quote: str


@dataclass
class CorpusReading:
    events: dict[str, str]  # document → event key
    event_names: dict[str, str]
    attributions: dict[str, list[Attribution]]  # document → attributions
    readings: dict[str, list[Reading]]  # claim → readings
    claim_sources: dict[str, Attribution | None]
    suggestions: list[Suggestion]
    unlocated: list[str] = field(default_factory=list)  # claims whose quote is not in the text


STORY_LEAD_DAYS = 7


def _not_before(docs: Sequence[InputDocument], events: dict[str, str]) -> dict[str, date]:
    """For each event, the day the story starts: the first day-dated report, or a day within a week
    before it that those reports name for an event ("the quake struck on Saturday")."""
    return story_starts(
        {d.key: d.published for d in docs}, {d.key: event_days(d.text, d.published) for d in docs}, events
    )


def event_days(text: str, published: str | None) -> list[date]:
    """The single days a day-dated report names for an event: what `story_starts` looks at, and
    all it needs of the text (so the store can keep it per text)."""
    from .dates import find_dates

    pub = Published.parse(published)
    if pub is None or not pub.exact:
        return []
    return sorted({m.low for m in find_dates(text, pub) if m.role == "event" and m.low == m.high})


def story_starts(
    published: dict[str, str | None], days: dict[str, list[date]], events: dict[str, str]
) -> dict[str, date]:
    """Each event's first day: its first day-dated report, or the earliest day within
    STORY_LEAD_DAYS before it that its reports name for an event."""
    from datetime import timedelta

    first: dict[str, date] = {}
    for key, when in published.items():
        pub = Published.parse(when)
        if pub is not None and pub.exact:
            e = events[key]
            first[e] = min(first.get(e, pub.low), pub.low)
    start = dict(first)
    for key in published:
        e = events[key]
        if e not in first:
            continue
        for day in days.get(key, ()):
            if first[e] - timedelta(days=STORY_LEAD_DAYS) <= day < start[e]:
                start[e] = day
    return start


def read_corpus(documents: Sequence[InputDocument], claims: Sequence[InputClaim]) -> CorpusReading:
    stories = []
    for d in documents:
        body = split_header(d.text)
        stories.append(StoryDocument(d.key, d.text[body.start :], body.metadata.get("title"), d.published))
    events = dict(group_documents(stories))
    members: dict[str, list[StoryDocument]] = {}
    for story in stories:
        members.setdefault(events[story.key], []).append(story)
    names = {e: event_name(group) for e, group in members.items()}
    first = _not_before(documents, events)
    texts = {d.key: DocumentText(d.text, d.published, first.get(events[d.key])) for d in documents}
    outlets = {d.key: d.outlet for d in documents}
    spans: dict[str, dict[str, tuple[int, int]]] = {d.key: {} for d in documents}
    unlocated = []
    for c in claims:
        doc = texts[c.document]
        at = doc.text.find(c.quote, doc.body_start)
        if at < 0:
            at = doc.text.find(c.quote)
        if at < 0:
            unlocated.append(c.key)
            continue
        spans[c.document][c.key] = (at, at + len(c.quote))
    attributions = {
        k: attach(find_attributions(t.text, start=t.body_start), t.text, spans[k], start=t.body_start)
        for k, t in texts.items()
    }
    readings: dict[str, list[Reading]] = {}
    sources: dict[str, Attribution | None] = {}
    compared = []
    for c in claims:
        if c.key not in spans[c.document]:
            continue
        s, e = spans[c.document][c.key]
        readings[c.key] = read_span(texts[c.document], s, e)
        carrying = [a for a in attributions[c.document] if c.key in a.claims and not a.nested]
        sources[c.key] = carrying[0] if carrying else None
        compared.append(
            ClaimReadings(
                c.key,
                c.document,
                events[c.document],
                tuple(readings[c.key]),
                outlets[c.document],
                _source_key(sources[c.key]),
            )
        )
    return CorpusReading(
        events, names, attributions, readings, sources, suggest(compared, event_names=names), unlocated
    )


def _source_key(a: Attribution | None) -> str | None:
    if a is None:
        return None
    from .names import fold_name

    return f"{a.kind}:{fold_name(a.source)}"
