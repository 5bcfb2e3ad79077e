"""Words a reader trusts: what every page of the built demo shows, read as a reader reads it.

Each page is parsed and its visible text checked: French pages write real plurals, English
pages follow English conventions, and no page of either language speaks the tool's language
(commands, file names, YAML, JSON Schema).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import DEMO

# Writing shortcuts instead of real words: "publication(s)", "dirigeant(s)", "soussigné(e)".
FRENCH_SHORTCUTS = re.compile(r"\w\((?:s|e|es|x)\)")
ENGLISH_FAULTS = {
    "'In doubt,' (write 'If in doubt,')": re.compile(r"\bIn doubt,"),
    "a space before % (write '90%')": re.compile(r"\d[ \u00a0\u202f]%"),
    "French quotation marks": re.compile(r"[«»]"),
}
# The tool's language, for operators only (the user guide in docs/): on a reader page, even
# inside a code span, it is a leak.
TOOL_WORDS = {
    "a command": re.compile(r"\bhandbook (?:check|build|serve|kpi|diff|schema|new|acks|sheet|"
                            r"teams-app)\b"),
    "MkDocs": re.compile(r"mkdocs", re.IGNORECASE),
    "a file name": re.compile(r"\.(?:ya?ml|csv)\b", re.IGNORECASE),
    "YAML": re.compile(r"\bYAML\b", re.IGNORECASE),
    "JSON Schema": re.compile(r"JSON Schema", re.IGNORECASE),
}


def pages(site: Path, lang: str) -> list[Path]:
    """Every HTML page of one language: English under en/, French everywhere else."""
    found = sorted(path for path in site.rglob("*.html")
                   if (path.relative_to(site).parts[0] == "en") == (lang == "en"))
    assert len(found) > 20, f"{lang}: only {len(found)} pages built"
    return found


def visible_text(path: Path, with_code: bool) -> str:
    """What a reader sees: scripts and styles dropped; code dropped unless `with_code` (the
    typography rules leave code alone, the plain-language rule does not)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    hidden = ["script", "style", "template"] + ([] if with_code else ["code", "pre"])
    for tag in soup(hidden):
        tag.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" "))


def faults(site: Path, lang: str, rules: dict[str, re.Pattern], with_code: bool) -> list[str]:
    found = []
    for path in pages(site, lang):
        text = visible_text(path, with_code)
        for name, pattern in rules.items():
            for match in pattern.finditer(text):
                context = text[max(0, match.start() - 40):match.end() + 40]
                found.append(f"{path.relative_to(site)}: {name}: …{context}…")
    return found


def test_french_pages_write_real_plurals(demo_site):
    assert faults(demo_site, "fr", {"a '(s)' shortcut": FRENCH_SHORTCUTS}, False) == []


def test_english_pages_follow_english_conventions(demo_site):
    assert faults(demo_site, "en", ENGLISH_FAULTS, False) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_speaks_the_tools_language(demo_site, lang):
    assert faults(demo_site, lang, TOOL_WORDS, True) == []


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", ["Leader Advocacy : 3 dirigeants, 1 publication par mois",
            "Employee Advocacy : 30 personnes au lancement, 2 publications par mois"]),
    ("en", ["Leader Advocacy: 3 leaders, 1 post a month",
            "Employee Advocacy: 30 people at launch, 2 posts a month"]),
])
def test_steering_page_counts_in_words(demo_site, lang, expected):
    """One leader post a month is singular, three leaders plural, in each language (the
    programme at a glance is on the steering section's page)."""
    page = demo_site / ("en/" if lang == "en" else "") / "steering" / "index.html"
    items = [re.sub(r"\s+", " ", item.get_text("")) for item in
             BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article li")]
    for line in expected:
        assert line in items


@pytest.mark.parametrize(("lang", "label", "help_start"), [
    ("fr", "Code de version", "Citez ce code de version quand vous confirmez avoir lu la charte"),
    ("en", "Version code", "Quote this version code when you confirm you have read the charter"),
])
def test_charter_explains_its_version_code_in_words(demo_site, lang, label, help_start):
    text = visible_text(demo_site / ("en/" if lang == "en" else "") / "charter.html", True)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    assert label in text and help_start in text
    assert not re.search(r"empreinte|fingerprint", text, re.IGNORECASE)


@pytest.mark.parametrize(("lang", "chosen", "not_chosen"), [
    ("fr", "clients, talents, partenaires, médias", "régulateurs"),
    ("en", "clients, talents, partners, media", "regulators"),
])
def test_roadmap_lists_the_audiences_the_organisation_chose(demo_site, lang, chosen, not_chosen):
    assert "audiences: [clients, talents, partners, media]" in (
        DEMO / "handbook.yml").read_text(encoding="utf-8")
    page = demo_site / ("en/" if lang == "en" else "") / "steering" / "roadmap.html"
    text = visible_text(page, False)
    assert chosen in text
    assert not_chosen not in text
