"""chat filters, the stories each chat was shown, each article's URL as its source gave it and its kind of
text, what a story is about (names) and what matching needs of it (core); the entity index's new keys

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("given_url", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(), server_default="news", nullable=False))
    op.create_table(
        "chat_filter",
        *_timestamps(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Enum("MUTE", "ONLY", name="filterkind"), nullable=False),
        sa.Column("word", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "kind", "key", name="uq_chat_filter"),
    )
    op.create_index("ix_chat_filter_chat_id", "chat_filter", ["chat_id"])
    op.create_table(
        "chat_story",
        *_timestamps(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("last_article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"]),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "story_id", name="uq_chat_story"),
    )
    op.create_index("ix_chat_story_chat_id", "chat_story", ["chat_id"])
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.add_column(sa.Column("names", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("core", sa.JSON(), nullable=True))
    # The entity index is filed under new keys (digest.entity_linking.link_key): a store that holds an
    # index made the old way is rebuilt once at start (bot.ingest.entities.backfill); an empty one is current.
    op.execute(
        sa.text(
            "INSERT INTO index_state (name, complete) SELECT :name, :complete WHERE NOT EXISTS (SELECT 1 FROM entity)"
        ).bindparams(name="entities:link-keys-1", complete=True)
    )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM index_state WHERE name = 'entities:link-keys-1'"))
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.drop_column("core")
        batch_op.drop_column("names")
    op.drop_index("ix_chat_story_chat_id", table_name="chat_story")
    op.drop_table("chat_story")
    op.drop_index("ix_chat_filter_chat_id", table_name="chat_filter")
    op.drop_table("chat_filter")
    sa.Enum(name="filterkind").drop(op.get_bind(), checkfirst=True)
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("kind")
        batch_op.drop_column("given_url")
