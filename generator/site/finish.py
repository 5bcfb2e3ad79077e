"""Stage 8, after MkDocs: what a plugin would do, done on each language's built site.

The generated project uses no third-party plugin (see site/project.py), so the few things the site
needs beyond MkDocs' own output are done here, on the files MkDocs wrote:
- search/search_index.js: the search index as a script, which Material's search reads when the
  handbook is opened from files (file://), where it cannot fetch search_index.json;
- markup fixes that make Material's pages valid HTML where no template block reaches.
"""

from __future__ import annotations

from pathlib import Path

# Material's two state checkboxes carry autocomplete="off", which HTML allows on text inputs
# only (Nu HTML Checker); they sit in base.html outside any block a theme can override.
_MARKUP_FIXES = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
)


def finish_site(site: Path) -> None:
    """Finish one language's site as MkDocs built it (pages of other languages excluded)."""
    write_search_script(site)
    for page in sorted(site.rglob("*.html")):
        html = page.read_bytes()
        fixed = html
        for old, new in _MARKUP_FIXES:
            fixed = fixed.replace(old.encode(), new.encode())
        if fixed != html:
            page.write_bytes(fixed)


def write_search_script(site: Path) -> None:
    """search/search_index.js: `var __index = <search_index.json>`, as Material reads it."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        (site / "search" / "search_index.js").write_bytes(
            b"var __index = " + index.read_bytes() + b"\n")
