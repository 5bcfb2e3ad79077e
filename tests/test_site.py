"""Structural assertions on the built demo: branding, languages, anchors, links, privacy."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from .conftest import DEMO


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def demo_input():
    return YAML(typ="safe").load((DEMO / "handbook.yml").read_text(encoding="utf-8"))


def test_html_lang_follows_the_language(demo_site):
    assert soup(demo_site / "charter.html").html["lang"] == "fr"
    assert soup(demo_site / "en" / "charter.html").html["lang"] == "en"


def test_branding_colours_logo_and_name(demo_site, demo_input):
    branding = demo_input["branding"]
    page = soup(demo_site / "index.html")
    stylesheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert "assets/brand.css" in stylesheets
    css = (demo_site / "assets" / "brand.css").read_text()
    assert f"--md-primary-fg-color: {branding['primary'].lower()};" in css
    # The brand orange itself for decoration, its chosen readable shade for text.
    assert f"--hb-accent: {branding['accent'].lower()};" in css
    assert f"--md-accent-fg-color: {branding['accent_text'].lower()};" in css
    assert page.select_one("body")["data-md-color-primary"] == "custom"
    logo = page.select_one(".md-header__button.md-logo img")
    assert logo["src"] == "assets/logo.svg"
    assert (demo_site / "assets" / "logo.svg").is_file()
    assert page.select_one('link[rel="icon"]')["href"] == "assets/favicon.svg"
    assert demo_input["organisation"]["name"] in page.select_one(".md-header__topic").get_text()


def test_no_google_fonts_and_no_off_site_resource(demo_site, demo_input):
    organisation = demo_input["organisation"]
    allowed_hosts = {urlsplit(organisation["website"]).netloc,
                     urlsplit(organisation["site_url"]).netloc,
                     urlsplit(demo_input["community"]["channel"]["url"]).netloc}
    # The training sessions' registration forms: links the organisation gives, not resources.
    for module in (DEMO / "training").glob("*.yml"):
        for session in YAML(typ="safe").load(module.read_text(encoding="utf-8")).get(
                "sessions", []):
            if session.get("link"):
                allowed_hosts.add(urlsplit(session["link"]).netloc)
    offenders = []
    for path in html_pages(demo_site):
        page = soup(path)
        for tag in page.find_all(src=True):
            if urlsplit(tag["src"]).scheme:
                offenders.append((path.name, tag["src"]))  # resources must all be local
        for tag in page.find_all(href=True):
            parts = urlsplit(tag["href"])
            if parts.scheme in ("http", "https") and parts.netloc not in allowed_hosts:
                offenders.append((path.name, tag["href"]))
    for css in demo_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?(https?:[^'\")]+)", css.read_text()):
            offenders.append((css.name, url))
    assert offenders == []
    assert "fonts.googleapis" not in (demo_site / "index.html").read_text()


def test_every_internal_link_resolves(demo_site):
    broken = []
    for path in html_pages(demo_site):
        if path.name == "404.html":
            continue  # MkDocs writes absolute links there: it is served from any address
        for tag in soup(path).select("a[href]"):
            href = tag["href"]
            if urlsplit(href).scheme or href.startswith("#"):
                continue
            target = urlsplit(urljoin(path.as_uri(), href)).path
            if not Path(target).exists():
                broken.append((str(path.relative_to(demo_site)), href))
    assert broken == []


def test_charter_rules_have_stable_anchors_in_both_languages(demo_site):
    charter = YAML(typ="safe").load((DEMO / "charter.yml").read_text(encoding="utf-8"))
    for lang_root in (demo_site, demo_site / "en"):
        page = soup(lang_root / "charter.html")
        for section in ("encouraged", "discouraged", "confidentiality", "legal", "moderation"):
            assert page.select_one(f"h2#{section}")
            for rule in charter[section]:
                heading = page.select_one(f"h3#{rule['id']}")
                assert heading is not None, rule["id"]
        assert page.select_one("h2#bad-buzz")
        steps = page.select("h2#bad-buzz ~ ol > li")
        assert len(steps) == len(charter["bad_buzz"]["steps"])


def test_language_switcher_lands_on_the_same_page(demo_site):
    page = soup(demo_site / "kits" / "day-in-my-life.html")
    links = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}
    assert links == {"fr": "../kits/day-in-my-life.html",
                     "en": "../en/kits/day-in-my-life.html"}
    english = soup(demo_site / "en" / "training" / "effective-post.html")
    links = {a["hreflang"]: a["href"] for a in english.select("a.md-select__link")}
    assert links == {"fr": "../../training/effective-post.html",
                     "en": "../training/effective-post.html"}


def test_kit_examples_are_labelled_as_examples_to_rewrite(demo_site):
    page = soup(demo_site / "en" / "kits" / "day-in-my-life.html")
    titles = [t.get_text(strip=True) for t in page.select(".admonition.quote .admonition-title")]
    assert titles and all(t == "Example to rewrite in your own words" for t in titles)


def test_training_agenda_times_are_computed(demo_site):
    module = YAML(typ="safe").load((DEMO / "training" / "effective-post.yml").read_text())
    rows = soup(demo_site / "training" / "effective-post.html").select("#agenda + table tbody tr")
    assert len(rows) == len(module["agenda"])
    assert rows[0].find("td").get_text(strip=True).startswith("0:00")
    total = module["duration_minutes"]
    assert rows[-1].find("td").get_text(strip=True).endswith(f"{total // 60}:{total % 60:02d}")
