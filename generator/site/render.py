"""Stage 6, render: each planned page through Jinja2, to Markdown, per language.

Templates are trusted; the organisation's data is not. `finalize` makes every `{{ value }}`
safe by default: text is resolved to the page's language and sanitised (see site/markup.py), so a
field can never inject Markdown, HTML or Jinja. StrictUndefined turns any unknown name into an
error instead of an empty string.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

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
    env.context_class = _ReadingContext  # notes the names a page reads, for PageMemo
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
    env.globals.update(ui=words, label=label, lang=lang,
                       cadence_label=lambda key: words["enums"]["cadence"][key],
                       timed_agenda=timed_agenda, kit_facet_values=kit_facet_values, printable_path=printable_path,
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


def render_site(plan: SitePlan, facts: Facts, memo: Memo | None = None) -> dict[str, str]:
    """Render every page of one language's site: {path in docs/: Markdown}. With `memo`,
    kept from one render of the language to the next (PageMemo, in memory) or from one
    build to the next (site/kept_pages.py), a page whose names read the same values is not
    rendered again."""
    fallbacks = facts.languages
    env = environment(plan.lang, fallbacks)
    words = labels(plan.lang)
    line = _person_line(env)
    context = dict(
        facts.names(),
        contact=_Helper(_contact, (facts.people_by_role, words["nobody"], line)),
        has_role=_Helper(_has_role, facts.people_by_role),
        person=_Helper(_person, facts.people),
        contact_person=_Helper(_contact_person, (facts.people, line)),
        priority_label=words["enums"]["priority"][facts.priority],
        maturity_label=words["enums"]["maturity"][facts.maturity],
    )
    return _render_pages(env, plan.lang, plan.pages, context, memo)


def render_pages(lang: str, fallbacks: tuple[str, ...], pages: Iterable[Page],
                 context: dict[str, Any]) -> dict[str, str]:
    """Pages that are not an organisation's handbook (a group's portal), with the same
    environment, filters and sanitising as the handbook's pages."""
    return _render_pages(environment(lang, fallbacks), lang, pages, context)


class Memo(Protocol):
    """What keeps pages between renders: PageMemo, or kept_pages.KeptPages."""

    def render(self, template: jinja2.Template, env: jinja2.Environment,
               context: dict[str, Any], page: Page) -> str: ...


def _render_pages(env: jinja2.Environment, lang: str, pages: Iterable[Page],
                  context: dict[str, Any], memo: Memo | None = None) -> dict[str, str]:
    rendered: dict[str, str] = {}
    for page in pages:
        try:
            template = env.get_template(page.template)
            if memo is None:
                rendered[page.path] = template.render(context, page_path=page.path,
                                                      **page.context)
            else:
                rendered[page.path] = memo.render(template, env, context, page)
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or page.template
            line = getattr(exc, "lineno", None)
            raise BuildError(f"{where}{f':{line}' if line else ''}: template error while "
                             f"rendering {lang}/{page.path}: {exc}") from exc
    return rendered


class PageMemo:
    """The pages of one language as last rendered, each with the values of the names it
    read: Jinja looks up every name a template, and what it includes or imports with
    context, uses through its context, which _ReadingContext notes. A page whose template
    is the same and whose names all have equal values renders to the same text: it is
    taken from here.

    For the live preview (build/preview.py), which renders each language again at each edit
    and starts a new memo when a template or chapter file changes (a change to an included
    file is not seen here). Every value a page reads compares by value: the template
    helpers are _Helper objects, not closures, which are equal to nothing else."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[jinja2.Template, dict[str, Any], str]] = {}

    def render(self, template: jinja2.Template, env: jinja2.Environment,
               context: dict[str, Any], page: Page) -> str:
        names = {**env.globals, **context, "page_path": page.path, **page.context}
        known = self._pages.get(page.path)
        if known is not None and known[0] is template and all(
                _same(names.get(name, _MISSING), value) for name, value in known[1].items()):
            return known[2]
        text, read = read_names(template, context, page)
        self._pages[page.path] = (template, {name: names.get(name, _MISSING)
                                             for name in read}, text)
        return text


def read_names(template: jinja2.Template, context: dict[str, Any],
               page: Page) -> tuple[str, set[str]]:
    """`page` rendered with `template`, and every name it read (see _ReadingContext)."""
    read: set[str] = set()
    token = _READ.set(read)
    try:
        text = template.render(context, page_path=page.path, **page.context)
    finally:
        _READ.reset(token)
    return text, read


_MISSING = object()
# The names read by the page being rendered, while PageMemo renders one.
_READ: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("read", default=None)


def _same(new: Any, old: Any) -> bool:
    return new is old or (type(new) is type(old) and new == old)


class _ReadingContext(jinja2.runtime.Context):
    """Jinja's context, noting each name looked up while a PageMemo renders a page."""

    def resolve_or_missing(self, key: str) -> Any:
        read = _READ.get()
        if read is not None:
            read.add(key)
        return super().resolve_or_missing(key)


@dataclass(frozen=True)
class _Helper:
    """A function for templates, bound to the data it reads: equal to another when their
    data are equal (a closure is equal to no other), which PageMemo relies on."""

    function: Callable[..., Any]
    data: Any

    def __call__(self, *args: Any) -> Any:
        return self.function(self.data, *args)


@cache
def _person_line(env: jinja2.Environment) -> jinja2.Template:
    return env.from_string(_PERSON_LINE)


def _contact(data: tuple, role: str) -> Markup:
    people_by_role, nobody, line = data
    people = people_by_role.get(role, ())
    if not people:
        return Markup(nobody)
    return Markup(", ").join(Markup(line.render(person=person)) for person in people)


def _has_role(people_by_role: Mapping[str, tuple], role: str) -> bool:
    return role in people_by_role


def _person(people: tuple, person_id: str) -> Any:
    return next(person for person in people if person.id == person_id)


def _contact_person(data: tuple, person_id: str) -> Markup:
    people, line = data
    return Markup(line.render(person=_person(people, person_id)))
