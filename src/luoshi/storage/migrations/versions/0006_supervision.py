"""matters and matter_events: supervision (督查督办)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 15:13:16.672519
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False, comment="natural key, e.g. DB2025-001"),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source_kind", sa.String(length=16), nullable=False, comment="instruction meeting task other"),
        sa.Column("source_text", sa.Text(), nullable=False, comment="the instruction or decision as written"),
        sa.Column(
            "plan_code", sa.String(length=64), nullable=True, comment="the plan of a task matter (or related plan)"
        ),
        sa.Column("task_code", sa.String(length=64), nullable=True, comment="the plan task it follows, if any"),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False),
        sa.Column("assisting_unit_codes", sa.JSON(), nullable=False, comment="配合单位 codes"),
        sa.Column(
            "deadline", sa.Date(), nullable=False, comment="the current deadline (an approved extension moves it)"
        ),
        sa.Column(
            "state",
            sa.String(length=24),
            nullable=False,
            comment="assigned in_progress closing_requested extension_requested closed",
        ),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True, comment="the day its closing was approved"),
        sa.ForeignKeyConstraint(
            ["lead_unit_id"], ["units.id"], name=op.f("fk_matters_lead_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matters")),
        sa.UniqueConstraint("code", name=op.f("uq_matters_code")),
        comment="Supervised matters (督办事项): assigned to a lead unit with a deadline, followed to closing.",
    )
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matters_lead_unit_id"), ["lead_unit_id"], unique=False)
        batch_op.create_index("ix_matters_state_deadline", ["state", "deadline"], unique=False)

    op.create_table(
        "matter_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, comment="1, 2, ... in the order the steps happened"),
        sa.Column(
            "kind", sa.String(length=24), nullable=False, comment="assigned feedback close_requested ... escalation"
        ),
        sa.Column("actor", sa.String(length=100), nullable=False, comment="who took the step"),
        sa.Column("unit_code", sa.String(length=64), nullable=True, comment="the unit that spoke or was addressed"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False, comment="progress, reason or note"),
        sa.Column("old_deadline", sa.Date(), nullable=True),
        sa.Column("new_deadline", sa.Date(), nullable=True, comment="extension asked for or granted"),
        sa.ForeignKeyConstraint(
            ["matter_id"], ["matters.id"], name=op.f("fk_matter_events_matter_id_matters"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matter_events")),
        sa.UniqueConstraint("matter_id", "seq", name=op.f("uq_matter_events_matter_id")),
        comment="The trail of a matter: feedback, requests, decisions, reminders, escalations, in order.",
    )


def downgrade() -> None:
    op.drop_table("matter_events")
    with op.batch_alter_table("matters", schema=None) as batch_op:
        batch_op.drop_index("ix_matters_state_deadline")
        batch_op.drop_index(batch_op.f("ix_matters_lead_unit_id"))

    op.drop_table("matters")
