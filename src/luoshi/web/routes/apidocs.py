"""The API docs at /api/docs: Swagger UI served by the app itself, for intranets without the internet.

FastAPI's own docs page loads Swagger UI from a CDN and starts it with an inline script, both of which the
app's Content-Security-Policy refuses. This page loads the bundle and style sheet that scripts/assets.sh
copies from the npm package swagger-ui-dist into static/vendor/, and starts it from static/apidocs.js.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.web.auth import UserDep
from luoshi.web.templating import render

router = APIRouter()


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request, user: UserDep) -> Response:
    return render(request, "api_docs.html", None, user, spec_url=request.app.openapi_url)
