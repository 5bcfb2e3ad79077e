"""Where the files shipped with the tool are: chapters, theme, base config, demo folder.

In a clone (or an editable install) they sit at the repository root, beside the package. A
wheel carries them inside the package under `_shipped/` (see pyproject.toml), because a wheel
can only install files inside packages.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # generator/
SHIPPED_DIR = PACKAGE_DIR / "_shipped"
ROOT = SHIPPED_DIR if SHIPPED_DIR.is_dir() else PACKAGE_DIR.parent

CONTENT_DIR = ROOT / "content"
THEME_DIR = ROOT / "theme"
BASE_CONFIG = ROOT / "mkdocs.yml"
DEMO_DIR = ROOT / "charters" / "demo"
