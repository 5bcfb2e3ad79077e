"""`handbook sheet`: the charter as a workshop workbook and back into charter.yml.

Export then import unchanged gives the same bytes; a workshop's edits change exactly their
lines and keep every comment; each problem of a returned workbook is an error placed in its
cell, exit 1, and charter.yml untouched.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli.sheet import sheet

from .conftest import DEMO, REPO

# Comments an editor wrote in charter.yml: each must survive every import.
COMMENTS = {
    "  - id: explain-your-job\n": "  # Jobs: rewritten after the March workshop.\n",
    "  - id: no-political-stance-for-helios\n": "  # Politics: legal asked for this one.\n",
    "  - id: defamation\n": "  # Defamation: see the legal memo of 2026-06.\n",
    "discouraged:\n": "# --- what to avoid ---\n",
}


def run(*args: str):
    return CliRunner().invoke(sheet, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the demo, with comments added to its charter.yml, in a fresh working folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(DEMO, tmp_path / "demo")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    charter = tmp_path / "demo" / "charter.yml"
    text = charter.read_text(encoding="utf-8")
    for before, comment in COMMENTS.items():
        assert text.count(before) == 1
        text = text.replace(before, comment + before)
    text = text.replace("    ask: emilie-roux\n  - id: ask-the-community",
                        "    ask: emilie-roux  # the energy-efficiency referent\n"
                        "  - id: ask-the-community")
    charter.write_text(text, encoding="utf-8")
    return tmp_path / "demo"


@pytest.fixture
def workbook(folder: Path) -> Path:
    result = run("export", "demo", "-o", "charter.xlsx")
    assert result.exit_code == 0, result.stderr
    return folder.parent / "charter.xlsx"


def row_of(ws, key) -> int:
    return next(cell.row for cell in ws["A"] if cell.value == key)


def next_row(ws) -> int:
    """The first row below the data (the spare rows below are formatted, but empty)."""
    return max(cell.row for row in ws.iter_rows() for cell in row if cell.value is not None) + 1


def column_of(ws, header: str) -> int:
    return next(cell.column for cell in ws[1] if cell.value == header)


def edit(path: Path, changes) -> None:
    """Apply `changes(book)` to the workbook, as a workshop would, and save it."""
    book = openpyxl.load_workbook(path)
    changes(book)
    book.save(path)


# --- export ---------------------------------------------------------------------------------

def test_the_export_opens_with_its_drop_downs_and_frozen_header(workbook: Path):
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["Mode d'emploi", "Encouragé", "Déconseillé", "Confidentialité",
                               "Juridique", "Modération", "Bad buzz", "Co-construction",
                               "Contacts"]
    assert book["Mode d'emploi"]["A1"].value == ("Charte des réseaux sociaux de Hélios "
                                                 "Énergie, version 1.2 : à co-construire")
    ws = book["Encouragé"]
    assert [c.value for c in ws[1]] == [
        "Identifiant", "Titre (fr)", "Titre (en)", "Texte (fr)", "Texte (en)", "Exemple (fr)",
        "Exemple (en)", "Question (fr)", "Question (en)", "Contact", "Décision", "Commentaire"]
    assert ws.freeze_panes == "A2"
    assert ws["A2"].value == "share-field-experience"
    assert ws["B2"].value == "Racontez ce que vous vivez sur le terrain"
    assert ws["J2"].value == "julien-marchetti"
    assert ws["B1"].fill.start_color.rgb.endswith("0B4F6C")
    assert ws["B1"].font.color.rgb.endswith("FFFFFF")
    assert ws["D2"].alignment.wrap_text
    assert ws.column_dimensions["D"].width == 60
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation
             if v.type == "list"}
    # Six rules, and 100 spare rows for what the workshop adds.
    assert lists == {"J2:J107": "'Contacts'!$A$2:$A$10",
                     "K2:K107": '"garder,modifier,nouvelle,supprimer"'}
    lengths = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation
               if v.type == "textLength"}
    assert lengths["B2:B107"] == "120" and lengths["D2:D107"] == "1000"
    contacts = book["Contacts"]
    assert [c.value for c in contacts["A"]][1:] == [
        "claire-vautrin", "julien-marchetti", "sophie-lemarchand", "karim-benali",
        "emilie-roux", "thomas-delorme", "nadia-ferreira", "laurent-giraud", "mathilde-cordier"]
    # Private details stay in handbook.yml.
    assert not any("@" in str(cell.value) for row in contacts.iter_rows() for cell in row)
    steps = book["Bad buzz"]
    assert {str(v.sqref) for v in steps.data_validations.dataValidation if v.type == "list"} \
        == {"E2:E107", "D2:D107"}
    sessions = book["Co-construction"]
    assert sessions["B2"].value == dt.datetime(2026, 3, 17)
    assert sessions["C2"].value == "atelier"
    formats = next(v for v in sessions.data_validations.dataValidation if "atelier" in v.formula1)
    assert formats.formula1 == '"atelier,questionnaire,entretiens,relecture,pilote"'


def test_the_export_is_the_same_bytes_every_time(workbook: Path):
    first = workbook.read_bytes()
    assert run("export", "demo", "-o", "again.xlsx").exit_code == 0
    assert (workbook.parent / "again.xlsx").read_bytes() == first
    with zipfile.ZipFile(workbook) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.slow
def test_a_text_starting_with_equals_is_exported_as_text_and_imports_unchanged(folder: Path):
    charter = folder / "charter.yml"
    text = charter.read_text(encoding="utf-8").replace(
        "fr: Racontez ce que vous vivez sur le terrain",
        "fr: '=HYPERLINK(\"https://evil.example\",\"clic\")'")
    charter.write_text(text, encoding="utf-8")
    assert run("export", "demo", "-o", "charter.xlsx").exit_code == 0
    cell = openpyxl.load_workbook("charter.xlsx")["Encouragé"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    result = run("import", "demo", "charter.xlsx")
    assert result.exit_code == 0, result.stderr
    assert charter.read_text(encoding="utf-8") == text


# --- import ---------------------------------------------------------------------------------

def test_import_unchanged_gives_the_same_bytes(folder: Path, workbook: Path):
    before = (folder / "charter.yml").read_bytes()
    result = run("import", "demo", "charter.xlsx")
    assert result.exit_code == 0, result.stderr
    assert (folder / "charter.yml").read_bytes() == before
    assert "Nothing to change: demo/charter.yml is left as it is." in result.stdout
    assert "Added rules: none\nRemoved rules: none\nChanged rules: none" in result.stdout


def workshop(book) -> None:
    """One edited French title, one new rule, one rule removed, one contact changed, one
    co-building session added."""
    ws = book["Encouragé"]
    ws.cell(row_of(ws, "explain-your-job"), 2, "Expliquez votre métier en quelques mots")
    ws.cell(row_of(ws, "explain-your-job"), 11, "modifier")
    new = next_row(ws)
    for col, value in ((2, "Partagez nos offres d'emploi avec un mot à vous"),
                       (3, "Share our job offers with a word of your own"),
                       (4, ("Une offre partagée avec une phrase sur l'équipe attire davantage "
                           "de candidats qu'un simple partage sans commentaire.")),
                       (10, "laurent-giraud"), (11, "nouvelle")):
        ws.cell(new, col, value)
    ws = book["Déconseillé"]
    ws.cell(row_of(ws, "no-competitor-bashing"), 11, "supprimer")
    ws = book["Juridique"]
    ws.cell(row_of(ws, "defamation"), 10, "nadia-ferreira")
    ws = book["Co-construction"]
    for col, value in ((2, dt.date(2027, 3, 2)), (3, "atelier"), (4, 17)):
        ws.cell(5, col, value)


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


@pytest.mark.slow
def test_a_workshop_changes_exactly_its_lines_and_keeps_every_comment(folder: Path,
                                                                      workbook: Path):
    charter = folder / "charter.yml"
    before = charter.read_text(encoding="utf-8")
    edit(workbook, workshop)
    result = run("import", "demo", "charter.xlsx")
    assert result.exit_code == 0, result.stderr
    after = charter.read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    competitor = before[before.index("  - id: no-competitor-bashing"):
                        before.index("  # Politics")].splitlines()
    assert removed == [
        "      fr: Expliquez votre métier simplement",
        *competitor,
        "    ask: thomas-delorme",
    ]
    assert added == [
        "  - date: 2027-03-02",
        "    format: workshop",
        "    participants: 17",
        "      fr: Expliquez votre métier en quelques mots",
        "  - id: partagez-nos-offres-d-emploi-avec-un-mot",
        "    title:",
        "      fr: Partagez nos offres d'emploi avec un mot à vous",
        "      en: Share our job offers with a word of your own",
        "    text:",
        "      fr: >-",
        ("        Une offre partagée avec une phrase sur l'équipe attire davantage de candidats "
        "qu'un"),
        "        simple partage sans commentaire.",
        "    ask: laurent-giraud",
        "    ask: nadia-ferreira",
    ]
    for comment in [*COMMENTS.values(), "# the energy-efficiency referent"]:
        assert comment in after
    # The new rule comes after the last encouraged rule, before the next section's comment.
    assert after.index("partagez-nos-offres") < after.index("# --- what to avoid ---")
    assert "+ encouraged/partagez-nos-offres-d-emploi-avec-un-mot: Share our job offers" \
        in result.stdout
    assert "- discouraged/no-competitor-bashing: Do not run down competitors" in result.stdout
    assert "~ encouraged/explain-your-job: Explain your job simply (title)" in result.stdout
    assert "~ legal/defamation: Criticise ideas, not people (contact)" in result.stdout \
        or "~ legal/defamation: Criticise ideas, not people (ask)" in result.stdout
    assert "Co-building sessions: 1 added, 0 changed, 0 removed." in result.stdout
    # Only in French so far: the check's warning, placed in the cell to translate.
    assert result.stderr == ("charter.xlsx › Encouragé!D8: warning: no en version; the fr "
                             "text is shown instead\n")
    assert "Updated demo/charter.yml (" in result.stdout
    # The same workbook imported again is refused, not applied twice: the removed rule's id
    # is gone from the charter (the guide says to export again after each import).
    again = run("import", "demo", "charter.xlsx")
    assert again.exit_code == 1
    assert "no rule \"no-competitor-bashing\" in the charter" in again.stderr
    assert charter.read_text(encoding="utf-8") == after


@pytest.mark.slow
def test_dry_run_shows_the_diff_and_writes_nothing(folder: Path, workbook: Path):
    before = (folder / "charter.yml").read_bytes()
    edit(workbook, workshop)
    result = run("import", "demo", "charter.xlsx", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "- discouraged/no-competitor-bashing" in result.stdout
    assert "nothing was written" in result.stdout
    assert (folder / "charter.yml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in DEMO.iterdir())


@pytest.mark.slow
def test_a_deleted_row_keeps_its_rule_with_a_warning(folder: Path, workbook: Path):
    before = (folder / "charter.yml").read_bytes()
    edit(workbook, lambda book: book["Modération"].delete_rows(
        row_of(book["Modération"], "dont-feed-trolls")))
    result = run("import", "demo", "charter.xlsx")
    assert result.exit_code == 0, result.stderr
    assert ("charter.xlsx › Modération: warning: the rule \"dont-feed-trolls\" has no row any "
            "more: it is kept; to remove a rule, choose \"supprimer\" on its row") \
        in result.stderr
    assert (folder / "charter.yml").read_bytes() == before


# --- errors: each placed in its cell, exit 1, charter.yml untouched ---------------------------

def set_cell(sheet_name: str, key, header: str, value):
    def change(book) -> None:
        ws = book[sheet_name]
        row = row_of(ws, key) if key is not None else next_row(ws)
        ws.cell(row, column_of(ws, header)).value = value
    return change


ERRORS = {
    "unknown contact": (
        set_cell("Encouragé", "explain-your-job", "Contact", "sophie-lemarchant"),
        ("charter.xlsx › Encouragé!J3: error: unknown contact \"sophie-lemarchant\" — did you "
        "mean \"sophie-lemarchand\"?")),
    "missing required language": (
        set_cell("Juridique", "green-claims", "Titre (fr)", None),
        ("charter.xlsx › Juridique!B5: error: the title is missing in French (fr), the "
        "handbook's first language")),
    "text over the limit": (
        set_cell("Modération", "correct-openly", "Titre (en)", "Correct " * 20),
        ("charter.xlsx › Modération!C7: error: this text is 159 characters long, more than the "
        "120 a title may have; shorten it")),
    "formula": (
        set_cell("Confidentialité", "tenders-and-prices", "Texte (fr)", "=1+1"),
        ("charter.xlsx › Confidentialité!D3: error: this cell holds a formula (=1+1); a formula "
        "is never computed here: type the text itself")),
    "unknown decision": (
        set_cell("Encouragé", "ask-the-community", "Décision", "effacer"),
        ("charter.xlsx › Encouragé!K6: error: unknown decision \"effacer\"; choose one of: "
        "garder, modifier, nouvelle, supprimer")),
    "changed id": (
        set_cell("Encouragé", "ask-the-community", "Identifiant", "ask-the-comunity"),
        ("charter.xlsx › Encouragé!A6: error: no rule \"ask-the-comunity\" in the charter — did "
        "you mean \"ask-the-community\"?: an id is never changed; leave it empty for a new rule")),
    "changed header": (
        set_cell("Bad buzz", "N°", "Qui", "Responsable"),
        ("charter.xlsx › Bad buzz!D1: error: the header was changed: expected \"Qui\", found "
        "\"Responsable\"; put the first row back as it was exported")),
    "new rule without title": (
        set_cell("Juridique", None, "Titre (en)", "Only in English"),
        ("charter.xlsx › Juridique!B8: error: a new rule needs its title in French (fr), the "
        "handbook's first language")),
    "bad date": (
        set_cell("Co-construction", 1, "Date", "le 3 mars"),
        ("charter.xlsx › Co-construction!B2: error: expected a date, like 2027-01-15, got \"le 3 "
        "mars\"")),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_each_error_is_placed_in_its_cell(folder: Path, workbook: Path, case: str):
    change, message = ERRORS[case]
    before = (folder / "charter.yml").read_bytes()
    edit(workbook, change)
    result = run("import", "demo", "charter.xlsx")
    assert result.exit_code == 1
    assert message in result.stderr.splitlines()
    assert "nothing was written" in result.stderr
    assert (folder / "charter.yml").read_bytes() == before
    assert "Traceback" not in result.stderr


def test_a_renamed_sheet_is_an_error(folder: Path, workbook: Path):
    before = (folder / "charter.yml").read_bytes()

    def rename(book) -> None:
        book["Modération"].title = "Moderation"
    edit(workbook, rename)
    result = run("import", "demo", "charter.xlsx")
    assert result.exit_code == 1
    assert ("charter.xlsx: error: the sheet \"Modération\" is missing: it was renamed or deleted "
            "— did you mean \"Moderation\"?; give it back its name, or export the charter "
            "again") in result.stderr.splitlines()
    assert (folder / "charter.yml").read_bytes() == before


def test_a_deleted_sheet_is_an_error(folder: Path, workbook: Path):
    edit(workbook, lambda book: book.remove(book["Bad buzz"]))
    result = run("import", "demo", "charter.xlsx")
    assert result.exit_code == 1
    assert ("charter.xlsx: error: the sheet \"Bad buzz\" is missing: it was renamed or deleted; "
            "give it back its name, or export the charter again") in result.stderr.splitlines()


@pytest.mark.parametrize(("content", "message"), [
    (b"id;title\nx;y\n", ("this is not an Excel workbook (.xlsx): give the file made by "
                         "'handbook sheet export', saved as .xlsx")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
     ("this is an old Excel file (.xls), not an .xlsx workbook: open it and save it as "
     "\"Excel Workbook (.xlsx)\"")),
])
def test_a_file_that_is_not_an_xlsx_is_an_error(folder: Path, content: bytes, message: str):
    before = (folder / "charter.yml").read_bytes()
    Path("charter.xlsx").write_bytes(content)
    result = run("import", "demo", "charter.xlsx")
    assert result.exit_code == 1
    assert f"charter.xlsx: error: {message}" in result.stderr.splitlines()
    assert (folder / "charter.yml").read_bytes() == before


def test_a_zip_without_a_workbook_is_an_error(folder: Path):
    with zipfile.ZipFile("charter.xlsx", "w") as archive:
        archive.writestr("content.xml", "<office:document-content/>")
    result = run("import", "demo", "charter.xlsx")
    assert result.exit_code == 1
    assert re.search(r"^charter\.xlsx: error: this is an OpenDocument spreadsheet \(\.ods\)",
                     result.stderr, flags=re.MULTILINE)


def test_usage_errors_exit_2(folder: Path):
    assert run("import", "demo").exit_code == 2
    assert run("export", "demo", "-o", "charter.csv").exit_code == 2


# --- the rules' optional question -------------------------------------------------------------

def test_the_question_field_keeps_the_fingerprints_of_charters_without_it():
    from generator.charter.fingerprint import charter_fingerprint
    from generator.inputs.handbook import load_handbook

    charter = load_handbook(DEMO, "charters/demo")[0].charter
    assert charter_fingerprint(charter) == "036E-8798-2E2E"  # as the guide shows it
    rule = charter.encouraged[0].model_copy(update={"question": charter.encouraged[0].title})
    asked = charter.model_copy(update={"encouraged": [rule, *charter.encouraged[1:]]})
    assert charter_fingerprint(asked) != "AC89-F32B-63F0"
