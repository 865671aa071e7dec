"""detection kept current in the flow: each claim's text features (stored per claim version) and a
queue of claims whose contradictions may have changed, filled by triggers on every write

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08

`claim_feature` holds what text suggestions compare (dates and quantities with their readings, the
content words), so `conflicts` never extracts them again for an unchanged claim. `detect_pending`
is filled by triggers on claim, claim_entity, assertion, relation and document (its date supplies
the year of an assertion's value), whatever wrote the row; the library brings detected and
suggested contradictions up to date for the queued claims and empties it before commit
(provenance/detect_sync.py), as the search index does with search_pending (0004). Every claim is
queued here, so the first write (or `db upgrade`'s) computes features and detection for all.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Which claims a write to each table queues: (table, column holding a claim id).
QUEUED: tuple[tuple[str, str], ...] = (
    ("claim", "id"),
    ("claim_entity", "claim_id"),
    ("assertion", "claim_id"),
    ("relation", "claim_a_id"),
    ("relation", "claim_b_id"),
)
TABLES = ("claim", "claim_entity", "assertion", "relation")


def upgrade() -> None:
    op.create_table(
        "claim_feature",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("claim_version", sa.Integer(), nullable=False),
        sa.Column("text_sha1", sa.String(length=40), nullable=False),
        sa.Column("has_values", sa.Boolean(), nullable=False),
        sa.Column("dates", sa.Text(), nullable=False),
        sa.Column("quantities", sa.Text(), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_claim_feature_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_feature")),
    )
    op.create_table(
        "detect_pending",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_detect_pending")),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_queue()
    else:
        _postgres_queue()
    op.execute("INSERT INTO detect_pending (claim_id) SELECT id FROM claim")


def _sqlite_queue() -> None:
    for table in TABLES:
        for action, rows in (("INSERT", ("new",)), ("UPDATE", ("old", "new")), ("DELETE", ("old",))):
            body = " ".join(
                f"INSERT OR IGNORE INTO detect_pending (claim_id) "
                f"SELECT {row}.{column} WHERE {row}.{column} IS NOT NULL;"
                for name, column in QUEUED
                if name == table
                for row in rows
            )
            op.execute(
                f"CREATE TRIGGER detect_queue_{table}_{action.lower()} AFTER {action} ON {table} "
                f"BEGIN {body} END"
            )
    # A document's date gives an assertion's "early February" its year: its claims are queued.
    op.execute(
        "CREATE TRIGGER detect_queue_document_update AFTER UPDATE OF published ON document "
        "BEGIN INSERT OR IGNORE INTO detect_pending (claim_id) "
        "SELECT id FROM claim WHERE document_id = new.id; END"
    )


def _postgres_queue() -> None:
    for table in TABLES:
        statements = []
        for rows, ops in (("new_rows", "'INSERT', 'UPDATE'"), ("old_rows", "'UPDATE', 'DELETE'")):
            inserts = " ".join(
                f"INSERT INTO detect_pending (claim_id) SELECT DISTINCT {column} "
                f"FROM {rows} WHERE {column} IS NOT NULL ON CONFLICT DO NOTHING;"
                for name, column in QUEUED
                if name == table
            )
            statements.append(f"IF TG_OP IN ({ops}) THEN {inserts} END IF;")
        op.execute(
            f"CREATE FUNCTION detect_queue_{table}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {' '.join(statements)} RETURN NULL; END $$"
        )
        for action, referencing in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            op.execute(
                f"CREATE TRIGGER detect_queue_{table}_{action.lower()} AFTER {action} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION detect_queue_{table}()"
            )
    op.execute(
        "CREATE FUNCTION detect_queue_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO detect_pending (claim_id) SELECT claim.id FROM claim JOIN new_rows "
        "ON claim.document_id = new_rows.id JOIN old_rows ON old_rows.id = new_rows.id "
        "WHERE old_rows.published IS DISTINCT FROM new_rows.published ON CONFLICT DO NOTHING; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER detect_queue_document_update AFTER UPDATE ON document "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION detect_queue_document()"
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER detect_queue_{table}_{action}" + ("" if sqlite else f" ON {table}"))
        if not sqlite:
            op.execute(f"DROP FUNCTION detect_queue_{table}()")
    op.execute("DROP TRIGGER detect_queue_document_update" + ("" if sqlite else " ON document"))
    if not sqlite:
        op.execute("DROP FUNCTION detect_queue_document()")
    op.drop_table("detect_pending")
    op.drop_table("claim_feature")
