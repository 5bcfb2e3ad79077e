"""The programme diagnostic: one fixture programme per rule, triggering exactly its finding.

tests/fixtures/healthy/ is a programme with no finding at all. Each case,
tests/fixtures/findings/<category>/<rule>[.<variant>]/, holds changes.yml (exact text
replacements in the healthy files, each found exactly once, or a new file's text) and expected.txt (what
`handbook check` prints); the case's code is `<category>/<rule>`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.diagnose.check import CHECKS
from generator.diagnose.group import GROUP_CHECKS
from generator.diagnose.wording import obligation
from generator.inputs.labels import labels
from generator.site.plan import CHAPTERS

from .conftest import DEMO, FIXTURES, golden, run

HEALTHY = FIXTURES / "healthy"
CASES = sorted(p.parent.relative_to(FIXTURES / "findings").as_posix()
               for p in (FIXTURES / "findings").rglob("changes.yml"))


def case_code(case: str) -> str:
    return case.split(".")[0]


def programme(tmp_path: Path, case: str) -> Path:
    """The healthy programme, changed as the case says, at ./org."""
    org = tmp_path / "org"
    shutil.copytree(HEALTHY, org)
    changes = YAML(typ="safe").load((FIXTURES / "findings" / case / "changes.yml").read_text())
    for relative, replacements in changes.items():
        path = org / relative
        if isinstance(replacements, str):  # a new file (an export of posts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(replacements, encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        for change in replacements:
            assert text.count(change["replace"]) == 1, f"{case}: {change['replace']!r}"
            text = text.replace(change["replace"], change["with"])
        path.write_text(text, encoding="utf-8")
    return org


def programme_codes(result) -> list[str]:
    document = json.loads(result.stdout)
    return [d["code"] for d in document["diagnostics"]]


@pytest.mark.parametrize("case", CASES)
def test_each_rule_triggers_exactly_its_finding(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    programme(tmp_path, case)

    result = run("check", "org")

    golden(FIXTURES / "findings" / case / "expected.txt", result.stdout)
    assert programme_codes(run("check", "--format", "json", "org")) == [case_code(case)]
    severity = CHECKS[case_code(case)].severity
    assert result.exit_code == (1 if severity == "error" else 0)
    assert run("check", "--strict", "org").exit_code == (0 if severity == "advice" else 1)


def test_the_healthy_programme_has_no_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(HEALTHY, tmp_path / "org")
    result = run("check", "--strict", "org")
    assert result.exit_code == 0
    assert result.stdout == "org: valid; programme diagnostic: nothing to report.\n"
    assert result.stderr == ""


def test_every_rule_has_a_fixture():
    assert sorted(CHECKS) == sorted({case_code(case) for case in CASES})


def test_every_rule_explains_itself_in_a_chapter_in_both_languages():
    chapters = {path for _, paths in CHAPTERS for path in paths}
    rules = (*CHECKS.values(), *GROUP_CHECKS.values())  # the group's findings too (test_group.py)
    for rule in rules:
        assert rule.chapter in chapters, rule.code
        for lang in ("fr", "en"):
            assert rule.words in labels(lang)["findings"], (lang, rule.code)
            assert rule.chapter in labels(lang)["diagnostic"]["chapters"], (lang, rule.code)
    for lang in ("fr", "en"):
        assert set(labels(lang)["findings"]) == {rule.words for rule in rules}


def test_the_demo_passes_the_strict_check(monkeypatch):
    monkeypatch.chdir(DEMO.parent.parent)
    result = run("check", "--strict", "charters/demo")
    assert result.exit_code == 0, result.output
    assert json.loads(run("check", "--format", "json", "charters/demo").stdout)["counts"] == {
        "error": 0, "warning": 0, "advice": 0}


@pytest.mark.parametrize("text, found", [
    ("La participation est obligatoire.", "obligatoire"),
    ("Taking part is MANDATORY for managers.", "MANDATORY"),
    ("Un quota de posts par équipe.", "quota"),
    ("Each ambassador must post every week.", "must post"),
    ("Vous devez publier chaque lundi.", "devez publier"),
    ("Publier au moins 3 posts par mois.", "au moins 3 posts"),
    ("Participer est un choix, sans aucune obligation.", None),
    ("Ce n'est pas obligatoire.", None),
    ("Taking part is not mandatory.", None),
    ("Taking part is voluntary, never required.", None),
    ("Share at least one idea a month if you like.", None),
])
def test_signs_of_obligation(text, found):
    assert obligation(text) == found


# --- output formats ---------------------------------------------------------------------------

def test_json_format_exactly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    org = programme(tmp_path, "principle/mandatory-participation")
    (org / "handbook.yml").write_text((org / "handbook.yml").read_text().replace(
        "languages: [fr]", "languages: [fr]\ncolour: red"))
    result = run("check", "--format", "json", "--strict", "org")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "format": "handbook-check",
        "version": 1,
        "folder": "org",
        "strict": True,
        "passed": False,
        "counts": {"error": 1, "warning": 1, "advice": 0},
        "diagnostics": [
            {"source": "input", "severity": "warning", "code": None, "file": "org/handbook.yml",
             "line": 6, "col": 1, "path": "colour", "message": "unknown key 'colour'",
             "chapter": None},
            {"source": "programme", "severity": "error",
             "code": "principle/mandatory-participation", "file": "org/charter.yml",
             "line": 6, "col": 11, "path": "preamble",
             "message": "“obligatoire” suggests that taking part is compulsory or counted: "
                        "advocacy only works with volunteers. Reword this text so that taking "
                        "part stays free.",
             "chapter": "discover/principles.md"},
        ],
    }


def test_json_format_of_invalid_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    org = programme(tmp_path, "pitfall/no-rituals")
    (org / "charter.yml").unlink()
    result = run("check", "--format", "json", "org")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert (document["passed"], document["counts"]) == (False, {"error": 1, "warning": 0,
                                                                 "advice": 0})
    assert [d["source"] for d in document["diagnostics"]] == ["input"]


def test_github_format_exactly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    org = programme(tmp_path, "pitfall/no-leaders-track")
    (org / "handbook.yml").write_text((org / "handbook.yml").read_text().replace(
        "launch_size: 20", "launch_size: 500").replace("languages: [fr]",
                                                       "languages: [fr]\ncolour: red"))
    result = run("check", "--format", "github", "org")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "::warning file=org/handbook.yml,line=6,col=1::colour: unknown key 'colour'",
        ("::warning file=org/handbook.yml,line=15,col=29,title=size/launch-spreadsheet::"
         "programme.tracks.employee.launch_size: 500 at launch in the Employee Advocacy "
         "track: a launch this large usually ends up as a spreadsheet of names, most of whom "
         "never post. Start with 15 to 40 volunteers you can support. Read: Questions and "
         "fears (faq.md)."),
        ("::notice file=org/handbook.yml,line=14,col=3,title=pitfall/no-leaders-track::"
         "programme.tracks: No leaders track: when top management does not speak, the "
         "programme sends a contradictory message. Consider a few leaders in "
         "`programme.tracks.leaders`. Read: Five pitfalls (steering/pitfalls.md)."),
    ]
    assert run("check", "--format", "github", "--strict", "org").exit_code == 1


def test_github_format_escapes_what_would_end_a_command():
    from generator.diagnose.report import annotation

    assert annotation("error", "a,b:c.yml", 1, 2, "x", "50% done\nnext") == (
        "::error file=a%2Cb%3Ac.yml,line=1,col=2,title=x::50%25 done%0Anext")


def test_text_report_is_grouped_by_severity_and_coloured_on_a_terminal(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from generator.cli.main import cli

    monkeypatch.chdir(tmp_path)
    org = programme(tmp_path, "principle/mandatory-participation")
    (org / "handbook.yml").write_text((org / "handbook.yml").read_text().replace(
        "launch_size: 20", "launch_size: 8").replace("posts_per_month: 2",
                                                     "posts_per_month: 9"))
    plain = run("check", "org").stdout
    headings = [line for line in plain.splitlines() if line and not line.startswith(" ")]
    assert headings == [
        "Programme diagnostic of org, against the playbook's rules:",
        "Errors (1)", "Warnings (1)", "Advice (1)",
        "org: valid; programme diagnostic: 1 error, 1 warning, 1 advice.",
    ]
    assert "\x1b[" not in plain
    coloured = CliRunner().invoke(cli, ["check", "org"], color=True).stdout
    assert "\x1b[31m\x1b[1mErrors (1)\x1b[0m" in coloured
    assert "\x1b[33m\x1b[1mWarnings (1)\x1b[0m" in coloured


# --- the "Programme diagnostic" page of the built handbook ------------------------------------

def page(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_demo_handbook_has_a_diagnostic_page_in_steering(demo_site):
    for prefix, title, nothing, section in (
        ("", "Diagnostic du programme", "Rien à signaler", "Pilotage"),
        ("en/", "Programme diagnostic", "Nothing to report", "Steering"),
    ):
        html = page(demo_site / prefix / "steering" / "diagnostic.html")
        assert html.select_one("article h1").get_text(strip=True).startswith(title)
        assert nothing in html.select_one("article").get_text()
        assert not html.select("article li")
        path = demo_site / prefix / "steering" / "diagnostic.html"
        # The section's title: a label, or the link to its own page (navigation.indexes).
        nav_section = next(item for item in html.select(".md-nav__item--section")
                           if section in item.select_one(".md-nav__link").get_text())
        targets = {(path.parent / a["href"]).resolve() for a in nav_section.select("a[href]")}
        assert path.resolve() in targets


@pytest.mark.slow
def test_the_diagnostic_page_lists_every_finding_with_its_chapter(tmp_path, monkeypatch):
    from generator.build.pipeline import build_handbook
    from generator.diagnose.check import diagnose
    from generator.inputs.handbook import load_handbook

    monkeypatch.chdir(tmp_path)
    org = programme(tmp_path, "principle/mandatory-participation")
    (org / "handbook.yml").write_text((org / "handbook.yml").read_text().replace(
        "languages: [fr]", "languages: [fr, en]").replace("launch_size: 20", "launch_size: 8")
        .replace("  - {id: plume, role: pen, name: Marc Petit}\n", ""))
    findings = diagnose(load_handbook(org)[0])
    assert [f.code for f in findings] == ["principle/mandatory-participation",
                                          "role/leaders-without-pen", "size/launch-small"]
    site = tmp_path / "site"
    build_handbook(org, site, strict=True)

    for prefix, lang in (("", "fr"), ("en/", "en")):
        path = site / prefix / "steering" / "diagnostic.html"
        article = page(path).select_one("article")
        sections = [h2["id"] for h2 in article.select("h2")]
        assert sections == ["error", "warning", "advice"]
        items = article.select("li")
        assert len(items) == 3
        for item, finding in zip(items, findings):
            text = " ".join(item.get_text().split())
            assert " ".join(finding.message.get(lang).replace("`", "").split()) in text
            assert f"{finding.file}, " in text and finding.code in text
            link = item.select_one("a")
            chapter = site / prefix / finding.chapter.replace(".md", ".html")
            assert (path.parent / link["href"]).resolve() == chapter.resolve()
            assert chapter.is_file()
            assert link.get_text() == labels(lang)["diagnostic"]["chapters"][finding.chapter]


def test_chapter_titles_of_the_diagnostic_are_the_chapters_own_titles():
    from generator.core.resources import CONTENT_DIR

    for lang in ("fr", "en"):
        for chapter, title in labels(lang)["diagnostic"]["chapters"].items():
            first_line = (CONTENT_DIR / lang / chapter).read_text(encoding="utf-8").splitlines()[0]
            assert first_line == f"# {title}", (lang, chapter)


@pytest.mark.parametrize("a, b, same", [
    ("Ce mug ébréché me suit depuis mon premier jour.",
     "Ce mug ébréché me suit depuis mon tout premier jour !", True),
    ("Ce mug ébréché me suit depuis mon premier jour.",
     "Mon premier jour : ce mug me suit depuis, ébréché.", False),
    ("Notre centrale de Bourgoin produit 480 kWc.", "Notre centrale de Lyon produit 2 MWc.", False),
])
def test_what_counts_as_the_same_example(a, b, same):
    from generator.diagnose.wording import example, same_text

    assert same_text(example("a", 0, None, a), example("b", 0, None, b)) is same
