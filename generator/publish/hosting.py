"""What the built site needs for its host, after every language is built.

With `publishing.microsoft_365`: the Teams client library beside theme/assets/javascripts/
teams.js in each language's site (that script loads it when a page is framed), then
`staticwebapp.config.json` at the root (azure.py), which hashes the pages' inline scripts and
so comes last.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..model.handbook import Handbook
from .azure import write_static_web_app_config

# @microsoft/teams-js's browser build, copied as published (version: package.json; a test
# checks that this copy is the npm package's file).
TEAMS_LIBRARY = Path(__file__).parent / "vendor" / "MicrosoftTeams.min.js"
TEAMS_LIBRARY_VERSION = "2.58.0"


def prepare_hosting(handbook: Handbook, site: Path) -> None:
    """Add the host's files to the built `site` (nothing without microsoft_365)."""
    if handbook.settings.publishing.microsoft_365 is None:
        return
    for loader in sorted(site.rglob("assets/javascripts/teams.js")):
        shutil.copyfile(TEAMS_LIBRARY, loader.with_name(TEAMS_LIBRARY.name))
    write_static_web_app_config(handbook, site)
