"""reporting rounds: rounds, submissions and their trail, values, task reports, evidence files, reminders,
and each plan's reporting rules

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 15:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reporting_rules",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False, comment="see docs/methodology.md"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_reporting_rules_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_reporting_rules")),
        comment="A plan's reporting checks (ranges, jump share) and ranking weights, as JSON.",
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False, comment="e.g. pingcheng-14-2024Q3"),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False, comment="2024, 2024H1, 2024Q3, 2024M09, 2024YTD09"),
        sa.Column("due", sa.Date(), nullable=False, comment="submissions first made after this day are late"),
        sa.Column("approval_levels", sa.Integer(), nullable=False, comment="1: bureau only; 2: unit head, then bureau"),
        sa.Column("indicator_codes", sa.JSON(), nullable=False, comment="indicators asked for"),
        sa.Column("task_codes", sa.JSON(), nullable=False, comment="tasks whose progress is asked for"),
        sa.Column("state", sa.String(length=10), nullable=False, comment="open closed"),
        sa.Column(
            "scenario",
            sa.String(length=32),
            nullable=False,
            comment="scenario of the observations it writes (simulated in the demo)",
        ),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_rounds_plan_id_plans"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("code", name=op.f("uq_rounds_code")),
        comment="Reporting rounds (填报轮次): a period, the indicators and tasks asked for, a due date.",
    )
    op.create_index("ix_rounds_plan_state", "rounds", ["plan_id", "state"], unique=False)
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("sent_by", sa.String(length=100), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_reminders_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_reminders_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        comment="Reminders (催报) sent to a unit about a round: when and by whom.",
    )
    op.create_index("ix_reminders_round_unit", "reminders", ["round_id", "unit_id"], unique=False)
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False, comment="domain.rounds.SubmissionState"),
        sa.Column(
            "first_submitted_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="first submission (timeliness counts this one)",
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True, comment="latest submission"),
        sa.Column("submitted_by", sa.String(length=100), nullable=True),
        sa.Column("unit_approved_by", sa.String(length=100), nullable=True),
        sa.Column("approved_by", sa.String(length=100), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_count", sa.Integer(), nullable=False, comment="times returned (first-pass rate)"),
        sa.Column("comment", sa.Text(), nullable=True, comment="the latest return comment or reopen reason"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_submissions_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_submissions_unit_id_units"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("round_id", "unit_id", name=op.f("uq_submissions_round_id")),
        comment="What one unit owes in a round, and where its approval stands.",
    )
    op.create_index(op.f("ix_submissions_unit_id"), "submissions", ["unit_id"], unique=False)
    op.create_table(
        "evidence_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("task_code", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_evidence_files_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_files")),
        sa.UniqueConstraint("submission_id", "task_code", "sha256", name=op.f("uq_evidence_files_submission_id")),
        comment="Files a unit attached to its task progress, stored with their sha256.",
    )
    op.create_table(
        "round_task_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("task_code", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False, comment="0..100 done"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_round_task_reports_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_task_reports")),
        sa.UniqueConstraint("submission_id", "task_code", name=op.f("uq_round_task_reports_submission_id")),
        comment="Task progress a unit reported in a round.",
    )
    op.create_table(
        "round_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("line_key", sa.String(length=100), nullable=False, comment="indicator code, or code:growth"),
        sa.Column("value", sa.Float(), nullable=False, comment="in the unit of measure asked for"),
        sa.Column("printed", sa.String(length=40), nullable=False, comment="digits as typed"),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("jump_confirmed", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False, comment="web, or the sheet's file name and row"),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_round_values_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_values")),
        sa.UniqueConstraint("submission_id", "line_key", name=op.f("uq_round_values_submission_id")),
        comment="Values a unit entered in a round (draft until approved; then also observations).",
    )
    op.create_table(
        "submission_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_events_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_events")),
        comment="The trail of a submission: saved, submitted, approved, returned, reopened.",
    )
    op.create_index(op.f("ix_submission_events_submission_id"), "submission_events", ["submission_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_submission_events_submission_id"), table_name="submission_events")
    op.drop_table("submission_events")
    op.drop_table("round_values")
    op.drop_table("round_task_reports")
    op.drop_table("evidence_files")
    op.drop_index(op.f("ix_submissions_unit_id"), table_name="submissions")
    op.drop_table("submissions")
    op.drop_index("ix_reminders_round_unit", table_name="reminders")
    op.drop_table("reminders")
    op.drop_index("ix_rounds_plan_state", table_name="rounds")
    op.drop_table("rounds")
    op.drop_table("reporting_rules")
