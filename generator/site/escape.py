"""The input's strings that reach MkDocs, escaped for where the theme prints them: once, here.

Material's templates print `config.site_name`, `config.copyright` and a page's front-matter
`title` as they are (MkDocs' Jinja environment does not autoescape): in `<title>`, in the
header, in an `aria-label` attribute, in the footer. So what the site layer hands to MkDocs
for those places is HTML text already: `&`, `<`, `>` and both quotes as entities. The theme
(theme/main.html) undoes the one double escape this causes, where Material itself applies
`| e` to the site name (a `title` attribute), so a name displays exactly as written.

A page title goes to MkDocs as front matter: the plain text of the field (its Markdown
rendered and its tags dropped), HTML-escaped, then JSON-quoted (JSON is YAML). Without it,
MkDocs takes the title from the page's heading, and Material's `striptags` turns
`&lt;/title&gt;` written in a field back into a live `</title>`.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

from markupsafe import Markup

_TAG = re.compile(r"<[^>]*>")
# What a URL may hold once in an attribute: anything else is percent-encoded. Validation
# (model/fields.py) already refused quotes, angle brackets, backslashes and spaces; this is
# the second lock, for a URL that reaches the configuration some other way.
_URL_SAFE = "/:?#[]@!$&()*+,;=%-._~"


def html_text(value: str) -> str:
    """Text as HTML: displays exactly as written, in an element or a quoted attribute."""
    return html.escape(value, quote=True)


def plain_text(fragment: str) -> str:
    """The text a reader sees of a sanitised HTML fragment: tags dropped, entities read,
    white space collapsed."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def front_matter_title(fragment: str) -> Markup:
    """A page's title for its front matter, from the field's sanitised fragment: a quoted
    YAML string holding HTML text."""
    return Markup(json.dumps(html_text(plain_text(fragment)), ensure_ascii=False))


def config_url(url: str) -> str:
    """A site address for MkDocs' `site_url`: every character an attribute or a script could
    read as syntax is percent-encoded."""
    return quote(url, safe=_URL_SAFE)
