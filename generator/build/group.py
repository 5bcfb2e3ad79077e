"""`handbook build` on a group: every entity's handbook and the portal, in one output.

    OUTPUT/              the portal, in group.yml's languages (the first at the root)
    OUTPUT/<entity id>/  each entity's handbook: its own languages, search and printables

Entities are independent, so they build in parallel, one process each (MkDocs' builds are
CPU-bound and hold the interpreter's lock). Each process loads its entity again (a Handbook
does not cross processes) and builds it into its own folder of one staging
site, with its own PDF cache. Every entity's errors are collected and reported together; the
output is replaced, in one move, only when every entity and the portal built.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.builddate import build_moment
from ..core.errors import BuildError, Diagnostic, HandbookError, InputError
from ..inputs.group import Entity, Group, load_entities, load_entity, load_group
from ..printables.pdf import CACHE_DIRNAME, PdfCache
from ..site.typeset_cache import TypesetCache
from .pipeline import build_site, staged_site
from .portal import build_portal


@dataclass(frozen=True)
class EntityBuild:
    id: str
    languages: tuple[str, ...]
    pages: int  # per language
    pdfs_rendered: int
    pdfs_reused: int


@dataclass(frozen=True)
class GroupBuildReport:
    output: Path
    languages: tuple[str, ...]  # the portal's
    portal_pages: int  # per language
    entities: tuple[EntityBuild, ...]
    warnings: tuple[Diagnostic, ...]
    seconds: float
    processes: int
    cache: Path  # one folder per entity inside

    @property
    def pdfs_rendered(self) -> int:
        return sum(entity.pdfs_rendered for entity in self.entities)

    @property
    def pdfs_reused(self) -> int:
        return sum(entity.pdfs_reused for entity in self.entities)


@dataclass(frozen=True)
class EntityTask:
    """What a process needs to build one entity (plain data: it crosses processes)."""

    folder: Path  # the group's, absolute
    display: str
    entity_id: str
    workdir: Path
    site: Path  # the entity's folder in the staging site
    cache: Path


@dataclass(frozen=True)
class EntityResult:
    entity_id: str
    pages: int = 0
    rendered: int = 0
    reused: int = 0
    used: frozenset[str] = frozenset()  # the PDF cache's entries it used
    typeset: frozenset[str] = frozenset()  # the typesetting cache's entries it used
    error: str | None = None


def build_group(folder: Path, output: Path, *, strict: bool = False,
                display: str | None = None, jobs: int | None = None,
                cache_dir: Path | None = None) -> GroupBuildReport:
    """Validate the group and every entity, build them into `output`, replacing it only when
    everything built. `jobs` is the number of processes (default: one per core; 1 builds in
    this process). PDFs are reused from `cache_dir`/<entity id>, by default
    `.handbook-cache/<output name>/<entity id>/` beside the output."""
    started = time.perf_counter()
    display = display if display is not None else str(folder)
    group = load_group(folder, display)
    entities, warnings = load_entities(group)  # every entity's errors at once
    if strict and warnings:
        raise InputError(list(warnings))
    output = output.absolute()
    cache_root = (cache_dir if cache_dir is not None
                  else output.parent / CACHE_DIRNAME / output.name)
    processes = max(1, min(jobs or os.cpu_count() or 1, len(entities)))
    with staged_site(output, group_marker(group, entities)) as (staging, site):
        tasks = [EntityTask(folder.absolute(), display, entity.id, staging / "work" / entity.id,
                            site / entity.id, cache_root / entity.id) for entity in entities]
        results = run_tasks(tasks, processes)
        failed = [result for result in results if result.error is not None]
        if failed:
            details = "\n".join(f"  {result.entity_id}: {result.error}" for result in failed)
            raise BuildError(f"{len(failed)} of {len(results)} entities could not be built; "
                             f"the output was left as it was:\n{details}")
        portal_pages = build_portal(group, entities, staging / "work", site)
    for task, result in zip(tasks, results, strict=True):
        # Only after a success: a failed build may be retried with the same input.
        prune_caches(task, result)
    return GroupBuildReport(
        output, tuple(group.settings.languages), portal_pages,
        tuple(EntityBuild(entity.id, tuple(entity.handbook.settings.languages), result.pages,
                          result.rendered, result.reused)
              for entity, result in zip(entities, results, strict=True)),
        warnings, time.perf_counter() - started, processes, cache_root)


def group_marker(group: Group, entities: Sequence[Entity]) -> dict[str, Any]:
    """What a group's output marker records (the same whether built at once or in shards)."""
    return {"group": True, "languages": list(group.settings.languages),
            "entities": [entity.id for entity in entities]}


def run_tasks(tasks: Sequence[EntityTask], processes: int) -> list[EntityResult]:
    """Every task's result, in the tasks' order; in this process when `processes` is 1."""
    if processes == 1:
        return [build_entity(task) for task in tasks]
    # spawn: fresh processes, which inherit none of the loggers' handlers of this one, on
    # every system alike.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        return list(pool.map(build_entity, tasks))


def prune_caches(task: EntityTask, result: EntityResult) -> None:
    """Leave in an entity's caches only what its build used (after the group's success)."""
    cache = PdfCache(task.cache)
    cache.adopt(result.used)
    cache.prune()
    typesetting = TypesetCache(task.cache)
    typesetting.adopt(result.typeset)
    typesetting.save(prune=True)


def build_entity(task: EntityTask) -> EntityResult:
    """Load one entity and build its handbook into task.site. Errors come back as text: an
    exception would have to cross processes."""
    try:
        group = load_group(task.folder, task.display)
        entity = load_entity(group, task.entity_id)
        cache = PdfCache(task.cache)
        typesetting = TypesetCache(task.cache)
        moment = build_moment(entity.handbook.content_date())
        try:
            # One process renders an entity's PDFs: the entities already build side by side.
            pages = build_site(entity.handbook, task.workdir, task.site, cache=cache,
                               moment=moment, pdf_workers=1, typesetting=typesetting)
        finally:
            typesetting.save(prune=False)  # pruned once the whole group has built
    except HandbookError as exc:
        return EntityResult(task.entity_id, error=str(exc))
    return EntityResult(task.entity_id, pages, cache.rendered, cache.reused, cache.used,
                        typesetting.used)
