"""The database tables (SQLAlchemy 2.0 declarative, typed). Rows are not domain objects: the
repositories in :mod:`luoshi.storage.repository` convert at the boundary.

Every table names its natural key in a unique constraint, so that loading a plan file twice is
idempotent and so that a later partitioning by region has a key to work with.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment with its offset, read back aware in UTC on every database: SQLite keeps no offset, so what
    it returns is read as the UTC it was written in (PostgreSQL's ``timestamptz`` returns aware values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None and dialect.name == "sqlite":
            return value.astimezone(UTC)  # one offset in the file, so that text order is time order
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class RegionRow(Base):
    __tablename__ = "regions"
    __table_args__ = {"comment": "Administrative regions (GB/T 2260), a tree."}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, comment="administrative division code")
    name: Mapped[str] = mapped_column(String(100), comment="name, e.g. 平城区")
    level: Mapped[str] = mapped_column(String(20), comment="country province city district county ...")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)


class UnitRow(Base):
    __tablename__ = "units"
    __table_args__ = {"comment": "Government units (departments) that own tasks and indicators."}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="department")
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = {"comment": "Source documents whose text is kept so that provenance spans can be shown."}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(32), comment="newspaper work_report communique plan bulletin other")
    file_name: Mapped[str] = mapped_column(String(500))
    published: Mapped[str | None] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), comment="hash of the UTF-8 text")
    text: Mapped[str] = mapped_column(Text, comment="the full text as read (offsets index into it)")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = {"comment": "Development plans (规划) of a region."}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    vision_year: Mapped[int | None] = mapped_column(Integer, comment="远景目标 year")
    description: Mapped[str] = mapped_column(Text, default="")


class GoalRow(Base):
    __tablename__ = "goals"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        {"comment": "The goal tree of a plan: positions, pillars, focus areas, actions, measures."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    display_code: Mapped[str] = mapped_column(String(32), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0, comment="order among siblings")
    weight: Mapped[float | None] = mapped_column(Float, comment="roll-up weight (None = equal)")


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("plan_id", "code"), {"comment": "Tasks under goals, with owners."})

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    support_unit_codes: Mapped[list[str]] = mapped_column(default=list, comment="配合单位 codes")
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    position: Mapped[int] = mapped_column(Integer, default=0)


class TaskProgressRow(Base):
    __tablename__ = "task_progress"
    __table_args__ = (
        Index("ix_task_progress_task_at", "task_id", "at"),
        {"comment": "Reports of tasks' progress (任务进展), a history: each report is kept, the newest is current."},
    )

    id: Mapped[int] = mapped_column(primary_key=True, comment="the report's key (a history has no other)")
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), comment="when it was reported")
    reporter: Mapped[str] = mapped_column(String(100), comment="login name of who reported it")
    unit_code: Mapped[str | None] = mapped_column(String(64), comment="unit it was reported for (the task's lead)")
    status: Mapped[str] = mapped_column(String(20), comment="the task's status it reported (not_started ...)")
    percent: Mapped[int] = mapped_column(Integer, comment="share done, 0 to 100")
    text: Mapped[str] = mapped_column(Text, default="", comment="进展情况: what was done, at most 2000 characters")
    round_code: Mapped[str | None] = mapped_column(String(64), comment="reporting round it answers, if any")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class IndicatorRow(Base):
    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("plan_id", "code"), {"comment": "Indicators of a plan."})

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[str]] = mapped_column(default=list)
    unit: Mapped[str] = mapped_column(String(32), comment="base unit values are stored in (元, %, 家)")
    display_unit: Mapped[str] = mapped_column(String(32), comment="unit people read (亿元)")
    direction: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(12), comment="indicative 预期性 / binding 约束性")
    frequency: Mapped[str] = mapped_column(String(16))
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    goal_codes: Mapped[list[str]] = mapped_column(default=list, comment="goals this indicator measures")
    description: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    price_basis: Mapped[str] = mapped_column(
        String(16), default="not_applicable", comment="current 现价 / comparable 可比价 / not_applicable 不适用"
    )
    scope: Mapped[str] = mapped_column(Text, default="", comment="统计口径: what is counted, where and how")
    data_source: Mapped[str] = mapped_column(Text, default="", comment="数据来源: publisher and release")
    origin: Mapped[str] = mapped_column(
        String(100),
        default="planfile",
        server_default="planfile",
        comment="what created it: planfile (a plan file may delete it) or review (the review queue)",
    )


class _ProvenanceColumns:
    """Where a figure came from (shared by targets and observations)."""

    origin: Mapped[str] = mapped_column(
        String(100), comment="what wrote it: planfile:<plan>, review, upload, simulation", index=True
    )
    provenance_kind: Mapped[str | None] = mapped_column(String(16))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    span_start: Mapped[int | None] = mapped_column(Integer, comment="str offset of the evidence")
    span_end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    source_row: Mapped[int | None] = mapped_column(Integer)
    source_note: Mapped[str | None] = mapped_column(Text)


class TargetRow(_ProvenanceColumns, Base):
    __tablename__ = "targets"
    __table_args__ = (
        UniqueConstraint("indicator_id", "measure", "target_year"),
        {"comment": "Targets: a level or a growth rate by a target year."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    measure: Mapped[str] = mapped_column(String(10))
    comparator: Mapped[str] = mapped_column(String(2))
    value: Mapped[float] = mapped_column(Float, comment="level in the base unit; growth in percent")
    printed_value: Mapped[str | None] = mapped_column(String(40))
    base_year: Mapped[int | None] = mapped_column(Integer)
    base_value: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)
    annualized: Mapped[bool] = mapped_column(Boolean, default=False)


class ObservationRow(_ProvenanceColumns, Base):
    __tablename__ = "observations"
    __table_args__ = (
        UniqueConstraint("indicator_id", "region_id", "period", "measure", "scenario"),
        Index("ix_observations_region_year", "region_id", "year"),
        {"comment": "Observed values of indicators, with provenance."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"))
    period: Mapped[str] = mapped_column(String(16), comment="2020, 2020Q3, 2020YTD09, 2016-2020")
    period_kind: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer, comment="the (last) year the value is for")
    start_year: Mapped[int | None] = mapped_column(Integer, comment="first year of a multi-year span")
    measure: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float, comment="in the indicator's base unit; growth in percent")
    unit: Mapped[str] = mapped_column(String(32))
    printed_value: Mapped[str | None] = mapped_column(String(40), comment="digits as printed (precision)")
    printed_unit: Mapped[str | None] = mapped_column(String(32))
    comparator: Mapped[str] = mapped_column(
        String(2), default="=", comment="= exactly; > for 3000余个, >= for 310天以上, <= for 控制在4.5%以内"
    )
    annualized: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="final")
    scenario: Mapped[str] = mapped_column(String(32), default="actual")


class StatementRow(Base):
    __tablename__ = "statements"
    __table_args__ = (
        UniqueConstraint("document_id", "start", "end", "measure"),
        Index("ix_statements_plan_status", "plan_id", "status"),
        {"comment": "The review queue: figures extracted from documents, waiting to be accepted or rejected."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), comment="plan whose catalogue it was matched against"
    )
    start: Mapped[int] = mapped_column(Integer, comment="str offset where the evidence starts")
    end: Mapped[int] = mapped_column(Integer, comment="str offset just after the evidence")
    text: Mapped[str] = mapped_column(Text, comment="the evidence, = document text[start:end]")
    indicator: Mapped[str] = mapped_column(String(300), comment="indicator as the text names it")
    region: Mapped[str | None] = mapped_column(String(100), comment="region the text names, if any")
    modality: Mapped[str] = mapped_column(String(8), comment="actual or target")
    measure: Mapped[str] = mapped_column(String(10), comment="level or growth")
    value: Mapped[float] = mapped_column(Float, comment="in the base unit; growth in percent")
    unit: Mapped[str] = mapped_column(String(32), comment="base unit (元, %, 家)")
    comparator: Mapped[str] = mapped_column(String(2), comment="= >= > <= < ~")
    year: Mapped[int | None] = mapped_column(Integer, comment="year the value is for (last of a period)")
    start_year: Mapped[int | None] = mapped_column(Integer, comment="first year of a multi-year period")
    annualized: Mapped[bool] = mapped_column(Boolean, default=False, comment="年均 rate")
    period: Mapped[str | None] = mapped_column(String(16), comment="period code the figure is for")
    status: Mapped[str] = mapped_column(String(10), default="pending", comment="pending accepted rejected")
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", ondelete="SET NULL"), comment="matched (or, once accepted, chosen) indicator"
    )
    match_score: Mapped[float | None] = mapped_column(Float, comment="0..1, how well the name matched")
    match_reason: Mapped[str | None] = mapped_column(String(300), comment="why it matched, e.g. alias 生产总值")
    proposed_name: Mapped[str | None] = mapped_column(String(300), comment="new indicator name when unmatched")
    proposed_unit: Mapped[str | None] = mapped_column(String(32), comment="unit of the proposed indicator")
    reviewer: Mapped[str | None] = mapped_column(String(100), comment="who accepted or rejected it")
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    edits: Mapped[dict[str, Any] | None] = mapped_column(comment="fields the reviewer changed, new values")
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="SET NULL"), comment="the observation it became"
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("targets.id", ondelete="SET NULL"), comment="the target it became"
    )
    reject_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = {"comment": "Accounts: who may read and write what (role, and for reporters their unit)."}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True, comment="login name")
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16), comment="admin planner reporter reviewer viewer")
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), comment="the unit a reporter writes for"
    )
    password_hash: Mapped[str] = mapped_column(String(200), comment="argon2id hash")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, comment="the password was set by an administrator: change it at the next login"
    )
    password_changed_at: Mapped[datetime | None] = mapped_column(
        UtcDateTime(), comment="when the password was last set (for its expiry)"
    )
    demo: Mapped[bool] = mapped_column(
        Boolean, default=False, comment="a demo account (documented password): refused when LUOSHI_ENV=production"
    )


class PasswordHistoryRow(Base):
    __tablename__ = "password_history"
    __table_args__ = {"comment": "Hashes of accounts' earlier passwords, so that the last N are not chosen again."}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200), comment="argon2id hash of a former password")
    set_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class TwoFactorRow(Base):
    __tablename__ = "two_factor"
    __table_args__ = {"comment": "Accounts' TOTP secrets (RFC 6238): unconfirmed while enrolling, then in use."}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    secret: Mapped[str] = mapped_column(String(64), comment="base32 TOTP secret (needed to check codes: not a hash)")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(
        UtcDateTime(), comment="when the user proved the secret with a code (none: enrolment unfinished)"
    )
    last_step: Mapped[int | None] = mapped_column(
        BigInteger, comment="time step of the last accepted code: codes of that step or earlier are refused"
    )


class RecoveryCodeRow(Base):
    __tablename__ = "recovery_codes"
    __table_args__ = {"comment": "One-time recovery codes of the second factor, hashed (SHA-256); each works once."}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), comment="sha256 of the normalised code")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), comment="when it was used (none: still valid)")


class LoginSessionRow(Base):
    __tablename__ = "login_sessions"
    __table_args__ = {
        "comment": "Browser logins: the cookie holds a random id, this row its hash (not audited; ended rows "
        "are kept a day so that the login page can say why a session ended)."
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="sha256 of the session id")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), comment="active, or second_factor (awaiting a second factor)")
    address: Mapped[str] = mapped_column(String(64), default="", comment="client address at login")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime(), comment="last request (to the minute)")
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    end_reason: Mapped[str | None] = mapped_column(String(16), comment="logout idle absolute password role ...")


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"
    __table_args__ = {"comment": "Bearer tokens for machine clients; only a hash of the token is kept."}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="sha256 of the token")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), comment="refused from then on (none: never)")


class SettingRow(Base):
    __tablename__ = "settings"
    __table_args__ = {"comment": "Values the installation keeps, such as the session signing secret."}

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LoginFailureRow(Base):
    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_pair", "name", "address", "at"),
        Index("ix_login_failures_address", "address", "at"),
        {"comment": "Failed logins, for the login throttle (not audited; old rows are deleted as new ones come)."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), comment="login name as typed (trimmed); need not exist")
    address: Mapped[str] = mapped_column(String(64), comment="client address the attempt came from")
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True, comment="when it was attempted")


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_object", "object_type", "object_key"),
        {"comment": "Every create, update and delete of plan items and observations."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(10), comment="create update delete")
    object_type: Mapped[str] = mapped_column(String(20))
    object_key: Mapped[str] = mapped_column(String(300), comment="natural key, e.g. pingcheng-14/goal/H1")
    plan_code: Mapped[str | None] = mapped_column(String(64), index=True)
    old: Mapped[dict[str, Any] | None] = mapped_column(comment="values before (None on create)")
    new: Mapped[dict[str, Any] | None] = mapped_column(comment="values after (None on delete)")
    reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int | None] = mapped_column(
        BigInteger, index=True, comment="data version of the transaction that wrote it (data_version.version)"
    )
    seq: Mapped[int | None] = mapped_column(
        BigInteger, index=True, unique=True, comment="place in the hash chain: 1, 2, 3, ... (docs/security.md)"
    )
    prev_hash: Mapped[str | None] = mapped_column(String(64), comment="entry_hash of the entry before (chain)")
    entry_hash: Mapped[str | None] = mapped_column(String(64), comment="digest of the entry's canonical form")
    hash_alg: Mapped[str | None] = mapped_column(String(10), comment="sha256 or sm3")


class AuditHeadRow(Base):
    __tablename__ = "audit_head"
    __table_args__ = {
        "comment": "One row: the audit chain's newest seq and hash. Every append locks and moves it, so the "
        "chain stays linear under concurrent writers; verify finds entries deleted from the end by it."
    }

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, comment="always 1")
    seq: Mapped[int] = mapped_column(BigInteger, comment="seq of the newest entry (0: none yet)")
    entry_hash: Mapped[str] = mapped_column(String(64), comment="entry_hash of the newest entry")


class DataVersionRow(Base):
    __tablename__ = "data_version"
    __table_args__ = {
        "comment": "One row: a counter every writing transaction increments just before it commits, so it "
        "moves in commit order; readers key what they derive from the data by it."
    }

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, comment="always 1")
    version: Mapped[int] = mapped_column(BigInteger, comment="number of committed writing transactions")


class RoundRow(Base):
    __tablename__ = "rounds"
    __table_args__ = (
        Index("ix_rounds_plan_state", "plan_id", "state"),
        {"comment": "Reporting rounds (填报轮次): a period, the indicators and tasks asked for, a due date."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True, comment="e.g. pingcheng-14-2024Q3")
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    period: Mapped[str] = mapped_column(String(16), comment="2024, 2024H1, 2024Q3, 2024M09, 2024YTD09")
    due: Mapped[date] = mapped_column(Date, comment="submissions first made after this day are late")
    approval_levels: Mapped[int] = mapped_column(Integer, comment="1: bureau only; 2: unit head, then bureau")
    indicator_codes: Mapped[list[str]] = mapped_column(comment="indicators asked for")
    task_codes: Mapped[list[str]] = mapped_column(comment="tasks whose progress is asked for")
    state: Mapped[str] = mapped_column(String(10), default="open", comment="open closed")
    scenario: Mapped[str] = mapped_column(
        String(32), default="actual", comment="scenario of the observations it writes (simulated in the demo)"
    )
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    projects: Mapped[bool] = mapped_column(
        Boolean,
        default=False,
        server_default=false(),
        comment="a month's round that asks every unit for its key projects' monthly reports",
    )


class SubmissionRow(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("round_id", "unit_id"),
        {"comment": "What one unit owes in a round, and where its approval stands."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="pending", comment="domain.rounds.SubmissionState")
    first_submitted_at: Mapped[datetime | None] = mapped_column(
        UtcDateTime(), comment="first submission (timeliness counts this one)"
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), comment="latest submission")
    submitted_by: Mapped[str | None] = mapped_column(String(100))
    unit_approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    returned_count: Mapped[int] = mapped_column(Integer, default=0, comment="times returned (first-pass rate)")
    comment: Mapped[str | None] = mapped_column(Text, comment="the latest return comment or reopen reason")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class SubmissionEventRow(Base):
    __tablename__ = "submission_events"
    __table_args__ = {"comment": "The trail of a submission: saved, submitted, approved, returned, reopened."}

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)


class RoundValueRow(Base):
    __tablename__ = "round_values"
    __table_args__ = (
        UniqueConstraint("submission_id", "line_key"),
        {"comment": "Values a unit entered in a round (draft until approved; then also observations)."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    line_key: Mapped[str] = mapped_column(String(100), comment="indicator code, or code:growth")
    value: Mapped[float] = mapped_column(Float, comment="in the unit of measure asked for")
    printed: Mapped[str] = mapped_column(String(40), comment="digits as typed")
    note: Mapped[str] = mapped_column(Text, default="")
    jump_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(200), comment="web, or the sheet's file name and row")
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class RoundTaskReportRow(Base):
    __tablename__ = "round_task_reports"
    __table_args__ = (
        UniqueConstraint("submission_id", "task_code"),
        {"comment": "Task progress a unit reported in a round."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    task_code: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    percent: Mapped[int] = mapped_column(Integer, comment="0..100 done")
    text: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class EvidenceRow(Base):
    __tablename__ = "evidence_files"
    __table_args__ = (
        UniqueConstraint("submission_id", "task_code", "sha256"),
        {"comment": "Files a unit attached to its task progress, stored with their sha256."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    task_code: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ReminderRow(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_round_unit", "round_id", "unit_id"),
        {"comment": "Reminders (催报) sent to a unit about a round: when and by whom."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    sent_by: Mapped[str] = mapped_column(String(100))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class ReportingRulesRow(Base):
    __tablename__ = "reporting_rules"
    __table_args__ = {"comment": "A plan's reporting checks (ranges, jump share) and ranking weights, as JSON."}

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    rules: Mapped[dict[str, Any]] = mapped_column(comment="see docs/methodology.md")


class MatterRow(Base):
    __tablename__ = "matters"
    __table_args__ = (
        Index("ix_matters_state_deadline", "state", "deadline"),
        {"comment": "Supervised matters (督办事项): assigned to a lead unit with a deadline, followed to closing."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True, comment="natural key, e.g. DB2025-001")
    title: Mapped[str] = mapped_column(String(300))
    source_kind: Mapped[str] = mapped_column(String(16), comment="instruction meeting task other")
    source_text: Mapped[str] = mapped_column(Text, default="", comment="the instruction or decision as written")
    plan_code: Mapped[str | None] = mapped_column(String(64), comment="the plan of a task matter (or related plan)")
    task_code: Mapped[str | None] = mapped_column(String(64), comment="the plan task it follows, if any")
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    assisting_unit_codes: Mapped[list[str]] = mapped_column(default=list, comment="配合单位 codes")
    deadline: Mapped[date] = mapped_column(Date, comment="the current deadline (an approved extension moves it)")
    state: Mapped[str] = mapped_column(
        String(24), comment="assigned in_progress closing_requested extension_requested closed"
    )
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    closed_on: Mapped[date | None] = mapped_column(Date, comment="the day its closing was approved")


class MatterEventRow(Base):
    __tablename__ = "matter_events"
    __table_args__ = (
        UniqueConstraint("matter_id", "seq"),
        {"comment": "The trail of a matter: feedback, requests, decisions, reminders, escalations, in order."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer, comment="1, 2, ... in the order the steps happened")
    kind: Mapped[str] = mapped_column(String(24), comment="assigned feedback close_requested ... escalation")
    actor: Mapped[str] = mapped_column(String(100), comment="who took the step")
    unit_code: Mapped[str | None] = mapped_column(String(64), comment="the unit that spoke or was addressed")
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="", comment="progress, reason or note")
    old_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date | None] = mapped_column(Date, comment="extension asked for or granted")


class ProjectRow(Base):
    __tablename__ = "projects"
    __table_args__ = (
        Index("ix_projects_stage", "stage"),
        {"comment": "Key projects (重点项目): the register; amounts in whole 元. Not part of a plan bundle."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True, comment="natural key, e.g. XM2024-001")
    name: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    leader: Mapped[str] = mapped_column(String(100), default="", comment="分管领导 or 责任人")
    category: Mapped[str] = mapped_column(String(24), comment="industry infrastructure livelihood ecology urban other")
    stage: Mapped[str] = mapped_column(
        String(24), comment="pipeline signed started under_construction completed in_production"
    )
    build_kind: Mapped[str] = mapped_column(String(16), comment="new 新开工 / continuing 续建")
    total_investment: Mapped[int] = mapped_column(BigInteger, comment="总投资 in 元")
    annual_plans: Mapped[dict[str, Any]] = mapped_column(comment='年度计划投资 in 元 by year: {"2024": 120000000}')
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_finish: Mapped[date | None] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_finish: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(300), default="")
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    plan_code: Mapped[str | None] = mapped_column(String(64), comment="the plan whose goals and indicators it serves")
    goal_codes: Mapped[list[str]] = mapped_column(default=list, comment="goals it serves (codes)")
    indicator_codes: Mapped[list[str]] = mapped_column(default=list, comment="indicators it serves (codes)")
    batch: Mapped[str] = mapped_column(String(100), default="", comment="e.g. 2021年第二批集中开工")
    simulated: Mapped[bool] = mapped_column(Boolean, default=False, comment="part of the simulated scenario")


class ProjectStageRow(Base):
    __tablename__ = "project_stages"
    __table_args__ = (
        UniqueConstraint("project_id", "seq"),
        {"comment": "The dated stage changes of a project, in order (the first is the stage it was registered in)."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer, comment="1, 2, ...")
    stage: Mapped[str] = mapped_column(String(24))
    on: Mapped[date] = mapped_column(Date, comment="the day the project reached the stage")
    actor: Mapped[str] = mapped_column(String(100))


class ProjectReportRow(Base):
    __tablename__ = "project_reports"
    __table_args__ = (
        UniqueConstraint("project_id", "month"),
        Index("ix_project_reports_month", "month"),
        {"comment": "A project's monthly report: investment (元), 形象进度, 存在问题, next steps."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7), comment="YYYY-MM")
    investment: Mapped[int] = mapped_column(BigInteger, comment="本月完成投资 in 元")
    cumulative_year: Mapped[int] = mapped_column(BigInteger, comment="本年累计 in 元")
    cumulative_total: Mapped[int] = mapped_column(BigInteger, comment="开工累计 in 元")
    progress_text: Mapped[str] = mapped_column(Text, default="", comment="形象进度")
    progress_percent: Mapped[float | None] = mapped_column(Float, comment="形象进度 0-100")
    problems: Mapped[str] = mapped_column(Text, default="", comment="存在问题")
    problem_unit_code: Mapped[str | None] = mapped_column(String(64), comment="the unit asked to solve them")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(String(100))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    round_code: Mapped[str | None] = mapped_column(
        String(100), comment="the reporting round it answered (rounds.code); empty when reported outside a round"
    )


class ProjectYearRow(Base):
    __tablename__ = "project_years"
    __table_args__ = (
        {
            "comment": "Per project and year, what its reports of the year add up to (kept with each report, in "
            "its transaction): the newest month reported, its 本年累计, the sum of the months' investment.",
            # on SQLite the row lives in its key's tree: the roll-up's 20,000 look-ups take one seek each
            "sqlite_with_rowid": False,
        },
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    last_month: Mapped[str] = mapped_column(String(7), comment="the newest month of the year reported (YYYY-MM)")
    cumulative_year: Mapped[int] = mapped_column(BigInteger, comment="本年累计 of that month's report, in 元")
    investment: Mapped[int] = mapped_column(BigInteger, comment="the sum of the year's 本月完成投资, in 元")
    reports: Mapped[int] = mapped_column(Integer, comment="how many months of the year are reported")


class ProjectMonthRow(Base):
    __tablename__ = "project_months"
    __table_args__ = (
        {
            "comment": "Per month, the sum of every project's 本月完成投资 and how many reports it has (kept with "
            "each report, in its transaction)."
        },
    )

    month: Mapped[str] = mapped_column(String(7), primary_key=True, comment="YYYY-MM")
    investment: Mapped[int] = mapped_column(BigInteger, comment="in 元")
    reports: Mapped[int] = mapped_column(Integer)


__all__ = [
    "ApiTokenRow",
    "AuditHeadRow",
    "AuditRow",
    "Base",
    "DataVersionRow",
    "DocumentRow",
    "EvidenceRow",
    "GoalRow",
    "IndicatorRow",
    "LoginFailureRow",
    "MatterEventRow",
    "MatterRow",
    "ObservationRow",
    "PlanRow",
    "ProjectMonthRow",
    "ProjectReportRow",
    "ProjectRow",
    "ProjectStageRow",
    "ProjectYearRow",
    "RegionRow",
    "ReminderRow",
    "ReportingRulesRow",
    "RoundRow",
    "RoundTaskReportRow",
    "RoundValueRow",
    "SettingRow",
    "StatementRow",
    "SubmissionEventRow",
    "SubmissionRow",
    "TargetRow",
    "TaskProgressRow",
    "TaskRow",
    "UnitRow",
    "UserRow",
]
