"""MkDocs' own build of a generated project: strict, its warnings collected into one error."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..core.builddate import source_date_for_library
from ..core.errors import BuildError
from .bytecode import TemplateCache


def run_mkdocs(config_file: Path, site_dir: Path, moment: dt.datetime) -> None:
    """MkDocs' own build, strict, with its warnings collected into one BuildError; the site
    (its sitemap) is dated `moment`."""
    collected = _Collector()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(collected)
    previous_level = mkdocs_logger.level
    mkdocs_logger.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        # Material's templates compiled once for every language and entity (bytecode.py).
        config.plugins["handbook/template-cache"] = TemplateCache()
        config.plugins.on_startup(command="build", dirty=False)
        try:
            with source_date_for_library(moment):
                mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as exc:  # MkDocs' Abort derives from SystemExit
        details = "\n".join(f"  {message}" for message in collected.messages)
        raise BuildError(f"MkDocs refused the generated site ({config_file.parent.name}): "
                         f"{exc}\n{details}".rstrip()) from None
    finally:
        mkdocs_logger.removeHandler(collected)
        mkdocs_logger.setLevel(previous_level)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
