"""``luoshi extract FILE...``: print every figure of Chinese text files, one record per figure.

Reading files (encodings, binary and oversized input) happens here; the reading of the text is the pure
:func:`luoshi.extract.extract_statements`.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from luoshi.cli.common import EncodingOption
from luoshi.cli.console import err, guarded, out
from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.extract import Statement, extract_statements
from luoshi.ingest.text import decode_text

#: files larger than this are refused unless --max-mb says otherwise
DEFAULT_MAX_MB = 64


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    TABLE = "table"


def read_text(path: Path, encoding: str | None, max_bytes: int) -> str:
    """The text of ``path`` in ``encoding``, or in the one detected (UTF-8 or GBK).

    Raises InvalidInput for a missing, empty, binary or oversized file, and for one that is not in the
    encoding given or in neither of those detected.
    """
    where = Location(str(path))
    if not path.is_file():
        raise InvalidInput([Problem(where, "no such file")])
    size = path.stat().st_size
    if size > max_bytes:
        raise InvalidInput(
            [
                Problem(
                    where,
                    f"file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.0f} MB (raise it with --max-mb)",
                )
            ]
        )
    return decode_text(path.read_bytes(), str(path), encoding)


@guarded
def extract(
    files: Annotated[list[Path], typer.Argument(help="Text files (UTF-8 or GBK, unless --encoding says otherwise).")],
    doc_year: Annotated[
        int | None,
        typer.Option("--doc-year", min=1900, max=2100, help="Year of the documents: resolves 今年, 去年, 五年来."),
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="Region the documents are about, e.g. 平城区.")] = None,
    encoding: EncodingOption = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="jsonl (one record a line) or table.")] = (
        OutputFormat.JSONL
    ),
    max_mb: Annotated[int, typer.Option("--max-mb", min=1, help="Refuse files larger than this.")] = DEFAULT_MAX_MB,
) -> None:
    """Print every figure and target in Chinese text files, with the span of its evidence."""
    texts: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for path in files:
        try:
            texts.append((path, read_text(path, encoding, max_mb * 1_000_000)))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    for path, text in texts:
        statements = extract_statements(text, doc=path.name, doc_year=doc_year, region=region)
        if not statements:
            err.print(f"{path}: no figures found", highlight=False, markup=False)
            continue
        if output is OutputFormat.JSONL:
            for s in statements:
                typer.echo(json.dumps(s.as_record(), ensure_ascii=False))
        else:
            # a pipe or file has no width: print the table whole rather than folded at 80 columns
            console = out if out.is_terminal else Console(file=out.file, width=200, highlight=False)
            console.print(_table(path, statements))


def _table(path: Path, statements: list[Statement]) -> Table:
    table = Table(title=str(path), title_justify="left")
    for column in ("span", "text", "indicator", "modality", "measure", "value", "unit", "cmp", "year", "period"):
        table.add_column(column, justify="right" if column in ("span", "value", "year") else "left", overflow="fold")
    for s in statements:
        year = f"{s.start_year}-{s.year}" if s.start_year is not None else ("" if s.year is None else str(s.year))
        table.add_row(
            f"{s.start}-{s.end}",
            s.text,
            s.indicator,
            s.modality.value,
            s.measure.value,
            f"{s.value:.12g}",
            s.unit,
            s.comparator.value,
            year + (" 年均" if s.annualized else ""),
            s.period or "",
        )
    return table
