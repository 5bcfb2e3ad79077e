"""The print templates (HTML and print CSS, beside this module) and their Jinja environment."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from ..site.render import environment

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PRINT_CSS = TEMPLATES_DIR / "print.css"


def print_environment(lang: str, fallbacks: tuple[str, ...]) -> jinja2.Environment:
    """The pages' environment for the HTML print templates.

    The same filters and the same `finalize`, with autoescape on: what reaches the HTML as
    plain text (dates, `| t`) is escaped, and the organisation's text is sanitised as on pages.
    """
    return _print_environment(environment(lang, fallbacks, autoescape=True))


@cache
def _print_environment(pages: jinja2.Environment) -> jinja2.Environment:
    return pages.overlay(loader=jinja2.FileSystemLoader(TEMPLATES_DIR))
