"""The worked examples in the docstrings of the engine and the sheet reader are right."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "luoshi.engine.growth",
        "luoshi.engine.progress",
        "luoshi.engine.rollup",
        "luoshi.engine.audit",
        "luoshi.engine.ranking",
        "luoshi.engine.conflict",
        "luoshi.engine.pricebasis",
        "luoshi.domain.review",
        "luoshi.domain.ranking",
        "luoshi.domain.plan",
        "luoshi.domain.indicator",
        "luoshi.ingest.sheet",
        "luoshi.domain.measurement",
        "luoshi.domain.two_factor",
        "luoshi.ingest.text",
        "luoshi.ingest.workbook",
        "luoshi.domain.project",
        "luoshi.domain.errors",
        "luoshi.report.charts",
    ],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
