"""Printables: HTML with print CSS, rendered to PDF by WeasyPrint.

Everything the handbook prints (charter, handouts, facilitator guides, idea cards) goes
through `render_pdf`. PDFs are reproducible only while SOURCE_DATE_EPOCH is set (WeasyPrint
stamps the date otherwise): build.py sets it for the whole build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def render_pdf(html: str, base_url: Path) -> bytes:
    """One PDF from a complete HTML document; relative URLs (logo, CSS) resolve from base_url."""
    # Imported here: WeasyPrint takes about a second to import, and most commands never print.
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(base_url)).write_pdf()


def render_pdf_fitting(html_at: Callable[[float], str], base_url: Path,
                       sizes: tuple[float, ...], pages: int) -> bytes:
    """The PDF at the first of `sizes` (largest first) that fits in `pages` pages; at the
    smallest size if none does. `html_at(size)` gives the document at a font size."""
    import weasyprint

    for size in sizes:
        document = weasyprint.HTML(string=html_at(size), base_url=str(base_url)).render()
        if len(document.pages) <= pages or size == sizes[-1]:
            return document.write_pdf()
    raise ValueError("no font size to try")
