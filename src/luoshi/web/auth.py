"""Who is asking, and may they: server-side sessions or bearer tokens, role checks, CSRF.

Pages and the JSON API share these dependencies. A request is authenticated by ``Authorization: Bearer
<token>`` (machine clients; no cookie, so no CSRF check) or by the session id set at login (browsers;
every unsafe request must then carry the session's CSRF token, as a form field ``csrf_token`` or a header
``X-CSRF-Token``). The session itself is a row on the server (:mod:`luoshi.services.sessions`): the signed
cookie carries its random id, the CSRF token and display preferences, never who the user is, so a copied
cookie stops working the moment the session ends (logout, timeout, password or role change).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from pydantic import BaseModel

from luoshi.domain.account import Permission, User, can, sees_unit_reports
from luoshi.domain.session import SessionState
from luoshi.services import accounts, sessions
from luoshi.services.context import Context


class ErrorDetail(BaseModel):
    """The body of every JSON error but a 422: ``{"detail": "no plan 'x' (plans stored: pingcheng-14)"}``."""

    detail: str


#: the errors any JSON API operation may answer, declared on every router so that the spec lists them
API_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail, "description": "请求无法解析 (the body is not valid JSON, or path and body disagree)"},
    401: {"model": ErrorDetail, "description": "未登录或令牌无效 (no login, or a bad bearer token)"},
    403: {"model": ErrorDetail, "description": "没有权限 (the account lacks the right, or the CSRF token is missing)"},
    404: {"model": ErrorDetail, "description": "对象不存在 (no such plan, indicator, unit, document, user or token)"},
}

#: the session id (the row on the server holds its hash); "logged in" means this key is set
SESSION_USER = "sid"
SESSION_CSRF = "csrf"
#: why the browser's last session ended (an EndReason value), for the login page to say
SESSION_NOTICE = "ended"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_context(request: Request) -> Context:  # async: a plain attribute, no thread needed
    """The service context of the app serving this request."""
    ctx: Context = request.app.state.ctx
    return ctx


ContextDep = Annotated[Context, Depends(get_context)]


class LoginRequired(Exception):
    """Raised for a page that needs a login; the app redirects browsers to /login and answers APIs 401."""


class TwoFactorEnrolmentRequired(Exception):
    """Raised for a page when the account's role must have a second factor and it has none yet: the app
    redirects browsers to /account/2fa and answers APIs 403."""


class PasswordChangeRequired(Exception):
    """Raised for a page when the user must first change their password (set by an administrator, or
    expired); the app redirects browsers to /password and answers APIs 403."""


class ElsewhereFirst(Exception):
    """Raised by the home page for an account that may not read the plan (the three administrators): the app
    sends browsers to the first page of its own duties (:func:`landing`) and answers APIs 403."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


#: where each right starts: the home page of the data roles and of each administrator (三员分立)
LANDINGS: tuple[tuple[Permission, str], ...] = (
    (Permission.READ, "/"),
    (Permission.ADMINISTER, "/admin/users"),
    (Permission.MANAGE_SECURITY, "/security"),
    (Permission.READ_AUDIT, "/audit"),
)


def landing(user: User) -> str | None:
    """The first page ``user`` may open, in :data:`LANDINGS` order (None: none at all)."""
    return next((path for permission, path in LANDINGS if can(user, permission, unit_code=user.unit_code)), None)


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get(SESSION_CSRF)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return str(token)


async def current_user(request: Request, ctx: ContextDep) -> User | None:
    """The authenticated user, or None. A bad bearer token is an error, not an anonymous request."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, "Authorization must be 'Bearer <token>'", {"WWW-Authenticate": "Bearer"})
        user = accounts.user_for_token(ctx, token.strip())
        if user is None:
            raise HTTPException(401, "invalid or revoked token", {"WWW-Authenticate": "Bearer"})
        request.state.auth = "token"
        return user
    session_id = request.session.get(SESSION_USER)
    if not session_id:
        return None
    resolved = sessions.resolve(ctx, str(session_id))
    if resolved.user is None:
        request.session.clear()
        if resolved.ended is not None:
            request.session[SESSION_NOTICE] = resolved.ended.value
        return None
    if resolved.state is not SessionState.ACTIVE:  # the password was right, the second factor is awaited
        return None
    user = resolved.user
    request.state.auth = "session"
    request.state.must_change_password = resolved.must_change_password
    request.state.must_enrol_two_factor = resolved.must_enrol_two_factor
    if request.method not in SAFE_METHODS:
        await _check_csrf(request)
    return user


async def _check_csrf(request: Request) -> None:
    expected = request.session.get(SESSION_CSRF)
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(str(expected), sent):
        raise HTTPException(403, "CSRF token missing or wrong: reload the page and try again")


UserDep = Annotated[User | None, Depends(current_user)]


def awaiting_second_factor(request: Request, ctx: Context) -> tuple[str, User] | None:
    """The session id and user of a browser whose password was right and whose second factor is awaited."""
    session_id = request.session.get(SESSION_USER)
    if not session_id:
        return None
    resolved = sessions.resolve(ctx, str(session_id))
    if resolved.user is None or resolved.state is not SessionState.SECOND_FACTOR:
        return None
    return str(session_id), resolved.user


def require(permission: Permission, *, home: bool = False) -> Callable[..., Awaitable[User]]:
    """A dependency that returns the user if they hold ``permission`` (401 without login, 403 without right).
    ``home``: the home page, which sends an account without the right to its own first page instead.

    Unit-bound rights (a reporter's) are checked again by the route against the object's unit.
    """

    async def dependency(request: Request, user: UserDep) -> User:  # async: no I/O, so no hop to the thread pool
        if user is None:
            raise LoginRequired()
        if getattr(request.state, "must_change_password", False):
            raise PasswordChangeRequired()
        if getattr(request.state, "must_enrol_two_factor", False):
            raise TwoFactorEnrolmentRequired()
        if permission not in _any_unit_permissions(user):
            if home and (elsewhere := landing(user)) is not None and not request.url.path.startswith("/api/"):
                raise ElsewhereFirst(elsewhere)
            raise HTTPException(403, "您的账号没有此项权限")
        return user

    dependency.permission = permission  # type: ignore[attr-defined]  # read by the permission-matrix test
    return dependency


def _any_unit_permissions(user: User) -> set[Permission]:
    return {p for p in Permission if can(user, p, unit_code=user.unit_code)}


def check_unit(user: User, permission: Permission, unit_code: str | None) -> None:
    """403 unless ``user`` may do ``permission`` to an object owned by ``unit_code``."""
    if not can(user, permission, unit_code=unit_code):
        raise HTTPException(403, "只能填报本单位负责的数据")


def check_unit_reports(user: User, unit_code: str) -> None:
    """403 unless ``user`` may read the unit's own reports (a reporter only its own unit's)."""
    if not sees_unit_reports(user, unit_code):
        raise HTTPException(403, "只能查看本单位的报告")


Reader = Annotated[User, Depends(require(Permission.READ))]
HomeReader = Annotated[User, Depends(require(Permission.READ, home=True))]
Planner = Annotated[User, Depends(require(Permission.EDIT_PLAN))]
FigureWriter = Annotated[User, Depends(require(Permission.ENTER_FIGURES))]
Uploader = Annotated[User, Depends(require(Permission.UPLOAD_DOCUMENTS))]
Reviewer = Annotated[User, Depends(require(Permission.REVIEW))]
Admin = Annotated[User, Depends(require(Permission.ADMINISTER))]
SecurityAdmin = Annotated[User, Depends(require(Permission.MANAGE_SECURITY))]
Auditor = Annotated[User, Depends(require(Permission.READ_AUDIT))]
