"""The data of the files a build loaded, kept for the next build (inputs/kept.py): the same
handbook and the same messages as a load from scratch, only changed files parsed again, and
nothing taken from a file the build did not sign."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from generator.core.errors import InputError
from generator.core.signed import write_signed
from generator.inputs import kept as kept_module
from generator.inputs import load
from generator.inputs.handbook import load_handbook
from generator.inputs.plain import from_json, to_json

from .conftest import DEMO, FIXTURES, MINIMAL


def _parses(monkeypatch) -> list[str]:
    """The files parsed from here on, by the name messages give them."""
    parsed: list[str] = []
    real = load._loaded

    def counting(text, display):
        parsed.append(display)
        return real(text, display)

    monkeypatch.setattr(load, "_loaded", counting)
    return parsed


@pytest.mark.parametrize("folder", [DEMO, MINIMAL, FIXTURES / "healthy", FIXTURES / "kpi"],
                         ids=lambda folder: folder.name)
def test_the_same_handbook_and_warnings_as_from_scratch(tmp_path, monkeypatch, folder):
    kept = tmp_path / "kept.signed"
    expected = load_handbook(folder, "org")
    assert load_handbook(folder, "org", kept=kept) == expected  # cold: writes the file
    parsed = _parses(monkeypatch)
    handbook, warnings = load_handbook(folder, "org", kept=kept)
    assert (handbook, warnings) == expected
    assert repr(handbook.settings) == repr(expected[0].settings)  # same types, not only ==
    assert repr(handbook.kits) == repr(expected[0].kits)
    # handbook.yml, with people's private details, is never kept: it is read each time.
    assert parsed == ["org/handbook.yml"]


def test_only_changed_files_are_parsed_again(org, monkeypatch):
    kept = org.parent / "kept.signed"
    load_handbook(org, "org", kept=kept)
    kit = org / "kits" / "day-in-my-life.yml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("Une journée", "Un jour"),
                   encoding="utf-8")
    parsed = _parses(monkeypatch)
    handbook, _ = load_handbook(org, "org", kept=kept)
    assert parsed == ["org/handbook.yml", "org/kits/day-in-my-life.yml"]
    assert dict(handbook.kits)["day-in-my-life"].title.get("fr", ()) == "Un jour avec moi"


def test_messages_point_where_they_did(org):
    """A kept file is parsed for its positions when a message needs them: an unknown key
    (a warning from validation) and an error across files (a kit's unknown persona)."""
    kept = org.parent / "kept.signed"
    handbook_yml = org / "handbook.yml"
    handbook_yml.write_text(handbook_yml.read_text(encoding="utf-8") + "colour: blue\n",
                            encoding="utf-8")
    kit = org / "kits" / "day-in-my-life.yml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("format: post", "format: postt"),
                   encoding="utf-8")
    with pytest.raises(InputError) as cold:
        load_handbook(org, "org", kept=kept)
    with pytest.raises(InputError) as warm:
        load_handbook(org, "org", kept=kept)
    assert warm.value.diagnostics == cold.value.diagnostics
    assert {(d.file, d.severity) for d in warm.value.diagnostics} == {
        ("org/handbook.yml", "warning"), ("org/kits/day-in-my-life.yml", "error")}


def test_only_the_files_read_are_kept(org):
    kept = org.parent / "kept.signed"
    load_handbook(org, "org", kept=kept)
    first = kept.read_bytes()
    shutil.rmtree(org / "training")
    (org / "training").mkdir()
    try:
        load_handbook(org, "org", kept=kept)
    except InputError:
        pass
    assert len(kept.read_bytes()) < len(first)


@pytest.mark.parametrize("planted", ["unsigned", "other code"])
def test_planted_data_is_ignored(org, monkeypatch, planted):
    """Data planted in the cache folder for a file's hash never becomes the handbook."""
    kept = org.parent / "kept.signed"
    load_handbook(org, "org", kept=kept)
    stamp = kept_module._stamp()
    hostile = {digest: '{"title":"<script>alert(1)</script>"}'
               for digest in kept_module.KeptFiles(kept)._known}
    if planted == "unsigned":
        kept.write_bytes(b"\0" * 32 + json.dumps(hostile).encode())
    else:
        write_signed(kept, stamp.replace("files ", "files 0"), hostile)
    handbook, _ = load_handbook(org, "org", kept=kept)
    assert handbook == load_handbook(org, "org")[0]
    assert "<script>" not in repr(handbook)


def test_json_gives_the_data_back_exactly():
    data = {"a": [1, 2.5, True, None, "x", dt.date(2027, 1, 15),
                  dt.datetime(2027, 1, 15, 9, 30, tzinfo=dt.UTC)],
            "nested": {"\u00e9": {"b": [float("inf")]}}}
    again = from_json(to_json(data))
    assert again == data
    assert type(again["a"][5]) is dt.date and type(again["a"][6]) is dt.datetime
    assert again is not data and again["nested"] is not data["nested"]


@pytest.mark.parametrize("data", [{1: "a number as a key"}, {"a": {1, 2}}, {"a": b"bytes"}])
def test_what_json_cannot_give_back_is_not_kept(data):
    assert to_json(data) is None


def test_nothing_new_nothing_written(org, monkeypatch):
    kept = org.parent / "kept.signed"
    load_handbook(org, "org", kept=kept)
    written = []
    monkeypatch.setattr(kept_module, "write_signed", lambda *args: written.append(args))
    load_handbook(org, "org", kept=kept)
    assert written == []
