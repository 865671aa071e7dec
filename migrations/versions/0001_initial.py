"""initial schema: outlets, documents, claims, citations, relations, entities, assertions, events

Revision ID: 0001
Revises:
Create Date: 2026-11-21 05:03:47.469425
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "person",
                "group",
                "place",
                "incident",
                "work",
                "other",
                name="entity_kind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity")),
        sa.UniqueConstraint("key", name=op.f("uq_entity_key")),
        sa.UniqueConstraint("name", name=op.f("uq_entity_name")),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("noun", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("record_key", sa.String(length=120), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actor"), ["actor"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_at"), ["at"], unique=False)
        batch_op.create_index("ix_event_noun_record", ["noun", "record_id"], unique=False)

    op.create_table(
        "outlet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "grade",
            sa.Enum("A", "B", "C", "D", "E", "F", name="grade", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("grade_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlet")),
        sa.UniqueConstraint("key", name=op.f("uq_outlet_key")),
        sa.UniqueConstraint("name", name=op.f("uq_outlet_name")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("part_of_id", sa.Integer(), nullable=True),
        sa.Column("part_start", sa.Integer(), nullable=True),
        sa.Column("part_end", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(part_of_id IS NULL AND part_start IS NULL AND part_end IS NULL) OR (part_of_id IS NOT NULL AND part_start >= 0 AND part_end >= part_start)",
            name=op.f("ck_document_part_span"),
        ),
        sa.CheckConstraint("revision >= 0", name=op.f("ck_document_revision_not_negative")),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlet.id"], name=op.f("fk_document_outlet_id_outlet"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["part_of_id"], ["document.id"], name=op.f("fk_document_part_of_id_document"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("key", name=op.f("uq_document_key")),
        sa.UniqueConstraint("sha256", name=op.f("uq_document_sha256")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_outlet_id"), ["outlet_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_part_of_id"), ["part_of_id"], unique=False)

    op.create_table(
        "entity_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("folded", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_entity_alias_entity_id_entity"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_alias")),
        sa.UniqueConstraint("alias", name=op.f("uq_entity_alias_alias")),
    )
    with op.batch_alter_table("entity_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_alias_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_entity_alias_folded"), ["folded"], unique=False)

    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("suffix", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("speaker", sa.String(length=300), nullable=False),
        sa.Column("hedging", sa.String(length=200), nullable=True),
        sa.Column(
            "verdict",
            sa.Enum(
                "unreviewed",
                "supported",
                "disputed",
                "refuted",
                "unverifiable",
                name="verdict",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("credibility", sa.Integer(), nullable=True),
        sa.Column(
            "anchor_state",
            sa.Enum(
                "exact", "moved", "ambiguous", "orphaned", name="anchor_state", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "credibility IS NULL OR (credibility BETWEEN 1 AND 6)", name=op.f("ck_claim_credibility")
        ),
        sa.CheckConstraint('start >= 0 AND "end" > start', name=op.f("ck_claim_span")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_claim_document_id_document"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
        sa.UniqueConstraint("key", name=op.f("uq_claim_key")),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_document_id"), ["document_id"], unique=False)

    op.create_table(
        "document_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_text_document_id_document"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_text")),
        sa.UniqueConstraint("document_id", "revision", name=op.f("uq_document_text_document_id_revision")),
    )
    op.create_table(
        "assertion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("property", sa.String(length=200), nullable=False),
        sa.Column(
            "value_type",
            sa.Enum("date", "quantity", "entity", "text", name="value_type", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("value_entity_id", sa.Integer(), nullable=True),
        sa.Column("holds_for", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_assertion_claim_id_claim"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["entity.id"], name=op.f("fk_assertion_subject_id_entity"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["value_entity_id"],
            ["entity.id"],
            name=op.f("fk_assertion_value_entity_id_entity"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assertion")),
    )
    with op.batch_alter_table("assertion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assertion_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assertion_subject_id"), ["subject_id"], unique=False)
        batch_op.create_index("ix_assertion_subject_property", ["subject_id", "property"], unique=False)

    op.create_table(
        "citation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "quotes",
                "paraphrases",
                "cites",
                "according_to",
                name="citation_kind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("target_document_id", sa.Integer(), nullable=True),
        sa.Column("target_entity_id", sa.Integer(), nullable=True),
        sa.Column("target_person", sa.String(length=300), nullable=True),
        sa.Column("locator", sa.String(length=500), nullable=True),
        sa.Column("locator_start", sa.Integer(), nullable=True),
        sa.Column("locator_end", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN target_document_id IS NULL THEN 0 ELSE 1 END + CASE WHEN target_entity_id IS NULL THEN 0 ELSE 1 END + CASE WHEN target_person IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_citation_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_citation_claim_id_claim"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["target_document_id"],
            ["document.id"],
            name=op.f("fk_citation_target_document_id_document"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["target_entity_id"],
            ["entity.id"],
            name=op.f("fk_citation_target_entity_id_entity"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citation")),
    )
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citation_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_citation_target_document_id"), ["target_document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_citation_target_entity_id"), ["target_entity_id"], unique=False)

    op.create_table(
        "claim_entity",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_claim_entity_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entity.id"], name=op.f("fk_claim_entity_entity_id_entity"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("claim_id", "entity_id", name=op.f("pk_claim_entity")),
    )
    with op.batch_alter_table("claim_entity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_entity_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_a_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "contradicts",
                "corroborates",
                "repeats",
                "refines",
                "corrects",
                name="relation_kind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("claim_b_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "confirmed",
                "detected",
                "suggested",
                "dismissed",
                name="relation_status",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("claim_a_id <> claim_b_id", name=op.f("ck_relation_two_claims")),
        sa.ForeignKeyConstraint(
            ["claim_a_id"], ["claim.id"], name=op.f("fk_relation_claim_a_id_claim"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["claim_b_id"], ["claim.id"], name=op.f("fk_relation_claim_b_id_claim"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relation")),
        sa.UniqueConstraint(
            "claim_a_id", "kind", "claim_b_id", name=op.f("uq_relation_claim_a_id_kind_claim_b_id")
        ),
    )
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relation_claim_a_id"), ["claim_a_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_claim_b_id"), ["claim_b_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relation_claim_b_id"))
        batch_op.drop_index(batch_op.f("ix_relation_claim_a_id"))

    op.drop_table("relation")
    with op.batch_alter_table("claim_entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_entity_entity_id"))

    op.drop_table("claim_entity")
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citation_target_entity_id"))
        batch_op.drop_index(batch_op.f("ix_citation_target_document_id"))
        batch_op.drop_index(batch_op.f("ix_citation_claim_id"))

    op.drop_table("citation")
    with op.batch_alter_table("assertion", schema=None) as batch_op:
        batch_op.drop_index("ix_assertion_subject_property")
        batch_op.drop_index(batch_op.f("ix_assertion_subject_id"))
        batch_op.drop_index(batch_op.f("ix_assertion_claim_id"))

    op.drop_table("assertion")
    op.drop_table("document_text")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_document_id"))

    op.drop_table("claim")
    with op.batch_alter_table("entity_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_alias_folded"))
        batch_op.drop_index(batch_op.f("ix_entity_alias_entity_id"))

    op.drop_table("entity_alias")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_part_of_id"))
        batch_op.drop_index(batch_op.f("ix_document_outlet_id"))

    op.drop_table("document")
    op.drop_table("outlet")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_noun_record")
        batch_op.drop_index(batch_op.f("ix_event_at"))
        batch_op.drop_index(batch_op.f("ix_event_actor"))

    op.drop_table("event")
    op.drop_table("entity")
