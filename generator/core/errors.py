"""One exception hierarchy for the whole pipeline.

Stages raise these; only the command line prints them and chooses the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .quote import terminal_safe

# How serious a problem is. Validation reports errors and warnings; the programme diagnostic
# also gives advice. The order is the order of every report.
Severity = Literal["error", "warning", "advice"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "advice")


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem in the input, pointing at the exact place an editor must fix.

    Field order is the sort order: by file, then position, so reports read top to bottom.
    """

    file: str
    line: int
    col: int
    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return terminal_safe(
            f"{self.file}:{self.line}:{self.col}: {self.severity}: {where}{self.message}")


class HandbookError(Exception):
    """Base of every error the tool reports to a user (never shown as a traceback)."""


class InputError(HandbookError):
    """The organisation's folder is invalid; carries every problem found in one run."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class BuildError(HandbookError):
    """The site could not be built (MkDocs refused it, or the output could not be written)."""
