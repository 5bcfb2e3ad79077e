"""An SVG logo or icon checked before it is published: an image, nothing that runs or fetches.

The site shows the logo through `<img>`, where a script is inert; but the file is published
too, and opening its address runs whatever it holds, with the intranet's origin. So a logo
holding a script, an event handler, a `javascript:` address or a reference to another file
(which would also be a request leaving the site) is refused, with the first such thing and
its line: the editor exports the image again from their drawing tool.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

MAX_BYTES = 2 * 1024 * 1024
_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "object", "embed", "handler",
                    "listener"}
_SAFE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp);", re.IGNORECASE)
_URL_IN_CSS = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


class _Refused(Exception):
    def __init__(self, what: str, line: int) -> None:
        self.what, self.line = what, line


def svg_problem(path: Path, relative: str) -> str | None:
    """What makes the SVG at `path` unsafe to publish, or None (also for a file that is not
    an SVG)."""
    if path.suffix.lower() != ".svg":
        return None
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        return f"'{relative}' is {len(data) // 1024} KB; a logo is a few KB: export it again"
    if re.search(rb"<!(?:DOCTYPE|ENTITY)", data, re.IGNORECASE):
        return (f"'{relative}' declares a DOCTYPE or entities, which a logo never needs and "
                "which can make the file read others; export the image again as plain SVG")
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attributes: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        local = name.rsplit(" ", 1)[-1]
        if local.lower() in _ACTIVE_ELEMENTS:
            raise _Refused(f"a <{local}> element", line)
        for key, value in attributes.items():
            attribute = key.rsplit(" ", 1)[-1]
            if attribute.lower().startswith("on"):
                raise _Refused(f"an event handler ({attribute}=)", line)
            if "javascript:" in re.sub(r"\s", "", value).lower():
                raise _Refused("a javascript: address", line)
            if attribute.lower() == "href" and not (value.startswith("#")
                                                    or _SAFE_DATA.match(value)):
                raise _Refused("a reference to another file", line)
            if attribute.lower() == "style" and _URL_IN_CSS.search(value):
                raise _Refused("a style that fetches another file", line)

    def text(data: str) -> None:
        if _URL_IN_CSS.search(data):
            raise _Refused("a style that fetches another file", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return (f"'{relative}' holds {refused.what} at line {refused.line}; a logo is an "
                "image: export it again without scripts, event handlers or links to other files")
    except expat.ExpatError as exc:
        return f"'{relative}' is not a valid SVG image (line {exc.lineno}): {expat.ErrorString(exc.code)}"
    return None
