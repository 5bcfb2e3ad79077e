"""Stage 7, write: one language's rendered pages as a plain Material for MkDocs project.

The project is a docs tree plus an mkdocs.yml that INHERITs the repository's base mkdocs.yml.
It uses no third-party plugin, so MkDocs, or a successor such as Zensical, can build it alone.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .plan import SitePlan
from .render import labels
from .resources import BASE_CONFIG, THEME_DIR
from .schema import Handbook
from .text import LANGUAGE_NAMES


def write_project(plan: SitePlan, pages: dict[str, str], handbook: Handbook,
                  project: Path) -> Path:
    """Write the project into `project` (created); return its mkdocs.yml."""
    docs = project / "docs"
    for path, text in sorted(pages.items()):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    for source, destination in plan.assets:
        target = docs / destination
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (docs / "assets").mkdir(exist_ok=True)
    (docs / "assets" / "brand.css").write_text(brand_css(handbook), encoding="utf-8",
                                               newline="\n")
    config_file = project / "mkdocs.yml"
    # JSON is valid YAML and leaves no doubt about quoting.
    config_file.write_text(json.dumps(mkdocs_config(plan, handbook), ensure_ascii=False,
                                      indent=2) + "\n", encoding="utf-8", newline="\n")
    return config_file


def mkdocs_config(plan: SitePlan, handbook: Handbook) -> dict[str, Any]:
    settings = handbook.settings
    organisation = settings.organisation
    words = labels(plan.lang)
    theme: dict[str, Any] = {"language": plan.lang, "custom_dir": str(THEME_DIR)}
    for key in ("logo", "favicon"):
        relative = getattr(settings.branding, key)
        if relative is not None:
            theme[key] = f"assets/{Path(relative).name}"
    config: dict[str, Any] = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": organisation.name,
        "docs_dir": "docs",
        "theme": theme,
        "plugins": {"search": {"lang": [plan.lang]}},
        "extra_css": ["assets/brand.css"],
        "copyright": f"{organisation.name} · {words['handbook']}",
        "nav": [
            {words["nav"][section]: list(paths) if len(paths) > 1 else paths[0]}
            for section, paths in plan.nav
        ],
        "extra": {
            "generator": False,
            "alternate": _alternates(plan, settings.languages),
        },
    }
    if organisation.site_url:
        config["site_url"] = organisation.site_url.rstrip("/") + "/" + plan.prefix
    if handbook.charter.status == "draft":
        # theme/main.html shows it as a banner on every page.
        config["extra"]["charter_draft"] = words["charter"]["draft_banner"]
    if plan.not_in_nav:
        config["not_in_nav"] = "\n".join(plan.not_in_nav)
    return config


def _alternates(plan: SitePlan, languages: list[str]) -> list[dict[str, str]]:
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
    branding = handbook.settings.branding
    primary, accent = branding.primary.lower(), branding.accent.lower()
    on_primary = _readable_on(primary)
    return (
        "/* Generated from branding in handbook.yml. */\n"
        ":root, [data-md-color-scheme=\"default\"] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {_mix(primary, '#ffffff', 0.25)};\n"
        f"  --md-primary-fg-color--dark: {_mix(primary, '#000000', 0.25)};\n"
        f"  --md-primary-bg-color: {on_primary};\n"
        f"  --md-primary-bg-color--light: {on_primary}b3;\n"
        f"  --md-accent-fg-color: {accent};\n"
        f"  --md-accent-fg-color--transparent: {accent}1a;\n"
        f"  --md-typeset-a-color: {primary};\n"
        "}\n"
    )


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _mix(colour: str, other: str, share: float) -> str:
    mixed = (round(a + (b - a) * share) for a, b in zip(_rgb(colour), _rgb(other)))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an #rrggbb colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _readable_on(background: str) -> str:
    # White or near-black text, whichever contrasts more with the background.
    luminance = relative_luminance(background)
    return "#ffffff" if (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) else "#000000"
