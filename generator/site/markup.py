"""Markdown from YAML fields to HTML that is safe to place in a generated page.

Fields are data written by many contributors: they may contain Markdown, never HTML that runs,
never attributes (`{: onclick=...}` through attr_list), never syntax that would be read again by
the page's own Markdown pass. So a field is converted on its own, sanitised by nh3 (an
allow-list), and every character the page's Markdown would interpret is turned into an entity.

Converting is most of the render stage's time on a large site, and fields change little from
one build to the next: within `conversions_kept`, a build starts from the conversions the last
one made, kept in a signed file (core/signed.py: a file planted there is ignored).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import markdown
import nh3
from markupsafe import Markup

from ..core.signed import read_signed, write_signed

_INLINE_TAGS = {"a", "strong", "em", "code", "br"}
_BLOCK_TAGS = _INLINE_TAGS | {"p", "ul", "ol", "li", "blockquote"}
_ATTRIBUTES = {"a": {"href", "title"}}
_SCHEMES = {"http", "https", "mailto"}

# Characters the page's Markdown (and its extensions) would act on, as entities.
_MARKDOWN_ACTIVE = {c: f"&#{ord(c)};" for c in "\\`*_{}[]#+!|~^=:"}
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# Block syntax opening a one-line text (a heading's "#": a hashtag!, a quote's ">", a list
# marker) would make a block that nh3 drops, marker and all: a backslash keeps it as text.
_LEADING_MARK = re.compile(r"^(?=[#>]|[-+*]\s)")  # "#Tag" -> "\#Tag"
_LEADING_NUMBER = re.compile(r"^(\d+)(?=[.)](?:\s|$))")  # "1. x" -> "1\. x"
# A link whose target nh3 removed (javascript:, data:...): only its text is kept.
_LINK_WITHOUT_TARGET = re.compile(r"<a(?=[\s>])(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)
# A line that Markdown and HTML read as nothing but text: letters, digits, spaces and common
# punctuation, not opening like a list item. Most fields are such lines, and converting one
# gives it back unchanged: it skips the converter (most of the render stage's time). Written
# as one class of characters, with "_" refused ahead: five times faster than an alternation.
PLAIN_LINE = re.compile(r"(?![-\d])(?!.*_)[\w ,.;?'’\"«»()%/€@-]*")


# A converter with no extensions: attr_list and raw HTML features stay off. One for every
# text, reset in between: building a converter costs more than converting a short text.
_CONVERTER = markdown.Markdown(output_format="html")


def _convert(text: str) -> str:
    return _CONVERTER.reset().convert(text)


class _Conversions:
    """The conversions of fields to HTML: those of the last build (`known`), and those this
    build asked for (`used`), which the next one will know."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}
        self.used: dict[str, str] | None = None  # None: outside conversions_kept

    def get(self, kind: str, text: str, convert) -> str:
        if self.used is None:
            return convert(text)
        key = f"{kind}\0{text}"
        html = self.known.get(key)
        if html is None:
            html = convert(text)
        self.used[key] = html
        return html


_CONVERSIONS = _Conversions()


@contextlib.contextmanager
def conversions_kept(path: Path) -> Iterator[None]:
    """Within the block, inline() and block() reuse the conversions kept in `path`; when the
    block ends without error, the conversions it used replace them there (only those: the
    file does not grow with texts no longer written). Processes forked inside the block use
    what was kept, but what they convert is not kept."""
    kind = _stamp()
    # Texts converted before the block are remembered by inline() and block() themselves,
    # which would not tell _CONVERSIONS they were used again.
    inline.cache_clear()
    block.cache_clear()
    known = read_signed(path, kind)
    _CONVERSIONS.known = known if isinstance(known, dict) else {}
    _CONVERSIONS.used = {}
    try:
        yield
        if _CONVERSIONS.used != _CONVERSIONS.known:  # else: kept already
            write_signed(path, kind, _CONVERSIONS.used)
    finally:
        _CONVERSIONS.known, _CONVERSIONS.used = {}, None


def _stamp() -> str:
    # What the conversions depend on besides the text: this module and the two libraries.
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"markup {code} markdown {markdown.__version__} nh3 {nh3.__version__}"


def _sanitise(html: str, tags: set[str]) -> str:
    clean = nh3.clean(html, tags=tags, attributes=_ATTRIBUTES, url_schemes=_SCHEMES)
    return _LINK_WITHOUT_TARGET.sub(r"\1", clean)


def _neutralise(html: str) -> str:
    parts = _TAG_OR_TEXT.split(html)
    for index in range(0, len(parts), 2):  # even indexes are text between tags
        parts[index] = "".join(_MARKDOWN_ACTIVE.get(c, c) for c in parts[index])
    out = "".join(parts)
    # A value placed at the start of a line must not become a list item or a quote there.
    return re.sub(r"^(?:[-+*](?=\s)|>|\d+[.)](?=\s|$))",
                  lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), out)


@lru_cache(maxsize=8192)
def inline(text: str) -> Markup:
    """One line of text: emphasis, code and links only; never a block, never a new line."""
    one_line = " ".join(text.split())
    # Keep one space at either end: French puts one before a colon (" : ").
    before = " " if text[:1].isspace() else ""
    after = " " if text[-1:].isspace() else ""
    if PLAIN_LINE.fullmatch(one_line):
        return Markup(before + one_line + after)
    one_line = _LEADING_NUMBER.sub(r"\1\\", _LEADING_MARK.sub(r"\\", one_line))
    return Markup(before + _CONVERSIONS.get("inline", one_line, _inline_html) + after)


def _inline_html(one_line: str) -> str:
    return _neutralise(_sanitise(_convert(one_line), _INLINE_TAGS).strip())


@lru_cache(maxsize=8192)
def block(text: str) -> Markup:
    """Paragraphs and lists, as one raw HTML line the page's Markdown leaves alone."""
    lines = text.strip("\n").split("\n")
    if all(line == line.strip() and PLAIN_LINE.fullmatch(line) for line in lines):
        # Paragraphs of plain lines, neither indented nor ending in a line break mark: the
        # converter would give each back as <p>, its lines joined.
        paragraphs = re.split(r"\n\n+", "\n".join(lines))
        one_line = " ".join(f"<p>{' '.join(paragraph.split())}</p>"
                            for paragraph in paragraphs if paragraph)
        return Markup(f'<div class="hb-text">{one_line}</div>')
    return Markup(f'<div class="hb-text">{_CONVERSIONS.get("block", text, _block_html)}</div>')


def _block_html(text: str) -> str:
    return _neutralise(" ".join(_sanitise(_convert(text), _BLOCK_TAGS).split()))


def href(url: str) -> Markup:
    """A link target for a Markdown link: web and mail addresses only, nothing that could
    close the link early or start another construct."""
    if not re.match(r"^(https?://|mailto:)[^\s]+$", url):
        raise ValueError(f"not a web or mail address: {url!r}")
    return Markup("".join(f"%{ord(c):02X}" if c in "()<>\"'`[]{}\\|^*_" else c for c in url))
