"""`handbook kpi --period all`: the figures since launch, checked against hand-computed values.

tests/fixtures/kpi (see tests/test_kpi.py for its rows), programme start 2027-01-15, so every
row of the export (February and March 2027) is after the kick-off. Internal voices, rows 2 and
4-7: 5 posts by 3 ambassadors (ana posted in both months, counted once), 800 + 4,500 = 5,300
impressions, 24 + 180 = 204 engagements (rate 204/5300), 4 + 60 = 64 clicks, 0 + 3 = 3 leads.
Posts mentioning the company: rows 2, 3, 4, 6, 7, 8, 9, 11 = 8, of which 4 internal:
Embodiment 1/2; Impact 24 + 40 + 20 + 100 = 184.
Against the company page (solar, careers): internal rows 2, 4, 5, 6, 104/2,800, page 20/2,000:
26/7. Against external authors (solar, heat pumps): internal rows 2, 4, 6, 7, 184/4,800,
external rows 3, 10, 11, 106/7,000: (184 x 7,000) / (4,800 x 106) = 805/318.
"""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from .conftest import FIXTURES, run

SINCE_LAUNCH = {
    "posts": 5, "active_ambassadors": 3, "impressions": 5300, "engagements": 204,
    "engagement_rate": float(Fraction(204, 5300)), "clicks": 64, "leads": 3,
    "embodiment_score": 0.5, "impact_score": 184,
    "overperformance_company": float(Fraction(26, 7)),
    "overperformance_external": float(Fraction(805, 318)), "undefined": {},
}


@pytest.fixture
def kpi_org(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "kpi", tmp_path / "org")
    return tmp_path / "org"


def since_launch(*args: str) -> dict:
    result = run("kpi", "org", "--period", "all", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_hand_computed_figures_since_launch(kpi_org):
    data = since_launch()
    assert data["programme_start"] == "2027-01-15"
    report = data["since_launch"]
    assert (report["period"], report["months"], report["programme_month"], report["phase"]) == (
        "all", ["2027-02", "2027-03"], 3, "foundations")
    assert report["overall"] == SINCE_LAUNCH
    employees = report["tracks"]["employee"]
    assert (employees["posts"], employees["active_ambassadors"], employees["impact_score"]) == (
        4, 2, 84)
    assert report["references"]["company_page"]["engagement_rate"] == 0.01
    assert report["references"]["external"]["posts"] == 3


def test_posts_before_the_kick_off_are_left_out(kpi_org):
    # A baseline post in December 2026, before the kick-off of 2027-01-15: not the programme's.
    posts = kpi_org / "data" / "posts.csv"
    lines = posts.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "2026-12-01,dan,employee,true,solar,9000,900,0,0,90,9")
    posts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = since_launch()["since_launch"]
    assert report["months"] == ["2027-01", "2027-02", "2027-03"]
    assert report["overall"] == SINCE_LAUNCH


def test_an_export_that_ends_before_the_kick_off(kpi_org):
    (kpi_org / "data" / "posts.csv").write_text(
        "date,author,author_type,mentions_company,topic,impressions,reactions,comments,shares,"
        "clicks,leads\n2026-12-01,dan,employee,true,solar,9000,900,0,0,90,9\n", encoding="utf-8")
    result = run("kpi", "org", "--period", "all")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: org/data/posts.csv: the export ends on 2026-12-01, before the programme's "
        "start on 2027-01-15: nothing was posted since launch\n")


def test_csv_since_launch_has_one_line_per_group(kpi_org):
    result = run("kpi", "org", "--period", "all", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("period,kind,programme_month,phase,group,posts,")
    assert f"2027-02/2027-03,all,3,foundations,overall,5,3,5300,204,{204 / 5300},64,3,0.5,184," \
           f"{26 / 7},{805 / 318}" in lines
    assert len(lines) == 1 + 6


def test_text_since_launch(kpi_org):
    result = run("kpi", "org", "--period", "all")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "KPI dashboard of Acme Conseil, since launch (2027-02 to 2027-03)",
        "10 rows read from org/data/posts.csv (2027-02-10 to 2027-03-08).",
        "Programme start 2027-01-15; 2027-03 is programme month 3: Foundations (months 1 to 3).",
    ]
    assert lines[5].split()[:3] == ["Posts", "4", "1"]  # employees, experts, then leaders
    assert "Engagement rate" in result.stdout and "3.85%" in result.stdout
