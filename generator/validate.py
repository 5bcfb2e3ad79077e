"""Stage 2, validate: from loaded YAML to the typed model, collecting every problem in one run.

Each problem becomes a Diagnostic pointing at the key or value to fix, with a message written
for an HR or comms editor, not for a developer. Unknown keys are warnings (with "did you mean"):
the file still builds, and `--strict` turns them into failures.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import os
import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .charter_diff import version_key
from .colour import PAGE_BACKGROUND, TEXT_CONTRAST, contrast, nearest_readable_shade
from .errors import Diagnostic, InputError, Severity
from .kpi import read_posts
from .load import Document, LoadFailed, describe, load_yaml
from .publish.settings import microsoft_365_problems
from .schema import (
    CHARTER_SECTIONS,
    GUID_PATTERN,
    Charter,
    Handbook,
    HandbookFile,
    Kit,
    Module,
)
from .text import LocalText
from .timings import StageTimer

Loc = tuple[str | int, ...]

_PATTERN_HINTS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "must be an identifier: lower-case letters, digits and single "
                                 "hyphens, like 'share-expertise'",
    r"^#[0-9A-Fa-f]{6}$": "must be a colour written #RRGGBB, like '#0B4F6C' (in quotes)",
    r"^(https?://|mailto:)\S+$": "must be a full web address starting with https://",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "must be an e-mail address, like 'name@example.org'",
    r"^\d+(\.\d+)*$": "must be a version number like \"1.2\" (in quotes)",
    r"^\+?[0-9][0-9 .()-]{3,}[0-9]$": "must be a phone number: digits, spaces, dots or "
                                      "hyphens, like \"+33 4 72 00 00 00\" (in quotes)",
    GUID_PATTERN: "must be a GUID, 32 hexadecimal digits grouped 8-4-4-4-12, like "
                  "'3f0c2a8e-5b1d-4c7a-9e64-2d8b7f1a0c35' (Entra ID shows the tenant's on its "
                  "overview page)",
}


def load_handbook(folder: Path, display: str | None = None,
                  timer: StageTimer | None = None) -> tuple[Handbook, list[Diagnostic]]:
    """Load and validate an organisation folder.

    Returns the model and the warnings; raises InputError with every problem (errors and
    warnings together) when anything is an error. `timer` is told of each YAML file's
    reading (the `load` stage).
    """
    display = display if display is not None else str(folder)
    if not folder.is_dir():
        raise InputError([Diagnostic(display, 1, 1, "error", "", "no such folder; give the "
                                     "folder holding handbook.yml and charter.yml")])
    from .group import group_of, load_group_entity  # group.py builds on this module

    if group_of(folder) is not None:  # a group's entity: its files need group.yml's
        return load_group_entity(folder, display)
    return complete_handbook(FolderReader(folder, display, timer))


class FolderReader:
    """Reads the files of one organisation folder, collecting every problem it finds.

    A group's entity reads its folder through a subclass (group.EntityReader) that merges
    each file with what the group shares before validating it.
    """

    def __init__(self, folder: Path, display: str, timer: StageTimer | None = None) -> None:
        self.folder = folder
        self.display = display  # the folder as the user named it
        self.diagnostics: list[Diagnostic] = []
        self.timer = timer if timer is not None else StageTimer()  # told of each file read

    def name(self, relative: str) -> str:
        return str(Path(self.display) / relative)

    def document(self, relative: str) -> Document | None:
        """The file loaded, or None with its problems collected."""
        path = self.folder / relative
        if not path.is_file():
            self.diagnostics.append(Diagnostic(self.name(relative), 1, 1, "error", "",
                                               "this file is missing; every handbook folder "
                                               f"needs one (see charters/demo/{relative})"))
            return None
        try:
            with self.timer.stage("load"):
                return load_yaml(path, self.name(relative))
        except LoadFailed as failure:
            self.diagnostics.extend(failure.diagnostics)
            return None

    def validate(self, document: Document, cls: type[BaseModel], *,
                 warnings: bool = True) -> Any:
        """The model of `document`, or None; its problems are collected (its errors only with
        `warnings=False`: a merged document, whose own files reported their warnings)."""
        model, problems = _validate(cls, document)
        self.diagnostics.extend(p for p in problems if warnings or p.severity == "error")
        return model

    def read(self, relative: str, cls: type[BaseModel]) -> tuple[Any, Document | None]:
        document = self.document(relative)
        if document is None:
            return None, None
        return self.validate(document, cls), document

    def settings(self) -> tuple[HandbookFile | None, Document | None]:
        return self.read("handbook.yml", HandbookFile)

    def charter(self, relative: str = "charter.yml") -> tuple[Charter | None, Document | None]:
        """charter.yml, or an earlier version kept in history/."""
        return self.read(relative, Charter)

    def files(self, subfolder: str, cls: type[BaseModel]) -> list[tuple[str, Any, Document]]:
        """The kits or training modules: (id, model, document), by id."""
        return _read_folder(self, subfolder, cls)

    def path_problem(self, relative: str) -> str | None:
        """What is wrong with a path written in this folder's files, if anything."""
        return _path_problem(self.folder, relative)


def complete_handbook(reader: FolderReader) -> tuple[Handbook, list[Diagnostic]]:
    """Read every file through `reader`, then check what spans files; as load_handbook."""
    diagnostics = reader.diagnostics
    settings, settings_doc = reader.settings()
    charter, charter_doc = reader.charter()
    kits = reader.files("kits", Kit)
    modules = reader.files("training", Module)
    history = _read_history(reader)

    if settings is None or charter is None or any(
        model is None for _, model, _ in kits + modules + history
    ):
        raise InputError(diagnostics)

    documents = {"handbook": settings_doc, "charter": charter_doc}
    documents.update({("kit", kit_id): doc for kit_id, _, doc in kits})
    documents.update({("module", module_id): doc for module_id, _, doc in modules})
    handbook = Handbook(
        folder=reader.folder,
        settings=settings.published(),  # private details stop here: no page can show them
        charter=charter,
        kits=tuple((kit_id, kit) for kit_id, kit, _ in kits),
        modules=tuple((module_id, module) for module_id, module, _ in modules),
        history=tuple(sorted((model for _, model, _ in history),
                             key=lambda old: version_key(old.version))),
        sources=Sources(reader.display, documents),
    )
    diagnostics.extend(_cross_check(handbook, documents))
    diagnostics.extend(_check_history(charter, history))
    diagnostics.extend(placeholders(documents))
    handbook = _with_posts(handbook, reader.name, diagnostics)
    diagnostics.extend(_contrast_problems(settings, settings_doc))
    if any(d.severity == "error" for d in diagnostics):
        raise InputError(diagnostics)
    return handbook, sorted(diagnostics)


def _yaml_files(folder: Path, subfolder: str) -> Iterator[tuple[Path, str]]:
    """The YAML files of a subfolder, sorted, with their path relative to the folder."""
    directory = folder / subfolder
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.suffix in (".yml", ".yaml"):
                yield path, f"{subfolder}/{path.name}"


def _read_folder(reader: FolderReader, subfolder: str, cls):
    found = []
    for path, relative in _yaml_files(reader.folder, subfolder):
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem):
            reader.diagnostics.append(Diagnostic(
                reader.name(relative), 1, 1, "error", "",
                f"the file name '{path.stem}' is the {cls.__name__.lower()}'s "
                "id: use lower-case letters, digits and hyphens only, "
                "e.g. 'day-in-my-life.yml'"))
            continue
        model, document = reader.read(relative, cls)
        found.append((path.stem, model, document))
    return found


# --- schema errors ----------------------------------------------------------------------------

def _validate(cls: type[BaseModel], document: Document) -> tuple[BaseModel | None, list[Diagnostic]]:
    data = _plain(document.tree)
    try:
        return cls.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors()
    unknown = [e for e in errors if e["type"] == "extra_forbidden"]
    problems = [_unknown_key(cls, document, e["loc"]) for e in unknown]
    problems += [_schema_error(cls, document, e) for e in errors if e["type"] != "extra_forbidden"]
    if len(unknown) < len(errors):
        return None, problems
    # Only unknown keys: they are warnings, so build the model without them.
    for error in unknown:
        parent = data
        for part in error["loc"][:-1]:
            parent = parent[part]
        del parent[error["loc"][-1]]
    return cls.model_validate(data), problems


def _plain(tree: Any) -> Any:
    if isinstance(tree, dict):
        return {key: _plain(value) for key, value in tree.items()}
    if isinstance(tree, list):
        return [_plain(item) for item in tree]
    return copy.copy(tree)


def _unknown_key(cls, document: Document, loc: Loc) -> Diagnostic:
    known = list(_model_at(cls, loc[:-1]).model_fields)
    key = str(loc[-1])
    message = f"unknown key '{key}'{did_you_mean(key, known)}"
    return located(document, loc, "warning", message, at_key=True)


def _schema_error(cls, document: Document, error: dict) -> Diagnostic:
    loc: Loc = error["loc"]
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        written, line, col, there = _where(document, loc[:-1], at_key=True)
        parent = _dotted(there)
        there += loc[-1:]
        where = f" under '{parent}'" if parent else ""
        message = (_charter_message(cls, document, loc, kind)
                   or f"required key is missing: add '{loc[-1]}:'{where}")
    else:
        written, line, col, there = _where(document, loc, at_key=False)
        message = (_charter_message(cls, document, loc, kind)
                   or _message(kind, value, ctx, error["msg"], written, line, col))
    return Diagnostic(written.display, line, col, "error", _dotted(there), message)


def _message(kind, value, ctx, default, document: Document, line: int, col: int) -> str:
    got = describe(value)
    if kind == "string_type":
        hint = ""
        if isinstance(value, (int, float, bool, dt.date)):
            typed = document.token_at(line, col)
            hint = f"; YAML reads {typed} as {got}: write it in quotes, \"{typed}\""
            return f"expected text{hint}"
        return f"expected text, got {got}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return (f"'{value}' is not allowed here; expected one of: {', '.join(allowed)}"
                f"{did_you_mean(str(value), allowed)}")
    if kind == "string_pattern_mismatch":
        return f"'{value}' {_PATTERN_HINTS.get(ctx.get('pattern'), 'is not in the expected form')}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, got {got}"
    if kind.startswith("date_") or kind == "date_type":
        return f"expected a date written YYYY-MM-DD, like 2027-01-15, got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {got}"
    if kind == "list_type":
        return f"expected a list (one '- item' per line, or [a, b]), got {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping ('key: value' lines), got {got}"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"needs at least {count} item{'s' if count != 1 else ''}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']:g}, got {value}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']:g}, got {value}"
    return default[0].lower() + default[1:]


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _model_at(cls: Any, loc: Loc) -> type[BaseModel]:
    """The declaration class describing the mapping at `loc`."""
    current = cls
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            current = typing.get_args(current)[0]
        else:
            current = current.model_fields[part].annotation
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def _position(tree: Any, loc: Loc, *, at_key: bool) -> tuple[int, int]:
    """1-based line and column of the value (or key) at `loc` in a round-trip tree."""
    node, position = tree, (0, 0)
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and part in node:
            child = node[part]
            # Point at `key:` for collections and unknown keys, at the value for scalars.
            use_key = at_key if last else False
            if use_key or isinstance(child, (dict, list)) or child is None:
                position = node.lc.key(part)
            else:
                position = node.lc.value(part)
            node = child
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            position = node.lc.item(part)
            node = node[part]
        else:
            break
    return position[0] + 1, position[1] + 1


def _where(document: Document, loc: Loc, *, at_key: bool) -> tuple[Document, int, int, Loc]:
    """The file the value at `loc` was written in, its 1-based position and key path there."""
    written, there = document.resolve(loc)
    line, col = _position(written.tree, there, at_key=at_key)
    return written, line, col, there


def located(document: Document, loc: Loc, severity: Severity, message: str, *,
            at_key: bool = False) -> Diagnostic:
    """A problem with the value (or key) at `loc`, placed in the file it was written in."""
    written, line, col, there = _where(document, loc, at_key=at_key)
    return Diagnostic(written.display, line, col, severity, _dotted(there), message)


def position_of(document: Document, loc: Loc, *, at_key: bool = False) -> str:
    """`file:line:col` of the value at `loc`, for a message that points at a second place."""
    written, line, col, _ = _where(document, loc, at_key=at_key)
    return f"{written.display}:{line}:{col}"


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# --- cross-references and rules that span files ----------------------------------------------

def _cross_check(handbook: Handbook, documents: dict) -> list[Diagnostic]:
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
                first, line, _, _ = _where(documents["charter"], rule_ids[rule.id] + ("id",),
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
            problem = _path_problem(handbook.folder, relative)
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


def _path_problem(folder: Path, relative: str) -> str | None:
    if Path(relative).is_absolute() or re.match(r"^[A-Za-z]:[\\/]", relative):
        return f"'{relative}' is an absolute path; give a path inside the folder, like " \
               "'assets/logo.svg'"
    if ".." in Path(relative).parts:
        return f"'{relative}' goes out of the folder with '..'; keep files inside the folder"
    path = folder / relative
    if not path.exists():
        return f"the file '{relative}' does not exist in {folder}"
    if not path.resolve().is_relative_to(folder.resolve()):
        return f"'{relative}' is a link to a file outside the folder; copy the file into the " \
               "folder instead"
    if not path.is_file():
        return f"'{relative}' is a folder, not a file"
    return None


def _with_posts(handbook: Handbook, name, diagnostics: list[Diagnostic]) -> Handbook:
    """The handbook with its export of posts read, when kpis.posts names a readable file
    (_cross_check reported it otherwise); every bad row joins the diagnostics."""
    kpis = handbook.settings.kpis
    if kpis.posts is None or _path_problem(handbook.folder, kpis.posts):
        return handbook
    posts, problems = read_posts(handbook.folder / kpis.posts, name(kpis.posts),
                                 kpis.columns.model_dump(exclude_none=True))
    diagnostics.extend(problems)
    return dataclasses.replace(handbook, posts=posts)


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



# --- the charter's own rules: its five sections, its history ----------------------------------

def _charter_message(cls, document: Document, loc: Loc, kind: str) -> str | None:
    """A clearer message for what a charter most often lacks: a section, a rule's title."""
    if not issubclass(cls, Charter):  # an entity's charter.yml too (see group.py)
        return None
    sections = ", ".join(CHARTER_SECTIONS)
    if len(loc) == 1 and loc[0] in CHARTER_SECTIONS and kind == "missing":
        return (f"the charter has no '{loc[0]}' section: add '{loc[0]}:' with its rules "
                f"(a charter has five sections: {sections})")
    if len(loc) == 1 and loc[0] in CHARTER_SECTIONS and kind == "too_short":
        return (f"the '{loc[0]}' section has no rule: write at least one (a charter has five "
                f"sections: {sections})")
    if len(loc) == 3 and loc[0] in CHARTER_SECTIONS and loc[2] == "title" and kind == "missing":
        rule = document.tree[loc[0]][loc[1]]
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        named = f"the rule '{rule_id}'" if isinstance(rule_id, str) else "this rule"
        return f"{named} has no title: add 'title:' with the rule in one line"
    return None


def _text_parts(text: LocalText) -> list[tuple[str, str]]:
    """A text's versions: ('', text) when common, else (language, text) for each."""
    return [("", text.common)] if text.common is not None else list(text.by_language)


def _read_history(reader: FolderReader):
    """The earlier versions kept in history/, named charter-<version>.yml."""
    found = []
    for path, relative in _yaml_files(reader.folder, "history"):
        named = re.fullmatch(r"charter-(\d+(?:\.\d+)*)", path.stem)
        if not named:
            reader.diagnostics.append(Diagnostic(reader.name(relative), 1, 1, "error", "",
                                                 "a history file is named after the version it "
                                                 "keeps, like 'charter-1.1.yml'; rename it"))
            continue
        model, document = reader.charter(relative)
        found.append((named.group(1), model, document))
    return found


def _check_history(charter: Charter, history) -> list[Diagnostic]:
    problems = []
    for file_version, old, document in history:
        if old.version != file_version:
            message = (f"this file is named for version {file_version} but holds version "
                       f"{old.version}; make the file name and 'version' agree")
        elif version_key(old.version) >= version_key(charter.version):
            message = (f"version {old.version} is not older than the current charter (version "
                       f"{charter.version} in charter.yml); history/ keeps earlier versions only")
        else:
            continue
        problems.append(located(document, ("version",), "error", message))
    return problems


def load_charter(path: Path, display: str) -> tuple[Charter, list[Diagnostic]]:
    """One charter file on its own, for `handbook diff`: the schema's checks only (the people
    it names live in handbook.yml). Returns the warnings; raises InputError on any error."""
    if not path.is_file():
        raise InputError([Diagnostic(display, 1, 1, "error", "", "no such file; give a charter "
                                     "file, like charter.yml or history/charter-1.1.yml")])
    try:
        document = load_yaml(path, display)
    except LoadFailed as failure:
        raise InputError(failure.diagnostics) from None
    charter, problems = _validate(Charter, document)
    if charter is None:
        raise InputError(problems)
    return charter, sorted(problems)
# --- placeholders left by `handbook new` ------------------------------------------------------

# The starter folder marks what only the organisation can write (names, charter rules, topics)
# with one of these texts; each one left is a warning, so `--strict` refuses to publish it.
PLACEHOLDER_MARKERS = ("À REMPLACER", "TO REPLACE")


def placeholders(documents: dict) -> list[Diagnostic]:
    """A warning for each placeholder of `handbook new` left in the files behind `documents`."""
    problems = []
    # The files behind the documents, each once: a group's file is behind all its entities'.
    files = {id(file): file for document in documents.values() for file in document.originals()}
    for document in files.values():
        for loc, text, (line, col) in _scalars(document.tree, ()):
            marker = next((m for m in PLACEHOLDER_MARKERS if m in text), None)
            if marker is not None:
                problems.append(Diagnostic(
                    document.display, line, col, "warning", _dotted(loc),
                    f"placeholder from 'handbook new' (marked '{marker}'): replace it with "
                    "your own text"))
    return problems


def _scalars(node: Any, loc: Loc) -> Iterator[tuple[Loc, str, tuple[int, int]]]:
    """Every text value of a round-trip tree, with its key path and 1-based position."""
    if isinstance(node, dict):
        entries = [(key, node.lc.value(key)) for key in node]
    elif isinstance(node, list):
        entries = [(index, node.lc.item(index)) for index in range(len(node))]
    else:
        return
    for key, (line, col) in entries:
        value = node[key]
        if isinstance(value, str):
            yield loc + (key,), value, (line + 1, col + 1)
        else:
            yield from _scalars(value, loc + (key,))
# --- positions for later stages ---------------------------------------------------------------

DocumentKey = str | tuple[str, str]  # "handbook", "charter", ("kit", id) or ("module", id)


@dataclass(frozen=True)
class Sources:
    """The loaded files behind a valid Handbook, so that a later stage (the programme
    diagnostic) points at a key with exactly the positions validation uses."""

    display: str  # the folder as the user named it
    documents: Mapping[DocumentKey, Document]

    def locate(self, document: DocumentKey, loc: Loc, *,
               at_key: bool = False) -> tuple[str, int, int, str]:
        """(file inside the folder, line, column, dotted key path) of `loc` in `document`.

        A key that is absent is located at its nearest written parent: where to add it.
        """
        written, line, col, there = _where(self.documents[document], loc, at_key=at_key)
        # A file a group shares lies outside its entity's folder: "../../kits/...".
        file = Path(os.path.relpath(written.display, self.display)).as_posix()
        return file, line, col, _dotted(there)


def texts_of(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, LocalText]]:
    """Every text field under a model, list or text, with its location."""
    return _texts(value, loc)
# --- brand colours ------------------------------------------------------------------------------

# What each brand colour writes on the white page (Material's custom palette).
_COLOUR_USES = {
    "primary": "links are written in it",
    "accent": "links under the pointer and search highlights are written in it",
}


def _contrast_problems(settings: HandbookFile, document: Document) -> list[Diagnostic]:
    """A brand colour too pale to read as text on the page, with the nearest shade that is."""
    branding = settings.branding
    if branding.auto_contrast:
        return []
    problems = []
    for key, use in _COLOUR_USES.items():
        colour = getattr(branding, key)
        ratio = contrast(colour, PAGE_BACKGROUND)
        if ratio < TEXT_CONTRAST:
            shade = nearest_readable_shade(colour).upper()
            line, col = _position(document.tree, ("branding", key), at_key=False)
            problems.append(Diagnostic(
                document.display, line, col, "error", f"branding.{key}",
                f"'{colour}' on the white page has a contrast of {ratio:.2f}:1, below the "
                f"{TEXT_CONTRAST:g}:1 that text needs ({use}); use \"{shade}\", the nearest "
                "shade that is readable, or add 'auto_contrast: true' under branding to use it "
                "automatically"))
    return problems
