"""Reading an export of charter acknowledgements (CSV): who confirmed which version, when.

The export comes from the form or HR tool where people confirmed reading the charter: one row
per confirmation, with the person (a name or an e-mail address), their team, the date and the
version code they confirmed (the charter's fingerprint, as the charter page shows it). Column
names are the tool's own: the caller maps them. French spreadsheets save with semicolons and a
byte-order mark: both are accepted. A row that cannot be read is a positioned problem
(file:line:col) and is left out; the other rows are kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Diagnostic, InputError

COLUMNS = ("person", "team", "date", "version")
# What forms and spreadsheets write: ISO dates, French dates, either with a time after them.
_DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True)
class AckRow:
    """One readable confirmation, with where it was written."""

    line: int
    person: str  # as written
    key: str  # the person compared across rows: case and spaces ignored
    team: str
    day: dt.date
    code: str  # the version code as written
    code_col: int  # its column, for a code that matches no version


def code_key(code: str) -> str:
    """A version code compared with the fingerprints: case, spaces and hyphens ignored."""
    return re.sub(r"[\s-]", "", code).upper()


def read_acks(path: Path, display: str, names: Mapping[str, str],
              ) -> tuple[tuple[AckRow, ...], list[Diagnostic]]:
    """Every readable row of the export at `path` (named `display` in messages), and a
    problem for each row that is not. InputError when the file itself cannot be read (not
    UTF-8, no header, a column missing)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return _read(handle, display, names)
    except UnicodeDecodeError:
        raise InputError([Diagnostic(display, 1, 1, "error", "", "the file is not UTF-8 "
                                     "text; save it as CSV UTF-8")]) from None
    except OSError as exc:
        raise InputError([Diagnostic(display, 1, 1, "error", "", f"cannot be read: "
                                     f"{exc.strerror}")]) from None


def _read(handle, display: str, names: Mapping[str, str]):
    header_line = handle.readline()
    if not header_line.strip():
        raise InputError([Diagnostic(display, 1, 1, "error", "", "the file is empty; its "
                                     "first line must name the columns: " + ",".join(
                                         names.get(c, c) for c in COLUMNS))])
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(itertools.chain([header_line], handle), delimiter=delimiter)
    header = [name.strip().casefold() for name in next(reader)]
    index, missing = {}, []
    for standard in COLUMNS:
        wanted = names.get(standard, standard)
        if wanted.strip().casefold() in header:
            index[standard] = header.index(wanted.strip().casefold())
        else:
            missing.append(Diagnostic(
                display, 1, 1, "error", f"column '{wanted}'",
                f"missing from the header (found: {', '.join(header)}); name the export's "
                f"column with --{standard}-column"))
    if missing:
        raise InputError(missing)

    rows: list[AckRow] = []
    problems: list[Diagnostic] = []
    line = reader.line_num
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                problems.append(Diagnostic(display, start, len(row) + 1, "error", "",
                                           f"{len(row)} cells where the header has "
                                           f"{len(header)}"))
                continue
            cells = {standard: row[position].strip() for standard, position in index.items()}

            def bad(standard: str, message: str, start: int = start) -> Diagnostic:
                return Diagnostic(display, start, index[standard] + 1, "error",
                                  f"column '{names.get(standard, standard)}'", message)

            found = []
            if not cells["person"]:
                found.append(bad("person", "empty: who confirmed?"))
            day = _parse_day(cells["date"])
            if day is None:
                found.append(bad("date", f"{_shown(cells['date'])} is not a date; write it "
                                         "YYYY-MM-DD or DD/MM/YYYY"))
            if not cells["version"]:
                found.append(bad("version", "empty: which version code was confirmed?"))
            if found:
                problems += found
                continue
            rows.append(AckRow(start, cells["person"], " ".join(cells["person"].split())
                               .casefold(), cells["team"], day, cells["version"],
                               index["version"] + 1))
    except csv.Error as exc:
        problems.append(Diagnostic(display, line + 1, 1, "error", "", f"this line cannot be "
                                   f"read as CSV ({exc}); reading stopped here"))
    return tuple(rows), problems


def read_roster(path: Path, display: str, names: Mapping[str, str],
                ) -> tuple[tuple[str, str, str], ...]:
    """The people expected to confirm: (person as written, key, team), from a CSV with the
    person and team columns (the same names as the export's)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header_line = handle.readline()
            delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
            reader = csv.reader(itertools.chain([header_line], handle), delimiter=delimiter)
            header = [name.strip().casefold() for name in next(reader, [])]
            wanted = {c: names.get(c, c).strip().casefold() for c in ("person", "team")}
            if wanted["person"] not in header:
                raise InputError([Diagnostic(
                    display, 1, 1, "error", f"column '{names.get('person', 'person')}'",
                    f"missing from the roster's header (found: {', '.join(header)})")])
            person = header.index(wanted["person"])
            team = header.index(wanted["team"]) if wanted["team"] in header else None
            people = []
            for row in reader:
                if len(row) > person and row[person].strip():
                    name = row[person].strip()
                    people.append((name, " ".join(name.split()).casefold(),
                                   row[team].strip() if team is not None and len(row) > team
                                   else ""))
            return tuple(people)
    except UnicodeDecodeError:
        raise InputError([Diagnostic(display, 1, 1, "error", "", "the file is not UTF-8 "
                                     "text; save it as CSV UTF-8")]) from None
    except (OSError, csv.Error) as exc:
        raise InputError([Diagnostic(display, 1, 1, "error", "", f"cannot be read: "
                                     f"{exc}")]) from None


def _parse_day(text: str) -> dt.date | None:
    day = _TIME_SUFFIX.sub("", text)
    for form in _DAY_FORMATS:
        try:
            parsed = dt.datetime.strptime(day, form).date()
        except ValueError:
            continue
        # strptime takes 2026-5-3: only the written-out form is a date here.
        if len(day) == 10:
            return parsed
    return None


def _shown(text: str) -> str:
    return f"'{text}'" if len(text) <= 40 else f"'{text[:37]}...'"
