"""The charter's printables: the charter on one page, the full charter, the acknowledgement sheet.

Each is an HTML print template (templates/print/, autoescaped, with its own print CSS) rendered
to an A4 PDF by printables/pdf.py, once per language. They are written into the language's docs
folder before MkDocs builds it: MkDocs copies them into the site like any other file, and
checks the charter page's links to them like any other link.
"""

from __future__ import annotations

from functools import partial

from markupsafe import Markup

from ..charter.fingerprint import charter_fingerprint
from ..inputs.labels import labels
from ..model.handbook import Handbook
from ..model.settings import Person
from ..model.vocab import CHARTER_SECTIONS
from ..site.plan import CHARTER_PDFS
from .pdf import PdfCache, data_url, render_pdf, render_pdf_fitting
from .templates import print_environment

TEMPLATES = {
    "glance": "charter-glance.html",
    "full": "charter-full.html",
    "acknowledgement": "charter-acknowledgement.html",
}
# Body font sizes (pt) tried for the one-page charter, largest first: a long charter prints
# smaller rather than spilling onto a second page.
GLANCE_SIZES = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)
BODY_SIZE = 10.0


def charter_html(handbook: Handbook, lang: str, kind: str, font_size: float = BODY_SIZE) -> str:
    """The HTML of one printable (`kind` is a key of CHARTER_PDFS) in one language."""
    settings, charter = handbook.settings, handbook.charter
    words = labels(lang)["charter"]
    fingerprint = charter_fingerprint(charter)
    people = {person.id: person for person in settings.people}
    named = [rule.ask for section in CHARTER_SECTIONS for rule in getattr(charter, section)]
    named += [step.who for step in charter.bad_buzz.steps]
    contacts: list[Person] = [people[i] for i in dict.fromkeys(i for i in named if i)]

    title = words["glance_title"] if kind == "glance" else (
        words["ack_title"] if kind == "acknowledgement" else words["title"])
    footer_right = f"{words['version']} {charter.version} · {words['fingerprint']} {fingerprint}"
    if kind == "full":
        footer_right += f" · {words['page']} "
    style = _page_style(
        settings.branding.primary, settings.branding.accent, font_size,
        footer_left=f"{settings.organisation.name} · {words['title']}",
        footer_right=footer_right, numbered=kind == "full",
        draft=words["draft_print"] if charter.status == "draft" else None,
    )
    env = print_environment(lang, tuple(settings.languages))
    return env.get_template(TEMPLATES[kind]).render(
        charter=charter,
        fingerprint=fingerprint,
        org_name=settings.organisation.name,
        # Inside the document, so that its HTML is all a PDF cache's key needs.
        logo=Markup(data_url(handbook.folder / settings.branding.logo))
        if settings.branding.logo else None,
        title=title,
        draft=charter.status == "draft",
        sections=CHARTER_SECTIONS,
        contacts=contacts,
        person=people.__getitem__,
        page_style=style,
    )


def charter_printables(handbook: Handbook, lang: str,
                       cache: PdfCache | None = None) -> dict[str, bytes]:
    """Every charter PDF of one language: {path of CHARTER_PDFS: PDF}; through `cache` when
    given (a build's PDFs whose HTML did not change are reused)."""
    base_url = handbook.folder.resolve()
    pdfs = {}
    for kind, relative in CHARTER_PDFS.items():
        if kind == "glance":
            html_at = partial(charter_html, handbook, lang, kind)
            pdfs[relative] = (render_pdf_fitting(html_at, base_url, GLANCE_SIZES, pages=1)
                              if cache is None else cache.pdf_fitting(html_at, GLANCE_SIZES,
                                                                      pages=1))
        else:
            html = charter_html(handbook, lang, kind)
            pdfs[relative] = render_pdf(html, base_url) if cache is None else cache.pdf(html)
    return pdfs


def _page_style(primary: str, accent: str, font_size: float, *, footer_left: str,
                footer_right: str, numbered: bool, draft: str | None) -> Markup:
    """The CSS that depends on the organisation and the document: colours, size, footers.

    Colours are validated #RRGGBB; every text goes through _css_string.
    """
    counter = ' counter(page) " / " counter(pages)' if numbered else ""
    header = f"@top-center {{ content: {_css_string(draft)}; }}" if draft else ""
    return Markup(
        f":root {{ --brand: {primary}; --accent: {accent}; }}\n"
        f"body {{ font-size: {font_size:g}pt; }}\n"
        "@page {\n"
        f"  @bottom-left {{ content: {_css_string(footer_left)}; }}\n"
        f"  @bottom-right {{ content: {_css_string(footer_right)}{counter}; }}\n"
        f"  {header}\n"
        "}\n"
    )


def _css_string(text: str) -> str:
    """A CSS string literal that can neither end early nor close the <style> element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n\r' else c for c in text)
    return f'"{escaped}"'
