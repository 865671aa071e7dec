"""proposed readings: an assertion says who proposed it (NULL = the curator) and its state

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07

The reader (provenance.reading) proposes typed values for each claim it reads; they are stored
as assertions with ``proposed_by`` (the reader and its version, "reader/1") and ``status``
proposed, until a curator accepts or rejects them. Every assertion made before this migration
was a curator's: NULL proposer, status accepted. ``reading`` keeps what the reader saw (span,
bounds, the time a count holds for, whether the text withdraws it), so detection compares
readings without reading the text again. A proposal may lack a subject (the claim names no
known entity): ``subject_id`` becomes nullable; accepting one needs a subject.

Downgrading deletes the proposals still open (and any without a subject): they are derived
state, made again by reading the claims.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assertion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposed_by", sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), server_default="accepted", nullable=False)
        )
        batch_op.add_column(sa.Column("reading", sa.JSON(), nullable=True))
        batch_op.alter_column("subject_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint("status_known", "status IN ('proposed', 'accepted', 'rejected')")
        batch_op.create_index("ix_assertion_claim_status", ["claim_id", "status"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM assertion WHERE status <> 'accepted' OR subject_id IS NULL")
    with op.batch_alter_table("assertion", schema=None) as batch_op:
        batch_op.drop_index("ix_assertion_claim_status")
        batch_op.drop_constraint(batch_op.f("ck_assertion_status_known"), type_="check")
        batch_op.alter_column("subject_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("reading")
        batch_op.drop_column("status")
        batch_op.drop_column("proposed_by")
