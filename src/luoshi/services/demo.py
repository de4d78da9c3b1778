"""The demo: the Pingcheng plan and one account per role, with a documented password."""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.domain.account import Role, User
from luoshi.domain.errors import NotFound
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.plans import LoadResult, demo_plan_path, load_plan
from luoshi.services.project_demo import simulate_projects
from luoshi.services.reporting_demo import simulate_reporting, simulate_supervision
from luoshi.services.simulation import simulate_plan

DEMO_PASSWORD = "luoshi-demo"


@dataclass(frozen=True)
class DemoAccount:
    name: str
    role: Role
    display_name: str
    unit_code: str | None = None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", Role.ADMIN, "系统管理员"),
    DemoAccount("security", Role.SECURITY_ADMIN, "安全管理员"),
    DemoAccount("auditor", Role.AUDITOR, "审计管理员"),
    DemoAccount("planner", Role.PLANNER, "发改局规划科"),
    DemoAccount("reviewer", Role.REVIEWER, "统计局审核员"),
    DemoAccount("reporter", Role.REPORTER, "行政审批局填报员", "pc-shenpi"),
    DemoAccount("head", Role.UNIT_HEAD, "行政审批局负责人", "pc-shenpi"),
    DemoAccount("tjj", Role.REPORTER, "统计局填报员", "pc-tjj"),
    DemoAccount("grid", Role.REPORTER, "网格化服务管理中心填报员", "pc-wgzx"),
    DemoAccount("supervisor", Role.SUPERVISOR, "区委督查室"),
    DemoAccount("leader", Role.VIEWER, "区领导"),
)


def load_demo(ctx: Context, *, simulation: bool = True) -> tuple[LoadResult, list[DemoAccount]]:
    """Load the Pingcheng plan, its simulated 2021-2024 scenario and key-project portfolio (unless
    ``simulation`` is off), and the demo accounts that do not exist yet (returns those created)."""
    result = load_plan(ctx, demo_plan_path())
    if simulation:
        simulate_plan(ctx, result.plan_code)
        simulate_reporting(ctx, result.plan_code)
        simulate_supervision(ctx, result.plan_code)
        simulate_projects(ctx, result.plan_code)
    created = []
    for account in DEMO_ACCOUNTS:
        try:
            accounts.user_by_name(ctx, account.name)
        except NotFound:
            created.append(account)
    users = [User(a.name, a.role, a.display_name, a.unit_code) for a in created]
    # they share the documented password (one argon2 hash for all), exempt from the policy, refused in production
    accounts.add_users(ctx, users, DEMO_PASSWORD, demo=True)
    return result, created
