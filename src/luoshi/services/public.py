"""The public page (政务公开): indicators marked public, on real figures only, readable without a login."""

from __future__ import annotations

from pydantic import BaseModel

from luoshi.report import present
from luoshi.services.context import Context
from luoshi.services.plans import read_plan
from luoshi.services.progress import assess_plan


class PublicIndicator(BaseModel):
    code: str
    name: str
    unit: str
    latest: str | None
    target: str | None
    status: str
    status_label: str


class PublicPlan(BaseModel):
    plan_code: str
    plan_name: str
    years: str
    indicators: list[PublicIndicator]


def public_view(ctx: Context, plan_code: str | None = None) -> PublicPlan:
    """What the public may read: no simulated figures, no owners, no internal notes."""
    bundle = read_plan(ctx, plan_code)
    public = {i.code for i in bundle.indicators if i.public}
    progress = assess_plan(ctx, bundle.plan.code, include_simulated=False)
    return PublicPlan(
        plan_code=bundle.plan.code,
        plan_name=bundle.plan.name,
        years=f"{bundle.plan.start_year}-{bundle.plan.end_year}",
        indicators=[
            PublicIndicator(
                code=p.code,
                name=p.name,
                unit=p.unit,
                latest=(
                    present.dated_quantity(p.current_year, p.current_value, p.unit)
                    if p.current_value is not None
                    else None
                ),
                target=p.target_text,
                status=p.status,
                status_label=p.status_label,
            )
            for p in progress.indicators
            if p.code in public
        ],
    )
