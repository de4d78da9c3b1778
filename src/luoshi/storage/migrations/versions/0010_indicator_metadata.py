"""an indicator's price basis (现价 / 可比价 / 不适用) and metadata: 统计口径 and 数据来源

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 21:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("indicators") as batch:
        batch.add_column(
            sa.Column(
                "price_basis",
                sa.String(length=16),
                nullable=False,
                server_default="not_applicable",
                comment="current 现价 / comparable 可比价 / not_applicable 不适用",
            )
        )
        batch.add_column(
            sa.Column(
                "scope",
                sa.Text(),
                nullable=False,
                server_default="",
                comment="统计口径: what is counted, where and how",
            )
        )
        batch.add_column(
            sa.Column(
                "data_source", sa.Text(), nullable=False, server_default="", comment="数据来源: publisher and release"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("indicators") as batch:
        batch.drop_column("data_source")
        batch.drop_column("scope")
        batch.drop_column("price_basis")
