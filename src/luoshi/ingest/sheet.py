"""Plain CSV sheets of figures, targets and growth claims -> the engine's values; every error names its cell.

The three formats (UTF-8 or GBK, read by :func:`luoshi.ingest.text.read_text`; a header row; extra
columns are ignored; row numbers count the header as row 1, as a spreadsheet shows them):

=================  ============================================================================
observations       ``indicator,year,value`` -- values as printed (``394.5``: their decimals tell
                   their precision for the audit)
targets            ``indicator,direction,base_year,target_year,target_value,measure`` --
                   direction ``increase|decrease``; measure ``level|growth`` (growth: percent per
                   year, 年均增长); an empty ``target_value`` means no target
claims             ``indicator,start_year,end_year,claimed_rate`` -- 年均增长 in percent as printed
=================  ============================================================================

Reading checks everything first and raises :class:`~luoshi.domain.errors.InvalidInput` with every
problem found, so a caller prints nothing when a sheet is wrong.

>>> obs = parse_observations("indicator,year,value\\ngdp,2018,394.5\\ngdp,2020,428.2\\n", "obs.csv")
>>> claims = parse_claims("indicator,start_year,end_year,claimed_rate\\ngdp,2018,2020,4.2\\n", "claims.csv")
>>> claim = growth_claims(obs, claims)[0]
>>> claim.claimed_rate, claim.start_level, claim.end_level
('4.2', '394.5', '428.2')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.domain.indicator import PRICE_BASIS_LABELS, Direction, PriceBasis
from luoshi.domain.measurement import NonFiniteValue, require_finite
from luoshi.domain.target import Measure
from luoshi.engine.audit import GrowthClaim
from luoshi.engine.growth import PrintedNumberError, parse_printed
from luoshi.engine.progress import Series, TargetSpec

OBSERVATION_COLUMNS = ("indicator", "year", "value")
TARGET_COLUMNS = ("indicator", "direction", "base_year", "target_year", "target_value", "measure")
CLAIM_COLUMNS = ("indicator", "start_year", "end_year", "claimed_rate")


@dataclass(frozen=True)
class ObservationRow:
    indicator: str
    year: int
    value: float
    printed: str
    row: int


@dataclass(frozen=True)
class TargetRow:
    indicator: str
    direction: Direction
    base_year: int
    target: TargetSpec | None
    row: int


@dataclass(frozen=True)
class ClaimRow:
    indicator: str
    start_year: int
    end_year: int
    claimed_rate: str
    row: int
    #: the optional column ``price_basis``: a 可比价 claim against (现价) levels is audited as 口径不同
    price_basis: PriceBasis = PriceBasis.NOT_APPLICABLE


@dataclass(frozen=True)
class ObservationSheet:
    """The rows of an observations sheet; ``values[indicator][year]`` is the row of that figure."""

    file: str
    rows: tuple[ObservationRow, ...]

    @property
    def values(self) -> dict[str, dict[int, ObservationRow]]:
        out: dict[str, dict[int, ObservationRow]] = {}
        for r in self.rows:
            out.setdefault(r.indicator, {})[r.year] = r
        return out


class _Cells:
    """Reads the cells of one sheet and collects what is wrong with them."""

    def __init__(self, text: str, file: str, columns: Sequence[str]) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
        header = [h.strip() for h in (self.reader.fieldnames or [])]
        self.reader.fieldnames = header
        if not header:
            self.problem(1, None, f"empty file: expected a header row {','.join(columns)}")
        else:
            for column in columns:
                if column not in header:
                    self.problem(1, column, f"missing column {column!r} (the header is {','.join(header)})")

    def problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(Location(self.file, row=row, column=column), message))

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        if self.problems:
            return
        for record in self.reader:
            cells = {k: (v or "").strip() for k, v in record.items() if isinstance(k, str)}
            if not any(cells.values()):
                continue
            yield self.reader.line_num, cells

    def text(self, row: int, cells: dict[str, str], column: str) -> str | None:
        value = cells.get(column, "")
        if not value:
            self.problem(row, column, "empty")
            return None
        return value

    def year(self, row: int, cells: dict[str, str], column: str) -> int | None:
        value = self.text(row, cells, column)
        if value is None:
            return None
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            self.problem(row, column, f"{value!r} is not a year (YYYY)")
            return None
        return int(value)

    def number(self, row: int, cells: dict[str, str], column: str) -> str | None:
        value = self.text(row, cells, column)
        if value is None:
            return None
        try:
            require_finite(float(parse_printed(value)))
        except PrintedNumberError:
            self.problem(row, column, f"{value!r} is not a number")
            return None
        except NonFiniteValue:  # 400 digits: a decimal, but no float
            self.problem(row, column, f"{value[:20]}... ({len(value)} characters) is not a finite number")
            return None
        return value

    def check(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)


def parse_observations(text: str, file: str) -> ObservationSheet:
    """Read ``indicator,year,value`` rows; a year twice for one indicator is an error."""
    cells = _Cells(text, file, OBSERVATION_COLUMNS)
    rows: list[ObservationRow] = []
    seen: dict[tuple[str, int], int] = {}
    for row, record in cells.rows():
        indicator = cells.text(row, record, "indicator")
        year = cells.year(row, record, "year")
        printed = cells.number(row, record, "value")
        if indicator is None or year is None or printed is None:
            continue
        if (indicator, year) in seen:
            cells.problem(row, "year", f"{indicator} has {year} twice (also in row {seen[indicator, year]})")
            continue
        seen[indicator, year] = row
        rows.append(ObservationRow(indicator, year, float(parse_printed(printed)), printed, row))
    cells.check()
    return ObservationSheet(file, tuple(rows))


def parse_targets(text: str, file: str) -> tuple[TargetRow, ...]:
    """Read target rows, one per indicator; an empty ``target_value`` means no target."""
    cells = _Cells(text, file, TARGET_COLUMNS)
    rows: list[TargetRow] = []
    seen: dict[str, int] = {}
    for row, record in cells.rows():
        indicator = cells.text(row, record, "indicator")
        raw_direction = cells.text(row, record, "direction")
        direction = None
        if raw_direction is not None:
            try:
                direction = Direction(raw_direction.lower())
            except ValueError:
                cells.problem(row, "direction", f"{raw_direction!r} is not increase or decrease")
        base_year = cells.year(row, record, "base_year")
        target: TargetSpec | None = None
        complete = True
        if record.get("target_value", ""):
            value = cells.number(row, record, "target_value")
            target_year = cells.year(row, record, "target_year")
            raw_measure = (record.get("measure", "") or "level").lower()
            measure = None
            try:
                measure = Measure(raw_measure)
            except ValueError:
                cells.problem(row, "measure", f"{raw_measure!r} is not level or growth")
            if target_year is not None and base_year is not None and target_year <= base_year:
                cells.problem(row, "target_year", f"target year {target_year} is not after base year {base_year}")
                target_year = None
            if value is not None and target_year is not None and measure is not None:
                target = TargetSpec(float(parse_printed(value)), target_year, measure)
            else:
                complete = False
        if indicator is None or direction is None or base_year is None or not complete:
            continue
        if indicator in seen:
            cells.problem(row, "indicator", f"{indicator} has a second row (also row {seen[indicator]})")
            continue
        seen[indicator] = row
        rows.append(TargetRow(indicator, direction, base_year, target, row))
    cells.check()
    return tuple(rows)


#: what the optional ``price_basis`` column of a claims sheet may say (codes or labels; empty: not applicable)
PRICE_BASIS_WORDS: dict[str, PriceBasis] = {
    **{b.value: b for b in PriceBasis},
    **{label: b for b, label in PRICE_BASIS_LABELS.items()},
}


def _price_basis(cells: _Cells, row: int, record: dict[str, str]) -> PriceBasis | None:
    value = record.get("price_basis", "")
    if not value:
        return PriceBasis.NOT_APPLICABLE
    basis = PRICE_BASIS_WORDS.get(value.lower())
    if basis is None:
        cells.problem(row, "price_basis", f"{value!r} is not a price basis ({', '.join(PRICE_BASIS_WORDS)})")
    return basis


def parse_claims(text: str, file: str) -> tuple[ClaimRow, ...]:
    """Read growth-claim rows (percent as printed); an optional ``price_basis`` column marks 可比价 claims."""
    cells = _Cells(text, file, CLAIM_COLUMNS)
    rows: list[ClaimRow] = []
    for row, record in cells.rows():
        indicator = cells.text(row, record, "indicator")
        start = cells.year(row, record, "start_year")
        end = cells.year(row, record, "end_year")
        claimed = cells.number(row, record, "claimed_rate")
        if start is not None and end is not None and end <= start:
            cells.problem(row, "end_year", f"end year {end} is not after start year {start}")
            continue
        basis = _price_basis(cells, row, record)
        if indicator is None or start is None or end is None or claimed is None or basis is None:
            continue
        rows.append(ClaimRow(indicator, start, end, claimed, row, basis))
    cells.check()
    return tuple(rows)


@dataclass(frozen=True)
class AssessInput:
    """What :func:`series_for_assessment` hands the engine: series in target-sheet order, and notes."""

    indicators: tuple[str, ...]
    series: tuple[Series, ...]
    notes: tuple[str, ...] = ()


def series_for_assessment(observations: ObservationSheet, targets: Sequence[TargetRow]) -> AssessInput:
    """One engine series per target row. A zero or negative level where a growth rate is taken (the
    effective base year or the latest year) is an error at that observation's value cell."""
    values = observations.values
    problems: list[Problem] = []
    series: list[Series] = []
    for t in targets:
        rows = values.get(t.indicator, {})
        usable = sorted(y for y in rows if y >= t.base_year)
        if len(usable) >= 2:
            for year in (usable[0], usable[-1]):
                r = rows[year]
                if r.value <= 0:
                    problems.append(
                        Problem(
                            Location(observations.file, row=r.row, column="value"),
                            f"{t.indicator} {year}: a growth rate needs a positive level, not {r.printed}",
                        )
                    )
        series.append(Series({y: r.value for y, r in rows.items()}, t.direction, t.base_year, t.target))
    if problems:
        raise InvalidInput(problems)
    named = {t.indicator for t in targets}
    notes = tuple(
        f"{observations.file}: {code} has figures but no row in the targets: not assessed"
        for code in dict.fromkeys(r.indicator for r in observations.rows)
        if code not in named
    )
    return AssessInput(tuple(t.indicator for t in targets), tuple(series), notes)


def growth_claims(
    observations: ObservationSheet, claims: Sequence[ClaimRow], claims_file: str = "claims"
) -> list[GrowthClaim]:
    """Pair each claim with its printed levels; a level that is missing or not positive is an error."""
    values = observations.values
    problems: list[Problem] = []
    out: list[GrowthClaim] = []
    for c in claims:
        levels: list[str] = []
        for column, year in (("start_year", c.start_year), ("end_year", c.end_year)):
            r = values.get(c.indicator, {}).get(year)
            if r is None:
                problems.append(
                    Problem(
                        Location(claims_file, row=c.row, column=column),
                        f"no figure of {c.indicator} for {year} in {observations.file}",
                    )
                )
            elif r.value <= 0:
                problems.append(
                    Problem(
                        Location(observations.file, row=r.row, column="value"),
                        f"{c.indicator} {year}: a growth rate needs a positive level, not {r.printed}",
                    )
                )
            else:
                levels.append(r.printed)
        if len(levels) == 2:
            claim = GrowthClaim(c.indicator, c.start_year, c.end_year, c.claimed_rate, levels[0], levels[1])
            out.append(replace(claim, price_basis=c.price_basis))
    if problems:
        raise InvalidInput(problems)
    return out
