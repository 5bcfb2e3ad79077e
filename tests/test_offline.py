"""`handbook build --zip`: one archive that works unzipped from a shared drive (file://)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import pipeline as build_module
from generator.build.pipeline import MARKER, build_handbook
from generator.core.archive import COMMENT
from generator.core.errors import BuildError

from .browser import Guard, search
from .conftest import DEMO, MINIMAL, run


def build_zip(folder: Path, where: Path, monkeypatch, *options: str) -> Path:
    monkeypatch.chdir(where)
    result = run("build", str(folder), "-o", "site", "--zip", *options)
    assert result.exit_code == 0, result.output
    assert "Archive: site.zip beside it; unzip it and open site/index.html." in result.stdout
    return where / "site.zip"


def test_the_unzipped_demo_works_from_files(chromium, tmp_path, monkeypatch):
    archive = build_zip(DEMO, tmp_path, monkeypatch)
    unzipped = tmp_path / "shared-drive"
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(unzipped)
    root = unzipped / "site"
    for page in root.rglob("*.html"):
        for script in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")("script"):
            assert not script.get("src", "").startswith(("http:", "https:", "//")), page

    context = chromium.new_context()
    guard = Guard(context, "file://")
    page = context.new_page()
    guard.watch(page)
    page.goto((root / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fr"

    # Navigation: from the home page to the charter, then on with the footer's next link.
    with page.expect_navigation():
        page.locator("article a[href$='charter.html']:visible").first.click()
    assert page.url == (root / "charter.html").as_uri()
    next_page = page.locator("a.md-footer__link--next")
    expected = (root / next_page.get_attribute("href")).resolve().as_uri()
    with page.expect_navigation():
        next_page.click()
    assert page.url == expected
    assert page.locator("article h1").inner_text()

    # Search, without a web server and without accents.
    results = search(page, "confidentialite")
    target = (root / "charter.html").as_uri()
    assert any(link.startswith(target) and link.endswith("#confidentiality") for link in results)
    with page.expect_navigation():
        page.locator(".md-search-result__item > a[href$='#confidentiality']").first.click()
    assert page.url.startswith(target)

    # The English site, from the same archive.
    page.goto((root / "en" / "index.html").as_uri())
    assert any(link.startswith((root / "en").as_uri()) for link in search(page, "charter"))

    assert guard.outside == []
    assert guard.errors == []
    context.close()


@pytest.mark.slow
def test_the_archive_holds_the_site_and_nothing_else(tmp_path, monkeypatch):
    archive = build_zip(MINIMAL, tmp_path, monkeypatch)
    site = tmp_path / "site"
    expected = {f"site/{p.relative_to(site).as_posix()}" + ("/" if p.is_dir() else "")
                for p in site.rglob("*") if p.name != MARKER}
    with zipfile.ZipFile(archive) as bundle:
        assert set(bundle.namelist()) == expected
        assert bundle.comment == COMMENT
        assert bundle.read("site/index.html") == (site / "index.html").read_bytes()
        assert "site/search/search_index.js" in expected


@pytest.mark.slow
def test_two_archives_are_byte_identical(tmp_path, monkeypatch):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = build_zip(MINIMAL, tmp_path / "one", monkeypatch).read_bytes()
    second = build_zip(MINIMAL, tmp_path / "two", monkeypatch).read_bytes()
    assert first == second


@pytest.mark.slow
def test_an_archive_built_before_is_replaced(tmp_path, monkeypatch):
    archive = build_zip(MINIMAL, tmp_path, monkeypatch)
    before = archive.stat().st_ino
    build_zip(MINIMAL, tmp_path, monkeypatch, "--force")  # unchanged input: force a rebuild
    assert archive.stat().st_ino != before  # a new file moved in, not the old one rewritten
    # the PDF cache lives beside the output, never in it
    assert sorted(p.name for p in tmp_path.iterdir()) == [".handbook-cache", "site", "site.zip"]


def test_a_zip_not_written_by_handbook_is_never_replaced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.zip").write_bytes(b"someone's archive")
    result = run("build", str(MINIMAL), "-o", "site", "--zip")
    assert result.exit_code == 1
    assert result.stderr == (f"error: {tmp_path / 'site.zip'} already exists and was not "
                             "written by handbook; move it, or choose another output folder "
                             "(-o)\n")
    assert (tmp_path / "site.zip").read_bytes() == b"someone's archive"
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_a_build_failing_late_leaves_the_previous_archive_intact(tmp_path, monkeypatch):
    archive = build_zip(MINIMAL, tmp_path, monkeypatch)
    before = archive.read_bytes()

    def failing_mkdocs(config_file, site_dir, moment, docs, **kwargs):
        raise BuildError("MkDocs refused the generated site (planted)")

    monkeypatch.setattr(build_module, "run_mkdocs", failing_mkdocs)
    with pytest.raises(BuildError, match="planted"):
        build_handbook(MINIMAL, tmp_path / "site", zip_site=True, force=True)
    assert archive.read_bytes() == before
    # the PDF cache lives beside the output, never in it
    assert sorted(p.name for p in tmp_path.iterdir()) == [".handbook-cache", "site", "site.zip"]
