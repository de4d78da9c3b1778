"""Chinese wording for what a browser user sees of errors: HTTP error pages and form validation problems.

The JSON API keeps its documented shapes; this module only supplies the Chinese text (``msg_zh``) and
the labels of the error page. Technical ids (status codes, field names) may stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from luoshi.domain.account import ROLE_LABELS
from luoshi.domain.indicator import DIRECTION_LABELS, FREQUENCY_LABELS, INDICATOR_KIND_LABELS, PRICE_BASIS_LABELS
from luoshi.domain.observation import DOCUMENT_KIND_LABELS, FIGURE_STATUS_LABELS, SCENARIO_LABELS
from luoshi.domain.period import PERIOD_KIND_LABELS
from luoshi.domain.plan import GOAL_KIND_LABELS, TASK_STATUS_LABELS
from luoshi.domain.project import BUILD_KIND_LABELS, CATEGORY_LABELS, LAG_REASON_LABELS, STAGE_LABELS
from luoshi.domain.provenance import PROVENANCE_KIND_LABELS, origin_label
from luoshi.domain.ranking import CRITERION_LABELS
from luoshi.domain.region import REGION_LEVEL_LABELS
from luoshi.domain.review import REVIEW_STATUS_LABELS
from luoshi.domain.rounds import ROUND_STATE_LABELS, SUBMISSION_STATE_LABELS, TIMELINESS_LABELS
from luoshi.domain.security import HASH_ALGORITHM_LABELS, SECURITY_EVENT_LABELS
from luoshi.domain.statement import MODALITY_LABELS
from luoshi.domain.supervision import EVENT_LABELS, MATTER_STATE_LABELS, SOURCE_KIND_LABELS, URGENCY_LABELS
from luoshi.domain.target import COMPARATOR_LABELS, MEASURE_LABELS
from luoshi.domain.unit import UNIT_KIND_LABELS
from luoshi.engine.audit import VERDICT_LABELS
from luoshi.engine.pricebasis import ALL_YEARS_FROM_LEVELS, SOME_YEARS_FROM_LEVELS
from luoshi.engine.progress import PROGRESS_WARNING_MESSAGES, ProgressWarning
from luoshi.services.progress import STATUS_LABELS

#: the heading of the error page of each HTTP status
TITLES: dict[int, str] = {
    400: "请求有误",
    401: "需要登录",
    403: "没有权限",
    404: "页面不存在",
    405: "不支持此操作",
    409: "数据冲突",
    413: "内容过大",
    422: "输入有误",
    429: "操作过于频繁",
    500: "服务器出错",
    503: "服务暂不可用",
}

#: what the page says when the error carries no Chinese message of its own
DEFAULT_MESSAGES: dict[int, str] = {
    400: "请求的内容有误，请检查后重试。",
    401: "请先登录。",
    403: "您没有访问此页面或执行此操作的权限。如需开通，请联系管理员。",
    404: "您要找的页面不存在，可能已被删除或地址有误。",
    405: "此页面不支持这种访问方式，请从页面上的链接或按钮进入。",
    409: "数据与当前状态冲突，请刷新页面后重试。",
    413: "提交的内容过大。",
    422: "提交的内容有误，请检查后重试。",
    429: "操作过于频繁，请稍后再试。",
    500: "服务器处理请求时出错，请稍后再试；如果问题持续，请联系管理员。",
    503: "服务暂时不可用，请稍后再试。",
}

#: English details raised in the app or by the framework, and what a browser user reads instead
KNOWN_DETAILS: dict[str, str] = {
    "Not Found": DEFAULT_MESSAGES[404],
    "Method Not Allowed": DEFAULT_MESSAGES[405],
    "Forbidden": DEFAULT_MESSAGES[403],
    "Internal Server Error": DEFAULT_MESSAGES[500],
    "Bad Request": DEFAULT_MESSAGES[400],
    "Unauthorized": DEFAULT_MESSAGES[401],
    "CSRF token missing or wrong: reload the page and try again": "页面已过期或表单校验失败，请刷新页面后重试。",
    "the public page is not turned on here (LUOSHI_PUBLIC_VIEW)": "本站未开放公众页面（LUOSHI_PUBLIC_VIEW）。",
    "the unit code in the path and the body differ": "地址中的单位代码与提交的单位代码不一致。",
    "invalid or revoked token": "令牌无效或已被吊销。",
    "Authorization must be 'Bearer <token>'": "Authorization 请求头应为 'Bearer <令牌>'。",
}

#: the Chinese label of form fields, as the forms show them (a field not named here shows its name)
FIELD_LABELS: dict[str, str] = {
    "period": "时期",
    "value": "数值",
    "unit": "单位",
    "status": "状态",
    "note": "来源说明",
    "measure": "口径",
    "comparator": "比较方式",
    "region": "地区",
    "code": "代码",
    "name": "名称",
    "title": "标题",
    "text": "文字",
    "plan": "规划",
    "year": "年份",
    "doc_year": "文件年份",
    "role": "角色",
    "password": "密码",
    "display_name": "显示名称",
    "unit_code": "单位",
    "reason": "理由",
    "comment": "意见",
    "deadline": "办理期限",
    "new_deadline": "新的期限",
    "due": "截止日期",
    "percent": "完成比例",
    "lead_unit": "牵头单位",
    "assisting_units": "协办单位",
    "approval_levels": "审核级数",
    "source_kind": "来源类型",
    "source_text": "来源内容",
    "urgency": "紧急程度",
    "label": "名称",
    "task": "任务",
    "keep": "采用的一方",
    "document": "文件",
    "indicator_code": "指标",
    "page": "页码",
    "token_id": "令牌编号",
    "until": "有效期至",
    "since": "起始时间",
    "q": "搜索词",
    "active": "启用",
}


def field_label(loc: tuple[Any, ...] | list[Any]) -> str:
    """The Chinese label of the field a problem's ``loc`` names (its last part), or the field's name."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    if not parts:
        return "请求"
    name = parts[-1]
    return FIELD_LABELS.get(name, name)


def _ctx(error: Mapping[str, Any], key: str) -> Any:
    ctx = error.get("ctx") or {}
    return ctx.get(key, "")


def problem_zh(error: Mapping[str, Any], label: str | None = None) -> str:
    """One pydantic/FastAPI validation problem as a Chinese sentence naming the field by its label."""
    what = label if label is not None else field_label(error.get("loc", ()))
    kind = str(error.get("type", ""))
    simple: dict[str, str] = {
        "missing": f"请填写{what}",
        "string_pattern_mismatch": f"{what}的格式不对",
        "int_parsing": f"{what}应为整数",
        "int_from_float": f"{what}应为整数",
        "int_type": f"{what}应为整数",
        "float_parsing": f"{what}应为数字",
        "float_type": f"{what}应为数字",
        "finite_number": f"{what}应为有限的数字",
        "bool_parsing": f"{what}应为“是”或“否”",
        "bool_type": f"{what}应为“是”或“否”",
        "string_type": f"{what}应为文字",
        "date_parsing": f"{what}不是有效的日期（如 2026-05-31）",
        "date_from_datetime_parsing": f"{what}不是有效的日期（如 2026-05-31）",
        "date_type": f"{what}不是有效的日期（如 2026-05-31）",
        "datetime_parsing": f"{what}不是有效的时间",
        "datetime_from_date_parsing": f"{what}不是有效的时间",
        "datetime_type": f"{what}不是有效的时间",
        "json_invalid": "提交的 JSON 格式有误",
        "model_attributes_type": "提交的内容格式有误",
        "dict_type": "提交的内容格式有误",
        "list_type": f"{what}应为列表",
        "value_error": f"{what}的值有误",
        "extra_forbidden": f"不认识的字段：{what}",
        "url_parsing": f"{what}不是有效的网址",
        "uuid_parsing": f"{what}格式不对",
    }
    if kind in simple:
        message = simple[kind]
    elif kind == "greater_than_equal":
        message = f"{what}不能小于 {_ctx(error, 'ge')}"
    elif kind == "greater_than":
        message = f"{what}应大于 {_ctx(error, 'gt')}"
    elif kind == "less_than_equal":
        message = f"{what}不能大于 {_ctx(error, 'le')}"
    elif kind == "less_than":
        message = f"{what}应小于 {_ctx(error, 'lt')}"
    elif kind == "string_too_long":
        message = f"{what}最多 {_ctx(error, 'max_length')} 个字"
    elif kind == "string_too_short":
        minimum = _ctx(error, "min_length")
        message = f"请填写{what}" if minimum in (1, "1") else f"{what}至少 {minimum} 个字"
    elif kind == "too_long":
        message = f"{what}最多 {_ctx(error, 'max_length')} 项"
    elif kind == "too_short":
        message = f"{what}至少 {_ctx(error, 'min_length')} 项"
    elif kind in ("enum", "literal_error"):
        message = f"{what}应为以下之一：{_ctx(error, 'expected')}"
    else:
        message = f"{what}的值有误"
    return message


#: the engine's progress warnings (machine codes in the engine and the JSON), as the pages word them
PROGRESS_NOTES_ZH: dict[ProgressWarning, str] = {
    ProgressWarning.BASE_YEAR_NOT_OBSERVED: "基期年份没有数据，以其后第一个有数据的年份为基期",
    ProgressWarning.TOO_FEW_YEARS: "自基期年份起有数据的年份不足两年",
    ProgressWarning.NON_POSITIVE_LEVEL: "计算增速所用的水平值为零或负数",
    ProgressWarning.ZERO_TARGET: "目标值为 0，按 0.001 计算",
    ProgressWarning.NON_POSITIVE_TARGET: "目标值为负数，任何增速都达不到",
    ProgressWarning.TARGET_YEAR_NOT_AFTER_BASE: "目标年份不晚于（实际）基期年份",
    ProgressWarning.PAST_TARGET_YEAR: "最新数据的年份已晚于目标年份",
}
_EXACT_NOTES: dict[str, str] = {PROGRESS_WARNING_MESSAGES[w]: zh for w, zh in PROGRESS_NOTES_ZH.items()}
#: the price-basis notes (engine/pricebasis.py): a 可比价 indicator's growth partly or wholly from 现价 levels
PRICE_BASIS_NOTES_ZH: dict[str, str] = {
    SOME_YEARS_FROM_LEVELS: "部分年份无可比价增速，按现价水平推算",
    ALL_YEARS_FROM_LEVELS: "没有可比价增速，按现价水平推算",
}
_EXACT_NOTES.update(PRICE_BASIS_NOTES_ZH)
_STATUS_ZH: dict[str, str] = dict(STATUS_LABELS)
_CRITERION_ZH: dict[str, str] = {c.value: label for c, label in CRITERION_LABELS.items()}
_VERDICT_ZH: dict[str, str] = {v.value: label for v, label in VERDICT_LABELS.items()}

#: the rollup's and the scorecard's notes (English, with codes and numbers in them), as patterns
_PATTERN_NOTES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"no assessment for (.+): counted as (\w+)"),
        lambda m: f"{m[1]} 没有评估结果，按“{_STATUS_ZH.get(m[2], m[2])}”计",
    ),
    (
        re.compile(r"weight of (\S+) is (.+), not a non-negative number: treated as missing"),
        lambda m: f"{m[1]} 的权重 {m[2]} 不是非负数，按未设权重处理",
    ),
    (
        re.compile(r"no weight for (.+): used the mean of the others \((.+)\)"),
        lambda m: f"{m[1]} 未设权重，取其余权重的平均值（{m[2]}）",
    ),
    (re.compile(r"all weights are zero: used equal weights"), lambda m: "权重全为 0，改按等权计算"),
    (
        re.compile(r"weights add up to (.+), not 100 %: normalised"),
        lambda m: f"权重合计为 {m[1]}，不是 100%，已按比例换算",
    ),
    (re.compile(r"weight 0 for (.+): not counted in the score"), lambda m: f"{m[1]} 的权重为 0，不计入得分"),
    (
        re.compile(r"no score for (.+) \(insufficient data\): the mean is over the others"),
        lambda m: f"{m[1]} 数据不足、没有得分，平均分按其余各项计算",
    ),
    # the consistency audit's findings (engine/audit.py: kept in English in the JSON and the CLI)
    (
        re.compile(r"(.+): the parts \((.+)\) add up to (.+), more than the total (.+) even allowing for rounding"),
        lambda m: f"{m[1]}：分项（{m[2].replace(', ', '、')}）合计 {m[3]}，考虑舍入后仍超过总数 {m[4]}",
    ),
    (re.compile(r"(.+): a share of (.+) is more than the whole"), lambda m: f"{m[1]}：占比 {m[2]} 超过 100%"),
    (
        re.compile(r"(.+): figure in (.+) \((.+)\) but series in (.+) \((.+)\)"),
        lambda m: f"{m[1]}：数据的单位为 {m[2]}，而该指标序列的单位为 {m[4]}，计量对象不同",
    ),
    (
        re.compile(
            r"(.+): figure in (\S+) but series in (\S+)(?: \((.+)\))?"
            r"(; its number fits the series: is the unit a typo\?)?"
        ),
        lambda m: (
            f"{m[1]}：数据的单位为 {m[2]}，而该指标序列的单位为 {m[3]}"
            + (f"（{m[4]}）" if m[4] else "")
            + ("；数字本身与序列量级相符，单位可能写错" if m[5] else "")
        ),
    ),
    (
        re.compile(
            r"(.+) (\d{4})-(\d{4}): claimed (.+) %, levels give (.+) % \(rounding allows (.+) to (.+) %\): (\w+)"
        ),
        lambda m: (
            f"{m[1]} {m[2]}—{m[3]}年：印出增速 {m[4]}%，按水平值计算为 {m[5]}%"
            f"（舍入允许 {m[6]}%—{m[7]}%）：{_VERDICT_ZH.get(m[8], m[8])}"
        ),
    ),
    (
        re.compile(r"no data for (\w+): its weight is shared among the other criteria"),
        lambda m: f"“{_CRITERION_ZH.get(m[1], m[1])}”没有数据，其权重分摊给其他各项",
    ),
)


def note_zh(note: str) -> str:
    """A progress, rollup or scorecard note in Chinese for a page; a note already Chinese (or unknown) as is."""
    if note in _EXACT_NOTES:
        return _EXACT_NOTES[note]
    for pattern, word in _PATTERN_NOTES:
        if (found := pattern.fullmatch(note)) is not None:
            return word(found)
    return note


def _by_value(labels: Mapping[Any, str]) -> dict[str, str]:
    return {str(k): v for k, v in labels.items()}


#: every enum a page may show, by name, with its Chinese labels (the maps live next to their enums in domain/)
ENUM_LABELS: dict[str, dict[str, str]] = {
    "role": _by_value(ROLE_LABELS),
    "indicator_kind": _by_value(INDICATOR_KIND_LABELS),
    "direction": _by_value(DIRECTION_LABELS),
    "frequency": _by_value(FREQUENCY_LABELS),
    "price_basis": _by_value(PRICE_BASIS_LABELS),
    "measure": _by_value(MEASURE_LABELS),
    "comparator": {str(c): label or "等于" for c, label in COMPARATOR_LABELS.items()},
    "scenario": dict(SCENARIO_LABELS),
    "figure_status": _by_value(FIGURE_STATUS_LABELS),
    "period_kind": _by_value(PERIOD_KIND_LABELS),
    "modality": _by_value(MODALITY_LABELS),
    "timeliness": _by_value(TIMELINESS_LABELS),
    "verdict": _by_value(VERDICT_LABELS),
    "document_kind": dict(DOCUMENT_KIND_LABELS),
    "unit_kind": dict(UNIT_KIND_LABELS),
    "provenance": _by_value(PROVENANCE_KIND_LABELS),
    "goal_kind": _by_value(GOAL_KIND_LABELS),
    "task_status": _by_value(TASK_STATUS_LABELS),
    "region_level": _by_value(REGION_LEVEL_LABELS),
    "review_status": _by_value(REVIEW_STATUS_LABELS),
    "round_state": _by_value(ROUND_STATE_LABELS),
    "submission_state": _by_value(SUBMISSION_STATE_LABELS),
    "matter_state": _by_value(MATTER_STATE_LABELS),
    "matter_event": _by_value(EVENT_LABELS),
    "source_kind": _by_value(SOURCE_KIND_LABELS),
    "urgency": _by_value(URGENCY_LABELS),
    "criterion": _by_value(CRITERION_LABELS),
    "security_event": _by_value(SECURITY_EVENT_LABELS),
    "hash_algorithm": _by_value(HASH_ALGORITHM_LABELS),
    "status": dict(STATUS_LABELS),
    "project_stage": _by_value(STAGE_LABELS),
    "project_category": _by_value(CATEGORY_LABELS),
    "build_kind": _by_value(BUILD_KIND_LABELS),
    "lag_reason": _by_value(LAG_REASON_LABELS),
}


def label(value: object, enum: str) -> str:
    """An enum's value as its Chinese label for a page (the Jinja filter ``label``); origins such as
    ``planfile:pingcheng-14`` by their kind; a value without a label as it is (``None`` as —).

    >>> label("newspaper", "document_kind"), label("department", "unit_kind"), label("planfile:p", "origin")
    ('报纸', '部门', '规划文件（p）')
    """
    if value is None or value == "":
        return "—"
    text = str(value)
    if enum == "origin":
        return origin_label(text)
    return ENUM_LABELS[enum].get(text, text)
