"""task_progress: reports of tasks' progress (任务进展), a history

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 15:12:18.546297
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
# the branch this was written on had no 0006 yet; at merge this must become "0006"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "task_progress",
        sa.Column("id", sa.Integer(), nullable=False, comment="the report's key (a history has no other)"),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, comment="when it was reported"),
        sa.Column("reporter", sa.String(length=100), nullable=False, comment="login name of who reported it"),
        sa.Column(
            "unit_code", sa.String(length=64), nullable=True, comment="unit it was reported for (the task's lead)"
        ),
        sa.Column(
            "status", sa.String(length=20), nullable=False, comment="the task's status it reported (not_started ...)"
        ),
        sa.Column("percent", sa.Integer(), nullable=False, comment="share done, 0 to 100"),
        sa.Column("text", sa.Text(), nullable=False, comment="进展情况: what was done, at most 2000 characters"),
        sa.Column("round_code", sa.String(length=64), nullable=True, comment="reporting round it answers, if any"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_task_progress_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_progress")),
        comment="Reports of tasks' progress (任务进展), a history: each report is kept, the newest is current.",
    )
    with op.batch_alter_table("task_progress", schema=None) as batch_op:
        batch_op.create_index("ix_task_progress_task_at", ["task_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task_progress", schema=None) as batch_op:
        batch_op.drop_index("ix_task_progress_task_at")

    op.drop_table("task_progress")
