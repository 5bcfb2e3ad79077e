"""Training kits: the printed documents (opened with poppler's pdfinfo, pdftotext, pdffonts),
the bundles, the PDF cache, the progress shown by `handbook build`, the kits index filter."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path
from typing import get_args

import markdown
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from generator.build.pipeline import build_handbook
from generator.build.uptodate import HASH_MEMO
from generator.core.errors import BuildError
from generator.inputs.handbook import load_handbook
from generator.inputs.labels import labels
from generator.model.vocab import Format, Persona, Pillar, TrackId
from generator.printables import pdf as printables
from generator.printables.pdf import CACHE_DIRNAME, PdfCache
from generator.site.plan import plan_printables, plan_site

from .conftest import DEMO, MINIMAL, REPO, run

A4 = (595, 842)


@pytest.fixture(scope="module")
def demo():
    handbook, _ = load_handbook(DEMO)
    return handbook


def language_roots(site: Path, handbook) -> list[tuple[str, Path]]:
    return [(plan.lang, site / plan.prefix) for plan in plan_site(handbook)]


def printed_pdfs(site: Path, handbook) -> list[tuple[str, Path]]:
    """(language, file) of every PDF the training kits print."""
    return [(lang, root / printable.path) for lang, root in language_roots(site, handbook)
            for printable in plan_printables(handbook, lang) if printable.kind != "bundle"]


def pdf_info(path: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in output.stdout.splitlines() if ":" in line)


def page_size(path: Path) -> tuple[int, int]:
    width, _, height = pdf_info(path)["Page size"].split()[:3]
    return round(float(width)), round(float(height))


def page_count(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


def pdf_text(path: Path, page: int | None = None) -> str:
    """The text of a PDF (or of one page) in the order it was written, white space collapsed
    since lines wrap anywhere, and a line ending after a word's hyphen ("rendez-") joined."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    output = subprocess.run(["pdftotext", "-raw", *pages, str(path), "-"], capture_output=True,
                            text=True, check=True)
    return re.sub(r"(\w)-\s+", r"\1-", " ".join(output.stdout.split()))


def pdf_fonts(path: Path) -> list[tuple[str, str]]:
    """(font name, embedded: yes or no) of every font the PDF uses."""
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = output.stdout.splitlines()[2:]  # a header and a rule
    return [(row.split()[0], row.split()[-5]) for row in rows]


def plain(text, lang: str, languages) -> str:
    """A text field as it reads once printed: Markdown rendered, white space collapsed."""
    html = markdown.markdown(text.get(lang, tuple(languages)))
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def pixels_near(image: Image.Image, colour: str, tolerance: int = 40) -> int:
    target = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    data = image.convert("RGB").tobytes()
    return sum(1 for pixel in zip(data[0::3], data[1::3], data[2::3])
               if all(abs(a - b) <= tolerance for a, b in zip(pixel, target)))


# --- the PDFs -------------------------------------------------------------------------------

def test_every_printable_of_the_demo_is_written_in_each_language(demo_site, demo):
    for lang, root in language_roots(demo_site, demo):
        expected = {p.path for p in plan_printables(demo, lang)}
        written = {path.relative_to(root).as_posix()
                   for path in (root / "printables").iterdir()}
        assert expected <= written
        # 9 kits give their cards twice (A4 sheets, A6 cards); 5 modules give a guide, a
        # handout, slides and a bundle each.
        assert len(expected) == 2 * len(demo.kits) + 4 * len(demo.modules)


def test_idea_cards_for_a_print_shop_have_one_idea_per_card_front_and_back(demo_site, demo):
    languages = demo.settings.languages
    for lang, root in language_roots(demo_site, demo):
        words = labels(lang)
        for kit_id, kit in demo.kits:
            pdf = root / "printables" / f"{kit_id}-idea-cards-{lang}.pdf"
            assert page_count(pdf) == 2 * len(kit.ideas)  # A6 with bleed: test_printables_cards
            title = plain(kit.title, lang, languages)
            for index, idea in enumerate(kit.ideas):
                front = pdf_text(pdf, 2 * index + 1)
                back = pdf_text(pdf, 2 * index + 2)
                number = words["printables"]["idea_of"].format(n=index + 1, total=len(kit.ideas))
                assert title.upper() in front and title.upper() in back  # shown in capitals
                assert number in front and number in back
                assert plain(idea.angle, lang, languages) in front
                for prompt in idea.prompts:
                    assert plain(prompt, lang, languages) in front
                for opener in idea.openers:
                    assert plain(opener, lang, languages) in back
                    assert plain(opener, lang, languages) not in front
                for item in (*kit.do, *kit.avoid):
                    assert plain(item, lang, languages) in back
                if idea.example:  # a card is a starting point, never a post to copy
                    ending = plain(idea.example, lang, languages)[-40:]
                    assert ending not in front and ending not in back


def test_facilitator_guides_and_handouts_are_a4_with_the_module_and_its_timed_agenda(
        demo_site, demo):
    languages = demo.settings.languages
    for lang, root in language_roots(demo_site, demo):
        words = labels(lang)
        for module_id, module in demo.modules:
            guide = root / "printables" / f"{module_id}-facilitator-guide-{lang}.pdf"
            handout = root / "printables" / f"{module_id}-participant-handout-{lang}.pdf"
            for pdf, kind in ((guide, "facilitator_guide"), (handout, "participant_handout")):
                assert page_size(pdf) == A4
                assert page_count(pdf) >= 1
                text = pdf_text(pdf)
                assert words["printables"][kind].upper() in text
                assert plain(module.title, lang, languages) in text
                for objective in module.objectives:
                    assert plain(objective, lang, languages) in text
                for exercise in module.exercises:
                    assert plain(exercise, lang, languages) in text
                elapsed = 0
                for item in module.agenda:  # start times computed from the session's start
                    start, end = elapsed, elapsed + item.minutes
                    assert f"{start // 60}:{start % 60:02d} – {end // 60}:{end % 60:02d}" in text
                    assert plain(item.title, lang, languages) in text
                    elapsed = end
            guide_text, handout_text = pdf_text(guide), pdf_text(handout)
            for material in module.materials:
                assert plain(material, lang, languages) in guide_text
            for item in module.agenda:
                if item.activity:
                    assert plain(item.activity, lang, languages) in guide_text
            for kit_id in module.kits:
                kit = demo.kit(kit_id)
                assert plain(kit.title, lang, languages) in guide_text
                assert plain(kit.title, lang, languages) in handout_text
                for idea in kit.ideas:
                    assert plain(idea.angle, lang, languages) in handout_text
                    for prompt in idea.prompts:
                        assert plain(prompt, lang, languages) in handout_text


def test_every_page_has_its_number_the_organisation_and_the_version(demo_site, demo):
    documents = ("facilitator-guide", "participant-handout")  # cards and slides have none
    for lang, pdf in printed_pdfs(demo_site, demo):
        if not any(document in pdf.name for document in documents):
            continue
        version = labels(lang)["printables"]["version"].format(version=demo.charter.version)
        pages = page_count(pdf)
        for page in range(1, pages + 1):
            text = pdf_text(pdf, page)
            assert f"{page} / {pages}" in text, (pdf.name, page)
            assert demo.settings.organisation.name in text, (pdf.name, page)
            assert version in text, (pdf.name, page)


def test_fonts_are_embedded_and_the_text_is_set_in_dejavu(demo_site, demo):
    for _, pdf in printed_pdfs(demo_site, demo):
        fonts = pdf_fonts(pdf)
        assert fonts and all(embedded == "yes" for _, embedded in fonts), (pdf.name, fonts)
        assert any("DejaVu-Sans" in name for name, _ in fonts), (pdf.name, fonts)


def test_pdf_metadata_names_the_document_and_the_organisation(demo_site, demo):
    info = pdf_info(demo_site / "en" / "printables" / "effective-post-facilitator-guide-en.pdf")
    assert info["Title"].strip() == "Facilitator guide · Building an effective post"
    assert info["Author"].strip() == demo.settings.organisation.name


@pytest.mark.slow
def test_branding_colours_and_logo_are_printed(org, tmp_path):
    (org / "assets").mkdir()
    (org / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
        '<rect width="80" height="40" fill="#0000ff"/></svg>')
    with open(org / "handbook.yml", "a", encoding="utf-8") as handbook_yml:
        handbook_yml.write('branding: {primary: "#aa0000", accent: "#007a00", '
                           'logo: assets/logo.svg}\n')
    build_handbook(org, tmp_path / "site")
    for name, page in (("day-in-my-life-idea-cards-fr.pdf", 2),  # a back: the logo is there
                       ("day-in-my-life-card-sheets-fr.pdf", 2),
                       ("effective-post-facilitator-guide-fr.pdf", 1),
                       ("effective-post-participant-handout-fr.pdf", 1),
                       ("effective-post-slides-fr.pdf", 1)):
        image = tmp_path / "page"
        subprocess.run(["pdftoppm", "-r", "100", "-f", str(page), "-l", str(page), "-png",
                        "-singlefile",
                        str(tmp_path / "site" / "printables" / name), str(image)], check=True)
        with Image.open(f"{image}.png") as page:
            assert pixels_near(page, "#aa0000") > 200, name  # primary: headings, header
            assert pixels_near(page, "#007a00") > 30, name  # accent: rules and bars
            assert pixels_near(page, "#0000ff", 10) > 200, name  # the logo


@pytest.mark.slow
def test_text_from_the_yaml_is_escaped_in_the_print_html(org, tmp_path):
    hostile = 'Acme "Conseil" & <b>Co</b>'
    text = (org / "handbook.yml").read_text(encoding="utf-8")
    (org / "handbook.yml").write_text(text.replace("name: Acme Conseil", f"name: '{hostile}'"),
                                      encoding="utf-8")
    kit = (org / "kits" / "day-in-my-life.yml").read_text(encoding="utf-8")
    (org / "kits" / "day-in-my-life.yml").write_text(kit.replace(
        "Raconter une journée type", "Raconter <img src=x onerror=alert(1)> une journée"),
        encoding="utf-8")
    build_handbook(org, tmp_path / "site")
    cards = tmp_path / "site" / "printables" / "day-in-my-life-idea-cards-fr.pdf"
    assert pdf_info(cards)["Author"].strip() == hostile  # the attribute was escaped, not cut
    assert "Raconter une journée" in pdf_text(cards)  # the tag is removed, its text kept


# --- bundles --------------------------------------------------------------------------------

def test_module_pages_link_their_pdfs_and_bundle_and_kit_pages_their_cards(demo_site, demo):
    for lang, root in language_roots(demo_site, demo):
        for module_id, _ in demo.modules:
            page = BeautifulSoup((root / "training" / f"{module_id}.html").read_text(),
                                 "html.parser")
            links = [a["href"] for a in page.select("h2#printables + p + ul a")]
            assert links == [f"../printables/{module_id}-{kind}-{lang}.{extension}"
                             for kind, extension in (("facilitator-guide", "pdf"),
                                                     ("participant-handout", "pdf"),
                                                     ("slides", "pdf"), ("bundle", "zip"))]
        for kit_id, _ in demo.kits:
            page = BeautifulSoup((root / "kits" / f"{kit_id}.html").read_text(), "html.parser")
            cards = [a["href"] for a in page.select("a.md-button")]
            assert cards == [f"../printables/{kit_id}-card-sheets-{lang}.pdf",
                             f"../printables/{kit_id}-idea-cards-{lang}.pdf"]


# --- the cache ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_second_build_without_change_reuses_every_pdf(org, tmp_path, monkeypatch):
    # 5 training printables (card sheets, A6 cards, guide, handout, slides) and the 3 charter
    # PDFs (one language).
    first = build_handbook(org, tmp_path / "site")
    assert (first.pdfs_rendered, first.pdfs_reused) == (8, 0)
    assert first.cache == tmp_path / CACHE_DIRNAME / "site"
    before = {p.name: p.read_bytes() for p in (tmp_path / "site" / "printables").iterdir()}

    def must_not_render(html: str) -> bytes:
        raise AssertionError("a PDF was rendered again although its input did not change")

    monkeypatch.setattr(printables, "render_self_contained", must_not_render)
    # Forced: without a change, the build would otherwise leave the site as it is.
    second = build_handbook(org, tmp_path / "site", force=True)
    assert (second.pdfs_rendered, second.pdfs_reused) == (0, 8)
    after = {p.name: p.read_bytes() for p in (tmp_path / "site" / "printables").iterdir()}
    assert after == before


@pytest.mark.slow
def test_only_the_pdfs_whose_input_changed_are_rendered_again(org, tmp_path):
    build_handbook(org, tmp_path / "site")
    kit = org / "kits" / "day-in-my-life.yml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("Quel moment préférez-vous ?",
                                                           "Quel moment aimez-vous le plus ?"),
                   encoding="utf-8")
    report = build_handbook(org, tmp_path / "site")
    # The prompt is on both card documents and in the handout; the guide lists angles only.
    assert (report.pdfs_rendered, report.pdfs_reused) == (3, 5)
    cards = tmp_path / "site" / "printables" / "day-in-my-life-idea-cards-fr.pdf"
    assert "Quel moment aimez-vous le plus ?" in pdf_text(cards)
    # Entries the build no longer uses are removed: the cache holds this site's PDFs only.
    assert len(list((tmp_path / CACHE_DIRNAME / "site").glob("*.pdf"))) == 8


@pytest.mark.slow
def test_sites_built_side_by_side_keep_their_own_cache(org, tmp_path):
    build_handbook(org, tmp_path / "site-a")
    kit = org / "kits" / "day-in-my-life.yml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("Raconter", "Montrer"),
                   encoding="utf-8")
    build_handbook(org, tmp_path / "site-b")  # prunes its own cache only
    kit.write_text(kit.read_text(encoding="utf-8").replace("Montrer", "Raconter"),
                   encoding="utf-8")
    again = build_handbook(org, tmp_path / "site-a", force=True)
    assert (again.pdfs_rendered, again.pdfs_reused) == (0, 8)


@pytest.mark.slow
def test_the_cache_is_never_published_and_can_live_elsewhere(org, tmp_path):
    report = build_handbook(org, tmp_path / "site", cache_dir=tmp_path / "elsewhere")
    assert report.cache == tmp_path / "elsewhere"
    cached = {p.name for p in (tmp_path / "elsewhere").iterdir()}
    assert len({name for name in cached if name.endswith(".pdf")}) == 8
    assert HASH_MEMO in cached  # the inputs' hashes (build/hash_memo.py), beside the PDFs
    published = {p.name for p in (tmp_path / "site").rglob("*")}
    assert not cached & published
    assert not (tmp_path / CACHE_DIRNAME).exists()


def test_the_cache_refuses_a_document_that_refers_to_a_file(tmp_path):
    cache = PdfCache(tmp_path / "cache")
    with pytest.raises(BuildError) as error:
        cache.pdf('<img src="file:///etc/hostname">')
    assert str(error.value) == (
        'a printable refers to a file or address (Error fetching "file:///etc/hostname"); '
        "printables must carry their styles and images inside them (data: URLs)")
    assert not list((tmp_path / "cache").glob("*.pdf"))


# --- progress ------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_log_gets_one_plain_line_per_printable(org):
    result = run("build", "org", "-o", "out")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "printables [1/6] printables/day-in-my-life-card-sheets-fr.pdf",
        "printables [2/6] printables/day-in-my-life-idea-cards-fr.pdf",
        "printables [3/6] printables/effective-post-facilitator-guide-fr.pdf",
        "printables [4/6] printables/effective-post-participant-handout-fr.pdf",
        "printables [5/6] printables/effective-post-slides-fr.pdf",
        "printables [6/6] printables/effective-post-bundle-fr.zip",
    ]
    assert result.stdout.splitlines()[1] == (
        f"Printables: 8 PDFs, 8 rendered and 0 reused from the cache "
        f"({Path('.handbook-cache', 'out').absolute()}).")


@pytest.mark.slow
def test_a_terminal_gets_a_progress_bar(tmp_path):
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(MINIMAL), "-o", str(tmp_path / "out")],
        stdin=terminal, stdout=terminal, stderr=terminal, cwd=REPO)
    os.close(terminal)
    output = b""
    while True:  # read as it comes: a full terminal buffer would block the build
        ready, _, _ = select.select([controller], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the build ended and closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert process.wait(timeout=120) == 0, output.decode()
    text = output.decode()
    assert "Printables  [####" in text
    assert "100%" in text
    assert "printables [1/6]" not in text  # no log lines on a terminal


# --- the kits index -------------------------------------------------------------------------

FACETS = {"track": "track", "persona": "personas", "pillar": "pillar", "format": "format"}


def kit_values(kit, facet: str) -> list[str]:
    return list(kit.personas) if facet == "persona" else [getattr(kit, facet)]


def test_the_kits_index_offers_a_filter_on_track_persona_pillar_and_format(demo_site, demo):
    orders = {"track": TrackId, "persona": Persona, "pillar": Pillar, "format": Format}
    for lang, root in language_roots(demo_site, demo):
        words = labels(lang)
        page = BeautifulSoup((root / "kits" / "index.html").read_text(), "html.parser")
        form = page.select_one("form[data-hb-filter]")
        assert form.has_attr("hidden")  # shown by the script: no dead controls without it
        dropdowns = form.select("select")
        assert [dropdown["name"] for dropdown in dropdowns] == list(FACETS)
        for dropdown in dropdowns:
            facet = dropdown["name"]
            used = {value for _, kit in demo.kits for value in kit_values(kit, facet)}
            values = [option["value"] for option in dropdown.select("option")]
            assert values == ["", *(v for v in get_args(orders[facet]) if v in used)]
            assert dropdown.find_parent("label").get_text(" ", strip=True).startswith(
                words["kits"]["facets"][facet])
            texts = [option.get_text(strip=True) for option in dropdown.select("option")[1:]]
            assert texts == [words["enums"][facet][value] for value in values[1:]]
        count = form.select_one(".hb-filter__count")
        assert count["data-shown"] == words["kits"]["shown"]
        assert count["data-none"] == words["kits"]["no_match"]

        rows = page.select("table tbody tr")
        assert len(rows) == len(demo.kits)
        for row, (kit_id, kit) in zip(rows, demo.kits):
            assert row.select_one("a")["href"] == f"{kit_id}.html"
            for facet in FACETS:
                assert row[f"data-{facet}"].split() == kit_values(kit, facet)

        script = [s["src"] for s in page.select("script[src]") if "kit-filter" in s["src"]]
        assert script == ["../assets/javascripts/kit-filter.js"]
        assert (root / "kits" / script[0]).resolve().is_file()


def test_kit_pages_link_each_value_to_the_filtered_index(demo_site):
    page = BeautifulSoup((demo_site / "en" / "kits" / "day-in-my-life.html").read_text(),
                         "html.parser")
    links = [a["href"] for a in page.select("article li a[href^='index.html?']")]
    assert links == ["index.html?track=employee", "index.html?persona=reporter",
                     "index.html?persona=supporter", "index.html?pillar=employer_brand",
                     "index.html?format=post"]


def test_the_filter_works_from_files_in_a_browser(demo_site, chromium):
    index = (demo_site / "en" / "kits" / "index.html").as_uri()
    page = chromium.new_page()
    try:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{index}?track=experts")
        assert page.is_visible("form[data-hb-filter]")
        rows = "tbody tr[data-track]:visible"
        experts = page.locator(rows).evaluate_all("rows => rows.map(r => r.dataset.track)")
        assert experts and set(experts) == {"experts"}
        assert page.inner_text(".hb-filter__count") == f"Kits shown: {len(experts)} of 9"
        page.select_option("select[name=persona]", "salesperson")
        shown = page.locator(rows).evaluate_all(
            "rows => rows.map(r => r.dataset.track + ' ' + r.dataset.persona)")
        assert shown and all(s.startswith("experts ") and "salesperson" in s
                             for s in shown)
        page.select_option("select[name=format]", "video")
        assert page.locator(rows).count() == 0
        assert page.inner_text(".hb-filter__count") == (
            "No kit matches these filters: widen one of them.")
        page.select_option("select[name=track]", "")
        page.select_option("select[name=persona]", "")
        page.select_option("select[name=format]", "")
        assert page.locator(rows).count() == 9
        assert all(url.startswith("file://") for url in requests)  # nothing left the site
    finally:
        page.close()

def test_the_demo_has_the_playbook_modules_and_a_kick_off(demo):
    modules = dict(demo.modules)
    assert {"linkedin-basics", "effective-post", "speaking-territory", "kick-off"} <= set(modules)
