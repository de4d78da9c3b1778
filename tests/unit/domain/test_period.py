from __future__ import annotations

import re

import pytest

from luoshi.domain.period import CODE_PATTERN, InvalidPeriod, Period, PeriodKind


@pytest.mark.parametrize("code", ["2020", "2020H1", "2020Q3", "2020M09", "2020YTD09", "2016-2020"])
def test_codes_round_trip(code: str) -> None:
    assert Period.parse(code).code == code


def test_span_and_fractions() -> None:
    span = Period.parse("2016-2020")
    assert span.kind is PeriodKind.SPAN and span.first_year == 2016 and span.years == 5
    assert Period.parse("2021YTD03").fraction_of_year == 0.25
    assert Period.parse("2021Q2").fraction_of_year == 0.25
    assert Period.parse(2021).is_annual
    assert Period.parse("2020YTD09").label == "2020年1-9月"


@pytest.mark.parametrize("bad", ["20", "2020Q5", "2020M13", "2020-2019", "二〇二〇", "", "0000", "0999Q1", "0998-0999"])
def test_bad_codes_are_refused(bad: str) -> None:
    with pytest.raises(InvalidPeriod):
        Period.parse(bad)


def test_the_code_pattern_matches_what_parse_reads() -> None:
    for code in ["2020", "2020H1", "2020Q3", "2020M09", "2020YTD09", "2016-2020", "9999"]:
        assert re.fullmatch(CODE_PATTERN, code)
    for bad in ["0000", "2020Q5", "2020M13", " 2020"]:
        assert not re.fullmatch(CODE_PATTERN, bad)


def test_parsing_again_gives_an_equal_period_and_refuses_again() -> None:
    assert Period.parse("2020Q3") == Period.parse(" 2020Q3 ") == Period(2020, PeriodKind.QUARTER, 3)
    assert Period.parse(2020) == Period.parse("2020") and Period.parse("2020").code == "2020"
    for _ in range(2):  # a refusal is not remembered as a period
        with pytest.raises(InvalidPeriod, match="2020Q5"):
            Period.parse("2020Q5")
