"""The web app factory: ``create_app(ctx)`` builds a FastAPI app around one service context."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from luoshi import __version__
from luoshi.domain.errors import NotFound
from luoshi.services.context import Context
from luoshi.services.plans import export_plan, read_plan
from luoshi.web.views import PlanTreeContext, plan_tree_context

HERE = Path(__file__).parent


def get_context(request: Request) -> Context:
    """The service context of the app serving this request."""
    ctx: Context = request.app.state.ctx
    return ctx


ContextDep = Annotated[Context, Depends(get_context)]


def create_app(ctx: Context) -> FastAPI:
    app = FastAPI(title="luoshi 落实", version=__version__, docs_url="/api/docs", openapi_url="/api/openapi.json")
    templates = Jinja2Templates(directory=HERE / "templates")
    app.state.ctx = ctx
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def tree_context(c: Context, plan_code: str) -> PlanTreeContext:
        try:
            return plan_tree_context(read_plan(c, plan_code))
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None

    @app.get("/", include_in_schema=False)
    def home(c: ContextDep) -> Response:
        with c.reading() as store:
            plans = store.plans()
        if len(plans) == 1:
            return RedirectResponse(f"/plans/{plans[0].code}", status_code=303)
        return HTMLResponse("".join(f'<p><a href="/plans/{p.code}">{p.name}</a></p>' for p in plans) or
                            "<p>数据库中还没有规划。请运行 luoshi plan load FILE。</p>")  # fmt: skip

    @app.get("/plans/{plan_code}", response_class=HTMLResponse, include_in_schema=False)
    def plan_page(request: Request, plan_code: str, c: ContextDep) -> Response:
        view = tree_context(c, plan_code)
        return templates.TemplateResponse(request, "plan_tree.html", {"view": view})

    @app.get("/api/plans/{plan_code}/tree", summary="规划树 (the plan tree page's data)")
    def plan_tree_api(plan_code: str, c: ContextDep) -> PlanTreeContext:
        return tree_context(c, plan_code)

    @app.get("/api/plans/{plan_code}", summary="整个规划 (the whole plan, values in base units)")
    def plan_api(plan_code: str, c: ContextDep) -> dict[str, Any]:
        try:
            return export_plan(read_plan(c, plan_code))
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app
