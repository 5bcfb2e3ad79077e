"""Printables placed into the site as links to their cache entries (printables/pdf.place)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.build.pipeline import build_handbook
from generator.printables import pdf
from generator.printables.pdf import CachedPdf, PdfCache, place


def test_a_cached_pdf_becomes_a_link_with_the_mode_of_a_written_file(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "cache")
    stored = cache.store("k" * 64, b"%PDF-1.7 stored")
    target = tmp_path / "site" / "kit.pdf"
    target.parent.mkdir()
    place(stored, target)
    assert target.read_bytes() == b"%PDF-1.7 stored"
    assert target.stat().st_ino == (tmp_path / "cache" / f"{'k' * 64}.pdf").stat().st_ino
    assert stat.S_IMODE(target.stat().st_mode) == pdf._FILE_MODE
    (tmp_path / "written.pdf").write_bytes(b"x")
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(
        (tmp_path / "written.pdf").stat().st_mode)


def test_an_entry_of_an_older_build_gets_the_site_mode(tmp_path: Path) -> None:
    entry = tmp_path / "old.pdf"
    entry.write_bytes(b"%PDF old")
    entry.chmod(0o600)  # as mkstemp made them before
    place(CachedPdf(b"%PDF old", entry), tmp_path / "site.pdf")
    assert stat.S_IMODE((tmp_path / "site.pdf").stat().st_mode) == pdf._FILE_MODE


def test_without_links_the_bytes_are_written(tmp_path: Path, monkeypatch) -> None:
    entry = tmp_path / "entry.pdf"
    entry.write_bytes(b"%PDF cached")

    def no_link(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    place(CachedPdf(b"%PDF cached", entry), tmp_path / "site.pdf")
    assert (tmp_path / "site.pdf").read_bytes() == b"%PDF cached"
    assert (tmp_path / "site.pdf").stat().st_ino != entry.stat().st_ino
    place(b"%PDF plain bytes", tmp_path / "plain.pdf")
    assert (tmp_path / "plain.pdf").read_bytes() == b"%PDF plain bytes"


def test_a_built_sites_pdfs_are_links_to_the_cache(org: Path) -> None:
    report = build_handbook(org, org.parent / "site")
    cached = {entry.stat().st_ino for entry in report.cache.glob("*.pdf")}
    # The trainers' printables (the charter's go through MkDocs, which copies them).
    training = [path for path in (org.parent / "site" / "printables").glob("*.pdf")
                if not path.name.startswith("charter-")]
    assert len(training) == 5
    assert all(path.stat().st_ino in cached for path in training)
    # A rebuild replaces the site; the cache keeps its entries and their bytes.
    before = {entry.name: entry.read_bytes() for entry in report.cache.glob("*.pdf")}
    build_handbook(org, org.parent / "site", force=True)
    assert {entry.name: entry.read_bytes() for entry in report.cache.glob("*.pdf")} == before
