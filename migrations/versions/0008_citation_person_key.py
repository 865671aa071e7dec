"""neighbourhood reads: citation.target_person_key, the unnamed source a citation names (folded),
indexed with the citation's id

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08

`trace` reads only a claim's neighbourhood; an unnamed source is labelled as it was first written
anywhere in the store, which this index finds in one lookup per source instead of a scan of every
citation. Existing citations are keyed here. Only a column and an index are added, so SQLite alters
the table in place (no copy: the search triggers of 0004 stay attached).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from provenance.chains import person_key

    op.add_column("citation", sa.Column("target_person_key", sa.String(length=300), nullable=True))
    op.create_index("ix_citation_person_key", "citation", ["target_person_key", "id"], unique=False)
    bind = op.get_bind()
    citation = sa.table(
        "citation", sa.column("id"), sa.column("target_person"), sa.column("target_person_key")
    )
    rows = bind.execute(
        sa.select(citation.c.id, citation.c.target_person).where(citation.c.target_person.is_not(None))
    ).all()
    if rows:
        bind.execute(
            citation.update()
            .where(citation.c.id == sa.bindparam("b_id"))
            .values(target_person_key=sa.bindparam("b_key")),
            [{"b_id": row_id, "b_key": person_key(person)} for row_id, person in rows],
        )


def downgrade() -> None:
    op.drop_index("ix_citation_person_key", table_name="citation")
    # A plain DROP COLUMN (SQLite >= 3.35) rather than a batch copy, which would lose the triggers.
    op.execute("ALTER TABLE citation DROP COLUMN target_person_key")
