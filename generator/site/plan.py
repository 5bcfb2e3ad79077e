"""Stage 5, plan: a pure function from the model to what each language's site contains.

No file is read or written here: the plan lists pages (path, template, page context), the
navigation and the assets to copy; the render and write stages carry it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from ..charter.diff import version_steps
from ..diagnose.check import diagnose
from ..metrics.kpi import dashboard
from ..model.handbook import Handbook
from ..model.timeline import programme_timeline
from ..model.training import AgendaItem, Kit, Module
from ..model.vocab import CHARTER_SECTIONS, Format, Persona, Pillar, TrackId
from .can_post import questions

# Playbook chapters, in navigation order: (section label key, chapter paths). The sections are
# the site's top-level navigation, grouped by audience and by task: at most seven, so that a
# reader sees them all at once (tabs on a desktop, the menu on a phone).
CHAPTERS = (
    ("discover", ("discover/why.md", "discover/pillars.md", "discover/forms.md",
                  "discover/principles.md", "faq.md", "glossary.md", "about.md")),
    ("ambassadors", ("employees/index.md", "experts/index.md", "leaders/index.md")),
    ("charter", ()),
    ("training", ()),
    ("steering", ("steering/decision-matrix.md", "steering/roadmap.md",
                  "steering/governance.md", "steering/kpis.md", "steering/pitfalls.md")),
    ("contacts", ()),
)

# Each audience of the home page and the page it starts from.
AUDIENCES = (
    ("employee", "employees/index.md"),
    ("expert", "experts/index.md"),
    ("leader", "leaders/index.md"),
    ("trainer", "training/index.md"),
    ("steering", "steering/index.md"),
)

# The kits the navigation lists one by one. A kit's page expands its navigation section, so
# every kit listed there is on every kit's page: past a few dozen, pages would grow with the
# number of kits (1,000 kits: 1,000 links on each of 1,000 pages). Beyond this, the navigation
# keeps the kits index, which lists and filters them all.
NAV_KITS_LIMIT = 30

# The charter's printables, from the root of each language's site (see printables/charter.py).
CHARTER_PDFS = {
    "glance": "printables/charter-glance.pdf",
    "full": "printables/charter-full.pdf",
    "acknowledgement": "printables/charter-acknowledgement.pdf",
}


@dataclass(frozen=True)
class Page:
    path: str  # inside the docs folder; also the page's address
    template: str  # a chapter of content/<lang>/ or a page template of generator/templates/
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SitePlan:
    lang: str
    prefix: str  # where this language's site lives in the output: "" or "en/"
    pages: tuple[Page, ...]
    nav: tuple[tuple[str, tuple[str, ...]], ...]  # (section label key, page paths)
    assets: tuple[tuple[Path, str], ...]  # (source file, path inside docs/)
    # Pages deliberately left out of the navigation, as MkDocs `not_in_nav` patterns.
    not_in_nav: tuple[str, ...] = ()


def plan_site(handbook: Handbook, findings: tuple | None = None) -> tuple[SitePlan, ...]:
    """Every language's pages and navigation. `findings`: the programme diagnostic, when the
    caller already has it (the build times the check stage on its own)."""
    settings = handbook.settings
    assets = tuple(
        (handbook.folder / relative, f"assets/{Path(relative).name}")
        for relative in (settings.branding.logo, settings.branding.favicon)
        if relative is not None
    )
    data_pages = [
        Page("index.md", "pages/home.md", {
            "audiences": AUDIENCES, "pdfs": CHARTER_PDFS,
            "logo": f"assets/{Path(settings.branding.logo).name}"
            if settings.branding.logo else None}),
        # The sections' own pages (navigation.indexes): where a reader lands from a tab.
        Page("ambassadors/index.md", "pages/ambassadors.md", {"audiences": AUDIENCES[:3]}),
        Page("steering/index.md", "pages/steering.md"),
        Page("charter.md", "pages/charter.md", {"pdfs": CHARTER_PDFS}),
        Page("charter-changes.md", "pages/charter-changes.md", {
            "steps": version_steps(handbook.charter, handbook.history),
            "current_rule_ids": frozenset(rule.id for section in CHARTER_SECTIONS
                                          for rule in getattr(handbook.charter, section)),
        }),
        Page("can-i-post.md", "pages/can-post.md", {"groups": questions(handbook.charter)}),
        Page("contacts.md", "pages/contacts.md"),
        Page("training/index.md", "pages/modules.md"),
        Page("kits/index.md", "pages/kits.md", {"kit_facets": kit_facets(handbook.kits)}),
    ]
    data_pages += [Page(f"kits/{kit_id}.md", "pages/kit.md", {"kit_id": kit_id, "kit": kit})
                   for kit_id, kit in handbook.kits]
    data_pages += [Page(f"training/{module_id}.md", "pages/module.md",
                        {"module_id": module_id, "module": module})
                   for module_id, module in handbook.modules]
    data_pages.append(Page("steering/diagnostic.md", "pages/diagnostic.md",
                           {"findings": diagnose(handbook) if findings is None
                            else findings}))
    if handbook.posts is not None:
        # Only with an export: without one, a dashboard would be empty figures for readers;
        # editors learn how to add one from the input reference and `handbook kpi`.
        data_pages.append(Page("steering/dashboard.md", "pages/dashboard.md", {
            "dashboard": dashboard(handbook.posts, settings.kpis.targets,
                                   programme_timeline(settings, handbook.charter).launch),
        }))
        # Every figure, linked from the dashboard: kept out of the navigation.
        data_pages.append(Page("steering/dashboard-details.md", "pages/dashboard-details.md",
                               data_pages[-1].context))
    chapter_pages = [Page(path, path) for _, paths in CHAPTERS for path in paths]

    nav: list[tuple[str, tuple[str, ...]]] = [("home", ("index.md",))]
    for section, paths in CHAPTERS:
        if section == "ambassadors":
            paths = ("ambassadors/index.md", *paths)
        elif section == "charter":
            paths = ("charter.md", "can-i-post.md", "charter-changes.md")
        elif section == "training":
            paths = ("training/index.md",
                     *(f"training/{module_id}.md" for module_id, _ in handbook.modules),
                     "kits/index.md", *(f"kits/{kit_id}.md" for kit_id, _ in handbook.kits
                                        if len(handbook.kits) <= NAV_KITS_LIMIT))
        elif section == "steering":
            paths = ("steering/index.md", *paths, "steering/diagnostic.md")
            if handbook.posts is not None:  # the dashboard follows the chapter on KPIs
                after = paths.index("steering/kpis.md") + 1
                paths = (*paths[:after], "steering/dashboard.md", *paths[after:])
        elif section == "contacts":
            paths = ("contacts.md",)
        nav.append((section, paths))

    pages = tuple(data_pages + chapter_pages)
    languages = settings.languages
    return tuple(
        SitePlan(lang=lang, prefix="" if index == 0 else f"{lang}/", pages=pages,
                 nav=tuple(nav), assets=assets,
                 not_in_nav=(("/steering/dashboard-details.md",) if handbook.posts is not None
                             else ())
                 + (() if len(handbook.kits) <= NAV_KITS_LIMIT
                    else ("/kits/*.md", "!/kits/index.md")))
        for index, lang in enumerate(languages)
    )


# --- training: agenda times, kit facets, the printables of each language ---------------------

@dataclass(frozen=True)
class Slot:
    """A sequence of a module's agenda, with its clock times counted from the session's start."""

    start: str  # "0:20"
    end: str
    item: AgendaItem


def timed_agenda(module: Module) -> tuple[Slot, ...]:
    def clock(minutes: int) -> str:
        return f"{minutes // 60}:{minutes % 60:02d}"

    slots, elapsed = [], 0
    for item in module.agenda:
        slots.append(Slot(clock(elapsed), clock(elapsed + item.minutes), item))
        elapsed += item.minutes
    return tuple(slots)


# What the kits index filters on: each facet is also the label kind of its values.
KIT_FACETS = {"track": TrackId, "persona": Persona, "pillar": Pillar, "format": Format}


def kit_facet_values(kit: Kit, facet: str) -> tuple[str, ...]:
    return tuple(kit.personas) if facet == "persona" else (getattr(kit, facet),)


def kit_facets(kits: tuple[tuple[str, Kit], ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each facet with the values some kit has, in the schema's order: a filter never offers
    a choice that lists nothing."""
    return tuple(
        (facet, tuple(value for value in get_args(values)
                      if any(value in kit_facet_values(kit, facet) for _, kit in kits)))
        for facet, values in KIT_FACETS.items()
    )


@dataclass(frozen=True)
class Printable:
    """A file trainers print or download, inside one language's site."""

    path: str  # from the language's root, e.g. printables/effective-post-bundle-fr.zip
    # card_sheets (A4, four cards a sheet, per kit) | idea_cards (A6 with bleed, per kit) |
    # facilitator_guide | participant_handout (A4) | slides (16:9) | bundle (zip, per module)
    kind: str
    subject: str  # the kit's or the module's id
    members: tuple[str, ...] = ()  # a bundle's files, paths inside the site, in zip order


def printable_path(kind: str, subject: str, lang: str) -> str:
    # The language is in the name too: a trainer who downloads both versions keeps both.
    extension = "zip" if kind == "bundle" else "pdf"
    return f"printables/{subject}-{kind.replace('_', '-')}-{lang}.{extension}"


# What each module's bundle holds besides the idea cards of its kits, in zip order; the
# bundle adds a README.txt that lists them and says how to print them.
MODULE_DOCUMENTS = ("facilitator_guide", "participant_handout", "slides")


def plan_printables(handbook: Handbook, lang: str) -> tuple[Printable, ...]:
    """Every printable of one language, each bundle after the files it holds."""
    printables = [Printable(printable_path(kind, kit_id, lang), kind, kit_id)
                  for kit_id, _ in handbook.kits for kind in ("card_sheets", "idea_cards")]
    for module_id, module in handbook.modules:
        documents = [Printable(printable_path(kind, module_id, lang), kind, module_id)
                     for kind in MODULE_DOCUMENTS]
        # dict.fromkeys: a kit listed twice is bundled once.
        sheets = dict.fromkeys(printable_path("card_sheets", kit_id, lang)
                               for kit_id in module.kits)
        printables += documents
        printables.append(Printable(printable_path("bundle", module_id, lang), "bundle",
                                    module_id, (*(d.path for d in documents),
                                                CHARTER_PDFS["glance"], *sheets)))
    return tuple(printables)
