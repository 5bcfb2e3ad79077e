"""`handbook new`: a starter folder that follows the playbook's decision matrix."""

from __future__ import annotations

import datetime as dt
import re
import sys
from itertools import permutations
from pathlib import Path

import click

from ..core.colour import PAGE_BACKGROUND, TEXT_CONTRAST, contrast, nearest_readable_shade
from ..core.errors import HandbookError
from ..core.languages import LANGUAGES
from ..model.vocab import MATURITIES, PRIORITIES
from .output import fail


class _Colour(click.ParamType):
    name = "#RRGGBB"

    def convert(self, value, param, ctx):
        from ..model.fields import COLOUR_PATTERN  # pydantic: only when a colour is given

        if not re.fullmatch(COLOUR_PATTERN, str(value)):
            self.fail(f"'{value}' is not a colour written #RRGGBB, like #0B4F6C", param, ctx)
        return str(value)


# One language, or two with the default one first: fr, en, fr,en, en,fr.
_LANGUAGE_CHOICES = (*LANGUAGES, *(",".join(pair) for pair in permutations(LANGUAGES, 2)))

_PRIORITY_HELP = ("reputation = awareness and reputation; leads = leads and B2B growth; "
                  "employer_brand = employer brand and recruitment; culture = culture and "
                  "internal transformation.")
_COLOUR_HELP = ("A colour too light for text is kept as it is for the header and decoration; "
                "text and links use its nearest readable shade, which 'handbook check' names.")
_MATURITY_HELP = ("low = start small (the priority's tracks, small circles); medium = adds an "
                  "experts programme; high = all three tracks.")


@click.command()
@click.argument("folder", required=False, metavar="[FOLDER]")
@click.option("--defaults", is_flag=True,
              help="Ask nothing: every answer not given as an option takes its default.")
@click.option("--name", help="The organisation's name (default: from FOLDER's name).")
@click.option("--languages", type=click.Choice(_LANGUAGE_CHOICES),
              help="Languages of the handbook, the default one first.  [default: fr,en]")
@click.option("--priority", type=click.Choice(PRIORITIES),
              help=f"Number-one objective for the next 12 to 18 months: {_PRIORITY_HELP}  "
                   "[default: reputation]")
@click.option("--maturity", type=click.Choice(MATURITIES),
              help=f"Digital and cultural maturity: {_MATURITY_HELP}  [default: low]")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Kick-off date.  [default: the first day of the month after next]")
@click.option("--primary", type=_Colour(),
              help=f"Main colour, your brand's exact one. {_COLOUR_HELP}  [default: #0B4F6C]")
@click.option("--accent", type=_Colour(),
              help=f"Accent colour, your brand's exact one. {_COLOUR_HELP}  [default: #AC660C]")
def new(folder: str | None, defaults: bool, name: str | None, languages: str | None,
        priority: str | None, maturity: str | None, start: dt.datetime | None,
        primary: str | None, accent: str | None) -> None:
    """Create a starter folder for a new organisation, following the playbook's decision
    matrix. Asks its questions when run in a terminal; with --defaults or options, asks
    nothing. FOLDER defaults to charters/<name>."""
    from ..inputs.handbook import load_handbook
    from ..inputs.starter import Answers, create_starter, default_start

    ask = sys.stdin.isatty() and not defaults
    default_name = "My organisation" if (languages or "fr").startswith("en") else \
        "Mon organisation"
    fallback = Answers(name=_title_from(folder) or default_name, languages=("fr", "en"),
                       priority="reputation", maturity="low",
                       start=default_start(dt.date.today()))

    def answer(value, question, default, kind=None, explain=None):
        if value is not None or not ask:
            return default if value is None else value
        if explain:
            click.echo(explain)
        return click.prompt(question, default=default, type=kind)

    name = answer(name, "Organisation's name", fallback.name).strip()
    if not name:
        raise click.BadParameter("the organisation needs a name", param_hint="--name")
    languages = answer(languages, "Languages, the default one first",
                       ",".join(fallback.languages), click.Choice(_LANGUAGE_CHOICES))
    priority = answer(priority, "Priority", fallback.priority,
                      click.Choice(PRIORITIES),
                      "Number-one objective for the next 12 to 18 months: " + _PRIORITY_HELP)
    maturity = answer(maturity, "Maturity", fallback.maturity,
                      click.Choice(MATURITIES),
                      "Digital and cultural maturity: " + _MATURITY_HELP)
    picked = answer(start, "Kick-off date (YYYY-MM-DD)", fallback.start.isoformat(),
                    click.DateTime(["%Y-%m-%d"]))
    start_day = picked.date() if isinstance(picked, dt.datetime) else dt.date.fromisoformat(picked)
    primary = answer(primary, "Main colour (#RRGGBB)", fallback.primary, _Colour(),
                     "Your brand's exact colours. " + _COLOUR_HELP)
    accent = answer(accent, "Accent colour (#RRGGBB)", fallback.accent, _Colour())
    for key, colour in (("primary", primary), ("accent", accent)):
        if contrast(colour, PAGE_BACKGROUND) < TEXT_CONTRAST:
            shade = nearest_readable_shade(colour).upper()
            click.echo(f"{colour} is too light for text on white: it stays as it is for the "
                       f"header and decoration, and text uses {shade} (set branding.{key}_text "
                       "to choose another shade).")

    answers = Answers(name=name, languages=tuple(languages.split(",")), priority=priority,
                      maturity=maturity, start=start_day, primary=primary, accent=accent)
    display = folder if folder is not None else f"charters/{_slug(name)}"
    try:
        files = create_starter(Path(display), answers, Path("schemas"))
        handbook, warnings = load_handbook(Path(display), display)
    except HandbookError as exc:
        fail(exc)
    tracks = ", ".join(handbook.settings.programme.tracks.launched())
    click.echo(f"Created {display} ({len(files)} files) for {name}: tracks {tracks}; the "
               "charter is a draft to co-build with your ambassadors.")
    placeholders = [w for w in warnings if not w.path.startswith("branding.")]
    click.echo(f"{len(placeholders)} placeholders to replace (marked \"À REMPLACER\" or \"TO "
               f"REPLACE\"): handbook check {display} lists them.")
    click.echo(f"Preview: handbook serve {display}")


def _title_from(folder: str | None) -> str | None:
    if folder is None:
        return None
    words = Path(folder).name.replace("-", " ").replace("_", " ").split()
    return " ".join(word.capitalize() for word in words) or None


def _slug(name: str) -> str:
    from slugify import slugify

    # Transliterated, never emptied: "Cœur de Lyon" -> coeur-de-lyon, "Straße" -> strasse.
    return slugify(name) or "organisation"
