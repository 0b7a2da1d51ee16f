"""source leases for several ingest workers

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (not batch mode), as in 0005: nothing is recreated.
    op.add_column("source", sa.Column("lease_owner", sa.Text(), nullable=True))
    op.add_column("source", sa.Column("leased_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("source", sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
        batch_op.drop_column("leased_at")
        batch_op.drop_column("lease_owner")
