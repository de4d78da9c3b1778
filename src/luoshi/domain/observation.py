"""Observations (实际值): a value of an indicator for a region and period, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from luoshi.domain.period import Period
from luoshi.domain.provenance import Provenance, ProvenanceKind
from luoshi.domain.target import Comparator, Measure

__all__ = ["Document", "FigureStatus", "Observation", "Provenance", "ProvenanceKind", "StoredObservation"]


class FigureStatus(StrEnum):
    """初步核算/快报 (preliminary) or 年报/final."""

    PRELIMINARY = "preliminary"
    FINAL = "final"


FIGURE_STATUS_LABELS: dict[FigureStatus, str] = {FigureStatus.PRELIMINARY: "初步数", FigureStatus.FINAL: "正式数"}

#: an observation's scenario: the real figures, or the demo's simulated ones
SCENARIO_LABELS: dict[str, str] = {"actual": "实际", "simulated": "模拟"}

#: a source document's kind (plan files: newspaper work_report communique plan bulletin other)
DOCUMENT_KIND_LABELS: dict[str, str] = {
    "newspaper": "报纸",
    "work_report": "政府工作报告",
    "communique": "统计公报",
    "plan": "规划文本",
    "bulletin": "简报",
    "other": "其他",
}


@dataclass(frozen=True)
class Observation:
    """One figure: GDP of 平城区 in 2020 = 4.282e10 元 (printed "428.2" 亿元), final, from seed page 001.

    ``measure`` is level (an amount) or growth (a rate in percent; over a multi-year span with
    ``annualized`` it is 年均增长). ``printed_value`` keeps the digits as printed, which tell the
    figure's precision for the consistency audit.
    """

    indicator_code: str
    region_code: str
    period: Period
    value: float
    measure: Measure
    unit: str
    printed_value: str | None = None
    printed_unit: str | None = None
    comparator: Comparator = Comparator.EQ  # 3000余个 is ">", 310天以上 ">=", 控制在4.5%以内 "<="
    annualized: bool = False
    status: FigureStatus = FigureStatus.FINAL
    scenario: str = "actual"
    provenance: Provenance | None = None

    @property
    def key(self) -> str:
        """Natural key within its indicator: region, period, measure and scenario."""
        return f"{self.region_code}:{self.period.code}:{self.measure.value}:{self.scenario}"


@dataclass(frozen=True)
class StoredObservation:
    """A stored observation with its row id and ``origin``, what wrote it (``planfile``, ``review``,
    ``manual``, ``round``, ``simulation``): what a reviewer weighs it by when another figure disagrees."""

    id: int
    origin: str
    observation: Observation


@dataclass(frozen=True)
class Document:
    """A source document (statistical communiqué, work report, newspaper page) whose text is kept."""

    code: str
    title: str
    kind: str
    file_name: str
    text: str
    published: str | None = None
    sha256: str | None = None
