"""Building a group's portal (site.portal plans it): rendered, written, built by MkDocs."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path

from ..core.builddate import build_moment
from ..inputs.group import Entity, Group
from ..inputs.labels import labels
from ..site.finish import typeset_site
from ..site.plan import SitePlan
from ..site.portal import plan_portal, portal_facts
from ..site.project import palette_css, site_config, write_config, write_docs
from ..site.render import render_pages
from .mkdocs import run_mkdocs


def build_portal(group: Group, entities: Sequence[Entity], workdir: Path, site: Path) -> int:
    """Render, write and build the portal into `site`; return its pages per language."""
    languages = tuple(group.settings.languages)
    facts = portal_facts(group, entities).names()
    moment = build_moment(portal_date(group, entities))
    count = 0
    for plan in plan_portal(group, entities):
        pages = render_pages(plan.lang, languages, plan.pages, facts)
        config_file = write_portal_project(plan, pages, group, workdir / "portal" / plan.lang)
        built = workdir / "portal-built" / plan.lang
        run_mkdocs(config_file, built, moment)
        typeset_site(built)
        shutil.copytree(built, site / plan.prefix, dirs_exist_ok=True)
        count = len(pages)
    return count


def portal_date(group: Group, entities: Sequence[Entity]) -> dt.date:
    """The portal's build date (its sitemap's): the latest of the shared rules' dates and of
    the entities' charters, so that the same input gives the same bytes."""
    shared = group.settings.charter
    dates = [shared.adopted_on, *(entry.date for entry in shared.changelog)]
    dates += [entity.handbook.content_date() for entity in entities]
    return max(day for day in dates if day is not None)


def write_portal_project(plan: SitePlan, pages: dict[str, str], group: Group,
                         project: Path) -> Path:
    """One language of the portal as a plain Material project; return its mkdocs.yml."""
    settings = group.settings
    write_docs(plan, pages, palette_css(settings.branding, "group.yml"), project)
    words = labels(plan.lang)["portal"]
    return write_config(site_config(
        plan, name=settings.group.name, site_url=settings.group.site_url,
        copyright=f"{settings.group.name} · {words['copyright']}", branding=settings.branding,
        languages=settings.languages, nav_words=words["nav"]), project)
