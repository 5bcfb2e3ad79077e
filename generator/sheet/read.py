"""Read a returned workshop workbook into rows, each value with its cell.

The workbook is untrusted: it must be an .xlsx of reasonable size whose sheets and header
rows are the ones the export wrote. A formula is never evaluated: its cell is refused, with
the formula's text quoted.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from ..core.errors import InputError
from .columns import SheetSpec, data_sheets
from .errors import SheetDiagnostic, at_cell, at_file, sheet_name, suggestion

MAX_BYTES = 20 * 1024 * 1024  # a charter's workbook is about 50 KB
MAX_UNPACKED = 200 * 1024 * 1024  # what its parts may hold once unzipped: no zip bomb


@dataclass(frozen=True)
class Row:
    """One filled row of a sheet: the value of each column (None when empty), by index."""

    spec: SheetSpec
    sheet: str  # the sheet's name, for messages
    number: int  # the row's number in the sheet
    values: tuple[Any, ...]

    def get(self, field: str, lang: str | None = None) -> Any:
        return self.values[self.spec.index(field, lang) - 1]

    def has(self, field: str) -> bool:
        return any(column.field == field for column in self.spec.columns)


@dataclass(frozen=True)
class Workshop:
    """The rows of each sheet the import reads, by part of the charter."""

    display: str  # the workbook as the user named it
    rows: dict[str, tuple[Row, ...]]


def read_workbook(path: Path, display: str, languages: tuple[str, ...]
                  ) -> tuple[Workshop, list[SheetDiagnostic]]:
    """The workshop's rows and the problems found in their cells (errors and warnings).

    Raises InputError when the file cannot be read as the exported workbook at all.
    """
    book = _open(path, display)
    ui = languages[0]
    problems: list[SheetDiagnostic] = []
    specs = data_sheets(languages)
    expected = {spec.name(ui) for spec in specs}
    others = [name for name in book.sheetnames if name not in expected]
    for spec in specs:
        if spec.name(ui) not in book.sheetnames:
            problems.append(at_file(display, f"the sheet \"{spec.name(ui)}\" is missing: it was "
                                             "renamed or deleted"
                                             f"{suggestion(spec.name(ui), others)}; give it back "
                                             "its name, or export the charter again"))
    if problems:
        raise InputError(problems)
    rows = {}
    for spec in specs:
        sheet = book[spec.name(ui)]
        problems += _check_header(sheet, spec, ui, display)
        rows[spec.part] = tuple(_rows(sheet, spec, sheet_name(display, sheet.title), problems))
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return Workshop(display, rows), problems


def _open(path: Path, display: str):
    def refuse(message: str) -> InputError:
        return InputError([at_file(display, message)])

    if not path.is_file():
        raise refuse("no such file; give the workbook made by 'handbook sheet export'")
    if path.stat().st_size > MAX_BYTES:
        raise refuse(f"the file is {path.stat().st_size // (1024 * 1024)} MB, more than a "
                     f"charter's workbook can be ({MAX_BYTES // (1024 * 1024)} MB at most)")
    with path.open("rb") as stream:
        start = stream.read(8)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse("this is an old Excel file (.xls), not an .xlsx workbook: open it and "
                     "save it as \"Excel Workbook (.xlsx)\"")
    if not zipfile.is_zipfile(path):
        raise refuse("this is not an Excel workbook (.xlsx): give the file made by 'handbook "
                     "sheet export', saved as .xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse(f"this is not an Excel workbook (.xlsx): {exc}") from None
    if "content.xml" in names:
        raise refuse("this is an OpenDocument spreadsheet (.ods), not an .xlsx workbook: save "
                     "it as \"Excel 2007-365 (.xlsx)\"")
    if "xl/workbook.xml" not in names:
        raise refuse("this is not an Excel workbook (.xlsx): it is a zip without a workbook "
                     "inside")
    if unpacked > MAX_UNPACKED:
        raise refuse(f"the workbook unpacks to {unpacked // (1024 * 1024)} MB, more than a "
                     "charter's workbook can hold")
    try:
        # Formulas are read as their text (data_only=False): nothing is ever evaluated.
        return load_workbook(path, data_only=False, keep_links=False)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, OSError, SyntaxError,
            zipfile.BadZipFile, InvalidFileException) as exc:  # a damaged file
        raise refuse(f"this workbook cannot be read ({type(exc).__name__}: {exc}); open it "
                     "and save it again as .xlsx") from None


def _check_header(sheet: Worksheet, spec: SheetSpec, ui: str,
                  display: str) -> list[SheetDiagnostic]:
    where = sheet_name(display, sheet.title)
    problems = []
    for col, column in enumerate(spec.columns, start=1):
        found = sheet.cell(1, col).value
        if found != column.header(ui):
            shown = "an empty cell" if found in (None, "") else f"\"{found}\""
            problems.append(at_cell(
                where, 1, col, f"the header was changed: expected \"{column.header(ui)}\", "
                                   f"found {shown}; put the first row back as it was exported"))
    for col in range(len(spec.columns) + 1, sheet.max_column + 1):
        if sheet.cell(1, col).value not in (None, ""):
            problems.append(at_cell(where, 1, col, "this column is not part of the "
                                                       "exported workbook: its cells are not "
                                                       "imported", "warning"))
    return problems


def _rows(sheet: Worksheet, spec: SheetSpec, where: str, problems: list[SheetDiagnostic]):
    width = len(spec.columns)
    for cells in sheet.iter_rows(min_row=2, max_col=width):
        values = []
        for col, cell in enumerate(cells, start=1):
            values.append(_value(cell, spec.columns[col - 1].field, where, problems))
        if len(values) < width:
            values += [None] * (width - len(values))
        if any(value is not None for value in values):
            yield Row(spec, sheet.title, cells[0].row, tuple(values))


def _value(cell, field: str, where: str, problems: list[SheetDiagnostic]) -> Any:
    value = cell.value
    if cell.data_type == "f":
        formula = str(getattr(value, "text", value))
        problems.append(at_cell(where, cell.row, cell.column,
                                f"this cell holds a formula ({formula}); a formula is never "
                                "computed here: type the text itself"))
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None

    def wrong(message: str) -> None:
        problems.append(at_cell(where, cell.row, cell.column, message))

    if field == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        return wrong(f"expected a date, like 2027-01-15, got \"{value}\"")
    if field in ("n", "participants"):
        number = _whole(value)
        if number is None or number < 1:
            what = "a step or session number" if field == "n" else "a number of participants"
            return wrong(f"expected {what} (a whole number from 1), got \"{value}\"")
        return number
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
