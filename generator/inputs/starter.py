"""`handbook new`: a starter organisation folder that follows the playbook from the first hour.

The folder is written from the YAML templates of generator/templates/starter/, which hold every
text in both languages. The tracks and launch sizes follow the decision matrix for the chosen
priority and maturity; whatever only the organisation can say (people's names, the charter's
rules, its topics) is a placeholder carrying a marker that `handbook check` reports (see
validate.PLACEHOLDER_MARKERS) until someone replaces it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import jinja2
from ruamel.yaml import YAML

from ..core.dates import add_months
from ..core.errors import HandbookError
from ..model.playbook import RECOMMENDED_TRACKS, STARTER_LAUNCH_SIZES
from ..model.settings import Branding
from ..model.vocab import TRACKS

STARTER_DIR = Path(__file__).resolve().parent / "starter_files"

# The JSON Schema of each kind of file, by the `handbook schema` naming convention: editors that
# understand the `yaml-language-server` comment complete and check the YAML as it is typed.
SCHEMA_FILES = {
    "handbook": "handbook.json",
    "charter": "charter.json",
    "kit": "kit.json",
    "training": "training.json",
}

# The pillar the expertise kit serves, by priority.
PRIORITY_PILLAR = {"reputation": "reputation", "leads": "business",
                   "employer_brand": "employer_brand", "culture": "culture"}
PRIORITY_AUDIENCES = {"reputation": ("clients", "partners", "media"),
                      "leads": ("clients", "partners"),
                      "employer_brand": ("talents",),
                      "culture": ("talents",)}

# One placeholder person per role: (id, role, what they do in French, in English, title fr, en).
ROLES = (
    ("sponsor", "sponsor", "sponsor du programme", "programme sponsor",
     "Membre du comité exécutif", "Executive committee member"),
    ("community-manager", "community_manager", "animation de la communauté", "community manager",
     "Pilote le programme au quotidien", "Runs the programme day to day"),
    ("pen", "pen", "plume éditoriale", "editorial pen",
     "Aide les dirigeants et les experts à écrire", "Helps leaders and experts write"),
    ("referent", "referent", "référent expertise", "expertise referent",
     "Référent d'un sujet d'expertise", "Referent for a topic of expertise"),
    ("legal", "legal", "service juridique", "legal team",
     "Service juridique", "Legal department"),
    ("comms", "comms", "communication", "communications",
     "Direction de la communication", "Communications department"),
    ("hr", "hr", "ressources humaines", "human resources",
     "Ressources humaines", "Human resources"),
)


@dataclass(frozen=True)
class Answers:
    """What `handbook new` asks, one field per question."""

    name: str
    languages: tuple[str, ...]
    priority: str
    maturity: str
    start: dt.date
    primary: str = Branding().primary
    accent: str = Branding().accent


def default_start(today: dt.date) -> dt.date:
    """The first day of the month after next: time to co-build the charter before kick-off."""
    return add_months(today.replace(day=1), 2)


def starter_tracks(priority: str, maturity: str) -> tuple[str, ...]:
    """The decision matrix: the priority's recommended forms, plus what maturity allows.

    Low maturity starts with the priority's forms only, kept small; medium adds a structured
    experts programme; high runs all three.
    """
    chosen = set(RECOMMENDED_TRACKS[priority])
    if maturity == "medium":
        chosen.add("experts")
    elif maturity == "high":
        chosen.update(TRACKS)
    return tuple(track for track in TRACKS if track in chosen)


def create_starter(folder: Path, answers: Answers, schema_dir: Path) -> tuple[str, ...]:
    """Write the starter folder; return the files written, relative to it.

    `schema_dir` is where `handbook schema` writes the JSON Schemas; each file's editor comment
    points there with a relative path. The folder must not exist, or be empty: nothing of an
    existing folder is ever overwritten. Files are written beside it first and moved into place
    at the end, so a failure leaves no half-written folder.
    """
    if folder.is_file():
        raise HandbookError(f"{folder} is a file; give the name of a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise HandbookError(f"{folder} already exists and is not empty; choose a new folder, "
                            "nothing was written")
    files = render_starter(answers, lambda kind, relative: _schema_comment(
        folder.absolute() / relative, schema_dir.absolute() / SCHEMA_FILES[kind]))
    folder.absolute().parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.absolute().parent))
    try:
        for relative, text in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        if folder.is_dir():
            folder.rmdir()  # empty, checked above
        os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return tuple(sorted(files))


def render_starter(answers: Answers, schema_comment) -> dict[str, str]:
    """Every starter file's text, by path inside the folder.

    `schema_comment(kind, relative)` gives the editor comment of the file at `relative`.
    """
    first = answers.languages[0]
    tracks = starter_tracks(answers.priority, answers.maturity)
    sizes = STARTER_LAUNCH_SIZES[answers.maturity]
    launched_people = sum(sizes[track] for track in tracks)
    context: dict[str, Any] = {
        "name": answers.name,
        "languages": answers.languages,
        "priority": answers.priority,
        "maturity": answers.maturity,
        "start": answers.start,
        "primary": answers.primary,
        "accent": answers.accent,
        "tracks": tracks,
        "sizes": sizes,
        "audiences": PRIORITY_AUDIENCES[answers.priority],
        "pillar": PRIORITY_PILLAR[answers.priority],
        "people": [dict(zip(("id", "role", "fr", "en", "fr_title", "en_title"), role))
                   for role in ROLES],
        # Aim for two ambassadors in three posting regularly by month 6, not everyone.
        "active_target": launched_people * 2 // 3,
        "month6": add_months(answers.start, 6),
        "month12": add_months(answers.start, 12),
        "kit_tracks": (
            "employee" if "employee" in tracks else tracks[0],
            next((t for t in ("experts", "leaders") if t in tracks), tracks[0]),
        ),
        "post_audience": [t for t in tracks if t in ("employee", "experts")] or list(tracks),
        "territory_audience": [t for t in tracks if t in ("experts", "leaders")] or list(tracks),
    }
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(STARTER_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # JSON strings are valid YAML double-quoted scalars: a user's answer is always quoted safely.
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.globals["say"] = lambda fr, en: fr if first == "fr" else en
    files = {}
    for template_name in sorted(env.list_templates(extensions=["yml"])):
        comment = schema_comment(_kind(template_name), template_name)
        text = env.get_template(template_name).render(context, schema_comment=comment)
        if len(answers.languages) == 1:
            text = _one_language(text, first)
        files[template_name] = text
    return files


def _kind(relative: str) -> str:
    if relative.startswith("kits/"):
        return "kit"
    if relative.startswith("training/"):
        return "training"
    return Path(relative).stem


def _schema_comment(file: Path, schema: Path) -> str:
    relative = Path(os.path.relpath(schema, file.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}"


def _one_language(text: str, lang: str) -> str:
    """Keep only `lang` in every bilingual text; comments and layout stay as written."""
    yaml = YAML(typ="rt")
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    tree = yaml.load(text)
    _collapse(tree, lang)
    out = StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _collapse(node: Any, lang: str) -> None:
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, value in list(items):
        if isinstance(value, dict) and set(value) == {"fr", "en"}:
            node[key] = value[lang]
        else:
            _collapse(value, lang)
