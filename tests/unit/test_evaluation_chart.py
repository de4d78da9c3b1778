"""The evaluation report's chart draws its Chinese labels with a CJK font (no missing glyphs)."""

from __future__ import annotations

import warnings
from pathlib import Path

from luoshi.report.evaluation import EvaluationSection, cjk_font_path, ordinal, section_chart
from luoshi.services.progress import STATUS_LABELS, STATUS_ORDER


def test_the_chart_is_a_png_with_every_chinese_glyph() -> None:
    assert Path(cjk_font_path()).is_file()
    section = EvaluationSection(code="G1", name="加快建设“四区”", counts={"on_track": 4, "deterioration": 2}, rows=[])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font" for a label it cannot draw
        png = section_chart(section, STATUS_LABELS, STATUS_ORDER)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_headings_are_numbered_in_chinese() -> None:
    assert [ordinal(n) for n in (1, 2, 9, 10, 11, 19, 20)] == ["一", "二", "九", "十", "十一", "十九", "二十"]


def test_docstring_examples() -> None:
    import doctest

    from luoshi.report import evaluation

    result = doctest.testmod(evaluation)
    assert result.attempted >= 5 and result.failed == 0
