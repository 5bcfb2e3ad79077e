"""A group built as a CI matrix: one job per entity (`--entity ID`), then one for the portal
(`--portal-only`), giving the same bytes as a whole-group build on one machine.

    job "entity alpha":  OUTPUT/alpha/ and OUTPUT/.alpha.handbook-entity.json
    job "entity beta":   OUTPUT/beta/  and OUTPUT/.beta.handbook-entity.json
    job "portal":        the artifacts above merged into OUTPUT, then the portal around them

An entity's folder is built by the very function a whole-group build runs for it
(group.build_entity), so its bytes are those of the whole build. The small marker file beside
it proves the folder is ours (a later job may replace it) and names what it was built from;
the portal job checks every marker, assembles the site in a staging folder, and swaps it in
like any build: the markers do not reach the published site.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import replace_folder, staging_beside
from ..core.errors import BuildError, Diagnostic, InputError
from ..inputs.group import load_entities, load_entity, load_group
from ..printables.pdf import CACHE_DIRNAME
from .group import (
    EntityBuild,
    EntityTask,
    GroupBuildReport,
    build_entity,
    group_marker,
    prune_caches,
)
from .pipeline import staged_site
from .portal import build_portal


def entity_marker(entity_id: str) -> str:
    """The marker file of an entity built on its own, beside its folder."""
    return f".{entity_id}.handbook-entity.json"


@dataclass(frozen=True)
class EntityOnlyReport:
    output: Path  # OUTPUT/<entity id>
    entity: EntityBuild
    warnings: tuple[Diagnostic, ...]
    seconds: float
    cache: Path


def build_entity_only(folder: Path, output: Path, entity_id: str, *, strict: bool = False,
                      display: str | None = None,
                      cache_dir: Path | None = None) -> EntityOnlyReport:
    """Build one entity of the group into OUTPUT/<entity id>/, as a whole-group build would."""
    started = time.perf_counter()
    display = display if display is not None else str(folder)
    group = load_group(folder, display)
    known = list(group.settings.entities)
    if entity_id not in known:
        raise BuildError(f"no entity '{entity_id}' in {display}/group.yml; its entities are: "
                         f"{', '.join(known)}")
    entity = load_entity(group, entity_id)
    warnings = tuple(sorted([*group.warnings, *entity.warnings]))
    if strict and warnings:
        raise InputError(list(warnings))
    output = output.absolute()
    target = output / entity_id
    marker = output / entity_marker(entity_id)
    if target.exists() and not marker.is_file():
        raise BuildError(f"{target} already exists and was not built by handbook; choose "
                         "another output folder (-o) or empty this one")
    cache_root = (cache_dir if cache_dir is not None
                  else output.parent / CACHE_DIRNAME / output.name)
    with staging_beside(target) as staging:
        task = EntityTask(folder.absolute(), display, entity_id, staging / "work",
                          staging / "site", cache_root / entity_id)
        result = build_entity(task)
        if result.error is not None:
            raise BuildError(f"{entity_id}: {result.error}")
        marker.write_text(json.dumps({"tool": "handbook", "entity": entity_id}) + "\n",
                          encoding="utf-8")
        replace_folder(staging / "site", target)
    prune_caches(task, result)
    built = EntityBuild(entity_id, tuple(entity.handbook.settings.languages), result.pages,
                        result.rendered, result.reused)
    return EntityOnlyReport(target, built, warnings, time.perf_counter() - started,
                            cache_root / entity_id)


def build_portal_only(folder: Path, output: Path, *, strict: bool = False,
                      display: str | None = None) -> GroupBuildReport:
    """The portal around entities already built into OUTPUT by `build_entity_only` (each
    job's artifact copied into the same OUTPUT); the whole site then replaces OUTPUT."""
    started = time.perf_counter()
    display = display if display is not None else str(folder)
    group = load_group(folder, display)
    entities, warnings = load_entities(group)
    if strict and warnings:
        raise InputError(list(warnings))
    output = output.absolute()
    missing = [entity.id for entity in entities
               if not (output / entity.id).is_dir()
               or not (output / entity_marker(entity.id)).is_file()]
    if missing:
        raise BuildError(f"{len(missing)} entit{'ies are' if len(missing) > 1 else 'y is'} not "
                         f"built in {output} yet: {', '.join(missing)}; build each one with "
                         "--entity ID -o OUTPUT first, then the portal")
    markers = tuple(entity_marker(entity.id) for entity in entities)
    with staged_site(output, group_marker(group, entities), accepted=markers) as (staging, site):
        for entity in entities:
            shutil.copytree(output / entity.id, site / entity.id)
        portal_pages = build_portal(group, entities, staging / "work", site)
    return GroupBuildReport(
        output, tuple(group.settings.languages), portal_pages,
        tuple(EntityBuild(entity.id, tuple(entity.handbook.settings.languages), 0, 0, 0)
              for entity in entities),
        warnings, time.perf_counter() - started, 1, output.parent / CACHE_DIRNAME / output.name)
