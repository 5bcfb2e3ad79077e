"""A group built as a CI matrix: `--entity ID` jobs, each on its own machine, then
`--portal-only` on their artifacts merged, gives the bytes of a whole-group build."""

from __future__ import annotations

import shutil

import pytest

from generator.build.group import build_group

from .conftest import FIXTURES, run
from .test_build import tree_digest
from .test_group_kpi import add_exports

ENTITIES = ("alpha", "beta", "gamma")


@pytest.fixture
def group(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "group", tmp_path / "grp")
    add_exports(tmp_path / "grp")
    return tmp_path / "grp"


@pytest.mark.slow
def test_entity_jobs_then_the_portal_give_the_bytes_of_a_whole_build(group, tmp_path):
    build_group(group, tmp_path / "whole", jobs=1)
    merged = tmp_path / "merged"
    for entity in ENTITIES:  # each CI job: a clean machine, its own output folder
        job = tmp_path / f"job-{entity}"
        result = run("build", "grp", "--entity", entity, "-o", str(job / "site"))
        assert result.exit_code == 0, result.output
        assert f"Built the entity {entity} of grp into {job / 'site'}/{entity}/" in result.stdout
        assert sorted(p.name for p in (job / "site").iterdir()) == [
            f".{entity}.handbook-entity.json", entity]
        shutil.copytree(job / "site", merged, dirs_exist_ok=True)  # the artifacts, merged
    result = run("build", "grp", "--portal-only", "-o", str(merged))
    assert result.exit_code == 0, result.output
    assert "around its 3 entities" in result.stdout
    whole = tree_digest(tmp_path / "whole")
    assert any(name.endswith(".pdf") for name in whole)
    assert tree_digest(merged) == whole


@pytest.mark.slow
def test_the_portal_waits_for_every_entity(group, tmp_path):
    assert run("build", "grp", "--entity", "alpha", "-o", "out").exit_code == 0
    result = run("build", "grp", "--portal-only", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == (f"error: 2 entities are not built in {tmp_path / 'out'} yet: beta, "
                             "gamma; build each one with --entity ID -o OUTPUT first, then the "
                             "portal\n")


def test_an_unknown_entity_is_named_with_the_known_ones(group):
    result = run("build", "grp", "--entity", "delta", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == ("error: no entity 'delta' in grp/group.yml; its entities are: "
                             "alpha, beta, gamma\n")


def test_an_entity_job_never_replaces_a_folder_it_did_not_build(group, tmp_path):
    (tmp_path / "out" / "alpha").mkdir(parents=True)
    (tmp_path / "out" / "alpha" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("build", "grp", "--entity", "alpha", "-o", "out")
    assert result.exit_code == 1
    assert "was not built by handbook" in result.stderr
    assert (tmp_path / "out" / "alpha" / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("args, message", [
    (("--entity", "alpha", "--portal-only"), "--entity and --portal-only are two steps"),
    (("--portal-only",), "--entity and --portal-only are for a group"),
])
def test_misused_options_are_usage_errors(group, tmp_path, args, message):
    folder = "grp" if "--entity" in args else str(FIXTURES / "minimal")
    result = run("build", folder, *args, "-o", "out")
    assert result.exit_code == 2
    assert message in result.stderr
