"""The "Can I post this?" page: questions from the charter, four verdicts, in a real browser.

The expected contacts are read from the demo's charter, never written here: the "ask first"
and "don't post" verdicts must name the person the charter gives for the rule answered.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import build_handbook
from generator.inputs.handbook import load_handbook
from generator.model.settings import Person

from .browser import axe_violations
from .conftest import DEMO, FIXTURES
from .test_browser import guarded_page, url
from .test_hostile import VECTORS

# Each test builds a site, serves it or drives a browser: seconds, not milliseconds.
pytestmark = pytest.mark.slow

PAGE = "can-i-post.html"
TITLES = {
    "fr": {"stop": "Ne publiez pas", "ask": "Demandez d'abord",
           "reminders": "Vous pouvez publier, avec ces rappels", "go": "Vous pouvez publier"},
    "en": {"stop": "Don't post", "ask": "Ask first", "reminders": "Go, with these reminders",
           "go": "Go"},
}
# One rule per verdict that needs one: a "yes" to a discouraged practice means ask first, to a
# confidentiality rule it means don't post.
ANSWERED = {"ask": ("discouraged", "no-competitor-bashing"),
            "stop": ("confidentiality", "tenders-and-prices")}


@pytest.fixture(scope="module")
def demo_charter():
    handbook, _ = load_handbook(DEMO)
    return handbook


def contact_of(handbook, section: str, rule_id: str) -> Person:
    rule = next(rule for rule in getattr(handbook.charter, section) if rule.id == rule_id)
    return next(person for person in handbook.settings.people if person.id == rule.ask)


def answer_every_question(page, risks: str, practices: str | None) -> None:
    """`risks` to every risk question; `practices` to every good practice (None: skipped)."""
    page.evaluate("""([risks, practices]) => {
        for (const question of document.querySelectorAll(".hb-cp-question")) {
            const follows = question.dataset.onYes === "follows";
            const value = follows ? practices : risks;
            if (value) question.querySelector(`input[value="${value}"]`).click();
        }
    }""", [risks, practices])


def verdict(page) -> tuple[str | None, str, list[str]]:
    region = page.locator("[role=status]")
    items = region.locator("li").all_inner_texts()
    return region.get_attribute("data-verdict"), region.inner_text(), items


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("expected", ["go", "reminders", "ask", "stop"])
def test_the_answers_lead_to_each_verdict(chromium, demo_url, demo_charter, lang, expected):
    with guarded_page(chromium, demo_url) as (page, guard):
        page.goto(url(demo_url, lang, PAGE))
        answer_every_question(page, "no", "yes" if expected == "go" else None)
        if expected in ANSWERED:
            section, rule_id = ANSWERED[expected]
            page.check(f"input[name={section}-{rule_id}][value=yes]")
        shown, text, items = verdict(page)
        assert shown == expected
        assert text.splitlines()[0] == TITLES[lang][expected]
        if expected in ANSWERED:
            person = contact_of(demo_charter, *ANSWERED[expected])
            assert len(items) == 1
            assert person.name in items[0] and person.email in items[0]
            assert "Hélios" in items[0]  # the community channel, the other way to ask
        elif expected == "reminders":
            titles = [rule.title.get(lang) for rule in demo_charter.charter.encouraged]
            assert [item.strip() for item in items] == titles
        else:
            assert items == []
        assert guard.errors == [] and guard.outside == []


def test_not_sure_means_ask_first_and_the_worst_answer_wins(chromium, demo_url):
    with guarded_page(chromium, demo_url) as (page, _):
        page.goto(url(demo_url, "en", PAGE))
        shown, text, _ = verdict(page)
        assert shown is None
        assert text.endswith("questions left before a verdict.")
        page.check("input[name=legal-image-rights][value=unsure]")
        assert verdict(page)[0] == "ask"
        page.check("input[name=bad_buzz][value=yes]")
        shown, _, items = verdict(page)
        assert shown == "stop" and "Julien Marchetti" in items[0]  # the procedure's first step
        page.click("form[data-hb-can-post] button[type=reset]")
        page.wait_for_function("!document.querySelector('[role=status]').dataset.verdict")


def test_a_keyboard_only_run_reaches_a_verdict(chromium, demo_url):
    with guarded_page(chromium, demo_url) as (page, _):
        page.goto(url(demo_url, "en", PAGE))
        risks = page.locator(".hb-cp-question:not([data-on-yes=follows])").count()
        for _ in range(200):  # through the header and navigation to the first question
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type === 'radio'"):
                break
        for answered in range(1, risks + 1):
            # In a radio group, the arrow key moves from "Yes" to "No" and checks it; Tab
            # leaves the group, then passes the next rule's link to the next group.
            page.keyboard.press("ArrowRight")
            if answered < risks:
                page.keyboard.press("Tab")
                while not page.evaluate("document.activeElement.type === 'radio'"):
                    page.keyboard.press("Tab")
        shown, text, _ = verdict(page)
        assert shown == "reminders", text
        assert page.locator("input[value=no]:checked").count() == risks


def test_the_page_with_a_verdict_has_no_accessibility_violation(chromium, demo_url):
    with guarded_page(chromium, demo_url) as (page, _):
        page.goto(url(demo_url, "fr", PAGE))
        answer_every_question(page, "no", None)
        page.check("input[name=confidentiality-tenders-and-prices][value=yes]")
        assert verdict(page)[0] == "stop"
        assert axe_violations(page) == []


def test_it_works_from_files_and_records_nothing(chromium, demo_site):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto((demo_site / "en" / PAGE).as_uri())
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request))
        answer_every_question(page, "no", "yes")
        assert verdict(page)[0] == "go"
        # Answering sends nothing: at most the browser fetches the site's own icon.
        assert [(r.method, r.url) for r in requests
                if not (r.method == "GET" and r.url.endswith("/assets/favicon.svg"))] == []
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0
        assert page.evaluate("document.cookie") == ""
    finally:
        context.close()


# --- the page as built: structure, the organisation's questions, hostile text ---------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A two-language folder, one rule worded by the organisation, one hostile rule per vector."""
    root = tmp_path_factory.mktemp("can-post")
    org = root / "org"
    shutil.copytree(FIXTURES / "kpi", org)  # French and English
    charter = org / "charter.yml"
    rules = "".join(
        f"  - {{id: {name}, title: {json.dumps(value, ensure_ascii=False)}, "
        f"question: {json.dumps(value, ensure_ascii=False)}}}\n"
        for name, value in VECTORS.items())
    text = charter.read_text(encoding="utf-8").replace(
        "  - {id: no-figures, title: Pas de chiffres non publiés, ask: comms}",
        "  - {id: no-figures, title: Pas de chiffres non publiés, ask: comms,\n"
        "     question: {fr: Votre post cite-t-il un chiffre non publié ?,"
        " en: Does your post give a figure not yet published?}}")
    charter.write_text(text.replace("discouraged:\n", "discouraged:\n" + rules),
                       encoding="utf-8")
    build_handbook(org, root / "site")
    return root / "site"


def page_of(site: Path, lang: str) -> BeautifulSoup:
    path = site / ("" if lang == "fr" else "en") / PAGE
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_each_question_is_a_fieldset_of_radio_buttons_with_its_rule(built):
    page = page_of(built, "en")
    form = page.select_one("form[data-hb-can-post]")
    assert [legend.get_text(strip=True) for legend in form.select(".hb-cp-section > legend")] \
        == ["Confidentiality", "The law", "What we advise against", "Comments and replies",
            "Controversy", "Good practices (optional)"]
    question = form.select_one("fieldset[data-on-yes=stop]")
    assert question.legend.get_text(strip=True) == \
        "Does your post give a figure not yet published?"
    source = page.select_one(f"#{question['aria-describedby']}")
    assert source.a["href"] == "charter.html#no-figures"
    assert [(radio["name"], radio["value"]) for radio in question.select("input")] == [
        ("confidentiality-no-figures", value) for value in ("yes", "no", "unsure")]
    legal = form.select("fieldset[data-on-yes=stop]")[1]
    assert legal.legend.get_text(strip=True) == \
        "Could your post go against this rule: “Droit à l'image”?"
    status = page.select_one("[role=status]")
    assert status is not None and status.find_previous("form") is form
    assert page.select_one("script[src$='can-post.js']") is not None


def test_the_french_page_asks_in_french(built):
    page = page_of(built, "fr")
    assert page.h1.get_text(strip=True).startswith("Puis-je publier")
    legends = [legend.get_text(strip=True) for legend in page.select(".hb-cp-question legend")]
    # With French typography: U+202F before "?", U+00A0 before ":" and inside « ».
    assert "Votre post cite-t-il un chiffre non publié\u202f?" in legends
    assert ("Votre publication suit-elle cette pratique\u00a0: «\u00a0Partager nos "
            "actualités\u00a0»\u202f?") in legends


def test_home_and_charter_link_to_the_page(built):
    for lang in ("fr", "en"):
        for path in ("index.html", "charter.html"):
            html = (built / ("" if lang == "fr" else "en") / path).read_text(encoding="utf-8")
            assert 'href="can-i-post.html"' in html, (lang, path)


def test_hostile_rules_and_questions_stay_text(built):
    page = page_of(built, "en")
    for tag in page.select("article")[0].find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), (tag.name, attribute)
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert "HOSTILE" not in text, (tag.name, attribute, text)
    assert page.select("article script, article img, article iframe, article svg") == []
    assert "{{ 7*7 }}" in page.get_text()
