"""`handbook new`: every priority x maturity, the interactive questions, placeholders, refusals."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build.pipeline import build_handbook
from generator.inputs.cross_check import placeholders
from generator.inputs.handbook import load_handbook
from generator.inputs.load import load_yaml
from generator.model.vocab import CHARTER_SECTIONS

from .conftest import REPO, run

# The playbook's decision matrix (digest section 4), written out by hand: the priority's forms,
# then medium maturity adds experts and high maturity runs all three.
EXPECTED_TRACKS = {
    ("reputation", "low"): ("employee", "leaders"),
    ("reputation", "medium"): ("employee", "experts", "leaders"),
    ("reputation", "high"): ("employee", "experts", "leaders"),
    ("leads", "low"): ("experts",),
    ("leads", "medium"): ("experts",),
    ("leads", "high"): ("employee", "experts", "leaders"),
    ("employer_brand", "low"): ("employee", "leaders"),
    ("employer_brand", "medium"): ("employee", "experts", "leaders"),
    ("employer_brand", "high"): ("employee", "experts", "leaders"),
    ("culture", "low"): ("employee", "experts"),
    ("culture", "medium"): ("employee", "experts"),
    ("culture", "high"): ("employee", "experts", "leaders"),
}
PLACEHOLDER = "placeholder from 'handbook new'"
STARTER_FILES = ["charter.yml", "handbook.yml", "kits/behind-the-scenes.yml",
                 "kits/question-i-get-asked.yml", "training/effective-post.yml",
                 "training/linkedin-basics.yml", "training/speaking-territory.yml"]


def only_placeholder_warnings(folder: str) -> list[str]:
    """`handbook check` passes and every line it reports is a placeholder warning."""
    result = run("check", folder)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines, "a starter folder has placeholders to replace"
    unexpected = [line for line in lines if "warning: " not in line or PLACEHOLDER not in line]
    assert unexpected == []
    # The programme itself may get advice (a draft charter, no co-building yet), never a warning.
    assert result.stdout.splitlines()[-1].startswith(
        f"{folder}: valid ({len(lines)} warnings); programme diagnostic: 0 errors, 0 warnings, ")
    return lines


@pytest.mark.slow
@pytest.mark.parametrize("priority,maturity", sorted(EXPECTED_TRACKS))
def test_every_priority_and_maturity_gives_a_valid_starter_that_builds(
        priority, maturity, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "charters/acme", "--name", "Acme Conseil", "--priority", priority,
                 "--maturity", maturity, "--start", "2027-03-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Created charters/acme (7 files) for Acme Conseil: tracks ")

    only_placeholder_warnings("charters/acme")
    handbook, _ = load_handbook(tmp_path / "charters" / "acme")
    programme = handbook.settings.programme
    assert (programme.priority, programme.maturity) == (priority, maturity)
    assert programme.tracks.launched() == EXPECTED_TRACKS[priority, maturity]
    tracks = programme.tracks
    if tracks.employee:
        assert 15 <= tracks.employee.launch_size <= 40
    if tracks.experts:
        assert 10 <= tracks.experts.launch_size <= 20
    if tracks.leaders:
        assert 3 <= len(tracks.leaders.members) <= 5
        assert tracks.leaders.posts_per_month == 1
    if maturity == "low":
        assert len(programme.tracks.launched()) < 3

    site = tmp_path / "site"
    report = build_handbook(tmp_path / "charters" / "acme", site)
    assert report.languages == ("fr", "en")
    for root in (site, site / "en"):
        for page in ("index.html", "charter.html", "contacts.html",
                     "kits/behind-the-scenes.html", "training/speaking-territory.html"):
            assert (root / page).is_file(), page


def test_the_starter_holds_what_the_playbook_asks_for(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "org", "--defaults").exit_code == 0
    org = tmp_path / "org"
    assert sorted(p.relative_to(org).as_posix() for p in org.rglob("*") if p.is_file()) == \
        STARTER_FILES
    handbook, _ = load_handbook(org)
    settings = handbook.settings
    assert settings.organisation.name == "Org"
    assert settings.languages == ["fr", "en"]
    roles = {person.role for person in settings.people}
    assert roles == {"sponsor", "community_manager", "pen", "referent", "legal", "comms", "hr"}
    assert all("À REMPLACER" in person.name for person in settings.people)
    charter = handbook.charter
    assert charter.status == "draft"
    for section in CHARTER_SECTIONS:
        rules = getattr(charter, section)
        assert len(rules) == 1, section
        assert rules[0].title.get("fr").startswith("EXEMPLE À REMPLACER")
        assert rules[0].title.get("en").startswith("EXAMPLE TO REPLACE")
    assert [kit_id for kit_id, _ in handbook.kits] == ["behind-the-scenes",
                                                       "question-i-get-asked"]
    titles = {module_id: module.title.get("en") for module_id, module in handbook.modules}
    assert titles == {"effective-post": "Building an effective post",
                      "linkedin-basics": "Using LinkedIn well",
                      "speaking-territory": "Finding your speaking territory"}
    # Bilingual: every text in both languages, so the only warnings are placeholders.
    only_placeholder_warnings("org")


def test_each_file_starts_with_the_schema_comment_for_editors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "charters/acme", "--defaults").exit_code == 0
    first_lines = {
        relative: (tmp_path / "charters" / "acme" / relative).read_text().splitlines()[0]
        for relative in STARTER_FILES
    }
    assert first_lines == {
        "charter.yml": "# yaml-language-server: $schema=../../schemas/charter.json",
        "handbook.yml": "# yaml-language-server: $schema=../../schemas/handbook.json",
        "kits/behind-the-scenes.yml":
            "# yaml-language-server: $schema=../../../schemas/kit.json",
        "kits/question-i-get-asked.yml":
            "# yaml-language-server: $schema=../../../schemas/kit.json",
        "training/effective-post.yml":
            "# yaml-language-server: $schema=../../../schemas/training.json",
        "training/linkedin-basics.yml":
            "# yaml-language-server: $schema=../../../schemas/training.json",
        "training/speaking-territory.yml":
            "# yaml-language-server: $schema=../../../schemas/training.json",
    }


@pytest.mark.parametrize("lang,marker,other", [("en", "TO REPLACE", "À REMPLACER"),
                                               ("fr", "À REMPLACER", "TO REPLACE")])
@pytest.mark.slow
def test_one_language_writes_plain_texts_in_that_language(lang, marker, other, tmp_path,
                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "org", "--defaults", "--languages", lang).exit_code == 0
    text = (tmp_path / "org" / "handbook.yml").read_text()
    assert "\n      fr:" not in text and "\n      en:" not in text
    assert marker in text and other not in text
    lines = only_placeholder_warnings("org")
    assert all(f"(marked '{marker}')" in line for line in lines)
    build_handbook(tmp_path / "org", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file()
    assert not (tmp_path / "site" / "en").exists()


def test_options_are_written_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "--name", "Société Été: \"Nord\"", "--languages", "en,fr",
                 "--priority", "culture", "--maturity", "high", "--start", "2028-02-29",
                 "--primary", "#112233", "--accent", "#8a4b0f")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "charters" / "societe-ete-nord"
    handbook, _ = load_handbook(folder)
    settings = handbook.settings
    assert settings.organisation.name == "Société Été: \"Nord\""
    assert settings.languages == ["en", "fr"]
    assert str(settings.programme.start) == "2028-02-29"
    assert (settings.branding.primary, settings.branding.accent) == ("#112233", "#8a4b0f")


def test_the_same_answers_give_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder in ("one", "two"):
        result = run("new", folder, "--defaults", "--name", "Acme", "--start", "2027-03-01")
        assert result.exit_code == 0
    for relative in STARTER_FILES:
        assert (tmp_path / "one" / relative).read_bytes() == \
            (tmp_path / "two" / relative).read_bytes()


def test_an_existing_folder_with_files_is_never_overwritten(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "notes.txt").write_text("keep me")
    result = run("new", "org", "--defaults")
    assert result.exit_code == 1
    assert result.stderr == ("error: org already exists and is not empty; choose a new folder, "
                             "nothing was written\n")
    assert [p.name for p in (tmp_path / "org").iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org"]  # no staging left behind


def test_an_empty_folder_is_filled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "org").mkdir()
    assert run("new", "org", "--defaults").exit_code == 0
    assert (tmp_path / "org" / "handbook.yml").is_file()


def test_wrong_answers_are_usage_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "org", "--primary", "blue")
    assert result.exit_code == 2
    assert "Invalid value for '--primary': 'blue' is not a colour written #RRGGBB, like " \
           "#0B4F6C" in result.stderr
    assert run("new", "org", "--priority", "sales").exit_code == 2
    assert run("new", "org", "--start", "15/01/2027").exit_code == 2
    assert not (tmp_path / "org").exists()


def test_the_placeholder_warning_message(org):
    handbook = org / "handbook.yml"
    handbook.write_text(handbook.read_text().replace(
        "name: Bruno Petit", "name: TO REPLACE with the comms lead's name"))
    result = run("check", "org")
    assert result.exit_code == 0
    assert result.stderr == (
        "org/handbook.yml:17:36: warning: people[1].name: placeholder from 'handbook new' "
        "(marked 'TO REPLACE'): replace it with your own text\n")
    assert run("check", "--strict", "org").exit_code == 1


def test_a_starter_cannot_be_published_with_strict_until_placeholders_are_replaced(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "org", "--defaults").exit_code == 0
    result = run("build", "--strict", "org", "-o", "site")
    assert result.exit_code == 1
    assert "(warnings fail with --strict)" in result.stderr
    assert not (tmp_path / "site").exists()


# --- the interactive questions, in a real terminal -----------------------------------------

def converse(command: list[str], cwd: Path, answers: list[str]) -> tuple[str, int]:
    """Run `command` in a pseudo-terminal, typing each answer after each question."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the command, its stdin a terminal
        os.chdir(cwd)
        os.environ["PYTHONPATH"] = str(REPO)
        os.execv(command[0], command)
    transcript = b""

    def read_until_question(timeout: float) -> None:
        nonlocal transcript
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if not ready:
                if transcript.rstrip(b" ").endswith(b":"):
                    return
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            transcript += chunk

    for answer in answers:
        read_until_question(20)
        os.write(fd, answer.encode() + b"\n")
    read_until_question(30)
    # A program still asking after the last answer would wait forever: stop it, let it fail.
    finished, status = os.waitpid(pid, os.WNOHANG)
    if not finished:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    os.close(fd)
    return transcript.decode().replace("\r\n", "\n"), os.waitstatus_to_exitcode(status)


@pytest.mark.slow
def test_interactive_questions_in_a_terminal(tmp_path):
    # name, languages, priority, maturity, start, primary colour, accent colour (default)
    answers = ["Acme Conseil", "en,fr", "leads", "medium", "2027-09-01", "#123456", ""]
    transcript, code = converse([sys.executable, "-m", "generator", "new"], tmp_path, answers)
    assert code == 0, transcript
    for question in ("Organisation's name [Mon organisation]: Acme Conseil",
                     "Languages, the default one first (fr, en, fr,en, en,fr) [fr,en]: en,fr",
                     "Priority (reputation, leads, employer_brand, culture) [reputation]: leads",
                     "Maturity (low, medium, high) [low]: medium",
                     "Kick-off date (YYYY-MM-DD) [",
                     "Main colour (#RRGGBB) [#0B4F6C]: #123456",
                     "Accent colour (#RRGGBB) [#AC660C]: "):
        assert question in transcript
    assert "Created charters/acme-conseil (7 files) for Acme Conseil: tracks experts;" in \
        transcript

    folder = tmp_path / "charters" / "acme-conseil"
    handbook, _ = load_handbook(folder)
    settings = handbook.settings
    assert settings.languages == ["en", "fr"]
    assert (settings.programme.priority, settings.programme.maturity) == ("leads", "medium")
    assert str(settings.programme.start) == "2027-09-01"
    assert (settings.branding.primary, settings.branding.accent) == ("#123456", "#AC660C")

    check = subprocess.run([sys.executable, "-m", "generator", "check", "charters/acme-conseil"],
                           cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    assert all(PLACEHOLDER in line for line in check.stderr.splitlines())
    build_handbook(folder, tmp_path / "site")
    assert (tmp_path / "site" / "fr" / "charter.html").is_file()  # en first, fr second


@pytest.mark.slow
def test_a_wrong_colour_is_asked_again_and_a_light_one_kept(tmp_path):
    answers = ["Acme", "fr", "culture", "low", "2027-09-01", "bleu", "#0000ff", "#ff0000"]
    transcript, code = converse([sys.executable, "-m", "generator", "new", "org"], tmp_path,
                                answers)
    assert code == 0, transcript
    assert "Error: 'bleu' is not a colour written #RRGGBB, like #0B4F6C" in transcript
    assert ("#ff0000 is too light for text on white: it stays as it is for the header and "
            "decoration, and text uses #EE0000") in transcript
    handbook, _ = load_handbook(tmp_path / "org")
    assert handbook.settings.branding.primary == "#0000ff"


def test_without_a_folder_or_a_name_the_defaults_follow_the_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "--defaults", "--languages", "en").exit_code == 0
    handbook, _ = load_handbook(tmp_path / "charters" / "my-organisation")
    assert handbook.settings.organisation.name == "My organisation"
    assert run("new", "--defaults").exit_code == 0
    handbook, _ = load_handbook(tmp_path / "charters" / "mon-organisation")
    assert handbook.settings.organisation.name == "Mon organisation"


def test_a_colour_too_light_for_text_is_kept_and_its_readable_shade_named(tmp_path,
                                                                           monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "--defaults", "--accent", "#aabbcc")
    assert result.exit_code == 0, result.output
    assert ("#aabbcc is too light for text on white: it stays as it is for the header and "
            "decoration, and text uses #5B7998 (set branding.accent_text to choose another "
            "shade).") in result.output
    assert "placeholders to replace" in result.output
    handbook, _ = load_handbook(tmp_path / "charters" / "mon-organisation")
    assert handbook.settings.branding.accent == "#aabbcc"


@pytest.mark.parametrize("name, folder", [
    ("Cœur de Lyon", "charters/coeur-de-lyon"),
    ("Straße Bau", "charters/strasse-bau"),
    ("東京", "charters/dong-jing"),
    ("Hélios Énergie", "charters/helios-energie"),
])
def test_folder_names_are_transliterated_never_emptied(name, folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "--defaults", "--name", name)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Created {folder} (7 files) for {name}:")
    assert (tmp_path / folder / "handbook.yml").is_file()


@pytest.mark.parametrize("written", [
    'title: "TO REPLACE: the name"',
    'title: "TO REPL\\x41CE"',  # an escape: the file's text never says REPLACE
    'title: "\\u00C0 REMPLAC\\u0045R"',
    "title: >-\n  TO\n  REPLACE",  # folded: the two words meet only once read
    'title: "TO REPL\\\n  ACE"',  # a word joined across lines by a final backslash
])
def test_a_placeholder_is_found_however_it_is_written(tmp_path, written):
    path = tmp_path / "kit.yml"
    path.write_text(written + "\n", encoding="utf-8")
    found = placeholders({"kit": load_yaml(path, "kit.yml")})
    marker = "À REMPLACER" if "C0" in written else "TO REPLACE"
    assert [(p.file, p.line, p.col, p.message) for p in found] == [
        ("kit.yml", 1, 8, (f"placeholder from 'handbook new' (marked '{marker}'): replace it "
                          "with your own text"))]
