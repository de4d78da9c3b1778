"""Plans, their goal tree and the tasks under goals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from luoshi.domain.errors import Location, Problem
from luoshi.domain.indicator import Indicator
from luoshi.domain.observation import Document, Observation
from luoshi.domain.region import Region
from luoshi.domain.target import Target
from luoshi.domain.unit import Unit


class GoalKind(StrEnum):
    """Levels of a Chinese plan's goal tree (see GLOSSARY.md)."""

    POSITIONING = "positioning"  # 定位 (四区)
    PILLAR = "pillar"  # 高地 (七大高地)
    FOCUS_AREA = "focus_area"  # 聚焦 (九个聚焦)
    ACTION = "action"  # 行动 (六项行动)
    PROGRAMME = "programme"  # 工程 (双百工程)
    MEASURE = "measure"  # 举措
    SECTION = "section"  # a grouping heading (今年经济工作重点, 全面从严治党)


GOAL_KIND_LABELS: dict[GoalKind, str] = {
    GoalKind.POSITIONING: "战略定位",
    GoalKind.PILLAR: "高地",
    GoalKind.FOCUS_AREA: "聚焦",
    GoalKind.ACTION: "行动",
    GoalKind.PROGRAMME: "工程",
    GoalKind.MEASURE: "举措",
    GoalKind.SECTION: "板块",
}


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    SUSPENDED = "suspended"


TASK_STATUS_LABELS: dict[TaskStatus, str] = {
    TaskStatus.NOT_STARTED: "未开始",
    TaskStatus.IN_PROGRESS: "推进中",
    TaskStatus.COMPLETED: "已完成",
    TaskStatus.SUSPENDED: "已暂停",
}


@dataclass(frozen=True)
class Goal:
    """A node of the goal tree: ``Goal("H1", "现代产业新高地", PILLAR, parent_code="H")``."""

    code: str
    name: str
    kind: GoalKind
    parent_code: str | None = None
    display_code: str = ""  # as printed: (一), 1., 一是
    description: str = ""
    position: int = 0
    weight: float | None = None


@dataclass(frozen=True)
class Task:
    """A task (举措/任务) under a goal, with its lead unit, co-operating units and deadline."""

    code: str
    name: str
    goal_code: str
    lead_unit_code: str | None = None
    support_unit_codes: tuple[str, ...] = ()
    deadline: date | None = None
    status: TaskStatus = TaskStatus.NOT_STARTED
    position: int = 0

    def is_overdue(self, today: date) -> bool:
        """Past its deadline and not completed (逾期)."""
        return self.deadline is not None and self.deadline < today and self.status is not TaskStatus.COMPLETED


#: a task's share done runs from 0 to 100 per cent; a completed task is at 100
PERCENT_DONE_MAX: Final = 100
#: the longest progress text (进展情况) a report may carry, in characters
PROGRESS_TEXT_MAX: Final = 2000


@dataclass(frozen=True)
class TaskProgress:
    """One report of a task's progress (任务进展), kept as history: the status and share done it reports,
    what was done, who reported it for which unit and when, and the reporting round it answers (if any).

    ``TaskProgress("T-SP-1", TaskStatus.IN_PROGRESS, 60, "套餐已上线12项", "reporter", "pc-shenpi", at)``
    """

    task_code: str
    status: TaskStatus
    percent: int
    text: str
    reporter: str
    unit_code: str | None
    at: datetime
    round_code: str | None = None


def progress_problems(status: TaskStatus, percent: int, text: str) -> list[Problem]:
    """What is wrong with a progress report, each naming its field (empty when nothing is).

    >>> progress_problems(TaskStatus.IN_PROGRESS, 60, "套餐已上线")
    []
    >>> [(p.location.file, p.message) for p in progress_problems(TaskStatus.COMPLETED, 80, "")]
    [('percent', '已完成的任务完成进度应为100%，不是80%')]
    """
    problems = []
    if not 0 <= percent <= PERCENT_DONE_MAX:
        problems.append(Problem(Location("percent"), f"完成进度须在0到{PERCENT_DONE_MAX}之间，不是{percent}"))
    elif status is TaskStatus.COMPLETED and percent != PERCENT_DONE_MAX:
        problems.append(Problem(Location("percent"), f"已完成的任务完成进度应为100%，不是{percent}%"))
    if len(text) > PROGRESS_TEXT_MAX:
        problems.append(Problem(Location("text"), f"进展情况有{len(text)}字，最多{PROGRESS_TEXT_MAX}字"))
    return problems


@dataclass(frozen=True)
class Plan:
    """A development plan of a region: ``Plan("pingcheng-14", "…十四五规划…", "140213", 2021, 2025, 2035)``."""

    code: str
    name: str
    region_code: str
    start_year: int
    end_year: int
    vision_year: int | None = None
    description: str = ""


@dataclass(frozen=True)
class PlanBundle:
    """A whole plan with everything it refers to: what a plan file describes and what export writes.

    ``targets`` and ``observations`` map an indicator code to its targets and observations.
    """

    plan: Plan
    regions: tuple[Region, ...] = ()
    units: tuple[Unit, ...] = ()
    documents: tuple[Document, ...] = ()
    goals: tuple[Goal, ...] = ()
    tasks: tuple[Task, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    targets: Mapping[str, tuple[Target, ...]] = field(default_factory=dict)
    observations: Mapping[str, tuple[Observation, ...]] = field(default_factory=dict)


def find_goal_cycle(goals: Iterable[Goal]) -> list[str] | None:
    """Return the codes along a parent cycle (``["a", "b", "a"]``), or None if the goals form a forest.

    >>> find_goal_cycle([Goal("a", "A", GoalKind.PILLAR, "b"), Goal("b", "B", GoalKind.PILLAR, "a")])
    ['a', 'b', 'a']
    """
    parent = {g.code: g.parent_code for g in goals}
    done: set[str] = set()
    for start in parent:
        path: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node in parent and node not in done:
            if node in seen:
                return [*path[path.index(node) :], node]
            seen.add(node)
            path.append(node)
            node = parent[node]
        done.update(path)
    return None


def goal_depths(goals: Iterable[Goal]) -> dict[str, int]:
    """Depth of each goal in an acyclic tree (roots are 0)."""
    parent = {g.code: g.parent_code for g in goals}
    depth: dict[str, int] = {}

    def resolve(code: str) -> int:
        if code not in depth:
            p = parent.get(code)
            depth[code] = 0 if p is None or p not in parent else resolve(p) + 1
        return depth[code]

    for code in parent:
        resolve(code)
    return depth
