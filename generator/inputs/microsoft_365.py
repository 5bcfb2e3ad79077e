"""What publishing on Microsoft 365 asks of handbook.yml beyond its schema.

Azure Static Web Apps serves a site over https at the root of its address, and Teams opens only
https pages: with `publishing.microsoft_365`, `organisation.site_url` must be such an address.
Its logo should also give Teams a legible outline icon (a warning otherwise). The problems are
returned with their key path; cross_check.py places them in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import Severity
from ..core.icons import outline_problem
from ..model.settings import HandbookFile

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    loc: Loc
    message: str
    at_key: bool = False  # point at the key (to add something under it), not at its value
    severity: Severity = "error"


def microsoft_365_problems(settings: HandbookFile, folder: Path) -> list[Problem]:
    """The problems of the settings in `folder` for Microsoft 365; [] when fine."""
    if settings.publishing.microsoft_365 is None:
        return []
    return _address_problems(settings) + _logo_problems(settings, folder)


def _logo_problems(settings: HandbookFile, folder: Path) -> list[Problem]:
    """A warning when the logo cannot give Teams' outline icon (the initial is used)."""
    logo = settings.branding.logo
    if logo is None or not (folder / logo).is_file():  # validate.py reports a missing file
        return []
    problem = outline_problem(folder / logo)
    return [Problem(("branding", "logo"), problem, severity="warning")] if problem else []


def _address_problems(settings: HandbookFile) -> list[Problem]:
    site_url = settings.organisation.site_url
    if site_url is None:
        return [Problem(("organisation",), "publishing.microsoft_365 needs the handbook's "
                        "address: add 'site_url: https://...' under 'organisation', the address "
                        "of the Static Web App (Teams opens the handbook's pages there)",
                        at_key=True)]
    parts = urlsplit(site_url)
    if parts.scheme != "https":
        return [Problem(("organisation", "site_url"), f"'{site_url}' must start with https:// "
                        "when publishing.microsoft_365 is set: Azure Static Web Apps and Teams "
                        "serve pages over https only")]
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        root = f"https://{parts.netloc}/"
        return [Problem(("organisation", "site_url"), f"'{site_url}' has a path, but Azure "
                        "Static Web Apps serves a site at the root of its address: write "
                        f"'{root}'")]
    return []


def site_root(settings: HandbookFile) -> str:
    """The site's https address, ending with '/' (valid settings with microsoft_365 only)."""
    parts = urlsplit(settings.organisation.site_url or "")
    return f"https://{parts.netloc}/"
