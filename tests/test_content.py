"""The playbook chapters (content/fr, content/en), checked on the sites they build.

Both languages must have the same chapters, the same heading structure under the same
conditions and the same facts; the pages must be personalised from the organisation's folder
and never leak a placeholder, a Python value or an English word into the French site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from ruamel.yaml import YAML

from generator.build.pipeline import build_handbook
from generator.core.errors import BuildError
from generator.site import render
from generator.site.plan import CHAPTERS

from .conftest import DEMO, MINIMAL, REPO

CONTENT = REPO / "content"
LANGUAGES = ("fr", "en")
CHAPTER_PATHS = tuple(path for _, paths in CHAPTERS for path in paths)
HEADINGS = ("h1", "h2", "h3", "h4")


def load_yaml(path: Path):
    with open(path, encoding="utf-8") as handle:
        return YAML(typ="safe").load(handle)


LABELS = {lang: load_yaml(CONTENT / lang / "labels.yml") for lang in LANGUAGES}
DEMO_SETTINGS = load_yaml(DEMO / "handbook.yml")


# --- helpers ---------------------------------------------------------------------------------

def lang_root(site: Path, lang: str) -> Path:
    """French is the demo's first language, at the root; English lives under en/."""
    return site if lang == "fr" else site / lang


def page_html(site: Path, lang: str, chapter: str) -> Path:
    return lang_root(site, lang) / (chapter[: -len(".md")] + ".html")


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, lang: str, chapter: str) -> Tag:
    path = page_html(site, lang, chapter)
    assert path.is_file(), f"{path} was not built"
    found = soup_of(path).find("article")
    assert found is not None, f"{path} has no article"
    return found


def clean(text: str) -> str:
    """Visible text with the permalink marks dropped and white space collapsed."""
    return " ".join(text.replace("¶", " ").replace("\u00a0", " ").replace("\u202f", " ").split())


def text_of(site: Path, lang: str, chapter: str) -> str:
    return clean(article(site, lang, chapter).get_text())


def headings(node: Tag) -> list[tuple[str, str]]:
    return [(h.name, clean(h.get_text())) for h in node.find_all(HEADINGS)]


def levels(node: Tag) -> list[str]:
    return [name for name, _ in headings(node)]


def build_variant(tmp_path_factory, name: str, edit) -> Path:
    """Build a copy of the minimal folder after `edit(settings)` changed its handbook.yml."""
    base = tmp_path_factory.mktemp(name)
    folder = base / "org"
    shutil.copytree(MINIMAL, folder)
    yaml = YAML()
    settings = yaml.load((folder / "handbook.yml").read_text(encoding="utf-8"))
    edit(settings)
    with open(folder / "handbook.yml", "w", encoding="utf-8") as handle:
        yaml.dump(settings, handle)
    output = base / "site"
    build_handbook(folder, output)
    return output


# --- sites built for this module -------------------------------------------------------------

@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory) -> Path:
    """The minimal fixture as it is: French only, experts not launched."""
    output = tmp_path_factory.mktemp("minimal") / "site"
    build_handbook(MINIMAL, output)
    return output


@pytest.fixture(scope="module")
def minimal_bilingual(tmp_path_factory) -> Path:
    """The minimal fixture in French and English, with a decimal rhythm for employees."""

    def edit(settings):
        settings["languages"] = ["fr", "en"]
        settings["programme"]["tracks"]["employee"]["posts_per_month"] = 1.5

    return build_variant(tmp_path_factory, "minimal-bilingual", edit)


# --- the chapters the plan lists, and only those ---------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_planned_chapter_exists(lang):
    missing = [path for path in CHAPTER_PATHS if not (CONTENT / lang / path).is_file()]
    assert not missing, f"content/{lang} lacks {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_chapter_outside_the_plan(lang):
    root = CONTENT / lang
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    extra = present - set(CHAPTER_PATHS) - {"labels.yml"}
    assert not extra, f"content/{lang} holds files the plan does not list: {sorted(extra)}"


@pytest.mark.parametrize("chapter", CHAPTER_PATHS)
def test_chapters_do_not_duplicate_the_labels(chapter):
    """Ids become words through the label filter, numbers through the number filter."""
    for lang in LANGUAGES:
        source = (CONTENT / lang / chapter).read_text(encoding="utf-8")
        assert not re.search(r"{%-?\s*set\s+\w+\s*=\s*{", source), \
            f"{lang}/{chapter} defines its own lookup table; use the label filter"
        assert "'%g'" not in source and "replace('.'" not in source, \
            f"{lang}/{chapter} formats a number by hand; use the number filter"


# --- same structure in both languages ---------------------------------------------------------

_TAG = re.compile(r"{%-?\s*(if|elif|else|endif|for|endfor)\b(.*?)-?%}")


def heading_conditions(source: str) -> list[tuple[int, tuple[str, ...]]]:
    """(heading level, the if/elif/else branches around it) for each heading of a template."""
    stack: list[str] = []
    found = []
    for line in source.splitlines():
        if re.match(r"#{1,6} ", line):
            found.append((len(line.split(" ", 1)[0]), tuple(stack)))
        for keyword, rest in _TAG.findall(line):
            rest = " ".join(rest.split())
            if keyword in ("if", "for"):
                stack.append(f"if {rest}" if keyword == "if" else "for")
            elif keyword in ("elif", "else"):
                stack[-1] = f"{keyword} {rest}".strip()
            else:
                stack.pop()
    return found


@pytest.mark.parametrize("chapter", CHAPTER_PATHS)
def test_same_headings_under_the_same_conditions_in_the_templates(chapter):
    french, english = (heading_conditions((CONTENT / lang / chapter).read_text("utf-8"))
                       for lang in LANGUAGES)
    assert french, f"{chapter} has no heading"
    assert french[0] == (1, ()), f"{chapter} must open with its unconditional # title"
    assert french == english


@pytest.mark.parametrize("chapter", CHAPTER_PATHS)
def test_same_heading_levels_on_the_demo(demo_site, chapter):
    french, english = (levels(article(demo_site, lang, chapter)) for lang in LANGUAGES)
    assert french.count("h1") == 1 and french[0] == "h1"
    assert french == english


@pytest.mark.parametrize("chapter", CHAPTER_PATHS)
def test_same_heading_levels_when_tracks_are_not_launched(minimal_bilingual, chapter):
    french, english = (levels(article(minimal_bilingual, lang, chapter)) for lang in LANGUAGES)
    assert french.count("h1") == 1 and french[0] == "h1"
    assert french == english


# --- the playbook's facts, in both languages --------------------------------------------------

FACTS = [
    # why
    ("discover/why.md", "1 à 2 %", "1–2%"),
    ("discover/why.md", "advocacy de création", "creation advocacy"),
    *[("discover/why.md", name, name) for name in ("EDF", "Engie", "ABB", "Nutrisens")],
    # forms: launch sizes, personas
    ("discover/forms.md", "15 à 40 personnes", "15–40 people"),
    ("discover/forms.md", "10 à 20 experts", "10–20 experts"),
    ("discover/forms.md", "3 à 5 dirigeants", "3–5 leaders"),
    *[("discover/forms.md", fr, en) for fr, en in (
        ("l'expert", "the expert"), ("le manager", "the manager"),
        ("le commercial", "the salesperson"), ("le reporter", "the reporter"),
        ("le supporter", "the supporter"))],
    # roadmap: personas again, at the diagnosis step
    *[("steering/roadmap.md", fr, en) for fr, en in (
        ("l'expert", "the expert"), ("le manager", "the manager"),
        ("le commercial", "the salesperson"), ("le reporter", "the reporter"),
        ("le supporter", "the supporter"))],
    # principles and pitfalls
    *[("discover/principles.md", fr, en) for fr, en in (
        ("Volontariat", "Volunteering"), ("Confiance et lâcher-prise", "Trust and letting go"),
        ("Réciprocité", "Reciprocity"), ("Accompagnement et formation", "Support and training"),
        ("Un cadre clair", "A clear framework"))],
    *[("steering/pitfalls.md", fr, en) for fr, en in (
        ("L'effet perroquet", "The parrot effect"),
        ("Une plateforme ne suffit pas", "A platform is not enough"),
        ("Une direction absente", "Absent top management"),
        ("Pas de charte", "No charter"),
        ("Attendre un ROI immédiat", "Expecting immediate ROI"))],
    # leaders: a light rhythm
    ("leaders/index.md", "un post par mois", "one post a month"),
    ("faq.md", "un post par mois", "one post a month"),
    ("faq.md", "trois posts par semaine", "three posts a week"),
    # faq: launch sizes and the timeline
    ("faq.md", "15 à 40 personnes", "15–40 volunteers"),
    ("faq.md", "3 à 5 dirigeants actifs", "3–5 leaders"),
    ("faq.md", "10 à 20 voix affûtées", "10–20 voices"),
    ("faq.md", "500 ambassadeurs", "500 people"),
    ("faq.md", "150 noms", "150 names"),
    ("faq.md", "du mois 1 au mois 3", "months 1–3"),
    ("faq.md", "vers le mois 6", "around month 6"),
    ("faq.md", "mois 9 à 12", "months 9–12"),
    # kpis: the timeline and the three named scores with their formulas
    ("steering/kpis.md", "au mois 3", "months 1–3"),
    ("steering/kpis.md", "mois 6", "month 6"),
    ("steering/kpis.md", "mois 9 à 12", "months 9–12"),
    # (the English site names them in English: no French gloss, issue 18)
    ("steering/kpis.md", "Score d'Incarnation", "Embodiment score"),
    ("steering/kpis.md", "Score d'Impact", "Impact score"),
    ("steering/kpis.md", "Score de Surperformance", "Over-performance score"),
    # the formulas, with the exact definitions the dashboard computes (issue 7)
    ("steering/kpis.md",
     ("Score d'Incarnation = publications mentionnant l'entreprise signées par ses voix "
      "internes ÷ toutes les publications mentionnant l'entreprise"),
     ("Embodiment score = posts mentioning the company published by its internal voices ÷ all "
      "posts mentioning the company")),
    ("steering/kpis.md",
     ("Score d'Impact = total des engagements des publications des voix internes qui "
      "mentionnent l'entreprise"),
     "Impact score = total engagements of internal voices' posts that mention the company"),
    ("steering/kpis.md",
     ("Score de Surperformance = taux d'engagement des publications des voix internes ÷ taux "
      "d'engagement des publications de la page entreprise"),
     ("Over-performance score = engagement rate of internal voices' posts ÷ engagement rate of "
      "the company page's posts")),
    # governance: the four roles
    ("steering/governance.md", "sponsor exécutif", "executive sponsor"),
    ("steering/governance.md", "pilote au quotidien, le Community Manager",
     "day-to-day pilot, the Community Manager"),
    ("steering/governance.md", "La plume", "the pen"),
    ("steering/governance.md", "référents métier", "business referents"),
    # decision matrix
    ("steering/decision-matrix.md", "12 à 18 prochains mois", "next 12 to 18 months"),
    # about: the credit and the public cases
    ("about.md", "Hugo Stépanian", "Hugo Stépanian"),
    ("about.md", "hugo-stepanian.com", "hugo-stepanian.com"),
    ("about.md", "Structurer et déployer un programme d'advocacy en 2026",
     "Structurer et déployer un programme d'advocacy en 2026"),
    *[("about.md", name, name) for name in ("EDF", "Engie", "ABB", "Nutrisens")],
]


@pytest.mark.parametrize(("chapter", "french", "english"), FACTS)
def test_fact_appears_in_both_languages(demo_site, chapter, french, english):
    assert french in text_of(demo_site, "fr", chapter)
    assert english in text_of(demo_site, "en", chapter)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_principles_and_pitfalls_are_five_sections(demo_site, lang):
    for chapter in ("discover/principles.md", "steering/pitfalls.md"):
        assert levels(article(demo_site, lang, chapter)) == ["h1"] + ["h2"] * 5, chapter


@pytest.mark.parametrize("lang", LANGUAGES)
def test_three_scores_are_subsections(demo_site, lang):
    found = headings(article(demo_site, lang, "steering/kpis.md"))
    assert [name for name, _ in found].count("h3") == 3


# --- personalised from the organisation's folder ----------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("chapter", CHAPTER_PATHS)
def test_pages_name_the_organisation(demo_site, chapter, lang):
    assert DEMO_SETTINGS["organisation"]["short_name"] == "Hélios"
    assert "Hélios" in text_of(demo_site, lang, chapter)


def marked_row(table: Tag) -> str:
    rows = [clean(tr.get_text(" ")) for tr in table.find_all("tr")
            if "➜" in tr.find_all(["td", "th"])[-1].get_text()]
    assert len(rows) == 1, f"expected exactly one marked row, got {rows}"
    return rows[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_decision_matrix_marks_the_organisation_rows(demo_site, lang):
    programme = DEMO_SETTINGS["programme"]
    enums = LABELS[lang]["enums"]
    priority_table, maturity_table = article(demo_site, lang, "steering/decision-matrix.md") \
        .find_all("table")
    assert marked_row(priority_table).lower().startswith(enums["priority"][programme["priority"]])
    assert marked_row(maturity_table).lower().startswith(enums["maturity"][programme["maturity"]])


@pytest.mark.parametrize(("lang", "launch", "month_6"), [
    ("fr", "À partir du 15 janvier 2027", "15 juillet 2027"),
    ("en", "From 15 January 2027", "15 July 2027"),
])
def test_roadmap_shows_the_computed_dates(demo_site, lang, launch, month_6):
    assert str(DEMO_SETTINGS["programme"]["start"]) == "2027-01-15"
    page = article(demo_site, lang, "steering/roadmap.md")
    launch_step = next(h for h in page.find_all("h2") if clean(h.get_text()).startswith("5."))
    dates = clean(launch_step.find_next_sibling("p").get_text())
    assert launch in dates
    milestone = next(clean(tr.get_text(" ")) for tr in page.find("table").find_all("tr")
                     if clean(tr.get_text(" ")).startswith(("Mois 6", "Month 6")))
    assert month_6 in milestone


@pytest.mark.parametrize(("lang", "role_words"), [("fr", "Sponsor exécutif"),
                                                  ("en", "Executive sponsor")])
def test_governance_names_the_sponsor(demo_site, lang, role_words):
    sponsor = next(p for p in DEMO_SETTINGS["people"] if p["role"] == "sponsor")
    page = article(demo_site, lang, "steering/governance.md")
    entries = [clean(e.get_text(" ")) for e in page.find_all(["tr", "li"])
               if clean(e.get_text(" ")).startswith(role_words)]
    assert entries, f"no entry for {role_words}"
    assert sponsor["name"] in entries[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_track_settings_are_shown_as_words(demo_site, lang):
    """Channel, format and rhythm values go through the label and number filters."""
    enums = LABELS[lang]["enums"]
    experts = DEMO_SETTINGS["programme"]["tracks"]["experts"]
    channels = ", ".join(enums["channel"][c] for c in experts["channels"])
    text = text_of(demo_site, lang, "experts/index.md")
    assert channels in text
    for series in experts["series"]:
        assert enums["format"][series["format"]] in text
    rhythm = {"fr": "environ 2 publications par mois", "en": "around 2 posts a month"}[lang]
    assert rhythm in text_of(demo_site, lang, "employees/index.md")


@pytest.mark.parametrize(("lang", "rhythm"), [("fr", "1,5 publication par mois"),
                                              ("en", "1.5 posts a month")])
def test_decimal_rhythm_is_formatted_per_language(minimal_bilingual, lang, rhythm):
    assert rhythm in text_of(minimal_bilingual, lang, "employees/index.md")


# --- nothing leaks ----------------------------------------------------------------------------

# "undefined" is a word of the KPI pages (a score with an empty group); StrictUndefined makes
# a missing name fail the build instead (see the StrictUndefined test below).
LEAKS = ("{{", "{%", "}}", "%}", "{#", "LocalText", "None", "Undefined", "&#",
         "**", "['", "']")


def built_pages(site: Path, lang: str) -> list[Path]:
    root = lang_root(site, lang)
    pages = [p for p in root.rglob("*.html")
             if lang != "fr" or p.relative_to(root).parts[0] not in ("en",)]
    assert pages
    return sorted(pages)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_placeholder_leaks_on_the_demo(demo_site, lang):
    problems = []
    for path in built_pages(demo_site, lang):
        found = soup_of(path).find("article")
        assert found is not None, path
        text = found.get_text()
        problems += [f"{path.relative_to(demo_site)}: {leak!r}" for leak in LEAKS if leak in text]
    assert not problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_placeholder_leaks_when_tracks_are_not_launched(minimal_bilingual, lang):
    problems = []
    for path in built_pages(minimal_bilingual, lang):
        text = soup_of(path).find("article").get_text()
        problems += [f"{path.name}: {leak!r}" for leak in LEAKS if leak in text]
        # an unheld role reads as the labels' word, never as a bare dash
        problems += [f"{path.name}: dash" for _ in re.finditer(r"(:|à|to)\s+—", text)]
    assert not problems


def top_level_nav(path: Path) -> list[str]:
    nav = soup_of(path).select_one("nav.md-nav--primary")
    assert nav is not None, path
    top = nav.find("ul", recursive=False)
    return [clean(li.find(["a", "label"], class_="md-nav__link").get_text())
            for li in top.find_all("li", recursive=False)]


def chapter_title(site: Path, lang: str, chapter: str) -> str:
    return clean(article(site, lang, chapter).find("h1").get_text())


@pytest.mark.parametrize("site_name", ["demo_site", "minimal_site"])
def test_french_navigation_uses_french_labels(site_name, request, demo_site):
    site = request.getfixturevalue(site_name)
    french, english = LABELS["fr"]["nav"], LABELS["en"]["nav"]
    # Only "FAQ" is spelt the same in both languages; every other section has French words.
    assert {key for key in french if french[key] == english[key]} <= {"faq"}
    expected = [french["home"]] + [french[section] for section, _ in CHAPTERS]
    english_only = {word for key, word in english.items() if word != french[key]}
    # The English chapter titles too: a French page must not show one in its navigation.
    english_only |= {chapter_title(demo_site, "en", c) for c in CHAPTER_PATHS}
    for path in built_pages(site, "fr"):
        assert top_level_nav(path) == expected, path
        nav = soup_of(path).select_one("nav.md-nav--primary")
        words = {clean(link.get_text()) for link in nav.select(".md-nav__link")}
        assert not words & english_only, f"{path}: {sorted(words & english_only)}"


@pytest.mark.parametrize("chapter", CHAPTER_PATHS)
def test_french_chapter_titles_are_translated(demo_site, chapter):
    assert chapter_title(demo_site, "fr", chapter) != chapter_title(demo_site, "en", chapter)


def test_english_navigation_uses_english_labels(demo_site):
    english = LABELS["en"]["nav"]
    expected = [english["home"]] + [english[section] for section, _ in CHAPTERS]
    assert top_level_nav(page_html(demo_site, "en", "faq.md")) == expected


# --- tracks not launched ----------------------------------------------------------------------

def test_experts_guide_shows_only_not_launched_in_the_minimal_build(minimal_site):
    page = article(minimal_site, "fr", "experts/index.md")
    assert soup_of(page_html(minimal_site, "fr", "experts/index.md")).html["lang"] == "fr"
    assert headings(page) == [("h1", "Guide des experts"), ("h2", "Pas encore lancé")]
    assert "10 à 20" in clean(page.get_text())  # what launching it would take


def test_experts_guide_in_english_when_not_launched(minimal_bilingual):
    assert headings(article(minimal_bilingual, "en", "experts/index.md")) == [
        ("h1", "Guide for experts"), ("h2", "Not launched yet")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_launched_guides_do_not_say_not_launched(demo_site, lang):
    not_launched = {"fr": "Pas encore lancé", "en": "Not launched yet"}[lang]
    for chapter in ("employees/index.md", "experts/index.md", "leaders/index.md"):
        found = headings(article(demo_site, lang, chapter))
        assert len(found) > 2 and ("h2", not_launched) not in found, chapter


# --- StrictUndefined --------------------------------------------------------------------------

def test_unknown_name_in_a_chapter_fails_the_build(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    chapter = content / "fr" / "about.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n{{ no_such_name }}\n",
                       encoding="utf-8")
    monkeypatch.setattr(render, "CONTENT_DIR", content)

    with pytest.raises(BuildError) as caught:
        build_handbook(MINIMAL, tmp_path / "site")

    message = str(caught.value)
    assert "about.md" in message and "no_such_name" in message
    assert not (tmp_path / "site").exists()
