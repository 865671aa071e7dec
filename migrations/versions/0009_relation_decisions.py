"""a curator's decision on a relation kept apart from its note: decided_by, decided_at, decision_note

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Until now `conflicts confirm|dismiss --note` appended the curator's note to the relation's note
(the tool's reason) after a newline. Existing decisions are moved out where the event log shows
them: the last confirm or dismiss event of a relation gives who and when, and a note that grew by
a line at that event gives the decision's note back (the note is restored to what it was before).
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy on SQLite, which would lose the search-queue triggers).
    op.add_column("relation", sa.Column("decided_by", sa.String(length=200), nullable=True))
    op.add_column("relation", sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("relation", sa.Column("decision_note", sa.Text(), nullable=True))
    _split_decisions()


def _split_decisions() -> None:
    conn = op.get_bind()
    event = sa.table(
        "event",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("noun", sa.String),
        sa.column("record_id", sa.Integer),
        sa.column("before", sa.JSON),
    )
    relation = sa.table(
        "relation",
        sa.column("id", sa.Integer),
        sa.column("note", sa.Text),
        sa.column("decided_by", sa.String),
        sa.column("decided_at", sa.DateTime(timezone=True)),
        sa.column("decision_note", sa.Text),
    )
    last: dict[int, tuple[Any, str, Any]] = {}
    for _id, at, actor, record_id, before in conn.execute(
        sa.select(event.c.id, event.c.at, event.c.actor, event.c.record_id, event.c.before)
        .where(
            event.c.noun == "relation",
            event.c.action.in_(("confirm", "dismiss")),
            event.c.record_id.is_not(None),
        )
        .order_by(event.c.id)
    ):
        last[int(record_id)] = (at, actor, before)
    if not last:
        return
    notes = dict(conn.execute(sa.select(relation.c.id, relation.c.note).where(relation.c.id.in_(last))).all())
    for relation_id, (at, actor, before) in last.items():
        if relation_id not in notes:
            continue
        if isinstance(before, str):
            before = json.loads(before)
        note, old = notes[relation_id], (before or {}).get("note")
        kept, decision = note, None
        if note is not None and old and note.startswith(f"{old}\n"):
            kept, decision = old, note[len(old) + 1 :]
        elif note is not None and not old:
            kept, decision = None, note
        conn.execute(
            relation.update()
            .where(relation.c.id == relation_id)
            .values(note=kept, decided_by=actor, decided_at=at, decision_note=decision)
        )


def downgrade() -> None:
    # The decision's note goes back where 0007 kept it: after the relation's note, on a new line.
    relation = sa.table(
        "relation",
        sa.column("id", sa.Integer),
        sa.column("note", sa.Text),
        sa.column("decision_note", sa.Text),
    )
    conn = op.get_bind()
    for relation_id, note, decision in conn.execute(
        sa.select(relation.c.id, relation.c.note, relation.c.decision_note).where(
            relation.c.decision_note.is_not(None)
        )
    ).all():
        conn.execute(
            relation.update()
            .where(relation.c.id == relation_id)
            .values(note=f"{note}\n{decision}" if note else decision)
        )
    for name in ("decision_note", "decided_at", "decided_by"):
        # A plain DROP COLUMN (SQLite >= 3.35) rather than a batch copy, which would lose the triggers.
        op.execute(f"ALTER TABLE relation DROP COLUMN {name}")
