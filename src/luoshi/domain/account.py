"""Accounts, roles and what each role may do.

The three administrator roles are kept apart (三员分立, GB/T 22239-2019 level 3): none of them touches plan
data, and no account holds two of them (an account has one role).

=======================  ======================================================================
role                     may
=======================  ======================================================================
admin (系统管理员)       accounts (create, unit, deactivate), units, API tokens; no plan data, no audit log
security_admin (安全管理员) assign roles, reset second factors, end sessions, see the security policy
auditor (审计管理员)     read, search, verify and export the audit log; archive what is past retention
planner (规划编制)       read all; edit the plan (goals, tasks, indicators, targets); enter figures;
                         open, close and reopen reporting rounds
reviewer (审核)          read all; upload documents; accept, edit or reject extracted figures
reporter (填报)          read all; enter figures and task progress for its own unit only
unit_head (单位负责人)   as reporter; approve its own unit's submissions (first approval level)
supervisor (督查督办)    read all; assign and close supervision matters, grant extensions, send reminders
viewer (领导查看)        read all
(public)                 read indicators marked public, without logging in
=======================  ======================================================================

The command line acts, unless told ``--as`` an account, as the server's operator (:data:`OPERATOR`): every
data right, none of the three administrators'. It is no account's role.

>>> can(User("li", Role.REPORTER, unit_code="pc-tjj"), Permission.ENTER_FIGURES, unit_code="pc-fgj")
False
>>> can(User("root", Role.ADMIN), Permission.EDIT_PLAN), can(User("sec", Role.AUDITOR), Permission.READ)
(False, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # 系统管理员
    SECURITY_ADMIN = "security_admin"  # 安全管理员
    AUDITOR = "auditor"  # 审计管理员
    PLANNER = "planner"
    REVIEWER = "reviewer"
    REPORTER = "reporter"
    UNIT_HEAD = "unit_head"
    SUPERVISOR = "supervisor"
    VIEWER = "viewer"
    OPERATOR = "operator"  # the command line at the server; never an account's role


ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "系统管理员",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.AUDITOR: "审计管理员",
    Role.PLANNER: "规划编制",
    Role.REVIEWER: "数据审核",
    Role.REPORTER: "单位填报",
    Role.UNIT_HEAD: "单位负责人",
    Role.SUPERVISOR: "督查督办",
    Role.VIEWER: "领导查看",
    Role.OPERATOR: "命令行操作员",
}


class Permission(StrEnum):
    READ = "read"
    EDIT_PLAN = "edit_plan"
    ENTER_FIGURES = "enter_figures"  # observations and task progress
    UPLOAD_DOCUMENTS = "upload_documents"
    REVIEW = "review"  # accept, edit or reject extracted figures; approve submissions (final level)
    APPROVE_UNIT = "approve_unit"  # approve the own unit's submissions (first level, 单位负责人)
    MANAGE_ROUNDS = "manage_rounds"  # open, close and reopen reporting rounds, set reporting rules
    SUPERVISE = "supervise"  # supervision matters (督查督办): assign, approve closing and extension, remind
    ADMINISTER = "administer"  # 系统管理员: accounts, units, API tokens
    MANAGE_SECURITY = "manage_security"  # 安全管理员: roles, second factors, sessions, the security policy
    READ_AUDIT = "read_audit"  # 审计管理员: read, search, verify, export and archive the audit log


#: the rights of the three administrators, each role holding exactly one of them
ADMINISTRATION: frozenset[Permission] = frozenset(
    {Permission.ADMINISTER, Permission.MANAGE_SECURITY, Permission.READ_AUDIT}
)


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset({Permission.ADMINISTER}),
    Role.SECURITY_ADMIN: frozenset({Permission.MANAGE_SECURITY}),
    Role.AUDITOR: frozenset({Permission.READ_AUDIT}),
    Role.PLANNER: frozenset(
        {
            Permission.READ,
            Permission.EDIT_PLAN,
            Permission.ENTER_FIGURES,
            Permission.UPLOAD_DOCUMENTS,
            Permission.MANAGE_ROUNDS,
        }
    ),
    Role.REVIEWER: frozenset({Permission.READ, Permission.UPLOAD_DOCUMENTS, Permission.REVIEW}),
    Role.REPORTER: frozenset({Permission.READ, Permission.ENTER_FIGURES}),
    Role.UNIT_HEAD: frozenset({Permission.READ, Permission.ENTER_FIGURES, Permission.APPROVE_UNIT}),
    Role.SUPERVISOR: frozenset({Permission.READ, Permission.SUPERVISE}),
    Role.VIEWER: frozenset({Permission.READ}),
    Role.OPERATOR: frozenset(Permission) - ADMINISTRATION,
}

#: the three administrator roles (三员): one each of :data:`ADMINISTRATION`; the last active account of
#: each cannot be deactivated or given another role
ADMINISTRATOR_ROLES: tuple[Role, ...] = (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR)
#: the roles an account may hold (the operator is the command line's, not an account's)
ACCOUNT_ROLES: tuple[Role, ...] = tuple(role for role in Role if role is not Role.OPERATOR)
#: the roles a 系统管理员 gives a new account: the least privileged; the 安全管理员 assigns any other
NEW_ACCOUNT_ROLE = Role.VIEWER

#: permissions a reporter holds only for its own unit's objects
UNIT_BOUND: frozenset[Permission] = frozenset({Permission.ENTER_FIGURES, Permission.APPROVE_UNIT})
#: roles that belong to one unit and hold their unit-bound permissions only for it
UNIT_ROLES: frozenset[Role] = frozenset({Role.REPORTER, Role.UNIT_HEAD})


@dataclass(frozen=True)
class User:
    """An account as the rules see it. ``OPERATOR``: the command line's own actor (see the module's doc)."""

    name: str
    role: Role
    display_name: str = ""
    unit_code: str | None = None
    active: bool = True

    @property
    def label(self) -> str:
        return self.display_name or self.name


def sees_unit_reports(user: User | None, unit_code: str) -> bool:
    """Whether ``user`` may read a unit's own reports (its round report): a reporter or unit head only
    its own unit's, every other reader any unit's.

    >>> sees_unit_reports(User("li", Role.REPORTER, unit_code="pc-tjj"), "pc-fgj")
    False
    >>> sees_unit_reports(User("wang", Role.VIEWER), "pc-fgj")
    True
    """
    if not can(user, Permission.READ):
        return False
    assert user is not None
    return user.role not in UNIT_ROLES or user.unit_code == unit_code


def can(user: User | None, permission: Permission, *, unit_code: str | None = None) -> bool:
    """Whether ``user`` may do ``permission`` (to an object of ``unit_code``, where that matters).

    A reporter's unit-bound permissions hold only for objects its unit owns; an object with no owning
    unit is not a reporter's to write.
    """
    if user is None or not user.active:
        return False
    if permission not in ROLE_PERMISSIONS[user.role]:
        return False
    if user.role in UNIT_ROLES and permission in UNIT_BOUND:
        return unit_code is not None and unit_code == user.unit_code
    return True


def operator(name: str) -> User:
    """The command line's actor when no ``--as`` account is named: every data right, no administration."""
    return User(name, Role.OPERATOR, "命令行")
