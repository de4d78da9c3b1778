"""Every page as every demo role in a real headless Chromium: Chinese only, and no serious accessibility faults.

The pages are the app's own GET routes that answer HTML (found from its router, so a page added later is
visited without touching this file); their path parameters are filled from the demo's data by the literal
segment before them (``/rounds/{code}`` -> a round). On each page the visible text (``innerText``, the title,
placeholders) must have no Latin word of three or more letters outside ``ALLOWED`` and ``<code>`` elements,
and axe-core (from npm, copied by scripts/assets.sh to tests/e2e/vendor/, injected from the local file) must
find no serious or critical violation. One browser, one server, one login per role; a page whose HTML (but
for the header naming the user) was checked already as another role is not rendered again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.responses import HTMLResponse
from playwright.sync_api import Browser, BrowserContext, Page, expect

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from luoshi.web.app import create_app
from tests.demo_db import DemoDatabases
from tests.e2e.browser import live_server
from tests.web import api_routes

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
#: where the browser fetches axe-core from: served by the test itself on the server's origin, so the pages'
#: Content-Security-Policy (script-src 'self') lets it run unchanged
AXE_URL = "/static/__test__/axe.min.js"

#: Latin words a Chinese page may show: statistical codes, units of measure, standard and product names,
#: file formats, and the demo's user names (login names are identifiers people type)
ALLOWED = frozenset(
    {
        # codes and standard names
        "GDP",
        "CPI",
        "PPI",
        "PM",
        "AQI",
        "COD",
        "SDG",
        "Open",
        "API",
        "JSON",
        "CSV",
        "xlsx",
        "XLSX",
        "Excel",
        "Word",  # the evaluation report as a Word document (下载评估报告（Word）)
        "docx",
        "HTTP",
        "URL",
        "OCR",
        "UTF",
        "GBK",
        "ISO",
        "sha",
        "SHA",  # the audit chain's digest (SHA-256) on the security page
        "Bearer",
        "Authorization",
        "LUOSHI",
        "PUBLIC",
        "VIEW",
        "luoshi",
        # water quality classes (III类), file extensions
        "III",
        "txt",
        # the period codes a form asks for (2024YTD09)
        "YTD",
        # units of measure
        "kWh",
        "km",
        "mg",
        "ppm",
        # the demo's login names (the simulated reporters' too: ``page_paths`` adds every user's)
        *(a.name for a in DEMO_ACCOUNTS),
    }
)
WORD = re.compile(r"[A-Za-z]{3,}")
#: path parameters, by the literal path segment before them and their name -> SQL giving the demo's value
SAMPLES: dict[tuple[str, str], str] = {
    ("plans", "plan_code"): "SELECT code FROM plans ORDER BY id",
    ("indicators", "plan_code"): "SELECT code FROM plans ORDER BY id",
    ("indicators", "code"): (
        "SELECT i.code FROM indicators i JOIN observations o ON o.indicator_id = i.id "
        "WHERE o.document_id IS NOT NULL ORDER BY i.id"
    ),
    ("tasks", "code"): "SELECT code FROM tasks ORDER BY id",
    ("units", "code"): "SELECT code FROM units WHERE code = 'pc-shenpi'",
    ("units", "unit_code"): "SELECT code FROM units WHERE code = 'pc-shenpi'",
    ("documents", "code"): "SELECT code FROM documents ORDER BY id",
    ("supervision", "code"): "SELECT code FROM matters ORDER BY id",
    ("rounds", "code"): "SELECT code FROM rounds ORDER BY id DESC",
    ("projects", "code"): "SELECT code FROM projects WHERE stage = 'in_production' ORDER BY id",
}
#: a parameter whose segment is not in SAMPLES, by its name alone
SAMPLES_BY_NAME: dict[str, str] = {
    "plan_code": "SELECT code FROM plans ORDER BY id",
    "unit_code": "SELECT code FROM units WHERE code = 'pc-shenpi'",
    "indicator_code": SAMPLES[("indicators", "code")],
    "round_code": SAMPLES[("rounds", "code")],
    "matter_code": SAMPLES[("supervision", "code")],
    "document_code": SAMPLES[("documents", "code")],
    "task_code": SAMPLES[("tasks", "code")],
}
PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")

_CHECK_JS = """() => {
  const codes = [...document.querySelectorAll('code, kbd, samp')].map(e => e.innerText);
  const attrs = [...document.querySelectorAll('[placeholder], [title]')]
    .flatMap(e => [e.getAttribute('placeholder') || '', e.getAttribute('title') || '']);
  const values = [...document.querySelectorAll('input, textarea')]
    .filter(e => !['hidden', 'password', 'checkbox', 'radio', 'file'].includes(e.type) && e.offsetParent !== null)
    .map(e => e.value);
  return {text: document.body.innerText, title: document.title, codes, attrs: attrs.concat(values)};
}"""


def user_words(ctx: Context) -> set[str]:
    """The Latin words of every login name and every actor the data names (the simulated rounds' reporters,
    ``pc-shenpi-填报``; ``cli``): people, not English."""
    with ctx.engine.connect() as conn:
        names = conn.execute(sa.text("SELECT name FROM users UNION SELECT actor FROM audit_log")).scalars().all()
    return {w for name in names for w in WORD.findall(name)}


def page_paths(ctx: Context) -> list[str]:
    """The app's HTML pages (GET, not under /api), with their path parameters filled from the demo."""
    paths: list[str] = []
    with ctx.engine.connect() as conn:
        for route in api_routes(create_app(ctx).routes):
            response_class = route.response_class
            is_html = isinstance(response_class, type) and issubclass(response_class, HTMLResponse)
            if "GET" not in route.methods or route.path.startswith("/api/") or not is_html:
                continue
            path = route.path
            for match in PARAM.finditer(route.path):
                literals = [s for s in route.path[: match.start()].split("/") if s and not s.startswith("{")]
                before = literals[-1] if literals else ""
                sql = SAMPLES.get((before, match[1])) or SAMPLES_BY_NAME.get(match[1])
                assert sql is not None, f"no demo value for {match[0]} in {route.path}: add one to SAMPLES"
                value = conn.execute(sa.text(sql)).scalar()
                assert value is not None, f"the demo has no value for {match[0]} in {route.path}"
                path = path.replace(match[0], str(value))
            paths.append(path)
    return sorted(set(paths))


@dataclass
class Found:
    english: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    pages: set[tuple[int, str]] = field(default_factory=set)


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, demo_databases: DemoDatabases
) -> Iterator[tuple[str, list[str], frozenset[str]]]:
    ctx = Context.from_url(demo_databases.copy("sqlite", True, tmp_path_factory.mktemp("pages")), actor="e2e")
    paths = page_paths(ctx)
    allowed = ALLOWED | user_words(ctx)
    with live_server(ctx, public_view=True) as url:  # /public too
        yield url, paths, allowed
    ctx.dispose()


def english_words(page: Page, allowed: frozenset[str]) -> list[str]:
    seen = page.evaluate(_CHECK_JS)
    text = seen["text"]
    for code in seen["codes"]:
        text = text.replace(code, " ", 1)
    words = WORD.findall("\n".join([text, seen["title"], *seen["attrs"]]))
    return sorted({w for w in words if w not in allowed})


def axe_violations(page: Page, server: str) -> list[str]:
    page.add_script_tag(url=server + AXE_URL)
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"
    )
    return [str(v) for v in result]


def fingerprint(html: str) -> str:
    """A page's HTML without what differs between roles that see the same page: the header (the user's name
    and navigation, checked on each role's first page) and the CSRF tokens."""
    html = re.sub(r'<header class="top">.*?</header>', "", html, flags=re.DOTALL)
    html = re.sub(r'(csrf[-_]token"\s+(?:content|value)=")[^"]*', r"\1", html)
    return hashlib.sha256(html.encode()).hexdigest()


def check(page: Page, server: str, path: str, who: str, found: Found, allowed: frozenset[str], first: bool) -> None:
    """Check one page as ``who``; a page whose HTML (but for the header) was checked already as another role
    is not rendered again (the same HTML shows the same words)."""
    answer = page.request.get(server + path)
    if "text/html" not in answer.headers.get("content-type", ""):
        return
    seen = (answer.status, fingerprint(answer.text()))
    if seen in found.pages and not first:
        return
    found.pages.add(seen)
    response = page.goto(server + path, wait_until="domcontentloaded")
    assert response is not None, path
    if words := english_words(page, allowed):
        found.english.append(f"{path} as {who} ({response.status}): {', '.join(words)}")
    if faults := axe_violations(page, server):
        found.axe.append(f"{path} as {who}: " + "; ".join(faults))


def new_context(browser: Browser, server: str) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    script = AXE.read_bytes()
    context.route(server + AXE_URL, lambda route: route.fulfill(body=script, content_type="text/javascript"))
    return context


def login(context: BrowserContext, server: str, name: str) -> Page:
    page = context.new_page()
    page.goto(server + "/login")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login"))
    return page


def test_every_page_as_every_role_is_chinese_and_accessible(
    browser: Browser, demo: tuple[str, list[str], frozenset[str]]
) -> None:
    assert AXE.is_file(), "axe-core is missing: run bash scripts/assets.sh"
    server, paths, allowed = demo
    assert len(paths) >= 20 and "/" in paths and "/audit" in paths
    found = Found()
    anonymous = new_context(browser, server)
    for path in ("/login", "/public"):
        check(anonymous.new_page(), server, path, "anonymous", found, allowed, first=True)
    anonymous.close()
    for account in DEMO_ACCOUNTS:
        context = new_context(browser, server)
        page = login(context, server, account.name)
        for n, path in enumerate(paths):
            check(page, server, path, account.name, found, allowed, first=n == 0)
        context.close()
    report = []
    if found.english:
        report.append("English words on pages:\n  " + "\n  ".join(found.english))
    if found.axe:
        report.append("axe-core serious/critical violations:\n  " + "\n  ".join(found.axe))
    assert not report, "\n".join(report)


def test_the_check_sees_english_and_accessibility_faults(browser: Browser) -> None:
    """The checks themselves: English in text, titles, placeholders and filled-in fields is found, codes and
    allowed words are not; axe-core reports a serious fault (an image without a text alternative)."""
    page = browser.new_page()
    page.set_content(
        "<html lang='zh-CN'><title>指标 Overview</title><body><p>数据 Status 与 GDP、admin</p>"
        "<p><code>pc-shenpi</code></p><label>搜索 <input placeholder='Enter name'></label><input value='department'>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></body></html>"
    )
    assert english_words(page, ALLOWED) == ["Enter", "Overview", "Status", "department", "name"]
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document)).violations.filter(v => v.impact === 'critical').map(v => v.id)"
    )
    assert "image-alt" in found
    page.close()
