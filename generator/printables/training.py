"""The trainers' printables, written into each language's built site under printables/.

Per post-idea kit, idea cards (A6, one idea per card: the front gives the angle and the
prompts, the back the openers and the do/avoid). Per training module, a facilitator guide and a
participant handout (A4), and a zip bundle of both with the idea cards of the kits the module
uses. Each PDF is an HTML print template (generator/templates/print/) rendered through the PDF
cache: a PDF whose HTML did not change is reused, not rendered again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from markupsafe import Markup

from ..core.archive import reproducible_zip
from ..inputs.labels import labels
from ..model.facts import Facts
from ..model.handbook import Handbook
from ..site.plan import Printable, plan_printables
from .pdf import PdfCache, data_url
from .templates import PRINT_CSS, print_environment

Progress = Callable[[int, int, str], None]
"""Called after each printable with: how many are done, how many in all, the file written
(its path inside the site). Only the command line shows it."""


_TEMPLATES = {"idea_cards": "idea-cards.html", "facilitator_guide": "facilitator-guide.html",
              "participant_handout": "participant-handout.html"}


class TrainingKitPrinter:
    """Writes the printables of every language, one language after another, counting them
    all for the progress shown to the user."""

    def __init__(self, handbook: Handbook, facts: Facts, cache: PdfCache, moment: dt.datetime,
                 progress: Progress | None = None) -> None:
        self._handbook = handbook
        self._facts = facts
        self._cache = cache
        self._moment = moment  # the date of the bundles' entries
        self._progress = progress
        self._plans = {lang: plan_printables(handbook, lang) for lang in facts.languages}
        self._total = sum(len(plan) for plan in self._plans.values())
        self._done = 0
        self._brand = _brand(handbook)
        self.bundles = 0

    def write_language(self, lang: str, root: Path, prefix: str) -> None:
        """Write the printables of `lang` into its built site at `root`, which lies at
        `prefix` ("" or "en/") inside the whole site."""
        env = print_environment(lang, self._facts.languages)
        written: dict[str, bytes] = {}
        for printable in self._plans[lang]:
            if printable.kind == "bundle":
                content = self._bundle(printable, written)
            else:
                content = self._cache.pdf(self._html(env, lang, printable))
            target = root / printable.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written[printable.path] = content
            self._done += 1
            if self._progress is not None:
                self._progress(self._done, self._total, prefix + printable.path)

    def _html(self, env, lang: str, printable: Printable) -> str:
        if printable.kind == "idea_cards":
            subject = {"kit_id": printable.subject, "kit": self._handbook.kit(printable.subject)}
            title = subject["kit"].title
        else:
            module = dict(self._handbook.modules)[printable.subject]
            subject = {"module_id": printable.subject, "module": module}
            title = module.title
        # Plain text, for the PDF's metadata and running footer.
        document_title = (f"{labels(lang)['printables'][printable.kind]} · "
                          f"{title.get(lang, self._facts.languages)}")
        template = env.get_template(_TEMPLATES[printable.kind])
        return template.render(self._facts.names(), brand=self._brand, title=document_title,
                               **subject)

    def _bundle(self, printable: Printable, written: dict[str, bytes]) -> bytes:
        # Everything in one folder named like the zip, so unzipping scatters nothing.
        folder = PurePosixPath(printable.path).stem
        self.bundles += 1
        return reproducible_zip([(f"{folder}/{PurePosixPath(path).name}", written[path])
                                 for path in printable.members], self._moment)


def _brand(handbook: Handbook) -> dict[str, Markup]:
    """What the print templates take as is: validated colours, the logo as a data: URL and
    the print stylesheet, so every document carries everything it shows."""
    branding = handbook.settings.branding
    logo = data_url(handbook.folder / branding.logo) if branding.logo else ""
    return {
        "primary": Markup(branding.primary.lower()),
        "accent": Markup(branding.accent.lower()),
        "logo": Markup(logo),
        "stylesheet": Markup(PRINT_CSS.read_text(encoding="utf-8")),
    }
