"""`handbook teams-app`: the organisation's Teams app package."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..core.errors import HandbookError, InputError
from .output import fail, folder_arg, print_diagnostics


@click.command("teams-app")
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("-o", "--output", default="teams-app.zip", show_default=True, metavar="FILE.zip",
              help="The package to write; replaced only once it is complete.")
def teams_app(folder: str | None, output: str) -> None:
    """Make FOLDER's Teams app package: its tabs open the handbook published at
    organisation.site_url (publishing.microsoft_365 must be set).

    Upload FILE.zip in the Teams admin centre (Manage apps, Upload new app). The same FOLDER
    gives the same bytes, and the app keeps its id from one package to the next.
    """
    from ..inputs.handbook import load_handbook
    from ..publish.teams import teams_package

    path, display = folder_arg(folder)
    try:
        handbook, warnings = load_handbook(path, display)
        package = teams_package(handbook)
    except (InputError, HandbookError) as exc:
        fail(exc)
    print_diagnostics(warnings)
    target = Path(output)
    if target.is_dir():
        click.secho(f"error: {output} is a folder; give the package's file name, like "
                    "teams-app.zip", fg="red", err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside, then moved: a failed write never leaves half a package.
    import tempfile  # here: every other command starts without it

    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    with os.fdopen(handle, "wb") as file:
        file.write(package)
    os.replace(temporary, target)
    click.echo(f"Wrote {output}: the Teams app of {handbook.settings.organisation.name}, "
               f"{len(package):,} bytes. Upload it in the Teams admin centre.")
