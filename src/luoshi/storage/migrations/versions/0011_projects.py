"""projects, project_stages and project_reports: key projects (重点项目)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 00:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False, comment="natural key, e.g. XM2024-001"),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("leader", sa.String(length=100), nullable=False, comment="分管领导 or 责任人"),
        sa.Column(
            "category",
            sa.String(length=24),
            nullable=False,
            comment="industry infrastructure livelihood ecology urban other",
        ),
        sa.Column(
            "stage",
            sa.String(length=24),
            nullable=False,
            comment="pipeline signed started under_construction completed in_production",
        ),
        sa.Column("build_kind", sa.String(length=16), nullable=False, comment="new 新开工 / continuing 续建"),
        sa.Column("total_investment", sa.BigInteger(), nullable=False, comment="总投资 in 元"),
        sa.Column("annual_plans", sa.JSON(), nullable=False, comment='年度计划投资 in 元 by year: {"2024": 120000000}'),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_finish", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_finish", sa.Date(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column(
            "plan_code",
            sa.String(length=64),
            nullable=True,
            comment="the plan whose goals and indicators it serves",
        ),
        sa.Column("goal_codes", sa.JSON(), nullable=False, comment="goals it serves (codes)"),
        sa.Column("indicator_codes", sa.JSON(), nullable=False, comment="indicators it serves (codes)"),
        sa.Column("batch", sa.String(length=100), nullable=False, comment="e.g. 2021年第二批集中开工"),
        sa.Column("simulated", sa.Boolean(), nullable=False, comment="part of the simulated scenario"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_projects_unit_id_units"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("code", name=op.f("uq_projects_code")),
        comment="Key projects (重点项目): the register; amounts in whole 元. Not part of a plan bundle.",
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index("ix_projects_stage", ["stage"], unique=False)

    op.create_table(
        "project_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, comment="1, 2, ..."),
        sa.Column("stage", sa.String(length=24), nullable=False),
        sa.Column("on", sa.Date(), nullable=False, comment="the day the project reached the stage"),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_stages_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_stages")),
        sa.UniqueConstraint("project_id", "seq", name=op.f("uq_project_stages_project_id")),
        comment="The dated stage changes of a project, in order (the first is the stage it was registered in).",
    )

    op.create_table(
        "project_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False, comment="YYYY-MM"),
        sa.Column("investment", sa.BigInteger(), nullable=False, comment="本月完成投资 in 元"),
        sa.Column("cumulative_year", sa.BigInteger(), nullable=False, comment="本年累计 in 元"),
        sa.Column("cumulative_total", sa.BigInteger(), nullable=False, comment="开工累计 in 元"),
        sa.Column("progress_text", sa.Text(), nullable=False, comment="形象进度"),
        sa.Column("progress_percent", sa.Float(), nullable=True, comment="形象进度 0-100"),
        sa.Column("problems", sa.Text(), nullable=False, comment="存在问题"),
        sa.Column("problem_unit_code", sa.String(length=64), nullable=True, comment="the unit asked to solve them"),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(length=100), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_reports_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_reports")),
        sa.UniqueConstraint("project_id", "month", name=op.f("uq_project_reports_project_id")),
        comment="A project's monthly report: investment (元), 形象进度, 存在问题, next steps.",
    )
    with op.batch_alter_table("project_reports", schema=None) as batch_op:
        batch_op.create_index("ix_project_reports_month", ["month"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("project_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_project_reports_month")
    op.drop_table("project_reports")
    op.drop_table("project_stages")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index("ix_projects_stage")
        batch_op.drop_index(batch_op.f("ix_projects_unit_id"))
    op.drop_table("projects")
