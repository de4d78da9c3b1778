"""The methodology help page: how statuses, scores and the ranking are worked out, in Chinese.

docs/methodology.md (bilingual, with the formulas' derivations) is for developers and is not served; this
page says the same rules briefly for the people who read the cockpit, the indicator pages and the ranking,
which link to its sections (#status, #score, #rollup, #ranking, #audit).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.web.auth import API_ERRORS, Reader
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)


@router.get("/methodology", response_class=HTMLResponse, include_in_schema=False)
def methodology_page(request: Request, user: Reader) -> Response:
    return render(request, "methodology.html", None, user)
