"""The pass after MkDocs (site/finish.py): a large site's pages shared between processes give
the same bytes as one process doing them all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.site import finish


def _site(root: Path, pages: int) -> Path:
    for n in range(pages):
        page = root / f"page-{n:03d}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<!doctype html><html lang="fr"><body><p>Page {n} : oui ; non ?</p>'
                        f'<p>Il y a 2 400 lecteurs et 50 %.</p></body></html>',
                        encoding="utf-8")
    (root / "search").mkdir()
    (root / "search" / "search_index.json").write_text(json.dumps(
        {"config": {"lang": ["fr"]}, "docs": [{"title": "Quoi ?", "text": "Ceci : cela"}]}),
        encoding="utf-8")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def test_a_large_site_is_typeset_in_several_processes_to_the_same_bytes(tmp_path, monkeypatch):
    pages = 3 * finish._PAGES_PER_PROCESS  # enough for two processes on two cores
    shared = _site(tmp_path / "shared", pages)
    alone = tmp_path / "alone"
    shutil.copytree(shared, alone)
    before = _files(shared)
    monkeypatch.setattr(finish, "cores", lambda: 2)
    finish.finish_site(shared)
    monkeypatch.setattr(finish, "CAN_FORK", False)
    finish.finish_site(alone)
    assert _files(shared) == _files(alone)
    changed = [name for name, content in _files(alone).items() if before.get(name) != content]
    assert len(changed) == pages + 2  # every page, the index, and the index as a script
    assert "Page 7\u00a0: oui\u202f; non\u202f?" in (alone / "page-007" / "index.html").read_text(
        encoding="utf-8")


def test_pages_are_finished_on_their_way_to_the_disk(org, tmp_path, monkeypatch):
    """Each page is typeset as MkDocs writes it: none is read and written again after, and
    the site is the one finishing the written files gives (see the golden files)."""
    from generator.build.pipeline import build_handbook
    from generator.site import finish as finish_module

    rewritten = []
    monkeypatch.setattr(finish_module, "_overwrite",
                        lambda stream, data: rewritten.append(stream.name))
    build_handbook(org, tmp_path / "site", printables=False)
    assert rewritten == []
    page = (tmp_path / "site" / "charter.html").read_text(encoding="utf-8")
    assert "\u202f:" in page or "\u00a0:" in page  # French typography was applied
    assert 'id="__drawer" autocomplete="off"' not in page  # and the markup fixes
