"""End-to-end builds: the demo in strict mode, determinism, the atomic swap, the output guard."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import pipeline as build_module
from generator.build.pipeline import MARKER, build_handbook
from generator.core.errors import BuildError
from generator.printables.pdf import CACHE_DIRNAME

from .conftest import DEMO, MINIMAL, REPO, run


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def test_demo_builds_both_languages_in_strict_mode(demo_site):
    assert (demo_site / "index.html").is_file()
    assert (demo_site / "en" / "index.html").is_file()
    for lang_root in (demo_site, demo_site / "en"):
        for page in ("charter.html", "contacts.html", "kits/index.html", "training/index.html",
                     "kits/day-in-my-life.html", "training/effective-post.html"):
            assert (lang_root / page).is_file(), page
        assert (lang_root / "search" / "search_index.json").is_file()


def test_each_language_has_its_own_search_index(demo_site):
    french = json.loads((demo_site / "search" / "search_index.json").read_text())
    english = json.loads((demo_site / "en" / "search" / "search_index.json").read_text())
    assert french["config"]["lang"] == ["fr"]
    assert english["config"]["lang"] == ["en"]
    assert not any(doc["location"].startswith("en/") for doc in french["docs"])


def test_each_search_index_is_in_its_language_typography(demo_site):
    # Typeset as MkDocs writes it (build/mkdocs.py): no text of either index is left for the
    # typography to change, and the script the site opens from a file is the same index.
    from generator.core.typography import typeset_html

    for root, lang in ((demo_site, "fr"), (demo_site / "en", "en")):
        raw = (root / "search" / "search_index.json").read_bytes()
        texts = [entry[key] for entry in json.loads(raw)["docs"] for key in ("title", "text")]
        assert [typeset_html(text, lang) for text in texts] == texts
        assert (root / "search" / "search_index.js").read_bytes() == (
            b"var __index = " + raw + b"\n")
    french = (demo_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "\\u00a0:" in french and "\\u202f?" in french  # as Material escapes them


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path):
    # Each output has a PDF cache of its own (.handbook-cache/one, .handbook-cache/two), empty
    # here: both builds render every PDF.
    first = build_handbook(DEMO, tmp_path / "one")
    second = build_handbook(DEMO, tmp_path / "two")
    assert first.pdfs_reused == second.pdfs_reused == 0
    digest = tree_digest(tmp_path / "one")
    assert any(name.endswith(".pdf") for name in digest)
    assert any(name.endswith(".zip") for name in digest)
    assert digest == tree_digest(tmp_path / "two")


@pytest.mark.slow
def test_a_build_failing_late_leaves_the_previous_site_intact(tmp_path, monkeypatch):
    output = tmp_path / "site"
    build_handbook(MINIMAL, output)
    before = tree_digest(output)

    real_run_mkdocs = build_module.run_mkdocs

    def break_the_docs_then_build(config_file, site_dir, moment, docs, **kwargs):
        # A broken link planted in the generated project: MkDocs itself must refuse it.
        docs = {**docs, "charter.md": docs["charter.md"] + b"\n[broken](nowhere.md)\n"}
        real_run_mkdocs(config_file, site_dir, moment, docs=docs, **kwargs)

    monkeypatch.setattr(build_module, "run_mkdocs", break_the_docs_then_build)
    with pytest.raises(BuildError, match="nowhere.md"):
        build_handbook(MINIMAL, output, force=True)

    assert tree_digest(output) == before
    # The PDF cache beside the site, and no staging left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == [CACHE_DIRNAME, "site"]


def test_a_folder_not_built_by_handbook_is_never_replaced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = run("build", str(MINIMAL), "-o", "documents")
    assert result.exit_code == 1
    assert "documents already exists and was not built by handbook" in result.stderr
    assert (precious / "notes.txt").read_text() == "keep me"


@pytest.mark.slow
def test_a_site_built_before_is_replaced(tmp_path):
    output = tmp_path / "site"
    build_handbook(MINIMAL, output)
    (output / "stale.html").write_text("old page")
    build_handbook(MINIMAL, output)
    assert not (output / "stale.html").exists()
    assert (output / MARKER).is_file()


@pytest.mark.slow
def test_build_command_reports_and_exits_zero(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", str(MINIMAL), "-o", "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Built {MINIMAL} into out/ (fr; ")


def test_invalid_input_exits_one_and_writes_nothing(org, tmp_path):
    (org / "handbook.yml").write_text("organisation: {}\n")
    result = run("build", "org", "-o", "out")
    assert result.exit_code == 1
    assert "org/handbook.yml:1:1: error: organisation.name: required key is missing" in \
        result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_strict_build_fails_on_warnings(org, tmp_path):
    (org / "handbook.yml").write_text((org / "handbook.yml").read_text() + "colour: red\n")
    assert run("build", "org", "-o", "out").exit_code == 0
    result = run("build", "--strict", "org", "-o", "strict-out")
    assert result.exit_code == 1
    assert "warning: colour: unknown key 'colour'" in result.stderr
    assert "(warnings fail with --strict)" in result.stderr
    assert not (tmp_path / "strict-out").exists()


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["serve"]])
def test_every_command_explains_itself(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: handbook" in result.stdout


def test_usage_errors_exit_two():
    assert run("build", "--no-such-option").exit_code == 2
    assert run("no-such-command").exit_code == 2
    assert run("serve", "--address", "nonsense").exit_code == 2


def test_python_dash_m_is_the_same_program(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "check", str(MINIMAL)],
                            capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"{MINIMAL}: valid; programme diagnostic: 0 errors, "
                                  "9 warnings, 1 advice.\n")


@pytest.mark.slow
def test_build_without_folder_builds_the_demo(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    result = run("build", "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built charters/demo into")
