"""The KPI dashboard: exact figures from a hand-computed export, bad rows, the page, the charts.

tests/fixtures/kpi/data/posts.csv, computed by hand (programme start 2027-01-15, so March 2027
is programme month 3, "foundations"):

    row  date        author  type          mentions  topic       impr.  engagements
    2    2027-02-10  ana     employee      true      solar        800   20+2+2   = 24
    3    2027-02-11  press   external      true      solar       1000   8+1+1    = 10
    4    2027-03-01  ana     employee      true      solar       1000   30+5+5   = 40
    5    2027-03-02  ana     employee      false     careers      500   10+5+5   = 20
    6    2027-03-03  ben     employee      yes       Solar        500   15+3+2   = 20
    7    2027-03-04  Chloé   expert        true      heat pumps  2500   80+10+10 = 100
    8    2027-03-05  Acme    company_page  true      solar       1000   8+1+1    = 10
    9    2027-03-06  Acme    company_page  true      careers     1000   10+0+0   = 10
    10   2027-03-07  press   external      false     solar       2000   30+5+5   = 40
    11   2027-03-08  press   external      true      heat pumps  4000   50+4+2   = 56

March, internal voices (rows 4-7): 4 posts by 3 ambassadors, 4,500 impressions, 180
engagements, rate 180/4500 = 4 %, 60 clicks, 3 leads. Posts mentioning the company: rows 4, 6,
7, 8, 9, 11 = 6, of which 3 internal: Embodiment 1/2. Impact: 40 + 20 + 100 = 160.
Against the company page (topics solar, careers): internal 80/2000 = 4 %, page 20/2000 = 1 %:
over-performance 4. Against external authors (solar, heat pumps): internal 160/4000 = 4 %,
external 96/6000 = 1.6 %: 2.5.
By track: employees 3 posts, 2 ambassadors, Embodiment 2/6 = 1/3, Impact 60, 4 against the
page, 2 against external authors (solar only: 60/1500 = 4 % against 40/2000 = 2 %); the expert
shares no topic with the page (undefined) and does 4 % against 56/4000 = 1.4 % outside (20/7);
no leader posted: engagement rate and both comparisons undefined, Embodiment 0 (defined: posts
mentioning the company exist), Impact 0.
February: the company page posted nothing (comparison undefined); internal 24/800 = 3 %
against external 10/1000 = 1 %: 3.
Quarter 1 (February and March): ana counted once, so 3 ambassadors; against the page
(solar, careers) internal 104/2800 against 1 %: 26/7.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import build_handbook
from generator.inputs.handbook import load_handbook
from generator.inputs.posts import MAX_LISTED
from generator.metrics import kpi
from generator.site import charts
from generator.site.plan import plan_site

from .conftest import DEMO, FIXTURES, MINIMAL, REPO, run

KPI = FIXTURES / "kpi"
HEADER = ("date,author,author_type,mentions_company,topic,impressions,reactions,comments,"
          "shares,clicks,leads")
GOOD_ROW = "2027-03-01,ana,employee,true,solar,1000,30,5,5,10,1"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def kpi_org(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the hand-computed fixture at ./org, in a fresh working directory."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(KPI, tmp_path / "org")
    return tmp_path / "org"


def kpi_json(*args: str) -> dict:
    result = run("kpi", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def table_after(page: BeautifulSoup, heading_id: str) -> dict[str, dict[str, str]]:
    """The first table after a heading, as {first cell: {column header: cell text}}."""
    table = page.select_one(f"#{heading_id} ~ table")
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        rows[cells[0]] = dict(zip(headers[1:], cells[1:]))
    return rows


# --- exact figures ----------------------------------------------------------------------------

MARCH_OVERALL = {
    "posts": 4, "active_ambassadors": 3, "impressions": 4500, "engagements": 180,
    "engagement_rate": 0.04, "clicks": 60, "leads": 3, "embodiment_score": 0.5,
    "impact_score": 160, "overperformance_company": 4, "overperformance_external": 2.5,
    "undefined": {},
}
MARCH_TRACKS = {
    "employee": {
        "posts": 3, "active_ambassadors": 2, "impressions": 2000, "engagements": 80,
        "engagement_rate": 0.04, "clicks": 20, "leads": 1, "embodiment_score": 1 / 3,
        "impact_score": 60, "overperformance_company": 4, "overperformance_external": 2,
        "undefined": {},
    },
    "expert": {
        "posts": 1, "active_ambassadors": 1, "impressions": 2500, "engagements": 100,
        "engagement_rate": 0.04, "clicks": 40, "leads": 2, "embodiment_score": 1 / 6,
        "impact_score": 100, "overperformance_company": None, "overperformance_external": 20 / 7,
        "undefined": {"overperformance_company": "no_common_topic"},
    },
    "leader": {
        "posts": 0, "active_ambassadors": 0, "impressions": 0, "engagements": 0,
        "engagement_rate": None, "clicks": 0, "leads": 0, "embodiment_score": 0,
        "impact_score": 0, "overperformance_company": None, "overperformance_external": None,
        "undefined": {"engagement_rate": "no_impressions", "overperformance_company": "no_posts",
                      "overperformance_external": "no_posts"},
    },
}
MARCH_REFERENCES = {
    "company_page": {"posts": 2, "impressions": 2000, "engagements": 20,
                     "engagement_rate": 0.01, "clicks": 30, "leads": 0, "undefined": {}},
    "external": {"posts": 2, "impressions": 6000, "engagements": 96, "engagement_rate": 0.016,
                 "clicks": 0, "leads": 0, "undefined": {}},
}


def test_hand_computed_month_in_json(kpi_org):
    data = kpi_json("org")
    assert data["source"] == {"file": "org/data/posts.csv", "rows": 10,
                              "first_day": "2027-02-10", "last_day": "2027-03-08",
                              "has_leads": True}
    month = data["month"]
    assert (month["period"], month["programme_month"], month["phase"]) == (
        "2027-03", 3, "foundations")
    assert month["overall"] == MARCH_OVERALL
    assert month["tracks"] == MARCH_TRACKS
    assert month["references"] == MARCH_REFERENCES
    assert [m["period"] for m in data["months"]] == ["2027-02", "2027-03"]
    assert data["months"][-1] == month


def test_hand_computed_quarter_and_earlier_month(kpi_org):
    data = kpi_json("org")
    quarter = data["quarter"]
    assert (quarter["period"], quarter["months"], quarter["complete"]) == (
        "2027-Q1", ["2027-02", "2027-03"], True)
    assert quarter["overall"]["active_ambassadors"] == 3  # ana posted in both months
    assert quarter["overall"]["engagement_rate"] == float(Fraction(204, 5300))
    assert quarter["overall"]["overperformance_company"] == 26 / 7

    february = kpi_json("org", "--period", "2027-02")["month"]["overall"]
    assert february["overperformance_company"] is None
    assert february["undefined"] == {"overperformance_company": "no_company_page_posts"}
    assert february["overperformance_external"] == 3
    assert (february["engagement_rate"], february["embodiment_score"]) == (0.03, 0.5)


def test_targets_read_against_the_playbook_timeline(kpi_org):
    targets = {t["kpi"]: t for t in kpi_json("org")["targets"]}
    # Month 3: leads are judged from month 9 and the impact score from month 4, so a miss
    # there is "too early", not an alarm.
    assert targets["leads"]["status"] == "too_early"
    assert targets["leads"]["expected_month"] == 9
    assert targets["impact_score"]["status"] == "too_early"
    # 0.04 in handbook.yml is exactly the 4 % computed (1/25), not the nearest double.
    assert targets["engagement_rate"]["status"] == "reached"
    assert targets["active_ambassadors"] | {} == {
        "kpi": "active_ambassadors", "target": 5, "by": "2027-02-28", "actual": 3,
        "share": 0.6, "status": "missed", "expected_from": "foundations",
        "expected_month": 1}
    assert targets["embodiment_score"]["status"] == "in_progress"
    assert targets["embodiment_score"]["share"] == 0.625


def test_csv_output_has_a_line_per_period_and_group(kpi_org):
    result = run("kpi", "org", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == ("period,kind,programme_month,phase,group,posts,active_ambassadors,"
                        "impressions,engagements,engagement_rate,clicks,leads,"
                        "embodiment_score,impact_score,overperformance_company,"
                        "overperformance_external")
    assert "2027-03,month,3,foundations,overall,4,3,4500,180,0.04,60,3,0.5,160,4,2.5" in lines
    assert "2027-03,month,3,foundations,leader,0,0,0,0,,0,0,0,0,," in lines
    assert "2027-03,month,3,foundations,company_page,2,,2000,20,0.01,30,0,,,," in lines
    assert len(lines) == 1 + (2 + 1) * 6  # two months and one quarter, six groups each


def test_text_output_summarises_the_month(kpi_org):
    result = run("kpi", "org", "--period", "2027-03")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "KPI dashboard of Acme Conseil, month 2027-03",
        "10 rows read from org/data/posts.csv (2027-02-10 to 2027-03-08).",
        "Programme month 3 (start 2027-01-15): Foundations (months 1 to 3).",
    ]
    assert "  Leaders, Over-performance against external authors: undefined, no post by this " \
           "group" in lines
    assert ("  Leads: 3 for a target of 10 by 2027-12-31: too early to judge: look at it from "
            "month 9 (2027-09)") in lines


@pytest.mark.slow
def test_hand_computed_values_on_the_built_page(kpi_org, tmp_path):
    build_handbook(kpi_org, tmp_path / "site")
    # Every figure is on the dashboard's detail page; the dashboard shows tiles and charts.
    french = soup(tmp_path / "site" / "steering" / "dashboard-details.html")
    activity = table_after(french, "month-activity")
    assert activity["Publications"] == {
        "Collaborateurs": "3", "Experts": "1", "Dirigeants": "0", "Voix internes": "4",
        "Page entreprise": "2", "Auteurs externes": "2"}
    assert activity["Impressions"]["Voix internes"] == "4\u202f500"
    assert activity["Taux d'engagement"]["Voix internes"] == "4\u00a0%"
    assert activity["Taux d'engagement"]["Auteurs externes"] == "1,6\u00a0%"
    assert activity["Taux d'engagement"]["Dirigeants"] == "non défini (aucune impression)"
    assert activity["Ambassadeurs actifs"]["Page entreprise"] == "—"
    scores = table_after(french, "month-scores")
    assert scores["Score d'Incarnation"] == {
        "Collaborateurs": "33,33\u00a0%", "Experts": "16,67\u00a0%", "Dirigeants": "0\u00a0%",
        "Voix internes": "50\u00a0%"}
    assert scores["Score d'Impact"] == {
        "Collaborateurs": "60", "Experts": "100", "Dirigeants": "0", "Voix internes": "160"}
    assert scores["Surperformance face à la page entreprise"] == {
        "Collaborateurs": "4\u00a0×", "Experts": "non défini (aucun sujet en commun)",
        "Dirigeants": "non défini (aucune publication de ce groupe)", "Voix internes": "4\u00a0×"}
    assert scores["Surperformance face aux auteurs externes"]["Experts"] == "2,86\u00a0×"
    assert scores["Surperformance face aux auteurs externes"]["Voix internes"] == "2,5\u00a0×"
    assert "mois 3 du programme" in french.select_one("article").get_text()

    english = soup(tmp_path / "site" / "en" / "steering" / "dashboard-details.html")
    scores = table_after(english, "month-scores")
    assert scores["Over-performance against external authors"] == {
        "Employees": "2×", "Experts": "2.86×", "Leaders": "undefined (no post by this group)",
        "Internal voices": "2.5×"}
    targets = table_after(english, "targets")
    assert targets["Leads"]["Where we stand"] == (
        "too early to judge: look at it from month 9 (September 2027)")
    assert targets["Active ambassadors"]["Where we stand"] == (
        "not reached by the date: 60% of the target")
    assert targets["Engagement rate"] == {"Target": "4%", "By": "31 December 2027",
                                          "Value this month": "4%",
                                          "Where we stand": "reached"}
    quarters = english.select_one("#quarters-activity ~ table")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in quarters.select("tbody tr")]
    # ana posted in February and March: one ambassador in the quarter.
    assert rows[3] == ["Q1 2027", "Internal voices", "5", "3", "5,300", "204", "3.85%", "64",
                       "3"]


# --- the page in the site ---------------------------------------------------------------------

def test_charts_are_valid_accessible_svg_with_their_values_beside(demo_site):
    for page_path in (demo_site / "steering" / "dashboard.html",
                      demo_site / "en" / "steering" / "dashboard.html"):
        page = soup(page_path)
        figures = page.select("figure.hb-chart")
        assert len(figures) == 3
        for figure in figures:
            drawings = figure.find_all("svg")
            assert len(drawings) == 2  # wide for a desktop, narrow for a phone
            for drawing in drawings:
                svg = ET.fromstring(str(drawing))  # well-formed XML, or this raises
                assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
                title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
                assert title.text.strip() and desc.text.strip()
                assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
            # The values, collapsed under the chart.
            values = figure.find_next_sibling()
            assert values.name == "details"
            table = values.find("table")
            # One row per month of the export, as many as the chart has x-axis labels.
            assert len(table.select("tbody tr")) == 12
        assert not page.select("article script")


def test_dashboard_follows_the_kpi_chapter_in_both_languages(demo_site):
    for lang_root, title in ((demo_site, "Tableau de bord"), (demo_site / "en", "KPI dashboard")):
        chapter = soup(lang_root / "steering" / "kpis.html")
        assert chapter.select_one('link[rel="next"]')["href"] == "dashboard.html"
        assert chapter.select_one('article a[href="dashboard.html"]')  # linked from the text
        page = soup(lang_root / "steering" / "dashboard.html")
        assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == title
        assert page.select_one('article a[href="dashboard-details.html"]')
        details = soup(lang_root / "steering" / "dashboard-details.html")
        assert details.select_one("#definitions")


def test_no_dashboard_without_an_export():
    handbook, _ = load_handbook(MINIMAL)
    plan = plan_site(handbook)[0]
    assert "steering/dashboard.md" not in [page.path for page in plan.pages]
    assert "steering/dashboard.md" not in dict(plan.nav)["steering"]


def test_kpi_command_without_an_export(org):
    result = run("kpi", "org")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: org/handbook.yml has no kpis.posts: export the posts as CSV into the "
        "folder's data/ (e.g. data/posts.csv), then add 'posts: data/posts.csv' under "
        "'kpis:'\n")


@pytest.mark.parametrize("period, message", [
    ("2027-3", "'2027-3' is not a month; write it YYYY-MM, like 2027-03, or 'all'"),
    ("2027-05", "2027-05 is outside the export, which covers 2027-02 to 2027-03"),
])
def test_kpi_command_refuses_a_period_outside_the_export(kpi_org, period, message):
    result = run("kpi", "org", "--period", period)
    assert result.exit_code == 2
    assert f"Error: Invalid value for --period: {message}" in result.stderr


# --- the demo ---------------------------------------------------------------------------------

def test_demo_export_is_what_the_generator_script_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("posts", REPO / "bench" / "posts.py")
    posts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(posts)
    posts.write_demo(tmp_path / "posts.csv")
    assert (tmp_path / "posts.csv").read_bytes() == (DEMO / "data" / "posts.csv").read_bytes()


def test_demo_month_two_is_too_early_for_leads_and_month_twelve_is_not():
    early = {t["kpi"]: t["status"] for t in kpi_json(str(DEMO), "--period", "2027-02")["targets"]}
    late = {t["kpi"]: t["status"] for t in kpi_json(str(DEMO))["targets"]}
    assert early["leads"] == "too_early"
    assert late["leads"] == "in_progress"
    data = kpi_json(str(DEMO))
    assert data["source"]["rows"] > 2000
    assert [m["programme_month"] for m in data["months"]] == list(range(1, 13))
    assert [m["phase"] for m in data["months"]] == (
        ["foundations"] * 3 + ["first_signals"] * 5 + ["business_results"] * 4)


# --- reading the export: separators, column names, bad rows -----------------------------------

def posts_file(org: Path, text: str, columns: str = "") -> Path:
    """Write `text` as org/data/posts.csv and point kpis.posts (and columns) at it."""
    (org / "data").mkdir(exist_ok=True)
    path = org / "data" / "posts.csv"
    path.write_text(text, encoding="utf-8")
    with open(org / "handbook.yml", "a", encoding="utf-8") as handbook:
        handbook.write(f"kpis:\n  posts: data/posts.csv\n{columns}")
    return path


def test_semicolons_and_a_column_mapping_give_the_same_figures(kpi_org):
    expected = kpi_json("org")
    lines = (KPI / "data" / "posts.csv").read_text(encoding="utf-8").splitlines()
    # A French spreadsheet export: semicolons, its own column names in another order, and no
    # leads column at all.
    renamed = {"date": "Date de publication", "author": "Auteur", "author_type": "Type",
               "mentions_company": "Mentionne l'entreprise", "topic": "Sujet",
               "impressions": "Vues", "reactions": "J'aime", "comments": "Commentaires",
               "shares": "Partages", "clicks": "Clics"}
    order = ["topic", "impressions", "date", "author_type", "author", "mentions_company",
             "shares", "comments", "reactions", "clicks"]
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","))) for line in lines[1:]]
    text = ";".join(renamed[name] for name in order) + "\n" + "".join(
        ";".join(row[name] for name in order) + "\n" for row in rows)
    handbook = (KPI / "handbook.yml").read_text(encoding="utf-8")
    (kpi_org / "handbook.yml").write_text(handbook.replace(
        "  posts: data/posts.csv\n",
        "  posts: data/posts.csv\n  columns:\n" + "".join(
            f"    {name}: \"{own}\"\n" for name, own in renamed.items() if own.lower() != name)),
        encoding="utf-8")
    (kpi_org / "data" / "posts.csv").write_text(text, encoding="utf-8")

    actual = kpi_json("org")
    for figures in (expected["month"]["overall"], actual["month"]["overall"]):
        figures.pop("leads")
        figures["undefined"].pop("leads", None)
    assert actual["month"]["overall"] == expected["month"]["overall"]
    assert actual["month"]["tracks"]["leader"]["undefined"]["leads"] == "no_leads_column"
    assert actual["source"]["has_leads"] is False


def check_errors(org: Path) -> list[str]:
    result = run("check", "org")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


BAD_ROWS = {
    "unknown author type": (
        "2027-03-01,ana,intern,true,solar,1000,30,5,5,10,1",
        ("org/data/posts.csv:3:3: error: column 'author_type': 'intern' is not an author type; "
        "expected one of: employee, expert, leader, company_page, external")),
    "negative number": (
        "2027-03-01,ana,employee,true,solar,-1000,30,5,5,10,1",
        ("org/data/posts.csv:3:6: error: column 'impressions': -1000 is negative; a count is 0 "
        "or more")),
    "impossible date": (
        "2027-02-30,ana,employee,true,solar,1000,30,5,5,10,1",
        ("org/data/posts.csv:3:1: error: column 'date': '2027-02-30' is not a date; write it "
        "YYYY-MM-DD, like 2027-01-15")),
    "date in another format": (
        "01/03/2027,ana,employee,true,solar,1000,30,5,5,10,1",
        ("org/data/posts.csv:3:1: error: column 'date': '01/03/2027' is not a date; write it "
        "YYYY-MM-DD, like 2027-01-15")),
    "decimal number": (
        "2027-03-01,ana,employee,true,solar,1000,30.5,5,5,10,1",
        "org/data/posts.csv:3:7: error: column 'reactions': '30.5' is not a whole number"),
    "text for a number": (
        "2027-03-01,ana,employee,true,solar,1000,30,5,5,many,1",
        "org/data/posts.csv:3:10: error: column 'clicks': 'many' is not a whole number"),
    "empty count": (
        "2027-03-01,ana,employee,true,solar,1000,30,,5,10,1",
        "org/data/posts.csv:3:8: error: column 'comments': empty; write 0 when there are none"),
    "not a yes/no": (
        "2027-03-01,ana,employee,maybe,solar,1000,30,5,5,10,1",
        ("org/data/posts.csv:3:4: error: column 'mentions_company': 'maybe' is not a yes/no "
        "value; write true or false (yes/no, 1/0 and oui/non also work)")),
    "empty author": (
        "2027-03-01, ,employee,true,solar,1000,30,5,5,10,1",
        ("org/data/posts.csv:3:2: error: column 'author': empty; give the author's name or "
        "pseudonymous id")),
    "empty topic": (
        "2027-03-01,ana,employee,true,,1000,30,5,5,10,1",
        ("org/data/posts.csv:3:5: error: column 'topic': empty; give the post's topic (posts "
        "are compared topic by topic)")),
    "missing value": (
        "2027-03-01,ana,employee,true,solar,1000,30,5,5,10",
        ("org/data/posts.csv:3:11: error: this row has 10 values but the header has 11 columns "
        "(fewer); look for a missing or extra separator, or a value with a separator in it "
        "that needs quotes")),
    "extra value": (
        "2027-03-01,ana,employee,true,Paris, France,1000,30,5,5,10,1",
        ("org/data/posts.csv:3:12: error: this row has 12 values but the header has 11 columns "
        "(more); look for a missing or extra separator, or a value with a separator in it "
        "that needs quotes")),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_bad_row(case, org):
    row, message = BAD_ROWS[case]
    posts_file(org, f"{HEADER}\n{GOOD_ROW}\n{row}\n{GOOD_ROW}\n")
    assert check_errors(org) == [message, "Invalid input: 1 error."]


def test_every_bad_cell_of_every_row_in_one_run(org):
    posts_file(org, f"{HEADER}\n{GOOD_ROW}\n"
                    "2027-13-01,ana,employees,true,solar,-5,x,5,5,10,1\n"
                    "\n"  # blank lines are not rows
                    f"{GOOD_ROW}\n"
                    '2027-03-02,"Smith, Jo",leader,oui,"long\ntopic",10,1,1,1,1,\n'
                    "2027-03-02,ana,Employee,TRUE,solar,10,1,1,1,1,-2\n")
    assert check_errors(org) == [
        ("org/data/posts.csv:3:1: error: column 'date': '2027-13-01' is not a date; write it "
        "YYYY-MM-DD, like 2027-01-15"),
        ("org/data/posts.csv:3:3: error: column 'author_type': 'employees' is not an author "
        "type; expected one of: employee, expert, leader, company_page, external"),
        ("org/data/posts.csv:3:6: error: column 'impressions': -5 is negative; a count is 0 or "
        "more"),
        "org/data/posts.csv:3:7: error: column 'reactions': 'x' is not a whole number",
        # The quoted topic spans lines 6 and 7: the next row starts on line 8.
        "org/data/posts.csv:8:11: error: column 'leads': -2 is negative; a count is 0 or more",
        "Invalid input: 5 errors.",
    ]


def test_a_long_list_of_problems_is_capped_with_a_count(org):
    bad = "2027-03-01,ana,employee,true,solar,1000,30,5,5,10,-1\n"
    posts_file(org, HEADER + "\n" + GOOD_ROW + "\n" + bad * (MAX_LISTED + 10))
    errors = check_errors(org)
    assert len(errors) == MAX_LISTED + 2
    assert errors[0].startswith("org/data/posts.csv:3:11: error: column 'leads': -1")
    assert errors[MAX_LISTED - 1].startswith(f"org/data/posts.csv:{MAX_LISTED + 2}:11:")
    assert errors[MAX_LISTED] == (
        f"org/data/posts.csv:{MAX_LISTED + 3}:11: error: 10 more problems from here on, not "
        f"listed ({MAX_LISTED + 10} in {MAX_LISTED + 10} of {MAX_LISTED + 11} rows); fix the "
        "ones above, then run again")


def test_missing_columns_are_named_with_the_fix(org):
    posts_file(org, "date;author;author_type;mentions_company;topic;impressions;reactions;"
                    "comments;shares\n2027-03-01;ana;employee;true;solar;1000;30;5;5\n")
    assert check_errors(org) == [
        ("org/data/posts.csv:1:1: error: column 'clicks': missing from the header; add it, or "
        "give the name your export uses under kpis.columns.clicks in handbook.yml (found: "
        "date, author, author_type, mentions_company, topic, impressions, reactions, "
        "comments, shares)"),
        "Invalid input: 1 error.",
    ]


def test_a_mapped_column_missing_from_the_export(org):
    posts_file(org, f"{HEADER}\n{GOOD_ROW}\n", columns="  columns:\n    impressions: Views\n")
    errors = check_errors(org)
    assert errors[0] == (
        "org/data/posts.csv:1:1: error: column 'Views': missing from the header, though "
        "kpis.columns.impressions in handbook.yml names it (found: date, author, author_type, "
        "mentions_company, topic, impressions, reactions, comments, shares, clicks, leads)")


def test_a_column_twice_in_the_header(org):
    posts_file(org, f"{HEADER},Date\n{GOOD_ROW},2027-03-01\n")
    assert check_errors(org)[0] == (
        "org/data/posts.csv:1:12: error: column 'Date': appears twice in the header (columns "
        "1 and 12); keep one")


def test_a_mapped_column_is_named_both_ways(org):
    posts_file(org, HEADER.replace("impressions", "Views") + "\n"
               + GOOD_ROW.replace("1000", "lots") + "\n",
               columns="  columns:\n    impressions: views\n")
    assert check_errors(org)[0] == (
        "org/data/posts.csv:2:6: error: column 'Views' (impressions): 'lots' is not a whole "
        "number")


@pytest.mark.parametrize("content, message", [
    (b"", ("org/data/posts.csv:1:1: error: the file is empty; its first line must be the header: "
          f"{HEADER}")),
    (f"{HEADER}\n".encode(), ("org/data/posts.csv:1:1: error: the file has a header but no "
                             "posts; export at least one month of posts")),
    (f"{HEADER}\n".encode() + b"2027-03-01,Ren\xe9e,employee,true,solar,1,1,1,1,1,1\n",
     ("org/data/posts.csv:2:1: error: byte 0xE9 is not UTF-8: the export was saved in another "
     "encoding (Latin-1, Windows-1252?); save it as CSV UTF-8")),
])
def test_unreadable_exports(org, content, message):
    posts_file(org, "").write_bytes(content)
    assert check_errors(org) == [message, "Invalid input: 1 error."]


def test_a_bad_export_also_fails_the_build(org, tmp_path):
    posts_file(org, f"{HEADER}\n{GOOD_ROW.replace('employee', 'staff')}\n")
    result = run("build", "org", "-o", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert "org/data/posts.csv:2:3: error: column 'author_type': 'staff'" in result.stderr
    assert not (tmp_path / "site").exists()


# --- charts -------------------------------------------------------------------------------

def test_an_undefined_value_is_a_gap_in_the_line_never_a_zero():
    env = jinja2.Environment()
    env.filters["percent"] = lambda value: f"{value * 100:g} %"
    svg = ET.fromstring(str(charts.line_chart(
        env, "c", "Rate", "A rate per month", ["Jan", "Feb", "Mar", "Apr"],
        [("Ours", [0.02, None, 0.03, 0.04])], "percent")))
    assert len(svg.findall(f"{SVG}circle")) == 3  # no point for February
    lines = svg.findall(f"{SVG}polyline")
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # March to April
    ticks = [text.text for text in svg.findall(f"{SVG}text")][:5]
    assert ticks == ["0 %", "1 %", "2 %", "3 %", "4 %"]


def test_chart_text_is_escaped():
    env = jinja2.Environment()
    env.filters["integer"] = str
    svg = str(charts.bar_chart(env, "c", "<script>", "a & b", ["<b>"],
                               [("x\"y", [3])], "integer"))
    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "<script>"


# --- the playbook's timeline ------------------------------------------------------------------

@pytest.mark.parametrize("month, number, phase", [
    ("2026-12", 0, "before"), ("2027-01", 1, "foundations"), ("2027-03", 3, "foundations"),
    ("2027-04", 4, "first_signals"), ("2027-08", 8, "first_signals"),
    ("2027-09", 9, "business_results"), ("2028-06", 18, "business_results"),
])
def test_programme_months_and_phases(month, number, phase):
    start = dt.date(2027, 1, 15)  # month 1 is January 2027, the month of the kick-off
    assert kpi.programme_month(start, month) == number
    assert kpi.phase(number) == phase


@pytest.mark.slow
def test_posts_before_the_kick_off_are_a_baseline(org, tmp_path):
    posts_file(org, f"{HEADER}\n{GOOD_ROW.replace('2027-03-01', '2026-12-01')}\n")
    with open(org / "handbook.yml", "a", encoding="utf-8") as handbook:
        handbook.write("  targets: [{kpi: posts, target: 10, by: 2027-06-30}]\n")
    data = kpi_json("org")
    assert (data["month"]["programme_month"], data["month"]["phase"]) == (0, "before")
    assert data["targets"][0]["status"] == "too_early"
    build_handbook(org, tmp_path / "site")
    text = soup(tmp_path / "site" / "steering" / "dashboard.html").select_one("article")
    assert "avant le lancement du programme (le 15 janvier 2027)" in text.get_text(" ")
    assert text.select_one(".admonition-title").get_text(strip=True) == "Avant le lancement"
