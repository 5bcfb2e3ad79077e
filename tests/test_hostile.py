"""Hostile or careless input, checked on what `handbook build` produces: Markdown fields that
try to inject HTML, script, attributes or page structure; paths out of the folder; YAML that
attacks the parser. Each is refused or neutralised, never a traceback. (Timings: bench/.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import build_handbook

from .browser import vnu_errors
from .conftest import MINIMAL, run

# --- Markdown in YAML fields ------------------------------------------------------------------

# Each value goes into one rule's title (a one-line field), text and example (block fields).
VECTORS = {
    "script": "<script>alert('HOSTILE')</script>Texte du script",
    "img-onerror": "<img src=x onerror=\"alert('HOSTILE')\">Texte de l'image",
    "javascript-link": "[lien javascript](javascript:alert('HOSTILE'))",
    "data-link": "[lien data](data:text/html;base64,PHNjcmlwdD5IT1NUSUxFPC9zY3JpcHQ+)",
    "attr-list": "Texte de l'attribut {: onclick=\"alert('HOSTILE')\" }",
    "svg-onload": "<svg onload=\"alert('HOSTILE')\"><circle r=\"1\"/></svg>Texte du svg",
    "stray-div": "Texte avant</div></div></div> et après",
    "heading": "Titre du champ\n\n# Titre injecté",
    "rule": "Texte du champ\n\n---\n\nSuite injectée",
    "jinja": "Sept fois sept : {{ 7*7 }} {% if true %}oui{% endif %}",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The minimal folder with one charter rule per vector, built once."""
    root = tmp_path_factory.mktemp("hostile")
    org = root / "org"
    shutil.copytree(MINIMAL, org)
    rules = "".join(
        f"  - {{id: {name}, title: {json.dumps(value, ensure_ascii=False)}, "
        f"text: {json.dumps(value, ensure_ascii=False)}, "
        f"example: {json.dumps(value, ensure_ascii=False)}}}\n"
        for name, value in VECTORS.items())
    charter = org / "charter.yml"
    charter.write_text(charter.read_text().replace("encouraged:\n", "encouraged:\n" + rules))
    build_handbook(org, root / "site")
    return root / "site"


@pytest.fixture(scope="module")
def charter_page(hostile_site) -> BeautifulSoup:
    return BeautifulSoup((hostile_site / "charter.html").read_text(encoding="utf-8"),
                         "html.parser")


def rule_section(page: BeautifulSoup, rule_id: str) -> BeautifulSoup:
    """The rule's heading and everything up to the next heading, as its own document."""
    heading = page.select_one(f"h3#{rule_id}")
    assert heading is not None, f"the rule {rule_id} lost its heading"
    parts = [str(heading)]
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", "h2", "h3"):
            break
        parts.append(str(sibling))
    return BeautifulSoup("".join(parts), "html.parser")


def no_hostile_markup(page: BeautifulSoup) -> None:
    """Nothing in the whole page runs or links to script the YAML brought."""
    for tag in page.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), (tag.name, attribute)
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert "HOSTILE" not in text, (tag.name, attribute, text)
            if attribute in ("href", "src", "action", "formaction"):
                assert not text.strip().lower().startswith(("javascript:", "data:",
                                                             "vbscript:")), text
    for script in page.find_all("script"):
        assert "HOSTILE" not in script.get_text()
    assert content(page).find_all(["iframe", "object", "embed", "svg", "img", "form"]) == []


def content(page: BeautifulSoup) -> BeautifulSoup:
    return page.select_one("article.md-content__inner")


@pytest.mark.parametrize("vector", ["script", "img-onerror", "svg-onload"])
def test_html_that_runs_is_removed_and_the_text_kept(charter_page, vector):
    no_hostile_markup(charter_page)
    section = rule_section(charter_page, vector)
    assert section.find_all(["script", "img", "svg"]) == []
    assert section.select_one("h3").get_text(" ", strip=True).startswith("Texte d")
    assert len(section.select(".hb-text")) == 2  # the text, and the example


@pytest.mark.parametrize("vector", ["javascript-link", "data-link"])
def test_links_to_script_or_data_lose_their_target(charter_page, vector):
    no_hostile_markup(charter_page)
    section = rule_section(charter_page, vector)
    for link in section.find_all("a"):
        assert link.get("href", "").startswith(("http", "mailto", "#")), link
    assert "lien" in section.select_one(".hb-text").get_text()


def test_attribute_lists_do_not_add_attributes(charter_page):
    no_hostile_markup(charter_page)
    section = rule_section(charter_page, "attr-list")
    assert [tag for tag in section.find_all(True) if "onclick" in tag.attrs] == []
    # Shown as the text it is, braces included.
    assert "{: onclick=" in section.select_one(".hb-text").get_text()


@pytest.mark.java
def test_a_stray_closing_tag_does_not_break_the_page(charter_page, hostile_site):
    section = rule_section(charter_page, "stray-div")
    assert "Texte avant et après" in " ".join(section.select_one(".hb-text").get_text().split())
    # The page goes on as built: every later rule is still inside the article.
    article = content(charter_page)
    for later in ("heading", "rule", "jinja", "no-polemics", "stay-calm"):
        assert article.select_one(f"h3#{later}") is not None, later
    assert vnu_errors([hostile_site / "charter.html"]) == {}


def test_a_heading_injected_in_a_one_line_field_stays_text(charter_page):
    headings = [h.get_text(" ", strip=True) for h in content(charter_page).find_all(
        ["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert not any(text.startswith("Titre injecté") for text in headings)
    title = rule_section(charter_page, "heading").select_one("h3").get_text(" ", strip=True)
    assert title.startswith("Titre du champ # Titre injecté")


def test_a_rule_line_injected_in_a_field_adds_no_separator_or_heading(charter_page):
    section = rule_section(charter_page, "rule")
    assert section.find_all("hr") == []
    assert len(section.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])) == 1
    assert section.select_one("h3").get_text(" ", strip=True).startswith(
        "Texte du champ --- Suite injectée")


def test_template_syntax_in_a_field_is_shown_literally(charter_page, hostile_site):
    section = rule_section(charter_page, "jinja")
    for shown in (section.select_one("h3"), *section.select(".hb-text")):
        text = shown.get_text(" ", strip=True)
        assert "{{ 7*7 }}" in text and "{% if true %}oui{% endif %}" in text, text
        assert "49" not in text
    index = json.loads((hostile_site / "search" / "search_index.json").read_text())
    assert not any("49" in doc["text"] for doc in index["docs"] if "jinja" in doc["location"])


@pytest.mark.java
def test_the_hostile_page_is_valid_html(hostile_site):
    assert vnu_errors([hostile_site / "charter.html", hostile_site / "index.html"]) == {}


# --- paths out of the folder ------------------------------------------------------------------

def set_paths(org: Path, logo: str) -> None:
    handbook = org / "handbook.yml"
    handbook.write_text(handbook.read_text().replace(
        "languages: [fr]\n", f"languages: [fr]\nbranding: {{logo: {json.dumps(logo)}}}\n"))


def refused_build(tmp_path: Path) -> str:
    result = run("build", "org", "-o", "out")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    return result.stderr.splitlines()[0]


OUT_WITH_DOTS = "goes out of the folder with '..'; keep files inside the folder"
ABSOLUTE = "is an absolute path; give a path inside the folder, like 'assets/logo.svg'"


@pytest.mark.parametrize("path, message", [
    ("../outside.svg", f"'../outside.svg' {OUT_WITH_DOTS}"),
    ("assets/../../outside.svg", f"'assets/../../outside.svg' {OUT_WITH_DOTS}"),
    ("/etc/hostname", f"'/etc/hostname' {ABSOLUTE}"),
    ("C:\\logo.svg", f"'C:\\logo.svg' {ABSOLUTE}"),
])
def test_build_refuses_a_path_out_of_the_folder(org, tmp_path, path, message):
    (tmp_path / "outside.svg").write_text("<svg/>")
    set_paths(org, path)
    assert refused_build(tmp_path) == f"org/handbook.yml:5:18: error: branding.logo: {message}"


def test_build_refuses_a_symlink_out_of_the_folder(org, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the handbook")
    (org / "assets").mkdir()
    (org / "assets" / "logo.svg").symlink_to(secret)
    set_paths(org, "assets/logo.svg")
    assert refused_build(tmp_path) == (
        "org/handbook.yml:5:18: error: branding.logo: 'assets/logo.svg' is a link to a file "
        "outside the folder; copy the file into the folder instead")


def test_build_refuses_a_data_file_out_of_the_folder(org, tmp_path):
    handbook = org / "handbook.yml"
    handbook.write_text(handbook.read_text() + "kpis: {posts: ../posts.csv}\n")
    assert refused_build(tmp_path).endswith(
        "error: kpis.posts: '../posts.csv' goes out of the folder with '..'; keep files inside "
        "the folder")


# --- YAML that attacks the parser -------------------------------------------------------------

def _alias_bomb() -> bytes:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


# Each case: the charter's bytes, and the first line `handbook build` prints.
HOSTILE_YAML = {
    "alias bomb": (
        _alias_bomb,
        ("org/charter.yml:1:4: error: anchors (`&a`) are not allowed: write the value out in "
         "full where it is needed")),
    "500 nested brackets": (
        lambda: b"a: " + b"[" * 500 + b"]" * 500 + b"\n",
        ("org/charter.yml:1:23: error: data is nested more than 20 levels deep; a handbook file "
         "never needs that many")),
    "50 MB file": (
        lambda: b"preamble: " + b"x" * (50 * 1024 * 1024) + b"\n",
        ("org/charter.yml:1:1: error: file is 51200 KB, more than the 2048 KB a handbook file may "
         "have; split it or remove what is not handbook data")),
    "NUL byte": (
        lambda: b'version: "1.0"\x00\n',
        ("org/charter.yml:1:15: error: file contains a NUL byte: it is not a text file, or it "
         "was saved in UTF-16; save it as UTF-8 text")),
    "Latin-1": (
        lambda: "preamble: Notre charte a été adoptée\n".encode("latin-1"),
        ("org/charter.yml:1:26: error: byte 0xE9 is not UTF-8: the file was saved in another "
         "encoding (Latin-1, Windows-1252?); save it as UTF-8")),
    "tab indent": (
        lambda: b'version: "1.0"\nstatus:\n\tadopted\n',
        ("org/charter.yml:3:1: error: YAML syntax: found character '\\t' that cannot start any "
         "token; indent with spaces, never tabs")),
    "empty file": (
        lambda: b"",
        ("org/charter.yml:1:1: error: file is empty; write the keys this file expects (see the "
         "input reference)")),
}


@pytest.mark.parametrize("case", HOSTILE_YAML)
def test_hostile_yaml_is_a_clean_error(org, tmp_path, case):
    make, first_line = HOSTILE_YAML[case]
    (org / "charter.yml").write_bytes(make())
    assert refused_build(tmp_path) == first_line
