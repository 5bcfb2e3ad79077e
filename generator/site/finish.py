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
from collections.abc import Iterable
from pathlib import Path

from ..core.typography import typeset_document, typeset_html

# Material's two state checkboxes carry autocomplete="off", which HTML allows on text inputs
# only (Nu HTML Checker); they sit in base.html outside any block a theme can override.
_MARKUP_FIXES = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
)


def finish_site(site: Path) -> None:
    """Finish one language's site as MkDocs built it (pages of other languages excluded)."""
    finish_pages(site, sorted(site.rglob("*.html")))


def finish_pages(site: Path, pages: Iterable[Path]) -> None:
    """Finish `pages` of one language's site and its search index: what finish_site does,
    for the pages `handbook serve` has just rendered again (see build/preview.py)."""
    typeset_search_index(site)
    for page in pages:
        _typeset_page(page, _MARKUP_FIXES)
    write_search_script(site)


def typeset_site(site: Path, fixes: tuple[tuple[str, str], ...] = ()) -> None:
    """Every page and the search index of a built site in the typography of its language
    (a handbook's, or a group's portal), with `fixes` (old, new) made on the way."""
    typeset_search_index(site)
    for page in sorted(site.rglob("*.html")):
        _typeset_page(page, fixes)


def _typeset_page(page: Path, fixes: tuple[tuple[str, str], ...]) -> None:
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
    for entry in document.get("docs", []):
        for key in ("title", "text"):
            if isinstance(entry.get(key), str):
                entry[key] = _typeset_entry(entry[key], lang)
    # As MkDocs' search plugin writes it: compact, non-ASCII escaped.
    index.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")


# The preview (build/preview.py) writes a language's search index again at each edit: only
# the entries of the pages it rendered are new.
_typeset_entry = functools.lru_cache(maxsize=8192)(typeset_html)


def write_search_script(site: Path) -> None:
    """search/search_index.js: `var __index = <search_index.json>`, as Material reads it."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        (site / "search" / "search_index.js").write_bytes(
            b"var __index = " + index.read_bytes() + b"\n")
