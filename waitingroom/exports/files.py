"""One table, two formats: CSV and XLSX carry the same header and the same cells.

Text that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return
first) is prefixed with an apostrophe in both formats (OWASP "CSV injection"):
unit names and question texts are written by staff, and an export travels.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Table:
    """A file's header (label, value pairs), then its columns and rows."""

    title: str
    header: list[tuple[str, str]]
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def neutralise(value):
    """A cell as it may be written: numbers stay numbers, formula-like text is defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _lines(table: Table):
    for label, value in table.header:
        yield [neutralise(label), neutralise(value)]
    yield []
    yield [neutralise(column) for column in table.columns]
    for row in table.rows:
        yield [neutralise(value) for value in row]


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read å, ä, ö and Arabic right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in _lines(table):
        writer.writerow(line)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    """One sheet: the header, an empty row, the column names in bold, the rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=table.title[:31] or "Export")
    bold = Font(bold=True)
    header_end = len(table.header)
    for index, line in enumerate(_lines(table)):
        cells = []
        for value in line:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Never a formula, whatever the text: openpyxl would otherwise take "=…" as one.
                cell.data_type = "s"
            if index == header_end + 1 or (index < header_end and not cells):
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(table: Table, kind: str) -> bytes:
    if kind == "xlsx":
        return to_xlsx(table)
    return to_csv(table)
