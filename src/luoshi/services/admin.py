"""Administration views: users, units, API tokens."""

from __future__ import annotations

from pydantic import BaseModel

from luoshi.domain.account import ROLE_LABELS, Role
from luoshi.domain.unit import Unit
from luoshi.services import accounts
from luoshi.services.context import Context


class UserItem(BaseModel):
    name: str
    display_name: str
    role: str
    role_label: str
    unit_code: str | None
    active: bool


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


class AdminContext(BaseModel):
    users: list[UserItem]
    units: list[UnitItem]
    regions: dict[str, str]
    roles: dict[str, str]
    tokens: list[TokenItem]


def admin_context(ctx: Context) -> AdminContext:
    with ctx.reading() as snapshot:
        units = [
            UnitItem(code=u.code, name=u.name, region_code=u.region_code, kind=u.kind)
            for u in snapshot.registry.units()
        ]
        regions = {r.code: r.name for r in snapshot.registry.regions()}
    return AdminContext(
        users=[
            UserItem(
                name=u.name,
                display_name=u.display_name,
                role=u.role.value,
                role_label=ROLE_LABELS[u.role],
                unit_code=u.unit_code,
                active=u.active,
            )
            for u in accounts.users(ctx)
        ],
        units=units,
        regions=regions,
        roles={r.value: ROLE_LABELS[r] for r in Role},
        tokens=[
            TokenItem(id=i, user=u, label=label, created=c, last_used=last, revoked=r)
            for i, u, label, c, last, r in accounts.tokens(ctx)
        ],
    )


def save_unit(ctx: Context, unit: Unit) -> None:
    with ctx.unit_of_work(reason="unit edit") as uow:
        uow.registry.save_unit(unit)
        uow.commit()
