"""The reports of a reporting round downloaded from the pages they belong to: a unit's round report (from
the unit page and the round page) and the 督查通报 (from the supervision page), as Word and Excel.

A reporter or unit head may download only its own unit's report (403 otherwise); the 督查通报 is for every
reader, as the supervision page is.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from luoshi.services.reports import ReportFile
from luoshi.services.round_reports import resolve_unit, supervision_file, unit_round_file
from luoshi.web.auth import API_ERRORS, ContextDep, Reader, check_unit_reports
from luoshi.web.routes.progress import show_simulated

router = APIRouter(responses=API_ERRORS)

Format = Literal["docx", "xlsx"]


def _attachment(made: ReportFile) -> Response:
    return Response(
        made.content,
        media_type=made.media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(made.file_name)}"},
    )


@router.get("/reports/rounds/{code}/units/{unit_code}.{fmt}", response_class=Response, include_in_schema=False)
def unit_round_report(
    request: Request, code: str, unit_code: str, fmt: Format, ctx: ContextDep, user: Reader
) -> Response:
    """A unit's report for a round (docx or xlsx); the indicators are assessed with the simulated scenario
    when the pages show it (模拟 marks it)."""
    unit, _ = resolve_unit(ctx, unit_code)
    check_unit_reports(user, unit)
    made = unit_round_file(ctx, unit, code, fmt, include_simulated=show_simulated(request, None))
    return _attachment(made)


@router.get("/reports/supervision.{fmt}", response_class=Response, include_in_schema=False)
def supervision_bulletin(
    fmt: Format,
    ctx: ContextDep,
    user: Reader,
    round: Annotated[str | None, Query(max_length=100, description="the round (default: the year's)")] = None,
    as_of: Annotated[date | None, Query(description="as of this day (default: today)")] = None,
) -> Response:
    """The 督查通报 (docx or xlsx), for a round or as of a day."""
    return _attachment(supervision_file(ctx, fmt, round, as_of=as_of))
