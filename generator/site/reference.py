"""What editors read about the input, generated from the declarations of model/ (the ones
the validator uses): a JSON Schema per input file (`handbook schema` writes them; the repository
ships them in schemas/ for editors such as VS Code) and the input reference of the user guide,
in French and English, with the codes of the programme diagnostic (docs/<lang>/pages/
reference.md, kept in sync by a golden test: regenerate with HANDBOOK_REGENERATE=1).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..diagnose.check import CHECKS
from ..diagnose.group import GROUP_CHECKS
from ..inputs.labels import labels
from ..model.charter import Charter
from ..model.fields import PATTERNS
from ..model.group import EntityCharter, EntityHandbookFile, GroupFile
from ..model.settings import HandbookFile
from ..model.training import Kit, Module

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# (schema file stem, declaration, the input file it describes)
INPUT_FILES: tuple[tuple[str, type[BaseModel], str], ...] = (
    ("handbook", HandbookFile, "handbook.yml"),
    ("charter", Charter, "charter.yml"),
    ("kit", Kit, "kits/<id>.yml"),
    ("training", Module, "training/<id>.yml"),
    ("group", GroupFile, "group.yml"),
    ("entity-handbook", EntityHandbookFile, "entities/<id>/handbook.yml"),
    ("entity-charter", EntityCharter, "entities/<id>/charter.yml"),
)
# A group's entity files are written like the file they are based on: the reference lists only
# what differs (the JSON Schemas describe them in full, for editors).
BASED_ON = {"entity-handbook": "handbook", "entity-charter": "charter"}

WORDS = {
    "fr": {
        "title": "Référence des fichiers",
        "intro": (
            "Cette page liste chaque clé que l'outil accepte, fichier par fichier. Elle est "
            "produite à partir des déclarations du schéma (`generator/model/`) : les "
            "descriptions y sont écrites en anglais, les types et les valeurs permises sont "
            "ceux que `handbook check` vérifie. `[]` signale un élément de liste : "
            "`people[].id` est l'`id` de chaque personne."
        ),
        "columns": ("Clé", "Valeur", "Obligatoire ou défaut", "Description"),
        "codes_title": "Codes du diagnostic du programme",
        "codes_intro": (
            "`handbook check` signale ces constats (aussi avec `--format json` et `github`). "
            "Les codes sont stables ; le chapitre est la page du guide qui explique la règle."
        ),
        "codes_columns": ("Code", "Gravité", "Chapitre", "Message"),
        "based_on": "Les clés de `{file}`, avec ces différences (voir aussi [Les "
                    "groupes](groups.md)) :",
        "required": "obligatoire",
        "text": "texte (ou `{fr: ..., en: ...}`)",
        "plain": "texte",
        "mapping": "groupe de clés",
        "list": "liste de {}",
        "values": "liste de valeurs parmi {}",
        "one_of": "une valeur parmi {}",
        "date": "date AAAA-MM-JJ",
        "integer": "nombre entier",
        "number": "nombre",
        "at_least": "au moins {}",
        "at_most": "au plus {}",
        "patterns": {
            "id": "identifiant (`minuscules-et-tirets`)",
            "colour": "couleur `\"#RRGGBB\"`",
            "url": "adresse web (https://...)",
            "site-url": "adresse du site (https://...)",
            "email": "adresse e-mail",
            "version": "version entre guillemets (`\"1.2\"`)",
            "guid": "GUID (`3f0c2a8e-5b1d-4c7a-9e64-2d8b7f1a0c35`)",
        },
    },
    "en": {
        "title": "Input reference",
        "intro": (
            "This page lists every key the tool accepts, file by file. It is generated from "
            "the schema declarations (`generator/model/`): the kinds of values and the "
            "allowed values are those `handbook check` verifies. `[]` marks an item of a "
            "list: `people[].id` is the `id` of each person."
        ),
        "columns": ("Key", "Value", "Required or default", "Description"),
        "codes_title": "Codes of the programme diagnostic",
        "codes_intro": (
            "`handbook check` reports these findings (also with `--format json` and `github`). "
            "Codes are stable; the chapter is the handbook page that explains the rule."
        ),
        "codes_columns": ("Code", "Severity", "Chapter", "Message"),
        "based_on": "The keys of `{file}`, with these differences (see also "
                    "[Groups](groups.md)):",
        "required": "required",
        "text": "text (or `{fr: ..., en: ...}`)",
        "plain": "text",
        "mapping": "group of keys",
        "list": "list of {}",
        "values": "list of values among {}",
        "one_of": "one of {}",
        "date": "date YYYY-MM-DD",
        "integer": "whole number",
        "number": "number",
        "at_least": "at least {}",
        "at_most": "at most {}",
        "patterns": {
            "id": "identifier (`lower-case-and-hyphens`)",
            "colour": "colour `\"#RRGGBB\"`",
            "url": "web address (https://...)",
            "site-url": "address of the site (https://...)",
            "email": "e-mail address",
            "version": "version in quotes (`\"1.2\"`)",
            "guid": "GUID (`3f0c2a8e-5b1d-4c7a-9e64-2d8b7f1a0c35`)",
        },
    },
}

def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each input file, by file stem."""
    schemas = {}
    for stem, model, file in INPUT_FILES:
        generated = model.model_json_schema()
        generated["title"] = file
        schemas[stem] = {"$schema": JSON_SCHEMA_DIALECT, **generated}
    return schemas


def write_schemas(directory: Path) -> list[Path]:
    """Write the JSON Schemas into `directory`; return the files."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, schema in json_schemas().items():
        path = directory / f"{stem}.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8", newline="\n")
        written.append(path)
    return written


def input_reference(lang: str) -> str:
    """The reference page in `lang`, as Markdown; refuses a key without a description."""
    words = WORDS[lang]
    lines = [f"# {words['title']}", "", words["intro"], ""]
    files = {stem: filename for stem, _, filename in INPUT_FILES}
    for stem, model, filename in INPUT_FILES:
        schema = model.model_json_schema()
        lines += [f"## `{filename}`", ""]
        if stem in BASED_ON:
            lines += [words["based_on"].format(file=files[BASED_ON[stem]]), ""]
        lines += ["| " + " | ".join(words["columns"]) + " |", "| --- | --- | --- | --- |"]
        for path, prop, required in _documented_keys(stem, schema):
            if not prop.get("description"):
                raise ValueError(f"{filename}: {path} has no description in the model")
            lines.append("| " + " | ".join((
                f"`{path}`",
                _kind(prop, schema, words),
                words["required"] if required else _default(prop),
                _cell(prop["description"]),
            )) + " |")
        lines.append("")
    findings = labels(lang)["findings"]
    lines += [f"## {words['codes_title']}", "", words["codes_intro"], "",
              "| " + " | ".join(words["codes_columns"]) + " |", "| --- | --- | --- | --- |"]
    lines += [f"| `{rule.code}` | {rule.severity} | `{rule.chapter}` | {_cell(findings[rule.words])} |"
              for rule in (*CHECKS.values(), *GROUP_CHECKS.values())]
    lines.append("")
    return "\n".join(lines)


def reference_keys() -> Iterator[str]:
    """Every documented key path, file by file: what the reference page must list."""
    for stem, model, filename in INPUT_FILES:
        for path, _, _ in _documented_keys(stem, model.model_json_schema()):
            yield f"{filename}: {path}"


def _documented_keys(stem: str, schema: dict) -> Iterator[tuple[str, dict, bool]]:
    """The keys the reference lists for a file: all of them, or for a file based on another,
    those that are new or differ (in kind, requirement, default or description)."""
    keys = _keys(schema, schema, "")
    if stem not in BASED_ON:
        yield from keys
        return
    base_model = next(model for other, model, _ in INPUT_FILES if other == BASED_ON[stem])
    base_schema = base_model.model_json_schema()
    base = {path: (prop, required) for path, prop, required in _keys(base_schema, base_schema,
                                                                     "")}
    for path, prop, required in keys:
        if base.get(path) != (prop, required):
            yield path, prop, required


def _keys(node: dict, root: dict, prefix: str) -> Iterator[tuple[str, dict, bool]]:
    required = set(node.get("required", ()))
    for name, prop in node.get("properties", {}).items():
        path = prefix + name
        yield path, prop, name in required
        inner = _resolve(_non_null(prop), root)
        if inner.get("type") == "array":
            item = _resolve(_non_null(inner.get("items", {})), root)
            if "properties" in item:
                yield from _keys(item, root, f"{path}[].")
        elif "properties" in inner:
            yield from _keys(inner, root, f"{path}.")


def _non_null(prop: dict) -> dict:
    options = [option for option in prop.get("anyOf", ()) if option.get("type") != "null"]
    if len(options) == 1 and "anyOf" in prop:
        return {**options[0], **{k: v for k, v in prop.items() if k != "anyOf"}}
    return prop


def _resolve(prop: dict, root: dict) -> dict:
    if "$ref" in prop:
        return root["$defs"][prop["$ref"].rsplit("/", 1)[-1]]
    return prop


def _kind(prop: dict, root: dict, words: dict) -> str:
    prop = _non_null(prop)
    if "anyOf" in prop:  # a text: a string, or a mapping by language
        return words["text"]
    if "$ref" in prop or prop.get("type") == "object":
        return words["mapping"]
    kind = prop.get("type")
    if kind == "array" and "enum" in prop.get("items", {}):
        return words["values"].format(", ".join(f"`{value}`" for value in prop["items"]["enum"]))
    if kind == "array":
        return words["list"].format(_kind(prop.get("items", {}), root, words))
    if "enum" in prop:
        return words["one_of"].format(", ".join(f"`{value}`" for value in prop["enum"]))
    if kind == "string":
        if prop.get("format") == "date":
            return words["date"]
        name = PATTERNS.get(prop.get("pattern"), ("",))[0]
        if name in words["patterns"]:  # a pattern the reference explains in words
            return words["patterns"][name]
        return words["plain"]
    if kind in ("integer", "number"):
        bounds = [words["at_least"].format(prop["minimum"])] if "minimum" in prop else []
        bounds += [words["at_most"].format(prop["maximum"])] if "maximum" in prop else []
        return words[kind] + (f" ({', '.join(bounds)})" if bounds else "")
    return str(kind)


def _default(prop: dict) -> str:
    default = prop.get("default")
    if default is None or default == [] or isinstance(default, dict):
        return ""
    return f"`{json.dumps(default, ensure_ascii=False)}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
