"""Builds that stay fast: the up-to-date skip, stage timings, the navigation's size, the
benchmark's table. Speed itself is measured by bench/build.py and bench/serve.py, not here."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML

from generator.build import freshness
from generator.build.pipeline import MARKER, build_handbook
from generator.core.errors import InputError
from generator.core.text import LocalText
from generator.core.timings import StageTimer
from generator.inputs.handbook import load_handbook
from generator.inputs.load import LoadFailed, load_yaml
from generator.site import markup, render
from generator.site.plan import NAV_KITS_LIMIT, plan_site
from generator.site.project import mkdocs_config

from .conftest import DEMO, REPO, run

STAGES = {"digest", "load", "validate", "check", "plan", "render", "write", "printables",
          "pdf", "mkdocs", "typeset", "copy", "swap"}


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a tree with its bytes and modification time."""
    return {str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture
def built(org, tmp_path) -> Path:
    """The minimal organisation, built once into ./site, named as the command line names it."""
    report = build_handbook(org, tmp_path / "site", display="org")
    assert not report.up_to_date
    return tmp_path / "site"


# --- nothing changed: the output is left as it is -----------------------------------------------

@pytest.mark.slow
def test_a_second_build_without_change_leaves_the_output_untouched(org, built):
    before = snapshot(built)
    report = build_handbook(org, built, display="org")
    assert report.up_to_date
    assert (report.pages, report.languages) == (json.loads((built / MARKER).read_text())["pages"],
                                                ("fr",))
    assert report.pdfs_rendered == report.pdfs_reused == 0
    assert set(report.timings) == {"digest"}  # neither MkDocs nor a PDF ran
    assert snapshot(built) == before


@pytest.mark.slow
def test_the_command_line_says_up_to_date_and_force_builds_anyway(org, built):
    result = run("build", "org", "-o", "site")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("site/ is up to date: nothing changed since org was built into it "
                             "(--force builds anyway).\n")
    marker_time = (built / MARKER).stat().st_mtime_ns
    result = run("build", "org", "-o", "site", "--force")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built org into site/ (fr; ")
    assert (built / MARKER).stat().st_mtime_ns != marker_time


@pytest.mark.slow
def test_a_changed_input_file_rebuilds(org, built):
    kit = org / "kits" / "day-in-my-life.yml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("Une journée avec moi",
                                                           "Ma semaine sur le terrain"),
                   encoding="utf-8")
    report = build_handbook(org, built, display="org")
    assert not report.up_to_date
    assert "Ma semaine sur le terrain" in (built / "kits" / "day-in-my-life.html").read_text()


@pytest.mark.slow
def test_a_new_file_in_the_folder_rebuilds(org, built):
    (org / "assets").mkdir(exist_ok=True)
    (org / "assets" / "photo.txt").write_text("not used yet", encoding="utf-8")
    assert not build_handbook(org, built, display="org").up_to_date


@pytest.mark.slow
def test_a_changed_chapter_rebuilds(org, built, tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(render.CONTENT_DIR, content)
    monkeypatch.setattr(freshness, "CONTENT_DIR", content)
    monkeypatch.setattr(render, "CONTENT_DIR", content)
    # The same chapters elsewhere are the same inputs.
    assert build_handbook(org, built, display="org").up_to_date
    chapter = content / "fr" / "about.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nUne phrase de plus.\n",
                       encoding="utf-8")
    assert not build_handbook(org, built, display="org").up_to_date
    assert "Une phrase de plus." in (built / "about.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["CONTENT_DIR", "THEME_DIR", "PACKAGE_DIR", "BASE_CONFIG"])
def test_every_shipped_input_is_in_the_fingerprint(org, tmp_path, monkeypatch, name):
    original = getattr(freshness, name)
    copy = tmp_path / original.name
    if original.is_dir():
        shutil.copytree(original, copy)
    else:
        shutil.copyfile(original, copy)
    monkeypatch.setattr(freshness, name, copy)
    before = freshness.inputs_digest(org, "org")
    assert freshness.inputs_digest(org, "org") == before
    target = copy if copy.is_file() else min(p for p in copy.rglob("*") if p.is_file())
    target.write_bytes(target.read_bytes() + b"\n")
    assert freshness.inputs_digest(org, "org") != before


def test_the_fingerprint_ignores_the_output_inside_the_folder(org):
    before = freshness.inputs_digest(org, "org", skip=(org / "site",))
    (org / "site").mkdir()
    (org / "site" / "index.html").write_text("built", encoding="utf-8")
    assert freshness.inputs_digest(org, "org", skip=(org / "site",)) == before
    assert freshness.inputs_digest(org, "org") != before


@pytest.mark.slow
def test_an_output_changed_by_hand_is_built_again(org, built):
    (built / "stale.html").write_text("someone's page", encoding="utf-8")
    assert not build_handbook(org, built, display="org").up_to_date
    assert not (built / "stale.html").exists()
    (built / "about.html").unlink()
    assert not build_handbook(org, built, display="org").up_to_date
    assert (built / "about.html").is_file()


@pytest.mark.slow
def test_an_up_to_date_site_with_warnings_still_fails_strict(org, tmp_path):
    settings = org / "handbook.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    first = build_handbook(org, tmp_path / "site", display="org")
    second = build_handbook(org, tmp_path / "site", display="org")
    assert second.up_to_date and second.warnings == first.warnings
    with pytest.raises(InputError) as caught:
        build_handbook(org, tmp_path / "site", strict=True, display="org")
    assert [str(d) for d in caught.value.diagnostics] == [
        "org/handbook.yml:18:1: warning: colour: unknown key 'colour'"]


# --- stage timings ---------------------------------------------------------------------------

@pytest.mark.slow
def test_a_build_reports_the_time_of_every_stage(org, tmp_path):
    report = build_handbook(org, tmp_path / "site")
    assert set(report.timings) == STAGES
    assert all(seconds >= 0 for seconds in report.timings.values())
    assert sum(report.timings.values()) <= report.seconds


def test_a_stage_that_was_not_what_it_was_timed_as_counts_for_the_stage_around_it():
    # A wait for a PDF that turned out to be in the cache is the build's own time, not `pdf`.
    timer = StageTimer()
    with timer.stage("printables"):
        with timer.stage("pdf") as not_pdf:
            time.sleep(0.02)
            not_pdf()
        with timer.stage("pdf"):
            time.sleep(0.01)
    assert set(timer.seconds) == {"printables", "pdf"}
    assert timer.seconds["printables"] >= 0.02 and timer.seconds["pdf"] >= 0.01


@pytest.mark.slow
def test_serve_can_leave_the_trainers_printables_out(org, tmp_path):
    report = build_handbook(org, tmp_path / "site", printables=False)
    assert not (tmp_path / "site" / "printables" / "day-in-my-life-idea-cards-fr.pdf").exists()
    assert (tmp_path / "site" / "printables" / "charter-full.pdf").is_file()
    assert report.pdfs_rendered == 3  # the charter's


# --- pages whose size does not grow with the number of kits ---------------------------------

def test_past_the_limit_kits_leave_the_navigation_but_stay_in_the_site(org):
    kit = (org / "kits" / "day-in-my-life.yml").read_text(encoding="utf-8")
    for number in range(NAV_KITS_LIMIT):
        (org / "kits" / f"kit-{number:02d}.yml").write_text(
            kit.replace("Une journée avec moi", f"Kit {number}"), encoding="utf-8")
    handbook, _ = load_handbook(org)
    plan = plan_site(handbook)[0]
    training = dict(plan.nav)["training"]
    assert "kits/index.md" in training
    assert not any(path.startswith("kits/") and path != "kits/index.md" for path in training)
    assert "kits/kit-00.md" in {page.path for page in plan.pages}
    assert mkdocs_config(plan, handbook)["not_in_nav"] == "/kits/*.md\n!/kits/index.md"


def test_a_few_kits_stay_in_the_navigation(org):
    handbook, _ = load_handbook(org)
    plan = plan_site(handbook)[0]
    assert "kits/day-in-my-life.md" in dict(plan.nav)["training"]
    assert "not_in_nav" not in mkdocs_config(plan, handbook)


# --- the benchmark ------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_build_benchmark_prints_its_table():
    result = subprocess.run([sys.executable, "bench/build.py", "--kits", "10", "--languages",
                             "1", "--entities", "1", "--repeat", "2"], cwd=REPO,
                            capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = [cell.strip() for cell in lines[1].strip("|").split("|")]
    assert header == ["kits", "langs", "entities", "pages", "plain mkdocs s", "cold s",
                      "cold CPU", "serial cold s", "pool speed-up", "forced s",
                      "forced MkDocs s", "forced ours %", "one kit s", "one kit ours %",
                      "up to date s", "forced / plain", "ours ms per page", "site MB",
                      "search MB", "HTML KB per page", "peak MB"]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[3:4]]
    row = dict(zip(header, rows[0]))
    assert (row["kits"], row["langs"], row["entities"]) == ("10", "1", "1")
    assert int(row["pages"]) > 10 and float(row["peak MB"]) > 0
    assert float(row["search MB"]) > 0 and row["forced ours %"].endswith(" %")
    assert float(row["cold CPU"]) > 0 and row["serial cold s"] == ""  # no --serial
    # Then our stages of the rebuilds, the typography pass among them.
    assert lines[4] == "" and lines[5].startswith("Load average at the end")
    assert lines[7].startswith("- 10 kits, 1 languages, 1 entities: ") and "typeset" in lines[7]
    assert lines[7].endswith(" over 2 runs each")  # the range of the repeated rebuilds' shares


# --- the plain-text shortcut of markup.py ---------------------------------------------------

def _texts(value) -> list[str]:
    if isinstance(value, LocalText):
        return ([value.common] if value.common is not None else []) + [
            text for _, text in value.by_language]
    if isinstance(value, BaseModel):
        return [text for name in type(value).model_fields for text in _texts(getattr(value, name))]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _texts(item)]
    return [value] if isinstance(value, str) else []


TRICKY = ["- a", "-a", "1. x", "1) y", "2 400 personnes", "l'équipe « ici »", 'il dit "oui"',
          "a -- b", "(x) 50 %", "x@y.org", "", " a ", "Ça va ?", "a\n\nb", "a\nb", "a  \nb",
          "    code", "a\n\n    code", "a\n---", "a\n===", "- a\n- b", "\n\na\n\n", "a \nb",
          "x\r\ny", "a\n\n\n\nb", "#Tag", "> quote", "a *b*", "Pourquoi ? Parce que."]


def test_plain_text_skips_the_converter_and_gives_what_it_gives(monkeypatch):
    demo, _ = load_handbook(DEMO)
    texts = (_texts(demo.settings) + _texts(demo.charter)
             + [text for _, kit in demo.kits for text in _texts(kit)]
             + [text for _, module in demo.modules for text in _texts(module)] + TRICKY)
    shortcut = [(markup.inline.__wrapped__(t), markup.block.__wrapped__(t)) for t in texts]
    assert sum(bool(markup.PLAIN_LINE.fullmatch(" ".join(t.split()))) for t in texts) > 500
    monkeypatch.setattr(markup, "PLAIN_LINE", re.compile(r"(?!)"))  # matches nothing
    converted = [(markup.inline.__wrapped__(t), markup.block.__wrapped__(t)) for t in texts]
    assert shortcut == converted


# --- the load stage's own tree builder ------------------------------------------------------

def _same_tree(ours, theirs, where: str) -> None:
    assert type(ours) is type(theirs), where
    if isinstance(theirs, dict):
        assert list(ours) == list(theirs), where
        for key in theirs:
            assert ours.lc.key(key) == theirs.lc.key(key), f"{where}.{key}"
            if theirs[key] is not None:  # an empty value: libyaml places it after the colon
                assert ours.lc.value(key) == theirs.lc.value(key), f"{where}.{key}"
            _same_tree(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(theirs, list):
        assert len(ours) == len(theirs), where
        for index, item in enumerate(theirs):
            assert ours.lc.item(index) == theirs.lc.item(index), f"{where}[{index}]"
            _same_tree(ours[index], item, f"{where}[{index}]")
    else:
        assert ours == theirs, where


@pytest.mark.slow
def test_loading_gives_the_tree_ruamel_gives(tmp_path):
    (tmp_path / "odd.yml").write_text(
        "a: 1.10\nb: no\nc: 2027-01-15\nd: ~\ne:\nf: 'quoted'\ng: \"x\"\nh: |\n  lit\n  eral\n"
        "i: >\n  fol\n  ded\nj: [1, {k: v}]\nl: {m: [n]}\n0x1F: hex\n? complex\n: key\n",
        encoding="utf-8")
    paths = [path for folder in (REPO / "charters", REPO / "tests" / "fixtures", tmp_path)
             for path in sorted(folder.rglob("*.yml"))]
    loaded = 0
    for path in paths:
        try:
            document = load_yaml(path, str(path))
        except LoadFailed:
            continue
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        _same_tree(document.tree, YAML(typ="rt").load(text), str(path))
        loaded += 1
    assert loaded > 50


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_labels_read_as_before(lang):
    path = render.CONTENT_DIR / lang / "labels.yml"
    assert render.labels(lang) == YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_a_second_document_in_a_file_is_refused(tmp_path):
    (tmp_path / "two.yml").write_text("a: 1\n---\nb: 2\n", encoding="utf-8")
    with pytest.raises(LoadFailed) as caught:
        load_yaml(tmp_path / "two.yml", "two.yml")
    assert [str(d) for d in caught.value.diagnostics] == [
        "two.yml:2:1: error: YAML syntax: but found another document"]


def test_a_merge_key_is_left_to_ruamel(tmp_path):
    (tmp_path / "merge.yml").write_text("a: 1\n<<: {b: 2}\n", encoding="utf-8")
    assert load_yaml(tmp_path / "merge.yml", "merge.yml").tree == {"a": 1, "b": 2}
