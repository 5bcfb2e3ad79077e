"""`handbook check`, `diff`, `kpi` and `schema`: commands that read, never build.

Each command imports what it runs inside its function: `handbook --help` and every other
command start without loading pydantic and the checks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..core.errors import HandbookError, InputError
from ..core.languages import LANGUAGES
from ..diagnose.formats import FORMATS
from ..inputs.folder_kind import is_group
from .output import fail, folder_arg, print_diagnostics

if TYPE_CHECKING:
    from ..model.posts import Posts
    from ..model.settings import HandbookFile


@click.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("--strict", is_flag=True, help="Fail on warnings too (in the files or in the "
                                             "programme).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="text for people, json for tools, github for workflow "
                                      "annotations in GitHub Actions.")
def check(folder: str | None, strict: bool, output_format: str) -> None:
    """Validate FOLDER and diagnose its programme against the playbook, without building.

    Every problem in the files comes first, with file:line:col; then the programme
    diagnostic: errors, warnings and advice, each with a code and the handbook chapter that
    explains it. Exits 1 on any error, or on any warning with --strict.

    On a group (a folder with group.yml): every entity's check, then the group's own
    findings (an entity on outdated shared rules, an entity without leaders...).
    """
    from ..diagnose import report
    from ..diagnose.check import diagnose
    from ..inputs.handbook import load_handbook

    path, display = folder_arg(folder)
    if is_group(path):
        _check_group(path, display, strict, output_format)
        return
    try:
        handbook, warnings = load_handbook(path, display)
    except InputError as exc:
        if output_format == "text":
            fail(exc)
        result = report.CheckResult(display, tuple(exc.diagnostics), (), strict)
    else:
        result = report.CheckResult(display, tuple(warnings), diagnose(handbook), strict)
    if output_format == "json":
        click.echo(report.as_json(result))
    elif output_format == "github":
        if result.diagnostics or result.findings:
            click.echo(report.github(result))
    else:
        print_diagnostics(result.diagnostics)
        click.echo(report.text(result))
        if not result.passed:
            click.secho(report.failure(result), fg="red", err=True)
    if not result.passed:
        sys.exit(1)


def _check_group(path: Path, display: str, strict: bool, output_format: str) -> None:
    from ..diagnose import report
    from ..diagnose.group import check_group

    result = check_group(path, display, strict)
    if output_format == "json":
        click.echo(report.group_json(result))
    elif output_format == "github":
        annotations = report.group_github(result)
        if annotations:
            click.echo(annotations)
    else:
        print_diagnostics(result.diagnostics())
        click.echo(report.group_text(result))
        if not result.passed:
            click.secho(report.failure(result), fg="red", err=True)
    if not result.passed:
        sys.exit(1)


@click.command()
@click.argument("old", metavar="OLD.yml")
@click.argument("new", metavar="NEW.yml")
@click.option("--format", "form", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True, help="Output format.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the rule titles and changelog entries, when the charter has it.")
def diff(old: str, new: str, form: str, lang: str) -> None:
    """Show what changed between two versions of a charter: rules added, removed and changed
    (by id), and the changelog entries in between."""
    from ..charter.diff import diff_charters, format_diff
    from ..inputs.folder import load_charter

    try:
        old_charter, old_warnings = load_charter(Path(old), old)
        new_charter, new_warnings = load_charter(Path(new), new)
    except HandbookError as exc:
        fail(exc)
    print_diagnostics(old_warnings + new_warnings)
    click.echo(format_diff(diff_charters(old_charter, new_charter), form, lang), nl=False)


@click.command()
@click.option("-o", "--output", default="schemas", show_default=True, metavar="DIR",
              help="Folder to write the JSON Schemas into.")
def schema(output: str) -> None:
    """Write a JSON Schema per input file (handbook.yml, charter.yml, kits, training),
    generated from the declarations the validator uses.

    Editors such as VS Code (with the YAML extension) read the schemas to complete keys
    and underline mistakes as you type.
    """
    from ..site.reference import write_schemas

    written = write_schemas(Path(output))
    click.echo(f"Wrote {', '.join(path.name for path in written)} into {output}/.")


@click.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("--period", metavar="YYYY-MM|all", help="Month to report on, as if the "
              "dashboard were built at its end (default: the last month of the export); "
              "'all' for the figures since launch, every month from the kick-off on together.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]),
              default="text", show_default=True, help="text for reading, json or csv for "
                                                       "other tools.")
def kpi(folder: str | None, period: str | None, output_format: str) -> None:
    """Print the KPI dashboard computed from FOLDER's export of posts (kpis.posts)."""
    from ..inputs.handbook import load_handbook
    from ..metrics.formats import as_csv, as_json, as_text
    from ..metrics.kpi import dashboard

    if period is not None and period != "all" and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])",
                                                                   period):
        raise click.BadParameter(f"'{period}' is not a month; write it YYYY-MM, like 2027-03, "
                                 "or 'all'",
                                 param_hint="--period")
    path, display = folder_arg(folder)
    try:
        handbook, warnings = load_handbook(path, display)
    except HandbookError as exc:
        fail(exc)
    print_diagnostics(warnings)
    settings = handbook.settings
    if handbook.posts is None:
        click.secho(f"error: {Path(display) / 'handbook.yml'} has no kpis.posts: export the "
                    "posts as CSV into the folder's data/ (e.g. data/posts.csv), then add "
                    "'posts: data/posts.csv' under 'kpis:'", fg="red", err=True)
        sys.exit(1)
    if period == "all":
        _since_launch(handbook.posts, settings, output_format)
        return
    months = handbook.posts.months()
    if period is not None and period not in months:
        raise click.BadParameter(f"{period} is outside the export, which covers {months[0]} "
                                 f"to {months[-1]}", param_hint="--period")
    from ..model.timeline import programme_timeline

    launch = programme_timeline(settings, handbook.charter).launch
    board = dashboard(handbook.posts, settings.kpis.targets, launch, period)
    if output_format == "json":
        click.echo(as_json(board), nl=False)
    elif output_format == "csv":
        click.echo(as_csv(board), nl=False)
    else:
        click.echo(as_text(board, settings.organisation.name), nl=False)


def _since_launch(posts: Posts, settings: HandbookFile, output_format: str) -> None:
    from ..metrics.formats import since_launch_csv, since_launch_json, since_launch_text
    from ..metrics.kpi import since_launch

    start = settings.programme.start
    try:
        report = since_launch(posts, start)
    except ValueError as exc:
        click.secho(f"error: {posts.file}: {exc}", fg="red", err=True)
        sys.exit(1)
    if output_format == "json":
        click.echo(since_launch_json(report, posts, start), nl=False)
    elif output_format == "csv":
        click.echo(since_launch_csv(report), nl=False)
    else:
        click.echo(since_launch_text(report, posts, start, settings.organisation.name), nl=False)
