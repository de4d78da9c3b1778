"""Jinja2 templates with what every page needs: the user, the CSRF token, the navigation, labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from luoshi.domain.account import ROLE_LABELS, Permission, User, can
from luoshi.services.progress import STATUS_LABELS, STATUS_ORDER
from luoshi.web.auth import csrf_token

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")

NAV: list[tuple[str, str, Permission]] = [
    ("/", "驾驶舱", Permission.READ),
    ("/plans", "规划树", Permission.READ),
    ("/units", "责任单位", Permission.READ),
    ("/documents", "文件与审核", Permission.READ),
    ("/audit", "审计日志", Permission.READ),
    ("/admin/users", "系统管理", Permission.ADMINISTER),
]


def render(
    request: Request,
    template: str,
    view: BaseModel | None,
    user: User | None,
    *,
    status_code: int = 200,
    **extra: Any,
) -> HTMLResponse:
    """Render ``template`` with ``view`` (the page's typed context, also served as its JSON twin)."""
    nav = [
        (href, label)
        for href, label, permission in NAV
        if user is not None and can(user, permission, unit_code=user.unit_code)
    ]
    context = {
        "view": view,
        "user": user,
        "role_label": ROLE_LABELS[user.role] if user else "",
        "nav": nav,
        "path": request.url.path,
        "csrf_token": csrf_token(request),
        "can": lambda permission, unit_code=None: can(user, Permission(permission), unit_code=unit_code),
        "status_order": STATUS_ORDER,
        "statuses": STATUS_LABELS,
        **extra,
    }
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
