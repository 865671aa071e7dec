"""Detected and suggested contradictions kept current inside every write, incrementally.

Triggers (migration 0014) queue in ``detect_pending`` every claim a write touched: the claim itself,
its entities, its assertions, its relations, its document's date. :func:`sync` (run by
``Database.write`` just before commit, before the search index's sync) brings the derived
relations of exactly those claims up to date: it extracts the text features of claims whose text
changed (stored in ``claim_feature`` per claim version, never extracted again while the text is
unchanged), re-detects the (subject, property) groups of their accepted assertions and the entity
groups they name, and writes the difference: new detected or suggested contradictions inserted,
ones that no longer hold deleted, changed reasons updated. A rollback drops it all with the write.

Derived relations are the ``contradicts`` relations with status *detected* or *suggested* made by
the detector (``created_by`` "provenance"). A reader's suggestion, a curator's relation, one that
came in a bundle, and every confirmed or dismissed one are data: never touched, and they block a
proposal for their pair as before. :func:`derive` over the whole store is what a full ``conflicts`` run
compares with; the two agree (tests/test_detect_flow.py).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from .detect import (
    MAX_ENTITY_GROUP,
    AssertionRow,
    ClaimText,
    Features,
    detect_conflicts,
    suggest_conflicts,
    text_features,
)
from .models import (
    Assertion,
    Claim,
    ClaimEntity,
    ClaimFeature,
    DetectPending,
    Document,
    Entity,
    Relation,
    RelationKind,
    RelationStatus,
    ValueType,
    utcnow,
)
from .values import DateValue, QuantityValue

DETECTOR = "provenance"  # created_by of relations the tool proposes
READ_PREFIX = "read: "  # the note of a reader's suggestion (provenance.conflicts._reading_suggestions)
_BATCH = 500
Pair = tuple[int, int]


@dataclass(frozen=True)
class Derived:
    """What detection says of one pair of claims: detected (from assertions) or suggested (text)."""

    status: RelationStatus
    note: str


@dataclass(frozen=True)
class Existing:
    id: int
    pair: Pair
    status: RelationStatus
    note: str | None
    version: int


@dataclass(frozen=True)
class Change:
    """The difference between the stored derived relations and what detection says."""

    insert: dict[Pair, Derived]
    update: dict[int, tuple[Derived, int]]  # relation id -> what it says now, its version when read
    remove: dict[int, int]  # relation id -> its version when read

    @property
    def empty(self) -> bool:
        return not (self.insert or self.update or self.remove)


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), _BATCH):
        yield ordered[i : i + _BATCH]


def is_derived(status: RelationStatus, created_by: str | None) -> bool:
    """A contradiction the detector proposed and still owns: detected or suggested by it (not by
    the reader, a curator, or a bundle, whose relations are data)."""
    return status in (RelationStatus.DETECTED, RelationStatus.SUGGESTED) and created_by == DETECTOR


# ---------------------------------------------------------------------------------------- features


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _dump(f: Features) -> dict[str, Any]:
    return {
        "has_values": bool(f.dates or f.quantities),
        "dates": json.dumps(
            [[t, v.text, v.low.isoformat(), v.high.isoformat(), v.precision] for t, v in f.dates],
            ensure_ascii=False,
        ),
        "quantities": json.dumps(
            [
                [t, v.text, v.low, None if math.isinf(v.high) else v.high, v.approximate]
                for t, v in f.quantities
            ],
            ensure_ascii=False,
        ),
        "words": " ".join(sorted(f.words)),
    }


def _load(dates: str, quantities: str, words: str) -> Features:
    return Features(
        tuple(
            (t, DateValue(text, date.fromisoformat(low), date.fromisoformat(high), precision))
            for t, text, low, high, precision in json.loads(dates)
        ),
        tuple(
            (t, QuantityValue(text, low, math.inf if high is None else high, approximate))
            for t, text, low, high, approximate in json.loads(quantities)
        ),
        frozenset(words.split()),
    )


def claim_text(statement: str, exact: str) -> str:
    return f"{statement} {exact}"


def refresh_features(session: Session, claim_ids: Iterable[int]) -> int:
    """Store the features of the claims among ``claim_ids`` whose text changed (or that have none);
    returns how many were extracted. An unchanged text is never extracted again."""
    conn = session.connection()
    extracted = 0
    for batch in _batches(claim_ids):
        stored = dict(
            conn.execute(
                select(ClaimFeature.claim_id, ClaimFeature.text_sha1).where(ClaimFeature.claim_id.in_(batch))
            ).all()
        )
        rows = []
        bumped = []
        for cid, version, statement, exact in conn.execute(
            select(Claim.id, Claim.version, Claim.statement, Claim.exact).where(Claim.id.in_(batch))
        ):
            sha = _sha1(claim_text(statement, exact))
            if stored.get(cid) == sha:
                bumped.append({"b_id": cid, "b_version": version})
                continue
            rows.append(
                {"claim_id": cid, "claim_version": version, "text_sha1": sha}
                | _dump(text_features(claim_text(statement, exact)))
            )
        changed = [r["claim_id"] for r in rows]
        if changed:
            conn.execute(delete(ClaimFeature).where(ClaimFeature.claim_id.in_(changed)))
            conn.execute(insert(ClaimFeature), rows)
            extracted += len(rows)
        if bumped:
            conn.execute(
                update(ClaimFeature)
                .where(ClaimFeature.claim_id == bindparam("b_id"))
                .values(claim_version=bindparam("b_version")),
                bumped,
            )
    return extracted


def _features(session: Session, claim_ids: Iterable[int]) -> dict[int, Features]:
    conn = session.connection()
    found: dict[int, Features] = {}
    for batch in _batches(claim_ids):
        for cid, dates, quantities, words in conn.execute(
            select(
                ClaimFeature.claim_id, ClaimFeature.dates, ClaimFeature.quantities, ClaimFeature.words
            ).where(ClaimFeature.claim_id.in_(batch))
        ):
            found[cid] = _load(dates, quantities, words)
    return found


# ------------------------------------------------------------------------------------- detection


def _assertion_rows(session: Session, dirty: set[int] | None) -> list[AssertionRow]:
    """The accepted assertions of the (subject, property) groups the dirty claims assert in (all
    of them for None)."""
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
        .where(Assertion.status == "accepted", Assertion.subject_id.is_not(None))
        .order_by(Assertion.id)
    )
    groups: set[tuple[int, str]] | None = None
    if dirty is not None:
        groups = set()
        for batch in _batches(dirty):
            groups.update(
                (s, p)
                for s, p in session.execute(
                    select(Assertion.subject_id, Assertion.property)
                    .where(
                        Assertion.claim_id.in_(batch),
                        Assertion.status == "accepted",
                        Assertion.subject_id.is_not(None),
                    )
                    .distinct()
                )
                if s is not None
            )
        if not groups:
            return []
        subjects = {s for s, _ in groups}
        query = query.where(Assertion.subject_id.in_(subjects))
    rows = []
    for aid, cid, did, subject, prop, kind, value, value_entity, holds_for, published in session.execute(
        query
    ):
        if groups is not None and (subject, prop) not in groups:
            continue
        rows.append(
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
        )
    return rows


def _groups(session: Session, claim_ids: set[int]) -> dict[int, list[int]]:
    """The entity groups (claims with dates or numbers naming one entity) the claims name."""
    conn = session.connection()
    named: set[int] = set()
    for batch in _batches(claim_ids):
        named.update(
            conn.execute(select(ClaimEntity.entity_id).where(ClaimEntity.claim_id.in_(batch))).scalars()
        )
    group: dict[int, list[int]] = defaultdict(list)
    for batch in _batches(named):
        for eid, cid in conn.execute(
            select(ClaimEntity.entity_id, ClaimEntity.claim_id)
            .join(ClaimFeature, ClaimFeature.claim_id == ClaimEntity.claim_id)
            .where(ClaimEntity.entity_id.in_(batch), ClaimFeature.has_values.is_(True))
        ):
            group[eid].append(cid)
    return group


def _text_claims(
    session: Session, dirty: set[int] | None, max_group: int
) -> tuple[list[ClaimText], set[int] | None, dict[str, int]]:
    """The claims in the entity groups the dirty claims name (all claims for None), and the dirty
    set widened by every member of a group whose size may have crossed ``max_group`` in this write
    (pairs in it may have gained or lost the group that pairs them), and the size of each group
    they name (the claims returned hold only part of a group above the cap)."""
    conn = session.connection()
    entities_of: dict[int, set[str]] = defaultdict(set)
    widened: set[int] | None = None
    sizes: dict[str, int] = {}
    if dirty is None:
        for cid, eid in conn.execute(select(ClaimEntity.claim_id, ClaimEntity.entity_id)):
            entities_of[cid].add(str(eid))
        members = set(entities_of)
    else:
        widened = set(dirty)
        for cids in _groups(session, dirty).values():
            changed = sum(1 for c in cids if c in dirty)
            if len(cids) - changed <= max_group < len(cids) + changed:
                widened.update(cids)  # may have crossed the cap: every pair in it may change
        groups = _groups(session, widened) if len(widened) > len(dirty) else _groups(session, dirty)
        members = set(widened)
        for eid, cids in groups.items():
            sizes[str(eid)] = len(cids)
            if len(cids) <= max_group:
                members.update(cids)
        for batch in _batches(members):
            for cid, eid in conn.execute(
                select(ClaimEntity.claim_id, ClaimEntity.entity_id).where(ClaimEntity.claim_id.in_(batch))
            ):
                entities_of[cid].add(str(eid))
    claims = []
    for batch in _batches(members):
        for cid, did in conn.execute(select(Claim.id, Claim.document_id).where(Claim.id.in_(batch))):
            if entities_of[cid]:
                claims.append(
                    ClaimText(id=cid, document_id=did, text="", entity_ids=frozenset(entities_of[cid]))
                )
    return claims, widened, sizes


def derive(
    session: Session, dirty: set[int] | None = None, *, max_group: int | None = None
) -> tuple[dict[Pair, Derived], set[int] | None]:
    """What detection says of every pair with a claim in ``dirty`` (every pair for None), before
    relations made by people are taken into account; and the claims whose pairs it covers."""
    if max_group is None:
        max_group = MAX_ENTITY_GROUP  # read at each call: tests make the cap small
    found: dict[Pair, Derived] = {}
    claims, widened, sizes = _text_claims(session, dirty, max_group)
    covered = widened
    for conflict in detect_conflicts(_assertion_rows(session, covered)).conflicts:
        key = (min(conflict.a.claim_id, conflict.b.claim_id), max(conflict.a.claim_id, conflict.b.claim_id))
        if covered is not None and not (key[0] in covered or key[1] in covered):
            continue
        found.setdefault(key, Derived(RelationStatus.DETECTED, conflict.reason))
    features = _features(session, (c.id for c in claims))
    missing = {c.id for c in claims} - set(features)
    for batch in _batches(missing):  # not stored yet (a read before any write synced): in memory
        for cid, statement, exact in session.execute(
            select(Claim.id, Claim.statement, Claim.exact).where(Claim.id.in_(batch))
        ):
            features[cid] = text_features(claim_text(statement, exact))
    suggestions = suggest_conflicts(
        claims, max_group=max_group, features=features, involving=covered, sizes=sizes
    )
    if suggestions:
        shared_ids = {int(e) for s in suggestions for e in s.shared}
        names: dict[str, str] = {}
        for batch in _batches(shared_ids):
            names.update(
                (str(i), n)
                for i, n in session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(batch)))
            )
        for s in suggestions:
            key = (s.a.id, s.b.id)
            if key not in found:
                shared = ", ".join(names[e] for e in s.shared)
                found[key] = Derived(RelationStatus.SUGGESTED, f"both name {shared}: {s.reason}")
    return found, covered


def _relations(
    session: Session, covered: set[int] | None
) -> Iterator[tuple[int, int, int, RelationKind, RelationStatus, str | None, str, int]]:
    columns = (
        Relation.id,
        Relation.claim_a_id,
        Relation.claim_b_id,
        Relation.kind,
        Relation.status,
        Relation.note,
        Relation.created_by,
        Relation.version,
    )
    if covered is None:
        for row in session.execute(select(*columns)):
            rid, a, b, kind, status, note, by, version = row
            yield rid, a, b, kind, status, note, by, version
        return
    seen: set[int] = set()
    for batch in _batches(covered):
        for row in session.execute(
            select(*columns).where(Relation.claim_a_id.in_(batch) | Relation.claim_b_id.in_(batch))
        ):
            rid, a, b, kind, status, note, by, version = row
            if rid not in seen:
                seen.add(rid)
                yield rid, a, b, kind, status, note, by, version


def difference(session: Session, dirty: set[int] | None = None) -> Change:
    """What must change in the stored derived relations of the pairs with a claim in ``dirty``."""
    found, covered = derive(session, dirty)
    existing: dict[Pair, Existing] = {}
    contradicting: set[Pair] = set()  # judged or proposed otherwise: no detection for the pair
    related: set[Pair] = set()  # any relation a person (or the reader) made: no suggestion
    for rid, a, b, kind, status, note, by, version in _relations(session, covered):
        pair = (min(a, b), max(a, b))
        if kind is RelationKind.CONTRADICTS and is_derived(status, by):
            existing[pair] = Existing(rid, pair, status, note, version)
            continue
        related.add(pair)
        if kind is RelationKind.CONTRADICTS:
            contradicting.add(pair)
    wanted: dict[Pair, Derived] = {}
    for pair, said in found.items():
        if pair in contradicting or (said.status is RelationStatus.SUGGESTED and pair in related):
            continue
        wanted[pair] = said
    change = Change({}, {}, {})
    for pair, said in wanted.items():
        had = existing.get(pair)
        if had is None:
            change.insert[pair] = said
        elif had.status is not said.status or had.note != said.note:
            change.update[had.id] = (said, had.version)
    for pair, had in existing.items():
        if pair not in wanted:
            change.remove[had.id] = had.version
    return change


def apply(session: Session, change: Change, *, check_versions: bool = False) -> int:
    """Write a difference; with ``check_versions`` only to relations still at the version read (a
    full run computed it in an earlier transaction). Returns how many rows changed."""
    conn = session.connection()
    done = 0
    for rid, version in change.remove.items():
        query = delete(Relation).where(Relation.id == rid)
        if check_versions:
            query = query.where(Relation.version == version)
        done += conn.execute(query).rowcount or 0
    for rid, (said, version) in change.update.items():
        changed = update(Relation).where(Relation.id == rid)
        if check_versions:
            changed = changed.where(Relation.version == version)
        changed = changed.values(status=said.status, note=said.note, version=Relation.version + 1)
        done += conn.execute(changed).rowcount or 0
    if change.insert:
        now = utcnow()
        rows = [
            {
                "claim_a_id": a,
                "kind": RelationKind.CONTRADICTS,
                "claim_b_id": b,
                "status": said.status,
                "note": said.note,
                "created_by": DETECTOR,
                "created_at": now,
                "version": 1,
            }
            for (a, b), said in sorted(change.insert.items())
        ]
        conn.execute(insert(Relation), rows)
        done += len(rows)
    return done


def pending(session: Session) -> int:
    """How many claims wait for detection (0 after every write made through the library)."""
    return int(session.connection().execute(select(func.count()).select_from(DetectPending)).scalar_one())


def sync(session: Session) -> Change:
    """Bring the derived relations of every queued claim up to date and empty the queue (run in
    every write transaction before commit)."""
    conn = session.connection()
    dirty = set(conn.execute(select(DetectPending.claim_id)).scalars())
    if not dirty:
        return Change({}, {}, {})
    refresh_features(session, dirty)
    total = int(conn.execute(select(func.count()).select_from(Claim)).scalar_one())
    # Most of the store (an import, a migration): one pass over everything beats lookups by id.
    change = difference(session, None if 2 * len(dirty) > total else dirty)
    apply(session, change)
    conn.execute(delete(DetectPending))  # including the claims of the relations just written
    return change


def full(session: Session) -> Change:
    """The difference between the stored derived relations and detection over the whole store
    (reads only: features not stored yet are extracted in memory)."""
    return difference(session, None)
