"""articles whose counts and indexes are written after their placement (article.indexed); the size at
which a story was last checked for drift (story.drift_checked); why a source last failed
(source.last_error_reason)

Storing an article is two transactions: the first, under the store's write lock, stores it and places it
in a story; the second, without it, writes its summary, term and line counts and entity index, and marks it
indexed. An article left unindexed (a worker killed between the two) is indexed by the next pass.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not batch mode: on SQLite that recreates the table, and the full-text triggers with it would go.
    op.add_column("article", sa.Column("indexed", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column("story", sa.Column("drift_checked", sa.Integer(), server_default="0", nullable=False))
    op.add_column("source", sa.Column("last_error_reason", sa.Text(), nullable=True))
    op.create_index(
        "ix_article_unindexed",
        "article",
        ["id"],
        postgresql_where=sa.text("NOT indexed"),
        sqlite_where=sa.text("NOT indexed"),
    )


def downgrade() -> None:
    op.drop_column("source", "last_error_reason")
    op.drop_column("story", "drift_checked")
    op.drop_index("ix_article_unindexed", table_name="article")
    op.drop_column("article", "indexed")
