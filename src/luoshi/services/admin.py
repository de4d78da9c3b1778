"""Administration views: users, units, API tokens."""

from __future__ import annotations

from pydantic import BaseModel

from luoshi.domain.account import ACCOUNT_ROLES, ADMINISTRATOR_ROLES, NEW_ACCOUNT_ROLE, ROLE_LABELS, User
from luoshi.domain.unit import Unit
from luoshi.services import accounts
from luoshi.services.context import Context

#: a new account's role: the one that may only read (the 安全管理员 assigns any other)
DEFAULT_ROLE = NEW_ACCOUNT_ROLE


class UserItem(BaseModel):
    name: str
    display_name: str
    role: str
    role_label: str
    unit_code: str | None
    active: bool
    #: one of the three administrators (no API token for them)
    administrator: bool = False

    @classmethod
    def of(cls, user: User) -> UserItem:
        return cls(
            name=user.name,
            display_name=user.display_name,
            role=user.role.value,
            role_label=ROLE_LABELS[user.role],
            unit_code=user.unit_code,
            active=user.active,
            administrator=user.role in ADMINISTRATOR_ROLES,
        )


class UnitItem(BaseModel):
    code: str
    name: str
    region_code: str
    kind: str


class TokenItem(BaseModel):
    id: int
    user: str
    label: str
    created: str
    last_used: str | None
    revoked: bool
    #: when the token stops working (ISO, to the minute); None: never
    expires: str | None = None


class AdminContext(BaseModel):
    users: list[UserItem]
    units: list[UnitItem]
    regions: dict[str, str]
    roles: dict[str, str]
    tokens: list[TokenItem]
    #: what the new-user form preselects: the least-privileged role
    default_role: str = DEFAULT_ROLE.value
    #: what the new-unit form preselects: the plans' region (None when no plan or plans of several regions)
    default_region: str | None = None


def admin_context(ctx: Context) -> AdminContext:
    with ctx.reading() as snapshot:
        units = [
            UnitItem(code=u.code, name=u.name, region_code=u.region_code, kind=u.kind)
            for u in snapshot.registry.units()
        ]
        regions = {r.code: r.name for r in snapshot.registry.regions()}
        plan_regions = {p.region_code for p in snapshot.plans.plans()}
    default_region = next(iter(plan_regions)) if len(plan_regions) == 1 else None
    return AdminContext(
        users=[UserItem.of(u) for u in accounts.users(ctx)],
        units=units,
        regions=regions,
        roles={r.value: ROLE_LABELS[r] for r in ACCOUNT_ROLES},
        tokens=[
            TokenItem(id=i, user=u, label=label, created=c, last_used=last, revoked=r, expires=expires)
            for i, u, label, c, last, r, expires in accounts.tokens(ctx)
        ],
        default_region=default_region if default_region in regions else None,
    )


def save_unit(ctx: Context, unit: Unit) -> None:
    with ctx.unit_of_work(reason="unit edit") as uow:
        uow.registry.save_unit(unit)
        uow.commit()
