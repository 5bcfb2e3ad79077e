"""The JSON Schemas and the input reference editors read: generated from schema.py, shipped
in schemas/, checked with a JSON Schema validator (jsonschema), not with our own code."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel
from ruamel.yaml import YAML

from generator.site.reference import BASED_ON, INPUT_FILES, input_reference, json_schemas

from .conftest import DEMO, REPO, run

SCHEMAS = REPO / "schemas"
KIND_OF_FOLDER = {"kits": "kit", "training": "training", "history": "charter"}


def demo_files() -> list[tuple[Path, str]]:
    """Every YAML file of the demo, with the schema that describes it."""
    files = []
    for path in sorted(DEMO.rglob("*.yml")):
        relative = path.relative_to(DEMO)
        kind = KIND_OF_FOLDER.get(relative.parts[0]) if len(relative.parts) > 1 else path.stem
        files.append((path, kind))
    return files


def as_json(path: Path) -> object:
    # What an editor's YAML 1.2 language server sees: an unquoted date is a string.
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{kind}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_shipped_schemas_are_up_to_date(tmp_path):
    result = run("schema", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{stem}.json" for stem, _, _ in INPUT_FILES)
    for name in written:
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == \
            (SCHEMAS / name).read_text(encoding="utf-8"), \
            f"schemas/{name} is out of date: run `handbook schema` and commit the result"


@pytest.mark.parametrize("path, kind", demo_files(), ids=lambda v: getattr(v, "name", v))
def test_every_demo_file_is_valid_against_its_schema(path, kind):
    errors = [error.message for error in validator(kind).iter_errors(as_json(path))]
    assert errors == []


@pytest.mark.parametrize("path, kind", demo_files(), ids=lambda v: getattr(v, "name", v))
def test_every_demo_file_names_its_schema_for_the_editor(path, kind):
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix)
    target = (path.parent / first_line.removeprefix(prefix)).resolve()
    assert target == (SCHEMAS / f"{kind}.json").resolve()


def test_a_misspelt_key_is_rejected():
    data = as_json(DEMO / "handbook.yml")
    data["programme"]["maturty"] = data["programme"].pop("maturity")
    errors = list(validator("handbook").iter_errors(data))
    assert sorted((list(e.absolute_path), e.validator) for e in errors) == [
        (["programme"], "additionalProperties"), (["programme"], "required")]
    assert "'maturty' was unexpected" in " ".join(e.message for e in errors)


def test_a_misspelt_key_deep_in_a_kit_is_rejected():
    data = as_json(DEMO / "kits" / "day-in-my-life.yml")
    data["ideas"][1]["promts"] = data["ideas"][1].pop("prompts")
    errors = list(validator("kit").iter_errors(data))
    assert [(list(e.absolute_path), e.validator) for e in errors] == [
        (["ideas", 1], "additionalProperties")]


def test_a_wrong_value_is_rejected():
    data = as_json(DEMO / "handbook.yml")
    data["programme"]["priority"] = "sales"
    data["programme"]["tracks"]["employee"]["launch_size"] = 0
    data["branding"]["primary"] = "blue"
    errors = list(validator("handbook").iter_errors(data))
    assert sorted(".".join(map(str, e.absolute_path)) for e in errors) == [
        "branding.primary", "programme.priority", "programme.tracks.employee"]
    employee = next(e for e in errors if e.validator == "anyOf")
    assert "minimum" in {sub.validator for sub in employee.context}


def declared_keys(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str | None]]:
    """Every key declared in schema.py under `model`, as `parent.child` / `list[].child`."""
    keys = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        keys.append((path, field.description))
        for nested, is_list in _models_in(field.annotation):
            keys += declared_keys(nested, f"{path}[]." if is_list else f"{path}.")
    return keys


def _models_in(annotation, in_list: bool = False):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, in_list
        return
    origin = typing.get_origin(annotation)
    for argument in typing.get_args(annotation):
        yield from _models_in(argument, in_list or origin is list)


@pytest.mark.parametrize("stem, model, file", INPUT_FILES, ids=[f[0] for f in INPUT_FILES])
def test_every_declared_key_is_described_and_in_the_reference(stem, model, file):
    reference = (REPO / "docs" / "en" / "pages" / "reference.md").read_text(encoding="utf-8")
    files = {other: name for other, _, name in INPUT_FILES}
    # A group entity's file lists what differs from the file it is based on, which has the rest.
    sections = [reference.split(f"## `{files[other]}`\n", 1)[1].split("\n## ", 1)[0]
                for other in (stem, BASED_ON.get(stem)) if other]
    keys = declared_keys(model)
    assert len(keys) > 5
    for key, description in keys:
        assert description, f"{file}: {key} has no description in schema.py"
        assert any(f"| `{key}` |" in section for section in sections), \
            f"{file}: {key} is missing from the reference"


def test_the_reference_refuses_an_undocumented_key(monkeypatch):
    from pydantic import Field, create_model

    from generator.model.fields import Strict
    from generator.site import reference

    undocumented = create_model("Undocumented", __base__=Strict, colour=(str, Field()))
    monkeypatch.setattr(reference, "INPUT_FILES", (("x", undocumented, "x.yml"),))
    with pytest.raises(ValueError, match="colour has no description"):
        input_reference("en")


def test_schemas_describe_every_input_file():
    schemas = json_schemas()
    assert [schemas[stem]["title"] for stem, _, _ in INPUT_FILES] == [
        "handbook.yml", "charter.yml", "kits/<id>.yml", "training/<id>.yml", "group.yml",
        "entities/<id>/handbook.yml", "entities/<id>/charter.yml"]
    for schema in schemas.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["additionalProperties"] is False
        assert all(d["additionalProperties"] is False for d in schema.get("$defs", {}).values()
                   if d.get("type") == "object")


# --- the example group: every file valid against the schema its first line names ------------

HELIOS = REPO / "charters" / "groupe-helios"


def group_files() -> list[tuple[Path, str]]:
    """Every YAML file of the example group, with the schema that describes it."""
    files = []
    for path in sorted(HELIOS.rglob("*.yml")):
        parts = path.relative_to(HELIOS).parts
        if parts[0] == "entities":  # an entity's folder is an organisation's, but two files
            parts = parts[2:]
            kind = {"handbook.yml": "entity-handbook", "charter.yml": "entity-charter"}.get(
                parts[0]) or KIND_OF_FOLDER[parts[0]]
        else:
            kind = KIND_OF_FOLDER.get(parts[0]) if len(parts) > 1 else path.stem
        files.append((path, "entity-charter" if kind == "charter" else kind))
    return files


@pytest.mark.parametrize("path, kind", group_files(),
                         ids=lambda v: "/".join(v.parts[-3:]) if isinstance(v, Path) else v)
def test_every_example_group_file_is_valid_against_the_schema_it_names(path, kind):
    assert kind in {"group", "entity-handbook", "entity-charter", "kit", "training"}
    errors = [error.message for error in validator(kind).iter_errors(as_json(path))]
    assert errors == []
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    target = (path.parent / first_line.removeprefix("# yaml-language-server: $schema=")).resolve()
    assert target == (SCHEMAS / f"{kind}.json").resolve()


def test_the_entity_schemas_let_inherited_keys_out_but_not_unknown_ones():
    charter = as_json(HELIOS / "entities" / "helios-services" / "charter.yml")
    assert "encouraged" not in charter and "bad_buzz" not in charter
    assert list(validator("entity-charter").iter_errors(charter)) == []
    # The plain charter schema would refuse it: that is why entities have their own.
    refused = list(validator("charter").iter_errors(charter))
    assert {e.validator for e in refused} == {"additionalProperties", "required"}
    charter["drop"] = ["x"]
    charter["dorp"] = ["x"]
    assert [e.message for e in validator("entity-charter").iter_errors(charter)] == [
        "Additional properties are not allowed ('dorp' was unexpected)"]
