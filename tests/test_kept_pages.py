"""Pages kept from one build to the next (site/kept_pages.py): the same text as rendering
them, only the pages whose values changed rendered again, nothing taken from a file the
build did not sign."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from generator.build.pipeline import build_handbook
from generator.core.signed import write_signed
from generator.diagnose.check import diagnose
from generator.inputs.handbook import load_handbook
from generator.site.facts import programme_facts
from generator.site.kept_pages import Fingerprints, KeptPages
from generator.site.plan import plan_site
from generator.site.render import render_site

from .conftest import DEMO


def _render(folder: Path, kept: KeptPages | None) -> dict[str, dict[str, str]]:
    handbook, _ = load_handbook(folder, "org")
    facts = programme_facts(handbook)
    if kept is not None:
        kept.know_files(handbook)
    return {plan.lang: render_site(plan, facts, kept)
            for plan in plan_site(handbook, diagnose(handbook))}


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    return tmp_path / "demo"


def test_kept_pages_are_the_pages_rendered(demo_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "pages.signed"
    expected = _render(demo_copy, None)
    first = KeptPages(path, "stamp")
    assert _render(demo_copy, first) == expected
    first.save()
    again = KeptPages(path, "stamp")
    assert _render(demo_copy, again) == expected
    pages = sum(len(pages) for pages in expected.values())
    # All but the dashboards, which read values with no fingerprint (fractions, charts).
    assert pages - 4 <= again.taken < pages


def test_a_changed_kit_renders_again_the_pages_that_read_it(demo_copy: Path,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "pages.signed"
    kept = KeptPages(path, "stamp")
    before = _render(demo_copy, kept)
    kept.save()
    kit = min((demo_copy / "kits").glob("*.yml"))
    text = kit.read_text(encoding="utf-8")
    assert "title:\n  fr: " in text
    kit.write_text(text.replace("title:\n  fr: ", "title:\n  fr: Neuf ", 1), encoding="utf-8")
    again = KeptPages(path, "stamp")
    after = _render(demo_copy, again)
    assert after == _render(demo_copy, None)
    changed = {(lang, page) for lang in after for page in after[lang]
               if after[lang][page] != before[lang][page]}
    assert ("fr", f"kits/{kit.stem}.md") in changed
    rendered = sum(len(pages) for pages in after.values()) - again.taken
    assert len(changed) <= rendered < 40  # the kit's pages, the lists naming it, dashboards


@pytest.mark.parametrize("planted", ["unsigned", "other stamp"])
def test_planted_pages_are_ignored(demo_copy: Path, tmp_path: Path, planted: str) -> None:
    path = tmp_path / "pages.signed"
    kept = KeptPages(path, "stamp")
    expected = _render(demo_copy, kept)
    kept.save()
    hostile = {key: [printed, "<script>alert(1)</script>"]
               for key, (printed, _) in KeptPages(path, "stamp")._known.items()}
    if planted == "unsigned":
        path.write_bytes(b"\0" * 32 + repr(hostile).encode())
    else:
        write_signed(path, "pages other", hostile)
    again = KeptPages(path, "stamp")
    assert _render(demo_copy, again) == expected
    assert again.taken == 0


@dataclasses.dataclass(frozen=True)
class _Point:
    x: int
    label: str


def test_fingerprints_follow_values_not_objects() -> None:
    prints = Fingerprints()
    assert prints.of(_Point(1, "a")) == prints.of(_Point(1, "a")) is not None
    assert prints.of(_Point(1, "a")) != prints.of(_Point(2, "a"))
    assert prints.of((1, "a")) != prints.of([1, "a"])  # the type counts
    assert prints.of({"a": 1, "b": 2}) != prints.of({"b": 2, "a": 1})  # order counts
    assert prints.of(frozenset({"x", "y"})) == Fingerprints().of(frozenset({"y", "x"}))

    def closing_over(value):
        return lambda: value

    assert prints.of(closing_over(1)) != prints.of(closing_over(2))
    assert prints.of(object()) is None  # an object whose make-up is not seen
    assert prints.of((1, object())) is None


def test_a_rebuild_with_kept_pages_writes_the_same_site(org: Path, tmp_path: Path) -> None:
    build_handbook(org, tmp_path / "site", printables=False)
    kit = org / "kits" / "day-in-my-life.yml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("Une journée", "Un jour"),
                   encoding="utf-8")
    build_handbook(org, tmp_path / "site", printables=False)
    build_handbook(org, tmp_path / "fresh", printables=False,
                   cache_dir=tmp_path / "empty-cache")
    built = {p.relative_to(tmp_path / "site"): p.read_bytes()
             for p in (tmp_path / "site").rglob("*") if p.is_file()}
    fresh = {p.relative_to(tmp_path / "fresh"): p.read_bytes()
             for p in (tmp_path / "fresh").rglob("*") if p.is_file()}
    assert built.keys() == fresh.keys()
    assert [path for path in built if built[path] != fresh[path]] == []
    assert "Un jour" in (tmp_path / "site" / "kits" / "day-in-my-life.html").read_text(
        encoding="utf-8")


def test_the_same_pages_are_not_written_again(demo_copy: Path, tmp_path: Path,
                                              monkeypatch) -> None:
    from generator.site import kept_pages

    path = tmp_path / "pages.signed"
    first = KeptPages(path, "stamp")
    _render(demo_copy, first)
    first.save()
    written = []
    monkeypatch.setattr(kept_pages, "write_signed", lambda *args: written.append(args))
    again = KeptPages(path, "stamp")
    _render(demo_copy, again)
    again.save()
    assert written == []


def test_a_first_build_keeps_pages_the_next_build_takes(demo_copy: Path, tmp_path: Path,
                                                        monkeypatch) -> None:
    """The first build validates its files from the form it keeps of them, as the next
    build does (inputs/kept.py): its pages read values of the same types (a folded text of
    the YAML library is a text), and are taken."""
    from generator.site import kept_pages

    build_handbook(demo_copy, tmp_path / "site", printables=False)
    rendered = []
    real = kept_pages.read_names
    monkeypatch.setattr(kept_pages, "read_names",
                        lambda template, context, page: rendered.append(page.path)
                        or real(template, context, page))
    build_handbook(demo_copy, tmp_path / "site", printables=False, force=True)
    # Only the dashboards, which read values with no fingerprint, in each language.
    assert sorted(set(rendered)) == ["steering/dashboard-details.md", "steering/dashboard.md"]
    assert len(rendered) == 4
