"""data_version: a counter that moves in commit order; audit entries carry the version that wrote them

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 13:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False, comment="always 1"),
        sa.Column("version", sa.BigInteger(), nullable=False, comment="number of committed writing transactions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
        comment="One row: a counter every writing transaction increments just before it commits, so it moves "
        "in commit order; readers key what they derive from the data by it.",
    )
    # start above every audit entry already written, so that versions keep growing across the upgrade
    start = op.get_bind().execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM audit_log")).scalar_one()
    op.bulk_insert(table, [{"id": 1, "version": int(start)}])
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(
            sa.Column(
                "version",
                sa.BigInteger(),
                nullable=True,
                comment="data version of the transaction that wrote it (data_version.version)",
            )
        )
        batch.create_index(batch.f("ix_audit_log_version"), ["version"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index(batch.f("ix_audit_log_version"))
        batch.drop_column("version")
    op.drop_table("data_version")
