"""Stage 8, build: every stage in order, MkDocs per language, then one swap of the output.

Everything is built in a staging folder beside the output; the previous output is replaced
only when the whole build succeeded, so a failed build leaves it byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..core.archive import archive_path, check_replaceable, write_zip
from ..core.atomic import remove_leftovers, replace_folder, staging_beside
from ..core.builddate import build_moment, source_date_for_library
from ..core.errors import BuildError, InputError
from ..core.timings import StageTimer
from ..diagnose.alike import AlikeTexts
from ..diagnose.check import diagnose
from ..inputs.handbook import load_handbook
from ..model.facts import Facts
from ..model.handbook import Handbook
from ..printables.charter import charter_printables
from ..printables.pdf import PdfCache
from ..printables.training import Progress, TrainingKitPrinter
from ..publish.hosting import prepare_hosting
from ..site.calendar import calendar_ics, calendar_path
from ..site.facts import programme_facts
from ..site.finish import PageFinisher, finish_site
from ..site.kept_pages import KeptPages
from ..site.markup import conversions_kept
from ..site.plan import SitePlan, plan_site
from ..site.project import CONFIG_FILE, project_files, write_files
from ..site.render import Memo, render_site
from ..site.typeset_cache import TypesetCache
from .freshness import output_digest, tool_digest
from .mkdocs import run_mkdocs

# The nothing-changed check and the report live in a light module (see build/uptodate.py);
# MARKER and BuildReport are named here too, where every build reads them.
from .uptodate import HASH_MEMO, MARKER, BuildReport, cache_folder, check_freshness

# In the cache folder: the data of the files last loaded (see inputs/kept.py), the pages
# last rendered (see site/kept_pages.py), the fields' conversions to HTML (site/markup.py),
# the examples found alike (diagnose/alike.py).
KEPT_FILES = "kept-files.signed"
KEPT_PAGES = "kept-pages.signed"
CONVERSIONS_FILE = "markup-conversions.signed"
ALIKE_FILE = "alike-texts.signed"


def build_handbook(folder: Path, output: Path, *, strict: bool = False,
                   display: str | None = None, progress: Progress | None = None,
                   cache_dir: Path | None = None, zip_site: bool = False,
                   force: bool = False, printables: bool = True) -> BuildReport:
    """Validate `folder` and build its handbook into `output`, replacing it only on success;
    with `zip_site`, also the archive `output`.zip beside it (see core/archive.py).

    PDFs are reused from `cache_dir`, by default `.handbook-cache/<output name>/` beside the
    output: never inside it, so it is not published, and one folder per output, so that two
    sites built side by side do not prune each other's PDFs. The same folder keeps, signed,
    what the build did for the next one to take: its files' data (KEPT_FILES), its pages
    (KEPT_PAGES), its fields' conversions (CONVERSIONS_FILE), the examples its diagnostic
    found alike (ALIKE_FILE) and its typography's edits.
    `progress` is told of each printable written.

    When nothing changed since the build that wrote `output` (same inputs, output untouched),
    the output is left as it is and the report says it is up to date; `force` builds anyway.
    Without `printables`, the trainers' printables are left out (see build_site).
    """
    started = time.perf_counter()
    timer = StageTimer()
    freshness = check_freshness(folder, output, strict=strict, display=display,
                                cache_dir=cache_dir, zip_site=zip_site, force=force,
                                printables=printables, timer=timer)
    if freshness.report is not None:
        return freshness.report
    inputs = freshness.inputs

    cache_dir = cache_folder(output, cache_dir)
    with timer.stage("validate"):
        handbook, warnings = load_handbook(folder, display, timer=timer,
                                           kept=cache_dir / KEPT_FILES)
    with _out_of_collection():
        if strict and warnings:
            raise InputError(warnings)
        _check_replaceable(output)
        archive = archive_path(output.absolute()) if zip_site else None
        if archive is not None:
            check_replaceable(archive)

        output = output.absolute()
        remove_leftovers(output)
        cache = PdfCache(cache_dir, timer)  # times the `pdf` stage
        typesetting = TypesetCache(cache.folder, timer)  # beside it: see site/typeset_cache.py
        moment = build_moment(handbook.content_date())
        with typesetting.kept(), staging_beside(output) as staging:
            site = staging / "site"
            pages = build_site(handbook, staging, site, cache=cache, moment=moment,
                               progress=progress, timer=timer, printables=printables,
                               typesetting=typesetting)
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


@contextlib.contextmanager
def _out_of_collection() -> Iterator[None]:
    # The objects made so far (the handbook, its files' data) live as long as the build:
    # full garbage collections need not walk them again (0.35 s each at a thousand kits), and
    # forked PDF workers do not copy their pages by touching them.
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def build_site(handbook: Handbook, workdir: Path, site: Path, *, cache: PdfCache,
               moment: dt.datetime, progress: Progress | None = None,
               timer: StageTimer | None = None, printables: bool = True,
               pdf_workers: int | None = None,
               typesetting: TypesetCache | None = None) -> int:
    """Render, write and build every language into `site`; return the pages per language.

    The site and its archives are dated `moment`. `timer` is told of each stage (check,
    plan, render, write, printables, pdf, mkdocs, typeset, copy). Without
    `printables`, the trainers' printables (kits' cards, modules' guides, handouts and
    bundles) are not written: a preview (`handbook serve`) shows pages sooner without them.
    The charter's PDFs are always written: the charter page's links to them are checked.
    `pdf_workers`: how many processes render the printables (by default, one per core).
    `typesetting`: what earlier builds typeset, reused (see site/finish.py)."""
    timer = timer if timer is not None else StageTimer()
    with timer.stage("check"):
        alike = AlikeTexts(cache.folder / ALIKE_FILE)
        findings = diagnose(handbook, alike)
        alike.save()
    with timer.stage("plan"):
        facts = programme_facts(handbook)
        plans = plan_site(handbook, findings)
        kept = KeptPages(cache.folder / KEPT_PAGES, tool_digest(cache.folder / HASH_MEMO))
        kept.know_files(handbook)
    count = 0
    # WeasyPrint's font subsetter (fontTools) and MkDocs read the date only there. The
    # training printables start rendering at once, in other processes, while MkDocs builds;
    # they start from the fields' conversions kept by the last build, as the pages do.
    with conversions_kept(cache.folder / CONVERSIONS_FILE), source_date_for_library(
            moment), TrainingKitPrinter(
            handbook, facts, cache, moment, progress, printables=printables,
            workers=pdf_workers) as training_kits:
        for plan in plans:
            files = language_project(handbook, plan, facts, cache=cache, moment=moment,
                                     timer=timer, memo=kept)
            # The configuration goes to disk; MkDocs gets the docs from memory.
            project = workdir / "project" / plan.lang
            docs = {path.removeprefix("docs/"): data for path, data in files.items()
                    if path.startswith("docs/")}
            with timer.stage("write"):
                write_files(project, {path: data for path, data in files.items()
                                      if not path.startswith("docs/")})
                (project / "docs").mkdir(exist_ok=True)
            # MkDocs empties its site_dir first: each language builds apart, then moves in.
            built = workdir / "built" / plan.lang
            finisher = PageFinisher(typesetting)  # ours, on MkDocs' output
            with timer.stage("mkdocs"):
                run_mkdocs(project / CONFIG_FILE, built, moment, docs=docs, finish=finisher,
                           timer=timer)
            with timer.stage("typeset"):  # the search index, and any page not yet finished
                finish_site(built, typesetting, finisher)
            with timer.stage("copy"):
                _move_in(built, site / plan.prefix)
            if printables:
                with timer.stage("printables"):
                    training_kits.write_language(plan.lang, site / plan.prefix, plan.prefix)
            count = len(plan.pages)  # every language has the same pages
    with timer.stage("render"):
        kept.save()
    prepare_hosting(handbook, site)
    return count


def write_language_project(handbook: Handbook, plan: SitePlan, facts: Facts, project: Path, *,
                           cache: PdfCache, moment: dt.datetime, timer: StageTimer,
                           memo: Memo | None = None) -> Path:
    """One language's MkDocs project, ready for MkDocs, into `project`; returns its
    mkdocs.yml. See language_project."""
    files = language_project(handbook, plan, facts, cache=cache, moment=moment, timer=timer,
                             memo=memo)
    with timer.stage("write"):
        write_files(project, files)
    return project / CONFIG_FILE


def language_project(handbook: Handbook, plan: SitePlan, facts: Facts, *, cache: PdfCache,
                     moment: dt.datetime, timer: StageTimer,
                     charter_pdfs=charter_printables,
                     memo: Memo | None = None) -> dict[str, bytes]:
    """One language's MkDocs project: {path inside it: bytes}. Besides the pages, its docs
    hold what the pages link to and MkDocs checks: the charter's PDFs (made by
    `charter_pdfs`) and the calendar. `memo`: see render_site."""
    with timer.stage("render"):
        pages = render_site(plan, facts, memo)
        files = project_files(plan, pages, handbook)
    with timer.stage("printables"):
        files.update((f"docs/{relative}", pdf)
                     for relative, pdf in charter_pdfs(handbook, plan.lang, cache).items())
    files[f"docs/{calendar_path(plan.lang)}"] = calendar_ics(facts, plan.lang, moment)
    return files


def _check_replaceable(output: Path, accepted: tuple[str, ...] = ()) -> None:
    # Never delete a folder this tool did not build: it may hold someone's files. `accepted`:
    # other marker files that prove it (a group's entities built one by one).
    if output.is_file():
        raise BuildError(f"{output} is a file; give a folder for the built site")
    ours = any((output / name).is_file() for name in (MARKER, *accepted))
    if output.is_dir() and any(output.iterdir()) and not ours:
        raise BuildError(f"{output} already exists and was not built by handbook; choose "
                         "another output folder (-o) or empty this one")


@contextlib.contextmanager
def staged_site(output: Path, marker: dict[str, Any],
                accepted: tuple[str, ...] = ()) -> Iterator[tuple[Path, Path]]:
    """For a build made of several sites (a group's portal and entities): yields a staging
    folder beside `output` and the site folder inside it; when the block succeeds, the site,
    marked with `marker`, replaces `output` in one move, as build_handbook's does. Otherwise
    `output` stays as it was. `accepted`: as for _check_replaceable."""
    _check_replaceable(output, accepted)
    remove_leftovers(output)
    with staging_beside(output) as staging:
        site = staging / "site"
        site.mkdir()
        yield staging, site
        (site / MARKER).write_text(json.dumps({"tool": "handbook", **marker}) + "\n",
                                   encoding="utf-8")
        replace_folder(site, output.absolute())


def _move_in(built: Path, target: Path) -> None:
    """A language's built site into its place in the whole site: moved, which costs nothing,
    when the place is free (the default language comes first, at the root, and the others
    below it); copied into it otherwise."""
    if target.exists():
        shutil.copytree(built, target, dirs_exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(built, target)
