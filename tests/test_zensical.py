"""Engine portability: Zensical, named by Material for MkDocs as its successor, builds the
generated demo project as it is (no plugin, no template construct it cannot render).

What Zensical 0.0.73 does differently is recorded in the README ("Zensical").
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.inputs.handbook import load_handbook
from generator.site.facts import programme_facts
from generator.site.plan import plan_site
from generator.site.project import write_project
from generator.site.render import render_site

from .conftest import DEMO

# Each test builds a site, serves it or drives a browser: seconds, not milliseconds.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def zensical_sites(tmp_path_factory) -> dict[str, Path]:
    """The demo's generated project per language, built by Zensical into <project>/site."""
    root = tmp_path_factory.mktemp("zensical")
    handbook, _ = load_handbook(DEMO)
    facts = programme_facts(handbook)
    sites = {}
    for plan in plan_site(handbook):
        project = root / plan.lang
        config = write_project(plan, render_site(plan, facts), handbook, project)
        result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f",
                                 str(config)], cwd=project, capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No issues found" in result.stderr
        sites[plan.lang] = project / "site"
    return sites


def test_the_installed_zensical_is_the_release_we_checked():
    from importlib.metadata import version

    assert version("zensical") == "0.0.73", "update the README's Zensical notes, then this"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_zensical_builds_every_page_of_the_demo(zensical_sites, lang):
    site = zensical_sites[lang]
    handbook, _ = load_handbook(DEMO)
    plan = next(p for p in plan_site(handbook) if p.lang == lang)
    for page in plan.pages:
        built = site / page.path.replace(".md", ".html")
        assert built.is_file(), built
    soup = BeautifulSoup((site / "charter.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    # The theme overrides are applied: our stylesheet, the branding, the language switcher.
    links = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assert "./assets/stylesheets/handbook.css" in links
    assert "./assets/brand.css" in links
    switcher = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
    other = "en" if lang == "fr" else "fr"
    assert switcher[other] == ("./en/charter.html" if lang == "fr" else "./../charter.html")


def test_zensical_indexes_each_language_apart(zensical_sites):
    for lang, site in zensical_sites.items():
        index = json.loads((site / "search.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        locations = " ".join(item["location"] for item in index["items"])
        assert "charter.html" in locations
