"""Reading the audit log: filter by user, unit, object, date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field, field_validator

from luoshi.domain.security import SECURITY_EVENT_LABELS, SecurityEvent
from luoshi.services.audit_words import Names, field_name, is_code, reason_zh
from luoshi.services.context import Context

PAGE_SIZE = 50
#: the last page a request may ask for: its offset must fit the database's integers (SQLite refuses past 2**63)
MAX_PAGE = 1_000_000
OBJECT_TYPES = {
    "plan": "规划",
    "goal": "目标",
    "task": "任务",
    "task_progress": "任务进展",
    "indicator": "指标",
    "target": "目标值",
    "observation": "数据",
    "region": "区划",
    "unit": "单位",
    "document": "文件",
    "user": "用户",
    "api_token": "接口令牌",
    "statement": "提取数据",
    "conflict": "数据冲突裁决",
    "database": "数据库",
    "round": "填报轮次",
    "submission": "单位报送",
    "round_value": "填报数据",
    "task_report": "任务填报",
    "reminder": "催报",
    "evidence": "佐证材料",
    "reporting_rules": "填报规则",
    "matter": "督办事项",
    "matter_event": "督办记录",
    "session": "登录会话",
    "security": "安全事件",
    "project": "重点项目",
    "project_stage": "项目阶段变更",
    "project_report": "项目月报",
}
ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "event": "安全事件"}
#: the security events (安全事件) the page can filter by, in Chinese
SECURITY_EVENTS = {kind.value: label for kind, label in SECURITY_EVENT_LABELS.items()}


class AuditChange(BaseModel):
    field: str
    old: Any
    new: Any
    label: str = Field(default="", description="the field's Chinese name")
    old_text: str = Field(default="", description="the old value as a person reads it")
    new_text: str = Field(default="", description="the new value as a person reads it")
    old_code: bool = Field(default=False, description="old_text is an identifier (a code), shown as one")
    new_code: bool = Field(default=False, description="new_text is an identifier (a code), shown as one")


class AuditItem(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    action_label: str
    object_type: str
    object_label: str
    object_key: str
    object_name: str = Field(default="", description="the object by its names (地区生产总值 · 平城区 · 2023年 …)")
    reason: str | None
    reason_label: str | None = Field(default=None, description="the reason in Chinese (the raw text if unknown)")
    changes: list[AuditChange]
    summary: str | None = Field(default=None, description="the entry in words, when it carries one (数据冲突裁决)")


class AuditFilter(BaseModel):
    actor: str | None = None
    object_type: str | None = None
    key: str | None = None
    event: SecurityEvent | None = Field(default=None, description="only security events of this kind")
    unit: str | None = None
    since: date | None = None
    until: date | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        """An empty form field means no filter."""
        return None if value == "" else value


class AuditPage(BaseModel):
    filter: AuditFilter
    items: list[AuditItem]
    actors: list[str]
    object_types: dict[str, str]
    security_events: dict[str, str] = Field(default_factory=lambda: dict(SECURITY_EVENTS))
    has_more: bool


def _changes(
    old: dict[str, Any] | None, new: dict[str, Any] | None, names: Names | None = None, object_type: str = ""
) -> list[AuditChange]:
    old, new = old or {}, new or {}
    keys = list(dict.fromkeys([*old, *new]))
    names = names or Names()
    changes = []
    for k in keys:
        if old.get(k) == new.get(k):
            continue
        old_text = names.value_text(object_type, k, old.get(k))
        new_text = names.value_text(object_type, k, new.get(k))
        changes.append(
            AuditChange(
                field=k,
                old=old.get(k),
                new=new.get(k),
                label=field_name(k),
                old_text=old_text,
                new_text=new_text,
                old_code=is_code(old_text),
                new_code=is_code(new_text),
            )
        )
    return changes


def audit_page(ctx: Context, f: AuditFilter) -> AuditPage:
    """One page of the log, newest first. ``unit`` keeps changes whose values name that unit."""
    ctx.require_schema()
    page = max(f.page, 1)
    with ctx.reading() as snapshot:
        log = snapshot.audit
        since = datetime.combine(f.since, datetime.min.time(), UTC) if f.since else None
        until = datetime.combine(f.until + timedelta(days=1), datetime.min.time(), UTC) if f.until else None
        scan = PAGE_SIZE * 20 if f.unit else PAGE_SIZE + 1
        object_type, key = f.object_type or None, None
        if f.event is not None:  # a kind of security event: its entries' key is the kind
            object_type, key = "security", f.event.value
        entries = log.entries(
            actor=f.actor or None,
            object_type=object_type,
            key_prefix=f.key or None,
            key=key,
            since=since,
            until=until,
            limit=scan,
            offset=(page - 1) * PAGE_SIZE,
        )
        if f.unit:
            entries = [e for e in entries if _names_unit(e.old, f.unit) or _names_unit(e.new, f.unit)]
        names = Names.read(snapshot.session)
        items = [
            AuditItem(
                id=e.id,
                at=e.at.astimezone().isoformat(timespec="seconds"),
                actor=e.actor,
                action=e.action,
                action_label=ACTIONS.get(e.action, e.action),
                object_type=e.object_type,
                object_label=OBJECT_TYPES.get(e.object_type, e.object_type),
                object_key=e.object_key,
                object_name=names.object_name(e.object_type, e.object_key),
                reason=e.reason,
                reason_label=reason_zh(e.reason),
                changes=_changes(e.old, e.new, names, e.object_type),
                summary=(e.new or {}).get("summary") if e.object_type == "conflict" else None,
            )
            for e in entries[:PAGE_SIZE]
        ]
        return AuditPage(
            filter=f, items=items, actors=log.actors(), object_types=OBJECT_TYPES, has_more=len(entries) > PAGE_SIZE
        )


def _names_unit(record: dict[str, Any] | None, unit: str) -> bool:
    if not record:
        return False
    for key in ("owner_unit_code", "lead_unit_code", "unit_code", "region_code"):
        if record.get(key) == unit:
            return True
    return unit in (record.get("support_unit_codes") or ()) or (record.get("code") == unit)
