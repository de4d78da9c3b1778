from __future__ import annotations

import pytest

from luoshi.extract.numerals import is_small_chinese, parse_chinese, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一千二百", 1200.0),
        ("二〇三五", 2035.0),
        ("二○三五", 2035.0),
        ("三点五", 3.5),
        ("百分之三点五", 3.5),
        ("十", 10.0),
        ("十五", 15.0),
        ("二十万", 200_000.0),
        ("三千万", 30_000_000.0),
        ("一亿二千万", 120_000_000.0),
        ("一万亿", 1e12),
        ("一百零五", 105.0),
        ("两", 2.0),
        ("1,312.5", 1312.5),
        ("１２.５", 12.5),
        ("428.2", 428.2),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "千", "点五", "1.2.3"])
def test_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_parse_chinese_rejects_bad_fraction() -> None:
    with pytest.raises(ValueError):
        parse_chinese("三点十")


def test_small_chinese_counts() -> None:
    assert is_small_chinese("六") and is_small_chinese("两") and is_small_chinese("十")
    assert not is_small_chinese("十五") and not is_small_chinese("6")
