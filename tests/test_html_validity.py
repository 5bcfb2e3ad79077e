"""Every built page passes the Nu HTML Checker (vnu, from npm, on the machine's Java)."""

from __future__ import annotations

import pytest

from .browser import vnu_errors

pytestmark = pytest.mark.java


def test_every_page_of_the_demo_is_valid_html(demo_site):
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 60
    assert vnu_errors(pages) == {}


def test_the_checker_reports_an_invalid_page(demo_site, tmp_path):
    # The check must be able to fail: a built page with a stray end tag is reported.
    page = tmp_path / "charter.html"
    page.write_text((demo_site / "charter.html").read_text(encoding="utf-8").replace(
        "</article>", "</p></article>", 1), encoding="utf-8")
    errors = vnu_errors([page])
    assert list(errors) == [page]
    assert any("No “p” element in scope" in message for message in errors[page])
