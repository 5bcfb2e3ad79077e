"""What publishing on Microsoft 365 asks of handbook.yml beyond its schema.

Azure Static Web Apps serves a site over https at the root of its address, and Teams opens only
https pages: with `publishing.microsoft_365`, `organisation.site_url` must be such an address.
The problems are returned as (key path, message); validate.py places them in the file.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..schema import HandbookFile

Loc = tuple[str | int, ...]


def microsoft_365_problems(settings: HandbookFile) -> list[tuple[Loc, str, bool]]:
    """(key path, message, whether to point at the key) for each problem; [] when fine."""
    if settings.publishing.microsoft_365 is None:
        return []
    site_url = settings.organisation.site_url
    if site_url is None:
        return [(("organisation",), "publishing.microsoft_365 needs the handbook's address: add "
                 "'site_url: https://...' under 'organisation', the address of the Static Web "
                 "App (Teams opens the handbook's pages there)", True)]
    parts = urlsplit(site_url)
    if parts.scheme != "https":
        return [(("organisation", "site_url"), f"'{site_url}' must start with https:// when "
                 "publishing.microsoft_365 is set: Azure Static Web Apps and Teams serve pages "
                 "over https only", False)]
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        root = f"https://{parts.netloc}/"
        return [(("organisation", "site_url"), f"'{site_url}' has a path, but Azure Static Web "
                 f"Apps serves a site at the root of its address: write '{root}'", False)]
    return []


def site_root(settings: HandbookFile) -> str:
    """The site's https address, ending with '/' (valid settings with microsoft_365 only)."""
    parts = urlsplit(settings.organisation.site_url or "")
    return f"https://{parts.netloc}/"
