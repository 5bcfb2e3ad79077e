"""`handbook build` and `handbook serve`.

The pipeline (MkDocs, WeasyPrint, Jinja, pydantic) is imported inside the commands, and only
once the up-to-date check (build/uptodate.py, standard library only) says a build must run:
a nothing-changed build answers in a few hundredths of a second.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..core.environment import os_error_message
from ..core.errors import BuildError, HandbookError
from ..inputs.folder_kind import is_group
from .output import fail, folder_arg, print_diagnostics, printables_progress, summary


@click.command()
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
@click.option("--entity", "entity_id", metavar="ID",
              help="For a group: build only this entity, into OUTPUT/ID/ (one CI job per "
                   "entity; then --portal-only).")
@click.option("--portal-only", is_flag=True,
              help="For a group: build the portal around the entities already built into "
                   "OUTPUT with --entity.")
def build(folder: str | None, output: str, strict: bool, zip_site: bool,
          jobs: int | None, force: bool, entity_id: str | None, portal_only: bool) -> None:
    """Check FOLDER and build its handbook site into OUTPUT.

    When nothing changed since OUTPUT was built (the folder's files, the chapters, the theme,
    the tool), OUTPUT is left as it is. A group (a folder with group.yml) builds its portal
    into OUTPUT and each entity's handbook into OUTPUT/<entity id>/, the entities in parallel.
    """
    path, display = folder_arg(folder)
    if (entity_id is not None or portal_only) and not is_group(path):
        raise click.UsageError("--entity and --portal-only are for a group (a folder with "
                               "group.yml)")
    if entity_id is not None and portal_only:
        raise click.UsageError("--entity and --portal-only are two steps: give one of them")
    if is_group(path):
        if zip_site:
            raise click.UsageError("--zip builds one organisation's archive; for a group, "
                                   "zip OUTPUT/<entity id>/ of the entity to share")
        if entity_id is not None:
            _build_entity_only(path, display, output, strict, entity_id)
        elif portal_only:
            _build_portal_only(path, display, output, strict)
        else:
            _build_group(path, display, output, strict, jobs)
        return
    from ..build.uptodate import check_freshness  # the standard library and core only

    try:
        report = check_freshness(path, Path(output), strict=strict, display=display,
                                 zip_site=zip_site, force=force).report
        if report is None:
            from ..build.pipeline import build_handbook

            with printables_progress() as progress:
                report = build_handbook(path, Path(output), strict=strict, display=display,
                                        progress=progress, zip_site=zip_site,
                                        force=force)
    except HandbookError as exc:
        fail(exc, strict)
    except OSError as exc:  # the machine's refusal: the previous site is left as it was
        fail(BuildError(os_error_message(exc, f"{output}/ could not be written") +
                        f"; {output}/ is unchanged"))
    print_diagnostics(report.warnings)
    if report.up_to_date:
        click.echo(f"{output}/ is up to date: nothing changed since {display} was built into "
                   "it (--force builds anyway).")
        if report.warnings:
            click.echo(f"{summary(report.warnings)}: see above.")
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
        click.echo(f"{summary(report.warnings)}: see above.")


def _build_group(path: Path, display: str, output: str, strict: bool,
                 jobs: int | None) -> None:
    from ..build.group import build_group

    try:
        report = build_group(path, Path(output), strict=strict, display=display, jobs=jobs)
    except HandbookError as exc:
        fail(exc, strict)
    except OSError as exc:
        fail(BuildError(os_error_message(exc, f"{output}/ could not be written") +
                        f"; {output}/ is unchanged"))
    print_diagnostics(report.warnings)
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
        click.echo(f"{summary(report.warnings)}: see above.")


@click.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("-a", "--address", default="127.0.0.1:8000", show_default=True,
              help="Host and port to serve on.")
@click.option("--printables", is_flag=True, help="Also make the trainers' PDFs and zips "
                                                 "(slower to show each edit).")
def serve(folder: str | None, address: str, printables: bool) -> None:
    """Preview FOLDER at http://127.0.0.1:8000, rebuilding when a YAML, chapter or theme
    file changes. The trainers' printables are left out unless --printables is given."""
    from ..build.serve import serve_handbook  # imports the live-reload server only when needed

    path, display = folder_arg(folder)
    host, port = parse_address(address)  # a usage error before anything is built
    try:
        serve_handbook(path, display, host, port, echo=click.echo, printables=printables)
    except HandbookError as exc:
        fail(exc)
    except OSError as exc:
        fail(BuildError(os_error_message(exc, "the preview stopped")))

def _build_entity_only(path: Path, display: str, output: str, strict: bool,
                       entity_id: str) -> None:
    from ..build.shards import build_entity_only

    try:
        report = build_entity_only(path, Path(output), entity_id, strict=strict,
                                   display=display)
    except HandbookError as exc:
        fail(exc, strict)
    print_diagnostics(report.warnings)
    entity = report.entity
    click.echo(f"Built the entity {entity_id} of {display} into {output}/{entity_id}/ "
               f"({', '.join(entity.languages)}; {entity.pages} pages per language) in "
               f"{report.seconds:.1f} s; build the portal with --portal-only once every "
               "entity is there.")
    if report.warnings:
        click.echo(f"{summary(report.warnings)}: see above.")


def _build_portal_only(path: Path, display: str, output: str, strict: bool) -> None:
    from ..build.shards import build_portal_only

    try:
        report = build_portal_only(path, Path(output), strict=strict, display=display)
    except HandbookError as exc:
        fail(exc, strict)
    print_diagnostics(report.warnings)
    click.echo(f"Built the portal of {display} ({', '.join(report.languages)}) into {output}/ "
               f"around its {len(report.entities)} entities in {report.seconds:.1f} s.")
    if report.warnings:
        click.echo(f"{summary(report.warnings)}: see above.")



def parse_address(address: str) -> tuple[str, int]:
    """HOST:PORT or [IPv6]:PORT, checked: a port from 1 to 65535, a host that is an IP
    address or a name this machine resolves. Anything else is a usage error (exit 2)."""
    found = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\]:(\d{1,5})|([^\s:\[\]]+):(\d{1,5})", address)
    if found is None:
        raise click.BadParameter(
            "expected HOST:PORT, like 127.0.0.1:8000 (an IPv6 address in brackets, like "
            "[::1]:8000)", param_hint="--address")
    host = found.group(1) or found.group(3)
    port = int(found.group(2) or found.group(4))
    if not 1 <= port <= 65535:
        raise click.BadParameter(f"port {port} is out of range: give a port from 1 to 65535",
                                 param_hint="--address")
    import ipaddress
    import socket  # here: every other command starts without it

    try:
        ipaddress.ip_address(host)
    except ValueError:
        try:
            socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            raise click.BadParameter(f"the host name '{host}' cannot be resolved: give an IP "
                                     "address, like 127.0.0.1", param_hint="--address") from None
    return host, port
