"""Guards on what the tool relies on in its libraries beyond their documented API."""

from __future__ import annotations

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.inputs.load import load_yaml


def test_ruamel_still_has_the_private_methods_the_load_stage_uses():
    """generator/inputs/load.py builds ruamel's round-trip tree from libyaml's events with
    these; pyproject.toml pins ruamel.yaml below its next minor. If this fails after an
    upgrade, the load stage must be adapted before the pin is raised."""
    assert callable(getattr(CommentedMap(), "_yaml_set_line_col", None))
    assert callable(getattr(CommentedMap(), "_yaml_set_kv_line_col", None))
    assert callable(getattr(CommentedSeq(), "_yaml_set_idx_line_col", None))
    yaml = YAML(typ="rt")
    assert hasattr(yaml, "doc_infos")
    # The composer's fallback replaces the parser the YAML object keeps as `_parser`.
    assert yaml.parser is vars(yaml)["_parser"]


def test_positions_recorded_through_them_are_right(tmp_path):
    path = tmp_path / "f.yml"
    path.write_text("a:\n  - x: 1\n    y: [2, 3]\n", encoding="utf-8")
    tree = load_yaml(path, "f.yml").tree
    assert tree.lc.key("a") == (0, 0)
    assert tree["a"].lc.item(0) == (1, 4)
    assert tree["a"][0].lc.value("y") == (2, 7)
    assert tree["a"][0]["y"].lc.item(1) == (2, 11)



def test_mkdocs_still_has_the_build_steps_the_preview_calls():
    """generator/build/preview.py renders the pages an edit touches with these two steps of
    MkDocs' build, and rewrites Material's search index from its entries; pyproject.toml pins
    MkDocs below its next minor. If this fails after an upgrade, the preview must be adapted
    (tests/test_preview.py compares it with a whole build) before the pin is raised."""
    import inspect

    from material.plugins.search.plugin import SearchIndex
    from mkdocs.commands import build

    assert list(inspect.signature(build._populate_page).parameters) == [
        "page", "config", "files", "dirty"]
    assert list(inspect.signature(build._build_page).parameters)[:5] == [
        "page", "config", "doc_files", "nav", "env"]
    assert "excluded" in inspect.signature(build._build_page).parameters
    index = SearchIndex(lang=["fr"], separator=" ", pipeline=[], fields={})
    assert index.entries == []
    assert '"docs":[]' in index.generate_search_index(None)
