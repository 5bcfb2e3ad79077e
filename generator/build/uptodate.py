"""The nothing-changed build, decided before anything heavy is imported.

`handbook build` asks here first: when the output was built from inputs with the same digest
and was not touched since, the command reports it and ends without importing MkDocs,
WeasyPrint, Jinja, pydantic or the Markdown stack (build/pipeline.py imports them all). So
this module imports only the standard library, `core`, `build.freshness`, `build.hash_memo`
and the name of the PDF cache's folder; a test checks that a nothing-changed build in a fresh
process imports none of them. bench/startup.py times the whole command.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import NamedTuple

from ..core.errors import Diagnostic, InputError
from ..core.timings import StageTimer
from ..printables.cache_name import CACHE_DIRNAME
from .freshness import inputs_digest, output_digest

# Written at the root of every site this tool builds: it marks a folder the tool may replace.
MARKER = ".handbook-build.json"
# In the PDF cache folder: the hashes of the inputs by their stat (see build/hash_memo.py).
HASH_MEMO = "input-hashes.json"


# Named tuples, not dataclasses: a dataclass writes and compiles its methods when its module
# is imported, a millisecond of every nothing-changed build for these two.
class BuildReport(NamedTuple):
    output: Path
    languages: tuple[str, ...]
    pages: int
    warnings: tuple[Diagnostic, ...]
    seconds: float
    # Seconds per stage: digest, load, validate, check, plan, render, write, mkdocs,
    # typeset, printables, pdf (rendering or waiting for PDFs), copy, swap (see
    # build_handbook); only digest when the site was up to date.
    timings: dict[str, float]
    pdfs_rendered: int = 0
    pdfs_reused: int = 0  # found in the cache: their HTML had not changed
    cache: Path | None = None
    archive: Path | None = None  # the site as one zip (`--zip`)
    up_to_date: bool = False  # nothing changed since the last build: the output was left as is


class Freshness(NamedTuple):
    """What the up-to-date check found: the inputs' digest (recorded in the marker of the
    next build), and the report when the output is up to date."""

    inputs: str
    report: BuildReport | None


def cache_folder(output: Path, cache_dir: Path | None = None) -> Path:
    """Where the PDFs of `output` are cached: `cache_dir`, by default
    `.handbook-cache/<output name>/` beside the output (one folder per output, so that two
    sites built side by side do not prune each other's PDFs)."""
    return (cache_dir if cache_dir is not None
            else output.absolute().parent / CACHE_DIRNAME / output.name)


def check_freshness(folder: Path, output: Path, *, strict: bool = False,
                    display: str | None = None, cache_dir: Path | None = None,
                    zip_site: bool = False, force: bool = False, printables: bool = True,
                    timer: StageTimer | None = None) -> Freshness:
    """Whether building `folder` into `output` (see build_handbook) would write the same
    bytes as are there: same inputs, output untouched, its archive present when `zip_site`.
    `force` always builds. An up-to-date site whose last build had warnings still fails
    `strict` (InputError), as its build did."""
    started = time.perf_counter()
    timer = timer if timer is not None else StageTimer()
    with timer.stage("digest"):
        cache = cache_folder(output, cache_dir)
        inputs = inputs_digest(folder, display if display is not None else str(folder),
                               skip=(output, cache, output.parent / CACHE_DIRNAME),
                               memo=cache / HASH_MEMO)
        if not printables:  # a preview without printables is not the same site
            inputs += "-without-printables"
        # An archive asked for and missing must be written, even if the site is up to date.
        missing_archive = zip_site and not _archive_exists(output)
        previous = None if force or missing_archive else _up_to_date(output, inputs)
    if previous is None:
        return Freshness(inputs, None)
    warnings = [Diagnostic(**fields) for fields in previous["warnings"]]
    if strict and warnings:
        raise InputError(warnings)
    return Freshness(inputs, BuildReport(
        output.absolute(), tuple(previous["languages"]), previous["pages"], tuple(warnings),
        time.perf_counter() - started, timings=dict(timer.seconds), up_to_date=True))


def _archive_exists(output: Path) -> bool:
    from ..core.archive import archive_path  # imports zipfile: only for --zip

    return archive_path(output.absolute()).is_file()


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
