"""The group diagnostic: what only shows when the entities are looked at together.

Each entity gets its own programme diagnostic (check.py); these findings come on top, with
the same shape: a severity, a stable code, the place to change (a file of the group's folder,
line and column) and the handbook chapter that explains the rule.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import InputError
from ..inputs.group import Entity, Group, load_entity, load_group, outdated
from ..inputs.group_file import ENTITIES
from ..inputs.positions import DocumentKey, Loc
from .check import Check, Finding, diagnose, message_of
from .report import CheckResult, GroupCheckResult

GROUP_CHECKS: dict[str, Check] = {rule.code: rule for rule in (
    Check("group/outdated-charter", "warning", "steering/governance.md",
         "group/outdated-charter"),
    Check("group/entity-without-leaders", "warning", "steering/pitfalls.md",
         "group/entity-without-leaders"),
    Check("group/entity-without-export", "advice", "steering/kpis.md",
         "group/entity-without-export"),
)}


def diagnose_group(group: Group, entities: Sequence[Entity]) -> tuple[Finding, ...]:
    """The group's findings on its valid entities, errors first, then by file and position;
    files are inside the group's folder (entities/<id>/charter.yml)."""
    findings: list[Finding] = []

    def add(code: str, where: Entity, document: DocumentKey, loc: Loc, *,
            at_key: bool = False, **params: Any) -> None:
        rule = GROUP_CHECKS[code]
        file, line, col, path = where.handbook.sources.locate(document, loc, at_key=at_key)
        file = posixpath.normpath(f"{ENTITIES}/{where.id}/{file}")
        findings.append(Finding(rule.severity, code, file, line, col, path,
                                message_of(rule, params), rule.chapter))

    current = group.settings.charter.version
    exports = any(entity.handbook.posts is not None for entity in entities)
    for entity in entities:
        settings = entity.handbook.settings
        name = settings.organisation.name
        if outdated(group, entity):
            add("group/outdated-charter", entity, "charter", ("group_version",),
                entity=name, version=entity.group_version, current=current)
        if settings.programme.tracks.leaders is None:
            add("group/entity-without-leaders", entity, "handbook", ("programme", "tracks"),
                at_key=True, entity=name)
        # Only once some entity has an export: before that, the group has no figures at all.
        if exports and entity.handbook.posts is None:
            add("group/entity-without-export", entity, "handbook", ("kpis",), at_key=True,
                entity=name)
    return tuple(sorted(findings, key=Finding.sort_key))


def check_group(folder: Path, display: str, strict: bool) -> GroupCheckResult:
    """`handbook check` on a group: group.yml and the shared files, then every entity (an
    entity with errors in its files gets no programme diagnostic; the others do), then the
    group's findings on the valid entities."""
    try:
        group = load_group(folder, display)
    except InputError as exc:
        return GroupCheckResult(CheckResult(display, tuple(exc.diagnostics), (), strict), ())
    entities: list[Entity] = []
    results: list[tuple[str, CheckResult]] = []
    for entity_id in group.settings.entities:
        entity_display = group.entity_display(entity_id)
        try:
            entity = load_entity(group, entity_id)
        except InputError as exc:
            result = CheckResult(entity_display, tuple(exc.diagnostics), (), strict)
        else:
            entities.append(entity)
            result = CheckResult(entity_display, entity.warnings, diagnose(entity.handbook),
                                 strict)
        results.append((entity_id, result))
    own = CheckResult(display, group.warnings, diagnose_group(group, entities), strict)
    return GroupCheckResult(own, tuple(results))
