"""entity index: canonical entities and the articles naming them

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 15:25:00
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
        "entity",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("surname", sa.Text(), nullable=True),
        sa.Column("spellings", sa.JSON(), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_entity_surname", "entity", ["surname"])
    op.create_index("ix_entity_mentions", "entity", ["mentions"])
    op.create_table(
        "article_entity",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("dated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.ForeignKeyConstraint(["entity_id"], ["entity.id"]),
        sa.PrimaryKeyConstraint("article_id", "entity_id"),
    )
    op.create_index("ix_article_entity_recent", "article_entity", ["entity_id", "dated_at"])
    index_state = op.create_table(
        "index_state",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # Articles stored before this revision are indexed by the application at its next start.
    op.bulk_insert(index_state, [{"name": "entities", "complete": False}])


def downgrade() -> None:
    op.drop_table("index_state")
    op.drop_index("ix_article_entity_recent", table_name="article_entity")
    op.drop_table("article_entity")
    op.drop_index("ix_entity_mentions", table_name="entity")
    op.drop_index("ix_entity_surname", table_name="entity")
    op.drop_table("entity")
