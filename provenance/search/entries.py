"""What the index holds for each record: its entries' folded words, field by field.

- claim: t1 its statement; t2 its quote, speaker and hedging; t3 its entities' names and
  aliases (what makes an alias find its entity's claims, whatever spelling they use); t4 its
  note and the notes of its relations and citations (a conflict decision is a relation's note);
- document: t1 its title; t2 its authors;
- passage: t2 the passage of the document's current text (passages.py);
- entity: t1 its name; t2 its aliases; t4 its description;
- outlet: t1 its name; t4 the reason for its grade;
- citation: t1 its locator; t2 the person cited; t4 its note.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, select

from ..folding import fold_words
from ..models import (
    Citation,
    Claim,
    ClaimEntity,
    Document,
    DocumentText,
    Entity,
    EntityAlias,
    Outlet,
    Relation,
)
from .names import skeleton
from .passages import passages

Row = dict[str, Any]
BATCH = 500  # ids per IN (…): far below every engine's limit on bound parameters


def batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def folded(*texts: str | None) -> str:
    return " ".join(w for t in texts if t for w in fold_words(t))


def distinct(*texts: str | None) -> str:
    """Folded words, each once: ten spellings of one alias are one name, not ten mentions."""
    return " ".join(dict.fromkeys(w for t in texts if t for w in fold_words(t)))


def entry(kind: str, record_id: int, **values: Any) -> Row:
    row: Row = {"kind": kind, "record_id": record_id, "document_id": None, "claim_id": None}
    row |= {"start": None, "end": None, "t1": "", "t2": "", "t3": "", "t4": ""}
    row.update(values)
    return row


def claim_entries(conn: Connection, ids: list[int]) -> list[Row]:
    notes: dict[int, list[str]] = defaultdict(list)
    names: dict[int, list[str]] = defaultdict(list)
    # A relation's note and a curator's decision on it (kept apart, found alike).
    for a, b, note, decision in conn.execute(
        select(Relation.claim_a_id, Relation.claim_b_id, Relation.note, Relation.decision_note)
        .where(
            Relation.note.is_not(None) | Relation.decision_note.is_not(None),
            Relation.claim_a_id.in_(ids) | Relation.claim_b_id.in_(ids),
        )
        .order_by(Relation.id)
    ):
        for claim_id in {a, b}:
            notes[claim_id] += [n for n in (note, decision) if n]
    for claim_id, note in conn.execute(
        select(Citation.claim_id, Citation.note)
        .where(Citation.claim_id.in_(ids), Citation.note.is_not(None))
        .order_by(Citation.id)
    ):
        notes[claim_id].append(note or "")
    link = select(ClaimEntity.claim_id, ClaimEntity.entity_id).where(ClaimEntity.claim_id.in_(ids)).subquery()
    for claim_id, name in conn.execute(
        select(link.c.claim_id, Entity.name)
        .join(Entity, Entity.id == link.c.entity_id)
        .order_by(link.c.claim_id, Entity.key)
    ):
        names[claim_id].append(name)
    for claim_id, alias in conn.execute(
        select(link.c.claim_id, EntityAlias.alias)
        .join(EntityAlias, EntityAlias.entity_id == link.c.entity_id)
        .order_by(link.c.claim_id, EntityAlias.alias)
    ):
        names[claim_id].append(alias)
    rows = conn.execute(
        select(
            Claim.id,
            Claim.document_id,
            Claim.statement,
            Claim.exact,
            Claim.speaker,
            Claim.hedging,
            Claim.note,
        ).where(Claim.id.in_(ids))
    )
    return [
        entry(
            "claim",
            claim_id,
            document_id=document_id,
            claim_id=claim_id,
            t1=folded(statement),
            t2=folded(exact, speaker, hedging),
            t3=distinct(*names[claim_id]),
            t4=folded(note, *notes[claim_id]),
        )
        for claim_id, document_id, statement, exact, speaker, hedging, note in rows
    ]


def document_entries(conn: Connection, ids: list[int]) -> list[Row]:
    rows = conn.execute(select(Document.id, Document.title, Document.authors).where(Document.id.in_(ids)))
    return [
        entry("document", i, document_id=i, t1=folded(title), t2=folded(*(authors or [])))
        for i, title, authors in rows
    ]


def passage_entries(conn: Connection, ids: list[int]) -> list[Row]:
    """Every passage of the current text of each held document in `ids`."""
    rows = conn.execute(
        select(Document.id, DocumentText.text)
        .join(
            DocumentText,
            (DocumentText.document_id == Document.id) & (DocumentText.revision == Document.revision),
        )
        .where(Document.id.in_(ids))
    )
    return [
        entry("passage", i, document_id=i, start=start, end=end, t2=folded(text[start:end]))
        for i, text in rows
        for start, end in passages(text)
    ]


def entity_entries(conn: Connection, ids: list[int]) -> tuple[list[Row], list[Row]]:
    """The entities' entries, and their name words for typo-tolerant lookup."""
    aliases: dict[int, list[str]] = defaultdict(list)
    for entity_id, alias in conn.execute(
        select(EntityAlias.entity_id, EntityAlias.alias)
        .where(EntityAlias.entity_id.in_(ids))
        .order_by(EntityAlias.alias)
    ):
        aliases[entity_id].append(alias)
    entries, names = [], []
    for i, name, description in conn.execute(
        select(Entity.id, Entity.name, Entity.description).where(Entity.id.in_(ids))
    ):
        entries.append(entry("entity", i, t1=folded(name), t2=distinct(*aliases[i]), t4=folded(description)))
        for token in dict.fromkeys(w for text in (name, *aliases[i]) for w in fold_words(text)):
            names.append({"entity_id": i, "token": token, "skeleton": skeleton(token)})
    return entries, names


def outlet_entries(conn: Connection, ids: list[int]) -> list[Row]:
    rows = conn.execute(select(Outlet.id, Outlet.name, Outlet.grade_reason).where(Outlet.id.in_(ids)))
    return [entry("outlet", i, t1=folded(name), t4=folded(reason)) for i, name, reason in rows]


def citation_entries(conn: Connection, ids: list[int]) -> list[Row]:
    rows = conn.execute(
        select(
            Citation.id,
            Citation.claim_id,
            Claim.document_id,
            Citation.locator,
            Citation.target_person,
            Citation.note,
        )
        .join(Claim, Claim.id == Citation.claim_id)
        .where(Citation.id.in_(ids))
    )
    return [
        entry(
            "citation",
            i,
            document_id=document_id,
            claim_id=claim_id,
            t1=folded(locator),
            t2=folded(person),
            t4=folded(note),
        )
        for i, claim_id, document_id, locator, person, note in rows
    ]
