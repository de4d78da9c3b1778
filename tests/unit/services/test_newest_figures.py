"""The cockpit's newest figures, merged from each indicator's newest, equal a stable sort of them all."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from luoshi.services.cockpit import newest_of_plan

KEYS = st.tuples(st.integers(2015, 2025), st.booleans())
PLAN = st.lists(st.lists(KEYS, max_size=15), max_size=30)


@given(PLAN, st.integers(1, 20))
def test_merging_each_indicators_newest_equals_sorting_everything(plan: list[list[tuple[int, bool]]], n: int) -> None:
    order = [f"i{k}" for k in range(len(plan))]
    figures = {
        code: [(key, f"{code}/{j}") for j, key in enumerate(keys)] for code, keys in zip(order, plan, strict=True)
    }
    # each indicator keeps its own newest first (stable), at most n of them, as the assessment does
    newest = {code: sorted(items, key=lambda f: f[0], reverse=True)[:n] for code, items in figures.items()}
    everything = [(key, code, value) for code in order for key, value in figures[code]]
    expected = [(code, value) for _, code, value in sorted(everything, key=lambda f: f[0], reverse=True)[:n]]
    assert newest_of_plan(newest, order, n) == expected
