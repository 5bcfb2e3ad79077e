"""The command line: parses arguments, calls the pipeline, prints, chooses the exit code.

Exit codes: 0 success, 1 invalid input or failed build, 2 usage error (click's own).
Only this module prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import click

from . import __version__, report
from .build import build_handbook
from .check import diagnose
from .colour import PAGE_BACKGROUND, TEXT_CONTRAST, contrast, nearest_readable_shade
from .errors import Diagnostic, HandbookError, InputError
from .group import is_group
from .group_build import build_group
from .group_check import check_group
from .kpi import dashboard
from .kpi_formats import as_csv, as_json, as_text
from .reference import write_schemas
from .resources import DEMO_DIR
from .training_kits import Progress
from .validate import load_charter, load_handbook

DEFAULT_FOLDER = "charters/demo"


def _folder(value: str | None) -> tuple[Path, str]:
    """The organisation folder and how to name it in messages.

    Without an argument: charters/demo of the current folder if there is one, else the demo
    shipped with the tool, so `handbook build` works from anywhere right after installing.
    """
    if value is None:
        local = Path(DEFAULT_FOLDER)
        return (local, DEFAULT_FOLDER) if local.is_dir() else (DEMO_DIR, str(DEMO_DIR))
    return Path(value), value


def _report(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
    for diagnostic in diagnostics:
        colour = "red" if diagnostic.severity == "error" else "yellow"
        click.secho(str(diagnostic), fg=colour, err=True)


def _summary(diagnostics) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def _fail(exc: HandbookError, strict: bool = False) -> None:
    if isinstance(exc, InputError):
        _report(exc.diagnostics)
        only_warnings = all(d.severity == "warning" for d in exc.diagnostics)
        reason = " (warnings fail with --strict)" if strict and only_warnings else ""
        click.secho(f"Invalid input: {_summary(exc.diagnostics)}{reason}.", fg="red", err=True)
    else:
        click.secho(f"error: {exc}", fg="red", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
def cli() -> None:
    """Turn an advocacy programme and its social-media charter, written as YAML, into a
    branded, searchable handbook site.

    FOLDER is an organisation's folder (handbook.yml, charter.yml, kits/, training/,
    assets/); it defaults to charters/demo, the embedded example.
    """


@cli.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("-o", "--output", default="site", show_default=True, metavar="OUTPUT",
              help="Folder to write the site into. It is replaced only if the build succeeds.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (unknown keys, "
                                             "missing translations).")
@click.option("--zip", "zip_site", is_flag=True,
              help="Also write OUTPUT.zip: the whole site in one archive, to unzip on a "
                   "shared drive and open without a web server.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="For a group: how many entities to build at once (default: one per core).")
@click.option("--force", is_flag=True, help="Build even when nothing changed since the last "
                                            "build of OUTPUT.")
def build(folder: str | None, output: str, strict: bool, zip_site: bool,
          jobs: int | None, force: bool) -> None:
    """Check FOLDER and build its handbook site into OUTPUT.

    When nothing changed since OUTPUT was built (the folder's files, the chapters, the theme,
    the tool), OUTPUT is left as it is. A group (a folder with group.yml) builds its portal
    into OUTPUT and each entity's handbook into OUTPUT/<entity id>/, the entities in parallel.
    """
    path, display = _folder(folder)
    if is_group(path):
        if zip_site:
            raise click.UsageError("--zip builds one organisation's archive; for a group, "
                                   "zip OUTPUT/<entity id>/ of the entity to share")
        _build_group(path, display, output, strict, jobs)
        return
    try:
        with _printables_progress() as progress:
            report = build_handbook(path, Path(output), strict=strict, display=display,
                                    progress=progress, zip_site=zip_site,
                                    force=force)
    except HandbookError as exc:
        _fail(exc, strict)
    _report(report.warnings)
    if report.up_to_date:
        click.echo(f"{output}/ is up to date: nothing changed since {display} was built into "
                   "it (--force builds anyway).")
        if report.warnings:
            click.echo(f"{_summary(report.warnings)}: see above.")
        return
    languages = ", ".join(report.languages)
    click.echo(f"Built {display} into {output}/ ({languages}; {report.pages} pages per "
               f"language) in {report.seconds:.1f} s.")
    if report.pdfs_rendered + report.pdfs_reused:
        click.echo(f"Printables: {report.pdfs_rendered + report.pdfs_reused} PDFs, "
                   f"{report.pdfs_rendered} rendered and {report.pdfs_reused} reused from the "
                   f"cache ({report.cache}).")
    if report.archive is not None:
        click.echo(f"Archive: {Path(output).name}.zip beside it; unzip it and open "
                   f"{Path(output).name}/index.html.")
    if report.warnings:
        click.echo(f"{_summary(report.warnings)}: see above.")


def _build_group(path: Path, display: str, output: str, strict: bool,
                 jobs: int | None) -> None:
    try:
        report = build_group(path, Path(output), strict=strict, display=display, jobs=jobs)
    except HandbookError as exc:
        _fail(exc, strict)
    _report(report.warnings)
    entities = "; ".join(f"{entity.id} ({', '.join(entity.languages)}, {entity.pages} pages "
                         "per language)" for entity in report.entities)
    click.echo(f"Built the group {display} into {output}/ in {report.seconds:.1f} s "
               f"({report.processes} process{'es' if report.processes != 1 else ''}): the "
               f"portal ({', '.join(report.languages)}) and {len(report.entities)} entities: "
               f"{entities}.")
    if report.pdfs_rendered + report.pdfs_reused:
        click.echo(f"Printables: {report.pdfs_rendered + report.pdfs_reused} PDFs, "
                   f"{report.pdfs_rendered} rendered and {report.pdfs_reused} reused from the "
                   f"cache ({report.cache}).")
    if report.warnings:
        click.echo(f"{_summary(report.warnings)}: see above.")


@cli.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("--strict", is_flag=True, help="Fail on warnings too (in the files or in the "
                                             "programme).")
@click.option("--format", "output_format", type=click.Choice(report.FORMATS), default="text",
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
    path, display = _folder(folder)
    if is_group(path):
        _check_group(path, display, strict, output_format)
        return
    try:
        handbook, warnings = load_handbook(path, display)
    except InputError as exc:
        if output_format == "text":
            _fail(exc)
        result = report.CheckResult(display, tuple(exc.diagnostics), (), strict)
    else:
        result = report.CheckResult(display, tuple(warnings), diagnose(handbook), strict)
    if output_format == "json":
        click.echo(report.as_json(result))
    elif output_format == "github":
        if result.diagnostics or result.findings:
            click.echo(report.github(result))
    else:
        _report(result.diagnostics)
        click.echo(report.text(result))
        if not result.passed:
            click.secho(report.failure(result), fg="red", err=True)
    if not result.passed:
        sys.exit(1)


def _check_group(path: Path, display: str, strict: bool, output_format: str) -> None:
    result = check_group(path, display, strict)
    if output_format == "json":
        click.echo(report.group_json(result))
    elif output_format == "github":
        annotations = report.group_github(result)
        if annotations:
            click.echo(annotations)
    else:
        _report(result.diagnostics())
        click.echo(report.group_text(result))
        if not result.passed:
            click.secho(report.failure(result), fg="red", err=True)
    if not result.passed:
        sys.exit(1)


@cli.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("-a", "--address", default="127.0.0.1:8000", show_default=True,
              help="Host and port to serve on.")
@click.option("--printables", is_flag=True, help="Also make the trainers' PDFs and zips "
                                                 "(slower to show each edit).")
def serve(folder: str | None, address: str, printables: bool) -> None:
    """Preview FOLDER at http://127.0.0.1:8000, rebuilding when a YAML, chapter or theme
    file changes. The trainers' printables are left out unless --printables is given."""
    from .serve import serve_handbook  # imports the live-reload server only when needed

    path, display = _folder(folder)
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("expected HOST:PORT, like 127.0.0.1:8000",
                                 param_hint="--address")
    try:
        serve_handbook(path, display, host, int(port), echo=click.echo, printables=printables)
    except HandbookError as exc:
        _fail(exc)


@cli.command()
@click.argument("old", metavar="OLD.yml")
@click.argument("new", metavar="NEW.yml")
@click.option("--format", "form", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True, help="Output format.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="en", show_default=True,
              help="Language of the rule titles and changelog entries, when the charter has it.")
def diff(old: str, new: str, form: str, lang: str) -> None:
    """Show what changed between two versions of a charter: rules added, removed and changed
    (by id), and the changelog entries in between."""
    from .charter_diff import diff_charters, format_diff

    try:
        old_charter, old_warnings = load_charter(Path(old), old)
        new_charter, new_warnings = load_charter(Path(new), new)
    except HandbookError as exc:
        _fail(exc)
    _report(old_warnings + new_warnings)
    click.echo(format_diff(diff_charters(old_charter, new_charter), form, lang), nl=False)


class _Colour(click.ParamType):
    name = "#RRGGBB"

    def convert(self, value, param, ctx):
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(value)):
            self.fail(f"'{value}' is not a colour written #RRGGBB, like #0B4F6C", param, ctx)
        # Links are written in both colours: the starter must pass the build's contrast check.
        if contrast(str(value), PAGE_BACKGROUND) < TEXT_CONTRAST:
            shade = nearest_readable_shade(str(value)).upper()
            self.fail(f"'{value}' is too pale for text on the white page (contrast "
                      f"{contrast(str(value), PAGE_BACKGROUND):.2f}:1, {TEXT_CONTRAST:g}:1 "
                      f"needed); the nearest readable shade is {shade}", param, ctx)
        return str(value)


_PRIORITY_HELP = ("reputation = awareness and reputation; leads = leads and B2B growth; "
                  "employer_brand = employer brand and recruitment; culture = culture and "
                  "internal transformation.")
_MATURITY_HELP = ("low = start small (the priority's tracks, small circles); medium = adds an "
                  "experts programme; high = all three tracks.")


@cli.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("--defaults", is_flag=True,
              help="Ask nothing: every answer not given as an option takes its default.")
@click.option("--name", help="The organisation's name (default: from FOLDER's name).")
@click.option("--languages", type=click.Choice(["fr", "en", "fr,en", "en,fr"]),
              help="Languages of the handbook, the default one first.  [default: fr,en]")
@click.option("--priority", type=click.Choice(["reputation", "leads", "employer_brand",
                                               "culture"]),
              help=f"Number-one objective for the next 12 to 18 months: {_PRIORITY_HELP}  "
                   "[default: reputation]")
@click.option("--maturity", type=click.Choice(["low", "medium", "high"]),
              help=f"Digital and cultural maturity: {_MATURITY_HELP}  [default: low]")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Kick-off date.  [default: the first day of the month after next]")
@click.option("--primary", type=_Colour(), help="Main colour.  [default: #0B4F6C]")
@click.option("--accent", type=_Colour(), help="Accent colour.  [default: #AC660C]")
def new(folder: str | None, defaults: bool, name: str | None, languages: str | None,
        priority: str | None, maturity: str | None, start: dt.datetime | None,
        primary: str | None, accent: str | None) -> None:
    """Create a starter folder for a new organisation, following the playbook's decision
    matrix. Asks its questions when run in a terminal; with --defaults or options, asks
    nothing. FOLDER defaults to charters/<name>."""
    from .scaffold import Answers, create_starter, default_start

    ask = sys.stdin.isatty() and not defaults
    default_name = "My organisation" if (languages or "fr").startswith("en") else \
        "Mon organisation"
    fallback = Answers(name=_title_from(folder) or default_name, languages=("fr", "en"),
                       priority="reputation", maturity="low",
                       start=default_start(dt.date.today()))

    def answer(value, question, default, kind=None, explain=None):
        if value is not None or not ask:
            return default if value is None else value
        if explain:
            click.echo(explain)
        return click.prompt(question, default=default, type=kind)

    name = answer(name, "Organisation's name", fallback.name).strip()
    if not name:
        raise click.BadParameter("the organisation needs a name", param_hint="--name")
    languages = answer(languages, "Languages, the default one first",
                       ",".join(fallback.languages), click.Choice(["fr", "en", "fr,en", "en,fr"]))
    priority = answer(priority, "Priority", fallback.priority,
                      click.Choice(["reputation", "leads", "employer_brand", "culture"]),
                      "Number-one objective for the next 12 to 18 months: " + _PRIORITY_HELP)
    maturity = answer(maturity, "Maturity", fallback.maturity,
                      click.Choice(["low", "medium", "high"]),
                      "Digital and cultural maturity: " + _MATURITY_HELP)
    picked = answer(start, "Kick-off date (YYYY-MM-DD)", fallback.start.isoformat(),
                    click.DateTime(["%Y-%m-%d"]))
    start_day = picked.date() if isinstance(picked, dt.datetime) else dt.date.fromisoformat(picked)
    primary = answer(primary, "Main colour", fallback.primary, _Colour())
    accent = answer(accent, "Accent colour", fallback.accent, _Colour())

    answers = Answers(name=name, languages=tuple(languages.split(",")), priority=priority,
                      maturity=maturity, start=start_day, primary=primary, accent=accent)
    display = folder if folder is not None else f"charters/{_slug(name)}"
    try:
        files = create_starter(Path(display), answers, Path("schemas"))
        handbook, warnings = load_handbook(Path(display), display)
    except HandbookError as exc:
        _fail(exc)
    tracks = ", ".join(handbook.settings.programme.tracks.launched())
    click.echo(f"Created {display} ({len(files)} files) for {name}: tracks {tracks}; the "
               "charter is a draft to co-build with your ambassadors.")
    click.echo(f"{len(warnings)} placeholders to replace (marked \"À REMPLACER\" or \"TO "
               f"REPLACE\"): handbook check {display} lists them.")
    click.echo(f"Preview: handbook serve {display}")


def _title_from(folder: str | None) -> str | None:
    if folder is None:
        return None
    words = Path(folder).name.replace("-", " ").replace("_", " ").split()
    return " ".join(word.capitalize() for word in words) or None


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "organisation"


@cli.command()
@click.option("-o", "--output", default="schemas", show_default=True, metavar="DIR",
              help="Folder to write the JSON Schemas into.")
def schema(output: str) -> None:
    """Write a JSON Schema per input file (handbook.yml, charter.yml, kits, training),
    generated from the declarations the validator uses.

    Editors such as VS Code (with the YAML extension) read the schemas to complete keys
    and underline mistakes as you type.
    """
    written = write_schemas(Path(output))
    click.echo(f"Wrote {', '.join(path.name for path in written)} into {output}/.")


@cli.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("--period", metavar="YYYY-MM", help="Month to report on, as if the dashboard "
              "were built at its end (default: the last month of the export).")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]),
              default="text", show_default=True, help="text for reading, json or csv for "
                                                       "other tools.")
def kpi(folder: str | None, period: str | None, output_format: str) -> None:
    """Print the KPI dashboard computed from FOLDER's export of posts (kpis.posts)."""
    if period is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise click.BadParameter(f"'{period}' is not a month; write it YYYY-MM, like 2027-03",
                                 param_hint="--period")
    path, display = _folder(folder)
    try:
        handbook, warnings = load_handbook(path, display)
    except HandbookError as exc:
        _fail(exc)
    _report(warnings)
    settings = handbook.settings
    if handbook.posts is None:
        click.secho(f"error: {Path(display) / 'handbook.yml'} has no kpis.posts: export the "
                    "posts as CSV into the folder's data/ (e.g. data/posts.csv), then add "
                    "'posts: data/posts.csv' under 'kpis:'", fg="red", err=True)
        sys.exit(1)
    months = handbook.posts.months()
    if period is not None and period not in months:
        raise click.BadParameter(f"{period} is outside the export, which covers {months[0]} "
                                 f"to {months[-1]}", param_hint="--period")
    board = dashboard(handbook.posts, settings.kpis.targets, settings.programme.start, period)
    if output_format == "json":
        click.echo(as_json(board), nl=False)
    elif output_format == "csv":
        click.echo(as_csv(board), nl=False)
    else:
        click.echo(as_text(board, settings.organisation.name), nl=False)


@contextlib.contextmanager
def _printables_progress() -> Iterator[Progress]:
    """Progress of the printables: a bar on a terminal, one plain line per file otherwise
    (a CI log keeps every line, so a bar redrawn in place would fill it with noise)."""
    with contextlib.ExitStack() as stack:
        bar = None

        def show(done: int, total: int, path: str) -> None:
            nonlocal bar
            if not sys.stderr.isatty():
                click.echo(f"printables [{done}/{total}] {path}", err=True)
                return
            if bar is None:
                bar = stack.enter_context(click.progressbar(
                    length=total, label="Printables", file=sys.stderr,
                    item_show_func=lambda item: item))
            bar.update(1, path)

        yield show


def main() -> None:
    try:
        cli(prog_name="handbook")
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug of ours: one line, not a traceback
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        click.secho(f"internal error: {type(exc).__name__}: {exc} (this is a bug in handbook; "
                    "rerun with HANDBOOK_DEBUG=1 to see where, and report it)", fg="red",
                    err=True)
        sys.exit(1)
