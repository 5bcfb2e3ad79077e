"""Where the files shipped with the tool are: chapters, theme, base config, demo folder.

In a clone (or an editable install) they sit at the repository root, beside the package. A
wheel carries them inside the package under `_shipped/` (see pyproject.toml), because a wheel
can only install files inside packages.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SHIPPED = _PACKAGE / "_shipped"
ROOT = _SHIPPED if _SHIPPED.is_dir() else _PACKAGE.parent

CONTENT_DIR = ROOT / "content"
THEME_DIR = ROOT / "theme"
BASE_CONFIG = ROOT / "mkdocs.yml"
DEMO_DIR = ROOT / "charters" / "demo"
TEMPLATES_DIR = _PACKAGE / "templates"
