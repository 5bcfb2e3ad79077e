"""Typography of each language, done once, on the text a reader sees.

French: a narrow no-break space (U+202F) before ; ? !, a no-break space (U+00A0) before : and
inside « », "1er" for the first of a month, groups of thousands joined by U+202F and a
no-break space between a number and its unit or %. English: "90%", and quotation marks
rather than guillemets.

Where it is applied, and why there: on the finished HTML (each page MkDocs built, each print
document before WeasyPrint), text nodes only. Every French string reaches a reader through one
of these two documents (chapters, the organisation's fields, interface words, the theme's own
words, inline SVG charts), and in HTML the things to leave alone are already told apart by the
parser MkDocs used: code is in <code>/<pre>, URLs and attributes are inside tags, scripts and
styles are raw text. Doing it on the Markdown instead would mean re-parsing Markdown (link
targets, admonition markers, table rows, attribute lists) to find the same boundaries.

What is still left alone inside text: web and mail addresses, clock times (10:30), ratios
(3:1), and anything in <code>, <pre>, <kbd>, <samp>, <script>, <style> or <textarea>.
"""

from __future__ import annotations

import functools
import html as html_module
import re
from decimal import Decimal

NBSP = "\u00a0"  # before a colon, inside guillemets, between a number and its unit
NNBSP = "\u202f"  # before ; ? !, between groups of thousands

FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre")

_SPACE = "[ \t\u00a0\u202f]"  # what may already stand where a space is due
# Addresses and e-mails: their colons, question marks and slashes are not punctuation.
_PROTECTED = re.compile(r"(?:\b(?:https?|ftp|file|mailto|tel):|\bwww\.)[^\s<>«»\"]*[^\s<>«»\".,;:!?)]"
                        r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Units written after a number; % is handled apart (a space is added when there is none).
_UNITS = ("€", "k€", "M€", "Md€", "$", "£", "h", "min", "s", "ms", "j", "km", "m", "cm", "mm",
          "kg", "g", "t", "kWh", "MWh", "GWh", "TWh", "kW", "MW", "GW", "Mo", "Go", "ko", "°C",
          "‰", "pts", "px", "×")
_UNIT_NAMES = "|".join(map(re.escape, sorted(_UNITS, key=len, reverse=True)))

_FRENCH_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # ; ? ! after a word (not after another of them, nor an opening bracket): U+202F.
    (re.compile(rf"(?<=[^\s;!?(\[{{«]){_SPACE}*(?=[;!?])"), NNBSP),
    # A colon with a space before it: that space becomes U+00A0.
    (re.compile(r"(?<=\S)[ \t\u202f]+(?=:)"), NBSP),
    # A colon right after a word and followed by a space or the end: U+00A0 added. A colon
    # between two digits (10:30, 3:1) or before a slash (https://) has no space after it.
    (re.compile(r"(?<=[^\W_]|[)\]»*\"'’])(?=:(?:\s|$))"), NBSP),
    # Inside guillemets.
    (re.compile(rf"«{_SPACE}*"), "«" + NBSP),
    (re.compile(rf"(?<=\S){_SPACE}*»"), NBSP + "»"),
    # "1er" for the first of the month.
    (re.compile(rf"(?<![\d,.])1{_SPACE}+(?=(?:{'|'.join(FRENCH_MONTHS)})\b)", re.IGNORECASE),
     "1er "),
    # A number and its percent sign: U+00A0, added when missing.
    (re.compile(rf"(?<=\d){_SPACE}?(?=%)"), NBSP),
    # A number and its unit: the space becomes U+00A0 (none is added: 10h30 stays).
    (re.compile(rf"(?<=\d)[ \t]+(?=(?:{_UNIT_NAMES})(?![\w€]))"), NBSP),
)
# Groups of three digits after a number of one to three digits: joined by U+202F.
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d])")

_ENGLISH_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?<=\d){_SPACE}+(?=%)"), ""),
    (re.compile(rf"«{_SPACE}*"), "\u201c"),
    (re.compile(rf"{_SPACE}*»"), "\u201d"),
)


def french(text: str, before: str = "") -> str:
    """`text` with French typography; `before` is the character just before it (in a
    preceding piece of the same paragraph), for a text that starts with ": ..." or "?"."""
    prefix = before if before and not before.isspace() else ""
    pieces: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        pieces.append(_apply(_FRENCH_RULES, text[last:match.start()], prefix, thousands=True))
        pieces.append(match.group(0))
        prefix, last = match.group(0)[-1], match.end()
    pieces.append(_apply(_FRENCH_RULES, text[last:], prefix, thousands=True))
    return "".join(pieces)


def english(text: str, before: str = "") -> str:
    """`text` with English conventions: "90%", quotation marks instead of guillemets."""
    pieces: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        pieces.append(_apply(_ENGLISH_RULES, text[last:match.start()], "", thousands=False))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_apply(_ENGLISH_RULES, text[last:], "", thousands=False))
    return "".join(pieces)


def _apply(rules, text: str, prefix: str, *, thousands: bool) -> str:
    if not text:
        return text
    # The character before is there for the rules' lookbehinds only, and taken off after.
    out = prefix + text
    for pattern, replacement in rules:
        out = pattern.sub(replacement, out)
    if thousands:
        out = _THOUSANDS.sub(lambda m: re.sub("[ \u00a0]", NNBSP, m.group(0)), out)
    return out[len(prefix):]


# Remembered: a site's pages repeat most of their texts (navigation, footer, the theme's
# words), and the live preview typesets the same pages again at each edit.
_TYPESETTERS = {lang: functools.lru_cache(maxsize=16384)(setter)
                for lang, setter in (("fr", french), ("en", english))}


def typeset(text: str, lang: str) -> str:
    """Plain text (no markup) in the conventions of `lang`."""
    setter = _TYPESETTERS.get(lang)
    return setter(text) if setter else text


# --- numbers ------------------------------------------------------------------------------------

def format_number(value: float | Decimal, decimal: str, thousands: str) -> str:
    """A number as a reader writes it: its digits in groups of three, never an exponent
    (1234567 -> "1 234 567" / "1,234,567"), the decimals it has and no trailing zero."""
    if isinstance(value, float):
        value = Decimal(repr(value))  # the shortest digits that give the float back
    exact = Decimal(value)
    whole = exact.to_integral_value()
    shown = format(whole if exact == whole else exact.normalize(), ",f")
    return shown.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


# --- HTML ---------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>"
    r"|<(script|style|textarea)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\2\s*>"
    r"|</?[A-Za-z][^\s/>]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)",
    re.DOTALL | re.IGNORECASE)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
# Elements whose text is code or input, never prose.
_VERBATIM = {"code", "pre", "kbd", "samp", "var"}
# Inline elements: a text after one of them continues the same sentence.
_INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "mark", "q", "s",
           "small", "span", "strong", "sub", "sup", "time", "u", "tspan", "code", "kbd",
           "samp", "var"}
# The characters some rule of the language acts on: a text node without any of them (nor an
# entity, which may stand for one) is left as it is without running the rules.
_TRIGGERS = {"fr": re.compile(r"[;:?!«»%\d&]"), "en": re.compile(r"[«»%&]")}
# Where a document may have code (a false alarm only costs the slower walk).
_VERBATIM_TAG = re.compile(r"<(?:code|pre|kbd|samp|var)\b", re.IGNORECASE)
_DOCUMENT_LANG = re.compile(r"<html\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\slang=[\"']?([A-Za-z]+)",
                            re.IGNORECASE)


def may_change(html: str, lang: str) -> bool:
    """Whether typeset_html might change `html`: not when it has no character a rule of
    `lang` acts on (then typeset_html gives it back as it is)."""
    triggers = _TRIGGERS.get(lang)
    return triggers is not None and triggers.search(html) is not None


def typeset_html(html: str, lang: str) -> str:
    """The text nodes of an HTML document or fragment in the conventions of `lang`; tags,
    attributes, comments, scripts, styles and code left as they are."""
    setter = _TYPESETTERS.get(lang)
    if setter is None or not may_change(html, lang):
        return html
    triggers = _TRIGGERS[lang].search
    parts = _TOKEN.split(html)
    if _VERBATIM_TAG.search(html):
        return _typeset_walk(parts, setter, triggers)
    # No code in the document: only the texts with something to change are looked at, each
    # with the character before it (see _before). A page of a site has a few dozen of them
    # among hundreds of tags.
    # split() with two groups gives text, token, inner group, text, token, inner group...
    texts, tokens = parts[0::3], parts[1::3]
    changed = False
    for index, text in enumerate(texts):
        if text and triggers(text) is not None:
            plain = html_module.unescape(text)
            typed = setter(plain, _before(texts, tokens, index))
            if typed != plain:
                texts[index] = html_module.escape(typed, quote=False)
                changed = True
    if not changed:
        return html
    out = texts + tokens
    out[0::2], out[1::2] = texts, tokens
    return "".join(out)


def _before(texts: list[str], tokens: list[str], index: int) -> str:
    """The character before texts[index] in the same sentence: the last one of the text
    before it when only inline tags (or comments) stand between them, else none."""
    for previous in range(index - 1, -1, -1):
        name = _TAG_NAME.match(tokens[previous])  # the token after texts[previous]
        if name is not None and name.group(1).lower() not in _INLINE:
            return ""
        if texts[previous]:
            return html_module.unescape(texts[previous])[-1:]
    return ""


def _typeset_walk(parts: list[str], setter, triggers) -> str:
    """typeset_html on a document with code in it: every token looked at, in order."""
    out: list[str] = []
    verbatim = 0
    before = ""
    for index in range(0, len(parts), 3):
        text = parts[index]
        if text:
            if verbatim or triggers(text) is None:
                out.append(text)
                before = text[-1:]
            else:
                plain = html_module.unescape(text)
                typed = setter(plain, before)
                out.append(text if typed == plain else html_module.escape(typed, quote=False))
                before = plain[-1:] if plain else before
        if index + 1 < len(parts):
            token = parts[index + 1]
            out.append(token)
            name = _TAG_NAME.match(token)
            if name is None:
                continue
            tag = name.group(1).lower()
            if tag in _VERBATIM and not token.endswith("/>"):
                verbatim = max(0, verbatim + (-1 if token.startswith("</") else 1))
            if tag not in _INLINE:
                before = ""
    return "".join(out)


def typeset_document(html: str) -> str:
    """A whole HTML document in the conventions of its own language (`<html lang=...>`)."""
    found = _DOCUMENT_LANG.search(html)
    return typeset_html(html, found.group(1).lower()) if found else html
