"""index the self-references article.duplicate_of_id and story.merged_into_id

Without them, deleting an article or a story makes the database scan the whole table for
rows pointing at it (foreign-key checks), and "the copies of this report" is a scan too.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 20:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_article_duplicate_of_id", "article", ["duplicate_of_id"])
    op.create_index("ix_story_merged_into_id", "story", ["merged_into_id"])


def downgrade() -> None:
    op.drop_index("ix_story_merged_into_id", table_name="story")
    op.drop_index("ix_article_duplicate_of_id", table_name="article")
