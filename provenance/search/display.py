"""What a hit shows: each kind's title and text, read in one query per kind."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Citation, Claim, Document, DocumentText, Entity, EntityAlias, Outlet, SearchEntry
from .query import Candidate

Shown = tuple[str | None, str, str, int | None]  # key, title, text, a passage's start


def shown(session: Session, found: list[Candidate]) -> dict[tuple[str, int], Shown]:
    """(kind, entry id) -> what to show, for every candidate."""
    conn = session.connection()
    by_kind: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in found:
        by_kind[candidate.kind].append(candidate)
    out: dict[tuple[str, int], Shown] = {}

    def ids(kind: str) -> list[int]:
        return sorted({c.record_id for c in by_kind[kind]})

    if by_kind["claim"]:
        rows = conn.execute(
            select(Claim.id, Claim.key, Claim.statement, Claim.exact).where(Claim.id.in_(ids("claim")))
        )
        claims = {i: (k, s, q) for i, k, s, q in rows}
        for c in by_kind["claim"]:
            k, s, q = claims[c.record_id]
            out[("claim", c.id)] = (k, s, q, None)
    if by_kind["document"] or by_kind["passage"]:
        wanted = sorted({c.record_id for c in by_kind["document"] + by_kind["passage"]})
        rows = conn.execute(
            select(Document.id, Document.key, Document.title, Document.authors).where(Document.id.in_(wanted))
        )
        documents = {i: (k, t, ", ".join(a or [])) for i, k, t, a in rows}
        for c in by_kind["document"]:
            k, t, a = documents[c.record_id]
            out[("document", c.id)] = (k, t, a, None)
    if by_kind["passage"]:
        entry = SearchEntry.__table__
        passage_rows = conn.execute(
            select(entry.c.id, func.substr(DocumentText.text, entry.c.start + 1, entry.c.end - entry.c.start))
            .join(Document, Document.id == entry.c.document_id)
            .join(
                DocumentText,
                (DocumentText.document_id == Document.id) & (DocumentText.revision == Document.revision),
            )
            .where(entry.c.id.in_([c.id for c in by_kind["passage"]]))
        )
        passages: dict[int, str] = {int(i): str(text) for i, text in passage_rows.all()}
        for c in by_kind["passage"]:
            k, t, _ = documents[c.record_id]
            out[("passage", c.id)] = (k, t, passages.get(c.id, ""), c.start)
    if by_kind["entity"]:
        aliases: dict[int, list[str]] = defaultdict(list)
        for i, alias in conn.execute(
            select(EntityAlias.entity_id, EntityAlias.alias)
            .where(EntityAlias.entity_id.in_(ids("entity")))
            .order_by(EntityAlias.alias)
        ):
            aliases[i].append(alias)
        entity_rows = conn.execute(
            select(Entity.id, Entity.key, Entity.name).where(Entity.id.in_(ids("entity")))
        )
        entities = {i: (k, n) for i, k, n in entity_rows}
        for c in by_kind["entity"]:
            k, n = entities[c.record_id]
            out[("entity", c.id)] = (k, n, "; ".join(aliases[c.record_id]), None)
    if by_kind["outlet"]:
        rows = conn.execute(
            select(Outlet.id, Outlet.key, Outlet.name, Outlet.grade_reason).where(
                Outlet.id.in_(ids("outlet"))
            )
        )
        outlets = {i: (k, n, r or "") for i, k, n, r in rows}
        for c in by_kind["outlet"]:
            out[("outlet", c.id)] = (*outlets[c.record_id], None)
    if by_kind["citation"]:
        rows = conn.execute(
            select(Citation.id, Citation.locator, Citation.target_person, Citation.note).where(
                Citation.id.in_(ids("citation"))
            )
        )
        citations = {
            i: (loc or "", " — ".join(x for x in (person, note) if x)) for i, loc, person, note in rows
        }
        for c in by_kind["citation"]:
            locator, rest = citations[c.record_id]
            out[("citation", c.id)] = (None, locator, rest, None)
    return out
