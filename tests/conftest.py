"""Shared fixtures: folders to build, the CLI in-process, golden files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import cli

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
REPO = Path(__file__).parent.parent
DEMO = REPO / "charters" / "demo"

# Tests that need these fixtures are marked for you (see ARCHITECTURE.md's quick loop):
# `browser` drives Debian's Chromium, `slow` builds a whole demo or group with every PDF.
BROWSER_FIXTURES = {"chromium", "demo_url"}
SLOW_FIXTURES = {"demo_site", "demo", "helios"}


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


# Set HANDBOOK_REGENERATE=1 to rewrite golden files on purpose; review them in the diff.
REGENERATE = os.environ.get("HANDBOOK_REGENERATE") == "1"


@pytest.fixture(scope="session", autouse=True)
def _signing_key_folder(tmp_path_factory) -> None:
    """The signing key of the build's own files (core/signed.py) in a folder of the test
    run's, not in the user's cache folder; child processes inherit it."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def org(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the minimal valid folder at ./org, in a fresh working directory."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINIMAL, tmp_path / "org")
    return tmp_path / "org"


def run(*args: str):
    """Run the command line in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(cli, list(args), prog_name="handbook", catch_exceptions=False)


def golden(path: Path, actual: str) -> None:
    """Compare with a golden file, or rewrite it when regenerating."""
    if REGENERATE or not path.exists():
        if not REGENERATE:
            pytest.fail(f"missing golden file {path}; run with HANDBOOK_REGENERATE=1 and "
                        "review it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo, built once for the whole session (in strict mode)."""
    from generator.build.pipeline import build_handbook

    output = tmp_path_factory.mktemp("demo") / "site"
    build_handbook(DEMO, output, strict=True, display="charters/demo")
    return output


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven by Playwright, shared by every real-browser test."""
    from .browser import launch_chromium, start_playwright

    playwright = start_playwright()
    browser = launch_chromium(playwright)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def demo_url(demo_site):
    """The built demo served over HTTP on the loopback interface: its base URL."""
    from .browser import serve

    with serve(demo_site) as base:
        yield base
