from __future__ import annotations

from datetime import date

from luoshi.domain.plan import Goal, GoalKind, Task, TaskStatus, find_goal_cycle, goal_depths


def test_cycle_detection() -> None:
    forest = [Goal("a", "A", GoalKind.SECTION), Goal("b", "B", GoalKind.PILLAR, "a")]
    assert find_goal_cycle(forest) is None
    assert goal_depths(forest) == {"a": 0, "b": 1}
    loop = [
        Goal("a", "A", GoalKind.PILLAR, "c"),
        Goal("b", "B", GoalKind.PILLAR, "a"),
        Goal("c", "C", GoalKind.PILLAR, "b"),
    ]
    cycle = find_goal_cycle(loop)
    assert cycle is not None and cycle[0] == cycle[-1] and set(cycle) == {"a", "b", "c"}
    assert find_goal_cycle([Goal("s", "S", GoalKind.PILLAR, "s")]) == ["s", "s"]


def test_overdue() -> None:
    task = Task("t", "T", "g", deadline=date(2021, 6, 30), status=TaskStatus.IN_PROGRESS)
    assert task.is_overdue(date(2021, 7, 1))
    assert not task.is_overdue(date(2021, 6, 30))
    done = Task("t", "T", "g", deadline=date(2021, 6, 30), status=TaskStatus.COMPLETED)
    assert not done.is_overdue(date(2022, 1, 1))
