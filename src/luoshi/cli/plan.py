"""``luoshi plan load|show|gaps|export``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.tree import Tree

from luoshi.cli.common import EncodingOption, PlanOption, context
from luoshi.cli.console import fail, guarded, out
from luoshi.domain.account import ROLE_LABELS
from luoshi.domain.indicator import Indicator
from luoshi.domain.plan import GOAL_KIND_LABELS, TASK_STATUS_LABELS, PlanBundle
from luoshi.domain.target import Measure
from luoshi.report.present import figure_text, period_text, target_text
from luoshi.services.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from luoshi.services.gaps import COLUMNS, gap_download, gap_page
from luoshi.services.plans import LoadResult, export_plan, load_plan, read_plan

plan_app = typer.Typer(help="Plans: load a plan file, show the tree and the gap list, export.", no_args_is_help=True)


class ExportFormat(StrEnum):
    JSON = "json"


def report_load(result: LoadResult) -> None:
    s = result.summary
    counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
    if s.total == 0:
        out.print(f"plan [bold]{result.plan_code}[/]: {counts}; already up to date, nothing changed")
        return
    changes = "; ".join(
        f"{what} " + ", ".join(f"{n} {t}" for t, n in sorted(d.items()))
        for what, d in (("created", s.created), ("updated", s.updated), ("deleted", s.deleted))
        if d
    )
    out.print(f"plan [bold]{result.plan_code}[/]: {counts}\n{changes}")


def print_demo_accounts() -> None:
    table = Table("用户名 user", "角色 role", "单位 unit", "密码 password", title="演示账号 demo accounts")
    for a in DEMO_ACCOUNTS:
        table.add_row(a.name, f"{a.role.value} ({ROLE_LABELS[a.role]})", a.unit_code or "", DEMO_PASSWORD)
    out.print(table)


@plan_app.command("load")
@guarded
def load(
    file: Annotated[Path, typer.Argument(help="Plan file (YAML, see docs/plan-format.md).")],
    encoding: EncodingOption = None,
) -> None:
    """Validate a plan file and apply it: all or nothing, idempotent, every change audited."""
    with context() as ctx:
        with out.status(f"loading {file} ..."):
            result = load_plan(ctx, file, encoding=encoding)
        report_load(result)


@plan_app.command("show")
@guarded
def show(
    plan: PlanOption = None,
    indicators: Annotated[bool, typer.Option(help="List each goal's indicators.")] = True,
) -> None:
    """Show the plan tree: goals, tasks with owners and deadlines, indicators with latest figures."""
    with context() as ctx:
        bundle = read_plan(ctx, plan)
    out.print(render_tree(bundle, with_indicators=indicators), soft_wrap=False, overflow="fold")


def render_tree(bundle: PlanBundle, *, with_indicators: bool = True) -> Tree:
    p = bundle.plan
    vision = f"，远景 {p.vision_year}" if p.vision_year else ""
    root = Tree(f"[bold]{p.name}[/] ({p.code}，{p.start_year}-{p.end_year}{vision})")
    nodes: dict[str | None, Tree] = {None: root}
    for goal in bundle.goals:
        label = f"[cyan]{GOAL_KIND_LABELS[goal.kind]}[/] {goal.display_code} {goal.name}".replace("  ", " ")
        nodes[goal.code] = nodes.get(goal.parent_code, root).add(label)
    units = {u.code: u.name for u in bundle.units}
    for task in bundle.tasks:
        owner = units.get(task.lead_unit_code or "", "未明确牵头单位")
        deadline = f"，{task.deadline.isoformat()} 前" if task.deadline else ""
        nodes[task.goal_code].add(f"[green]任务[/] {task.name}（{owner}{deadline}，{TASK_STATUS_LABELS[task.status]}）")
    if with_indicators:
        unlinked = root
        for ind in bundle.indicators:
            parent = nodes.get(ind.goal_codes[0]) if ind.goal_codes else None
            (parent or unlinked).add(f"[magenta]指标[/] {indicator_summary(bundle, ind)}")
    return root


def indicator_summary(bundle: PlanBundle, ind: Indicator) -> str:
    code = ind.code
    parts = [ind.name]
    levels = [o for o in bundle.observations.get(code, ()) if o.measure is Measure.LEVEL and o.scenario == "actual"]
    if levels:
        last = levels[-1]
        parts.append(f"{period_text(last.period)} {figure_text(last, ind.display_unit)}")
    parts += [f"目标 {target_text(t, ind.display_unit)}" for t in bundle.targets.get(code, ())]
    return "，".join(parts)


class GapFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    XLSX = "xlsx"


@plan_app.command("gaps")
@guarded
def gaps(
    plan: PlanOption = None,
    sort: Annotated[
        str | None, typer.Option("--sort", help=f"Column to sort by, '-' first for descending: {', '.join(COLUMNS)}.")
    ] = None,
    real_only: Annotated[bool, typer.Option("--real-only", help="Leave the simulated scenario out.")] = False,
    format: Annotated[GapFormat, typer.Option("--format", help="Output format.")] = GapFormat.TABLE,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")] = None,
) -> None:
    """对照找差距: every indicator with a target, its gap, 完成率 against 序时进度, the rate needed from now on.

    As the /gaps page writes them; csv and xlsx carry the full-precision numbers beside the text.
    """
    with context() as ctx:
        view = gap_page(ctx, plan, sort=sort, include_simulated=not real_only)
    if format is GapFormat.TABLE:
        table = Table(title=f"{view.plan_name} 对照找差距")
        for label in ("指标", "现状值", "目标值", "差距", "完成率", "序时进度", "今后需年均", "责任单位", "状态"):
            table.add_column(label)
        for r in view.rows:
            simulated = "（含模拟数据）" if r.uses_simulated else ""
            table.add_row(
                r.name + simulated,
                r.current_text,
                r.target_value_text,
                r.gap_text,
                r.completion_text,
                r.time_elapsed_text,
                r.needed_rate_text,
                r.owner or "—",
                r.status_label,
            )
        out.print(table)
        return
    made = gap_download(view, format.value)
    if output is not None:
        output.write_bytes(made.content)
        out.print(f"wrote the gap list of plan {view.plan_code} ({len(view.rows)} indicators) to {output}")
    elif format is GapFormat.CSV:
        typer.echo(made.content.decode("utf-8-sig"), nl=False)
    else:
        fail("an xlsx workbook is written to a file: add --output FILE")


@plan_app.command("export")
@guarded
def export(
    plan: PlanOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.JSON,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file instead of stdout.")] = None,
) -> None:
    """Export the whole plan (goals, tasks, indicators, targets, observations) with values in base units."""
    with context() as ctx:
        data = export_plan(read_plan(ctx, plan))
    try:
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)  # standard JSON: no Infinity
    except ValueError:
        fail(
            f"plan {data['plan']['code']} holds a value that is not a finite number, which JSON cannot carry: "
            "load its plan file again (values are checked now)"
        )
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        out.print(f"exported plan {data['plan']['code']} to {output}")
