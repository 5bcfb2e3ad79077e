"""Printables: HTML with print CSS, rendered to PDF by WeasyPrint.

Everything the handbook prints (charter, handouts, facilitator guides, idea cards) goes
through `render_pdf`. PDFs are reproducible only while SOURCE_DATE_EPOCH is set (WeasyPrint
stamps the date otherwise): build.py sets it for the whole build.
"""

from __future__ import annotations

from pathlib import Path


def render_pdf(html: str, base_url: Path) -> bytes:
    """One PDF from a complete HTML document; relative URLs (logo, CSS) resolve from base_url."""
    # Imported here: WeasyPrint takes about a second to import, and most commands never print.
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(base_url)).write_pdf()
