"""A group's indicators: each entity's side by side, and the group's computed from all rows.

tests/fixtures/group-kpi/alpha.csv and beta.csv, added to the entities alpha and beta of
tests/fixtures/group (gamma has no export), computed by hand:

    entity  row date        author  type          mentions  topic       impr.  engagements
    alpha   2   2027-03-01  ana     employee      true      solar       1000   30+5+5   = 40
    alpha   3   2027-03-02  ben     employee      true      careers     1000   16+2+2   = 20
    alpha   4   2027-03-03  Acme    company_page  true      solar       2000   16+2+2   = 20
    alpha   5   2027-03-04  press   external      true      solar       1000   8+1+1    = 10
    beta    2   2027-03-05  ana     employee      true      careers      500   40+5+5   = 50
    beta    3   2027-03-06  Acme    company_page  true      careers     1000   5+0+0    = 5
    beta    4   2027-03-07  Acme    company_page  false     solar       1000   40+5+5   = 50
    beta    5   2027-03-08  chloe   expert        false     heat pumps  2000   80+10+10 = 100
    beta    6   2027-04-09  blog    external      true      careers     1000   20+0+0   = 20

alpha: 2 posts by 2 ambassadors, 2,000 impressions, 60 engagements, rate 3 %, 15 clicks,
1 lead. Posts mentioning the company: 4, of which 2 internal: Embodiment 1/2; Impact 60.
Against the page (solar): 40/1000 against 20/2000: 4. Against external authors (solar):
40/1000 against 10/1000: 4.
beta: 2 posts by 2 ambassadors, 2,500 impressions, 150 engagements, rate 6 %, 22 clicks,
2 leads. Mentioning: 3, of which 1 internal: Embodiment 1/3; Impact 50. Against the page, on
careers only (the expert's heat pumps have no counterpart): 50/500 against 5/1000: 20.
Against external authors (careers): 50/500 against 20/1000: 5.
The group, from all nine rows: 4 posts by 4 ambassadors (alpha's ana and beta's ana are two
people), 4,500 impressions, 210 engagements, rate 7/150, 37 clicks, 3 leads. Mentioning: 7,
of which 3 internal: Embodiment 3/7; Impact 110. Against the pages, on solar and careers,
which both sides now share: internal 110/2500 against (20+50+5)/(2000+1000+1000) = 75/4000:
176/75. Against external authors (solar and careers): 110/2500 against 30/2000: 44/15.
Averaging the entities would have given a rate of 9/200, an Embodiment of 5/12 and
over-performance scores of 12 and 9/2: wrong.
"""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.portal import build_portal
from generator.inputs.group import load_entities, load_group
from generator.metrics.kpi import SCORES
from generator.site.portal import group_indicators

from .conftest import FIXTURES

CSV = FIXTURES / "group-kpi"


def add_exports(folder: Path) -> None:
    """The fixture's exports into the entities alpha and beta of the group at `folder`."""
    for entity in ("alpha", "beta"):
        (folder / "entities" / entity / "data").mkdir()
        shutil.copyfile(CSV / f"{entity}.csv", folder / "entities" / entity / "data" / "posts.csv")
        handbook = folder / "entities" / entity / "handbook.yml"
        text = handbook.read_text(encoding="utf-8") + "kpis: {posts: data/posts.csv}\n"
        handbook.write_text(text, encoding="utf-8")


@pytest.fixture
def kpi_group(tmp_path: Path) -> Path:
    folder = tmp_path / "grp"
    shutil.copytree(FIXTURES / "group", folder)
    add_exports(folder)
    return folder


def loaded(folder: Path):
    group = load_group(folder, "grp")
    entities, _ = load_entities(group)
    return group, entities


def test_each_entity_and_the_group_exactly(kpi_group):
    indicators = group_indicators(*loaded(kpi_group))
    alpha, beta = indicators.entities
    total = indicators.total
    assert (alpha.name, beta.name, total.name) == ("Acme Alpha", "Acme Bêta", "Groupe Acme")
    assert indicators.without_export == ("Acme Gamma",)
    expected = {
        "alpha": {"posts": 2, "active_ambassadors": 2, "impressions": 2000, "engagements": 60,
                  "engagement_rate": Fraction(3, 100), "clicks": 15, "leads": 1,
                  "embodiment_score": Fraction(1, 2), "impact_score": 60,
                  "overperformance_company": Fraction(4),
                  "overperformance_external": Fraction(4)},
        "beta": {"posts": 2, "active_ambassadors": 2, "impressions": 2500, "engagements": 150,
                 "engagement_rate": Fraction(3, 50), "clicks": 22, "leads": 2,
                 "embodiment_score": Fraction(1, 3), "impact_score": 50,
                 "overperformance_company": Fraction(20),
                 "overperformance_external": Fraction(5)},
        "group": {"posts": 4, "active_ambassadors": 4, "impressions": 4500, "engagements": 210,
                  "engagement_rate": Fraction(7, 150), "clicks": 37, "leads": 3,
                  "embodiment_score": Fraction(3, 7), "impact_score": 110,
                  "overperformance_company": Fraction(176, 75),
                  "overperformance_external": Fraction(44, 15)},
    }
    for name, column in (("alpha", alpha), ("beta", beta), ("group", total)):
        figures = column.figures
        assert {key: getattr(figures, key) for key in expected[name]} == expected[name], name
        assert figures.undefined == {}, name
    assert (total.posts.rows, str(total.posts.first_day), str(total.posts.last_day)) == (
        9, "2027-03-01", "2027-04-09")


def test_group_scores_are_recomputed_not_averaged(kpi_group):
    indicators = group_indicators(*loaded(kpi_group))
    columns = [column.figures for column in indicators.entities]
    for score in ("engagement_rate", *SCORES):
        average = sum(Fraction(getattr(f, score)) for f in columns) / len(columns)
        assert getattr(indicators.total.figures, score) != average, score


def test_an_entity_without_a_counterpart_gets_one_in_the_group(kpi_group):
    # beta alone has no external post on solar, alpha no page post on careers: together, the
    # group compares both topics.
    (kpi_group / "entities" / "beta" / "data" / "posts.csv").write_text(
        (CSV / "beta.csv").read_text(encoding="utf-8").replace(
            "2027-04-09,blog,external,true,careers,1000,20,0,0,0,0\n", ""), encoding="utf-8")
    indicators = group_indicators(*loaded(kpi_group))
    beta = indicators.entities[1].figures
    assert beta.overperformance_external is None
    assert beta.undefined["overperformance_external"] == "no_external_posts"
    # Only alpha's external post on solar remains: 40/1000 against 10/1000.
    assert indicators.total.figures.overperformance_external == Fraction(4)


def test_no_export_no_indicators():
    assert group_indicators(*loaded(FIXTURES / "group")) is None


def test_the_indicators_page_shows_the_exact_figures(kpi_group, tmp_path):
    group, entities = loaded(kpi_group)
    site = tmp_path / "portal"
    build_portal(group, entities, tmp_path / "work", site)
    page = BeautifulSoup((site / "indicators.html").read_text(encoding="utf-8"), "html.parser")
    tables = page.select("article table")
    exports, activity, scores = ([[cell.get_text(" ", strip=True) for cell in row.select("th, td")]
                                  for row in table.select("tr")] for table in tables)
    assert exports == [["Entité", "Publications lues", "Du", "Au"],
                       ["Acme Alpha", "4", "1er mars 2027", "4 mars 2027"],
                       ["Acme Bêta", "5", "5 mars 2027", "9 avril 2027"]]
    assert activity[0] == ["Indicateur", "Acme Alpha", "Acme Bêta",
                           "Groupe (toutes les publications)"]
    assert activity[1:] == [
        ["Publications", "2", "2", "4"],
        ["Ambassadeurs actifs", "2", "2", "4"],
        ["Impressions", "2\u202f000", "2\u202f500", "4\u202f500"],
        ["Engagements", "60", "150", "210"],
        ["Taux d'engagement", "3\u00a0%", "6\u00a0%", "4,67\u00a0%"],
        ["Clics", "15", "22", "37"],
        ["Leads", "1", "2", "3"],
    ]
    assert scores[1:] == [
        ["Score d'Incarnation", "50\u00a0%", "33,33\u00a0%", "42,86\u00a0%"],
        ["Score d'Impact", "60", "50", "110"],
        ["Surperformance face à la page entreprise", "4\u00a0×", "20\u00a0×", "2,35\u00a0×"],
        ["Surperformance face aux auteurs externes", "4\u00a0×", "5\u00a0×", "2,93\u00a0×"],
    ]
    assert "Sans export, hors des chiffres du groupe\u00a0: Acme Gamma." in page.get_text()
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("a[href='indicators.html']") is not None
