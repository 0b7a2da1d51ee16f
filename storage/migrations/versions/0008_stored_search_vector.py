"""stored search vector on PostgreSQL

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 15:40:00

Ranking recomputed `to_tsvector(search_text)` for every matching row; a stored, generated
column makes ranking read the vector instead. SQLite's FTS5 table is unchanged.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE article ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
    )
    op.execute("DROP INDEX IF EXISTS ix_article_search")
    op.execute("CREATE INDEX ix_article_search ON article USING GIN (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_article_search")
    op.execute("ALTER TABLE article DROP COLUMN search_vector")
    op.execute("CREATE INDEX ix_article_search ON article USING GIN (to_tsvector('simple', search_text))")
