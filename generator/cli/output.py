"""What every command shares: the folder argument, printing problems, failing with exit 1."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..core.errors import Diagnostic, HandbookError, InputError
from ..core.quote import terminal_safe
from ..core.resources import DEMO_DIR

if TYPE_CHECKING:  # a type only: the printables import WeasyPrint's side of the pipeline
    from ..printables.training import Progress

DEFAULT_FOLDER = "charters/demo"


def folder_arg(value: str | None) -> tuple[Path, str]:
    """The organisation folder and how to name it in messages.

    Without an argument: charters/demo of the current folder if there is one, else the demo
    shipped with the tool, so `handbook build` works from anywhere right after installing.
    """
    if value is None:
        local = Path(DEFAULT_FOLDER)
        return (local, DEFAULT_FOLDER) if local.is_dir() else (DEMO_DIR, str(DEMO_DIR))
    return Path(value), value


def print_diagnostics(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
    for diagnostic in diagnostics:
        colour = "red" if diagnostic.severity == "error" else "yellow"
        click.secho(str(diagnostic), fg=colour, err=True)


def summary(diagnostics) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def fail(exc: HandbookError, strict: bool = False) -> None:
    if isinstance(exc, InputError):
        print_diagnostics(exc.diagnostics)
        only_warnings = all(d.severity == "warning" for d in exc.diagnostics)
        reason = " (warnings fail with --strict)" if strict and only_warnings else ""
        click.secho(f"Invalid input: {summary(exc.diagnostics)}{reason}.", fg="red", err=True)
    else:
        click.secho(terminal_safe(f"error: {exc}"), fg="red", err=True)
    sys.exit(1)


@contextlib.contextmanager
def printables_progress() -> Iterator[Progress]:
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
