"""The gap list page (对照找差距): every indicator with a target, how far it is from it, 完成率 against
序时进度, the rate needed from now on, its owner and status; sorted by any column on the server, and
downloadable as xlsx or CSV with the full-precision numbers beside the text shown (docs/methodology.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, Field

from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.report.tables import Cell, csv_bytes, xlsx_bytes
from luoshi.services.context import Context
from luoshi.services.progress import GapRow, assessment_snapshot, gap_row

#: the order of statuses in the list, worst first (behind the target, then on track, reached, unknown)
STATUS_RANK = {
    "deterioration": 0,
    "limited_progress": 1,
    "acceleration_needed": 2,
    "on_track": 3,
    "target_achieved": 4,
    "insufficient_data": 5,
}


@dataclass(frozen=True)
class GapColumn:
    label: str
    key: Callable[[GapRow], str | float | int | None]


#: the columns the list sorts by, in the order shown; each sorts on its full-precision number
COLUMNS: dict[str, GapColumn] = {
    "name": GapColumn("指标", lambda r: r.name),
    "current": GapColumn("现状值", lambda r: r.current_value),
    "target": GapColumn("目标值", lambda r: r.target_value),
    "gap": GapColumn("差距", lambda r: r.gap_share),
    "completion": GapColumn("完成率", lambda r: r.completion),
    "time_elapsed": GapColumn("序时进度", lambda r: r.time_elapsed),
    "needed_rate": GapColumn("今后需年均", lambda r: r.needed_rate),
    "owner": GapColumn("责任单位", lambda r: r.owner),
    "status": GapColumn("状态", lambda r: STATUS_RANK.get(r.status, len(STATUS_RANK))),
}
DEFAULT_SORT = "status"


class GapListContext(BaseModel):
    """The gap list of one plan, sorted as asked."""

    data_version: int = Field(description="the data version the list was computed from")
    plan_code: str
    plan_name: str
    years: str
    include_simulated: bool
    sort: str = Field(description="the column sorted by: " + ", ".join(COLUMNS))
    descending: bool = Field(description="whether the sort is descending (sort=-gap)")
    columns: dict[str, str] = Field(description="the sortable columns: key -> label")
    rows: list[GapRow]


def parse_sort(sort: str | None) -> tuple[str, bool]:
    """``"-gap"`` -> ``("gap", True)``; an empty sort is the default (status, worst first).

    >>> parse_sort("-gap"), parse_sort("owner"), parse_sort(None)
    (('gap', True), ('owner', False), ('status', False))
    """
    text = (sort or DEFAULT_SORT).strip()
    descending = text.startswith("-")
    key = text.lstrip("-")
    if key not in COLUMNS:
        message = f"排序列 {key!r} 不存在，可选：{'、'.join(COLUMNS)}"
        raise InvalidInput([Problem(Location("sort", field="sort"), message)])
    return key, descending


def sort_rows(rows: list[GapRow], key: str, descending: bool) -> list[GapRow]:
    """Rows sorted by a column; rows without a value in it always come last, ties by status then score."""
    column = COLUMNS[key].key

    def tie(r: GapRow) -> tuple[int, float, str]:
        return STATUS_RANK.get(r.status, len(STATUS_RANK)), r.score if r.score is not None else 0.0, r.code

    present = sorted((r for r in rows if column(r) is not None), key=tie)
    present.sort(key=lambda r: column(r), reverse=descending)  # type: ignore[arg-type,return-value]
    missing = sorted((r for r in rows if column(r) is None), key=tie)
    return present + missing


def gap_page(
    ctx: Context,
    plan_code: str | None = None,
    *,
    sort: str | None = None,
    include_simulated: bool = True,
) -> GapListContext:
    """Every indicator of a plan that has a target, as a row of the gap list, sorted by ``sort``."""
    key, descending = parse_sort(sort)
    snapshot = assessment_snapshot(ctx, plan_code, include_simulated=include_simulated)
    assessed = snapshot.value
    bundle = assessed.bundle
    units = {u.code: u.name for u in bundle.units}
    rows = [
        gap_row(i).model_copy(update={"owner": units.get(i.owner_unit_code or "")})
        for i in assessed.progress.indicators
        if i.target_text is not None
    ]
    p = bundle.plan
    return GapListContext(
        data_version=snapshot.version,
        plan_code=p.code,
        plan_name=p.name,
        years=f"{p.start_year}—{p.end_year}年",
        include_simulated=include_simulated,
        sort=key,
        descending=descending,
        columns={k: c.label for k, c in COLUMNS.items()},
        rows=sort_rows(rows, key, descending),
    )


#: the downloaded table's columns: full-precision numbers beside the text the page shows
TABLE_HEADERS = [
    "指标代码", "指标", "单位", "现状年份", "现状值", "现状（显示）", "目标年份", "目标值", "目标（显示）", "目标表述",
    "差距", "差距（显示）", "完成率", "完成率（显示）", "序时进度", "序时进度（显示）", "今后需年均增长率",
    "今后需年均（显示）", "责任单位", "状态", "含模拟数据",
]  # fmt: skip


def gap_table(view: GapListContext) -> list[list[Cell]]:
    """The rows of the download, in the page's order (levels in the unit column, rates as fractions)."""
    rows: list[list[Cell]] = []
    for r in view.rows:
        rows.append([r.code, r.name, r.unit, r.current_year, r.current_value, r.current_text])
        rows[-1] += [r.target_year, r.target_value, r.target_value_text, r.target_text, r.gap, r.gap_text]
        rows[-1] += [r.completion, r.completion_text, r.time_elapsed, r.time_elapsed_text]
        rows[-1] += [r.needed_rate, r.needed_rate_text, r.owner, r.status_label, "是" if r.uses_simulated else "否"]
    return rows


@dataclass(frozen=True)
class Download:
    content: bytes
    file_name: str
    media_type: str


DOWNLOAD_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def gap_download(view: GapListContext, fmt: str) -> Download:
    """The gap list as a file: ``xlsx`` or ``csv`` (UTF-8 with a byte-order mark)."""
    if fmt not in DOWNLOAD_FORMATS:
        raise InvalidInput([Problem(Location("format", field="format"), f"下载格式 {fmt!r} 不支持，可选：xlsx、csv")])
    rows = gap_table(view)
    name = f"{view.plan_code}-对照找差距.{fmt}"
    content = xlsx_bytes("对照找差距", TABLE_HEADERS, rows) if fmt == "xlsx" else csv_bytes(TABLE_HEADERS, rows)
    return Download(content, name, DOWNLOAD_FORMATS[fmt])
