from __future__ import annotations

import pytest

from luoshi.domain.measurement import UnknownUnit, from_base, parse_unit, to_base


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (394.5, "亿元", (39450000000.0, "元")),
        (428.2, "亿元", (42820000000.0, "元")),
        (1312, "万人", (13120000.0, "人")),
        (4.5, "%", (4.5, "%")),
        (114, "万亿元", (1.14e14, "元")),
        (3, "万平方米", (30000.0, "平方米")),
    ],
)
def test_to_base(value: float, unit: str, expected: tuple[float, str]) -> None:
    assert to_base(value, unit) == expected


def test_round_trip_and_unknown() -> None:
    assert from_base(42820000000.0, "亿元") == 428.2
    assert parse_unit("家") == ("家", 1.0)
    with pytest.raises(UnknownUnit):
        parse_unit("斤斤")
