"""project rounds: a month's reporting round may ask for the key projects' monthly reports, and a report
records the round it answered

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 04:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "projects",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
                comment="a month's round that asks every unit for its key projects' monthly reports",
            )
        )
    with op.batch_alter_table("project_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "round_code",
                sa.String(length=100),
                nullable=True,
                comment="the reporting round it answered (rounds.code); empty when reported outside a round",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("project_reports", schema=None) as batch_op:
        batch_op.drop_column("round_code")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_column("projects")
