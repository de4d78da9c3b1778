"""server-side login sessions, password history, password flags on users, expiry dates on API tokens

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 23:59:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("id_hash", sa.String(length=64), nullable=False, comment="sha256 of the session id"),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "state", sa.String(length=16), nullable=False, comment="active, or second_factor (awaiting a second factor)"
        ),
        sa.Column("address", sa.String(length=64), nullable=False, comment="client address at login"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False, comment="last request (to the minute)"),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=16), nullable=True, comment="logout idle absolute password role ..."),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_login_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        sa.UniqueConstraint("id_hash", name=op.f("uq_login_sessions_id_hash")),
        comment="Browser logins: the cookie holds a random id, this row its hash (not audited; ended rows "
        "are kept a day so that the login page can say why a session ended).",
    )
    with op.batch_alter_table("login_sessions") as batch:
        batch.create_index(batch.f("ix_login_sessions_user_id"), ["user_id"], unique=False)
        batch.create_index(batch.f("ix_login_sessions_ended_at"), ["ended_at"], unique=False)
    op.create_table(
        "password_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False, comment="argon2id hash of a former password"),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_password_history_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_history")),
        comment="Hashes of accounts' earlier passwords, so that the last N are not chosen again.",
    )
    with op.batch_alter_table("password_history") as batch:
        batch.create_index(batch.f("ix_password_history_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
                comment="the password was set by an administrator: change it at the next login",
            )
        )
        batch.add_column(
            sa.Column(
                "password_changed_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="when the password was last set (for its expiry)",
            )
        )
        batch.add_column(
            sa.Column(
                "demo",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
                comment="a demo account (documented password): refused when LUOSHI_ENV=production",
            )
        )
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(
            sa.Column(
                "expires_at", sa.DateTime(timezone=True), nullable=True, comment="refused from then on (none: never)"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("demo")
        batch.drop_column("password_changed_at")
        batch.drop_column("must_change_password")
    op.drop_table("password_history")
    op.drop_table("login_sessions")
