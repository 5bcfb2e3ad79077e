"""`handbook sheet`: the charter as a workshop spreadsheet, and back.

Same conventions as the rest of the command line: problems on stderr, one per line, placed
(`file:line:col` in a YAML file, `workbook › sheet!cell` in the workbook); exit 1 on invalid
input, 2 on a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.errors import Diagnostic, HandbookError, InputError
from .output import folder_arg, print_diagnostics, summary


def _fail(exc: HandbookError) -> None:
    if isinstance(exc, InputError):
        print_diagnostics(exc.diagnostics)
        click.secho(f"Invalid input: {summary(exc.diagnostics)}; nothing was written.",
                    fg="red", err=True)
    else:
        click.secho(f"error: {exc}", fg="red", err=True)
    sys.exit(1)


@click.group()
def sheet() -> None:
    """Co-build the charter in a spreadsheet: export it for a workshop, import the result."""


@sheet.command("export")
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("-o", "--output", default="charter.xlsx", show_default=True, metavar="FILE",
              help="Workbook to write (.xlsx). It is replaced only once it is complete.")
def export_command(folder: str | None, output: str) -> None:
    """Write FOLDER's charter as a workbook for a co-building workshop: a sheet per part of
    the charter, a row per rule, its text in each language, drop-down lists for the contact
    and the workshop's decision, and a first sheet that explains how to fill it in."""
    from ..inputs.handbook import load_handbook
    from ..sheet.export import export_workbook, write_workbook

    if not output.lower().endswith(".xlsx"):
        raise click.BadParameter(f"'{output}' must end with .xlsx", param_hint="--output")
    path, display = folder_arg(folder)
    try:
        handbook, warnings = load_handbook(path, display)
        data = export_workbook(handbook)
    except HandbookError as exc:
        _fail(exc)
    print_diagnostics(warnings)
    try:
        write_workbook(data, Path(output))
    except OSError as exc:
        click.secho(f"error: cannot write {output}: {exc.strerror or exc}", fg="red", err=True)
        sys.exit(1)
    rules = sum(len(getattr(handbook.charter, s)) for s in
                ("encouraged", "discouraged", "confidentiality", "legal", "moderation"))
    click.echo(f"Wrote {output}: the charter of {display}, version {handbook.charter.version} "
               f"({rules} rules), to fill in during the workshop; then: handbook sheet import "
               f"{display} {output}")


@sheet.command("import")
@click.argument("folder", metavar="FOLDER")
@click.argument("workbook", metavar="WORKBOOK.xlsx")
@click.option("--dry-run", is_flag=True, help="Show what would change, write nothing.")
def import_command(folder: str, workbook: str, dry_run: bool) -> None:
    """Apply a workshop's WORKBOOK.xlsx to FOLDER's charter.yml: texts edited, rules added and
    rules marked "remove"; every other line and comment of charter.yml stays as it is. Prints
    what changed (as `handbook diff`) and checks the result; on any problem, writes nothing."""
    from ..charter.diff import format_diff
    from ..sheet.apply import import_workbook

    try:
        report = import_workbook(Path(folder), folder, Path(workbook), workbook,
                                 dry_run=dry_run)
    except HandbookError as exc:
        _fail(exc)
    print_diagnostics(sorted(report.warnings, key=_order))
    click.echo(format_diff(report.diff, "text"), nl=False)
    added, changed, removed = report.sessions
    if added or changed or removed:
        click.echo(f"Co-building sessions: {added} added, {changed} changed, {removed} "
                   "removed.")
    if not report.changed_lines:
        click.echo(f"Nothing to change: {report.charter} is left as it is.")
    elif report.written:
        click.echo(f"Updated {report.charter} ({report.changed_lines} lines changed). Raise "
                   "its version and add a changelog entry before publishing.")
    else:
        click.echo(f"Dry run: {report.changed_lines} lines of {report.charter} would change; "
                   "nothing was written.")


def _order(diagnostic: Diagnostic) -> tuple:
    return (diagnostic.file, diagnostic.line, diagnostic.col, diagnostic.message)
