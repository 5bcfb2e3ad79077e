"""The command line: parses arguments, calls the pipeline, prints, chooses the exit code.

Exit codes: 0 success, 1 invalid input or failed build, 2 usage error (click's own).
Only this module prints.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .build import build_handbook
from .errors import Diagnostic, HandbookError, InputError
from .resources import DEMO_DIR
from .validate import load_handbook

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
def build(folder: str | None, output: str, strict: bool, zip_site: bool) -> None:
    """Check FOLDER and build its handbook site into OUTPUT."""
    path, display = _folder(folder)
    try:
        report = build_handbook(path, Path(output), strict=strict, display=display,
                                zip_site=zip_site)
    except HandbookError as exc:
        _fail(exc, strict)
    _report(report.warnings)
    languages = ", ".join(report.languages)
    click.echo(f"Built {display} into {output}/ ({languages}; {report.pages} pages per "
               f"language) in {report.seconds:.1f} s.")
    if report.archive is not None:
        click.echo(f"Archive: {Path(output).name}.zip beside it; unzip it and open "
                   f"{Path(output).name}/index.html.")
    if report.warnings:
        click.echo(f"{_summary(report.warnings)}: see above.")


@cli.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(folder: str | None, strict: bool) -> None:
    """Validate FOLDER without building: every problem, with file:line:col."""
    path, display = _folder(folder)
    try:
        _, warnings = load_handbook(path, display)
    except HandbookError as exc:
        _fail(exc)
    _report(warnings)
    if warnings and strict:
        click.secho(f"Invalid input: {_summary(warnings)} (warnings fail with --strict).",
                    fg="red", err=True)
        sys.exit(1)
    click.echo(f"{display}: valid{f' ({_summary(warnings)})' if warnings else ''}.")


@cli.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("-a", "--address", default="127.0.0.1:8000", show_default=True,
              help="Host and port to serve on.")
def serve(folder: str | None, address: str) -> None:
    """Preview FOLDER at http://127.0.0.1:8000, rebuilding when a YAML, chapter or theme
    file changes."""
    from .serve import serve_handbook  # imports the live-reload server only when needed

    path, display = _folder(folder)
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("expected HOST:PORT, like 127.0.0.1:8000",
                                 param_hint="--address")
    try:
        serve_handbook(path, display, host, int(port), echo=click.echo)
    except HandbookError as exc:
        _fail(exc)


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
