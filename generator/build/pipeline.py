"""Stage 8, build: every stage in order, MkDocs per language, then one swap of the output.

Everything is built in a staging folder beside the output; the previous output is replaced
only when the whole build succeeded, so a failed build leaves it byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.archive import archive_path, check_replaceable, write_zip
from ..core.atomic import replace_folder, staging_beside
from ..core.builddate import build_moment, source_date_for_library
from ..core.errors import BuildError, Diagnostic, InputError
from ..core.timings import StageTimer
from ..diagnose.check import diagnose
from ..inputs.handbook import load_handbook
from ..model.handbook import Handbook
from ..printables.charter import write_charter_printables
from ..printables.pdf import CACHE_DIRNAME, PdfCache
from ..printables.training import Progress, TrainingKitPrinter
from ..site.facts import programme_facts
from ..site.finish import finish_site
from ..site.plan import plan_site
from ..site.project import write_project
from ..site.render import render_site
from .freshness import inputs_digest, output_digest
from .mkdocs import run_mkdocs

# Written at the root of every site this tool builds: it marks a folder the tool may replace.
MARKER = ".handbook-build.json"


@dataclass(frozen=True)
class BuildReport:
    output: Path
    languages: tuple[str, ...]
    pages: int
    warnings: tuple[Diagnostic, ...]
    seconds: float
    pdfs_rendered: int = 0
    pdfs_reused: int = 0  # found in the cache: their HTML had not changed
    cache: Path | None = None
    archive: Path | None = None  # the site as one zip (`--zip`)
    # Seconds per stage: digest, load, validate, check, plan, render, write, mkdocs,
    # pdf, copy, swap (see build_handbook); only digest when the site was up to date.
    timings: dict[str, float] = field(default_factory=dict)
    up_to_date: bool = False  # nothing changed since the last build: the output was left as is


def build_handbook(folder: Path, output: Path, *, strict: bool = False,
                   display: str | None = None, progress: Progress | None = None,
                   cache_dir: Path | None = None, zip_site: bool = False,
                   force: bool = False, printables: bool = True) -> BuildReport:
    """Validate `folder` and build its handbook into `output`, replacing it only on success;
    with `zip_site`, also the archive `output`.zip beside it (see archive.py).

    PDFs are reused from `cache_dir`, by default `.handbook-cache/<output name>/` beside the
    output: never inside it, so it is not published, and one folder per output, so that two
    sites built side by side do not prune each other's PDFs. `progress` is told of each
    printable written.

    When nothing changed since the build that wrote `output` (same inputs, output untouched),
    the output is left as it is and the report says it is up to date; `force` builds anyway.
    Without `printables`, the trainers' printables are left out (see build_site).
    """
    started = time.perf_counter()
    timer = StageTimer()
    cache_folder = (cache_dir if cache_dir is not None
                    else output.absolute().parent / CACHE_DIRNAME / output.name)
    with timer.stage("digest"):
        inputs = inputs_digest(folder, display if display is not None else str(folder),
                                    skip=(output, cache_folder, output.parent / CACHE_DIRNAME))
        if not printables:  # a preview without printables is not the same site
            inputs += "-without-printables"
        # An archive asked for and missing must be written, even if the site is up to date.
        missing_archive = zip_site and not archive_path(output.absolute()).is_file()
        previous = None if force or missing_archive else _up_to_date(output, inputs)
    if previous is not None:
        warnings = [Diagnostic(**fields) for fields in previous["warnings"]]
        if strict and warnings:
            raise InputError(warnings)
        return BuildReport(output.absolute(), tuple(previous["languages"]), previous["pages"],
                           tuple(warnings), time.perf_counter() - started,
                           timings=dict(timer.seconds), up_to_date=True)

    with timer.stage("validate"):
        handbook, warnings = load_handbook(folder, display, timer=timer)
    if strict and warnings:
        raise InputError(warnings)
    _check_replaceable(output)
    archive = archive_path(output.absolute()) if zip_site else None
    if archive is not None:
        check_replaceable(archive)

    output = output.absolute()
    cache = PdfCache(cache_folder)
    moment = build_moment(content_date(handbook))
    with staging_beside(output) as staging:
        site = staging / "site"
        pages = build_site(handbook, staging, site, cache=cache, moment=moment,
                           progress=progress, timer=timer, printables=printables)
        if archive is not None:
            write_zip(site, staging / archive.name, top=output.name, moment=moment)
        with timer.stage("swap"):
            (site / MARKER).write_text(json.dumps({"tool": "handbook", "languages": list(
                handbook.settings.languages), "pages": pages, "inputs": inputs,
                "output": output_digest(site, MARKER),
                "warnings": [asdict(warning) for warning in warnings]}) + "\n",
                encoding="utf-8")
            replace_folder(site, output)
            if archive is not None:
                os.replace(staging / archive.name, archive)
    cache.prune()  # only after a success: a failed build may be retried with the same input
    return BuildReport(output, tuple(handbook.settings.languages), pages, tuple(warnings),
                       time.perf_counter() - started, pdfs_rendered=cache.rendered,
                       pdfs_reused=cache.reused, cache=cache.folder, archive=archive,
                       timings=dict(timer.seconds))


def build_site(handbook: Handbook, workdir: Path, site: Path, *, cache: PdfCache,
               moment: dt.datetime, progress: Progress | None = None,
               timer: StageTimer | None = None, printables: bool = True,
               pdf_workers: int | None = None) -> int:
    """Render, write and build every language into `site`; return the pages per language.

    The site and its archives are dated `moment`. `timer` is told of each stage (check, plan, render, write, pdf, mkdocs, copy). Without
    `printables`, the trainers' printables (kits' cards, modules' guides, handouts and
    bundles) are not written: a preview (`handbook serve`) shows pages sooner without them.
    The charter's PDFs are always written: the charter page's links to them are checked.
    `pdf_workers`: how many processes render the printables (by default, one per core)."""
    timer = timer if timer is not None else StageTimer()
    with timer.stage("check"):
        findings = diagnose(handbook)
    with timer.stage("plan"):
        facts = programme_facts(handbook)
        plans = plan_site(handbook, findings)
    count = 0
    # WeasyPrint's font subsetter (fontTools) and MkDocs read the date only there. The
    # training printables start rendering at once, in other processes, while MkDocs builds.
    with source_date_for_library(moment), TrainingKitPrinter(
            handbook, facts, cache, moment, progress, printables=printables,
            workers=pdf_workers) as training_kits:
        for plan in plans:
            with timer.stage("render"):
                pages = render_site(plan, facts)
            with timer.stage("write"):
                config_file = write_project(plan, pages, handbook,
                                            workdir / "project" / plan.lang)
            # Into the docs, before MkDocs: it copies the PDFs and checks the links to them.
            with timer.stage("pdf"):
                write_charter_printables(handbook, plan.lang, config_file.parent / "docs",
                                         cache)
            # MkDocs empties its site_dir first: each language builds apart, then moves in.
            built = workdir / "built" / plan.lang
            with timer.stage("mkdocs"):
                run_mkdocs(config_file, built, moment)
                finish_site(built)
            with timer.stage("copy"):
                _move_in(built, site / plan.prefix)
            if printables:
                with timer.stage("pdf"):
                    training_kits.write_language(plan.lang, site / plan.prefix, plan.prefix)
            count = len(pages)  # every language has the same pages
    return count


def content_date(handbook: Handbook) -> dt.date:
    """The date of a handbook's content: its charter's latest version."""
    charter = handbook.charter
    dates = [charter.adopted_on] + [entry.date for entry in charter.changelog]
    return max((d for d in dates if d is not None), default=handbook.settings.programme.start)


def _check_replaceable(output: Path) -> None:
    # Never delete a folder this tool did not build: it may hold someone's files.
    if output.is_file():
        raise BuildError(f"{output} is a file; give a folder for the built site")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise BuildError(f"{output} already exists and was not built by handbook; choose "
                         "another output folder (-o) or empty this one")


@contextlib.contextmanager
def staged_site(output: Path, marker: dict[str, Any]) -> Iterator[tuple[Path, Path]]:
    """For a build made of several sites (a group's portal and entities): yields a staging
    folder beside `output` and the site folder inside it; when the block succeeds, the site,
    marked with `marker`, replaces `output` in one move, as build_handbook's does. Otherwise
    `output` stays as it was."""
    _check_replaceable(output)
    with staging_beside(output) as staging:
        site = staging / "site"
        site.mkdir()
        yield staging, site
        (site / MARKER).write_text(json.dumps({"tool": "handbook", **marker}) + "\n",
                                   encoding="utf-8")
        replace_folder(site, output.absolute())


def _up_to_date(output: Path, inputs: str) -> dict | None:
    """The marker of `output` if it was built from inputs with this digest and not
    touched since; None if it must be built."""
    try:
        marker = json.loads((output / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("inputs") != inputs:
        return None
    if marker.get("output") != output_digest(output, MARKER):
        return None
    return marker


def _move_in(built: Path, target: Path) -> None:
    """A language's built site into its place in the whole site: moved, which costs nothing,
    when the place is free (the default language comes first, at the root, and the others
    below it); copied into it otherwise."""
    if target.exists():
        shutil.copytree(built, target, dirs_exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(built, target)
