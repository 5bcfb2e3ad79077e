"""Write the charter as the workshop workbook declared in columns.py.

The file is the same bytes for the same charter (fixed dates inside, unless SOURCE_DATE_EPOCH
gives one), and it replaces the output in one move: a failed export leaves no half file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..core.errors import Diagnostic, InputError
from ..core.text import LocalText
from ..model.handbook import Handbook
from ..model.vocab import CHARTER_SECTIONS
from .columns import (
    CONTACTS,
    DECISION_WORDS,
    LIMITS,
    SHEET_NAMES,
    SPARE_ROWS,
    SheetSpec,
    data_sheets,
    format_words,
    how_to,
)

_WRAP = Alignment(wrap_text=True, vertical="top")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def export_workbook(handbook: Handbook) -> bytes:
    """The workbook of a valid handbook's charter, as the bytes of an .xlsx file."""
    settings, charter = handbook.settings, handbook.charter
    languages = tuple(settings.languages)
    ui = languages[0]
    _refuse_unwritable(handbook)
    book = Workbook()
    howto = book.active
    howto.title = SHEET_NAMES[ui]["howto"]
    lines = how_to(ui, settings.organisation.name, charter.version)
    for row, line in enumerate(lines, start=1):
        howto.cell(row, 1, line).alignment = _WRAP
    howto["A1"].font = Font(bold=True, size=14, color=_hex(settings.branding.primary))
    howto.column_dimensions["A"].width = 110

    people = settings.people
    contacts_range = (f"{quote_sheetname(CONTACTS.name(ui))}!$A$2:$A${len(people) + 1}")
    for spec in data_sheets(languages):
        sheet = book.create_sheet(spec.name(ui))
        _header(sheet, spec, ui, settings.branding.primary)
        if spec.part in CHARTER_SECTIONS:
            rows = [_rule_row(spec, rule) for rule in getattr(charter, spec.part)]
        elif spec.part == "bad_buzz":
            rows = [_step_row(spec, number, step)
                    for number, step in enumerate(charter.bad_buzz.steps, start=1)]
        else:
            rows = [_session_row(spec, number, session, ui)
                    for number, session in enumerate(charter.co_built, start=1)]
        for row, values in enumerate(rows, start=2):
            for col, value in values.items():
                cell = sheet.cell(row, col, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # a text starting with "=" stays text, never a formula
            sheet.row_dimensions[row].height = _height(spec, values)
        _body(sheet, spec, len(rows) + 1 + SPARE_ROWS)
        _drop_downs(sheet, spec, ui, len(rows) + 1 + SPARE_ROWS, contacts_range)

    contacts = book.create_sheet(CONTACTS.name(ui))
    _header(contacts, CONTACTS, ui, settings.branding.primary)
    for row, person in enumerate(people, start=2):
        title = person.title.get(ui) if person.title is not None else ""
        for col, value in enumerate((person.id, person.name, person.role, title), start=1):
            contacts.cell(row, col, value).data_type = "s"
    _body(contacts, CONTACTS, len(people) + 1)
    return _deterministic(book)


def write_workbook(data: bytes, output: Path) -> None:
    """Replace `output` with `data` in one move."""
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.",
                                         suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _header(sheet: Worksheet, spec: SheetSpec, ui: str, primary: str) -> None:
    # White on the brand colour: the build already made sure it reads as text on white, so
    # white reads on it with the same contrast.
    fill = PatternFill("solid", start_color=_hex(primary), end_color=_hex(primary))
    for col, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(1, col, column.header(ui))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    sheet.freeze_panes = "A2"


def _height(spec: SheetSpec, values: dict[int, object]) -> float:
    """A row tall enough for its longest wrapped text: not every spreadsheet fits rows to
    wrapped text when it opens a file, and overlapping rows cannot be read in a workshop."""
    lines = 1
    for col, value in values.items():
        if isinstance(value, str):
            per_line = max(1, int(spec.columns[col - 1].width * 1.1))
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in value.split("\n")))
    return 15.0 * lines


def _body(sheet: Worksheet, spec: SheetSpec, last_row: int) -> None:
    for row in range(2, last_row + 1):
        for col in range(1, len(spec.columns) + 1):
            sheet.cell(row, col).alignment = _WRAP


def _drop_downs(sheet: Worksheet, spec: SheetSpec, ui: str, last_row: int,
                contacts_range: str) -> None:
    def add(validation: DataValidation, field: str, lang: str | None = None) -> None:
        letter = get_column_letter(spec.index(field, lang))
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)

    decisions = ",".join(DECISION_WORDS[ui])
    add(DataValidation(type="list", formula1=f'"{decisions}"', allow_blank=True), "decision")
    for field in ("ask", "who"):
        if any(column.field == field for column in spec.columns):
            add(DataValidation(type="list", formula1=contacts_range, allow_blank=True), field)
    if spec.part == "co_built":
        formats = ",".join(format_words(ui).values())
        add(DataValidation(type="list", formula1=f'"{formats}"', allow_blank=True), "format")
    for column in spec.columns:
        if column.field in LIMITS:
            add(DataValidation(type="textLength", operator="lessThanOrEqual",
                               formula1=str(LIMITS[column.field]), allow_blank=True),
                column.field, column.lang)


def _text(value: LocalText | None, lang: str | None) -> str | None:
    if value is None:
        return None
    if value.common is not None:
        return value.common
    return dict(value.by_language).get(lang)


def _rule_row(spec: SheetSpec, rule) -> dict[int, object]:
    values: dict[int, object] = {spec.index("id"): rule.id}
    for col, column in enumerate(spec.columns, start=1):
        if column.lang is not None:
            values[col] = _text(getattr(rule, column.field), column.lang)
    values[spec.index("ask")] = rule.ask
    return values


def _step_row(spec: SheetSpec, number: int, step) -> dict[int, object]:
    values: dict[int, object] = {spec.index("n"): number, spec.index("who"): step.who}
    for column in spec.texts("do"):
        values[spec.index("do", column.lang)] = _text(step.do, column.lang)
    return values


def _session_row(spec: SheetSpec, number: int, session, ui: str) -> dict[int, object]:
    return {spec.index("n"): number, spec.index("date"): session.date,
            spec.index("format"): format_words(ui)[session.format],
            spec.index("participants"): session.participants}


def _refuse_unwritable(handbook: Handbook) -> None:
    """A control character a spreadsheet cannot hold, pointed at in charter.yml."""
    from ..inputs.cross_check import texts_of

    problems = []
    for loc, text in texts_of(handbook.charter):
        for _, value in ([("", text.common)] if text.common is not None else text.by_language):
            found = ILLEGAL_CHARACTERS_RE.search(value)
            if found and handbook.sources is not None:
                file, line, col, path = handbook.sources.locate("charter", loc)
                problems.append(Diagnostic(
                    str(Path(handbook.sources.display) / file), line, col, "error", path,
                    f"holds the control character U+{ord(found.group()):04X}, which a "
                    "spreadsheet cannot hold; remove it"))
    if problems:
        raise InputError(problems)


def _deterministic(book: Workbook) -> bytes:
    """The workbook's bytes with fixed dates, so one charter always gives one file."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None) if epoch
            else dt.datetime(2000, 1, 1))
    book.properties.created = book.properties.modified = when
    raw = io.BytesIO()
    book.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, \
            zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(zipfile.ZipInfo(info.filename, _ZIP_DATE), data,
                            zipfile.ZIP_DEFLATED)
    return fixed.getvalue()
