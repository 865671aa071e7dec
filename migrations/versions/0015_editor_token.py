"""workbench sign-in: per-editor tokens, stored as salted scrypt hashes, revocable

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-08

A new table only: nothing existing changes, and a store nobody signs in to has no rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "editor_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lookup", sa.String(length=32), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=128), nullable=False),
        sa.Column("read_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editor_token")),
        sa.UniqueConstraint("lookup", name=op.f("uq_editor_token_lookup")),
        sa.UniqueConstraint("name", name=op.f("uq_editor_token_name")),
    )


def downgrade() -> None:
    op.drop_table("editor_token")
