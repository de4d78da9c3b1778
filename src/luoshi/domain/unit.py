"""Government units (departments, offices, sub-district offices) that own tasks and indicators."""

from __future__ import annotations

from dataclasses import dataclass

#: the Chinese label of a unit's kind (a free word in plan files; a kind not named here shows as it is)
UNIT_KIND_LABELS: dict[str, str] = {
    "department": "部门",
    "office": "办公室",
    "bureau": "局",
    "committee": "委员会",
    "township": "乡镇",
    "subdistrict": "街道",
    "street": "街道",
    "district": "区",
    "company": "企业",
    "enterprise": "企业",
    "other": "其他",
}


@dataclass(frozen=True)
class Unit:
    """A government unit, serving one region: ``Unit("pc-shenpi", "平城区行政审批服务管理局", "140213")``."""

    code: str
    name: str
    region_code: str
    kind: str = "department"
