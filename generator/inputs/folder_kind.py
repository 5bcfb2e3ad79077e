"""What kind of folder the command line was given: a group (group.yml) or one organisation.

Standard library only: `handbook build` asks before it knows whether it has to build, and an
up-to-date site is reported without importing the pipeline (see build/uptodate.py).
"""

from __future__ import annotations

from pathlib import Path

GROUP_FILE = "group.yml"


def is_group(folder: Path) -> bool:
    """A folder holding group.yml is a group (even if it also holds a handbook.yml)."""
    return (folder / GROUP_FILE).is_file()
