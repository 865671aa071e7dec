"""Phase one of the build: read the whole store into view models.

One `select` per table, inside the caller's read transaction, whatever the size
of the corpus; relationships are never touched (they are `lazy="raise"`). Texts
are streamed once to check each against its hash and its quotes, and not kept
(pages read them again in chunks: texts.py). Then every cross-link the pages
need is computed in memory.
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.orm import Session

from ..anchoring import span_holds
from ..models import (
    Assertion,
    Base,
    Citation,
    Claim,
    ClaimEntity,
    Document,
    DocumentText,
    Entity,
    EntityAlias,
    Event,
    Outlet,
    Relation,
)
from ..outlets import GRADE_MEANINGS
from ..text import sha256_text
from . import drift, paths
from .views import (
    AnchorReview,
    AssertionView,
    CitationView,
    ClaimView,
    DocumentView,
    EntityView,
    EventView,
    OutletView,
    QuietEdit,
    RelationView,
    Site,
    SnapshotView,
)

RECENT_EVENTS = 20
TEXT_CHUNK = 256  # texts fetched at a time
_HIGHLIGHTABLE = ("exact", "moved", "fuzzy")


def _rows(session: Session, model: type[Base], *order: Any) -> Iterable[Any]:
    """A table's rows as named tuples: no ORM objects to build, and attribute access at C speed
    (a Row's is not; the build reads every field of every row)."""
    table = model.__table__
    result = session.connection().execute(select(*table.c).order_by(*order))
    return map(_record_type(model.__tablename__, tuple(result.keys()))._make, result.fetchall())


@cache
def _record_type(name: str, fields: tuple[str, ...]) -> Any:
    return namedtuple(f"{name}_row", fields)  # noqa: PYI024 -- built from the table's own columns


def store_stamp(session: Session) -> str:
    """A cheap summary of the whole store, in one query: any change through the tool moves the
    newest event, and the counts, newest ids and version sums catch most edits made around it.
    An incremental build whose stamp is unchanged has nothing to do."""
    parts: list[Any] = [select(func.coalesce(func.max(Event.id), 0)).scalar_subquery()]
    for model in (Outlet, Document, Claim, Citation, Relation, Entity, Assertion):
        table = model.__table__
        summed = table.c.get("version", table.c.id)  # tables without a version column: their ids
        parts += [
            select(func.count()).select_from(table).scalar_subquery(),
            select(func.coalesce(func.max(table.c.id), 0)).scalar_subquery(),
            select(func.coalesce(func.sum(summed), 0)).scalar_subquery(),
        ]
    for column in (
        DocumentText.id,
        EntityAlias.id,
        EntityAlias.entity_id,
        ClaimEntity.claim_id,
        ClaimEntity.entity_id,
    ):
        parts += [
            select(func.count()).select_from(column.table).scalar_subquery(),
            select(func.coalesce(func.sum(column), 0)).scalar_subquery(),
        ]
    return " ".join(str(value) for value in session.connection().execute(select(*parts)).one())


def load_site(session: Session, *, recent_events: int = RECENT_EVENTS) -> Site:
    """Everything the report shows but the texts, read in a fixed number of queries."""
    outlets = {
        o.id: OutletView(
            id=o.id,
            key=o.key,
            name=o.name,
            grade=o.grade.value,
            grade_meaning=GRADE_MEANINGS[o.grade.value],
            reason=o.grade_reason,
            path=paths.outlet_path(o.id, o.key),
        )
        for o in _rows(session, Outlet, Outlet.id)
    }
    document_rows = list(_rows(session, Document, Document.id))
    claim_entities: dict[int, list[int]] = defaultdict(list)
    for claim_id, entity_id in session.execute(
        select(ClaimEntity.claim_id, ClaimEntity.entity_id).order_by(
            ClaimEntity.claim_id, ClaimEntity.entity_id
        )
    ):
        claim_entities[claim_id].append(entity_id)
    claim_rows = list(_rows(session, Claim, Claim.id))
    # Texts are the bulk of a store: each is read once here, checked against its hash and its
    # quotes, and let go; pages read them again in chunks as they are written (report/texts.py).
    quoted: dict[int, list[Any]] = defaultdict(list)
    for c in claim_rows:
        quoted[c.document_id].append(c)
    current = {d.id: (d.sha256, d.revision) for d in document_rows}
    verified: dict[int, bool] = {}
    problems: dict[int, str | None] = {}
    reviewed: dict[int, tuple[Any, str]] = {}  # claims a revision left to review, with the current text
    for doc_id, text, sha in (
        session.connection()
        .execution_options(yield_per=TEXT_CHUNK)
        .execute(
            select(DocumentText.document_id, DocumentText.text, DocumentText.sha256).join(
                Document,
                and_(Document.id == DocumentText.document_id, Document.revision == DocumentText.revision),
            )
        )
    ):
        verified[doc_id] = sha == current[doc_id][0] and sha256_text(text) == sha
        for c in quoted.get(doc_id, ()):
            problems[c.id] = anchor_problem(c, text, verified[doc_id], current[doc_id][1])
            if c.anchor_state.value in drift.REVIEWED:
                reviewed[c.id] = (c, text)
    reviews = _reviews(session, reviewed, current)
    works, redirects = _works_and_redirects(session)
    documents = {d.id: _document(d, verified.get(d.id, False), works.get(d.id)) for d in document_rows}
    _add_snapshots(session, documents)
    claims = {
        c.id: _claim(
            c,
            problems[c.id] if c.id in problems else anchor_problem(c, None, False, 0),
            claim_entities.get(c.id, []),
            reviews.get(c.id),
        )
        for c in claim_rows
    }
    citations = {
        c.id: CitationView(
            id=c.id,
            claim_id=c.claim_id,
            kind=c.kind.value,
            target_document_id=c.target_document_id,
            target_entity_id=c.target_entity_id,
            target_person=c.target_person,
            locator=c.locator,
            locator_start=c.locator_start,
            locator_end=c.locator_end,
            note=c.note,
        )
        for c in _rows(session, Citation, Citation.id)
    }
    relations = {
        r.id: RelationView(
            id=r.id,
            claim_a_id=r.claim_a_id,
            kind=r.kind.value,
            claim_b_id=r.claim_b_id,
            status=r.status.value,
            note=r.note,
            created_by=r.created_by,
            decided_by=r.decided_by,
            decided_at=_utc(r.decided_at).strftime("%Y-%m-%d %H:%M UTC") if r.decided_at else None,
            decided_at_iso=_utc(r.decided_at).strftime("%Y-%m-%dT%H:%M:%SZ") if r.decided_at else None,
            decision_note=r.decision_note,
        )
        for r in _rows(session, Relation, Relation.id)
    }
    aliases: dict[int, list[str]] = defaultdict(list)
    for entity_id, alias in session.execute(
        select(EntityAlias.entity_id, EntityAlias.alias).order_by(EntityAlias.alias, EntityAlias.id)
    ):
        aliases[entity_id].append(alias)
    entities = {
        e.id: EntityView(
            id=e.id,
            key=e.key,
            name=e.name,
            kind=e.kind.value,
            description=e.description,
            aliases=tuple(aliases.get(e.id, [])),
            path=paths.entity_path(e.id, e.key),
        )
        for e in _rows(session, Entity, Entity.id)
    }
    assertions = {
        a.id: AssertionView(
            id=a.id,
            claim_id=a.claim_id,
            subject_id=a.subject_id,
            property=a.property,
            value_type=a.value_type.value,
            value=a.value,
            value_entity_id=a.value_entity_id,
            holds_for=a.holds_for,
        )
        for a in _rows(session, Assertion, Assertion.id)
        if a.status == "accepted"  # the reader's open or rejected proposals are not the curator's
    }
    events = tuple(
        EventView(
            id=e.id,
            at=_utc(e.at).strftime("%Y-%m-%d %H:%M:%S UTC"),
            at_iso=_utc(e.at).strftime("%Y-%m-%dT%H:%M:%SZ"),
            actor=e.actor,
            action=e.action,
            noun=e.noun,
            record_key=e.record_key,
            summary=e.summary,
        )
        for e in session.scalars(select(Event).order_by(Event.id.desc()).limit(recent_events))
    )
    return link(
        Site(
            outlets=outlets,
            documents=documents,
            claims=claims,
            citations=citations,
            relations=relations,
            entities=entities,
            assertions=assertions,
            events=events,
            redirects=redirects,
        )
    )


def _utc(at: datetime) -> datetime:
    """Event times in UTC (SQLite hands them back naive, already in UTC)."""
    return at.astimezone(UTC) if at.tzinfo is not None else at


def _works_and_redirects(session: Session) -> tuple[dict[int, int], tuple[tuple[str, str, int], ...]]:
    """Same-work links (document -> its work's record) and merged records' old pages, in one query."""
    from sqlalchemy import String, cast, literal, null, union_all

    from ..models import DocumentRedirect, SameWork
    from ..works import group_works

    links: list[tuple[int, int]] = []
    redirects: list[tuple[int, str, int]] = []
    rows: Iterable[Any] = session.execute(
        union_all(
            select(literal("w"), SameWork.document_id, SameWork.same_as_id, cast(null(), String)),
            select(
                literal("r"), DocumentRedirect.old_id, DocumentRedirect.document_id, DocumentRedirect.key
            ).where(DocumentRedirect.old_id.is_not(None)),
        )
    )
    for kind, a, b, key in rows:
        if kind == "w":
            links.append((int(a), int(b)))
        else:
            redirects.append((int(a), str(key), int(b)))
    return group_works(links), tuple(
        (paths.document_path(old_id, key), key, survivor) for old_id, key, survivor in sorted(redirects)
    )


def _add_snapshots(session: Session, documents: dict[int, DocumentView]) -> None:
    """Each document's snapshots (without their bodies: one query) and, for the revisions a
    `doc refresh` found, what changed from the revision before (the two texts: one more query)."""
    from ..models import DocumentSnapshot

    columns = [c for c in DocumentSnapshot.__table__.c if c.name != "body"]
    found: dict[int, list[SnapshotView]] = defaultdict(list)
    refreshed: list[tuple[int, int, str]] = []  # document, revision, day
    for row in session.connection().execute(select(*columns).order_by(DocumentSnapshot.id)):
        at = _utc(row.fetched_at)
        found[row.document_id].append(
            SnapshotView(
                revision=row.revision,
                action=row.action,
                fetched_at=at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                url=row.url,
                final_url=row.final_url,
                status=row.status,
                content_type=row.content_type,
                sha256=row.sha256,
                size=row.size,
            )
        )
        if row.action == "refresh" and row.revision > 1:
            refreshed.append((row.document_id, row.revision, at.strftime("%Y-%m-%d")))
    texts: dict[tuple[int, int], str] = {}
    if refreshed:
        wanted = sorted({(d, r) for d, rev, _ in refreshed for r in (rev - 1, rev)})
        texts = {
            (doc_id, revision): text
            for doc_id, revision, text in session.connection().execute(
                select(DocumentText.document_id, DocumentText.revision, DocumentText.text).where(
                    tuple_(DocumentText.document_id, DocumentText.revision).in_(wanted)
                )
            )
        }
    edits: dict[int, list[QuietEdit]] = defaultdict(list)
    for doc_id, revision, day in refreshed:
        old, new = texts.get((doc_id, revision - 1)), texts.get((doc_id, revision))
        if old is None or new is None:
            continue
        changes, more = drift.text_changes(old, new)
        edits[doc_id].append(QuietEdit(revision, revision - 1, day, changes, more))
    for doc_id, snaps in found.items():
        if doc_id in documents:
            documents[doc_id].snapshots = tuple(snaps)
            documents[doc_id].quiet_edits = tuple(edits.get(doc_id, ()))


def _document(d: Any, verified: bool, work_id: int | None = None) -> DocumentView:
    return DocumentView(
        id=d.id,
        key=d.key,
        title=d.title,
        authors=tuple(d.authors or ()),
        outlet_id=d.outlet_id,
        published=d.published,
        url=d.url,
        language=d.language,
        held=d.revision > 0,
        revision=d.revision,
        text_verified=verified,
        part_of_id=d.part_of_id,
        part_start=d.part_start,
        part_end=d.part_end,
        path=paths.document_path(d.id, d.key),
        work_id=work_id,
    )


def anchor_problem(c: Any, text: str | None, verified: bool, revision: int) -> str | None:
    """Why the claim's span cannot be highlighted in its document's current `text` (None when
    not held), or None when it is sound (T18, T19)."""
    state = c.anchor_state.value
    if state not in _HIGHLIGHTABLE:
        return f"the quote's anchor is {state}: it is not shown in the text"
    if text is None:
        return "the document's text is not held"
    if not verified:
        return "the document's text does not match its recorded hash: the span is unverified"
    if c.revision != revision:
        return f"the quote was anchored in revision {c.revision}, the text is now revision {revision}"
    if not span_holds(text, c.start, c.end, c.exact):
        return "the text at the recorded offsets is not the quote: the span is unverified"
    return None


def _reviews(
    session: Session, reviewed: dict[int, tuple[Any, str]], current: dict[int, tuple[str | None, int]]
) -> dict[int, AnchorReview]:
    """The passages reviewed claims were made on, from their earlier revisions (one query)."""
    if not reviewed:
        return {}
    wanted = {(c.document_id, drift.made_on(c)[0]) for c, _ in reviewed.values()}
    old = {
        (doc_id, revision): text
        for doc_id, revision, text in session.connection().execute(
            select(DocumentText.document_id, DocumentText.revision, DocumentText.text).where(
                tuple_(DocumentText.document_id, DocumentText.revision).in_(sorted(wanted))
            )
        )
    }
    found = {}
    for claim_id, (c, text) in reviewed.items():
        view = drift.review(c, old.get((c.document_id, drift.made_on(c)[0])), text, current[c.document_id][1])
        if view is not None:
            found[claim_id] = view
    return found


def _claim(
    c: Any, problem: str | None, entity_ids: list[int], review: AnchorReview | None = None
) -> ClaimView:
    return ClaimView(
        id=c.id,
        key=c.key,
        document_id=c.document_id,
        exact=c.exact,
        prefix=c.prefix or "",
        suffix=c.suffix or "",
        start=c.start,
        end=c.end,
        statement=c.statement,
        speaker=c.speaker,
        hedging=c.hedging,
        verdict=c.verdict.value,
        credibility=c.credibility,
        anchor_state=c.anchor_state.value,
        anchor_problem=problem,
        note=c.note,
        entity_ids=tuple(entity_ids),
        path=paths.claim_path(c.id, c.key),
        anchor_review=review,
    )


def _group(pairs: Iterable[tuple[int, int]]) -> dict[int, tuple[int, ...]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return {key: tuple(sorted(set(values))) for key, values in sorted(grouped.items())}


def link(site: Site) -> Site:
    """The same site with every cross-link filled in."""
    claims, citations, assertions = site.claims, site.citations, site.assertions
    parts = _group((d.part_of_id, d.id) for d in site.documents.values() if d.part_of_id is not None)
    part_of_claim = _parts_of_claims(site, parts)
    return Site(
        outlets=site.outlets,
        documents=site.documents,
        claims=claims,
        citations=citations,
        relations=site.relations,
        entities=site.entities,
        assertions=assertions,
        events=site.events,
        redirects=site.redirects,
        claims_by_document=_group((c.document_id, c.id) for c in claims.values()),
        citations_by_claim=_group((c.claim_id, c.id) for c in citations.values()),
        cited_by_document=_group(
            (c.target_document_id, c.id) for c in citations.values() if c.target_document_id is not None
        ),
        cited_by_entity=_group(
            (c.target_entity_id, c.id) for c in citations.values() if c.target_entity_id is not None
        ),
        relations_by_claim=_group(
            pair for r in site.relations.values() for pair in ((r.claim_a_id, r.id), (r.claim_b_id, r.id))
        ),
        claims_by_entity=_group(
            [(e, c.id) for c in claims.values() for e in c.entity_ids]
            + [(a.subject_id, a.claim_id) for a in assertions.values()]
        ),
        assertions_by_subject=_group((a.subject_id, a.id) for a in assertions.values()),
        assertions_by_claim=_group((a.claim_id, a.id) for a in assertions.values()),
        documents_by_outlet=_group(
            (d.outlet_id, d.id) for d in site.documents.values() if d.outlet_id is not None
        ),
        parts_by_document=parts,
        part_of_claim=part_of_claim,
        claims_by_part=_group((part, claim) for claim, part in part_of_claim.items()),
    )


def _parts_of_claims(site: Site, parts: dict[int, tuple[int, ...]]) -> dict[int, int]:
    """Each claim quoted from a container → the narrowest part (article) whose span holds it."""
    found: dict[int, int] = {}
    for claim in site.claims.values():
        best = None
        for part_id in parts.get(claim.document_id, ()):
            part = site.documents[part_id]
            start, end = part.part_start or 0, part.part_end or 0
            if start <= claim.start and claim.end <= end and (best is None or end - start < best[0]):
                best = (end - start, part_id)
        if best is not None:
            found[claim.id] = best[1]
    return found
