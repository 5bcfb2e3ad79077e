"""The group's portal: a small Material site at the root of a group's output.

In the group's languages (the first at the root, the other under /en/ or /fr/), each with its
own search, it lists the entities, the tracks each one launched and the charter each one
uses, linking to each entity's handbook (at /<entity id>/, in the portal's language when the
entity has it); it shows the shared charter rules, and, when entities provide exports of
posts, their indicators side by side with the group's totals, computed from all the rows.

Like the handbook's stages: a pure plan (plan_portal), rendered by site/render.py's environment,
written as a plain Material project that inherits the base mkdocs.yml, built by MkDocs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..core.text import LANGUAGE_NAMES
from ..inputs.group import Entity, Group, outdated
from ..metrics.kpi import Figures, combine, whole_export
from ..model.group import GroupInfo, SharedCharter
from ..model.posts import Posts
from ..model.vocab import CHARTER_SECTIONS
from .plan import Page, SitePlan


@dataclass(frozen=True)
class EntityRow:
    """An entity as one language of the portal lists it."""

    id: str
    name: str
    href: Markup  # from the portal page to the entity's handbook, in this language if it has it
    launched: tuple[str, ...]
    priority: str
    maturity: str
    languages: tuple[str, ...]
    charter_version: str
    charter_status: str
    group_version: str
    outdated: bool


@dataclass(frozen=True)
class Column:
    """One column of the indicators: an entity's export, or all of them together."""

    name: str
    posts: Posts
    figures: Figures


@dataclass(frozen=True)
class GroupIndicators:
    entities: tuple[Column, ...]
    total: Column  # computed from every entity's rows together, never from their figures
    without_export: tuple[str, ...]  # the names of the entities left out


def group_indicators(group: Group, entities: Sequence[Entity]) -> GroupIndicators | None:
    """The indicators of the entities that provide an export, over their whole exports, and
    the group's; None when no entity provides one."""
    exports = {entity.id: entity for entity in entities if entity.handbook.posts is not None}
    if not exports:
        return None
    columns = tuple(Column(_name(entity), entity.handbook.posts,
                           whole_export(entity.handbook.posts)) for entity in exports.values())
    combined = combine({entity_id: entity.handbook.posts for entity_id, entity in exports.items()},
                       group.display)
    return GroupIndicators(columns, Column(group.settings.group.name, combined,
                                           whole_export(combined)),
                           tuple(_name(entity) for entity in entities
                                 if entity.id not in exports))


def plan_portal(group: Group, entities: Sequence[Entity]) -> tuple[SitePlan, ...]:
    """The portal's pages per language: pure, like plan.plan_site."""
    settings = group.settings
    branding = settings.branding
    assets = tuple((group.folder / relative, f"assets/{Path(relative).name}")
                   for relative in (branding.logo, branding.favicon) if relative is not None)
    with_indicators = any(entity.handbook.posts is not None for entity in entities)
    nav = (("home", ("index.md",)),)
    if with_indicators:
        nav += (("indicators", ("indicators.md",)),)
    plans = []
    for index, lang in enumerate(settings.languages):
        prefix = "" if index == 0 else f"{lang}/"
        pages = [Page("index.md", "pages/portal.md", {
            "entities": tuple(_row(group, entity, lang, prefix) for entity in entities),
            "with_indicators": with_indicators,
        })]
        if with_indicators:
            pages.append(Page("indicators.md", "pages/portal-indicators.md"))
        plans.append(SitePlan(lang, prefix, tuple(pages), nav, assets))
    return tuple(plans)


@dataclass(frozen=True)
class PortalFacts:
    """What every page of the portal may use, computed once (as model.facts.Facts for an
    organisation's handbook)."""

    group: GroupInfo
    shared: SharedCharter
    sections: tuple[str, ...]
    left_out: Mapping[str, tuple[str, ...]]  # a shared rule's id: the entities leaving it out
    indicators: GroupIndicators | None
    language_names: Mapping[str, str]

    def names(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def portal_facts(group: Group, entities: Sequence[Entity]) -> PortalFacts:
    settings = group.settings
    left_out: dict[str, tuple[str, ...]] = {}
    for entity in entities:
        for rule_id in entity.dropped_rules:
            left_out[rule_id] = left_out.get(rule_id, ()) + (_name(entity),)
    return PortalFacts(group=settings.group, shared=settings.charter, sections=CHARTER_SECTIONS,
                       left_out=left_out, indicators=group_indicators(group, entities),
                       language_names=LANGUAGE_NAMES)


def _row(group: Group, entity: Entity, lang: str, prefix: str) -> EntityRow:
    settings = entity.handbook.settings
    languages = tuple(settings.languages)
    # The entity's default language is at its root, each other one under <lang>/.
    inside = f"{lang}/" if lang in languages[1:] else ""
    up = "../" * prefix.count("/")
    return EntityRow(
        id=entity.id, name=_name(entity),
        href=Markup(f"{up}{entity.id}/{inside}index.html"),  # ids are [a-z0-9-]: nothing to escape
        launched=settings.programme.tracks.launched(),
        priority=settings.programme.priority, maturity=settings.programme.maturity,
        languages=languages, charter_version=entity.handbook.charter.version,
        charter_status=entity.handbook.charter.status, group_version=entity.group_version,
        outdated=outdated(group, entity))


def _name(entity: Entity) -> str:
    return entity.handbook.settings.organisation.name
