"""``luoshi report unit`` and ``luoshi report supervision``: a unit's round report and the supervision
office's 督查通报, as docx or xlsx.

luoshi report unit --unit 平城区统计局 --round pingcheng-14-2024YTD09 --format docx --output 统计局.docx
luoshi report supervision --round pingcheng-14-2024YTD09 --format xlsx --output 督查通报.xlsx
luoshi report supervision --as-of 2024-12-31 --format docx --output 督查通报.docx
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import PlanOption, context
from luoshi.cli.console import guarded, out
from luoshi.cli.report_evaluation import ReportFormat
from luoshi.domain.errors import InvalidValue
from luoshi.services.reports import ReportFile
from luoshi.services.round_reports import supervision_file, unit_round_file

OutputOption = Annotated[Path, typer.Option("--output", "-o", help="The file to write.", dir_okay=False)]
FormatOption = Annotated[ReportFormat, typer.Option("--format", help="docx (the document) or xlsx (the figures).")]
RoundOption = Annotated[str | None, typer.Option("--round", help="Round code, as `luoshi round list` shows it.")]


def _written(output: Path, made: ReportFile) -> None:
    output.write_bytes(made.content)
    out.print(f"已写入 {output}（{len(made.content):,} 字节）", highlight=False)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"日期应写成 YYYY-MM-DD，不能是 {text}") from None


@guarded
def unit(
    unit: Annotated[str, typer.Option("--unit", help="The unit, by name or code.")],
    output: OutputOption,
    round_code: Annotated[
        str | None,
        typer.Option("--round", help="Round code (default: the newest open round the unit owes a submission in)."),
    ] = None,
    fmt: FormatOption = ReportFormat.docx,
    simulated: Annotated[
        bool, typer.Option("--simulated", help="Assess the indicators with the simulated scenario (marked 模拟).")
    ] = False,
) -> None:
    """Write a unit's report for a round: what it owed and submitted, its indicators, its supervision matters."""
    _written(output, unit_round_file(context(), unit, round_code, fmt.value, include_simulated=simulated))


@guarded
def supervision(
    output: OutputOption,
    round_code: RoundOption = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="As of this day, YYYY-MM-DD (default: today).")] = None,
    fmt: FormatOption = ReportFormat.docx,
    plan: PlanOption = None,
    office: Annotated[
        str | None, typer.Option("--office", help="The issuing office (default: the region's 督查室).")
    ] = None,
) -> None:
    """Write the 督查通报: overdue matters, late and missing reporters, the units' ranking."""
    made = supervision_file(context(), fmt.value, round_code, as_of=_day(as_of), plan_code=plan, office=office)
    _written(output, made)
