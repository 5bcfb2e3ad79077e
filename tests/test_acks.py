"""`handbook acks`: the acknowledgement register from an export, per team and overall.

The folder is the minimal one with two versions of its charter: 1.0 (kept in history/) and
the current 1.1, which adds a rule, rewords another and says so in its changelog. The export
is written here with the codes the charter page shows for each version.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.charter.acks import safe_cell
from generator.charter.fingerprint import charter_fingerprint
from generator.inputs.folder import load_charter

from .conftest import MINIMAL, run

NEW_CHARTER = """\
version: "1.1"
status: adopted
adopted_on: 2027-03-01
preamble: Notre charte.
encouraged:
  - {id: share-news, title: Partager nos actualités, ask: comms}
discouraged:
  - {id: no-polemics, title: Éviter toute polémique}
  - {id: no-bashing, title: Ne pas dénigrer les concurrents}
confidentiality:
  - {id: no-figures, title: Pas de chiffres non publiés, ask: comms}
legal:
  - {id: image-rights, title: Droit à l'image}
moderation:
  - {id: stay-calm, title: Rester courtois}
bad_buzz:
  steps:
    - {do: Prévenir la communication, who: comms}
changelog:
  - {version: "1.1", date: 2027-03-01, changes: [Une règle sur les concurrents]}
  - {version: "1.0", date: 2026-10-01, changes: [Première version]}
"""


@pytest.fixture
def org(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINIMAL, tmp_path / "org")
    (tmp_path / "org" / "history").mkdir()
    shutil.move(tmp_path / "org" / "charter.yml",
                tmp_path / "org" / "history" / "charter-1.0.yml")
    (tmp_path / "org" / "charter.yml").write_text(NEW_CHARTER, encoding="utf-8")
    return tmp_path / "org"


def code(org: Path, file: str) -> str:
    return charter_fingerprint(load_charter(org / file, file)[0])


def export(org: Path, lines: list[str], *, separator: str = ",", bom: bool = False) -> str:
    text = "\n".join(line.replace(",", separator) for line in lines) + "\n"
    path = org.parent / "export.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return "export.csv"


def rows(org: Path) -> list[str]:
    new, old = code(org, "charter.yml"), code(org, "history/charter-1.0.yml")
    return [
        "person,team,date,version",
        f"ana@example.org,Sales,2027-03-05,{new}",  # 2: current
        f"ben@example.org,Sales,2026-11-02,{old}",  # 3: older
        f"chloe@example.org,Field,2026-10-20,{old.lower().replace('-', '')}",  # 4: older
        f"chloe@example.org,Field,2027-03-10,{new}",  # 5: duplicate, later: current wins
        "dan@example.org,Field,2027-03-12,ABCD-EF01-2345",  # 6: unknown code
        f"eve@example.org,Field,31/02/2027,{new}",  # 7: malformed date
        f"=HYPERLINK(\"http://x\"),@Ops,03/03/2027 10:15,{old}",  # 8: formula-like, older
        "fay@example.org,Ops,2027-03-03,1.0",  # 9: a version number, not a code
    ]


def report(*args: str) -> dict:
    result = run("acks", "org", "export.csv", "--format", "json", *args)
    assert result.exit_code == 1, result.stderr  # rows with problems
    return json.loads(result.stdout)


def test_counts_per_team_and_overall(org):
    export(org, rows(org))
    data = report()
    assert data["current"] == {"version": "1.1", "code": code(org, "charter.yml")}
    assert data["rows"] == 7  # the malformed date is not a readable row
    assert data["overall"] == {"current": 2, "older": 2, "never": 0}
    assert {team: entry["counts"] for team, entry in data["teams"].items()} == {
        "@Ops": {"current": 0, "older": 1, "never": 0},
        "Field": {"current": 1, "older": 0, "never": 0},
        "Sales": {"current": 1, "older": 1, "never": 0},
    }
    field = data["teams"]["Field"]["people"]
    assert field == [{"person": "chloe@example.org", "status": "current", "version": "1.1",
                      "code": code(org, "charter.yml"), "date": "2027-03-10"}]


def test_older_versions_come_with_what_changed_since(org):
    export(org, rows(org))
    assert report()["changes_since"] == {"1.0": [
        "added: Ne pas dénigrer les concurrents",
        "changed: Éviter toute polémique (title)",
        "1.1: Une règle sur les concurrents",
    ]}


def test_unreadable_rows_and_unknown_codes_are_positioned_errors(org):
    export(org, rows(org))
    result = run("acks", "org", "export.csv")
    known = (f"known codes: 1.1 {code(org, 'charter.yml')}, "
             f"1.0 {code(org, 'history/charter-1.0.yml')}")
    assert result.stderr.splitlines() == [
        f"export.csv:6:4: error: 'ABCD-EF01-2345' matches no version of the charter; {known}",
        ("export.csv:7:3: error: column 'date': '31/02/2027' is not a date; write it "
        "YYYY-MM-DD or DD/MM/YYYY"),
        "export.csv:9:4: error: '1.0' matches no version of the charter (that looks like a "
        "version number; the code is the one the charter page shows); " + known,
    ]
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[3] == ("Overall: 2 confirmed the current version, 2 must confirm again "
                        "(older version).")
    assert "    ben@example.org (version 1.0, 2026-11-02)" in lines


def test_a_french_excel_export_with_semicolons_and_a_byte_order_mark(org):
    export(org, rows(org), separator=";", bom=True)
    data = report()
    assert data["overall"] == {"current": 2, "older": 2, "never": 0}
    assert [(e["line"], e["col"]) for e in data["errors"]] == [(6, 4), (7, 3), (9, 4)]


def test_configurable_column_names_and_a_roster(org):
    lines = rows(org)
    lines[0] = "E-mail,Service,Horodatage,Code"
    export(org, lines[:4])
    (org.parent / "roster.csv").write_text(
        "E-mail;Service\nana@example.org;Sales\nGus@Example.org ;Legal\n", encoding="utf-8")
    result = run("acks", "org", "export.csv", "--format", "json", "--roster", "roster.csv",
                 "--person-column", "E-mail", "--team-column", "Service",
                 "--date-column", "Horodatage", "--version-column", "Code")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["overall"] == {"current": 1, "older": 2, "never": 1}
    assert data["teams"]["Legal"]["people"] == [
        {"person": "Gus@Example.org", "status": "never", "version": None, "code": None,
         "date": None}]


def test_csv_output_neutralises_formulas(org):
    export(org, rows(org))
    result = run("acks", "org", "export.csv", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "team,person,status,version,code,date,changes_since"
    assert lines[1].startswith("'@Ops,\"'=HYPERLINK(\"\"http://x\"\")\",older,1.0,")
    assert lines[1].endswith(",2027-03-03,added: Ne pas dénigrer les concurrents | changed: "
                             "Éviter toute polémique (title) | 1.1: Une règle sur les "
                             "concurrents")
    assert [safe_cell(value) for value in ("+1", "-2", "@x", "\t=1", "ok", "")] == [
        "'+1", "'-2", "'@x", "'\t=1", "ok", ""]


@pytest.mark.parametrize("content, message", [
    ("", ("export.csv:1:1: error: the file is empty; its first line must name the columns: "
         "person,team,date,version")),
    ("person,team,when,version\n", ("export.csv:1:1: error: column 'date': missing from the "
                                   "header (found: person, team, when, version); name the "
                                   "export's column with --date-column")),
])
def test_an_unreadable_export(org, content, message):
    (org.parent / "export.csv").write_text(content, encoding="utf-8")
    result = run("acks", "org", "export.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message
    assert result.stdout == ""


def test_a_latin1_export(org):
    (org.parent / "export.csv").write_bytes("person,team,date,version\nJosé,Ops,x,y\n"
                                            .encode("latin-1"))
    result = run("acks", "org", "export.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "export.csv:1:1: error: the file is not UTF-8 text; save it as CSV UTF-8")


def test_the_question_field_leaves_existing_codes_unchanged():
    # Codes already confirmed must survive a new version of the tool: the minimal charter's
    # code is the one issued before rules could carry a question.
    assert charter_fingerprint(load_charter(MINIMAL / "charter.yml", "c")[0]) == \
        "356A-4B6A-ADD5"
