"""Charts drawn by the app as inline SVG (no script, no CDN): what a page or a printout can carry as is.

``investment_svg`` draws a key project's year: each month's investment as a bar, this year's cumulative
investment as a line, and the annual plan's 序时 share (the plan × month ÷ 12) as a dashed line, all in 万元.

>>> svg = investment_svg(2024, 1200, [ChartMonth(1, 100, 100), ChartMonth(2, None, None), ChartMonth(3, 50, 150)])
>>> svg.startswith("<svg") and svg.count("<rect class=\\"bar\\"") == 2 and "2024年" in svg
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from luoshi.report.present import investment

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 84, 16, 28, 30
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
SLOT = PLOT_W / 12


@dataclass(frozen=True)
class ChartMonth:
    """One month of the chart (1-12): its investment and the year's cumulative by then, in 万元 (None: not
    reported)."""

    month: int
    investment: float | None
    cumulative: float | None


def _x(month: int) -> float:
    """The centre of a month's slot."""
    return LEFT + SLOT * (month - 0.5)


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def investment_svg(year: int, planned: float, months: Sequence[ChartMonth]) -> str:
    """The year's monthly investment (bars), cumulative investment (line) and 序时 plan (dashed), in 万元."""
    top = max([planned, *(m.cumulative or 0 for m in months), *(m.investment or 0 for m in months)]) or 1.0
    top *= 1.08

    def y(value: float) -> float:
        return TOP + PLOT_H * (1 - value / top)

    label = f"{year}年月度完成投资与序时计划：年度计划{investment(planned)}"
    reported = [m for m in months if m.cumulative is not None]
    if reported:
        last = reported[-1]
        label += f"，截至{last.month}月累计完成{investment(last.cumulative)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="investment-chart" '
        f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>',
        "<style>.bar{fill:#e8a0a8}.cumulative{fill:none;stroke:#b3001b;stroke-width:2.5}"
        ".dot{fill:#b3001b}.plan{fill:none;stroke:#555;stroke-width:1.5;stroke-dasharray:6 4}"
        ".axis{stroke:#999;stroke-width:1}.grid{stroke:#e5e5e5;stroke-width:1}"
        "text{font-size:12px;fill:#444;font-family:sans-serif}</style>",
    ]
    for share in (0, 0.25, 0.5, 0.75, 1):
        value = top / 1.08 * share
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_fmt(y(value))}" y2="{_fmt(y(value))}"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{_fmt(y(value) + 4)}" text-anchor="end">{escape(investment(value))}</text>'
        )
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + PLOT_H}" y2="{TOP + PLOT_H}"/>')
    for n in range(1, 13):
        parts.append(f'<text x="{_fmt(_x(n))}" y="{HEIGHT - 10}" text-anchor="middle">{n}月</text>')
    for m in months:
        if m.investment:
            height = PLOT_H * m.investment / top
            parts.append(
                f'<rect class="bar" x="{_fmt(_x(m.month) - SLOT * 0.3)}" y="{_fmt(y(m.investment))}" '
                f'width="{_fmt(SLOT * 0.6)}" height="{_fmt(height)}"><title>{m.month}月完成'
                f"{escape(investment(m.investment))}</title></rect>"
            )
    if planned > 0:
        plan = " ".join(f"{_fmt(_x(n))},{_fmt(y(planned * n / 12))}" for n in range(1, 13))
        parts.append(f'<polyline class="plan" points="{plan}"><title>序时计划</title></polyline>')
    if reported:
        line = " ".join(f"{_fmt(_x(m.month))},{_fmt(y(m.cumulative or 0))}" for m in reported)
        parts.append(f'<polyline class="cumulative" points="{line}"><title>本年累计完成</title></polyline>')
        for m in reported:
            parts.append(
                f'<circle class="dot" cx="{_fmt(_x(m.month))}" cy="{_fmt(y(m.cumulative or 0))}" r="3.5">'
                f"<title>{m.month}月本年累计{escape(investment(m.cumulative))}</title></circle>"
            )
    legend = (
        ("bar", "月度完成投资", f'<rect class="bar key" x="{LEFT}" y="8" width="14" height="10"/>'),
        (
            "cumulative",
            "本年累计完成",
            f'<line class="cumulative" x1="{LEFT + 130}" x2="{LEFT + 148}" y1="13" y2="13"/>',
        ),
        ("plan", "序时计划", f'<line class="plan" x1="{LEFT + 260}" x2="{LEFT + 278}" y1="13" y2="13"/>'),
    )
    for n, (_, text, mark) in enumerate(legend):
        parts.append(mark)
        parts.append(f'<text x="{LEFT + 20 + 130 * n}" y="17">{text}</text>')
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["ChartMonth", "investment_svg"]
