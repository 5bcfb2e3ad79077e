"""Problems in a returned workbook, pointing at the cell to fix.

They read like the YAML errors, with the cell in place of line and column:
`charter.xlsx › Encouraged!D7: error: unknown contact "jdupont" — did you mean "j.dupont"?`
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ..core.errors import Diagnostic, Severity


@dataclass(frozen=True, order=True)
class SheetDiagnostic(Diagnostic):
    """A Diagnostic whose place is a cell: `file` is "workbook › sheet", `line` the row and
    `col` the column (both 1-based). Without a sheet it reads as a plain file's problem;
    `yaml` keeps the `file:line:col` form for a problem only the resulting charter.yml has.
    Every problem of one import is of this class, so that they sort together."""

    yaml: bool = False

    def __str__(self) -> str:
        if self.yaml:
            return Diagnostic.__str__(self)
        if self.line == 0:
            return f"{self.file}: {self.severity}: {self.message}"
        return (f"{self.file}!{get_column_letter(self.col)}{self.line}: {self.severity}: "
                f"{self.message}")


def sheet_name(workbook: str, sheet: str) -> str:
    """How messages name a sheet: `charter.xlsx › Encouraged`."""
    return f"{workbook} › {sheet}"


def at_cell(where: str, row: int, col: int, message: str,
            severity: Severity = "error") -> SheetDiagnostic:
    """A problem in the cell at `row`, `col` of the sheet `where` (see sheet_name)."""
    return SheetDiagnostic(where, row, col, severity, "", message)


def at_file(workbook: str, message: str, severity: Severity = "error") -> SheetDiagnostic:
    return SheetDiagnostic(workbook, 0, 0, severity, "", message)


def from_yaml(diagnostic: Diagnostic) -> SheetDiagnostic:
    return SheetDiagnostic(diagnostic.file, diagnostic.line, diagnostic.col, diagnostic.severity,
                           diagnostic.path, diagnostic.message, yaml=True)


def suggestion(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """` — did you mean "x"?` when a choice is close to `word`."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean \"{close[0]}\"?" if close else ""
