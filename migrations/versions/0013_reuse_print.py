"""text reuse: the winnowed prints of each held document's text (provenance.reading.reuse), the
index that finds the documents sharing a passage with one (a syndicated paragraph, a quotation)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08

Derived like the work index: every document is queued here, and `provenance db upgrade` fills the
prints in the same transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reuse_print",
        sa.Column("print", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("document_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("print", "document_id", name=op.f("pk_reuse_print")),
    )
    with op.batch_alter_table("reuse_print", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reuse_print_document_id"), ["document_id"], unique=False)
    op.execute(
        "INSERT INTO search_pending (kind, record_id) SELECT 'document', d.id FROM document d "
        "WHERE NOT EXISTS (SELECT 1 FROM search_pending p WHERE p.kind = 'document' AND p.record_id = d.id)"
    )


def downgrade() -> None:
    op.drop_table("reuse_print")
