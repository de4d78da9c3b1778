"""Jinja2 templates with what every page needs: the user, the CSRF token, the navigation, labels."""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment
from markupsafe import Markup
from pydantic import BaseModel

from luoshi.domain.account import ROLE_LABELS, Permission, User, can, sees_unit_reports
from luoshi.domain.plan import PROGRESS_TEXT_MAX, TASK_STATUS_LABELS
from luoshi.report import present
from luoshi.report.charts import ChartMonth, investment_svg
from luoshi.services.progress import STATUS_LABELS, STATUS_ORDER
from luoshi.web.auth import csrf_token
from luoshi.web.zh import label, note_zh

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
FRAGMENTS_KEPT = 16


class FragmentCache:
    """Fragments rendered from a view alone, kept per view object (thread-safe, bounded).

    Services hand out the same view object from their read cache until the data changes (the cockpit's:
    ``Context.versioned``), so its rendering is the same too: a 2,000-indicator cockpit body costs ~8 ms to
    render and is rendered once per data version instead of once per request. An entry holds its view,
    so the view's ``id`` cannot be reused by another object while the entry lives.

    >>> from jinja2 import DictLoader, Environment
    >>> env = Environment(loader=DictLoader({"_t.html": "{{ view.x }}"}))
    >>> class V(BaseModel):
    ...     x: int
    >>> cache, v = FragmentCache(env), V(x=1)
    >>> str(cache.render("_t.html", v)), cache.render("_t.html", v) is cache.render("_t.html", v)
    ('1', True)
    """

    def __init__(self, env: Environment, size: int = FRAGMENTS_KEPT) -> None:
        self.env = env
        self.size = size
        self._items: OrderedDict[tuple[str, int], tuple[BaseModel, Markup]] = OrderedDict()
        self._lock = threading.Lock()

    def render(self, template: str, view: BaseModel) -> Markup:
        key = (template, id(view))
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] is view:
                self._items.move_to_end(key)
                return hit[1]
        html = Markup(self.env.get_template(template).render(view=view))
        with self._lock:
            self._items[key] = (view, html)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return html


TEMPLATES.env.globals["fragment"] = FragmentCache(TEMPLATES.env).render
# the progress statuses in their order, with their Chinese labels: for every template and cached fragment
TEMPLATES.env.globals["status_order"] = STATUS_ORDER
TEMPLATES.env.globals["statuses"] = STATUS_LABELS
# a task's statuses with their Chinese labels, and the longest progress text: for the progress forms
TEMPLATES.env.globals["task_statuses"] = TASK_STATUS_LABELS
TEMPLATES.env.globals["progress_text_max"] = PROGRESS_TEXT_MAX
# the engine's notes (English, kept as they are in the JSON) in Chinese on the pages
TEMPLATES.env.filters["note_zh"] = note_zh
# an enum's value as its Chinese label: {{ d.kind|label("document_kind") }}
TEMPLATES.env.filters["label"] = label


# how figures are written, for templates: one home (luoshi.report.present), so a page never writes its own
TEMPLATES.env.globals["period_label"] = present.period_text  # 2024YTD09 -> 2024年1—9月
TEMPLATES.env.filters["percent"] = present.percent  # 0.042 -> 4.2%; |percent(0) -> 85%
TEMPLATES.env.filters["quantity"] = present.quantity  # (1562, "人") -> 1,562 人; (15620000, "元") -> 1,562 万元
TEMPLATES.env.filters["number"] = present.number  # 1562.4 -> 1,562
TEMPLATES.env.filters["wan"] = present.investment  # 1562.5 (万元) -> 1,562.5 万元; 4610900 -> 461.09 亿元


def investment_chart(chart: Any) -> Markup:
    """A project page's chart (``services.projects.InvestmentChart``) as inline SVG drawn by the app."""
    months = [ChartMonth(m.month, m.investment, m.cumulative) for m in chart.months]
    return Markup(investment_svg(chart.year, chart.planned, months))  # every text in it escaped by report.charts


TEMPLATES.env.globals["investment_chart"] = investment_chart

NAV: list[tuple[str, str, Permission]] = [
    ("/", "驾驶舱", Permission.READ),
    ("/plans", "规划树", Permission.READ),
    ("/gaps", "对照找差距", Permission.READ),
    ("/todo", "我的待办", Permission.READ),
    ("/rounds", "填报轮次", Permission.READ),
    ("/ranking", "考核排名", Permission.READ),
    ("/units", "责任单位", Permission.READ),
    ("/documents", "文件与审核", Permission.READ),
    ("/supervision", "督查督办", Permission.READ),
    ("/projects", "重点项目", Permission.READ),
    ("/admin/users", "系统管理", Permission.ADMINISTER),
    ("/security", "安全管理", Permission.MANAGE_SECURITY),
    ("/audit", "审计日志", Permission.READ_AUDIT),
]


def wants_json(request: Request) -> bool:
    """Whether to answer in JSON: under /api, or when the client asks for it; pages get HTML."""
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


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
        "sees_unit_reports": lambda unit_code: sees_unit_reports(user, unit_code),
        **extra,
    }
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
