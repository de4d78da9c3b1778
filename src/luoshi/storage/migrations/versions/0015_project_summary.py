"""project summary: per project and year, and per month, what the monthly reports add up to

Kept with each report in its transaction, so that the portfolio roll-up and the lagging list read 20,000
summary rows instead of aggregating a year of reports. Filled here from the reports already stored.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 03:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: each project's year: the newest month, its 本年累计, the sum and count of the months (substr: portable)
FILL_YEARS = """
INSERT INTO project_years (project_id, year, last_month, cumulative_year, investment, reports)
SELECT s.project_id, s.year, s.last_month, r.cumulative_year, s.investment, s.reports
FROM (
    SELECT project_id, CAST(substr(month, 1, 4) AS INTEGER) AS year, max(month) AS last_month,
           sum(investment) AS investment, count(*) AS reports
    FROM project_reports GROUP BY project_id, CAST(substr(month, 1, 4) AS INTEGER)
) AS s
JOIN project_reports AS r ON r.project_id = s.project_id AND r.month = s.last_month
"""
FILL_MONTHS = """
INSERT INTO project_months (month, investment, reports)
SELECT month, sum(investment), count(*) FROM project_reports GROUP BY month
"""


def upgrade() -> None:
    op.create_table(
        "project_years",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "last_month",
            sa.String(length=7),
            nullable=False,
            comment="the newest month of the year reported (YYYY-MM)",
        ),
        sa.Column("cumulative_year", sa.BigInteger(), nullable=False, comment="本年累计 of that month's report, in 元"),
        sa.Column("investment", sa.BigInteger(), nullable=False, comment="the sum of the year's 本月完成投资, in 元"),
        sa.Column("reports", sa.Integer(), nullable=False, comment="how many months of the year are reported"),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_years_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("project_id", "year", name=op.f("pk_project_years")),
        comment="Per project and year, what its reports of the year add up to (kept with each report, in its "
        "transaction): the newest month reported, its 本年累计, the sum of the months' investment.",
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("project_years", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_years_year"), ["year"], unique=False)
    op.create_table(
        "project_months",
        sa.Column("month", sa.String(length=7), nullable=False, comment="YYYY-MM"),
        sa.Column("investment", sa.BigInteger(), nullable=False, comment="in 元"),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_project_months")),
        comment="Per month, the sum of every project's 本月完成投资 and how many reports it has (kept with each "
        "report, in its transaction).",
    )
    op.execute(FILL_YEARS)
    op.execute(FILL_MONTHS)


def downgrade() -> None:
    op.drop_table("project_months")
    with op.batch_alter_table("project_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_years_year"))
    op.drop_table("project_years")
