"""Source documents, with the figures' evidence highlighted."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.services.documents import DocumentContext, DocumentList, document_list, document_view
from luoshi.web.auth import API_ERRORS, ContextDep, Reader
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)


def _view(ctx: ContextDep, code: str, start: int | None, end: int | None) -> DocumentContext:
    return document_view(ctx, code, focus=(start, end) if start is not None and end is not None else None)


@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def documents_page(request: Request, ctx: ContextDep, user: Reader) -> Response:
    return render(request, "documents.html", document_list(ctx), user)


@router.get("/api/documents", summary="文件列表 (source documents)")
def documents_api(ctx: ContextDep, user: Reader) -> DocumentList:
    return document_list(ctx)


@router.get("/documents/{code}", response_class=HTMLResponse, include_in_schema=False)
def document_page(
    request: Request, code: str, ctx: ContextDep, user: Reader, start: int | None = None, end: int | None = None
) -> Response:
    return render(request, "document.html", _view(ctx, code, start, end), user)


@router.get("/api/documents/{code}", summary="文件原文与数据出处 (the text and every figure's span)")
def document_api(
    code: str, ctx: ContextDep, user: Reader, start: int | None = None, end: int | None = None
) -> DocumentContext:
    return _view(ctx, code, start, end)
