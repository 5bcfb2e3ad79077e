"""Stage 8, after MkDocs: what a plugin would do, done on each language's built site.

The generated project uses no third-party plugin (see site/project.py), so the few things the site
needs beyond MkDocs' own output are done here, on the files MkDocs wrote:
- search/search_index.js: the search index as a script, which Material's search reads when the
  handbook is opened from files (file://), where it cannot fetch search_index.json;
- markup fixes that make Material's pages valid HTML where no template block reaches;
- the typography of the page's language (core/typography.py) on every page's text and on
  the search index's text, which the search shows as results: one pass over the finished
  HTML reaches every string a reader sees (chapters, fields, interface and theme words,
  inline charts) with code, addresses and attributes already told apart by the parser.

A build gives a `TypesetCache` (site/typeset_cache.py): a page or a search text typeset by an
earlier build, with the same bytes, is not typeset again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import multiprocessing
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO

from ..core import typography
from ..core.forking import CAN_FORK, cores
from ..core.typography import may_change, typeset_document, typeset_html
from . import typeset_cache
from .typeset_cache import Edits, Keys, TypesetCache, edits_between

# Below this many pages a site is typeset in this process: starting others would cost more.
# Where forking is not safe (see core/forking.py), one process does it all, to the same bytes.
_PAGES_PER_PROCESS = 100

# Material's two state checkboxes carry autocomplete="off", which HTML allows on text inputs
# only (Nu HTML Checker); they sit in base.html outside any block a theme can override.
_MARKUP_FIXES = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
)

Fixes = tuple[tuple[str, str], ...]


def finish_site(site: Path, cache: TypesetCache | None = None,
                finisher: PageFinisher | None = None) -> None:
    """Finish one language's site as MkDocs built it (pages of other languages excluded);
    what `cache` holds from earlier builds is reused (see typeset_site). `finisher`: what a
    PageFinisher finished as MkDocs wrote it is not finished again."""
    finished = frozenset(finisher.finished) if finisher is not None else frozenset()
    typeset_site(site, _MARKUP_FIXES, cache, finished,
                 search_index=finisher is None or not finisher.search_index)
    write_search_script(site)


class PageFinisher:
    """Finishes each page as MkDocs is about to write it (see build/mkdocs.py), to the bytes
    finish_site would give the file, through `cache` likewise: a thousand kits' pages are
    then written once, not written, read and written again."""

    def __init__(self, cache: TypesetCache | None = None) -> None:
        self._cache = cache
        self._keys = _keys("page", _MARKUP_FIXES) if cache is not None else None
        self.finished: set[str] = set()  # the pages' paths inside the site, with /
        self.search_index = False  # whether the search entries were typeset

    def __call__(self, html: str, path: str) -> str:
        """`html`, the page at `path` as MkDocs made it, finished."""
        raw = html.encode("utf-8", "xmlcharrefreplace")  # as MkDocs writes it
        typeset = None
        if self._cache is not None and self._keys is not None:
            key = self._keys.key(raw)
            typeset = self._cache.lookup(key, raw)
            if typeset is None:
                typeset = _typeset_bytes(raw, _MARKUP_FIXES)
                self._cache.store(key, edits_between(raw, typeset))
        if typeset is None:
            typeset = _typeset_bytes(raw, _MARKUP_FIXES)
        self.finished.add(path)
        return html if typeset == raw else typeset.decode("utf-8")

    def entries(self, entries: list[dict], lang: str) -> list[dict]:
        """The search entries MkDocs' search plugin is about to write, as typeset_entries
        gives them (the index is then written once, not written, read and written again)."""
        self.search_index = True
        return typeset_entries(entries, lang, self._cache)


def finish_pages(site: Path, pages: Iterable[Path]) -> None:
    """Finish `pages` of one language's site as finish_site does: for the pages
    `handbook serve` has just rendered again (see build/preview.py), which writes the search
    index itself (see typeset_entries and write_search_index)."""
    _typeset_pages([str(page) for page in pages], _MARKUP_FIXES)


def typeset_site(site: Path, fixes: Fixes = (), cache: TypesetCache | None = None,
                 finished: frozenset[str] = frozenset(), *, search_index: bool = True) -> None:
    """Every page and the search index of a built site in the typography of its language
    (a handbook's, or a group's portal), with `fixes` (old, new) made on the way; the pages
    in `finished` are left as they are, and so is the index without `search_index`.

    With `cache`, a page whose bytes were typeset by an earlier build gets that build's
    result without being typeset again, and so does each search text; the others are
    typeset, and their results added to the cache.

    Each page is a file of its own: when many are to be typeset, they are shared between
    processes, one per core (forked: they start with everything imported), while this one
    does the search index; the same bytes as one after another."""
    pages = [str(page) for page in sorted(site.rglob("*.html"))
             if page.relative_to(site).as_posix() not in finished]
    keys = _keys("page", fixes) if cache is not None else None
    if cache is not None and keys is not None:
        pages = [page for page in pages if not _reuse(Path(page), cache, keys)]
    workers = min(cores(), len(pages) // _PAGES_PER_PROCESS) if CAN_FORK else 1
    if workers < 2:
        if search_index:
            typeset_search_index(site, cache)
        _learn(cache, _typeset_pages(pages, fixes, keys))
        return
    # Interleaved shares of about the same size, each a few times smaller than a core's part:
    # a process that finishes early takes the next.
    shares = [pages[start::workers * 4] for start in range(workers * 4)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        tasks = [pool.submit(_typeset_pages, share, fixes, keys) for share in shares]
        if search_index:
            typeset_search_index(site, cache)
        for task in tasks:
            _learn(cache, task.result())  # raises what a process raised


def _reuse(page: Path, cache: TypesetCache, keys: Keys) -> bool:
    """Whether `page` was typeset from what `cache` holds for its bytes."""
    with page.open("r+b") as stream:
        raw = stream.read()
        typeset = cache.lookup(keys.key(raw), raw)
        if typeset is not None and typeset != raw:
            _overwrite(stream, typeset)
    return typeset is not None


def _typeset_pages(pages: list[str], fixes: Fixes,
                   keys: Keys | None = None) -> list[tuple[str, Edits]]:
    """Typeset `pages` in place; with `keys`, returns each page's key and the edits that
    made it (for the cache: pages typeset in another process come back as these)."""
    learnt = []
    for name in pages:
        with open(name, "r+b") as stream:
            raw = stream.read()
            typeset = _typeset_bytes(raw, fixes)
            if typeset != raw:
                _overwrite(stream, typeset)
        if keys is not None:
            learnt.append((keys.key(raw), edits_between(raw, typeset)))
    return learnt


def _typeset_bytes(raw: bytes, fixes: Fixes) -> bytes:
    html = raw.decode("utf-8")
    if "\r" in html:  # line ends as a file read as text has them (universal newlines)
        html = html.replace("\r\n", "\n").replace("\r", "\n")
    fixed = typeset_document(html)
    for old, new in fixes:
        fixed = fixed.replace(old, new)
    return fixed.encode("utf-8") if fixed != html else raw


def _overwrite(stream: BinaryIO, data: bytes) -> None:
    # Over the bytes MkDocs wrote, in the same file: opening it again to truncate it costs
    # four times as much (the file system frees its blocks, then allocates them again).
    stream.seek(0)
    stream.write(data)
    stream.truncate()


def _learn(cache: TypesetCache | None, learnt: list[tuple[str, Edits]]) -> None:
    if cache is not None:
        for key, edits in learnt:
            cache.store(key, edits)


def typeset_search_index(site: Path, cache: TypesetCache | None = None) -> None:
    """The titles and texts of search/search_index.json in the typography of its language;
    each text's result kept in `cache`, and taken from it."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return
    document = json.loads(index.read_text(encoding="utf-8"))
    lang = next(iter(document.get("config", {}).get("lang", [])), "")
    if "docs" in document:
        document["docs"] = typeset_entries(document["docs"], lang, cache)
    # As MkDocs' search plugin writes it: compact, non-ASCII escaped.
    index.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")


def typeset_entries(entries: list[dict], lang: str,
                    cache: TypesetCache | None = None) -> list[dict]:
    """Search entries with their titles and texts in the typography of `lang`, as new
    entries (those given are left as they are); through `cache` when there is one."""
    keys = _keys("search text", lang) if cache is not None else None
    typeset = (_typeset_entry if cache is None or keys is None
               else _through(cache, keys))
    return [{key: typeset(value, lang) if key in ("title", "text")
             and isinstance(value, str) else value for key, value in entry.items()}
            for entry in entries]


# The preview (build/preview.py) typesets a language's search index again at each edit: only
# the entries of the pages it rendered are new.
_typeset_entry = functools.lru_cache(maxsize=8192)(typeset_html)


def _through(cache: TypesetCache, keys: Keys) -> Callable[[str, str], str]:
    """_typeset_entry, its results kept in `cache`."""
    def typeset(text: str, lang: str) -> str:
        if not may_change(text, lang):  # most English texts: no need to look them up
            return text
        data = text.encode("utf-8", "surrogatepass")  # JSON allows lone surrogates
        key = keys.key(data)
        found = cache.lookup(key, data)
        if found is data:
            return text
        if found is not None:
            with contextlib.suppress(UnicodeDecodeError):
                return found.decode("utf-8", "surrogatepass")
        typeset = _typeset_entry(text, lang)
        cache.store(key, edits_between(data, typeset.encode("utf-8", "surrogatepass")))
        return typeset
    return typeset


def _keys(kind: str, how: Fixes | str) -> Keys | None:
    """The keys of documents of `kind` (pages, search texts) typeset `how` (with these
    fixes, in this language); None when the code that typesets them cannot be read (then
    nothing is cached)."""
    code = _code()
    if code is None:
        return None
    return Keys(json.dumps([kind, code, how]).encode())


@functools.cache
def _code() -> str | None:
    """What, besides a document, its result depends on: the code of the typography
    (core/typography.py imports nothing else of ours: a test checks it), of this module
    (how pages are read, fixed and written) and of the cache (what an entry means), and
    Python's version (its regular expressions, Unicode tables and HTML entities).

    Their code, not a version number to bump by hand: no change to them can be forgotten,
    and a change that makes no difference (a comment) costs one build typeset again."""
    digest = hashlib.sha256(sys.version.encode())
    for module in (typography, sys.modules[__name__], typeset_cache):
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # no file to read (a frozen or zipped install): no cache
            return None
    return digest.hexdigest()


def write_search_index(site: Path, index: str) -> None:
    """search/search_index.json, and the script made of it (see write_search_script)."""
    (site / "search" / "search_index.json").write_text(index, encoding="utf-8")
    write_search_script(site)


def write_search_script(site: Path) -> None:
    """search/search_index.js: `var __index = <search_index.json>`, as Material reads it."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        (site / "search" / "search_index.js").write_bytes(
            b"var __index = " + index.read_bytes() + b"\n")
