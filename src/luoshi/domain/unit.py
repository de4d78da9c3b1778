"""Government units (departments, offices, sub-district offices) that own tasks and indicators."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """A government unit, serving one region: ``Unit("pc-shenpi", "平城区行政审批服务管理局", "140213")``."""

    code: str
    name: str
    region_code: str
    kind: str = "department"
