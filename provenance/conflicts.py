"""Contradictions three ways: confirmed by a curator, detected from assertions, suggested from text.

Detected and suggested contradictions are stored as `contradicts` relations with
status `detected` or `suggested`; they never count as contradictions until a
curator confirms them. A dismissal is kept (status `dismissed`), so the same pair
is never proposed again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import events
from .detect import AssertionRow, ClaimText, detect_conflicts, suggest_conflicts
from .disputes import Disputed, Reading, disputed
from .errors import InvalidInput, field
from .models import (
    Assertion,
    Claim,
    ClaimEntity,
    Document,
    Entity,
    Relation,
    RelationKind,
    RelationStatus,
    ValueType,
    utcnow,
)
from .reading import READER_VERSION
from .records import expect, get
from .text import check_field

DETECTOR = "provenance"  # created_by of relations the tool proposes
MAX_SUGGESTIONS = 200  # a review queue, not a dump: the best-ranked ones


@dataclass(frozen=True)
class DetectionSummary:
    detected: int
    suggested: int
    unparsed: list[tuple[int, str]]  # assertion id, why its value could not be read


def assertion_rows(session: Session) -> list[AssertionRow]:
    query = (
        select(
            Assertion.id,
            Assertion.claim_id,
            Claim.document_id,
            Assertion.subject_id,
            Assertion.property,
            Assertion.value_type,
            Assertion.value,
            Assertion.value_entity_id,
            Assertion.holds_for,
            Document.published,
        )
        .join(Claim, Claim.id == Assertion.claim_id)
        .join(Document, Document.id == Claim.document_id)
        # Only what a curator made or accepted is detected; proposals become suggestions.
        .where(Assertion.status == "accepted", Assertion.subject_id.is_not(None))
        .order_by(Assertion.id)
    )
    return [
        AssertionRow(
            id=aid,
            claim_id=cid,
            document_id=did,
            subject=str(subject),
            property=prop,
            kind=kind.value,
            # Entity values compare by entity (aliases were resolved when the assertion was made).
            value=str(value_entity) if kind is ValueType.ENTITY and value_entity else value,
            holds_for=holds_for,
            context_date=published,
        )
        for aid, cid, did, subject, prop, kind, value, value_entity, holds_for, published in session.execute(
            query
        )
    ]


def claim_texts(session: Session) -> list[ClaimText]:
    entities: dict[int, set[str]] = defaultdict(set)
    for claim_id, entity_id in session.execute(select(ClaimEntity.claim_id, ClaimEntity.entity_id)):
        entities[claim_id].add(str(entity_id))
    return [
        ClaimText(id=cid, document_id=did, text=f"{statement} {exact}", entity_ids=frozenset(entities[cid]))
        for cid, did, statement, exact in session.execute(
            select(Claim.id, Claim.document_id, Claim.statement, Claim.exact).order_by(Claim.id)
        )
        if entities[cid]
    ]


def _related_pairs(session: Session) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Pairs already judged as contradictions (any status), and pairs related in any way."""
    contradicting, related = set(), set()
    for a, b, kind in session.execute(select(Relation.claim_a_id, Relation.claim_b_id, Relation.kind)):
        pair = (min(a, b), max(a, b))
        related.add(pair)
        if kind is RelationKind.CONTRADICTS:
            contradicting.add(pair)
    return contradicting, related


def detect(session: Session, *, suggestions: bool = True) -> DetectionSummary:
    """Find new contradictions and record them for review."""
    contradicting, related = _related_pairs(session)
    detection = detect_conflicts(assertion_rows(session))
    new: list[Relation] = []
    for conflict in detection.conflicts:
        pair = (conflict.a.claim_id, conflict.b.claim_id)
        key = (min(pair), max(pair))
        if key in contradicting:
            continue
        contradicting.add(key)
        related.add(key)
        new.append(
            Relation(
                claim_a_id=pair[0],
                kind=RelationKind.CONTRADICTS,
                claim_b_id=pair[1],
                status=RelationStatus.DETECTED,
                note=conflict.reason,
                created_by=DETECTOR,
            )
        )
    detected = len(new)
    if suggestions:
        read, compared = _reading_suggestions(session, related)
        new += read
        names = {str(i): n for i, n in session.execute(select(Entity.id, Entity.name))}
        for suggestion in suggest_conflicts(claim_texts(session))[: max(0, MAX_SUGGESTIONS - len(read))]:
            key = (min(suggestion.a.id, suggestion.b.id), max(suggestion.a.id, suggestion.b.id))
            if key in related or compared.get(key[0], -1) == compared.get(key[1], -2):
                continue  # the reader compared these two by their readings: shared words do not decide
            related.add(key)
            shared = ", ".join(names[e] for e in suggestion.shared)
            new.append(_suggested(key, f"both name {shared}: {suggestion.reason}", DETECTOR))
    session.add_all(new)
    if new:
        events.record(
            session,
            action="detect",
            noun="relation",
            summary=f"proposed {detected} detected and {len(new) - detected} suggested contradiction(s)",
            after={"relations": [[r.claim_a_id, r.claim_b_id, r.status.value] for r in new]},
        )
    return DetectionSummary(detected, len(new) - detected, [(row.id, why) for row, why in detection.unparsed])


def _reading_suggestions(
    session: Session, related: set[tuple[int, int]]
) -> tuple[list[Relation], dict[int, str]]:
    """Suggested contradictions from the claims' readings (provenance.reading.suggest), best first,
    and the event each claim with readings was compared in.

    A pair resting on a reading is a suggestion until a curator confirms it, even when both
    readings were accepted (detection from curated assertions finds those as detected)."""
    from .proposals import reading_suggestions

    found, ids, compared = reading_suggestions(session)
    out = []
    for s in found[:MAX_SUGGESTIONS]:
        key = (min(ids[s.a], ids[s.b]), max(ids[s.a], ids[s.b]))
        if key in related:
            continue
        related.add(key)
        out.append(_suggested(key, f"read: {s.reason} (score {s.score:g})", READER_VERSION))
    return out, compared


def _suggested(pair: tuple[int, int], note: str, by: str) -> Relation:
    """A contradiction the tool suggests for review (never counted until a curator confirms it)."""
    return Relation(
        claim_a_id=pair[0],
        kind=RelationKind.CONTRADICTS,
        claim_b_id=pair[1],
        status=RelationStatus.SUGGESTED,
        note=note,
        created_by=by,
    )


def list_conflicts(session: Session, *, status: str | None = None) -> list[Relation]:
    query = select(Relation).where(Relation.kind == RelationKind.CONTRADICTS)
    if status:
        try:
            query = query.where(Relation.status == RelationStatus(status))
        except ValueError:
            choices = ", ".join(s.value for s in RelationStatus)
            raise InvalidInput(f"status {status!r} is not one of: {choices}") from None
    order = {
        RelationStatus.DETECTED: 0,
        RelationStatus.SUGGESTED: 1,
        RelationStatus.CONFIRMED: 2,
        RelationStatus.DISMISSED: 3,
    }
    return sorted(session.scalars(query), key=lambda r: (order[r.status], r.id))


def review(
    session: Session, ref: str, *, confirm: bool, note: str | None = None, expect_version: int | None = None
) -> Relation:
    """A curator's decision on a proposed (or confirmed) contradiction."""
    relation = get(session, Relation, ref, noun="relation", for_update=True) if ref.isdigit() else None
    if relation is None or relation.kind is not RelationKind.CONTRADICTS:
        raise InvalidInput(
            f"relation {ref!r} is not a contradiction (`provenance conflicts` lists them by number)"
        )
    expect(session, relation, expect_version, noun="relation")
    if not confirm and not (note or "").strip():
        raise InvalidInput(f"a dismissal needs a reason: say why in {field('note')} (it is kept and logged)")
    before = events.state_of(relation)
    relation.status = RelationStatus.CONFIRMED if confirm else RelationStatus.DISMISSED
    # The decision is the curator's, kept apart from the relation's note (the tool's reason).
    relation.decided_by = session.info.get("actor", "unknown")
    relation.decided_at = utcnow()
    relation.decision_note = check_field(note, field="note") or None if note else None
    events.record(
        session,
        action="confirm" if confirm else "dismiss",
        noun="relation",
        target=relation,
        before=before,
        summary=f"{'confirmed' if confirm else 'dismissed'} contradiction {relation.id} "
        f"(claims {relation.claim_a_id} and {relation.claim_b_id})",
    )
    return relation


@dataclass(frozen=True)
class Selection:
    """Which awaiting contradictions a bulk decision takes: every filter given must hold."""

    ids: tuple[str, ...] = ()
    subject: str | None = None  # an entity (key, name or alias) an assertion of either claim is about
    property_name: str | None = None  # the property of an assertion of either claim
    status: str | None = None  # detected or suggested
    document: str | None = None  # either claim is quoted from this document

    @property
    def empty(self) -> bool:
        return not (self.ids or self.subject or self.property_name or self.status or self.document)


def select_awaiting(session: Session, chosen: Selection) -> list[Relation]:
    """The detected and suggested contradictions a selection names, in review order; one query for
    the relations and one per filter, whatever their number."""
    from .documents import get_document
    from .entities import find_entity

    awaiting: tuple[RelationStatus, ...] = (RelationStatus.DETECTED, RelationStatus.SUGGESTED)
    if chosen.status is not None:
        if chosen.status not in ("detected", "suggested"):
            raise InvalidInput(
                f"{field('status')} {chosen.status!r}: only detected or suggested contradictions await review"
            )
        awaiting = (RelationStatus(chosen.status),)
    query = select(Relation).where(Relation.kind == RelationKind.CONTRADICTS, Relation.status.in_(awaiting))
    if chosen.ids:
        bad = [i for i in chosen.ids if not i.isdigit()]
        if bad:
            raise InvalidInput(
                f"contradiction {bad[0]!r} is not a number (`provenance conflicts` lists them)"
            )
        query = query.where(Relation.id.in_([int(i) for i in chosen.ids]))
    if chosen.document is not None:
        doc = get_document(session, chosen.document)
        quoted = select(Claim.id).where(Claim.document_id == doc.id)
        query = query.where(Relation.claim_a_id.in_(quoted) | Relation.claim_b_id.in_(quoted))
    if chosen.subject is not None or chosen.property_name is not None:
        about = select(Assertion.claim_id).where(Assertion.status != "rejected")
        if chosen.subject is not None:
            entity = find_entity(session, chosen.subject)
            if entity is None:
                raise InvalidInput(f"{field('subject')} {chosen.subject!r} is not a known entity")
            about = about.where(Assertion.subject_id == entity.id)
        if chosen.property_name is not None:
            about = about.where(Assertion.property == chosen.property_name)
        query = query.where(Relation.claim_a_id.in_(about) | Relation.claim_b_id.in_(about))
    found = list(session.scalars(query.order_by(Relation.id)))
    if chosen.ids:
        missing = sorted(set(chosen.ids) - {str(r.id) for r in found}, key=int)
        if missing:
            raise InvalidInput(
                f"contradiction {missing[0]} does not await review (not detected or suggested, or not "
                "a contradiction): see `provenance conflicts`"
            )
    return found


def review_many(
    session: Session, chosen: Selection, *, confirm: bool, note: str | None = None
) -> list[Relation]:
    """One decision on every contradiction ``chosen`` names, in one transaction (all or none),
    each an event of its own."""
    if chosen.empty:
        raise InvalidInput("say which contradictions: their numbers, or a filter (--subject, --property, …)")
    return [review(session, str(r.id), confirm=confirm, note=note) for r in select_awaiting(session, chosen)]


def statements(session: Session, claim_ids: set[int]) -> dict[int, str]:
    """Each claim's statement, by id (for listing contradictions beside what their claims say)."""
    if not claim_ids:
        return {}
    return dict(session.execute(select(Claim.id, Claim.statement).where(Claim.id.in_(claim_ids))).all())


def readings_of(session: Session, claim_ids: set[int]) -> dict[int, list[Reading]]:
    """Each claim's assertions as the dispute comparison reads them, in two queries: the accepted
    ones, or, for a claim with none, its open proposed readings (what a suggestion rests on)."""
    if not claim_ids:
        return {}
    names: dict[int, str] = {}
    rows = list(
        session.execute(
            select(
                Assertion.claim_id,
                Assertion.subject_id,
                Entity.name,
                Assertion.property,
                Assertion.value_type,
                Assertion.value,
                Assertion.value_entity_id,
                Assertion.holds_for,
                Assertion.status,
                Document.published,
            )
            .join(Entity, Entity.id == Assertion.subject_id)
            .join(Claim, Claim.id == Assertion.claim_id)
            .join(Document, Document.id == Claim.document_id)
            .where(Assertion.claim_id.in_(claim_ids), Assertion.status != "rejected")
            .order_by(Assertion.id)
        )
    )
    valued = {r.value_entity_id for r in rows if r.value_entity_id is not None}
    if valued:
        names = dict(session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(valued))).all())
    accepted = {r.claim_id for r in rows if r.status == "accepted"}
    found: dict[int, list[Reading]] = defaultdict(list)
    for r in rows:
        if r.status != "accepted" and r.claim_id in accepted:
            continue
        entity = r.value_type is ValueType.ENTITY and r.value_entity_id is not None
        found[r.claim_id].append(
            Reading(
                subject=r.name,
                subject_key=r.subject_id,
                property=r.property,
                kind=r.value_type.value,
                value=names.get(r.value_entity_id, r.value) if entity else r.value,
                value_key=r.value_entity_id if entity else None,
                holds_for=r.holds_for,
                context_date=r.published,
            )
        )
    return found


def disputed_values(session: Session, relations: list[Relation]) -> dict[int, tuple[Disputed, ...]]:
    """For each contradiction, what its two claims read for the subjects and properties both assert."""
    readings = readings_of(session, {r.claim_a_id for r in relations} | {r.claim_b_id for r in relations})
    return {r.id: disputed(readings.get(r.claim_a_id, ()), readings.get(r.claim_b_id, ())) for r in relations}
