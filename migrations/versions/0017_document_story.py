"""what the reader keeps of each held text to group documents into stories: its salient words and
the days it names for an event (derived state: filled as claims are logged)

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-08

`claim add` reads the new claim against the other documents of its story; finding the story
read every held text on every command (10 s at 10k documents). The table keeps what that
grouping needs of each text, keyed by its sha256, so a command reads only the texts that
changed. Empty after this migration: the first command that reads fills it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_story",
        sa.Column("document_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("salient", sa.Text(), nullable=False),
        sa.Column("event_days", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_story")),
    )


def downgrade() -> None:
    op.drop_table("document_story")
