"""数说: the narrative page of a plan (or a goal, unit or indicator of it), its JSON twin and its text download."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.report.present import version_note
from luoshi.services.narrative import NarrativeContext, plan_narrative
from luoshi.web.auth import API_ERRORS, ContextDep, Reader
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)


def _view(
    plan_code: str,
    ctx: ContextDep,
    user: Reader,
    goal: str | None = None,
    unit: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    sim: int = 0,
) -> NarrativeContext:
    """One of ``goal`` (code, with its subtree), ``unit`` (name or code) or ``indicator`` (name or code);
    ``year``: figures up to that year; ``sim=1``: simulated figures where no real one exists (marked 模拟).
    The one dependency of the page, its JSON twin and its download: the same query, the same view."""
    return plan_narrative(
        ctx, plan_code, goal=goal, unit=unit, indicator=indicator, year=year, include_simulated=bool(sim)
    )


NarrativeView = Annotated[NarrativeContext, Depends(_view)]


@router.get("/narrative/{plan_code}", response_class=HTMLResponse, include_in_schema=False)
def narrative_html(request: Request, view: NarrativeView, user: Reader) -> Response:
    return render(request, "narrative.html", view, user)


@router.get("/api/narrative/{plan_code}", summary="数说 (the narrative: sentences with their figures and sources)")
def narrative_api(view: NarrativeView) -> NarrativeContext:
    """One of ``goal`` (code, with its subtree), ``unit`` (name or code) or ``indicator`` (name or code);
    ``year``: figures up to that year; ``sim=1``: simulated figures where no real one exists (marked 模拟)."""
    return view


@router.get("/narrative/{plan_code}/download", response_class=Response, include_in_schema=False)
def narrative_text(view: NarrativeView) -> Response:
    """The narrative as a UTF-8 text file."""
    name = f"数说-{view.scope_name}{'-' + str(view.year) if view.year else ''}.txt"
    text = view.text.rstrip("\n") + f"\n\n（{version_note(view.data_version, date.today())}）\n"
    return Response(
        text.encode("utf-8"),
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )
