"""``luoshi report evaluation``: the plan's evaluation report (年度监测报告 / 中期评估报告) as docx or xlsx.

luoshi report evaluation --year 2024 --format docx --output 监测报告.docx
luoshi report evaluation --year 2024 --format xlsx --output 监测报告.xlsx --simulated
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import PlanOption, context
from luoshi.cli.console import guarded, out
from luoshi.services.reports import evaluation_file


class ReportFormat(StrEnum):
    docx = "docx"
    xlsx = "xlsx"


@guarded
def evaluation(
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.", dir_okay=False)],
    year: Annotated[
        int | None, typer.Option("--year", help="Assess as of the end of this year (default: the newest with data).")
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="docx (the document) or xlsx (the figures).")] = (
        ReportFormat.docx
    ),
    plan: PlanOption = None,
    mid_term: Annotated[
        bool, typer.Option("--mid-term", help="Word it as the mid-term evaluation (中期评估).")
    ] = False,
    simulated: Annotated[
        bool, typer.Option("--simulated", help="Include the simulated scenario (marked 模拟 in the report).")
    ] = False,
) -> None:
    """Write the plan's evaluation report: summary, a section per top-level goal, gaps, overdue tasks."""
    made = evaluation_file(context(), plan, fmt.value, year=year, mid_term=mid_term, include_simulated=simulated)
    output.write_bytes(made.content)
    out.print(f"已写入 {output}（{len(made.content):,} 字节）", highlight=False)
