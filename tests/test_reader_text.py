"""What readers see, as built: French typography on every French page and PDF, English
conventions on English pages, and one launch date everywhere (issue 18)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import build_handbook
from generator.core.typography import FRENCH_MONTHS

from .browser import require_program
from .conftest import MINIMAL

# Each test builds a site, serves it or drives a browser: seconds, not milliseconds.
pytestmark = pytest.mark.slow

# Text a reader does not read as prose: code, scripts, styles.
_NOT_PROSE = ("script", "style", "code", "pre", "kbd", "samp", "textarea")
_ADDRESS = re.compile(r"(?:https?|mailto|file):\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

FRENCH_FAULTS = {
    "plain space before ; : ? !": re.compile(r" [;:?!]"),
    "plain space inside « »": re.compile(r"« | »"),
    "1 <month> instead of 1er": re.compile(rf"(?<![\d,.])1\s+(?:{'|'.join(FRENCH_MONTHS)})\b",
                                           re.IGNORECASE),
}
ENGLISH_FAULTS = {
    "space before %": re.compile(r"\d[ \u00a0\u202f]%"),
    "guillemets": re.compile(r"[«»]"),
}


def visible_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for element in soup.find_all(_NOT_PROSE):
        element.decompose()
    return _ADDRESS.sub("<address>", soup.get_text(" "))


def pdf_text(pdf: Path) -> str:
    pdftotext = require_program("pdftotext", "apt-get install poppler-utils")
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return _ADDRESS.sub("<address>", text)


def faults(text: str, rules: dict[str, re.Pattern[str]]) -> list[str]:
    return [f"{name}: …{text[max(0, m.start() - 30):m.end() + 10]!r}…"
            for name, rule in rules.items() for m in rule.finditer(text)]


# pdftotext gives no-break spaces back as plain spaces: in PDF text, look for what is missing
# (no space at all before ; : ? ! or inside « »); the HTML WeasyPrint receives is walked too.
PDF_FAULTS = {
    "no space before ; : ? !": re.compile(r"[^\W\d_][;?!]|[^\W\d_]:(?=\s)"),
    "no space inside « »": re.compile(r"«\S|\S»"),
    "1 <month> instead of 1er": FRENCH_FAULTS["1 <month> instead of 1er"],
}


def html_faults(html: str, lang: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(_NOT_PROSE):
        element.decompose()
    text = _ADDRESS.sub("<address>", soup.get_text(" "))
    return faults(text, ENGLISH_FAULTS if lang == "en" else FRENCH_FAULTS)


def walk(site: Path) -> dict[str, list[str]]:
    """Every typography fault of a built site, by file (French at the root, English in en/)."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        rules = ENGLISH_FAULTS if relative.startswith("en/") else FRENCH_FAULTS
        if problems := faults(visible_text(page), rules):
            found[relative] = problems
    for pdf in sorted(site.rglob("*.pdf")):
        relative = pdf.relative_to(site).as_posix()
        rules = ENGLISH_FAULTS if relative.startswith("en/") else PDF_FAULTS
        if problems := faults(pdf_text(pdf), rules):
            found[relative] = problems
    return found


@pytest.fixture(scope="module")
def minimal_build(tmp_path_factory) -> tuple[Path, list[str]]:
    """The minimal folder built, with every HTML document WeasyPrint was given."""
    import weasyprint

    printed: list[str] = []
    original = weasyprint.HTML

    def recording(*args, **kwargs):
        printed.append(kwargs["string"])
        return original(*args, **kwargs)

    output = tmp_path_factory.mktemp("minimal") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint, "HTML", recording)
        build_handbook(MINIMAL, output)
    return output, printed


@pytest.fixture(scope="module")
def minimal_site(minimal_build) -> Path:
    return minimal_build[0]


def test_printed_html_typography(minimal_build):
    _, printed = minimal_build
    assert printed, "the minimal site has printables"
    found = {index: problems for index, html in enumerate(printed)
             if (problems := html_faults(html, re.search(r'lang="(\w+)"', html).group(1)))}
    assert found == {}


def test_minimal_site_typography(minimal_site):
    assert list(minimal_site.rglob("*.pdf")), "the minimal site has printables"
    assert walk(minimal_site) == {}


def test_demo_typography(demo_site):
    assert walk(demo_site) == {}


def test_french_pages_do_have_the_no_break_spaces(minimal_site):
    # The walk would also pass on a site with no punctuation at all: look for the result.
    text = visible_text(minimal_site / "steering" / "roadmap.html")
    assert "\u00a0:" in text and "\u202f;" in text
    assert re.search(r"\b1er (?:janvier|avril|juillet|octobre)", visible_text(
        minimal_site / "steering" / "kpis.html") + text) or "1er" not in text


def _launch_dates(site: Path, lang: str) -> dict[str, str]:
    root = site if lang == "fr" else site / "en"
    months = "|".join(FRENCH_MONTHS) if lang == "fr" else (
        "January|February|March|April|May|June|July|August|September|October|November|December")
    date = rf"(1er|\d{{1,2}})\s+(?:{months})\s+\d{{4}}"
    patterns = {
        "fr": {"index.html": rf"({date})\s+Lancement du programme",
               "steering/roadmap.html": rf"5\. Lancement et animation\W*À partir du ({date})",
               "steering/dashboard.html": rf"lancé le ({date})",
               "charter.html": rf"Lancement du programme\s+({date})"},
        "en": {"index.html": rf"({date})\s+Programme launch",
               "steering/roadmap.html": rf"5\. Launch and animation\W*From ({date})",
               "steering/dashboard.html": rf"launched on ({date})",
               "charter.html": rf"Programme launch\s+({date})"},
    }[lang]
    found = {}
    for page, pattern in patterns.items():
        text = " ".join(visible_text(root / page).split())
        match = re.search(pattern, text.replace("\u00a0", " ").replace("\u202f", " "))
        found[page] = match.group(1) if match else f"no launch date in {text[:300]!r}"
    return found


def test_one_launch_date_on_every_page(demo_site):
    for lang, expected in (("fr", "15 janvier 2027"), ("en", "15 January 2027")):
        assert _launch_dates(demo_site, lang) == dict.fromkeys(
            ("index.html", "steering/roadmap.html", "steering/dashboard.html", "charter.html"),
            expected)
