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
"""

from __future__ import annotations

import functools
import json
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..core.forking import CAN_FORK, cores
from ..core.typography import typeset_document, typeset_html

# Below this many pages a site is typeset in this process: starting others would cost more.
# Where forking is not safe (see core/forking.py), one process does it all, to the same bytes.
_PAGES_PER_PROCESS = 100

# Material's two state checkboxes carry autocomplete="off", which HTML allows on text inputs
# only (Nu HTML Checker); they sit in base.html outside any block a theme can override.
_MARKUP_FIXES = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
)


def finish_site(site: Path) -> None:
    """Finish one language's site as MkDocs built it (pages of other languages excluded)."""
    typeset_site(site, _MARKUP_FIXES)
    write_search_script(site)


def finish_pages(site: Path, pages: Iterable[Path]) -> None:
    """Finish `pages` of one language's site as finish_site does: for the pages
    `handbook serve` has just rendered again (see build/preview.py), which writes the search
    index itself (see typeset_entries and write_search_index)."""
    _typeset_pages([str(page) for page in pages], _MARKUP_FIXES)


def typeset_site(site: Path, fixes: tuple[tuple[str, str], ...] = ()) -> None:
    """Every page and the search index of a built site in the typography of its language
    (a handbook's, or a group's portal), with `fixes` (old, new) made on the way.

    Each page is a file of its own: on a large site, they are shared between processes, one
    per core (forked: they start with everything imported), the search index being one more
    task; the same bytes as one after another."""
    pages = [str(page) for page in sorted(site.rglob("*.html"))]
    workers = min(cores(), len(pages) // _PAGES_PER_PROCESS) if CAN_FORK else 1
    if workers < 2:
        typeset_search_index(site)
        _typeset_pages(pages, fixes)
        return
    # Interleaved shares of about the same size, each a few times smaller than a core's part:
    # a process that finishes early takes the next.
    shares = [pages[start::workers * 4] for start in range(workers * 4)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        tasks = [pool.submit(typeset_search_index, site)]
        tasks += [pool.submit(_typeset_pages, share, fixes) for share in shares]
        for task in tasks:
            task.result()  # raises what a process raised


def _typeset_pages(pages: list[str], fixes: tuple[tuple[str, str], ...]) -> None:
    for name in pages:
        page = Path(name)
        html = page.read_text(encoding="utf-8")
        fixed = typeset_document(html)
        for old, new in fixes:
            fixed = fixed.replace(old, new)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")


def typeset_search_index(site: Path) -> None:
    """The titles and texts of search/search_index.json in the typography of its language."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return
    document = json.loads(index.read_text(encoding="utf-8"))
    lang = next(iter(document.get("config", {}).get("lang", [])), "")
    if "docs" in document:
        document["docs"] = typeset_entries(document["docs"], lang)
    # As MkDocs' search plugin writes it: compact, non-ASCII escaped.
    index.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")


def typeset_entries(entries: list[dict], lang: str) -> list[dict]:
    """Search entries with their titles and texts in the typography of `lang`, as new
    entries (those given are left as they are)."""
    return [{key: _typeset_entry(value, lang) if key in ("title", "text")
             and isinstance(value, str) else value for key, value in entry.items()}
            for entry in entries]


# The preview (build/preview.py) typesets a language's search index again at each edit: only
# the entries of the pages it rendered are new.
_typeset_entry = functools.lru_cache(maxsize=8192)(typeset_html)


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
