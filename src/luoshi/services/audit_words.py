"""The audit log in words a person reads: objects by their names, reasons in Chinese, changes field by field.

The log itself keeps machine keys and English reasons (``pingcheng-14/gdp/140213:2023:level:actual``,
``review accept 4``); this module words them for the audit page and its JSON twin, and falls back to the
raw text wherever it does not know a key's shape or a reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domain.account import ROLE_LABELS
from luoshi.domain.indicator import DIRECTION_LABELS, FREQUENCY_LABELS, INDICATOR_KIND_LABELS, PRICE_BASIS_LABELS
from luoshi.domain.observation import DOCUMENT_KIND_LABELS, FIGURE_STATUS_LABELS, SCENARIO_LABELS
from luoshi.domain.period import InvalidPeriod, Period
from luoshi.domain.plan import GOAL_KIND_LABELS, TASK_STATUS_LABELS
from luoshi.domain.project import BUILD_KIND_LABELS, CATEGORY_LABELS, STAGE_LABELS
from luoshi.domain.provenance import PROVENANCE_KIND_LABELS, origin_label
from luoshi.domain.region import REGION_LEVEL_LABELS
from luoshi.domain.review import REVIEW_STATUS_LABELS
from luoshi.domain.rounds import ROUND_STATE_LABELS, SUBMISSION_STATE_LABELS
from luoshi.domain.security import SECURITY_EVENT_LABELS, SecurityEvent
from luoshi.domain.session import END_REASON_LABELS
from luoshi.domain.supervision import EVENT_LABELS, MATTER_STATE_LABELS, SOURCE_KIND_LABELS
from luoshi.domain.target import COMPARATOR_LABELS, MEASURE_LABELS
from luoshi.domain.unit import UNIT_KIND_LABELS
from luoshi.storage.tables import (
    DocumentRow,
    GoalRow,
    IndicatorRow,
    MatterRow,
    PlanRow,
    ProjectRow,
    RegionRow,
    RoundRow,
    TaskRow,
    UnitRow,
    UserRow,
)

#: reasons the code writes as they are, in Chinese
REASONS: dict[str, str] = {
    "user add": "新增用户",
    "user update": "修改用户",
    "password change": "修改密码",
    "token create": "创建接口令牌",
    "token revoke": "吊销接口令牌",
    "sessions ended": "结束账号的登录",
    "simulated scenario removed": "删除模拟情景",
    "round opened": "发起填报轮次",
    "round closed": "关闭填报轮次",
    "round values saved": "保存填报数据",
    "round sheet imported": "导入填报表格",
    "round submitted": "提交审核",
    "round approved": "审核通过",
    "round returned": "退回修改",
    "evidence added": "上传佐证材料",
    "reminder sent": "发送催报",
    "reporting rules set": "设置填报规则",
    "login attempt": "登录尝试",
    "security event": "安全事件",
    "audit archive": "归档审计日志",
    "login": "登录",
    "logout": "退出登录",
    "session timeout": "登录超时",
    "two factor enrolment": "设置双因素认证",
    "two factor check": "双因素认证",
    "two factor recovery codes": "重新生成恢复码",
    "two factor disable": "关闭双因素认证",
    "two factor reset": "重置双因素认证",
    "unit edit": "编辑责任单位",
    "figure entered": "填报数据",
    "task progress": "报告任务进展",
    "supervision: assign": "督办：交办事项",
    "supervision: feedback": "督办：反馈办理情况",
    "supervision: request-close": "督办：申请办结",
    "supervision: request-extension": "督办：申请延期",
    "supervision: approve": "督办：批准申请",
    "supervision: deny": "督办：不予批准",
    "supervision: remind": "督办：催办",
    "supervision: escalate": "督办：提级督办",
    "project register imported": "导入重点项目库",
    "project stage changed": "变更项目阶段",
    "project month reported": "报送项目月报",
    "simulated projects loaded": "载入模拟重点项目",
}
#: reasons with names or numbers in them
_REASON_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"plan load (.+)"), lambda m: f"载入规划文件 {m[1]}"),
    (re.compile(r"simulated scenario \(seed (\d+)\)"), lambda m: f"生成模拟情景（随机种子 {m[1]}）"),
    (re.compile(r"restore (.+)"), lambda m: f"从备份恢复 {m[1]}"),
    (re.compile(r"ingest (.+)"), lambda m: f"导入文件 {m[1]}"),
    (re.compile(r"review accept (\d+)"), lambda m: f"审核采纳第{m[1]}条"),
    (re.compile(r"review reject (\d+)"), lambda m: f"审核退回第{m[1]}条"),
    (
        re.compile(r"review resolve (\d+)(?:: (.*))?", re.DOTALL),
        lambda m: f"裁决数据冲突第{m[1]}条" + (f"：{m[2]}" if m[2] else ""),
    ),
    (re.compile(r"round reopened: (.*)", re.DOTALL), lambda m: f"重新打开填报：{m[1]}"),
)


def reason_zh(reason: str | None) -> str | None:
    """An audit reason in Chinese; one not known is shown as it was written.

    >>> reason_zh("user add"), reason_zh("review accept 4"), reason_zh("由人工修订")
    ('新增用户', '审核采纳第4条', '由人工修订')
    """
    if reason is None:
        return None
    if reason in REASONS:
        return REASONS[reason]
    for pattern, word in _REASON_PATTERNS:
        if (found := pattern.fullmatch(reason)) is not None:
            return word(found)
    return reason


#: record fields (the JSON of the old and new values) by their Chinese names
FIELD_NAMES: dict[str, str] = {
    "name_tried": "尝试的用户名",
    "reason": "原因",
    "address": "来源地址",
    "method": "请求方式",
    "path": "请求路径",
    "token_id": "令牌编号",
    "file": "文件",
    "format": "格式",
    "first_seq": "起始序号",
    "last_seq": "截止序号",
    "last_hash": "末条哈希",
    "count": "条数",
    "through_seq": "归档至序号",
    "through_hash": "归档末条哈希",
    "before": "截止日期",
    "code": "代码",
    "name": "名称",
    "title": "标题",
    "kind": "类型",
    "state": "状态",
    "status": "状态",
    "value": "数值",
    "unit": "计量单位",
    "display_unit": "显示单位",
    "printed_value": "原文数值",
    "printed_unit": "原文单位",
    "printed": "原文数值",
    "period": "时期",
    "measure": "口径",
    "comparator": "比较方式",
    "annualized": "年均",
    "scenario": "情景",
    "provenance": "来源",
    "origin": "写入来源",
    "region_code": "地区",
    "indicator_code": "指标",
    "indicator_match": "匹配指标",
    "unit_code": "单位",
    "owner_unit_code": "责任单位",
    "lead_unit_code": "牵头单位",
    "support_unit_codes": "配合单位",
    "assisting_unit_codes": "协办单位",
    "role": "角色",
    "active": "启用",
    "display_name": "显示名称",
    "deadline": "期限",
    "percent": "完成比例",
    "text": "内容",
    "reporter": "报告人",
    "actor": "操作人",
    "at": "时间",
    "round_code": "轮次",
    "plan_code": "规划",
    "task_code": "任务",
    "goal_code": "目标",
    "goal_codes": "所属目标",
    "note": "备注",
    "due": "截止日期",
    "approval_levels": "审核级数",
    "indicator_codes": "指标",
    "task_codes": "任务",
    "unit_codes": "单位",
    "first_submitted_at": "首次提交时间",
    "submitted_at": "提交时间",
    "submitted_by": "提交人",
    "unit_approved_by": "单位审核人",
    "approved_by": "审核人",
    "approved_at": "审核时间",
    "returned_count": "退回次数",
    "comment": "意见",
    "target_year": "目标年份",
    "base_year": "基期年份",
    "base_value": "基期值",
    "direction": "方向",
    "frequency": "频率",
    "aliases": "别名",
    "description": "说明",
    "parent_code": "上级",
    "display_code": "编号",
    "position": "顺序",
    "weight": "权重",
    "price_basis": "价格口径",
    "scope": "统计口径",
    "data_source": "数据来源",
    "published": "发布时间",
    "file_name": "文件名",
    "sha256": "校验值",
    "level": "级别",
    "start_year": "起始年份",
    "end_year": "结束年份",
    "vision_year": "远景年份",
    "source_kind": "来源类型",
    "source_text": "来源内容",
    "urgency": "紧急程度",
    "closed_on": "办结日期",
    "sent_by": "发送人",
    "key": "数据项",
    "jump_confirmed": "已确认大幅变动",
    "summary": "摘要",
    "reviewer": "审核人",
    "reviewed_at": "审核时间",
    "reject_reason": "退回理由",
    "quote": "原文",
    "document_code": "文件",
    "label": "名称",
    "revoked": "已吊销",
    "expires": "有效期至",
    "new_deadline": "新的期限",
    "seq": "序号",
    "old_deadline": "原期限",
    "created_by": "创建人",
    "created_at": "创建时间",
    "sent_at": "发送时间",
    "unit_name": "单位名称",
    "expires_at": "有效期至",
    "demo": "演示账号",
    "event": "事件",
    "cause": "原因",
    "sessions": "会话数",
    "on": "日期",
    "month": "月份",
    "batch": "批次",
    "next_steps": "下一步计划",
    "problem_unit_code": "协调解决单位",
    "problems": "存在问题",
    "progress_percent": "形象进度（%）",
    "progress_text": "形象进度",
    "cumulative_total": "开工累计（元）",
    "cumulative_year": "本年累计（元）",
    "investment": "本月完成投资（元）",
    "actual_finish": "实际竣工日期",
    "actual_start": "实际开工日期",
    "planned_finish": "计划竣工日期",
    "planned_start": "计划开工日期",
    "build_kind": "建设性质",
    "category": "类别",
    "stage": "阶段",
    "annual_plans": "年度计划投资（元）",
    "total_investment": "总投资（元）",
    "action": "操作",
    "recovery_left": "剩余恢复码",
}


def _labels(labels: Mapping[Any, str]) -> dict[str, str]:
    """An enum's label map keyed by the enum's values (plain strings, as records hold them)."""
    return {str(k): v for k, v in labels.items()}


_MEASURES = _labels(MEASURE_LABELS)
_COMMON_VALUES: dict[str, Mapping[str, str]] = {
    "measure": _MEASURES,
    "comparator": {str(c): label or "等于" for c, label in COMPARATOR_LABELS.items()},
    "scenario": SCENARIO_LABELS,
    "role": _labels(ROLE_LABELS),
    "frequency": _labels(FREQUENCY_LABELS),
    "direction": _labels(DIRECTION_LABELS),
    "price_basis": _labels(PRICE_BASIS_LABELS),
    "source_kind": _labels(SOURCE_KIND_LABELS),
    "level": _labels(REGION_LEVEL_LABELS),
}
#: fields whose words depend on the object: (object type, field) -> labels
_OBJECT_VALUES: dict[tuple[str, str], Mapping[str, str]] = {
    ("security", "cause"): _labels(END_REASON_LABELS),  # why sessions ended (会话被结束, 会话超时)
    ("security", "action"): {"enrol": "启用", "regenerate": "重新生成恢复码", "disable": "关闭"},  # 设置双因素认证
    ("indicator", "kind"): _labels(INDICATOR_KIND_LABELS),
    ("goal", "kind"): _labels(GOAL_KIND_LABELS),
    ("document", "kind"): DOCUMENT_KIND_LABELS,
    ("unit", "kind"): UNIT_KIND_LABELS,
    ("matter_event", "kind"): _labels(EVENT_LABELS),
    ("observation", "status"): _labels(FIGURE_STATUS_LABELS),
    ("task", "status"): _labels(TASK_STATUS_LABELS),
    ("task_progress", "status"): _labels(TASK_STATUS_LABELS),
    ("task_report", "status"): _labels(TASK_STATUS_LABELS),
    ("statement", "status"): _labels(REVIEW_STATUS_LABELS),
    ("submission", "state"): _labels(SUBMISSION_STATE_LABELS),
    ("round", "state"): _labels(ROUND_STATE_LABELS),
    ("matter", "state"): _labels(MATTER_STATE_LABELS),
    ("project", "stage"): _labels(STAGE_LABELS),
    ("project", "category"): _labels(CATEGORY_LABELS),
    ("project", "build_kind"): _labels(BUILD_KIND_LABELS),
    ("project_stage", "stage"): _labels(STAGE_LABELS),
}
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?")


@dataclass
class Names:
    """The names of the objects an audit page mentions, read once per page."""

    plans: dict[str, str] = field(default_factory=dict)
    goals: dict[tuple[str, str], str] = field(default_factory=dict)
    indicators: dict[tuple[str, str], str] = field(default_factory=dict)
    indicator_any: dict[str, str] = field(default_factory=dict)
    tasks: dict[tuple[str, str], str] = field(default_factory=dict)
    task_any: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)
    rounds: dict[str, str] = field(default_factory=dict)
    matters: dict[str, str] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, session: Session) -> Names:
        names = cls()
        plan_codes = dict(session.execute(select(PlanRow.id, PlanRow.code)).all())
        names.plans = dict(session.execute(select(PlanRow.code, PlanRow.name)).all())
        for plan_id, code, name in session.execute(select(GoalRow.plan_id, GoalRow.code, GoalRow.name)):
            names.goals[(plan_codes[plan_id], code)] = name
        rows = session.execute(select(IndicatorRow.plan_id, IndicatorRow.code, IndicatorRow.name))
        for plan_id, code, name in rows:
            names.indicators[(plan_codes[plan_id], code)] = name
            names.indicator_any.setdefault(code, name)
        for plan_id, code, name in session.execute(select(TaskRow.plan_id, TaskRow.code, TaskRow.name)):
            names.tasks[(plan_codes[plan_id], code)] = name
            names.task_any.setdefault(code, name)
        names.regions = dict(session.execute(select(RegionRow.code, RegionRow.name)).all())
        names.units = dict(session.execute(select(UnitRow.code, UnitRow.name)).all())
        names.documents = dict(session.execute(select(DocumentRow.code, DocumentRow.title)).all())
        names.rounds = dict(session.execute(select(RoundRow.code, RoundRow.title)).all())
        names.matters = dict(session.execute(select(MatterRow.code, MatterRow.title)).all())
        names.projects = dict(session.execute(select(ProjectRow.code, ProjectRow.name)).all())
        for name, display in session.execute(select(UserRow.name, UserRow.display_name)):
            names.users[name] = f"{display}（{name}）" if display else name
        return names

    def object_name(self, object_type: str, key: str) -> str:
        """The object of an entry by its names (``地区生产总值 · 平城区 · 2023年 · 水平值 · 实际``), else its key."""
        try:
            parts = self._object_parts(object_type, key)
        except (KeyError, ValueError, IndexError, InvalidPeriod):
            parts = None
        return " · ".join(parts) if parts else key

    def _object_parts(self, object_type: str, key: str) -> list[str] | None:
        head, _, rest = key.partition("/")
        if object_type == "security":
            return [SECURITY_EVENT_LABELS[SecurityEvent(key)]]
        if object_type == "plan":
            return [self.plans[key]]
        if object_type == "goal":
            return [self.goals[(head, rest)]]
        if object_type == "indicator":
            return [self.indicators[(head, rest)]]
        if object_type == "task":
            return [self.tasks[(head, rest)]]
        if object_type == "task_progress":
            task, number = rest.rsplit("/", 1)
            return [self.tasks[(head, task)], f"第{int(number)}次进展"]
        if object_type == "observation":
            indicator, figure = rest.split("/", 1)
            region, period, measure, scenario = figure.split(":")
            return [
                self.indicators[(head, indicator)],
                self.regions.get(region, region),
                Period.parse(period).label,
                _MEASURES.get(measure, measure),
                SCENARIO_LABELS.get(scenario, scenario),
            ]
        if object_type == "target":
            indicator, figure = rest.split("/", 1)
            measure, year = figure.split(":", 1)
            return [self.indicators[(head, indicator)], "目标", _MEASURES.get(measure, measure), f"{year}年"]
        if object_type in {"region", "unit", "document", "round", "matter", "user"}:
            table = {
                "region": self.regions,
                "unit": self.units,
                "document": self.documents,
                "round": self.rounds,
                "matter": self.matters,
                "user": self.users,
            }[object_type]
            return [table[key]]
        if object_type in {"submission", "reminder", "evidence"}:
            unit = rest.split("/", 1)[0]
            return [self.rounds[head], self.units.get(unit, unit)]
        if object_type == "round_value":
            unit, line = rest.split("/", 1)
            indicator, _, measure = line.partition(":")
            parts = [self.rounds[head], self.units.get(unit, unit), self.indicator_any.get(indicator, indicator)]
            return parts + ([_MEASURES.get(measure, measure)] if measure else [])
        if object_type == "task_report":
            unit, task = rest.split("/", 1)
            return [self.rounds[head], self.units.get(unit, unit), self.task_any.get(task, task)]
        if object_type == "matter_event":
            return [self.matters[head], f"第{int(rest)}步"]
        if object_type == "project":
            return [self.projects[key]]
        if object_type == "project_stage":
            return [self.projects[head], f"第{int(rest)}次阶段变更"]
        if object_type == "project_report":
            year, month = rest.split("-")
            return [self.projects[head], f"{int(year)}年{int(month)}月月报"]
        if object_type == "reporting_rules":
            return [self.plans[key]]
        return None

    def value_text(self, object_type: str, name: str, value: Any) -> str:
        """One field's value as a person reads it."""
        if value is None or value == "" or value == []:
            return "（空）"
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, list):
            return "、".join(self.value_text(object_type, name, v) for v in value)
        if isinstance(value, dict):
            return self._record_text(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        labels = _OBJECT_VALUES.get((object_type, name)) or _COMMON_VALUES.get(name)
        if labels is not None and text in labels:
            return labels[text]
        if name == "origin":
            return origin_label(text)
        if name == "period":
            try:
                return Period.parse(text).label
            except InvalidPeriod:
                return text
        lookups: dict[str, Mapping[str, str]] = {
            "region_code": self.regions,
            "unit_code": self.units,
            "owner_unit_code": self.units,
            "lead_unit_code": self.units,
            "problem_unit_code": self.units,
            "support_unit_codes": self.units,
            "assisting_unit_codes": self.units,
            "unit_codes": self.units,
            "indicator_code": self.indicator_any,
            "indicator_codes": self.indicator_any,
            "indicator_match": self.indicator_any,
            "task_code": self.task_any,
            "task_codes": self.task_any,
            "round_code": self.rounds,
            "plan_code": self.plans,
            "document_code": self.documents,
        }
        if name in lookups and text in lookups[name]:
            return lookups[name][text]
        if (stamp := _TIMESTAMP.fullmatch(text)) is not None:
            return f"{stamp[1]} {stamp[2]}"
        return text

    def _record_text(self, record: dict[str, Any]) -> str:
        provenance = _labels(PROVENANCE_KIND_LABELS)
        if str(record.get("kind")) in provenance:
            kind = provenance[str(record["kind"])]
            document = record.get("document_code")
            note = str(record.get("note") or "")
            rounds = [title for code, title in self.rounds.items() if code in note]
            where = self.documents.get(document, document) if document else (rounds[0] if rounds else note)
            return f"{kind}（{where}）" if where else kind
        if set(record) == {"indicator_code", "measure"}:
            indicator = self.indicator_any.get(record["indicator_code"], record["indicator_code"])
            return f"{indicator} · {_MEASURES.get(record['measure'], record['measure'])}"
        parts = [f"{FIELD_NAMES.get(k, k)}：{self.value_text('', k, v)}" for k, v in record.items()]
        return "；".join(parts) if parts else json.dumps(record, ensure_ascii=False)


def field_name(name: str) -> str:
    """A record field's Chinese name, or the field's own name when it has none yet."""
    return FIELD_NAMES.get(name, name)


_IDENTIFIER = re.compile(r"[A-Za-z0-9_.:/@+-]*[A-Za-z][A-Za-z0-9_.:/@+-]*")


def is_code(text: str) -> bool:
    """Whether a value as shown is still an identifier (a code, a login name, a file name): pages set it as code.

    >>> is_code("pingcheng-14-2023YTD06"), is_code("平城区"), is_code("2023年")
    (True, False, False)
    """
    return _IDENTIFIER.fullmatch(text) is not None
