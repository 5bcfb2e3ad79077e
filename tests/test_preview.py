"""The preview's builds (`handbook serve`): after each kind of edit, the served site is the one a
whole `handbook build` makes of the edited folder, byte for byte, however little it rendered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build.pipeline import build_handbook
from generator.build.preview import Preview
from generator.core.errors import InputError

from .conftest import DEMO

pytestmark = pytest.mark.slow

KIT = Path("kits") / "day-in-my-life.yml"
KIT_TITLE = "Une journée dans ma vie chez Hélios"


def differences(served: Path, built: Path) -> list[str]:
    """The files that differ between the two sites, or that only one of them has (the build's
    marker apart: the preview has none)."""
    names = {path.relative_to(root).as_posix() for root in (served, built)
             for path in root.rglob("*") if path.is_file()}
    names.discard(".handbook-build.json")
    return sorted(name for name in names
                  if not (served / name).is_file() or not (built / name).is_file()
                  or (served / name).read_bytes() != (built / name).read_bytes())


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """A preview of a copy of the demo, built once; each test edits the copy further."""
    scratch = tmp_path_factory.mktemp("preview")
    folder = scratch / "org"
    shutil.copytree(DEMO, folder)
    preview = Preview(folder, "org", scratch / "served", scratch / "work")
    report = preview.build()
    assert report.whole and report.rendered == 2 * 41
    return preview


def edit(folder: Path, relative: Path, old: str, new: str) -> None:
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def assert_as_built(preview: Preview, tmp_path: Path) -> None:
    built = tmp_path / "built"
    build_handbook(preview.folder, built, printables=False, cache_dir=tmp_path / "cache")
    assert differences(preview.root, built) == []


def test_nothing_changed_renders_nothing(preview):
    report = preview.build()
    assert (report.rendered, report.whole) == (0, False)


def test_a_kit_title_renders_its_section_and_neighbours_only(preview, tmp_path):
    edit(preview.folder, KIT, KIT_TITLE, "Ma semaine sur le terrain")
    report = preview.build()
    # The kit, the kits' index and the other kits (their navigation lists it), both languages:
    # far from the 82 pages of a whole build.
    assert not report.whole
    assert 0 < report.rendered < 20
    page = (preview.root / "kits" / "day-in-my-life.html").read_text(encoding="utf-8")
    assert "Ma semaine sur le terrain" in page
    assert_as_built(preview, tmp_path)


def test_a_charter_rule_renders_the_pages_that_show_it(preview, tmp_path):
    edit(preview.folder, Path("charter.yml"), "Un détail vrai vaut mieux",
         "Un détail vrai, daté, vaut mieux")
    report = preview.build()
    assert not report.whole
    assert_as_built(preview, tmp_path)


def test_the_organisation_name_rebuilds_every_page(preview, tmp_path):
    edit(preview.folder, Path("handbook.yml"), "name: Hélios Énergie", "name: Hélios Group")
    report = preview.build()
    assert report.whole  # in every page's header and title: the configuration changed
    assert_as_built(preview, tmp_path)


def test_a_new_kit_rebuilds_every_page(preview, tmp_path):
    text = (preview.folder / KIT).read_text(encoding="utf-8")
    (preview.folder / "kits" / "second-day.yml").write_text(
        text.replace("Ma semaine sur le terrain", "Une deuxième journée"), encoding="utf-8")
    report = preview.build()
    assert report.whole
    assert (preview.root / "kits" / "second-day.html").is_file()
    assert_as_built(preview, tmp_path)


def test_a_failed_build_leaves_the_served_site_and_the_next_one_is_whole(preview, tmp_path):
    before = {path: path.read_bytes() for path in preview.root.rglob("*.html")}
    kit = preview.folder / KIT
    good = kit.read_text(encoding="utf-8")
    kit.write_text(good.replace("track: employee", "track: everyone"), encoding="utf-8")
    with pytest.raises(InputError):
        preview.build()
    assert {path: path.read_bytes() for path in preview.root.rglob("*.html")} == before
    kit.write_text(good.replace("Ma semaine sur le terrain", "Le retour"), encoding="utf-8")
    report = preview.build()
    assert report.whole
    assert_as_built(preview, tmp_path)


def test_a_file_is_read_again_only_when_its_bytes_change(tmp_path, monkeypatch):
    from generator.inputs import folder as folder_module
    from generator.inputs.folder import LoadMemo
    from generator.inputs.handbook import load_handbook

    org = tmp_path / "org"
    shutil.copytree(DEMO, org)
    memo = LoadMemo()
    first, _ = load_handbook(org, "org", memo=memo)
    validated: list[str] = []
    original = folder_module.validate_document

    def counted(cls, document):
        validated.append(document.display)
        return original(cls, document)

    monkeypatch.setattr(folder_module, "validate_document", counted)
    monkeypatch.setattr(folder_module, "read_posts", lambda *read: validated.append(read))
    again, _ = load_handbook(org, "org", memo=memo)
    assert validated == [] and again == first  # the export of posts not read again either
    edit(org, KIT, "format: post", "format: nope")
    with pytest.raises(InputError) as failed:
        load_handbook(org, "org", memo=memo)
    assert validated == [str(Path("org") / KIT)]
    assert [(d.file, d.line) for d in failed.value.diagnostics] == [(str(Path("org") / KIT), 10)]
