"""Azure Static Web Apps: the `staticwebapp.config.json` written at the root of the built site.

Written when handbook.yml sets `publishing.microsoft_365`. The file makes the host enforce what
the nginx recipe (docs/publishing/nginx.conf) does: employees only, signed in with the
organisation's Entra ID tenant; kept out of search engines. The Entra ID application's client
ID and secret are never in the file: it names the two app settings that hold them.

The Content-Security-Policy allows only the site's own scripts, plus the inline scripts Material
writes into every page, each by its SHA-256 hash: they are read from the built pages, so the
policy matches exactly what was built.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ..model.handbook import Handbook

CONFIG_NAME = "staticwebapp.config.json"
# The app settings of the Static Web App that hold the Entra ID application's credentials.
CLIENT_ID_SETTING = "AZURE_CLIENT_ID"
CLIENT_SECRET_SETTING = "AZURE_CLIENT_SECRET"
LOGIN = "/.auth/login/aad"
LOGOUT = "/logout"
# The identity providers Static Web Apps offers besides Entra ID: each is answered 404.
OTHER_PROVIDERS = ("github", "twitter")
# Where Teams and Microsoft 365 (Outlook, the Microsoft 365 app) frame a tab; nowhere else.
FRAME_ANCESTORS = (
    "https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.skype.com",
    "https://*.cloud.microsoft", "https://*.office.com", "https://*.office365.com",
    "https://*.microsoft365.com",
)
MIME_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json",
    ".zip": "application/zip",
}
# An inline <script> without src and without a data type (JSON), as Material writes them.
_INLINE_SCRIPT = re.compile(
    rb"<script(?![^>]*\b(?:src|type)=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def tenant_issuer(tenant_id: str) -> str:
    """The OpenID issuer of the tenant: only its accounts can sign in."""
    return f"https://login.microsoftonline.com/{tenant_id.lower()}/v2.0"


def inline_script_hashes(site: Path) -> list[str]:
    """The CSP source of each distinct inline script of the site's pages, sorted."""
    hashes = set()
    for page in site.rglob("*.html"):
        for body in _INLINE_SCRIPT.findall(page.read_bytes()):
            digest = base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def content_security_policy(script_hashes: list[str]) -> str:
    """The site's CSP: nothing from outside the site, framed by Teams and Microsoft 365 only."""
    directives = (
        "default-src 'self'",
        "script-src " + " ".join(("'self'", *script_hashes)),
        # Material and the charts set style attributes; no script comes in through them.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors " + " ".join(FRAME_ANCESTORS),
    )
    return "; ".join(directives)


def static_web_app_config(handbook: Handbook, script_hashes: list[str]) -> dict[str, Any]:
    """The configuration, as JSON data (see the module's docstring)."""
    microsoft_365 = handbook.settings.publishing.microsoft_365
    assert microsoft_365 is not None  # the caller writes the file only then
    blocked = [{"route": f"/.auth/login/{provider}", "statusCode": 404}
               for provider in OTHER_PROVIDERS]
    return {
        "routes": [
            *blocked,
            {"route": LOGOUT, "redirect": "/.auth/logout"},
            # Pages and assets alike: nothing is served to an anonymous visitor.
            {"route": "/*", "allowedRoles": ["authenticated"]},
        ],
        "responseOverrides": {
            # .referrer brings the visitor back to the page they asked for.
            "401": {"statusCode": 302,
                    "redirect": f"{LOGIN}?post_login_redirect_uri=.referrer"},
            "404": {"rewrite": "/404.html"},
        },
        "auth": {
            "identityProviders": {
                "azureActiveDirectory": {
                    "registration": {
                        "openIdIssuer": tenant_issuer(microsoft_365.tenant_id),
                        "clientIdSettingName": CLIENT_ID_SETTING,
                        "clientSecretSettingName": CLIENT_SECRET_SETTING,
                    },
                },
            },
        },
        "globalHeaders": {
            "X-Robots-Tag": "noindex, nofollow",
            "Content-Security-Policy": content_security_policy(script_hashes),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
        },
        "mimeTypes": MIME_TYPES,
    }


def write_static_web_app_config(handbook: Handbook, site: Path) -> Path | None:
    """Write the configuration at the root of the built `site` when handbook.yml asks for
    Microsoft 365 publishing; return its path, or None."""
    if handbook.settings.publishing.microsoft_365 is None:
        return None
    config = static_web_app_config(handbook, inline_script_hashes(site))
    path = site / CONFIG_NAME
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8", newline="\n")
    return path
