"""the job queue (Procrastinate's schema, PostgreSQL only), job errors, reprocess runs and their progress

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Procrastinate's own tables, types and functions, from the schema file of the installed
        # version, in the schema first on the search_path (ours). SQLite never sees them.
        from storage.queue import apply_schema

        apply_schema(op.get_bind())
    op.create_table(
        "job_error",
        *_timestamps(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("task", sa.Text(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("worker", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_job_error_job_id", "job_error", ["job_id"])
    op.create_table(
        "reprocess_run",
        *_timestamps(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("up_to_id", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("step", sa.Enum("NLP", "STORIES", "DONE", name="reprocessstep"), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "reprocess_done",
        *_timestamps(),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Enum("NLP", "STORIES", "DONE", name="reprocessstep"), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("worker", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["reprocess_run.id"]),
        sa.PrimaryKeyConstraint("run_id", "step", "article_id"),
    )


def downgrade() -> None:
    op.drop_table("reprocess_done")
    op.drop_table("reprocess_run")
    sa.Enum(name="reprocessstep").drop(op.get_bind(), checkfirst=True)
    op.drop_index("ix_job_error_job_id", table_name="job_error")
    op.drop_table("job_error")
    # Procrastinate's tables stay: dropping them would lose the queue; `DROP TABLE procrastinate_*` by hand.
