"""The words of each language the tool speaks: content/<lang>/labels.yml.

Pages, printables, the diagnostic's findings and the KPI reports all take their interface words
from these files, read here once per process.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..core.resources import CONTENT_DIR
from .load import load_yaml


@cache
def labels(lang: str) -> dict[str, Any]:
    """The interface words of one language (content/<lang>/labels.yml)."""
    # Through the load stage's reader: libyaml parses it, YAML 1.2 reads its values.
    path = CONTENT_DIR / lang / "labels.yml"
    return load_yaml(path, str(path)).tree
