"""What spans files or values: cross-references, texts missing a language, placeholders left
by `handbook new`, brand colours too pale to read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..core.colour import PAGE_BACKGROUND, TEXT_CONTRAST, contrast, nearest_readable_shade
from ..core.errors import Diagnostic
from ..core.text import LocalText
from ..model.handbook import Handbook
from ..model.settings import HandbookFile
from ..model.vocab import CHARTER_SECTIONS
from .load import Document
from .microsoft_365 import microsoft_365_problems
from .paths import path_problem
from .positions import Loc, dotted, located, position, scalars, written_at
from .schema_errors import did_you_mean
from .svg import svg_problem


def cross_check(handbook: Handbook, documents: dict) -> list[Diagnostic]:
    settings, charter = handbook.settings, handbook.charter
    problems: list[Diagnostic] = []

    def at(document_key, loc: Loc, message: str, severity="error", at_key=False) -> None:
        problems.append(located(documents[document_key], loc, severity, message, at_key=at_key))

    seen_languages: set[str] = set()
    for index, lang in enumerate(settings.languages):
        if lang in seen_languages:
            at("handbook", ("languages", index), f"'{lang}' is listed twice; list each language "
                                                 "once")
        seen_languages.add(lang)

    people_ids: list[str] = []
    for index, person in enumerate(settings.people):
        if person.id in people_ids:
            at("handbook", ("people", index, "id"), f"two people have the id '{person.id}'; "
                                                    "give each person a different id")
        people_ids.append(person.id)

    def check_person(document_key, loc: Loc, person_id: str | None) -> None:
        if person_id is not None and person_id not in people_ids:
            at(document_key, loc, f"no person with id '{person_id}'"
                                  f"{did_you_mean(person_id, people_ids)} "
                                  f"(known: {', '.join(sorted(set(people_ids)))})")

    rule_ids: dict[str, Loc] = {}
    for section in CHARTER_SECTIONS:
        for index, rule in enumerate(getattr(charter, section)):
            loc = (section, index)
            if rule.id in rule_ids:
                first, line, _, _ = written_at(documents["charter"], rule_ids[rule.id] + ("id",),
                                           at_key=False)
                here, _ = documents["charter"].resolve(loc)
                where = f"line {line}" if first is here else f"{first.display}, line {line}"
                at("charter", loc + ("id",), f"the rule id '{rule.id}' is already used at "
                                             f"{where}; rule ids must be unique")
            else:
                rule_ids[rule.id] = loc
            check_person("charter", loc + ("ask",), rule.ask)
            for lang, title in _text_parts(rule.title):
                if not title.strip():
                    at("charter", loc + ("title",), f"the rule '{rule.id}' has an empty "
                       f"{lang + ' ' if lang else ''}title: write the rule in one line")
    for index, step in enumerate(charter.bad_buzz.steps):
        check_person("charter", ("bad_buzz", "steps", index, "who"), step.who)
    steering = settings.programme.steering
    for index, member in enumerate(steering.members if steering else ()):
        check_person("handbook", ("programme", "steering", "members", index), member)
    if charter.status == "adopted" and charter.adopted_on is None:
        at("charter", ("status",), "an adopted charter needs its adoption date: add "
                                   "'adopted_on: YYYY-MM-DD'")
    if charter.changelog and charter.changelog[0].version != charter.version:
        at("charter", ("changelog", 0, "version"),
           f"the latest changelog entry is version {charter.changelog[0].version} but the charter "
           f"is version {charter.version}; put the newest version first")

    kit_ids = [kit_id for kit_id, _ in handbook.kits]
    for module_id, module in handbook.modules:
        for index, kit_id in enumerate(module.kits):
            if kit_id not in kit_ids:
                at(("module", module_id), ("kits", index),
                   f"no kit with id '{kit_id}'{did_you_mean(kit_id, kit_ids)}: the kits are the "
                   f"files of kits/ ({', '.join(kit_ids) or 'none yet'})")
        total = sum(item.minutes for item in module.agenda)
        if total != module.duration_minutes:
            at(("module", module_id), ("duration_minutes",),
               f"the agenda adds up to {total} minutes but duration_minutes is "
               f"{module.duration_minutes}; make them equal")

    for loc, relative in (
        (("branding", "logo"), settings.branding.logo),
        (("branding", "favicon"), settings.branding.favicon),
        (("kpis", "posts"), settings.kpis.posts),
    ):
        if relative is not None:
            problem = path_problem(handbook.folder, relative)
            if problem is None and loc[0] == "branding":
                problem = svg_problem(handbook.folder / relative, relative)
            if problem:
                at("handbook", loc, problem)

    for problem in microsoft_365_problems(settings, handbook.folder):
        at("handbook", problem.loc, problem.message, problem.severity, problem.at_key)

    languages = tuple(settings.languages)
    for document_key, model in _models(handbook):
        for loc, text in _texts(model, ()):
            missing = text.missing(languages)
            if missing and len(missing) < len(languages):
                shown = next(lang for lang in languages if lang not in missing)
                at(document_key, loc, f"no {', '.join(missing)} version; the {shown} text is "
                                      "shown instead", severity="warning")
            elif missing:
                at(document_key, loc, f"only in {', '.join(text.languages())}, but the handbook "
                                      f"is in {', '.join(languages)}; add a "
                                      f"{', '.join(missing)} version", severity="warning")
    return problems


def _models(handbook: Handbook) -> Iterator[tuple[Any, BaseModel]]:
    yield "handbook", handbook.settings
    yield "charter", handbook.charter
    for kit_id, kit in handbook.kits:
        yield ("kit", kit_id), kit
    for module_id, module in handbook.modules:
        yield ("module", module_id), module


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, LocalText]]:
    if isinstance(value, LocalText):
        yield loc, value
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from _texts(getattr(value, field), loc + (field,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, loc + (index,))



def _text_parts(text: LocalText) -> list[tuple[str, str]]:
    """A text's versions: ('', text) when common, else (language, text) for each."""
    return [("", text.common)] if text.common is not None else list(text.by_language)


# The starter folder marks what only the organisation can write (names, charter rules, topics)
# with one of these texts; each one left is a warning, so `--strict` refuses to publish it.
PLACEHOLDER_MARKERS = ("À REMPLACER", "TO REPLACE")


def placeholders(documents: dict) -> list[Diagnostic]:
    """A warning for each placeholder of `handbook new` left in the files behind `documents`."""
    problems = []
    # The files behind the documents, each once: a group's file is behind all its entities'.
    files = {id(file): file for document in documents.values() for file in document.originals()}
    for document in files.values():
        if not _may_hold_placeholder(document.source):
            continue
        for loc, text, (line, col) in scalars(document.tree, ()):
            marker = next((m for m in PLACEHOLDER_MARKERS if m in text), None)
            if marker is not None:
                problems.append(Diagnostic(
                    document.display, line, col, "warning", dotted(loc),
                    f"placeholder from 'handbook new' (marked '{marker}'): replace it with "
                    "your own text"))
    return problems


# In a double-quoted YAML text, what can make a letter (\x41, \u0041, \U00000041) or join
# two lines without a space (a backslash ending the line).
_LETTER_OR_JOIN_ESCAPE = re.compile(r"\\(?:[xuU]|\r?\n)")


def _may_hold_placeholder(source: str) -> bool:
    # Walking every value of a thousand kits costs a second. A value holds a marker only if
    # the file's text holds its last word: YAML joins lines between words, never inside one,
    # unless through an escape, and then the file is walked anyway.
    return (any(marker.split()[-1] in source for marker in PLACEHOLDER_MARKERS)
            or _LETTER_OR_JOIN_ESCAPE.search(source) is not None)


def texts_of(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, LocalText]]:
    """Every text field under a model, list or text, with its location."""
    return _texts(value, loc)
# --- brand colours ------------------------------------------------------------------------------

# What each brand colour writes on the white page (Material's custom palette).
_COLOUR_USES = {
    "primary": "links are written in it",
    "accent": "links under the pointer and search highlights are written in it",
}


def contrast_problems(settings: HandbookFile, document: Document) -> list[Diagnostic]:
    """A brand colour too light for text is kept for decoration, and text gets a readable
    shade: a warning names the shade derived; a shade chosen in `*_text` must be readable."""
    branding = settings.branding
    problems = []
    for key, use in _COLOUR_USES.items():
        colour, chosen = getattr(branding, key), getattr(branding, f"{key}_text")
        if chosen is not None:
            ratio = contrast(chosen, PAGE_BACKGROUND)
            if ratio >= TEXT_CONTRAST:
                continue
            line, col = position(document.tree, ("branding", f"{key}_text"), at_key=False)
            problems.append(Diagnostic(
                document.display, line, col, "error", f"branding.{key}_text",
                f"'{chosen}' on the white page has a contrast of {ratio:.2f}:1, below the "
                f"{TEXT_CONTRAST:g}:1 that text needs ({use}); use "
                f"\"{nearest_readable_shade(chosen).upper()}\", the nearest readable shade, "
                f"or leave '{key}_text' out to let the tool derive one"))
            continue
        ratio = contrast(colour, PAGE_BACKGROUND)
        if ratio < TEXT_CONTRAST:
            line, col = position(document.tree, ("branding", key), at_key=False)
            problems.append(Diagnostic(
                document.display, line, col, "warning", f"branding.{key}",
                f"'{colour}' is too light for text on the white page ({ratio:.2f}:1, "
                f"{TEXT_CONTRAST:g}:1 needed): it is kept for the header and decoration, and "
                f"text ({use}) uses the derived shade \"{branding.text_colour(key).upper()}\"; "
                f"set '{key}_text' under branding to choose the shade yourself"))
    return problems
