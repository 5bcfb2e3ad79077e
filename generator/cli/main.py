"""The command line: parses arguments, calls the pipeline, prints, chooses the exit code.

Exit codes: 0 success, 1 invalid input or failed build, 2 usage error (click's own).
Only this package prints. Each command lives in the module named after what it does.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from .. import __version__
from ..core.environment import os_error_message

# Each command and the module of this package that defines it. A module is imported when its
# command runs (or `--help` lists them all): a nothing-changed `handbook build` loads the
# build command's module alone, not the nine others and what they import.
COMMANDS = {
    "build": "build:build", "serve": "build:serve", "check": "check:check",
    "diff": "check:diff", "schema": "check:schema", "kpi": "check:kpi", "new": "new:new",
    "acks": "acks:acks", "sheet": "sheet:sheet", "teams-app": "teams:teams_app",
}


class _Commands(click.Group):
    """click's group, with its commands loaded by name (click's "lazily loading
    subcommands" pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name].split(":")
        return getattr(importlib.import_module(f".{module}", __package__), name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
def cli() -> None:
    """Turn an advocacy programme and its social-media charter, written as YAML, into a
    branded, searchable handbook site.

    FOLDER is an organisation's folder (handbook.yml, charter.yml, kits/, training/,
    assets/); it defaults to charters/demo, the embedded example.
    """


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
