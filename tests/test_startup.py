"""Commands that start fast: a nothing-changed build, `--help` and every command's startup
import none of the heavy libraries (MkDocs, WeasyPrint, Jinja, pydantic, Markdown).

Each command runs in a fresh interpreter, as a user runs it, which lists the modules it had
imported when it ended. Speed itself is measured by bench/startup.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from generator.build.freshness import library_version
from generator.build.pipeline import build_handbook

from .conftest import REPO

HEAVY = ("mkdocs", "material", "weasyprint", "jinja2", "pydantic", "markdown", "pymdownx",
         "ruamel", "yaml", "nh3")

# Runs the command line like the `handbook` script, then writes the imported modules' names.
_PROBE = """
import atexit, json, sys
listing = sys.argv[1]
atexit.register(lambda: open(listing, "w").write(json.dumps(sorted(sys.modules))))
from generator.cli.main import main
sys.argv = ["handbook", *sys.argv[2:]]
main()
"""


def imported_by(*args: str, cwd: Path, scratch: Path) -> tuple[subprocess.CompletedProcess,
                                                                 set[str]]:
    """Run `handbook ARGS` in a fresh interpreter; its result and the top-level packages
    it imported."""
    listing = scratch / "modules.json"
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", _PROBE, str(listing), *args], cwd=cwd,
                            env=environment, capture_output=True, text=True, check=False)
    modules = json.loads(listing.read_text(encoding="utf-8"))
    return result, {name.partition(".")[0] for name in modules}


@pytest.mark.slow
def test_a_nothing_changed_build_imports_no_heavy_library(org, tmp_path):
    build_handbook(org, tmp_path / "site", display="org")
    result, imported = imported_by("build", "org", "-o", "site", cwd=tmp_path,
                                   scratch=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("site/ is up to date: nothing changed since org was built into "
                             "it (--force builds anyway).\n")
    assert imported.isdisjoint(HEAVY), sorted(imported & set(HEAVY))
    assert "zipfile" not in imported  # only --zip asks whether the archive is there
    # The probe sees a real build's imports too: the test can fail.
    kit = next((org / "kits").glob("*.yml"))
    kit.write_text(kit.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result, imported = imported_by("build", "org", "-o", "site", cwd=tmp_path,
                                   scratch=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built org into site/")
    assert {"mkdocs", "jinja2", "pydantic", "markdown"} <= imported


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("build", "--help"),
                                  ("check", "--help"), ("kpi", "--help"), ("new", "--help"),
                                  ("diff", "--help"), ("schema", "--help"),
                                  ("serve", "--help"), ("teams-app", "--help")])
def test_help_and_version_import_no_heavy_library(args, tmp_path):
    result, imported = imported_by(*args, cwd=tmp_path, scratch=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert imported.isdisjoint(HEAVY), sorted(imported & set(HEAVY))


def test_a_build_of_a_missing_folder_fails_without_the_pipeline(tmp_path):
    result, _ = imported_by("build", "nowhere", "-o", "site", cwd=tmp_path,
                            scratch=tmp_path)
    assert result.returncode == 1
    assert "nowhere" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["mkdocs", "mkdocs-material", "markdown", "jinja2", "nh3",
                                  "weasyprint", "pydyf", "ruamel.yaml", "MarkupSafe"])
def test_the_digest_reads_library_versions_as_importlib_metadata_does(name):
    assert library_version(name) == version(name)


def test_a_library_without_a_dist_info_folder_is_asked_of_importlib_metadata():
    from importlib.metadata import PackageNotFoundError

    with pytest.raises(PackageNotFoundError):
        library_version("no-such-library-for-handbook")
