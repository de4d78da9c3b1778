"""Tables for download: one header row and rows of cells, written as xlsx or as CSV that Excel opens.

A cell is text, a number or empty. CSV is UTF-8 with a byte-order mark, so that Excel on a Chinese Windows
reads the Chinese headers right instead of guessing GBK.

>>> csv_bytes(["指标", "完成率"], [["地区生产总值", 0.5], ["企业", None]])[:3] == b"\\xef\\xbb\\xbf"
True
>>> csv_bytes(["指标", "完成率"], [["地区生产总值", 0.5]]).decode("utf-8-sig").splitlines()
['指标,完成率', '地区生产总值,0.5']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Cell = str | int | float | None

#: the widest a column is made in a workbook (in characters)
WIDEST_COLUMN = 40


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """The table as CSV in UTF-8 with a byte-order mark; numbers at full precision, empty cells empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else repr(cell) if isinstance(cell, float) else cell for cell in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """The table as a workbook of one sheet named ``title``: a bold, frozen header row, numbers as numbers.

    >>> from openpyxl import load_workbook
    >>> sheet = load_workbook(io.BytesIO(xlsx_bytes("差距", ["指标", "值"], [["GDP", 428.2]]))).active
    >>> sheet.title, [c.value for c in sheet[2]]
    ('差距', ['GDP', 428.2])
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = title[:31]  # Excel's limit for a sheet name
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(row[index - 1])) for row in rows if row[index - 1] is not None])
        sheet.column_dimensions[get_column_letter(index)].width = min(WIDEST_COLUMN, longest * 2 + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
