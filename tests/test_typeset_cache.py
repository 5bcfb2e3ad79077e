"""The typesetting cache (site/typeset_cache.py, used by site/finish.py): the same bytes with a
cold, a warm or a damaged cache; keyed by everything that decides the result; written
atomically; pruned after a successful build only."""

from __future__ import annotations

import ast
import json
import random
import resource
import signal
import sys
from pathlib import Path

import pytest

from generator.build import pipeline as build_module
from generator.build.group import build_group
from generator.build.pipeline import build_handbook
from generator.core import typography
from generator.core.errors import BuildError
from generator.core.signed import read_signed, write_signed
from generator.printables.pdf import CACHE_DIRNAME, PdfCache
from generator.site import finish, typeset_cache
from generator.site.typeset_cache import FILE_NAME, TypesetCache, apply_edits, edits_between

from .conftest import DEMO, FIXTURES
from .test_build import tree_digest

FRENCH_PAGE = (
    '<!doctype html><html lang="fr"><head><title>Page {n} : titre</title></head><body>'
    '<input type="checkbox" id="__drawer" autocomplete="off">'
    '<p>Page {n} : oui ; non ? « cité » et 2 400 lecteurs, 50 %, le 1 mars.</p>'
    '<pre><code>garder : tel quel ; 50 %</code></pre>\r\n'
    '<p>&laquo; entité &raquo; &amp; https://exemple.fr/a?b=c : fin</p></body></html>')
ENGLISH_PAGE = ('<!doctype html><html lang="en"><body><p>Page {n}: 90 % of « us ».</p>'
                '<input type="checkbox" id="__search" autocomplete="off"></body></html>')


def _site(root: Path, pages: int = 6, template: str = FRENCH_PAGE) -> Path:
    for n in range(pages):
        page = root / f"page-{n:03d}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(template.format(n=n).encode())
    (root / "plain.html").write_text("<html><body>Nothing to change</body></html>")
    (root / "search").mkdir()
    (root / "search" / "search_index.json").write_text(json.dumps(
        {"config": {"lang": ["fr"]}, "docs": [
            {"location": "", "title": "Quoi ?", "text": "Ceci : cela, 50 %"},
            {"location": "a/", "title": "Quoi ?", "text": "Sans rien"},
            {"location": "b/", "title": 7, "text": "Seul \ud800 : demi"}]}),
        encoding="utf-8")
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def _finished(tmp_path: Path, name: str, cache: TypesetCache | None,
              template: str = FRENCH_PAGE, *, save: bool = True) -> dict[str, bytes]:
    """A site finished with `cache`, saved (as after a successful build) when `save`."""
    site = _site(tmp_path / name, template=template)
    finish.finish_site(site, cache)
    if cache is not None and save:
        cache.save(prune=True)
    return _files(site)


def _entries(folder: Path) -> dict[str, list]:
    return read_signed(folder / FILE_NAME, typeset_cache._KIND)


# --- edits ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("before", "after"), [
    (b"", b""), (b"", b"new"), (b"old", b""), (b"same", b"same"),
    (b"a : b ; c ?", "a\u00a0: b\u202f; c\u202f?".encode()),
    ("« x »".encode(), "\u201cx\u201d".encode()),  # multi-byte characters cut in the middle
    (b'<input id="__drawer" autocomplete="off">', b'<input id="__drawer">'),
    (b"x" * 5000 + b"tail", b"head" + b"x" * 5000),
    (bytes(range(256)) * 3, bytes(reversed(range(256))) * 3),
])
def test_edits_turn_one_document_into_the_other(before, after):
    edits = edits_between(before, after)
    assert apply_edits(before, edits) == after
    assert json.loads(json.dumps(edits)) == edits  # as the cache's file carries them


def test_edits_are_right_whatever_the_changes():
    rng = random.Random(22)
    alphabet = [b"a", b" ", b":", b"\xc2\xa0", b"\xe2\x80\xaf", b"<p>", b"\n", b"x" * 9]
    for _ in range(300):
        before = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))
        after = bytearray(before)
        for _ in range(rng.randrange(0, 30)):
            at = rng.randrange(0, len(after) + 1)
            after[at:at + rng.randrange(0, 4)] = rng.choice(alphabet) * rng.randrange(0, 3)
        edits = edits_between(before, bytes(after))
        assert apply_edits(before, edits) == bytes(after)


def test_small_changes_make_small_edits():
    line = b"<p>Un mot : un autre, puis un autre ; et encore un et un autre.</p>\n"
    before = line * 200 + line.replace(b" ;", b";") * 200
    after = before.replace(b" :", "\u00a0:".encode()).replace(b" ;", "\u202f;".encode())
    edits = edits_between(before, after)
    assert len(edits) == 3 * 600  # one edit per change, not the page again
    assert [len(replacement) for replacement in edits[2::3]] == [2, 3] * 200 + [2] * 200


@pytest.mark.parametrize("edits", [
    [0, 1], [5, 1, "x", 2, 1, "y"], [0, 99, "x"], [0, -1, "x"], ["0", 1, "x"], [0, 1, 5],
])
def test_edits_that_do_not_fit_are_refused(edits):
    with pytest.raises((ValueError, TypeError, AttributeError)):
        apply_edits(b"abcdef", edits)


# --- the same bytes, cold, warm or damaged --------------------------------------------------

def test_a_cold_and_a_warm_cache_give_the_bytes_of_no_cache(tmp_path):
    expected = _finished(tmp_path, "none", None)
    cold = TypesetCache(tmp_path / "cache")
    assert _finished(tmp_path, "cold", cold) == expected
    assert cold.hits == 1  # "Quoi ?" twice in the index; everything else typeset
    warm = TypesetCache(tmp_path / "cache")
    assert _finished(tmp_path, "warm", warm) == expected
    assert warm.misses == 0 and warm.hits == cold.misses + cold.hits
    # What the typography does is in the bytes compared above.
    page = expected["page-003/index.html"].decode()
    assert "Page 3\u00a0: oui\u202f; non\u202f? «\u00a0cité\u00a0»" in page
    assert "garder : tel quel ; 50 %" in page and 'autocomplete="off"' not in page
    assert "\r" not in page  # line ends as the uncached pass reads them


def test_a_warm_cache_typesets_nothing(tmp_path, monkeypatch):
    _finished(tmp_path, "cold", TypesetCache(tmp_path / "cache"))
    calls = []
    monkeypatch.setattr(finish, "typeset_document", lambda html: calls.append(html) or html)
    monkeypatch.setattr(finish, "_typeset_entry", lambda text, lang: calls.append(text) or text)
    _finished(tmp_path, "warm", TypesetCache(tmp_path / "cache"))
    assert calls == []


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _resign(path: Path, entries: dict) -> None:
    # A file whose signature is right but whose entries do not fit the pages: a bug, not
    # damage.
    write_signed(path, typeset_cache._KIND, entries)


def _plant(path: Path, entries: dict) -> None:
    # Edits written by someone else: a JSON file, or one signed with another key.
    path.write_bytes(b"\0" * 32 + json.dumps(entries).encode())


_HOSTILE = '<script>alert(1)</script>'



@pytest.mark.parametrize("damage", [
    lambda path: path.write_bytes(path.read_bytes()[:-100]),
    _flip_a_byte,
    lambda path: path.write_bytes(b"\xff\xfe not json\n{}"),
    lambda path: path.write_bytes(b""),
    lambda path: write_signed(path, "typeset 0", _entries(path.parent)),  # an older format
    lambda path: _plant(path, {key: [0, 0, _HOSTILE] for key in _entries(path.parent)}),
    lambda path: _resign(path, {key: [0, 10**9, "x"] for key in _entries(path.parent)}),
    lambda path: _resign(path, {key: {"not": "edits"} for key in _entries(path.parent)}),
    lambda path: _resign(path, {key: [0, 0, "\u0100 not a byte"] for key in
                                _entries(path.parent)}),
    lambda path: _resign(path, [1, 2, 3]),
    lambda path: (path.unlink(), path.mkdir()),
], ids=["cut short", "a byte flipped", "not JSON", "empty", "another format", "planted",
        "edits out of the page", "not edits", "not bytes", "not a table", "a folder"])
def test_a_damaged_cache_means_typesetting_again(tmp_path, damage):
    expected = _finished(tmp_path, "none", None)
    _finished(tmp_path, "cold", TypesetCache(tmp_path / "cache"))
    damage(tmp_path / "cache" / FILE_NAME)
    damaged = TypesetCache(tmp_path / "cache")
    assert _finished(tmp_path, "damaged", damaged) == expected
    assert damaged.hits <= 1  # only what this build typeset itself
    if (tmp_path / "cache" / FILE_NAME).is_file():  # written again, whole: used next time
        again = TypesetCache(tmp_path / "cache")
        assert _finished(tmp_path, "again", again) == expected and again.misses == 0


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path):
    expected = _finished(tmp_path, "none", None)
    (tmp_path / "a-file").write_text("not a folder")
    assert _finished(tmp_path, "cached", TypesetCache(tmp_path / "a-file" / "cache")) == expected


# --- the key ----------------------------------------------------------------------------------

def test_the_key_covers_the_typography_code(tmp_path, monkeypatch):
    _finished(tmp_path, "cold", TypesetCache(tmp_path / "cache"))
    changed = tmp_path / "typography.py"
    changed.write_bytes(Path(typography.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(typography, "__file__", str(changed))
    finish._code.cache_clear()
    try:
        after = TypesetCache(tmp_path / "cache")
        _finished(tmp_path, "after", after)
    finally:
        finish._code.cache_clear()
    assert after.hits == 1 and after.misses > 1  # all typeset again


def test_the_key_covers_the_markup_fixes_and_the_language(tmp_path):
    cache = TypesetCache(tmp_path / "cache")
    for name, fixes in (("with", finish._MARKUP_FIXES), ("without", ())):
        alone = _site(tmp_path / f"{name}-alone")
        finish.typeset_site(alone, fixes)
        cached = _site(tmp_path / f"{name}-cached")
        finish.typeset_site(cached, fixes, cache)
        assert _files(cached) == _files(alone)
    assert 'autocomplete="off"' in (tmp_path / "without-cached/page-000/index.html").read_text()
    index = json.loads((tmp_path / "with-cached/search/search_index.json").read_text())
    assert index["docs"][0]["title"] == "Quoi\u202f?"
    english = {"config": {"lang": ["en"]}, "docs": [{"title": "Quoi ?", "text": "50 %"}]}
    index = tmp_path / "en" / "search" / "search_index.json"
    index.parent.mkdir(parents=True)
    index.write_text(json.dumps(english))
    finish.typeset_search_index(tmp_path / "en", cache)
    assert json.loads(index.read_text())["docs"] == [{"title": "Quoi ?", "text": "50%"}]


def test_the_typography_imports_nothing_of_ours():
    # The key hashes core/typography.py's code: anything of ours it imported would change its
    # results without changing the key (add that module to finish._code, then change this).
    tree = ast.parse(Path(typography.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module}
    relative = [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.level > 0]
    assert relative == [] and imported <= set(sys.stdlib_module_names) | {"__future__"}


def test_without_the_code_to_read_nothing_is_cached(tmp_path, monkeypatch):
    monkeypatch.setattr(typography, "__file__", str(tmp_path / "nowhere.pyc"))
    finish._code.cache_clear()
    try:
        expected = _finished(tmp_path, "none", None)
        cache = TypesetCache(tmp_path / "cache")
        assert _finished(tmp_path, "cached", cache) == expected
    finally:
        finish._code.cache_clear()
    assert cache.hits == cache.misses == 0 and not (tmp_path / "cache").exists()


# --- writing and pruning ----------------------------------------------------------------------

def test_the_file_is_replaced_whole_or_not_at_all(tmp_path):
    _finished(tmp_path, "first", TypesetCache(tmp_path / "cache"))
    before = (tmp_path / "cache" / FILE_NAME).read_bytes()
    # A disk that fills up while the next build writes a larger file: the write fails half
    # way, and the file the first build wrote is still whole (and used).
    cache = TypesetCache(tmp_path / "cache")
    _finished(tmp_path, "second", cache, template=ENGLISH_PAGE, save=False)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) // 2, limits[1]))
    try:
        cache.save(prune=False)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    assert (tmp_path / "cache" / FILE_NAME).read_bytes() == before
    assert [path.name for path in (tmp_path / "cache").iterdir()] == [FILE_NAME]
    warm = TypesetCache(tmp_path / "cache")
    _finished(tmp_path, "third", warm)
    assert warm.misses == 0


def test_a_successful_build_keeps_what_it_used_and_a_failed_one_drops_nothing(tmp_path):
    folder = tmp_path / "cache"
    with TypesetCache(folder).kept() as cache:
        _finished(tmp_path, "french", cache, save=False)
    french = set(_entries(folder))
    with pytest.raises(BuildError), TypesetCache(folder).kept() as cache:
        _finished(tmp_path, "english", cache, template=ENGLISH_PAGE, save=False)
        raise BuildError("a later stage failed")
    both = set(_entries(folder))
    assert french < both  # the failed build's entries are added, and none is dropped
    with TypesetCache(folder).kept() as cache:
        _finished(tmp_path, "english-again", cache, template=ENGLISH_PAGE, save=False)
    assert cache.misses == 0
    assert set(_entries(folder)) == cache.used  # the French pages' entries are gone
    assert french - cache.used


def test_the_pdf_cache_leaves_the_typesetting_alone(tmp_path):
    _finished(tmp_path, "site", TypesetCache(tmp_path / "cache"))
    PdfCache(tmp_path / "cache").prune()
    assert (tmp_path / "cache" / FILE_NAME).is_file()


# --- whole builds ----------------------------------------------------------------------------

@pytest.mark.slow
def test_a_build_gives_the_same_bytes_with_a_cold_a_warm_and_a_damaged_cache(tmp_path,
                                                                            monkeypatch):
    cache = tmp_path / CACHE_DIRNAME
    built = {}
    real = finish.typeset_document
    for run in ("cold", "warm", "damaged"):
        if run == "damaged":
            _flip_a_byte(cache / FILE_NAME)
        typeset = []
        monkeypatch.setattr(finish, "typeset_document",
                            lambda html, typeset=typeset: typeset.append(1) or real(html))
        build_handbook(DEMO, tmp_path / run, printables=False, cache_dir=cache)
        built[run] = tree_digest(tmp_path / run)
        assert (typeset == []) == (run == "warm"), run  # the pages typeset, or not
    assert built["cold"] == built["warm"] == built["damaged"]
    assert sorted(path.name for path in cache.iterdir() if path.suffix != ".pdf") == sorted([
        "alike-texts.signed", "input-hashes.json", "kept-files.signed", "kept-pages.signed",
        "markup-conversions.signed", FILE_NAME])


def test_a_rebuild_keeps_only_the_entries_it_used(org, tmp_path, monkeypatch):
    cache = tmp_path / CACHE_DIRNAME / "site"
    build_handbook(org, tmp_path / "site", printables=False)
    first = set(_entries(cache))
    (org / "handbook.yml").write_text((org / "handbook.yml").read_text(encoding="utf-8")
                                      .replace("name: ", "name: Nouveau ", 1), encoding="utf-8")

    def fail_late(*args, **kwargs):
        raise BuildError("failed after typesetting")

    monkeypatch.setattr(build_module, "prepare_hosting", fail_late)
    with pytest.raises(BuildError):
        build_handbook(org, tmp_path / "site", printables=False)
    failed = set(_entries(cache))
    assert first < failed  # what it typeset is kept for a retry, and nothing is dropped
    monkeypatch.undo()
    build_handbook(org, tmp_path / "site", printables=False)
    last = set(_entries(cache))
    assert failed - first <= last <= failed  # the retry found what the failed build typeset
    assert first - last  # and the entries of the pages before the change are gone


@pytest.mark.slow
def test_a_group_s_entities_keep_their_typesetting_and_prune_it_once_built(tmp_path):
    output, cache = tmp_path / "site", tmp_path / CACHE_DIRNAME / "site"
    build_group(FIXTURES / "group", output, jobs=1)
    first = tree_digest(output)
    files = {entity: cache / entity / FILE_NAME for entity in ("alpha", "beta", "gamma")}
    written = {entity: path.read_bytes() for entity, path in files.items()}
    _resign(files["alpha"], {**_entries(cache / "alpha"), "0" * 32: []})  # a page now gone
    build_group(FIXTURES / "group", output, jobs=1)
    assert tree_digest(output) == first
    # Every page found in its entity's cache: nothing added, and the stale entry pruned.
    assert {entity: path.read_bytes() for entity, path in files.items()} == written
