"""Proposed readings: what the reader (provenance.reading) makes of a claim, kept in the store.

When a claim is logged its quote is read in its document: the entities it names (by name or
alias, folded), the typed values it gives (type, value or range, unit, the time a count holds
for, resolved against the document's publication date) and the attribution its sentence
carries. Values and the attribution are stored as assertions with ``proposed_by`` = the reader
and its version and ``status`` = proposed. They are derived state: never exported in a bundle,
never a contradiction by themselves. A curator accepts one (it becomes a curated assertion,
exported like any other) or rejects it (remembered, so reading again does not propose it anew).
A proposal never replaces a curator's assertion: the reader does not propose a value a curated
assertion of the claim already gives.

Detection compares the stored readings of every claim across documents with
:func:`provenance.reading.suggest` (same event, property and unit; no word overlap needed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import events
from .documents import current_text, get_document
from .errors import InvalidInput, NotFound
from .models import Assertion, Claim, ClaimEntity, Document, Entity, EntityAlias, Outlet, ValueType

# The reader (provenance.reading: compiled patterns, word lists) is imported by the functions that
# read; showing a claim's stored readings, or logging it with --no-read, never loads it.
if TYPE_CHECKING:
    from .reading import Attribution, ClaimReadings, DocumentText, Reading, Suggestion

PROPOSED, ACCEPTED, REJECTED = "proposed", "accepted", "rejected"
ATTRIBUTED_TO = "attributed_to"  # the property a proposed attribution is stored under
_LONGEST_NAME = 8  # words: entity names longer than this are not looked for in quotes
_BATCH = 500  # folded runs per lookup query


@dataclass(frozen=True)
class LinkedEntity:
    entity: Entity
    via: str | None  # the alias the quote used, when not the entity's name


@dataclass(frozen=True)
class Rival:
    """Another claim whose reading of the same property may disagree with this one's."""

    claim: Claim
    suggestion: Suggestion
    outlet: str | None


@dataclass(frozen=True)
class ClaimReading:
    """What the reader made of one claim: its entities, proposed values and attribution."""

    claim: Claim
    entities: list[LinkedEntity]
    readings: list[Assertion]  # values, proposed or decided
    attribution: Assertion | None
    rivals: list[Rival] = field(default_factory=list)
    events: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------------------- entities


def entities_in(session: Session, text: str) -> list[LinkedEntity]:
    """The known entities ``text`` names, by name or alias, folded; one link per entity.

    Each run of up to eight words is folded and looked up on the indexed folded columns (two
    queries for the whole text), so the cost grows with the quote, not with the store."""
    from .reading import fold_tokens

    words = fold_tokens(text)
    grams = {" ".join(words[i : i + n]) for i in range(len(words)) for n in range(1, _LONGEST_NAME + 1)} - {
        ""
    }
    if not grams:
        return []
    found: dict[int, tuple[int, str | None]] = {}  # entity id → (position of first mention, alias)
    # Each run's first position (later positions are overwritten by earlier ones).
    spans = {
        " ".join(words[i : i + n]): i
        for n in range(1, _LONGEST_NAME + 1)
        for i in reversed(range(len(words)))
    }
    ordered_grams = sorted(grams)
    # In batches: a long quote must not exceed an engine's limit on bound parameters.
    by_alias: dict[int, tuple[int, str | None]] = {}
    for at in range(0, len(ordered_grams), _BATCH):
        batch = ordered_grams[at : at + _BATCH]
        for entity in session.scalars(select(Entity).where(Entity.folded.in_(batch))):
            found[entity.id] = (spans.get(entity.folded, 0), None)
        for entity_id, alias, folded in session.execute(
            select(EntityAlias.entity_id, EntityAlias.alias, EntityAlias.folded).where(
                EntityAlias.folded.in_(batch)
            )
        ):
            if entity_id not in by_alias or by_alias[entity_id][0] > spans.get(folded, 0):
                by_alias[entity_id] = (spans.get(folded, 0), alias)
    for entity_id, hit in by_alias.items():
        found.setdefault(entity_id, hit)  # its own name, when the quote gives it, wins over an alias
    entities = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(found)))}
    ordered = sorted(found.items(), key=lambda kv: (kv[1][0], kv[0]))
    return [LinkedEntity(entities[i], via) for i, (_, via) in ordered]


# --------------------------------------------------------------------------------------- readings


def _iso(x: object) -> object:
    return x.isoformat() if isinstance(x, date) else x


def reading_record(r: Reading) -> dict[str, Any]:
    """A reading as JSON the store keeps (dates as ISO text)."""
    return {
        "kind": r.kind,
        "property": r.property,
        "behaviour": r.behaviour,
        "text": r.text,
        "start": r.start,
        "end": r.end,
        "normalised": r.normalised,
        "low": _iso(r.low),
        "high": _iso(r.high),
        "unit": r.unit,
        "holds_for": [_iso(d) for d in r.holds_for] if r.holds_for else None,
        "holds_for_text": r.holds_for_text,
        "earlier": r.earlier,
        "superseded": r.superseded,
        "qualifier": r.qualifier,
        "reference": r.reference,
        "role": r.role,
        "forecast": r.forecast,
    }


def reading_of(record: dict[str, Any]) -> Reading:
    """The reading a stored record keeps (the inverse of :func:`reading_record`)."""
    from .reading import Reading

    def bound(x: object) -> float | date | None:
        if x is None:
            return None
        if record["kind"] == "date":
            return date.fromisoformat(str(x))
        return float(x)  # type: ignore[arg-type]

    holds = record.get("holds_for")
    normalised = record.get("normalised")
    return Reading(
        record["kind"],
        record["property"],
        record["behaviour"],
        record["text"],
        record["start"],
        record["end"],
        normalised,
        bound(record.get("low")),
        bound(record.get("high")),
        record.get("unit"),
        (date.fromisoformat(holds[0]), date.fromisoformat(holds[1])) if holds else None,
        record.get("holds_for_text"),
        bool(record.get("earlier")),
        bool(record.get("superseded")),
        record.get("qualifier"),
        record.get("reference"),
        record.get("role"),
        bool(record.get("forecast")),
    )


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def value_text(r: Reading) -> tuple[ValueType, str]:
    """The assertion's type and value, in a form provenance.values reads back."""
    if r.kind == "date":
        assert isinstance(r.low, date) and isinstance(r.high, date)
        if r.low == r.high:
            return ValueType.DATE, r.low.isoformat()
        return ValueType.DATE, f"{r.low.isoformat()} to {r.high.isoformat()}"
    if r.kind == "quantity":
        low = None if r.low is None else float(r.low)  # type: ignore[arg-type]
        high = None if r.high is None else float(r.high)  # type: ignore[arg-type]
        if low is not None and low == high:
            return ValueType.QUANTITY, _number(low)
        if high is None and low is not None:
            return ValueType.QUANTITY, f"at least {_number(low)}"
        if low is None and high is not None:
            return ValueType.QUANTITY, f"at most {_number(high)}"
        if low is not None and high is not None:
            return ValueType.QUANTITY, f"{_number(low)}-{_number(high)}"
    return ValueType.TEXT, r.text


def property_name(name: str) -> str:
    """The reader's property ("on board", "turnout at peak") as an assertion's snake_case name."""
    cleaned = "".join(c if c.isalnum() else "_" for c in name.lower()).strip("_")
    return "_".join(part for part in cleaned.split("_") if part)[:100] or "value"


def describe(a: Assertion) -> str:
    """One line for a stored value: "deaths = at least 350 (quantity, people) as of 2016-04-18"."""
    r = a.reading or {}
    unit = f", {r['unit']}" if r.get("unit") else ""
    holds = r.get("holds_for")
    when = ""
    if holds:
        when = f" as of {holds[0]}" if holds[0] == holds[1] else f" as of {holds[0]}..{holds[1]}"
    notes = [
        n
        for n in (
            "superseded" if r.get("superseded") else "",
            "earlier figure" if r.get("earlier") else "",
            "forecast" if r.get("forecast") else "",
            r.get("qualifier") or "",
        )
        if n
    ]
    extra = f" ({'; '.join(notes)})" if notes else ""
    words = f" {r['text']!r}" if r.get("text") and r.get("text") != a.value else ""
    return f"{a.property} = {a.value}{words} ({a.value_type.value}{unit}){when}{extra}"


# --------------------------------------------------------------------------------------- the corpus


@dataclass
class _Corpus:
    """The held documents as the reader groups them: document id → event key, and event names."""

    events: dict[int, str]
    names: dict[str, str]
    first_day: dict[str, date]
    outlets: dict[int, str | None]


def _corpus(session: Session) -> _Corpus:
    """Every held document grouped into events (stories), as the pure reader groups them.

    The grouping is a property of the whole set; what it needs of each text is kept per text
    (document_story), so only the texts that changed are read."""
    from .models import DocumentText as TextRow
    from .reading.corpus import story_starts
    from .reading.stories import StoryDocument, event_name, group_documents

    def held(*columns: Any) -> list[Any]:
        return list(
            session.execute(
                select(*columns)
                .join(TextRow, (TextRow.document_id == Document.id) & (TextRow.revision == Document.revision))
                .outerjoin(Outlet, Outlet.id == Document.outlet_id)
                .where(Document.revision > 0)
                .order_by(Document.id)
            ).all()
        )

    # The grouping depends only on these; the texts are read (and grouped) again only when they change.
    rows = held(Document.id, Document.title, Document.published, TextRow.sha256, Outlet.name)
    signature = tuple(tuple(r) for r in rows)
    if signature in _CORPORA:
        return _CORPORA[signature]
    kept = _story_features(session, rows)
    stories = [StoryDocument(str(did), "", title, published) for did, title, published, _sha, _outlet in rows]
    words = {str(did): kept[did][0] for did, *_ in rows}
    grouped = dict(group_documents(stories, words))
    members: dict[str, list[StoryDocument]] = {}
    for story in stories:
        members.setdefault(grouped[story.key], []).append(story)
    names = {e: event_name(group, words) for e, group in members.items()}
    first = story_starts(
        {str(did): published for did, _t, published, *_ in rows},
        {str(did): kept[did][1] for did, *_ in rows},
        grouped,
    )
    corpus = _Corpus({int(k): v for k, v in grouped.items()}, names, first, {r[0]: r[4] for r in rows})
    if len(_CORPORA) >= _CACHED:
        _CORPORA.pop(next(iter(_CORPORA)))
    _CORPORA[signature] = corpus
    return corpus


def _story_features(session: Session, rows: Sequence[Any]) -> dict[int, tuple[frozenset[str], list[date]]]:
    """Each held document's salient words and event days: from document_story where its text and
    date are the ones kept there, else read from the text (and kept, in a write transaction)."""
    from .models import DocumentStory
    from .models import DocumentText as TextRow
    from .reading.corpus import event_days
    from .reading.document import split_header
    from .reading.stories import StoryDocument, salient

    wanted = {did: (sha, published, title) for did, title, published, sha, _outlet in rows}
    out: dict[int, tuple[frozenset[str], list[date]]] = {}
    stale: dict[int, DocumentStory | None] = {}
    ids = list(wanted)
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        found = {
            k.document_id: k
            for k in session.scalars(select(DocumentStory).where(DocumentStory.document_id.in_(batch)))
        }
        for did in batch:
            k = found.get(did)
            if k is not None and (k.sha256, k.published, k.title) == wanted[did]:
                out[did] = (
                    frozenset(k.salient.split()),
                    [date.fromisoformat(d) for d in k.event_days.split()],
                )
            else:
                stale[did] = k
    writable = bool(session.info.get("writable"))
    todo = list(stale)
    for start in range(0, len(todo), 200):
        batch = todo[start : start + 200]
        texts = session.execute(
            select(Document.id, TextRow.text)
            .join(TextRow, (TextRow.document_id == Document.id) & (TextRow.revision == Document.revision))
            .where(Document.id.in_(batch))
        )
        for did, text in texts:
            sha, published, title = wanted[did]
            body = split_header(text)
            # The title the text's own header gives, else the one the user gave with `doc add`.
            heading = body.metadata.get("title") or title
            words = frozenset(salient(StoryDocument(str(did), text[body.start :], heading, published)))
            days = event_days(text, published)
            out[did] = (words, days)
            if writable:
                row = stale[did] or DocumentStory(document_id=did)
                row.sha256, row.published, row.title = sha, published, title
                row.salient, row.event_days = " ".join(sorted(words)), " ".join(d.isoformat() for d in days)
                session.add(row)
    return out


# Derived from content alone (hashes, dates), so safe to keep between transactions and stores:
# logging claim after claim need not re-read every text each time.
_CACHED = 8
_CORPORA: dict[tuple[Any, ...], _Corpus] = {}
_TEXTS: dict[tuple[str, str | None, date | None], DocumentText] = {}


def _document_text(session: Session, document: Document, corpus: _Corpus | None) -> DocumentText:
    from .reading import DocumentText

    row = current_text(session, document)
    first = corpus.first_day.get(corpus.events.get(document.id, "")) if corpus else None
    key = (row.sha256, document.published, first)
    if key not in _TEXTS:
        if len(_TEXTS) >= 4 * _CACHED:
            _TEXTS.pop(next(iter(_TEXTS)))
        _TEXTS[key] = DocumentText(row.text, document.published, first)
    return _TEXTS[key]


_ATTRIBUTIONS: dict[int, tuple[DocumentText, list[Attribution]]] = {}


def _attribution(doc: DocumentText, claim: Claim) -> Attribution | None:
    from .reading import attach, find_attributions

    cached = _ATTRIBUTIONS.get(id(doc))
    if cached is None or cached[0] is not doc:  # keyed by the cached DocumentText itself
        if len(_ATTRIBUTIONS) >= 4 * _CACHED:
            _ATTRIBUTIONS.pop(next(iter(_ATTRIBUTIONS)))
        cached = _ATTRIBUTIONS[id(doc)] = (doc, find_attributions(doc.text, start=doc.body_start))
    found = attach(
        list(cached[1]),
        doc.text,
        {claim.key: (claim.start, claim.end)},
        start=doc.body_start,
        sentences=doc.sentences,
    )
    carrying = [a for a in found if claim.key in a.claims and not a.nested]
    return carrying[0] if carrying else None


# --------------------------------------------------------------------------------------- proposing


def _decided(session: Session, claim: Claim) -> set[tuple[str, str, str]]:
    """(property, type, value) the claim's curated or rejected assertions give: not proposed again."""
    return {
        (prop, kind.value, value)
        for prop, kind, value in session.execute(
            select(Assertion.property, Assertion.value_type, Assertion.value).where(
                Assertion.claim_id == claim.id, Assertion.status != PROPOSED
            )
        )
    }


def propose(session: Session, claim: Claim, *, subject: Entity | None, corpus: _Corpus | None = None) -> None:
    """Read the claim's quote and store what the reader proposes (replacing its open proposals)."""
    from .reading import READER_VERSION, read_span

    document = session.get(Document, claim.document_id)
    assert document is not None
    doc = _document_text(session, document, corpus)
    for old in session.scalars(
        select(Assertion).where(Assertion.claim_id == claim.id, Assertion.status == PROPOSED)
    ):
        session.delete(old)
    session.flush()
    decided = _decided(session, claim)
    made: list[Assertion] = []
    for r in read_span(doc, claim.start, claim.end):
        kind, value = value_text(r)
        prop = property_name(r.property)
        if (prop, kind.value, value) in decided:
            continue
        made.append(
            Assertion(
                claim_id=claim.id,
                subject_id=subject.id if subject else None,
                property=prop,
                value_type=kind,
                value=value,
                holds_for=_holds_text(r),
                proposed_by=READER_VERSION,
                status=PROPOSED,
                reading=reading_record(r),
            )
        )
    a = _attribution(doc, claim)
    if a is not None and (ATTRIBUTED_TO, "text", a.source) not in decided:
        made.append(
            Assertion(
                claim_id=claim.id,
                subject_id=subject.id if subject else None,
                property=ATTRIBUTED_TO,
                value_type=ValueType.TEXT,
                value=a.source,
                proposed_by=READER_VERSION,
                status=PROPOSED,
                reading={
                    "kind": "attribution",
                    "start": a.start,
                    "end": a.end,
                    "phrase": a.phrase,
                    "source": a.source,
                    "source_kind": a.kind,
                    "via": a.via,
                    "role": a.role,
                },
            )
        )
    session.add_all(made)
    session.flush()


def _subject(linked: Sequence[LinkedEntity], quote: str) -> Entity | None:
    """What the values are about: an incident the quote names, else the first entity that is not
    the one speaking ("…, the president said": the count is not the president's)."""
    from .models import EntityKind
    from .reading import fold_name

    for e in linked:
        if e.entity.kind is EntityKind.INCIDENT:
            return e.entity
    speaking = re.compile(r"\b(?:said|says|told|according to|reported|announced)\b", re.I)
    cut = speaking.search(quote)
    for e in linked:
        name = e.via or e.entity.name
        at = fold_name(quote).find(fold_name(name))
        if cut is None or at < 0 or at < len(fold_name(quote[: cut.start()])):
            return e.entity
    return linked[0].entity if linked else None


def _holds_text(r: Reading) -> str | None:
    if r.kind != "quantity" or not r.holds_for:
        return None
    low, high = r.holds_for
    return low.isoformat() if low == high else f"{low.isoformat()} to {high.isoformat()}"


def read_claim(
    session: Session,
    claim: Claim,
    *,
    link: bool = True,
    corpus: _Corpus | None = None,
    rivals: bool = True,
) -> ClaimReading:
    """Link the entities the quote names (when the user named none and ``link``), propose its
    readings and attribution, and find rivals among the other claims' readings (unless not
    ``rivals``: a batch of claims reads each, and leaves rivals to detection)."""
    linked: list[LinkedEntity] = []
    existing = set(session.scalars(select(ClaimEntity.entity_id).where(ClaimEntity.claim_id == claim.id)))
    if existing:
        for e in session.scalars(select(Entity).where(Entity.id.in_(existing)).order_by(Entity.id)):
            linked.append(LinkedEntity(e, None))
    elif link:
        linked = entities_in(session, claim.exact)
        for hit in linked:
            session.add(ClaimEntity(claim_id=claim.id, entity_id=hit.entity.id))
    corpus = corpus or _corpus(session)
    propose(session, claim, subject=_subject(linked, claim.exact), corpus=corpus)
    return claim_reading(session, claim, corpus=corpus if rivals else None, linked=linked)


def claim_reading(
    session: Session, claim: Claim, *, corpus: _Corpus | None = None, linked: list[LinkedEntity] | None = None
) -> ClaimReading:
    rows = list(
        session.scalars(
            select(Assertion)
            .where(Assertion.claim_id == claim.id, Assertion.proposed_by.is_not(None))
            .order_by(Assertion.id)
        )
    )
    if linked is None:
        linked = [
            LinkedEntity(e, None)
            for e in session.scalars(
                select(Entity)
                .join(ClaimEntity, ClaimEntity.entity_id == Entity.id)
                .where(ClaimEntity.claim_id == claim.id)
                .order_by(Entity.id)
            )
        ]
    attributions = [a for a in rows if a.property == ATTRIBUTED_TO and a.status != REJECTED]
    values = [a for a in rows if a.property != ATTRIBUTED_TO]
    rivals: list[Rival] = []
    if corpus is not None:
        from .reading import suggest

        compared = compared_claims(session, corpus)
        mine = [c for c in compared if c.key == claim.key]
        if mine:
            keys = {c.key: c for c in compared}
            by_key = {c.key: c for c in session.scalars(select(Claim).where(Claim.key.in_(keys)))}
            for s in suggest(compared, event_names=_event_names(session, corpus, compared)):
                if claim.key in (s.a, s.b):
                    other = by_key[s.b if s.a == claim.key else s.a]
                    rivals.append(Rival(other, s, corpus.outlets.get(other.document_id)))
    return ClaimReading(claim, linked, values, attributions[0] if attributions else None, rivals)


def compared_claims(session: Session, corpus: _Corpus) -> list[ClaimReadings]:
    """Every claim with its stored readings (proposed or accepted, not rejected), for suggest()."""
    from .reading import ClaimReadings, fold_name

    readings: dict[int, list[Reading]] = {}
    sources: dict[int, str] = {}
    for claim_id, prop, record in session.execute(
        select(Assertion.claim_id, Assertion.property, Assertion.reading)
        .where(Assertion.reading.is_not(None), Assertion.status != REJECTED)
        .order_by(Assertion.id)
    ):
        if prop == ATTRIBUTED_TO:
            sources.setdefault(claim_id, f"{record['source_kind']}:{fold_name(record['source'])}")
        else:
            readings.setdefault(claim_id, []).append(reading_of(record))
    out = []
    docs = {i: k for i, k in session.execute(select(Document.id, Document.key))}
    for cid, key, did in session.execute(select(Claim.id, Claim.key, Claim.document_id).order_by(Claim.id)):
        if cid not in readings:
            continue
        out.append(
            ClaimReadings(
                key,
                docs[did],  # the key: reasons name the document when its outlet is not known
                corpus.events.get(did),
                tuple(sorted(readings[cid], key=lambda r: r.start)),
                corpus.outlets.get(did),
                sources.get(cid),
            )
        )
    return out


def _event_names(session: Session, corpus: _Corpus, compared: Sequence[ClaimReadings]) -> dict[str, str]:
    """Each event's name: the entity its claims' readings are most often about, when a curator
    named one (reasons name entities by name), else the words its documents share."""
    from collections import Counter

    about: dict[str, Counter[str]] = {}
    keys = {c.key: c.event for c in compared if c.event is not None}
    for key, name in session.execute(
        select(Claim.key, Entity.name)
        .join(Assertion, Assertion.claim_id == Claim.id)
        .join(Entity, Entity.id == Assertion.subject_id)
        .where(
            Assertion.reading.is_not(None), Assertion.status != REJECTED, Assertion.property != ATTRIBUTED_TO
        )
    ):
        if key in keys:
            about.setdefault(str(keys[key]), Counter())[name] += 1
    names = dict(corpus.names)
    for event, counts in about.items():
        names[event] = counts.most_common(1)[0][0]
    return names


def reading_suggestions(session: Session) -> tuple[list[Suggestion], dict[str, int], dict[int, str]]:
    """Suggested contradictions from every claim's readings, best first; claim key → id; and
    claim id → the event it was compared in (claims with readings in a grouped document)."""
    from .reading import suggest

    corpus = _corpus(session)
    compared = compared_claims(session, corpus)
    ids = {key: cid for key, cid in session.execute(select(Claim.key, Claim.id))}
    events = {ids[c.key]: c.event for c in compared if c.event is not None}
    return suggest(compared, event_names=_event_names(session, corpus, compared)), ids, events


def reread(session: Session, claims: Sequence[Claim] | None = None) -> int:
    """Read claims again (all by default), with every held document known: open proposals are
    replaced; accepted and rejected ones stay. Returns how many claims were read."""
    corpus = _corpus(session)
    todo = list(claims) if claims is not None else list(session.scalars(select(Claim).order_by(Claim.id)))
    for claim in todo:
        first = session.scalars(
            select(ClaimEntity.entity_id)
            .where(ClaimEntity.claim_id == claim.id)
            .order_by(ClaimEntity.entity_id)
        ).first()
        propose(session, claim, subject=session.get(Entity, first) if first else None, corpus=corpus)
    return len(todo)


# --------------------------------------------------------------------------------------- decisions


def _proposals(session: Session, claim: Claim, reading: str | None) -> list[Assertion]:
    query = select(Assertion).where(Assertion.claim_id == claim.id, Assertion.proposed_by.is_not(None))
    rows = list(session.scalars(query.order_by(Assertion.id)))
    if reading is None:
        chosen = [a for a in rows if a.status == PROPOSED]
        if not chosen:
            raise InvalidInput(
                f"claim {claim.key} has no open proposed reading (`provenance claim show` lists them)"
            )
        return chosen
    if reading.strip().isdigit():
        chosen = [a for a in rows if a.id == int(reading)]
    else:
        wanted = property_name(reading)
        chosen = [a for a in rows if a.property == wanted and a.status == PROPOSED]
    if not chosen:
        listed = ", ".join(f"{a.id} ({a.property}, {a.status})" for a in rows) or "none"
        raise NotFound(f"claim {claim.key} has no proposed reading {reading!r}; its readings: {listed}")
    return chosen


def decide(
    session: Session,
    claim_ref: str,
    reading: str | None,
    *,
    accept: bool,
    subject: str | None = None,
    value: str | None = None,
) -> list[Assertion]:
    """A curator's decision on a claim's proposed readings (all open ones, or the one named by
    number or property). Accepted: a curated assertion (exported in bundles). Rejected: kept, so
    reading again does not propose it. Each decision is one event."""
    from .claims import get_claim
    from .entities import resolve_entity
    from .values import parse_value

    claim = get_claim(session, claim_ref)
    chosen = _proposals(session, claim, reading)
    entity = resolve_entity(session, subject) if subject else None
    published = get_document(session, str(claim.document_id)).published
    for a in chosen:
        before = {"status": a.status, "value": a.value, "subject_id": a.subject_id}
        if accept:
            if entity is not None:
                a.subject_id = entity.id
            if a.subject_id is None:
                raise InvalidInput(
                    f"reading {a.id} of claim {claim.key} has no subject (the quote names no known entity); "
                    "give one with --subject ENTITY",
                    where="subject",
                )
            if value is not None:
                a.value = value
            if a.value_type is not ValueType.TEXT:
                parse_value(a.value_type.value, a.value, context_date=published)
        a.status = ACCEPTED if accept else REJECTED
        events.record(
            session,
            action="accept" if accept else "reject",
            noun="assertion",
            target=a,
            before=before,
            after={"status": a.status, "value": a.value, "subject_id": a.subject_id},
            summary=f"{'accepted' if accept else 'rejected'} reading {a.id} of claim {claim.key}: "
            f"{a.property} = {a.value!r} (proposed by {a.proposed_by})",
        )
    return chosen
