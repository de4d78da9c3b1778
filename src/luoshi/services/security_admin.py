"""The 安全管理员's desk (三员分立): every account with its role, second factor and open sessions; the role ×
permission table; the security policy in force. Roles are assigned here (services.accounts.assign_role), second
factors reset (services.two_factor.reset) and an account's sessions ended."""

from __future__ import annotations

from pydantic import BaseModel

from luoshi.domain.account import (
    ACCOUNT_ROLES,
    ROLE_LABELS,
    ROLE_PERMISSIONS,
    Permission,
    User,
    can,
)
from luoshi.domain.errors import Forbidden
from luoshi.domain.security import HASH_ALGORITHM_LABELS
from luoshi.domain.session import EndReason
from luoshi.services import sessions
from luoshi.services.admin import UserItem
from luoshi.services.context import Context

PERMISSION_LABELS: dict[Permission, str] = {
    Permission.READ: "查看规划与数据",
    Permission.EDIT_PLAN: "编辑规划",
    Permission.ENTER_FIGURES: "填报数据",
    Permission.UPLOAD_DOCUMENTS: "上传文件",
    Permission.REVIEW: "审核数据",
    Permission.APPROVE_UNIT: "单位审核",
    Permission.MANAGE_ROUNDS: "管理填报轮次",
    Permission.SUPERVISE: "督查督办",
    Permission.ADMINISTER: "账号、单位与接口令牌",
    Permission.MANAGE_SECURITY: "角色、双因素与会话",
    Permission.READ_AUDIT: "审计日志",
}


class AccountItem(UserItem):
    """An account as the system administrator's list shows it, with its second factor and open sessions."""

    two_factor_enrolled: bool
    two_factor_required: bool
    open_sessions: int


class PolicyItem(BaseModel):
    """One line of the policy in force: what, its value, and the setting that changes it."""

    label: str
    value: str
    setting: str


class RoleRow(BaseModel):
    role: str
    label: str
    permissions: list[str]


class SecurityDesk(BaseModel):
    accounts: list[AccountItem]
    #: the roles an account may be given, value → label
    roles: dict[str, str]
    matrix: list[RoleRow]
    policy: list[PolicyItem]


def _minutes(total: float) -> str:
    minutes = int(total // 60)
    return f"{minutes // 60} 小时" if minutes % 60 == 0 and minutes >= 60 else f"{minutes} 分钟"


def policy_items(ctx: Context) -> list[PolicyItem]:
    sec = ctx.security
    pw, ss = sec.passwords, sec.sessions
    required = sorted(sec.two_factor.required_roles, key=ACCOUNT_ROLES.index)
    return [
        PolicyItem(label="密码最短长度", value=f"{pw.min_length} 位", setting="LUOSHI_PASSWORD_MIN_LENGTH"),
        PolicyItem(label="密码字符种类（至少）", value=f"{pw.classes} 类", setting="LUOSHI_PASSWORD_CLASSES"),
        PolicyItem(
            label="密码有效期",
            value=f"{pw.expiry_days} 天" if pw.expiry_days else "不过期",
            setting="LUOSHI_PASSWORD_EXPIRY_DAYS",
        ),
        PolicyItem(label="不得重复使用最近的密码", value=f"{pw.history} 个", setting="LUOSHI_PASSWORD_HISTORY"),
        PolicyItem(label="空闲超时", value=_minutes(ss.idle.total_seconds()), setting="LUOSHI_SESSION_IDLE_MINUTES"),
        PolicyItem(
            label="登录最长时间",
            value=_minutes(ss.absolute.total_seconds()),
            setting="LUOSHI_SESSION_ABSOLUTE_HOURS",
        ),
        PolicyItem(label="每个账号只允许一处登录", value="是" if ss.single else "否", setting="LUOSHI_SESSION_SINGLE"),
        PolicyItem(
            label="须用双因素认证的角色",
            value="、".join(ROLE_LABELS[r] for r in required) or "无",
            setting="LUOSHI_TWO_FACTOR_ROLES",
        ),
        PolicyItem(
            label="接口令牌有效期",
            value=f"{sec.token_life.days} 天" if sec.token_life else "不过期",
            setting="LUOSHI_TOKEN_DAYS",
        ),
        PolicyItem(label="审计日志摘要算法", value=HASH_ALGORITHM_LABELS[ctx.audit_hash], setting="LUOSHI_AUDIT_HASH"),
        PolicyItem(
            label="审计日志保存期", value=f"{ctx.audit_retention_days} 天", setting="LUOSHI_AUDIT_RETENTION_DAYS"
        ),
        PolicyItem(label="生产环境（拒绝演示账号）", value="是" if sec.production else "否", setting="LUOSHI_ENV"),
    ]


def _check(actor: User) -> None:
    if not can(actor, Permission.MANAGE_SECURITY):
        raise Forbidden("只有安全管理员可以管理角色与会话")


def security_desk(ctx: Context, actor: User) -> SecurityDesk:
    _check(actor)
    with ctx.reading() as snapshot:
        people = snapshot.accounts.users()
        demo = {u.name for u in people if snapshot.accounts.is_demo(u.name)}
        enrolled = {u.name for u in people if (found := snapshot.two_factor.find(u.name)) and found.confirmed}
        open_counts = {u.name: snapshot.sessions.open_count(u.name) for u in people}
    two_factor = ctx.security.two_factor
    return SecurityDesk(
        accounts=[
            AccountItem(
                **UserItem.of(u).model_dump(),
                two_factor_enrolled=u.name in enrolled,
                two_factor_required=two_factor.requires(u.role, demo=u.name in demo),
                open_sessions=open_counts[u.name],
            )
            for u in people
        ],
        roles={r.value: ROLE_LABELS[r] for r in ACCOUNT_ROLES},
        matrix=[
            RoleRow(
                role=r.value,
                label=ROLE_LABELS[r],
                permissions=[PERMISSION_LABELS[p] for p in Permission if p in ROLE_PERMISSIONS[r]],
            )
            for r in ACCOUNT_ROLES
        ],
        policy=policy_items(ctx),
    )


def end_sessions(ctx: Context, actor: User, name: str) -> int:
    """End every open session of ``name`` (a stolen laptop, a departure); returns how many ended."""
    _check(actor)
    with ctx.unit_of_work(reason="sessions ended", actor=actor.name) as uow:
        uow.accounts.user(name)  # NotFound for an unknown name
        ended = sessions.end_all(uow, name, EndReason.SECURITY, ctx.clock())
        uow.commit()
    return ended
