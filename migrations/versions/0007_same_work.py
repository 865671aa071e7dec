"""one work, one source: same_work links, document redirects, and the work index (canonical URL,
title + outlet + date, MinHash bands of the text) that finds a document's other records on entry

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

The work index is derived (like the search index): every document is queued here, and
`provenance db upgrade` fills the index in the same transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "same_work",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("same_as_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("document_id <> same_as_id", name=op.f("ck_same_work_two_documents")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_same_work_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["same_as_id"], ["document.id"], name=op.f("fk_same_work_same_as_id_document"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_same_work")),
    )
    with op.batch_alter_table("same_work", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_same_work_same_as_id"), ["same_as_id"], unique=False)
    op.create_table(
        "document_redirect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("old_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_redirect_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_redirect")),
        sa.UniqueConstraint("key", name=op.f("uq_document_redirect_key")),
        sa.UniqueConstraint("old_id", name=op.f("uq_document_redirect_old_id")),
    )
    with op.batch_alter_table("document_redirect", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_redirect_document_id"), ["document_id"], unique=False)
    op.create_table(
        "work_index",
        sa.Column("document_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("url_key", sa.String(length=64), nullable=True),
        sa.Column("title_key", sa.String(length=64), nullable=True),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_work_index")),
    )
    with op.batch_alter_table("work_index", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_index_url_key"), ["url_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_index_title_key"), ["title_key"], unique=False)
    op.create_table(
        "work_band",
        sa.Column("band", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("document_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("band", "document_id", name=op.f("pk_work_band")),
    )
    with op.batch_alter_table("work_band", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_band_document_id"), ["document_id"], unique=False)
    # Every document into the queue, so the upgrade's index pass fills the work index.
    op.execute(
        "INSERT INTO search_pending (kind, record_id) SELECT 'document', d.id FROM document d "
        "WHERE NOT EXISTS (SELECT 1 FROM search_pending p WHERE p.kind = 'document' AND p.record_id = d.id)"
    )


def downgrade() -> None:
    op.drop_table("work_band")
    op.drop_table("work_index")
    op.drop_table("document_redirect")
    op.drop_table("same_work")
