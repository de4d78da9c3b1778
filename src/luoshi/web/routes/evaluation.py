"""The evaluation report (年度监测报告 / 中期评估报告) downloaded from the cockpit: Word and Excel."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from luoshi.services.reports import evaluation_file
from luoshi.web.auth import API_ERRORS, ContextDep, Reader
from luoshi.web.routes.progress import YearQuery, show_simulated

router = APIRouter(responses=API_ERRORS)


def _download(request: Request, ctx: ContextDep, plan_code: str, fmt: str, year: int | None, mid: int) -> Response:
    made = evaluation_file(
        ctx, plan_code, fmt, year=year, mid_term=bool(mid), include_simulated=show_simulated(request, None)
    )
    return Response(
        made.content,
        media_type=made.media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(made.file_name)}"},
    )


@router.get("/reports/{plan_code}/evaluation.docx", response_class=Response, include_in_schema=False)
def evaluation_docx(
    request: Request, plan_code: str, ctx: ContextDep, user: Reader, year: YearQuery = None, mid: int = 0
) -> Response:
    """The evaluation report as a Word document, as of the end of ``year``; ``mid=1``: the mid-term wording.
    The simulated scenario is in it when the cockpit shows it (模拟 marks it)."""
    return _download(request, ctx, plan_code, "docx", year, mid)


@router.get("/reports/{plan_code}/evaluation.xlsx", response_class=Response, include_in_schema=False)
def evaluation_xlsx(
    request: Request, plan_code: str, ctx: ContextDep, user: Reader, year: YearQuery = None, mid: int = 0
) -> Response:
    """The evaluation report's figures as a workbook: every indicator's series, the gap list, overdue tasks."""
    return _download(request, ctx, plan_code, "xlsx", year, mid)
