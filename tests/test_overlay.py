"""The box `handbook serve` shows over a page while the handbook cannot be built."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

from generator.core.errors import Diagnostic
from generator.site.overlay import Problem, error_overlay, page_language

ERROR = Diagnostic("org/kits/a.yml", 7, 8, "error", "track",
                   "'<script>alert(1)</script>' is not allowed here")
WARNING = Diagnostic("org/charter.yml", 3, 1, "warning", "", "a warning, not shown")


class Cells(HTMLParser):
    """The text of each table cell and the tags met."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tags: list[str] = []
        self._cell = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._cell = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = False

    def handle_data(self, data):
        if self._cell:
            self.cells[-1] += data


def parsed(html: str) -> Cells:
    cells = Cells()
    cells.feed(html)
    return cells


def test_each_error_with_its_place_in_the_folder_and_escaped():
    box = parsed(error_overlay(Problem((ERROR, WARNING), folder="org"), "en"))
    assert box.cells == ["File", "Line", "Column", "Problem", "kits/a.yml", "7", "8",
                         "track: '<script>alert(1)</script>' is not allowed here"]
    assert box.tags.count("script") == 1  # the box's own, and no other


def test_in_the_page_language():
    html = error_overlay(Problem((ERROR,), folder="org"), "fr")
    assert parsed(html).cells[:4] == ["Fichier", "Ligne", "Colonne", "Problème"]
    assert "Le manuel n'a pas pu être mis à jour" in unescape(html)
    assert "Fermer" in html


def test_a_problem_with_no_position():
    html = error_overlay(Problem(message="MkDocs refused <the> site"), "en")
    assert "<pre>MkDocs refused &lt;the&gt; site</pre>" in html
    assert "<table>" not in html


def test_page_language():
    assert page_language(b'<!doctype html><html lang="en" class="no-js">', "fr") == "en"
    assert page_language(b"<html><body>", "fr") == "fr"
