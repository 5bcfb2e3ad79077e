"""The built demo in a real browser (Debian's Chromium, driven by Playwright): search, the
language switcher, requests that must stay on the site, accessibility (axe-core)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from .browser import LANGUAGE_ROOTS, PAGE_TYPES, Guard, axe_violations, require, search

PAGES = [(lang, kind) for lang in LANGUAGE_ROOTS for kind in PAGE_TYPES]


@contextmanager
def guarded_page(chromium, allowed: str):
    """A page in a fresh browser context whose requests outside `allowed` are refused and
    recorded, and whose script errors are recorded."""
    context = chromium.new_context()
    guard = Guard(context, allowed)
    page = context.new_page()
    guard.watch(page)
    try:
        yield page, guard
    finally:
        context.close()


def url(base: str, lang: str, path: str) -> str:
    return base + LANGUAGE_ROOTS[lang] + path


# --- search -----------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["confidentialité", "confidentialite", "CONFIDENTIALITE"])
def test_french_search_finds_the_confidentiality_section_with_or_without_accents(
        chromium, demo_url, query):
    with guarded_page(chromium, demo_url) as (page, guard):
        page.goto(url(demo_url, "fr", "index.html"))
        results = search(page, query)
        assert any(link.startswith(demo_url + "charter.html") and
                   link.endswith("#confidentiality") for link in results), results
        assert guard.errors == []


def test_french_search_without_accents_finds_and_highlights_the_accented_word(
        chromium, demo_url):
    with guarded_page(chromium, demo_url) as (page, _):
        page.goto(url(demo_url, "fr", "index.html"))
        results = search(page, "securite")
        # The charter's confidentiality rule about the security of the sites we equip.
        assert any(link.startswith(demo_url + "charter.html") and link.endswith("#site-security")
                   for link in results), results
        marked = page.eval_on_selector_all(".md-search-result mark",
                                           "marks => marks.map(m => m.textContent)")
        assert "sécurité" in {word.lower() for word in marked}


def test_french_search_with_accents_still_finds_the_same_rule(chromium, demo_url):
    with guarded_page(chromium, demo_url) as (page, _):
        page.goto(url(demo_url, "fr", "index.html"))
        assert any(link.endswith("#site-security") for link in search(page, "sécurité"))


def test_english_search_finds_english_pages_only(chromium, demo_url):
    with guarded_page(chromium, demo_url) as (page, _):
        page.goto(url(demo_url, "en", "index.html"))
        results = search(page, "security")
        assert any(link.startswith(demo_url + "en/charter.html") for link in results)
        assert all(link.startswith(demo_url + "en/") for link in results), results
        page.goto(url(demo_url, "en", "index.html"))
        assert search(page, "confidentialité") == []  # a French word: French pages not indexed


# --- language switcher ------------------------------------------------------------------------

def address(page_url: str) -> str:
    # A web server answers a folder's address with its index.html: the same page. (Material's
    # own script resolves the switch through the sitemap over HTTP, which names the folder.)
    return page_url.removesuffix("index.html")


def switch_language(page, lang: str) -> None:
    page.locator(".md-header__option .md-select").hover()
    with page.expect_navigation():
        page.locator(f"a.md-select__link[hreflang='{lang}']").click()


@pytest.mark.parametrize("kind", ["home", "charter", "kit", "training module"])
def test_language_switcher_lands_on_the_same_page_over_http(chromium, demo_url, kind):
    path = PAGE_TYPES[kind]
    with guarded_page(chromium, demo_url) as (page, guard):
        page.goto(url(demo_url, "fr", path))
        switch_language(page, "en")
        assert address(page.url) == address(url(demo_url, "en", path))
        assert page.locator("html").get_attribute("lang") == "en"
        switch_language(page, "fr")
        assert address(page.url) == address(url(demo_url, "fr", path))
        assert page.locator("html").get_attribute("lang") == "fr"
        assert guard.outside == [] and guard.errors == []


@pytest.mark.parametrize("kind", ["home", "kit"])
def test_language_switcher_lands_on_the_same_page_from_files(chromium, demo_site, kind):
    path = PAGE_TYPES[kind]
    root = demo_site.as_uri() + "/"
    with guarded_page(chromium, "file://") as (page, guard):
        page.goto(url(root, "en", path))
        switch_language(page, "fr")
        assert page.url == url(root, "fr", path)
        assert page.locator("html").get_attribute("lang") == "fr"
        assert guard.outside == [] and guard.errors == []


# --- no request leaves the site ---------------------------------------------------------------

@pytest.mark.parametrize("lang, kind", PAGES)
def test_no_request_leaves_the_site(chromium, demo_url, lang, kind):
    with guarded_page(chromium, demo_url) as (page, guard):
        page.goto(url(demo_url, lang, PAGE_TYPES[kind]), wait_until="networkidle")
        search(page, "linkedin")  # starts the search worker and its language files
        page.wait_for_load_state("networkidle")
        assert guard.outside == []
        assert guard.errors == []


def test_the_request_guard_catches_requests_to_another_host(chromium, demo_url):
    # The guard above must be able to fail: requests planted in a page, and in a web worker
    # like the search's, are caught.
    with guarded_page(chromium, demo_url) as (page, guard):
        page.goto(url(demo_url, "fr", "index.html"))
        page.evaluate("fetch('https://cdn.example.org/shim.js').catch(() => null)")
        page.evaluate("""() => new Promise(done => {
            const code = "importScripts('https://cdn.example.org/worker.js')";
            const worker = new Worker(URL.createObjectURL(new Blob([code])));
            worker.onerror = done;
        })""")
        page.wait_for_load_state("networkidle")
        assert sorted(guard.outside) == ["https://cdn.example.org/shim.js",
                                         "https://cdn.example.org/worker.js"]


# --- accessibility ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang, kind", PAGES)
def test_axe_finds_no_violation(chromium, demo_url, lang, kind):
    with guarded_page(chromium, demo_url) as (page, _):
        page.goto(url(demo_url, lang, PAGE_TYPES[kind]))
        assert axe_violations(page) == []


def test_axe_finds_no_violation_with_search_results_open(chromium, demo_url):
    with guarded_page(chromium, demo_url) as (page, _):
        page.goto(url(demo_url, "fr", "index.html"))
        assert search(page, "charte")
        assert axe_violations(page) == []


def test_axe_reports_a_planted_violation(chromium, demo_url):
    # The check must be able to fail: an image without a text alternative is reported.
    with guarded_page(chromium, demo_url) as (page, _):
        page.goto(url(demo_url, "fr", "index.html"))
        page.evaluate("document.querySelector('article').append(document.createElement('img'))")
        assert [v.split(":")[0] for v in axe_violations(page)] == ["image-alt"]


def test_a_missing_tool_fails_the_test_and_says_what_to_install(tmp_path):
    # Never a silent skip: CI without Chromium (or axe, vnu, Java) must go red.
    with pytest.raises(pytest.fail.Exception, match=r"chromium is missing: apt-get install "
                                                    r"chromium \(./scripts/test installs it\)"):
        require(tmp_path / "chromium", "apt-get install chromium")
