"""The box `handbook serve` shows over every page while the handbook cannot be built.

The page under it keeps its last good version; the box lists each error with its file, line
and column, in the page's language, and goes away by itself once a build succeeds (the
preview reloads the page). It is a modal <dialog>: it takes the keyboard focus, Escape or its
button closes it. Everything it needs is inline, so it requests nothing, from the site or
elsewhere. Every string in it comes from the input or from an error message: escaped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..core.errors import Diagnostic
from ..core.typography import typeset_html
from ..inputs.labels import labels


@dataclass(frozen=True)
class Problem:
    """Why the last build failed: the input's errors, or one message with no position (MkDocs
    refused the site, the disk is full...)."""

    diagnostics: tuple[Diagnostic, ...] = ()
    message: str = ""
    folder: str = ""  # how the diagnostics name the organisation's folder: left out here


_STYLE = """
#handbook-problems{max-width:min(60rem,calc(100vw - 2rem));padding:1.5rem;border:0;
border-top:.4rem solid #b00020;border-radius:.3rem;font:1rem/1.5 system-ui,sans-serif;
color:#1a1a1a;background:#fff;box-shadow:0 .5rem 2rem rgba(0,0,0,.4)}
#handbook-problems::backdrop{background:rgba(0,0,0,.45)}
#handbook-problems h2{margin:0 0 .5rem;font-size:1.3rem;color:#b00020}
#handbook-problems table{border-collapse:collapse;width:100%;margin:1rem 0}
#handbook-problems th,#handbook-problems td{padding:.3rem .5rem;border-bottom:1px solid #ccc;
text-align:left;vertical-align:top}
#handbook-problems code,#handbook-problems pre{font-family:ui-monospace,monospace;
white-space:pre-wrap;overflow-wrap:break-word}
@media (max-width:40rem){#handbook-problems{padding:1rem}
#handbook-problems thead{display:none}
#handbook-problems tr{display:block;padding:.5rem 0;border-bottom:1px solid #ccc}
#handbook-problems td{display:inline;padding:0;border:0}
#handbook-problems td:nth-child(2)::before,#handbook-problems td:nth-child(3)::before{
content:":"}
#handbook-problems td:last-child{display:block;margin-top:.25rem}}
#handbook-problems button{font:inherit;padding:.4rem 1.2rem;border:2px solid #1a1a1a;
border-radius:.3rem;background:#fff;color:#1a1a1a;cursor:pointer}
#handbook-problems button:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
"""

# Opened as a modal dialog: focus moves into it (its button), the page under it is inert,
# Escape closes it. Scrolled back to its top: on a phone the focus would hide its heading.
_SCRIPT = ('(function(){var d=document.getElementById("handbook-problems");d.showModal();'
           'd.scrollTop=0;'
           'd.querySelector("button").addEventListener("click",function(){d.close()});})();')

_PAGE_LANG = re.compile(rb'<html[^>]*\slang="([A-Za-z-]+)"')


def page_language(html: bytes, default: str) -> str:
    """The language a built page declares on its <html> element; `default` if none."""
    found = _PAGE_LANG.search(html, 0, 2000)
    return found.group(1).decode("ascii").lower() if found else default


def error_overlay(problem: Problem, lang: str) -> str:
    """The box, as HTML to put at the end of a page's body, in `lang` ("fr", "en")."""
    words = labels(lang)["preview"]

    def text(key: str) -> Markup:
        return Markup(typeset_html(str(escape(words[key])), lang))

    errors = [d for d in problem.diagnostics if d.severity == "error"]
    prefix = problem.folder.rstrip("/") + "/" if problem.folder else ""
    rows = Markup("").join(
        Markup("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>").format(
            d.file.removeprefix(prefix), d.line, d.col,
            f"{d.path}: {d.message}" if d.path else d.message)
        for d in errors)
    details = Markup("")
    if rows:
        details += Markup(
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
            "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>"
            "<tbody>{}</tbody></table>").format(
            text("file"), text("line"), text("column"), text("problem"), rows)
    if problem.message:
        details += Markup("<pre>{}</pre>").format(problem.message)
    return str(Markup(
        '<dialog id="handbook-problems" aria-labelledby="handbook-problems-title" lang="{lang}">'
        "<style>{style}</style>"
        '<h2 id="handbook-problems-title">{title}</h2><p>{intro}</p>{details}'
        '<button type="button">{close}</button></dialog><script>{script}</script>').format(
        lang=lang, style=Markup(_STYLE), title=text("title"), intro=text("intro"),
        details=details, close=text("close"), script=Markup(_SCRIPT)))
