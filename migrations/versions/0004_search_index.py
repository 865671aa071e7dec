"""the search index: entries with folded words, the engine's full-text index over them, a queue
that triggers fill on every write, name words for typo-tolerant lookup, entity.folded

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-22

On SQLite the full-text index is an FTS5 table over search_entry (external content, kept in step
by three triggers); on PostgreSQL a GIN index over an immutable function of the same columns (no
extension needed). Both engines get the same queue triggers on every indexed table. The entries
themselves are written by the library (provenance/search/), which folds text in Python so both
engines and the report's search box see the very same words: after this migration every record
is queued, and `provenance db upgrade` indexes them in the same transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None

# Which records a write to each table puts in the queue: (queue kind, column holding its id).
QUEUED: dict[str, tuple[tuple[str, str], ...]] = {
    "outlet": (("outlet", "id"),),
    "document": (("document", "id"),),
    "document_text": (("text", "document_id"),),
    "claim": (("claim", "id"),),
    "claim_entity": (("claim", "claim_id"),),
    "citation": (("citation", "id"), ("claim", "claim_id")),
    "relation": (("claim", "claim_a_id"), ("claim", "claim_b_id")),
    "entity": (("entity", "id"),),
    "entity_alias": (("entity", "entity_id"),),
}
# Everything already in the store, queued once: (queue kind, table, id column, condition).
EXISTING = (
    ("outlet", "outlet", "id", ""),
    ("document", "document", "id", ""),
    ("text", "document", "id", " WHERE revision > 0"),
    ("claim", "claim", "id", ""),
    ("citation", "citation", "id", ""),
    ("entity", "entity", "id", ""),
)
FTS_COLUMNS = ("t1", "t2", "t3", "t4")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("folded", sa.String(length=300), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_entity_folded"), ["folded"], unique=False)
    _refold_names()

    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        *(sa.Column(name, sa.Text(), nullable=False) for name in FTS_COLUMNS),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
    )
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_entry_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_entry_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index("ix_search_entry_kind_record", ["kind", "record_id"], unique=False)
    op.create_table(
        "search_pending",
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name=op.f("pk_search_pending")),
    )
    op.create_table(
        "search_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("skeleton", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_name")),
    )
    with op.batch_alter_table("search_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_name_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_name_skeleton"), ["skeleton"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_name_token"), ["token"], unique=False)

    if sqlite:
        _sqlite_full_text()
        _sqlite_queue()
    else:
        _postgres_full_text()
        _postgres_queue()
    for kind, table, column, where in EXISTING:
        op.execute(
            f"INSERT INTO search_pending (kind, record_id) SELECT '{kind}', {column} FROM {table}{where}"
        )


def _refold_names() -> None:
    """entity.folded for every entity, and aliases folded again: the fold gained rules here."""
    from provenance.text import fold_name

    bind = op.get_bind()
    entity = sa.table("entity", sa.column("id"), sa.column("name"), sa.column("folded"))
    alias = sa.table("entity_alias", sa.column("id"), sa.column("alias"), sa.column("folded"))
    for table, column in ((entity, "name"), (alias, "alias")):
        rows = bind.execute(sa.select(table.c.id, table.c[column])).all()
        if rows:
            bind.execute(
                table.update().where(table.c.id == sa.bindparam("b_id")).values(folded=sa.bindparam("b_f")),
                [{"b_id": row_id, "b_f": fold_name(value)} for row_id, value in rows],
            )


# ----------------------------------------------------------------------------------------- SQLite


def _sqlite_full_text() -> None:
    columns = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    # The words are folded and space-separated already: the ascii tokenizer splits on spaces and
    # keeps every non-ASCII character, so FTS5 sees exactly our words. No phrases are asked of it
    # (detail=column keeps no positions); the prefix indexes serve the typed prefixes.
    op.execute(
        f"CREATE VIRTUAL TABLE search_fts USING fts5({columns}, content='search_entry', "
        "content_rowid='id', tokenize='ascii', prefix='2 3', detail='column')"
    )
    delete = f"INSERT INTO search_fts (search_fts, rowid, {columns}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO search_fts (rowid, {columns}) VALUES (new.id, {new});"
    op.execute(f"CREATE TRIGGER search_fts_insert AFTER INSERT ON search_entry BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER search_fts_delete AFTER DELETE ON search_entry BEGIN {delete} END")
    op.execute(f"CREATE TRIGGER search_fts_update AFTER UPDATE ON search_entry BEGIN {delete} {insert} END")


def _sqlite_queue() -> None:
    for table, targets in QUEUED.items():
        for action, rows in (("INSERT", ("new",)), ("UPDATE", ("old", "new")), ("DELETE", ("old",))):
            body = " ".join(
                f"INSERT OR IGNORE INTO search_pending (kind, record_id) "
                f"SELECT '{kind}', {row}.{column} WHERE {row}.{column} IS NOT NULL;"
                for kind, column in targets
                for row in rows
            )
            op.execute(
                f"CREATE TRIGGER search_queue_{table}_{action.lower()} AFTER {action} ON {table} "
                f"BEGIN {body} END"
            )


# ------------------------------------------------------------------------------------- PostgreSQL


def _postgres_full_text() -> None:
    # One function for the index and the queries, so they cannot drift apart. The words are ours
    # already, so no text-search parser or dictionary touches them: array_to_tsvector keeps each.
    op.execute(
        "CREATE FUNCTION search_tsvector(text, text, text, text) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_tsvector(array_remove("
        "string_to_array($1 || ' ' || $2 || ' ' || $3 || ' ' || $4, ' '), '')) $$"
    )
    op.execute(
        "CREATE INDEX ix_search_entry_words ON search_entry USING gin (search_tsvector(t1, t2, t3, t4))"
    )


def _postgres_queue() -> None:
    # Statement triggers with transition tables: a bundle import's executemany queues its rows in
    # one INSERT … SELECT per statement, not one call per row.
    for table, targets in QUEUED.items():
        statements = []
        for rows, ops in (("new_rows", "'INSERT', 'UPDATE'"), ("old_rows", "'UPDATE', 'DELETE'")):
            inserts = " ".join(
                f"INSERT INTO search_pending (kind, record_id) SELECT DISTINCT '{kind}', {column} "
                f"FROM {rows} WHERE {column} IS NOT NULL ON CONFLICT DO NOTHING;"
                for kind, column in targets
            )
            statements.append(f"IF TG_OP IN ({ops}) THEN {inserts} END IF;")
        op.execute(
            f"CREATE FUNCTION search_queue_{table}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {' '.join(statements)} RETURN NULL; END $$"
        )
        for action, referencing in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            op.execute(
                f"CREATE TRIGGER search_queue_{table}_{action.lower()} AFTER {action} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION search_queue_{table}()"
            )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in QUEUED:
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER search_queue_{table}_{action}" + ("" if sqlite else f" ON {table}"))
        if not sqlite:
            op.execute(f"DROP FUNCTION search_queue_{table}()")
    if sqlite:
        for action in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER search_fts_{action}")
        op.execute("DROP TABLE search_fts")
    else:
        op.execute("DROP INDEX ix_search_entry_words")
        op.execute("DROP FUNCTION search_tsvector(text, text, text, text)")
    with op.batch_alter_table("search_name", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_name_token"))
        batch_op.drop_index(batch_op.f("ix_search_name_skeleton"))
        batch_op.drop_index(batch_op.f("ix_search_name_entity_id"))
    op.drop_table("search_name")
    op.drop_table("search_pending")
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_search_entry_kind_record")
        batch_op.drop_index(batch_op.f("ix_search_entry_claim_id"))
        batch_op.drop_index(batch_op.f("ix_search_entry_document_id"))
    op.drop_table("search_entry")
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_folded"))
        batch_op.drop_column("folded")
