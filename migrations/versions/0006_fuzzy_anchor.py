"""re-anchoring keeps claims: the anchor state 'fuzzy', the anchor score, the span a claim was made on

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

The anchor state is stored as a string (VARCHAR(20), no native enum type and no CHECK constraint, on
both engines), so the new value 'fuzzy' needs no type change: on PostgreSQL there is no enum type to
ALTER. Only columns are added, so SQLite alters the table in place (no copy: the search triggers
of 0004 stay attached).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("anchor_score", "made_revision", "made_start", "made_end")


def upgrade() -> None:
    op.add_column("claim", sa.Column("anchor_score", sa.Float(), nullable=True))
    op.add_column("claim", sa.Column("made_revision", sa.Integer(), nullable=True))
    op.add_column("claim", sa.Column("made_start", sa.Integer(), nullable=True))
    op.add_column("claim", sa.Column("made_end", sa.Integer(), nullable=True))


def downgrade() -> None:
    # The older schema knows no fuzzy state: such a claim still sits on its (edited) span of the
    # current text, which is what 'moved' says.
    op.execute("UPDATE claim SET anchor_state = 'moved' WHERE anchor_state = 'fuzzy'")
    for name in reversed(COLUMNS):
        # A plain DROP COLUMN (SQLite >= 3.35) rather than a batch copy, which would lose the triggers.
        op.execute(f"ALTER TABLE claim DROP COLUMN {name}")
