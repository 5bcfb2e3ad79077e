"""Hostile values in every field that reaches MkDocs' configuration or a page's <title>: the
built pages hold no script, handler or javascript: address the plain build does not, and
every name and title displays exactly as the reader should see it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import build_handbook

from .hostile import KIT_TITLE, MODULE_TITLE, NAME, hostile_folder, plain_folder

# Each test builds a site, serves it or drives a browser: seconds, not milliseconds.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plain")
    build_handbook(plain_folder(root), root / "site", printables=False)
    return root / "site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    build_handbook(hostile_folder(root), root / "site", printables=False)
    return root / "site"


def pages(site: Path) -> dict[str, BeautifulSoup]:
    return {page.relative_to(site).as_posix():
            BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            for page in sorted(site.rglob("*.html"))}


def active(page: BeautifulSoup) -> Counter:
    """What can run in a page: script elements, event handlers, javascript: addresses."""
    found: Counter = Counter()
    for script in page.find_all("script"):
        found["script", script.get("src"), script.string or ""] += 1
    for tag in page.find_all(True):
        for attribute, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                found["handler", tag.name, attribute] += 1
            if "javascript:" in "".join(text.split()).lower():
                found["javascript", tag.name, attribute] += 1
    return found


def test_hostile_values_add_nothing_that_runs(plain_site, hostile_site):
    plain, hostile = pages(plain_site), pages(hostile_site)
    assert set(hostile) == set(plain)
    for path, page in hostile.items():
        assert active(page) == active(plain[path]), path


def heading_text(page: BeautifulSoup) -> str:
    heading = page.select_one("article h1")
    for permalink in heading.select("a.headerlink"):
        permalink.decompose()
    return " ".join(heading.get_text().split())


def test_every_title_is_the_intended_text(hostile_site):
    """The page's own title (its heading, or its chapter's title), then the name as written;
    one <title> element: nothing closed it early."""
    for path, page in pages(hostile_site).items():
        assert len(page.find_all("title")) == 1, path
        title = page.title.get_text()
        if path in ("404.html", "index.html"):
            assert title == NAME, path
        else:
            assert title.endswith(f" - {NAME}"), path
        if path.startswith(("kits/", "training/")) and not path.endswith("index.html"):
            assert title == f"{heading_text(page)} - {NAME}", path


def test_titles_from_kits_and_modules_display_as_written(hostile_site):
    site = pages(hostile_site)
    kit = site["kits/day-in-my-life.html"]
    # The sanitiser drops a script with its text, keeps the text of other tags it drops (<b>).
    assert heading_text(kit) == "Kit & co"
    assert kit.title.get_text() == f"Kit & co - {NAME}"
    module = site["training/effective-post.html"]
    assert heading_text(module) == "</title><script>alert('module')</script> Module & co"
    assert module.title.get_text().startswith(
        "</title><script>alert('module')</script> Module & co - ")
    assert KIT_TITLE and MODULE_TITLE  # the values written in the files


def test_the_organisation_name_displays_exactly_as_written(hostile_site):
    for path, page in pages(hostile_site).items():
        logo = page.select_one(".md-header a.md-logo")
        assert logo["title"] == NAME and logo["aria-label"] == NAME, path
        topic = page.select_one(".md-header__topic .md-ellipsis")
        assert topic.get_text().strip() == NAME, path
        copyright_line = page.select_one(".md-copyright__highlight").get_text().strip()
        assert copyright_line.startswith(f"{NAME} · "), path


def test_the_short_name_stays_text(hostile_site):
    home = pages(hostile_site)["index.html"]
    assert "</title><script>alert('short')</script> R&D" in home.select_one(
        "article h1").get_text()


def test_the_site_address_is_an_attribute_value_and_nothing_more(hostile_site):
    charter = pages(hostile_site)["charter.html"]
    canonical = charter.select_one('link[rel="canonical"]')
    assert canonical["href"] == "https://intranet.example.org/r&d/charter.html"


def test_a_hostile_page_runs_nothing_in_a_browser(hostile_site, chromium):
    from ..browser import serve

    dialogs: list[str] = []
    errors: list[str] = []
    with serve(hostile_site) as base:
        page = chromium.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: message.type == "error" and errors.append(
            message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        for path in ("kits/day-in-my-life.html", "training/effective-post.html", "index.html"):
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(300)  # a handler on an image that failed would run by now
        title = page.title()
        page.close()
    assert dialogs == []
    assert errors == []
    assert title == NAME
