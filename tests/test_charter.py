"""The charter as a living document: fingerprint, history and diff, printables, draft marks."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from ruamel.yaml import YAML

from generator.build.pipeline import build_handbook
from generator.charter.fingerprint import charter_fingerprint
from generator.core.typography import typeset
from generator.inputs.folder import load_charter
from generator.inputs.handbook import load_handbook
from generator.inputs.labels import labels
from generator.printables.charter import charter_html, charter_printables
from generator.site.project import write_files

from .conftest import DEMO, FIXTURES, golden, run

VERSIONS = FIXTURES / "charter-versions"
GOLDEN_DIFF = Path(__file__).parent / "golden" / "diff"
A4_POINTS = (595, 842)
SECTIONS = ("encouraged", "discouraged", "confidentiality", "legal", "moderation")
PDF_NAMES = ("charter-glance.pdf", "charter-full.pdf", "charter-acknowledgement.pdf")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def fingerprint_of(folder: Path, text: str, name: str = "charter.yml") -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    charter, _ = load_charter(path, name)
    return charter_fingerprint(charter)


def pdf_text(reader: PdfReader) -> str:
    """The text of every page, with line breaks and repeated spaces folded."""
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def folded(text: str) -> str:
    return " ".join(text.split())


# --- fingerprint -------------------------------------------------------------------------------

BLOCK_STYLE = """\
# The charter, written the way most editors write YAML.
version: "2.0"
status: adopted
adopted_on: 2026-10-01
preamble: |
  Notre charte, écrite
  avec les ambassadeurs.
encouraged:
  - id: share-news
    title: Partager nos actualités  # the rule everyone knows
    text:
      fr: >-
        Relayez les annonces
        avec votre regard.
      en: Pass on the announcements with your own take.
    ask: comms
discouraged:
  - id: no-polemics
    title: Éviter les polémiques
confidentiality:
  - id: no-figures
    title: Pas de chiffres non publiés
legal:
  - id: image-rights
    title: "Droit à l'image"
moderation:
  - id: stay-calm
    title: 'Rester courtois'
bad_buzz:
  steps:
    - do: Prévenir la communication
      who: comms
changelog:
  - version: "2.0"
    date: 2026-10-01
    changes: [Deuxième version]
"""

# The same charter: keys in reverse order, flow style, four-space indents, other quoting and
# line wrapping, no comment.
FLOW_STYLE = """\
changelog: [{changes: ["Deuxième version"], date: 2026-10-01, version: '2.0'}]
bad_buzz:
    steps: [{who: comms, do: "Prévenir la communication"}]
moderation: [{title: Rester courtois, id: stay-calm}]
legal: [{title: Droit à l'image, id: image-rights}]
confidentiality: [{id: no-figures, title: Pas de chiffres non publiés}]
discouraged: [{id: no-polemics, title: "Éviter les polémiques"}]
encouraged:
    -   ask: comms
        text: {en: "Pass on the announcements
            with your own take.", fr: Relayez les annonces avec votre regard.}
        title: Partager nos actualités
        id: share-news
preamble: "Notre charte, écrite avec les ambassadeurs."
adopted_on: 2026-10-01
status: adopted
version: '2.0'
"""


def test_fingerprint_is_a_short_code(tmp_path):
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}",
                        fingerprint_of(tmp_path, BLOCK_STYLE))


def test_fingerprint_is_stable_across_formatting_only_edits(tmp_path):
    assert fingerprint_of(tmp_path, FLOW_STYLE) == fingerprint_of(tmp_path, BLOCK_STYLE)


@pytest.mark.parametrize("old, new", [
    ("avec votre regard", "avec vos mots"),  # one word of the French text
    ("your own take", "your own view"),  # only the English text
    ("title: Éviter les polémiques", "title: Éviter toute polémique"),
    ("    ask: comms", "    ask: hr"),
    ("status: adopted\nadopted_on: 2026-10-01", "status: draft"),
])
def test_fingerprint_changes_with_the_text(tmp_path, old, new):
    assert old in BLOCK_STYLE
    edited = BLOCK_STYLE.replace(old, new)
    assert fingerprint_of(tmp_path, edited) != fingerprint_of(tmp_path, BLOCK_STYLE)


def test_demo_fingerprint_survives_a_rewrite_of_its_file(tmp_path):
    """The demo charter re-dumped in flow style, keys reversed, comments dropped."""
    def reverse_keys(value):
        if isinstance(value, dict):
            return {key: reverse_keys(value[key]) for key in reversed(list(value))}
        if isinstance(value, list):
            return [reverse_keys(item) for item in value]
        return value

    data = YAML(typ="safe").load((DEMO / "charter.yml").read_text(encoding="utf-8"))
    dumper = YAML(typ="safe")
    dumper.default_flow_style = True
    dumper.sort_base_mapping_type_on_output = False
    dumper.width = 60
    buffer = io.StringIO()
    dumper.dump(reverse_keys(data), buffer)
    rewritten = buffer.getvalue()
    assert rewritten.startswith("{changelog:")
    assert not any(line.lstrip().startswith("#") for line in rewritten.splitlines())

    demo, _ = load_handbook(DEMO)
    assert fingerprint_of(tmp_path, rewritten) == charter_fingerprint(demo.charter)


# --- history and diff --------------------------------------------------------------------------

@pytest.mark.parametrize("form, suffix", [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_diff_of_two_versions_matches_golden_file(form, suffix):
    result = run("diff", str(VERSIONS / "charter-1.0.yml"), str(VERSIONS / "charter-1.1.yml"),
                 "--format", form)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    golden(GOLDEN_DIFF / f"charter-1.0-to-1.1.{suffix}", result.stdout)


def test_diff_speaks_the_language_asked_for():
    result = run("diff", str(VERSIONS / "charter-1.0.yml"), str(VERSIONS / "charter-1.1.yml"),
                 "--lang", "fr")
    assert "  + legal/personal-data: Respecter les données personnelles" in result.stdout
    assert "    - Nouvelle règle sur les données personnelles." in result.stdout


def test_diff_of_a_version_with_itself_lists_nothing():
    same = str(VERSIONS / "charter-1.1.yml")
    assert run("diff", same, same).stdout == (
        "Charter 1.1 → 1.1\n\nAdded rules: none\nRemoved rules: none\nChanged rules: none\n\n"
        "Changelog: no entry.\n")


def test_diff_reports_invalid_files_with_positions(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((VERSIONS / "charter-1.1.yml").read_text(encoding="utf-8")
                      .replace("status: adopted", "status: adoptée"), encoding="utf-8")
    result = run("diff", str(VERSIONS / "charter-1.0.yml"), str(broken))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{broken}:14:9: error: status: 'adoptée' is not allowed here; expected one of: draft, "
        "adopted (did you mean 'adopted'?)")
    missing = run("diff", str(tmp_path / "nowhere.yml"), str(VERSIONS / "charter-1.1.yml"))
    assert missing.exit_code == 1
    assert missing.stderr.splitlines()[0] == (
        f"{tmp_path / 'nowhere.yml'}:1:1: error: no such file; give a charter file, like "
        "charter.yml or history/charter-1.1.yml")


def test_demo_history_is_loaded_oldest_first():
    demo, warnings = load_handbook(DEMO)
    assert warnings == []
    assert [old.version for old in demo.history] == ["1.0", "1.1"]


def test_what_changed_page_lists_each_version(demo_site):
    demo, _ = load_handbook(DEMO)
    page = soup(demo_site / "en" / "charter-changes.html")
    versions = [h2["id"] for h2 in page.select("article h2")]
    assert versions == ["version-1-2", "version-1-1", "version-1-0"]

    def links_after(heading_id: str) -> list[str]:
        heading = page.select_one(f"h2#{heading_id}")
        links = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            links += [a["href"] for a in sibling.select("a")]
        return links

    assert links_after("version-1-2") == [
        "charter.html#site-security", "charter.html#green-claims",
        "charter.html#share-field-experience", "charter.html#copyright-visuals"]
    assert links_after("version-1-1") == [
        "charter.html#client-energy-data", "charter.html#check-the-background"]
    text = folded(page.select_one("article").get_text(" "))
    assert "Other parts changed : the bad-buzz procedure" in text
    for entry in demo.charter.changelog:
        for change in entry.changes:
            assert folded(change.get("en")) in text
    # In the Charter section of the navigation, in both languages.
    for root in (demo_site, demo_site / "en"):
        nav = soup(root / "charter.html").select("nav.md-nav--primary a[href]")
        assert "charter-changes.html" in [a["href"] for a in nav]


# --- the charter page --------------------------------------------------------------------------

def test_charter_page_shows_version_status_and_fingerprint(demo_site):
    demo, _ = load_handbook(DEMO)
    code = charter_fingerprint(demo.charter)
    for root, lang in ((demo_site, "fr"), (demo_site / "en", "en")):
        page = soup(root / "charter.html")
        meta = page.select_one(".hb-charter-meta").get_text(" ")
        assert demo.charter.version in meta and code in meta
        assert labels(lang)["enums"]["status"]["adopted"] in meta
        acknowledgement = page.select_one("h2#acknowledgement")
        section = []
        for sibling in acknowledgement.find_next_siblings():
            if sibling.name == "h2":
                break
            section.append(sibling)
        assert any(code in s.get_text() for s in section)
        assert any(a["href"] == demo.charter.acknowledgement.url
                   for s in section for a in s.select("a"))
        assert page.select(".md-banner") == []  # the demo charter is adopted


def test_charter_page_links_to_its_pdfs(demo_site):
    for root in (demo_site, demo_site / "en"):
        page_path = root / "charter.html"
        links = [a["href"] for a in soup(page_path).select("a.hb-printable")]
        assert links == [f"printables/{name}" for name in PDF_NAMES]
        for href in links:
            target = Path(urlsplit(urljoin(page_path.as_uri(), href)).path)
            assert target.read_bytes().startswith(b"%PDF-")


# --- the printables ----------------------------------------------------------------------------

def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font the PDF uses, and whether its glyphs are inside the file."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() \
                if font["/Subtype"] == "/Type0" else font
            descriptor = described["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_charter_pdfs_open_on_a4_with_every_rule(demo_site, lang):
    root = demo_site if lang == "fr" else demo_site / "en"
    charter = YAML(typ="safe").load((DEMO / "charter.yml").read_text(encoding="utf-8"))
    demo, _ = load_handbook(DEMO)
    code = charter_fingerprint(demo.charter)
    titles = [folded(rule["title"][lang]) for section in SECTIONS for rule in charter[section]]
    readers = {name: PdfReader(root / "printables" / name) for name in PDF_NAMES}

    assert len(readers["charter-glance.pdf"].pages) == 1
    assert len(readers["charter-acknowledgement.pdf"].pages) == 1
    full = readers["charter-full.pdf"]
    assert len(full.pages) >= 3
    for name, reader in readers.items():
        for page in reader.pages:
            size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
            assert size == A4_POINTS, name
        text = pdf_text(reader)
        assert code in text and charter["version"] in text, name
        fonts = embedded_fonts(reader)
        assert fonts and all(fonts.values()), (name, fonts)
        assert any("DejaVu" in font for font in fonts), fonts

    for name in ("charter-glance.pdf", "charter-full.pdf"):
        text = pdf_text(readers[name])
        assert [t for t in titles if t not in text] == [], name

    words = labels(lang)["charter"]
    for number, page in enumerate(full.pages, start=1):
        footer = " ".join((page.extract_text() or "").split())
        assert f"{words['page']} {number} / {len(full.pages)}" in footer
        assert f"{words['version']} {charter['version']}" in footer

    sheet = pdf_text(readers["charter-acknowledgement.pdf"])
    for key in ("ack_name", "ack_date", "ack_signature"):
        assert words[key] in sheet
    assert charter["acknowledgement"]["url"] in sheet


@pytest.mark.slow
def test_a_long_charter_still_fits_on_one_page(org):
    sections = "".join(
        f"{section}:\n" + "".join(
            f"  - {{id: {section}-{n}, title: \"Règle numéro {n} de la section {section}, écrite "
            "un peu longuement pour occuper deux lignes\", ask: comms}\n" for n in range(1, 11))
        for section in SECTIONS)
    (org / "charter.yml").write_text(
        'version: "1.0"\nstatus: draft\npreamble: Notre charte.\n' + sections
        + "bad_buzz:\n  steps:\n    - {do: Prévenir la communication, who: comms}\n",
        encoding="utf-8")
    handbook, _ = load_handbook(org)

    write_files(org / "out", charter_printables(handbook, "fr"))
    reader = PdfReader(org / "out" / "printables" / "charter-glance.pdf")
    assert len(reader.pages) == 1
    text = pdf_text(reader)
    assert all(f"Règle numéro {n} de la section {section}," in text
               for section in SECTIONS for n in range(1, 11))


# --- a draft charter ---------------------------------------------------------------------------

@pytest.fixture
def draft_site(org, tmp_path) -> Path:
    charter = org / "charter.yml"
    charter.write_text(charter.read_text(encoding="utf-8").replace(
        "status: adopted\nadopted_on: 2026-10-01", "status: draft"), encoding="utf-8")
    output = tmp_path / "site"
    build_handbook(org, output, strict=True)
    return output


def test_a_draft_charter_is_marked_on_every_page(draft_site):
    banner_text = typeset(labels("fr")["charter"]["draft_banner"], "fr")  # as readers see it
    pages = sorted(draft_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        banner = soup(path).select_one(".md-banner a.hb-draft-banner")
        assert banner is not None, path
        assert banner.get_text(strip=True) == banner_text
        if path.name != "404.html":  # 404.html is served from any address
            target = Path(urlsplit(urljoin(path.as_uri(), banner["href"])).path)
            assert target == draft_site / "charter.html", path
    charter_page = soup(draft_site / "charter.html")
    assert charter_page.select_one(".admonition.warning") is not None
    assert "brouillon" in charter_page.select_one(".hb-charter-meta").get_text()


def test_a_draft_charter_is_marked_on_every_pdf(draft_site):
    words = labels("fr")["charter"]
    for name in PDF_NAMES:
        reader = PdfReader(draft_site / "printables" / name)
        for page in reader.pages:
            text = " ".join((page.extract_text() or "").split())
            assert words["draft_mark"] in text, name
            assert words["draft_print"] in text, name


def test_print_templates_escape_the_organisations_text(org):
    """Texts reach the print HTML sanitised; the name in the CSS footer cannot end <style>."""
    settings = org / "handbook.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "name: Acme Conseil", 'name: "Acme </style><script>alert(1)</script>"', 1),
        encoding="utf-8")
    charter = org / "charter.yml"
    charter.write_text(charter.read_text(encoding="utf-8").replace(
        "title: Éviter les polémiques",
        "title: 'Éviter <img src=\"file:///etc/passwd\"> les polémiques'"), encoding="utf-8")
    handbook, _ = load_handbook(org)
    for kind in ("glance", "full", "acknowledgement"):
        html = charter_html(handbook, "fr", kind)
        assert "<script" not in html and "<img src=\"file:" not in html, kind
        assert html.count("</style>") == 1, kind
        if kind != "acknowledgement":  # the sheet lists no rule
            assert "Éviter  les polémiques" in html, kind  # the <img> is gone, not the text


def test_diff_command_explains_itself_and_needs_two_files():
    assert run("diff", "--help").exit_code == 0
    assert "OLD.yml NEW.yml" in run("diff", "--help").stdout
    assert run("diff", str(VERSIONS / "charter-1.0.yml")).exit_code == 2
    assert run("diff", "a.yml", "b.yml", "--format", "pdf").exit_code == 2
