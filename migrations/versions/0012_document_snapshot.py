"""what was fetched is kept: a document's snapshots (the bytes a fetch of its URL received, their
sha256, when, from which final address, with which status and content type)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08

A new table only: nothing existing changes, and a store without fetched documents has no rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_snapshot_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_snapshot")),
    )
    with op.batch_alter_table("document_snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_snapshot_document_id"), ["document_id"], unique=False)


def downgrade() -> None:
    op.drop_table("document_snapshot")
