"""The portal in a real browser, as a reader sees it on a desktop (1280 px) and a phone
(375 px), in French and English: a short navigation, a home page by audience, the brand's
colours, a charter you can scan, a dashboard that fits the screen, and no failed request."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from generator.core.colour import rgb
from generator.inputs.handbook import load_handbook

from .browser import LANGUAGE_ROOTS, PAGE_TYPES, Guard
from .conftest import DEMO

VIEWPORTS = {"desktop": 1280, "phone": 375}
DEMO_BRANDING = load_handbook(DEMO)[0].settings.branding


def css_rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*rgb(colour))


@contextmanager
def reader(chromium, allowed: str, width: int):
    """A page at `width` × 800 whose outside requests, failed requests, error responses and
    console errors are all recorded."""
    context = chromium.new_context(viewport={"width": width, "height": 800})
    guard = Guard(context, allowed)
    page = context.new_page()
    guard.watch(page)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if message.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on("response", lambda response: problems.append(f"{response.status}: {response.url}")
            if response.status >= 400 else None)
    try:
        yield page, guard, problems
    finally:
        context.close()


def address(base: str, lang: str, kind: str) -> str:
    return base + LANGUAGE_ROOTS[lang] + PAGE_TYPES[kind]


# --- navigation -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGE_ROOTS)
def test_at_most_seven_top_level_entries_on_a_desktop_and_a_phone(chromium, demo_url, lang):
    with reader(chromium, demo_url, VIEWPORTS["desktop"]) as (page, _, _problems):
        page.goto(address(demo_url, lang, "kit"))
        tabs = page.locator(".md-tabs__item")
        assert 5 <= tabs.count() <= 7
        assert all(tabs.nth(index).is_visible() for index in range(tabs.count()))
        # Where the reader is: the tab of the page's section, and breadcrumbs.
        assert page.locator(".md-tabs__item--active").count() == 1
        assert page.locator("nav.md-path .md-path__item").count() >= 2
    with reader(chromium, demo_url, VIEWPORTS["phone"]) as (page, _, _problems):
        page.goto(address(demo_url, lang, "kit"))
        top = page.locator("nav.md-nav--primary > ul.md-nav__list > li.md-nav__item")
        assert 5 <= top.count() <= 7


@pytest.mark.parametrize("width", VIEWPORTS.values())
@pytest.mark.parametrize("kind", ["home", "chapter", "kit", "dashboard"])
def test_the_contacts_are_one_click_away(chromium, demo_url, kind, width):
    with reader(chromium, demo_url, width) as (page, _, _problems):
        page.goto(address(demo_url, "fr", kind))
        link = page.locator("header a.hb-header-contacts")
        assert link.is_visible()
        with page.expect_navigation():
            link.click()
        assert page.url == address(demo_url, "fr", "contacts")


# --- home page --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGE_ROOTS)
def test_the_home_page_links_to_every_audience_page(chromium, demo_url, lang):
    with reader(chromium, demo_url, VIEWPORTS["phone"]) as (page, _, _problems):
        page.goto(address(demo_url, lang, "home"))
        cards = page.locator(".hb-card .hb-card__title a")
        links = [cards.nth(index).get_attribute("href") for index in range(cards.count())]
        assert links == ["employees/index.html", "experts/index.html", "leaders/index.html",
                         "training/index.html", "steering/index.html"]
        for index in range(cards.count()):
            assert cards.nth(index).is_visible()
        text = page.locator("article").inner_text()
        assert "julien.marchetti@example.org" in text  # the community manager, to join
        assert "1.2" in text  # the charter's version
        # No steering data on the home page: that is the steering section's page.
        assert page.locator("article a[href='charter.html']").count() >= 1
        for steering_word in ("Maturité", "Maturity"):
            assert steering_word not in text


@pytest.mark.parametrize("width", VIEWPORTS.values())
def test_the_brand_colours_are_the_header_and_the_card_accents(chromium, demo_url, width):
    with reader(chromium, demo_url, width) as (page, _, _problems):
        page.goto(address(demo_url, "fr", "home"))
        header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
        assert header == css_rgb(DEMO_BRANDING.primary)
        accents = page.eval_on_selector_all(
            ".hb-card", "cards => cards.map(c => getComputedStyle(c).borderTopColor)")
        assert accents and set(accents) == {css_rgb(DEMO_BRANDING.accent)}
        logo = page.locator(".md-header .md-logo img")
        assert logo.is_visible()
        box = logo.bounding_box()
        assert 24 <= box["height"] <= 40 and box["x"] + box["width"] <= width


# --- charter ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGE_ROOTS)
def test_each_kind_of_rule_has_its_own_colour_and_an_icon(chromium, demo_url, lang):
    with reader(chromium, demo_url, VIEWPORTS["desktop"]) as (page, _, _problems):
        page.goto(address(demo_url, lang, "charter"))
        looks = page.evaluate("""() => [...document.querySelectorAll('.hb-rules')].map(s => {
            const h2 = s.querySelector('h2'), rule = s.querySelector('.hb-rule');
            const icon = getComputedStyle(h2, '::before');
            return {colour: getComputedStyle(h2).color, border: getComputedStyle(rule).borderLeftColor,
                    icon: icon.maskImage || icon.webkitMaskImage, width: icon.width,
                    ruleIcon: getComputedStyle(rule.querySelector('h3'), '::before').maskImage};
        })""")
        assert len(looks) == 5
        assert len({look["colour"] for look in looks}) == 5  # encouraged ≠ discouraged ≠ ...
        for look in looks:
            assert look["icon"].startswith('url("data:image/svg+xml') and look["width"] != "0px"
            assert look["ruleIcon"].startswith('url("data:image/svg+xml')
            assert look["border"] == look["colour"]
        # The people to ask: once per section, never after each rule.
        assert page.locator(".hb-rules__ask").count() <= 5
        assert page.locator(".hb-rule .hb-rules__ask").count() == 0


# --- dashboard --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGE_ROOTS)
@pytest.mark.parametrize("width", VIEWPORTS.values())
def test_the_dashboard_fits_the_screen(chromium, demo_url, lang, width):
    with reader(chromium, demo_url, width) as (page, _, _problems):
        page.goto(address(demo_url, lang, "dashboard"))
        assert page.locator(".hb-tile").count() == 6
        statuses = page.locator(".hb-tile__status").all_inner_texts()
        assert all(status.strip() for status in statuses)  # said in words, not colour alone
        # Every table, collapsed values opened too, fits: none is cut or scrolls sideways.
        page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
        overflow = page.evaluate("""() => ({
            page: document.documentElement.scrollWidth - window.innerWidth,
            tables: [...document.querySelectorAll('article table')]
              .filter(t => t.offsetParent !== null)
              .map(t => [t.scrollWidth, t.clientWidth, t.closest('.md-typeset__scrollwrap')
                          ? t.closest('.md-typeset__scrollwrap').clientWidth : t.clientWidth])
              .filter(([scroll, client, room]) => scroll > client || client > room),
        })""")
        assert overflow == {"page": 0, "tables": []}


def test_chart_text_is_at_least_11_px_on_a_phone_and_a_desktop(chromium, demo_url):
    for width in VIEWPORTS.values():
        with reader(chromium, demo_url, width) as (page, _, _problems):
            page.goto(address(demo_url, "fr", "dashboard"))
            sizes = page.evaluate("""() => [...document.querySelectorAll('.hb-chart svg')]
              .filter(svg => svg.getBoundingClientRect().width > 0)
              .flatMap(svg => {
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return [...svg.querySelectorAll('text')].map(
                  t => parseFloat(getComputedStyle(t).fontSize) * scale);
              })""")
            assert len(sizes) > 30, width
            assert min(sizes) >= 11, (width, min(sizes))


def test_the_dashboard_is_under_4000_px_on_a_desktop(chromium, demo_url):
    with reader(chromium, demo_url, VIEWPORTS["desktop"]) as (page, _, _problems):
        page.goto(address(demo_url, "fr", "dashboard"))
        assert page.evaluate("document.documentElement.scrollHeight") <= 4000


# --- no failed request, no console error --------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGE_ROOTS)
@pytest.mark.parametrize("width", VIEWPORTS.values())
def test_no_failed_request_or_console_error_over_http(chromium, demo_url, lang, width):
    with reader(chromium, demo_url, width) as (page, guard, problems):
        for kind in PAGE_TYPES:
            page.goto(address(demo_url, lang, kind), wait_until="networkidle")
        assert problems == [] and guard.outside == [] and guard.errors == []


@pytest.mark.parametrize("lang", LANGUAGE_ROOTS)
def test_no_failed_request_or_console_error_from_files(chromium, demo_site, lang):
    root = demo_site.as_uri() + "/"
    with reader(chromium, "file://", VIEWPORTS["desktop"]) as (page, guard, problems):
        for kind in PAGE_TYPES:
            page.goto(address(root, lang, kind), wait_until="networkidle")
        assert problems == [] and guard.outside == [] and guard.errors == []
