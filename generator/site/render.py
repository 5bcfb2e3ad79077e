"""Stage 6, render: each planned page through Jinja2, to Markdown, per language.

Templates are trusted; the organisation's data is not. `finalize` makes every `{{ value }}`
safe by default: text is resolved to the page's language and sanitised (see site/markup.py), so a
field can never inject Markdown, HTML or Jinja. StrictUndefined turns any unknown name into an
error instead of an empty string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..core.errors import BuildError
from ..core.resources import CONTENT_DIR
from ..core.text import LocalText
from ..core.typography import format_number as digits
from ..inputs.labels import labels
from ..model.facts import Facts
from . import charts, escape, markup
from .calendar import calendar_path
from .plan import Page, SitePlan, kit_facet_values, printable_path, timed_agenda


def environment(lang: str, fallbacks: tuple[str, ...],
                autoescape: bool = False) -> jinja2.Environment:
    """The Jinja environment of one language: its filters, `finalize` and interface words.

    `autoescape` for HTML templates (the printables'); pages are Markdown.
    """
    return _cached_environment(lang, fallbacks, autoescape, CONTENT_DIR)


TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"  # pages/ and macros/


@cache
def _cached_environment(lang: str, fallbacks: tuple[str, ...], autoescape: bool,
                        content: Path) -> jinja2.Environment:
    # One per language (and chapters' folder) for the process: its templates are compiled
    # once, not for every page, printable or rebuild (`handbook serve`); Jinja compiles a
    # template again when its file changes.
    words = labels(lang)

    def text(value: Any) -> str:
        return value.get(lang, fallbacks) if isinstance(value, LocalText) else str(value)

    def finalize(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        if isinstance(value, dt.date):
            return format_date(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value)
        return markup.inline(text(value))

    def format_date(value: dt.date) -> str:
        return words["date_format"].format(day=value.day, month=words["months"][value.month - 1],
                                           year=value.year)

    def format_number(value: float) -> str:
        # Markup: finalize would turn the French no-break separator into a space a line can
        # break (markup.inline joins whitespace).
        return Markup(digits(value, words["decimal_separator"], words["thousands_separator"]))

    def percent(value: float) -> str:
        return words["percent_format"].format(format_number(round(value * 100, 2)))

    def label(kind: str, key: str) -> str:
        return words["enums"][kind][key]

    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(content / lang),
            jinja2.FileSystemLoader(TEMPLATES_DIR),
        ]),
        undefined=jinja2.StrictUndefined,
        # Compiled templates kept between runs (Jinja's per-user folder in the temporary
        # directory, keyed by each template's source): a build need not compile them again.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        finalize=finalize,
        # Pages are Markdown: finalize does the escaping that matters there. Print templates
        # are HTML: autoescape escapes what finalize leaves as plain strings (dates, numbers).
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        block=lambda value: markup.block(text(value)),
        # The page's title for MkDocs: plain text, escaped for the theme (see escape.py).
        front_matter_title=lambda value: escape.front_matter_title(markup.inline(text(value))),
        href=markup.href,
        t=text,  # resolve a text to the page's language, to compose it before escaping
        date=format_date,
        number=format_number,
        percent=percent,
        label=lambda key, kind: label(kind, key),
    )
    env.globals.update(ui=words, label=label, lang=lang, timed_agenda=timed_agenda,
                       kit_facet_values=kit_facet_values, printable_path=printable_path,
                       calendar_path=calendar_path)
    env.filters["integer"] = format_number
    env.globals.update(bar_chart=charts.bar_chart, line_chart=charts.line_chart)
    return env


# A person as "Name (title, e-mail)", the way every page names a contact.
_PERSON_LINE = (
    "{{ person.name }}{% if person.title %} ({{ person.title }}"
    "{% if person.email %}, [{{ person.email }}]({{ ('mailto:' ~ person.email) | href }}){% endif %})"
    "{% elif person.email %} ([{{ person.email }}]({{ ('mailto:' ~ person.email) | href }})){% endif %}"
)


def render_site(plan: SitePlan, facts: Facts) -> dict[str, str]:
    """Render every page of one language's site: {path in docs/: Markdown}."""
    fallbacks = facts.languages
    env = environment(plan.lang, fallbacks)
    words = labels(plan.lang)
    people_by_role = facts.people_by_role
    person_line = env.from_string(_PERSON_LINE)

    def contact(role: str) -> Markup:
        people = people_by_role.get(role, ())
        if not people:
            return Markup(words["nobody"])
        return Markup(", ").join(Markup(person_line.render(person=p)) for p in people)

    def person(person_id: str):
        return next(p for p in facts.people if p.id == person_id)

    context = dict(
        facts.names(),
        contact=contact,
        has_role=lambda role: role in people_by_role,
        person=person,
        contact_person=lambda person_id: Markup(person_line.render(person=person(person_id))),
        cadence_label=lambda key: words["enums"]["cadence"][key],
        priority_label=words["enums"]["priority"][facts.priority],
        maturity_label=words["enums"]["maturity"][facts.maturity],
    )
    return _render_pages(env, plan.lang, plan.pages, context)


def render_pages(lang: str, fallbacks: tuple[str, ...], pages: Iterable[Page],
                 context: dict[str, Any]) -> dict[str, str]:
    """Pages that are not an organisation's handbook (a group's portal), with the same
    environment, filters and sanitising as the handbook's pages."""
    return _render_pages(environment(lang, fallbacks), lang, pages, context)


def _render_pages(env: jinja2.Environment, lang: str, pages: Iterable[Page],
                  context: dict[str, Any]) -> dict[str, str]:
    rendered: dict[str, str] = {}
    for page in pages:
        try:
            template = env.get_template(page.template)
            rendered[page.path] = template.render(context, page_path=page.path, **page.context)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or page.template
            line = getattr(exc, "lineno", None)
            raise BuildError(f"{where}{f':{line}' if line else ''}: template error while "
                             f"rendering {lang}/{page.path}: {exc}") from exc
    return rendered
