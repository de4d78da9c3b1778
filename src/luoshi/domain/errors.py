"""Domain errors. They carry no HTTP or exit codes; entry points translate them at the edge."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base of every error that luoshi raises on purpose."""


@dataclass(frozen=True)
class Location:
    """Where in an input something is wrong: file, line (1-based), field path, or row and column.

    >>> str(Location("plan.yaml", line=12, field="goals[2].code"))
    'plan.yaml:12: goals[2].code'
    """

    file: str
    line: int | None = None
    field: str | None = None
    row: int | None = None
    column: str | None = None
    sheet: str | None = None  # a workbook's sheet

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.line is not None:
            parts[0] += f":{self.line}"
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.field is not None:
            parts.append(self.field)
        return ": ".join([parts[0], ", ".join(parts[1:])]) if len(parts) > 1 else parts[0]

    def zh(self) -> str:
        """The place in Chinese, as a spreadsheet user reads it.

        >>> Location("填报.xlsx", sheet="指标填报", row=5, column="F（本期值）").zh()
        '填报.xlsx：工作表“指标填报”第5行F（本期值）列'
        """
        text = self.file
        if self.sheet is not None:
            text += f"：工作表“{self.sheet}”"
        if self.line is not None:
            text += f"第{self.line}行"
        if self.row is not None:
            text += ("" if self.sheet else "：") + f"第{self.row}行"
        if self.column is not None:
            column, _, label = self.column.partition("（")
            text += f"{column}{'（' + label if label else ''}列"
        if self.field is not None:
            text += f"：{self.field}"
        return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, at one place."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def printed(self) -> str:
        """The problem as the CLI prints it (and the web lists it): a sheet's place in Chinese, else as is.

        >>> Problem(Location("库.xlsx", sheet="重点项目", row=3, column="A（项目编码）"), "重复").printed()
        '库.xlsx：工作表“重点项目”第3行A（项目编码）列：重复'
        """
        place = self.location.zh() + "：" if self.location.sheet else f"{self.location}: "
        return place + self.message


class InvalidInput(DomainError):
    """An input (file, sheet, form) has one or more problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFound(DomainError):
    """A named object does not exist."""


class Conflict(DomainError):
    """The request contradicts the stored state."""


class Forbidden(DomainError):
    """The user may not do this to this object (a reporter writing another unit's data)."""


class InvalidValue(DomainError):
    """A single value the rules refuse (a period code, a unit of measure, a growth over no span)."""


class Unavailable(DomainError):
    """luoshi cannot serve now, through no fault of the request: the database is unreachable, busy or has
    no (or an older) schema. Trying again later, or after ``luoshi db upgrade``, may succeed."""
