"""The Teams app package: a zip of manifest.json, the localization files and two icons.

The manifest follows Microsoft's Teams app manifest schema, version MANIFEST_VERSION. Its text
is in the handbook's first language; each later language gets a localization file. Static tabs
open the handbook's pages at the https `organisation.site_url` (validated with microsoft_365).
The same folder gives the same bytes: fixed member order and zip dates (archive.py), PNGs
without dates, an app id derived from the organisation unless handbook.yml gives one.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..core.archive import reproducible_zip
from ..core.builddate import build_moment
from ..core.errors import Diagnostic, InputError
from ..core.icons import colour_icon, outline_icon
from ..diagnose.check import diagnose
from ..inputs.labels import labels
from ..inputs.microsoft_365 import site_root
from ..model.handbook import Handbook
from ..site.plan import plan_site

MANIFEST_VERSION = "1.25"
SCHEMA_URL = ("https://developer.microsoft.com/json-schemas/teams/v1.25/"
              "MicrosoftTeams.schema.json")
LOCALIZATION_SCHEMA_URL = ("https://developer.microsoft.com/json-schemas/teams/v1.25/"
                           "MicrosoftTeams.Localization.schema.json")
# The namespace of the app ids derived from an organisation's name (uuid5): never change it,
# or every organisation's app would become a new app in Teams.
APP_ID_NAMESPACE = uuid.UUID("6f1d7f3e-2b0a-5c8e-9a41-3d5b2c7e8f10")
LANGUAGE_TAGS = {"fr": "fr-fr", "en": "en-us"}
# The tabs: (entity id, page inside the default language's site, label key).
TABS = (("home", "index.html", "home"), ("charter", "charter.html", "charter"))
# The "Can I post this?" page, where a handbook has one: its tab comes third.
CAN_I_POST = ("can-i-post", "can-i-post.html", "can_i_post")
NAME_LIMITS = {"name.short": 30, "name.full": 100, "description.short": 80,
               "description.full": 4000}


def app_id(handbook: Handbook) -> str:
    """handbook.yml's teams_app_id, or one derived from the organisation's name."""
    settings = handbook.settings
    given = settings.publishing.microsoft_365.teams_app_id
    if given is not None:
        return given.lower()
    return str(uuid.uuid5(APP_ID_NAMESPACE, settings.organisation.name))


def app_version(handbook: Handbook) -> str:
    """The charter's version as semver ("1.2" gives "1.2.0"): a new charter, a new app
    version, which Teams needs to offer the update."""
    parts = [str(int(part)) for part in handbook.charter.version.split(".")][:3]
    return ".".join(parts + ["0"] * (3 - len(parts)))


def _texts(handbook: Handbook, lang: str, tabs: list[tuple[str, str, str]]) -> dict[str, str]:
    """The manifest's translatable strings in `lang`, by localization key."""
    organisation = handbook.settings.organisation
    words = labels(lang)["teams"]
    texts = {
        "name.short": organisation.short_name or organisation.name,
        "name.full": words["full_name"].format(name=organisation.name),
        "description.short": words["short_description"],
        "description.full": words["full_description"].format(name=organisation.name),
    }
    for index, (_, _, key) in enumerate(tabs):
        texts[f"staticTabs[{index}].name"] = words["tabs"][key]
    return texts


def _check_lengths(handbook: Handbook, texts: dict[str, str]) -> None:
    """Teams refuses a name or description over its limit: say which key to shorten."""
    for key, limit in NAME_LIMITS.items():
        if len(texts[key]) <= limit:
            continue
        field = "short_name" if handbook.settings.organisation.short_name else "name"
        loc = ("organisation", field)
        file, line, col = "handbook.yml", 1, 1
        if handbook.sources is not None:
            file, line, col, _ = handbook.sources.locate("handbook", loc)
            file = str(Path(handbook.sources.display) / file)
        raise InputError([Diagnostic(
            file, line, col, "error", f"organisation.{field}",
            f"Teams shows at most {limit} characters in the app's {key.replace('.', ' ')}, "
            f"and '{texts[key]}' has {len(texts[key])}: "
            + ("give a shorter 'short_name'" if key == "name.short"
               else "give a shorter 'name'"))])


def manifest(handbook: Handbook, can_i_post: bool) -> tuple[dict[str, Any],
                                                           dict[str, dict[str, Any]]]:
    """The manifest and the localization files (by file name) of the handbook's app."""
    settings = handbook.settings
    root = site_root(settings)
    tabs = [*TABS, CAN_I_POST] if can_i_post else list(TABS)
    languages = settings.languages
    texts = {lang: _texts(handbook, lang, tabs) for lang in languages}
    for lang in languages:
        _check_lengths(handbook, texts[lang])
    first = texts[languages[0]]
    localization: dict[str, dict[str, Any]] = {
        f"{lang}.json": {"$schema": LOCALIZATION_SCHEMA_URL, **texts[lang]}
        for lang in languages[1:]
    }
    data = {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": app_version(handbook),
        "id": app_id(handbook),
        "localizationInfo": {
            "defaultLanguageTag": LANGUAGE_TAGS[languages[0]],
            "additionalLanguages": [{"languageTag": LANGUAGE_TAGS[lang], "file": f"{lang}.json"}
                                    for lang in languages[1:]],
        },
        "developer": {
            "name": settings.organisation.name[:32],
            "websiteUrl": root,
            "privacyUrl": root + "about.html",
            "termsOfUseUrl": root + "charter.html",
        },
        "name": {"short": first["name.short"], "full": first["name.full"]},
        "description": {"short": first["description.short"],
                        "full": first["description.full"]},
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": settings.branding.primary.upper(),
        "staticTabs": [
            {"entityId": entity, "name": first[f"staticTabs[{index}].name"],
             "contentUrl": root + page, "websiteUrl": root + page, "scopes": ["personal"]}
            for index, (entity, page, _) in enumerate(tabs)
        ],
        "validDomains": [urlsplit(root).hostname],
    }
    return data, localization


def has_can_i_post(handbook: Handbook) -> bool:
    """Whether the handbook has a "Can I post this?" page (as the site plans it)."""
    plans = plan_site(handbook, diagnose(handbook))
    return any(page.path == CAN_I_POST[1].replace(".html", ".md") for page in plans[0].pages)


def teams_package(handbook: Handbook) -> bytes:
    """The zip Teams' admin centre or "Upload a custom app" takes."""
    if handbook.settings.publishing.microsoft_365 is None:
        raise InputError([Diagnostic(
            str(Path(handbook.sources.display if handbook.sources else ".") / "handbook.yml"),
            1, 1, "error", "publishing",
            "a Teams app needs the Microsoft 365 settings: add 'publishing:' with "
            "'microsoft_365:' and the organisation's 'tenant_id:' (see the publishing guide)")])
    data, localization = manifest(handbook, has_can_i_post(handbook))
    settings = handbook.settings
    logo = handbook.folder / settings.branding.logo if settings.branding.logo else None
    name = settings.organisation.short_name or settings.organisation.name
    members = [("manifest.json", _json(data))]
    members += [(file, _json(content)) for file, content in sorted(localization.items())]
    members += [("color.png", colour_icon(logo, _initial_source(name), settings.branding.primary)),
                ("outline.png", outline_icon(logo, _initial_source(name)))]
    # The zip's dates: the content's.
    return reproducible_zip(members, build_moment(handbook.content_date()))


def _initial_source(name: str) -> str:
    """The name from its first letter or digit: what the initial is drawn from."""
    found = re.search(r"\w", name)
    return name[found.start():] if found else name


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
