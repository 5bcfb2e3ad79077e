"""Stage 7, write: one language's rendered pages as a plain Material for MkDocs project.

The project is a docs tree plus an mkdocs.yml that INHERITs the repository's base mkdocs.yml.
It uses no third-party plugin, so MkDocs, or a successor such as Zensical, can build it alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.colour import mix, readable_on
from ..core.resources import BASE_CONFIG, THEME_DIR
from ..core.text import LANGUAGE_NAMES
from ..inputs.labels import labels
from ..model.handbook import Handbook
from ..model.settings import Branding
from . import escape
from .plan import SitePlan

# Every generated project's configuration, at its root.
CONFIG_FILE = "mkdocs.yml"


def write_project(plan: SitePlan, pages: dict[str, str], handbook: Handbook,
                  project: Path) -> Path:
    """Write the project into `project` (created); return its mkdocs.yml."""
    write_files(project, project_files(plan, pages, handbook))
    return project / CONFIG_FILE


def project_files(plan: SitePlan, pages: dict[str, str],
                  handbook: Handbook) -> dict[str, bytes]:
    """The project's files: {path inside the project, with /: bytes}. The live preview
    compares them with the last ones in memory (see build/preview.py)."""
    files = {CONFIG_FILE: config_bytes(mkdocs_config(plan, handbook))}
    files.update(docs_files(plan, pages, brand_css(handbook)))
    return files



def write_config(config: dict[str, Any], project: Path) -> Path:
    """A project's mkdocs.yml; returns its path."""
    write_files(project, {CONFIG_FILE: config_bytes(config)})
    return project / CONFIG_FILE


def config_bytes(config: dict[str, Any]) -> bytes:
    # JSON is valid YAML and leaves no doubt about quoting.
    return (json.dumps(config, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_docs(plan: SitePlan, pages: dict[str, str], css: str, project: Path) -> None:
    """The docs folder of a project: its pages, its assets and its colours (assets/brand.css)."""
    write_files(project, docs_files(plan, pages, css))


def docs_files(plan: SitePlan, pages: dict[str, str], css: str) -> dict[str, bytes]:
    """What write_docs writes: {path inside the project: bytes}."""
    files = {f"docs/{path}": text.encode("utf-8") for path, text in sorted(pages.items())}
    for source, destination in plan.assets:
        files[f"docs/{destination}"] = source.read_bytes()
    files["docs/assets/brand.css"] = css.encode("utf-8")
    return files


def write_files(project: Path, files: dict[str, bytes]) -> None:
    """`files` ({path inside `project`, with /: bytes}) into `project`, folders created."""
    for relative, data in files.items():
        target = project / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def theme_config(lang: str, branding: Branding) -> dict[str, Any]:
    """The generated project's theme: language, our overrides, the organisation's logo and
    icon (copied into docs/assets/ by the plan)."""
    theme: dict[str, Any] = {"language": lang, "custom_dir": str(THEME_DIR)}
    for key in ("logo", "favicon"):
        relative = getattr(branding, key)
        if relative is not None:
            theme[key] = f"assets/{Path(relative).name}"
    return theme


def mkdocs_config(plan: SitePlan, handbook: Handbook) -> dict[str, Any]:
    """An organisation's handbook, one language."""
    settings = handbook.settings
    organisation = settings.organisation
    words = labels(plan.lang)
    # theme/main.html puts the contacts page in the header of every page.
    extra: dict[str, Any] = {"contacts": {"page": "contacts.html",
                                          "label": words["hub"]["contacts_link"]},
                             "breadcrumbs": words["hub"]["breadcrumbs"]}
    if handbook.charter.status == "draft":
        # theme/main.html shows it as a banner on every page.
        extra["charter_draft"] = words["charter"]["draft_banner"]
    if settings.publishing.microsoft_365 is not None:
        # theme/main.html then loads assets/javascripts/teams.js (see generator/publish/).
        extra["microsoft_365"] = True
    return site_config(plan, name=organisation.name, site_url=organisation.site_url,
                       copyright=f"{organisation.name} · {words['handbook']}",
                       branding=settings.branding, languages=settings.languages,
                       nav_words=words["nav"], extra=extra)


def site_config(plan: SitePlan, *, name: str, site_url: str | None, copyright: str,
                branding: Branding, languages: list[str], nav_words: dict[str, str],
                extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The MkDocs configuration of one language of a site this tool generates: a handbook or
    a group's portal. It INHERITs the base mkdocs.yml and uses no plugin but search.

    `name`, `copyright` and `site_url` are the input's text: escaped here (see escape.py), the
    one place they enter MkDocs' configuration."""
    config: dict[str, Any] = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": escape.html_text(name),
        "docs_dir": "docs",
        "theme": theme_config(plan.lang, branding),
        "plugins": {"search": {"lang": [plan.lang]}},
        "extra_css": ["assets/brand.css"],
        "copyright": escape.html_text(copyright),
        "nav": [
            {nav_words[section]: list(paths) if len(paths) > 1 else paths[0]}
            for section, paths in plan.nav
        ],
        "extra": {
            "generator": False,
            "alternate": alternates(plan, languages),
        },
    }
    if site_url:
        config["site_url"] = escape.config_url(site_url.rstrip("/") + "/" + plan.prefix)
    # Extra values are printed by our own templates, which escape them (`| e`).
    config["extra"].update(extra or {})
    if plan.not_in_nav:
        config["not_in_nav"] = "\n".join(plan.not_in_nav)
    return config


def alternates(plan: SitePlan, languages: list[str]) -> list[dict[str, str]]:
    """Entries of the language switcher (theme/partials/alternate.html): each `link` is the
    path from this language's root to the other language's root."""
    if len(languages) < 2:
        return []
    up = "" if plan.prefix == "" else "../"  # every other language sits one level down
    return [
        {"name": LANGUAGE_NAMES[lang], "lang": lang,
         "link": "" if lang == plan.lang else f"{up}{'' if index == 0 else lang + '/'}"}
        for index, lang in enumerate(languages)
    ]


def brand_css(handbook: Handbook) -> str:
    """The organisation's colours as the CSS variables Material's custom palette reads."""
    return palette_css(handbook.settings.branding, "handbook.yml")


def palette_css(branding: Branding, written_in: str) -> str:
    """Colours as the CSS variables Material's custom palette and our components read.

    The brand colours are kept exactly for surfaces where they are decoration (header band,
    borders, chart fills); text and links use each colour's readable shade (`text_colour`),
    and text on a brand surface is black or white, whichever contrasts more."""
    primary, accent = branding.primary.lower(), branding.accent.lower()
    primary_text, accent_text = branding.text_colour("primary"), branding.text_colour("accent")
    on_primary = readable_on(primary)
    return (
        f"/* Generated from branding in {written_in}. */\n"
        ":root, [data-md-color-scheme=\"default\"] {\n"
        f"  --hb-primary: {primary};\n"
        f"  --hb-primary-text: {primary_text};\n"
        f"  --hb-on-primary: {on_primary};\n"
        f"  --hb-primary-tint: {mix(primary, '#ffffff', 0.92)};\n"
        f"  --hb-accent: {accent};\n"
        f"  --hb-accent-text: {accent_text};\n"
        f"  --hb-on-accent: {readable_on(accent)};\n"
        f"  --hb-accent-tint: {mix(accent, '#ffffff', 0.88)};\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {mix(primary, '#ffffff', 0.25)};\n"
        f"  --md-primary-fg-color--dark: {mix(primary, '#000000', 0.25)};\n"
        f"  --md-primary-bg-color: {on_primary};\n"
        f"  --md-primary-bg-color--light: {on_primary}b3;\n"
        # Material writes text in the accent (links under the pointer, search highlights)
        # and fills buttons with it under the pointer: its readable shade serves both.
        f"  --md-accent-fg-color: {accent_text};\n"
        f"  --md-accent-fg-color--transparent: {accent_text}1a;\n"
        f"  --md-accent-bg-color: {readable_on(accent_text)};\n"
        f"  --md-typeset-a-color: {primary_text};\n"
        "}\n"
    )
