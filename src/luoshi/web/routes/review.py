"""Documents in, figures out: upload a Chinese text (a file or pasted), see the extracted figures in
context, accept (optionally edited) or reject each into observations and targets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi import Path as FastApiPath
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from luoshi.domain.errors import Conflict, InvalidInput, Location, Problem
from luoshi.domain.measurement import require_finite
from luoshi.ingest.text import decode_text
from luoshi.services import review
from luoshi.services.documents import PlanChoice, document_list, plan_choices
from luoshi.services.review_page import ReviewPageContext, review_page, statement_page_item
from luoshi.web.auth import API_ERRORS, ContextDep, ErrorDetail, Reader, Reviewer, Uploader
from luoshi.web.templating import render

#: a statement's row id (an integer column: larger numbers name no statement)
StatementId = Annotated[int, FastApiPath(ge=1, le=2**31 - 1)]

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
    try:
        _accept(ctx, user, statement_id, data)
    except (InvalidInput, Conflict) as exc:  # shown on the card; not found or forbidden are errors
        error = str(exc)
    if request.headers.get("hx-request"):
        return _partial(request, ctx, user, statement_id, error)
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
