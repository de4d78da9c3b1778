"""Documents in, figures out: upload a Chinese text (a file or pasted), see the extracted figures in
context, accept (optionally edited) or reject each into observations and targets; see the conflicts
between figures (数据冲突, ``/review/conflicts``) and decide which one holds."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as FastApiPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from luoshi.domain.account import User
from luoshi.domain.errors import Conflict, InvalidInput, Location, Problem
from luoshi.domain.measurement import require_finite
from luoshi.ingest.text import decode_text
from luoshi.services import review
from luoshi.services.conflicts import ConflictList, list_conflicts
from luoshi.services.documents import PlanChoice, document_list, plan_choices
from luoshi.services.review_page import ReviewPageContext, review_page, statement_page_item
from luoshi.web.auth import API_ERRORS, ContextDep, ErrorDetail, Reader, Reviewer, Uploader
from luoshi.web.templating import render

#: a statement's row id (an integer column: larger numbers name no statement)
StatementId = Annotated[int, FastApiPath(ge=1, le=2**31 - 1)]
#: the same, as a filter or the statement chosen in a conflict
StatementNumber = Annotated[int, Field(ge=1, le=2**31 - 1)]

router = APIRouter(responses={**API_ERRORS, 409: {"model": ErrorDetail, "description": "已审核过 (decided already)"}})
MAX_UPLOAD = 20 * 1024 * 1024


class TextUpload(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_UPLOAD)
    file_name: str = Field(default="pasted.txt", max_length=200)
    doc_year: int | None = Field(default=None, ge=1949, le=2100)
    title: str | None = Field(default=None, max_length=300)
    plan: str | None = None


class AcceptInput(BaseModel):
    indicator_code: str | None = None
    value: float | None = Field(default=None, allow_inf_nan=False)
    year: int | None = Field(default=None, ge=1949, le=2100)
    period: str | None = None
    create_indicator: bool = False


class RejectInput(BaseModel):
    reason: str | None = Field(default=None, max_length=500)


class ResolveInput(BaseModel):
    keep: review.Keep | StatementNumber = Field(
        description="the figure that holds: statement (this one), observation (the stored one), or another "
        "pending statement's id of the same conflict"
    )
    reason: str | None = Field(default=None, max_length=500, description="why (recorded with the decision)")


class ConflictFilter(BaseModel):
    plan: str | None = Field(default=None, max_length=100, description="only this plan's conflicts")
    document: str | None = Field(default=None, max_length=100, description="only those with this document's")
    statement: StatementNumber | None = Field(default=None, description="only this statement's conflict")


ConflictQuery = Annotated[ConflictFilter, Query()]


def _ingest(ctx: ContextDep, user: Uploader, data: TextUpload) -> review.IngestResult:
    return review.ingest_text(
        ctx,
        user,
        data.text,
        data.file_name,
        doc_year=data.doc_year,
        plan_code=data.plan or None,
        title=data.title or None,
    )


def _several_plans(ctx: ContextDep, chosen: str | None) -> list[PlanChoice] | None:
    """The stored plans if there are several and none was chosen (an upload must then name one)."""
    if chosen:
        return None
    plans = plan_choices(ctx)
    return plans if len(plans) > 1 else None


@router.post(
    "/api/documents",
    status_code=201,
    summary="上传文件并提取数据 (text in, statements queued)",
    responses={413: {"model": ErrorDetail, "description": "请求内容过大 (the body is over the size limit)"}},
)
def upload_api(data: TextUpload, ctx: ContextDep, user: Uploader) -> review.IngestResult:
    plans = _several_plans(ctx, data.plan)
    if plans:
        codes = ", ".join(p.code for p in plans)
        raise InvalidInput([Problem(Location("plan"), f"several plans are stored ({codes}): name the plan to match")])
    return _ingest(ctx, user, data)


@router.post("/documents", include_in_schema=False)
async def upload_form(
    request: Request,
    ctx: ContextDep,
    user: Uploader,
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str, Form()] = "",
    doc_year: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    encoding: Annotated[str, Form()] = "",
    plan: Annotated[str, Form()] = "",
) -> Response:
    if _several_plans(ctx, plan):  # the form asks for the plan then; answer on the form, keeping what was typed
        form = {"text": text, "doc_year": doc_year, "title": title, "encoding": encoding}
        error = "已存有多个规划，请选择这份文件的数据要对照的规划"
        return render(request, "documents.html", document_list(ctx), user, status_code=422, error=error, form=form)
    name = "pasted.txt"
    if file is not None and file.filename:
        data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise HTTPException(413, "文件超过 20 MB")
        text = decode_text(data, file.filename, encoding or None, option="编码“{}”")
        name = file.filename
    if not text.strip():
        raise HTTPException(422, "请选择一个文本文件，或粘贴文字")
    year = int(doc_year) if doc_year.strip().isdigit() else None
    upload = TextUpload(text=text, file_name=name, doc_year=year, title=title or None, plan=plan or None)
    result = _ingest(ctx, user, upload)
    return RedirectResponse(f"/documents/{result.document}/review", status_code=303)


def _page(ctx: ContextDep, code: str) -> ReviewPageContext:
    return review_page(ctx, code)


@router.get("/documents/{code}/review", response_class=HTMLResponse, include_in_schema=False)
def review_html(request: Request, code: str, ctx: ContextDep, user: Reader) -> Response:
    view = _page(ctx, code)
    return render(request, "review.html", view, user, indicator_choices=view.indicator_choices)


@router.get("/api/documents/{code}/statements", summary="审核队列 (a document's extracted figures)")
def review_api(code: str, ctx: ContextDep, user: Reader) -> ReviewPageContext:
    return _page(ctx, code)


def _accept(ctx: ContextDep, user: Reviewer, statement_id: StatementId, data: AcceptInput) -> review.AcceptResult:
    return review.accept(
        ctx,
        user,
        statement_id,
        indicator_code=data.indicator_code or None,
        value=data.value,
        year=data.year,
        period=data.period or None,
        create_indicator=data.create_indicator,
    )


def _reject(ctx: ContextDep, user: Reviewer, statement_id: StatementId, data: RejectInput) -> None:
    review.reject(ctx, user, statement_id, data.reason or None)


@router.post("/api/statements/{statement_id}/accept", summary="采用一条提取的数据 (optionally edited)")
def accept_api(statement_id: StatementId, data: AcceptInput, ctx: ContextDep, user: Reviewer) -> review.AcceptResult:
    return _accept(ctx, user, statement_id, data)


@router.post("/api/statements/{statement_id}/reject", summary="退回一条提取的数据")
def reject_api(statement_id: StatementId, data: RejectInput, ctx: ContextDep, user: Reviewer) -> dict[str, int]:
    _reject(ctx, user, statement_id, data)
    return {"rejected": statement_id}


def _partial(
    request: Request, ctx: ContextDep, user: Reviewer, statement_id: StatementId, error: str | None
) -> Response:
    item, choices = statement_page_item(ctx, statement_id)
    return render(request, "_statement_partial.html", None, user, st=item, indicator_choices=choices, error=error)


def _form_number(text: str, kind: type[int] | type[float]) -> float | int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return require_finite(kind(text))  # "inf" and "1e400" are floats, but no figure
    except ValueError:
        raise HTTPException(422, f"不是数字：{text}") from None


@router.post("/statements/{statement_id}/accept", include_in_schema=False)
def accept_form(
    request: Request,
    statement_id: StatementId,
    ctx: ContextDep,
    user: Reviewer,
    indicator_code: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
) -> Response:
    number = _form_number(value, float)
    when = _form_number(year, int)
    data = AcceptInput(
        indicator_code=indicator_code or None,
        value=number,
        year=int(when) if when else None,
        create_indicator=not indicator_code,  # the form's empty choice is "add the proposed indicator"
    )
    error = None
    settled = False
    try:
        settled = bool(_accept(ctx, user, statement_id, data).conflict_rejected)
    except (InvalidInput, Conflict) as exc:  # shown on the card; not found or forbidden are errors
        error = str(exc)
    if request.headers.get("hx-request"):
        response = _partial(request, ctx, user, statement_id, error)
        if settled:  # other cards were rejected as the losing side of a conflict: show the page anew
            response.headers["HX-Refresh"] = "true"
        return response
    if error:
        raise HTTPException(422, error)
    item, _ = statement_page_item(ctx, statement_id)
    return RedirectResponse(f"/documents/{item.document}/review#s{statement_id}", status_code=303)


@router.post("/statements/{statement_id}/reject", include_in_schema=False)
def reject_form(
    request: Request, statement_id: StatementId, ctx: ContextDep, user: Reviewer, reason: Annotated[str, Form()] = ""
) -> Response:
    _reject(ctx, user, statement_id, RejectInput(reason=reason or None))
    if request.headers.get("hx-request"):
        return _partial(request, ctx, user, statement_id, None)
    item, _ = statement_page_item(ctx, statement_id)
    return RedirectResponse(f"/documents/{item.document}/review#s{statement_id}", status_code=303)


# --- conflicts (数据冲突) ---------------------------------------------------------------------------------


def _conflicts(ctx: ContextDep, f: ConflictFilter) -> ConflictList:
    return list_conflicts(ctx, plan_code=f.plan or None, document=f.document or None, statement_id=f.statement)


def _conflicts_page(
    request: Request,
    ctx: ContextDep,
    user: User,
    f: ConflictFilter,
    *,
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    return render(request, "conflicts.html", _conflicts(ctx, f), user, status_code=status_code, error=error)


@router.get("/review/conflicts", response_class=HTMLResponse, include_in_schema=False)
def conflicts_html(request: Request, ctx: ContextDep, user: Reader, f: ConflictQuery) -> Response:
    return _conflicts_page(request, ctx, user, f)


@router.get("/api/review/conflicts", summary="数据冲突 (figures of one indicator and year that disagree)")
def conflicts_api(ctx: ContextDep, user: Reader, f: ConflictQuery) -> ConflictList:
    return _conflicts(ctx, f)


def _resolve(ctx: ContextDep, user: Reviewer, statement_id: StatementId, data: ResolveInput) -> review.ResolveResult:
    return review.resolve(ctx, user, statement_id, data.keep, data.reason or None)


@router.post("/api/statements/{statement_id}/resolve", summary="裁决数据冲突 (choose the figure that holds)")
def resolve_api(statement_id: StatementId, data: ResolveInput, ctx: ContextDep, user: Reviewer) -> review.ResolveResult:
    return _resolve(ctx, user, statement_id, data)


@router.post("/statements/{statement_id}/resolve", include_in_schema=False)
def resolve_form(
    request: Request,
    statement_id: StatementId,
    ctx: ContextDep,
    user: Reviewer,
    keep: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=500)] = "",
    plan: Annotated[str, Form(max_length=100)] = "",
    document: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """The conflicts page's buttons: keep one side, then back to the list as it was filtered (``plan``,
    ``document``); a refusal is shown on the list."""
    chosen: review.Keep | int
    if keep in {k.value for k in review.Keep}:
        chosen = review.Keep(keep)
    elif keep.isascii() and keep.isdigit() and 1 <= int(keep) < 2**31:
        chosen = int(keep)
    else:
        raise HTTPException(422, f"无法识别要采用的一方：{keep}")
    back = ConflictFilter(plan=plan or None, document=document or None)
    try:
        _resolve(ctx, user, statement_id, ResolveInput(keep=chosen, reason=reason or None))
    except (InvalidInput, Conflict) as exc:
        status = 422 if isinstance(exc, InvalidInput) else 409
        message = "；".join(p.message for p in exc.problems) if isinstance(exc, InvalidInput) else str(exc)
        return _conflicts_page(request, ctx, user, back, status_code=status, error=message)
    query = urlencode(back.model_dump(exclude_none=True))
    return RedirectResponse(f"/review/conflicts?{query}" if query else "/review/conflicts", status_code=303)
