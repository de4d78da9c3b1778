"""the period an extracted figure is for (2023, 2016-2020, 2024YTD09), beside its year

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 19:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.add_column(
            sa.Column("period", sa.String(length=16), nullable=True, comment="period code the figure is for")
        )


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("period")
