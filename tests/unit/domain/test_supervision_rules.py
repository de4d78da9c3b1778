"""The supervision state machine, urgency and closure counts: pure functions over plain values."""

from __future__ import annotations

import doctest
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.errors import Conflict
from luoshi.domain.supervision import (
    EVENT_LABELS,
    MATTER_STATE_LABELS,
    SOURCE_KIND_LABELS,
    TRANSITIONS,
    URGENCY_LABELS,
    ActionNotAllowed,
    ClosureCounts,
    EventKind,
    Matter,
    MatterState,
    SourceKind,
    Urgency,
    allowed_events,
    closure_counts,
    days_overdue,
    decision,
    next_state,
    urgency,
)

DEADLINE = date(2025, 6, 30)
MATTER = Matter("DB2025-001", "推进营商环境改革", SourceKind.INSTRUCTION, "区长批示", "fgj", DEADLINE, ("tjj",))


def test_every_label_is_chinese() -> None:
    for labels in (EVENT_LABELS, MATTER_STATE_LABELS, SOURCE_KIND_LABELS, URGENCY_LABELS):
        assert all("\u4e00" <= text[0] <= "\u9fff" for text in labels.values()), labels
    assert set(EVENT_LABELS) == set(EventKind) and set(MATTER_STATE_LABELS) == set(MatterState)


def test_the_happy_path_assigned_to_closed() -> None:
    state = MatterState.ASSIGNED
    for kind in (
        EventKind.FEEDBACK,
        EventKind.EXTENSION_REQUESTED,
        EventKind.EXTENSION_APPROVED,
        EventKind.REMINDER,
        EventKind.CLOSE_REQUESTED,
        EventKind.CLOSE_DENIED,
        EventKind.CLOSE_REQUESTED,
        EventKind.CLOSE_APPROVED,
    ):
        state = next_state(state, kind)
    assert state is MatterState.CLOSED
    assert allowed_events(MatterState.CLOSED) == []


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        (MatterState.ASSIGNED, EventKind.CLOSE_APPROVED),  # nothing was asked
        (MatterState.CLOSING_REQUESTED, EventKind.EXTENSION_REQUESTED),  # one request at a time
        (MatterState.EXTENSION_REQUESTED, EventKind.CLOSE_APPROVED),  # answers the other request
        (MatterState.CLOSED, EventKind.FEEDBACK),
        (MatterState.IN_PROGRESS, EventKind.ASSIGNED),  # assigning happens once, when a matter is made
    ],
)
def test_steps_a_state_does_not_allow_are_conflicts(state: MatterState, kind: EventKind) -> None:
    with pytest.raises(ActionNotAllowed) as raised:
        next_state(state, kind)
    assert isinstance(raised.value, Conflict) and MATTER_STATE_LABELS[state] in str(raised.value)


@given(st.sampled_from(MatterState), st.sampled_from(EventKind))
def test_a_step_is_allowed_exactly_when_listed(state: MatterState, kind: EventKind) -> None:
    allowed = kind in allowed_events(state)
    try:
        after = next_state(state, kind)
    except ActionNotAllowed:
        assert not allowed
        return
    assert allowed and after is TRANSITIONS[(state, kind)]
    assert state is not MatterState.CLOSED  # nothing happens to a closed matter
    if kind in (EventKind.REMINDER, EventKind.ESCALATION):
        assert after is state  # the office's nudges change no state


def test_decisions_answer_the_pending_request() -> None:
    assert decision(MatterState.CLOSING_REQUESTED, approve=True) is EventKind.CLOSE_APPROVED
    assert decision(MatterState.EXTENSION_REQUESTED, approve=True) is EventKind.EXTENSION_APPROVED
    assert decision(MatterState.EXTENSION_REQUESTED, approve=False) is EventKind.EXTENSION_DENIED
    with pytest.raises(ActionNotAllowed, match="没有待批准的申请"):
        decision(MatterState.IN_PROGRESS, approve=True)


def test_urgency_around_the_deadline() -> None:
    assert urgency(MATTER, DEADLINE - timedelta(days=8)) is Urgency.NONE
    assert urgency(MATTER, DEADLINE - timedelta(days=7)) is Urgency.DUE_SOON
    assert urgency(MATTER, DEADLINE) is Urgency.DUE_SOON
    assert urgency(MATTER, DEADLINE + timedelta(days=1)) is Urgency.OVERDUE
    assert urgency(MATTER, DEADLINE - timedelta(days=2), soon_days=1) is Urgency.NONE
    assert days_overdue(MATTER, DEADLINE + timedelta(days=3)) == 3


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_closed_matters_are_never_overdue(deadline: date, today: date) -> None:
    closed = replace(MATTER, deadline=deadline, state=MatterState.CLOSED, closed_on=today)
    assert urgency(closed, today) is Urgency.NONE and days_overdue(closed, today) == 0
    assert closed.closed_late is (today > deadline)
    open_ = replace(MATTER, deadline=deadline)
    assert (urgency(open_, today) is Urgency.OVERDUE) is (today > deadline) is (days_overdue(open_, today) > 0)


def test_closure_counts_per_lead_unit_in_a_year() -> None:
    today = date(2025, 12, 31)
    closed = replace(MATTER, state=MatterState.CLOSED)
    matters = [
        replace(closed, code="a", closed_on=DEADLINE),  # on time: the deadline day itself
        replace(closed, code="b", closed_on=DEADLINE + timedelta(days=1)),  # late
        replace(MATTER, code="c"),  # open, overdue
        replace(MATTER, code="d", deadline=date(2026, 1, 15)),  # due next year: not counted
        replace(MATTER, code="e", lead_unit_code="tjj", deadline=date(2025, 12, 31)),  # open, due today
    ]
    assert closure_counts(matters, 2025, today) == {
        "fgj": ClosureCounts(due=3, closed_on_time=1, closed_late=1, open_overdue=1),
        "tjj": ClosureCounts(due=1),
    }
    assert MATTER.unit_codes == ("fgj", "tjj") and MATTER.closed_late is None


def test_docstring_examples() -> None:
    import luoshi.domain.supervision as module

    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
