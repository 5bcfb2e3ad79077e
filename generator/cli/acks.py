"""`handbook acks`: who confirmed reading the current charter, and who must confirm again."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.errors import HandbookError
from ..core.languages import LANGUAGES
from .output import fail, print_diagnostics


@click.command()
@click.argument("folder", metavar="FOLDER")
@click.argument("export", metavar="EXPORT.csv")
@click.option("--roster", metavar="FILE.csv", help="The people expected to confirm (person "
              "and team columns): they are listed as never confirmed until they do.")
@click.option("--format", "output_format", type=click.Choice(("text", "json", "csv")), default="text",
              show_default=True, help="text for reading, json or csv for other tools.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the rule titles in the summary of changes.")
@click.option("--person-column", default="person", show_default=True, metavar="NAME",
              help="The export's column naming who confirmed (a name or an e-mail address).")
@click.option("--team-column", default="team", show_default=True, metavar="NAME",
              help="The export's column with the person's team.")
@click.option("--date-column", default="date", show_default=True, metavar="NAME",
              help="The export's column with the date of the confirmation.")
@click.option("--version-column", default="version", show_default=True, metavar="NAME",
              help="The export's column with the version code confirmed (the code the "
                   "charter page shows).")
def acks(folder: str, export: str, roster: str | None, output_format: str, lang: str,
         person_column: str, team_column: str, date_column: str, version_column: str) -> None:
    """Report, per team and overall, who confirmed reading FOLDER's current charter, who
    confirmed an older version and must confirm again (with what changed since), and, with
    --roster, who never confirmed.

    EXPORT.csv is the export of the form or HR tool where people confirmed: one row per
    confirmation (commas, or semicolons as French spreadsheets save them). A person who
    confirmed twice counts once, at their latest date. Rows that cannot be read, or whose
    code matches no version, are listed with their line and column, and the command exits 1.
    The report names people: it is never published on the site.
    """
    from ..charter.acks import as_csv, as_json, as_text, register
    from ..inputs.acks import read_acks, read_roster
    from ..inputs.handbook import load_handbook

    names = {"person": person_column, "team": team_column, "date": date_column,
             "version": version_column}
    try:
        handbook, warnings = load_handbook(Path(folder), folder)
        rows, problems = read_acks(Path(export), export, names)
        people = read_roster(Path(roster), roster, names) if roster else None
    except HandbookError as exc:
        fail(exc)
    print_diagnostics(warnings)
    report = register(handbook.charter, handbook.history, rows, problems, export, lang, people)
    if output_format == "json":
        click.echo(as_json(report), nl=False)
    elif output_format == "csv":
        click.echo(as_csv(report), nl=False)
    else:
        click.echo(as_text(report, handbook.settings.organisation.name), nl=False)
    if report.errors:
        print_diagnostics(report.errors)
        sys.exit(1)
