"""The command line: parses arguments, calls the pipeline, prints, chooses the exit code.

Exit codes: 0 success, 1 invalid input or failed build, 2 usage error (click's own).
Only this package prints. Each command lives in the module named after what it does.
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..core.environment import os_error_message
from .acks import acks
from .build import build, serve
from .check import check, diff, kpi, schema
from .new import new
from .sheet import sheet
from .teams import teams_app


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
def cli() -> None:
    """Turn an advocacy programme and its social-media charter, written as YAML, into a
    branded, searchable handbook site.

    FOLDER is an organisation's folder (handbook.yml, charter.yml, kits/, training/,
    assets/); it defaults to charters/demo, the embedded example.
    """


for command in (build, check, serve, diff, new, schema, kpi, acks, sheet, teams_app):
    cli.add_command(command)


def main() -> None:
    try:
        cli(prog_name="handbook")
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:  # the machine refused (a full disk, a folder not writable)
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        click.secho(f"error: {os_error_message(exc, 'stopped')}", fg="red", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug of ours: one line, not a traceback
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        click.secho(f"internal error: {type(exc).__name__}: {exc} (this is a bug in handbook; "
                    "rerun with HANDBOOK_DEBUG=1 to see where, and report it)", fg="red",
                    err=True)
        sys.exit(1)
