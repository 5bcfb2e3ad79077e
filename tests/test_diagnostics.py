"""Every validation error, with its exact message and position: one fixture folder per case.

tests/fixtures/errors/<case>/ holds the files that replace those of the minimal valid folder,
and expected.txt what `handbook check` prints on stderr.
"""

from __future__ import annotations

import shutil

import pytest

from .conftest import FIXTURES, golden, run

CASES = sorted(p.name for p in (FIXTURES / "errors").iterdir())
WARNING_ONLY = {"unknown-key", "missing-translation", "pale-colour-kept"}


@pytest.mark.parametrize("case", CASES)
def test_error_case(case, org):
    source = FIXTURES / "errors" / case
    for path in source.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = org / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)

    result = run("check", "org")

    golden(source / "expected.txt", result.stderr)
    assert "Traceback" not in result.output
    if case in WARNING_ONLY:
        assert result.exit_code == 0
        assert run("check", "--strict", "org").exit_code == 1
    else:
        assert result.exit_code == 1
        assert "error:" in result.stderr


def test_missing_files(org):
    (org / "charter.yml").unlink()
    result = run("check", "org")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "org/charter.yml:1:1: error: this file is missing; every handbook folder needs one "
        "(see charters/demo/charter.yml)")


def test_missing_folder(org):
    result = run("check", "nowhere")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "nowhere:1:1: error: no such folder; give the folder holding handbook.yml and "
        "charter.yml")


def test_symlink_out_of_the_folder_is_refused(org, tmp_path):
    outside = tmp_path / "secret.svg"
    outside.write_text("<svg/>")
    (org / "assets").mkdir()
    (org / "assets" / "logo.svg").symlink_to(outside)
    handbook = org / "handbook.yml"
    handbook.write_text(handbook.read_text().replace(
        "languages: [fr]", "languages: [fr]\nbranding: {logo: assets/logo.svg}"))
    result = run("check", "org")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "org/handbook.yml:5:18: error: branding.logo: 'assets/logo.svg' is a link to a file "
        "outside the folder; copy the file into the folder instead")


def test_all_problems_of_all_files_in_one_run(org):
    (org / "handbook.yml").write_text(
        (org / "handbook.yml").read_text().replace("maturity: low", "maturity: lo"))
    (org / "charter.yml").write_text(
        (org / "charter.yml").read_text().replace('version: "1.0"', "version: 1.0"))
    (org / "kits" / "day-in-my-life.yml").write_text(
        (org / "kits" / "day-in-my-life.yml").read_text().replace("format: post", "format: reel"))
    result = run("check", "org")
    files = {line.split(":")[0] for line in result.stderr.splitlines() if ": error:" in line}
    assert files == {"org/handbook.yml", "org/charter.yml", "org/kits/day-in-my-life.yml"}
