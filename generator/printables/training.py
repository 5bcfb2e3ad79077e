"""The trainers' printables, written into each language's built site under printables/.

Per post-idea kit, its idea cards twice: four to an A4 sheet for an office printer, and one A6
card a page with bleed for a print shop (cards.py). Per training module, a facilitator guide
and a participant handout (A4), slides (16:9), and a zip bundle of all of them with the
charter on one page, the kits' card sheets and a README.txt (bundle.py). Each PDF is an HTML
print template (templates/) rendered through the PDF cache; from the start of the build, the
documents are made, and the ones the cache lacks rendered, in parallel (render.Renderer),
while the site's pages are built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Self

from markupsafe import Markup

from ..core.colour import nearest_readable_shade, readable_on
from ..core.errors import InputError
from ..inputs.labels import labels
from ..model.facts import Facts
from ..model.handbook import Handbook
from ..site.plan import CHARTER_PDFS, Printable, plan_printables, printable_path
from .bundle import bundle_zip
from .cards import card_jobs, overflow_diagnostics
from .pdf import KeptPdf, PdfCache, data_url, place
from .render import Job, Overflow, Renderer, measure_only
from .session import session
from .templates import TEMPLATES_DIR, print_environment

Progress = Callable[[int, int, str], None]
"""Called after each printable with: how many are done, how many in all, the file written
(its path inside the site). Only the command line shows it."""

_TEMPLATES = {"facilitator_guide": "facilitator-guide.html",
              "participant_handout": "participant-handout.html", "slides": "slides.html"}
_CARDS = ("card_sheets", "idea_cards")


class TrainingKitPrinter:
    """Writes the printables of every language, one language after another, counting them
    all for the progress shown to the user. Every PDF is submitted when it is made, so that
    they render while the pages are built; use it as a context manager, which stops the
    rendering processes however the build ends."""

    def __init__(self, handbook: Handbook, facts: Facts, cache: PdfCache, moment: dt.datetime,
                 progress: Progress | None = None, *, printables: bool = True,
                 workers: int | None = None) -> None:
        self._handbook = handbook
        self._facts = facts
        self._moment = moment  # the date of the bundles' entries
        self._progress = progress
        self._plans = {lang: plan_printables(handbook, lang) if printables else ()
                       for lang in facts.languages}
        self._total = sum(len(plan) for plan in self._plans.values())
        self._done = 0
        # The unit of work of each printable's PDF: (language, printable); a kit's two card
        # documents are one unit, made from the same rendering of its cards.
        self._units: dict[tuple[str, str], tuple[str, Printable]] = {}
        for lang, plan in self._plans.items():
            first: dict[str, Printable] = {}  # the first card printable of each kit
            for printable in plan:
                if printable.kind == "bundle":
                    continue
                unit = printable
                if printable.kind in _CARDS:
                    unit = first.setdefault(printable.subject, printable)
                self._units[lang, printable.path] = (lang, unit)
        self._renderer = Renderer(cache, JobMaker(handbook, facts), workers)
        # Each language's module documents (the longest to render) before its cards: the
        # last to finish, which the build waits for alone, are short ones.
        languages = list(self._plans)
        self._renderer.submit(sorted(self._units.values(), key=lambda unit: (
            languages.index(unit[0]), unit[1].kind in _CARDS)))
        self.bundles = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._renderer.close()

    def write_language(self, lang: str, root: Path, prefix: str) -> None:
        """Write the printables of `lang` into its built site at `root`, which lies at
        `prefix` ("" or "en/") inside the whole site (where the charter's PDFs already are).
        A card too long for its face is an error, and nothing of the language is written."""
        results = {printable.path: self._renderer.result(self._units[lang, printable.path],
                                                         printable.path)
                   for printable in self._plans[lang] if printable.kind != "bundle"}
        problems = [diagnostic for printable in self._plans[lang]
                    if isinstance(results.get(printable.path), tuple)  # overflows
                    for diagnostic in overflow_diagnostics(self._handbook, printable.subject,
                                                           lang, results[printable.path])]
        if problems:
            raise InputError(problems)
        written: dict[str, bytes | KeptPdf] = {CHARTER_PDFS["glance"]:
                                     (root / CHARTER_PDFS["glance"]).read_bytes()}
        module_titles = dict(self._handbook.modules)
        kinds = {p.path: p.kind for p in self._plans[lang]} | {CHARTER_PDFS["glance"]: "charter"}
        folders: set[Path] = set()  # made already (thousands of printables share a few)
        for printable in self._plans[lang]:
            if printable.kind == "bundle":
                title = module_titles[printable.subject].title.get(lang, self._facts.languages)
                content = bundle_zip(printable, written, kinds, labels(lang), title,
                                     self._moment)
                self.bundles += 1
            else:
                content = results[printable.path]
            target = root / printable.path
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            place(content, target)
            written[printable.path] = content
            self._done += 1
            if self._progress is not None:
                self._progress(self._done, self._total, prefix + printable.path)


class JobMaker:
    """The jobs of one unit of printables (a language and a printable: a kit's cards give
    both its card documents), with what every document of a language shares made once."""

    def __init__(self, handbook: Handbook, facts: Facts) -> None:
        self._handbook = handbook
        self._facts = facts
        self._brand: dict[str, Markup] | None = None

    def __call__(self, unit: tuple[str, Printable]) -> dict[str, Job]:
        lang, printable = unit
        if self._brand is None:
            self._brand = _brand(self._handbook)
        return printable_jobs(self._handbook, self._facts, lang, (printable,), self._brand)


def printable_jobs(handbook: Handbook, facts: Facts, lang: str, plan: tuple[Printable, ...],
                   brand: dict[str, Markup] | None = None) -> dict[str, Job]:
    """The job of each PDF of `plan` (printables of one language), by path; a card
    printable gives both of its kit's card documents. `brand`: _brand(handbook), when made
    already."""
    env = print_environment(lang, facts.languages)
    words = labels(lang)
    names = {**facts.names(), "brand": brand if brand is not None else _brand(handbook)}
    people = {person.id: person for person in handbook.settings.people}

    def title(kind: str, subject) -> str:  # plain text, for the metadata and running footer
        return f"{words['printables'][kind]} · {subject.get(lang, facts.languages)}"

    jobs: dict[str, Job] = {}
    for printable in plan:
        if printable.kind == "bundle" or printable.path in jobs:
            continue
        if printable.kind in _CARDS:
            kit = handbook.kit(printable.subject)
            sheets, single = card_jobs(partial(
                env.get_template("cards.html").render, names, kit=kit,
                title=title("idea_cards", kit.title)), kit)
            for kind, job in (("card_sheets", sheets), ("idea_cards", single)):
                jobs[printable_path(kind, printable.subject, lang)] = job
            continue
        module = dict(handbook.modules)[printable.subject]
        template = env.get_template(_TEMPLATES[printable.kind])
        jobs[printable.path] = Job(template.render(
            names, module_id=printable.subject, module=module,
            title=title(printable.kind, module.title),
            session=session(module, words, lang, facts.languages), people=people))
    return jobs


def card_overflows(handbook: Handbook, facts: Facts, lang: str,
                   kit_id: str) -> tuple[Overflow, ...]:
    """What of a kit's cards does not fit in one language, measured as a build measures it
    (only the measure is rendered, not the PDFs)."""
    plan = (Printable(printable_path("idea_cards", kit_id, lang), "idea_cards", kit_id),)
    return measure_only(printable_jobs(handbook, facts, lang, plan)[plan[0].path])


def _brand(handbook: Handbook) -> dict[str, Markup]:
    """What the print templates take as is: validated colours, the logo as a data: URL and
    the print stylesheets, so every document carries everything it shows."""
    branding = handbook.settings.branding
    logo = data_url(handbook.folder / branding.logo) if branding.logo else ""
    primary = branding.primary.lower()
    return {
        "primary": Markup(primary),
        "accent": Markup(branding.accent.lower()),
        # Text in the brand's colour on white, and text on a band of it.
        "ink": Markup(nearest_readable_shade(primary).lower()),
        "on_primary": Markup(readable_on(primary)),
        "logo": Markup(logo),
        "stylesheet": Markup((TEMPLATES_DIR / "print.css").read_text(encoding="utf-8")),
        "cards_stylesheet": Markup((TEMPLATES_DIR / "cards.css").read_text(encoding="utf-8")),
        "slides_stylesheet": Markup((TEMPLATES_DIR / "slides.css").read_text(encoding="utf-8")),
    }
