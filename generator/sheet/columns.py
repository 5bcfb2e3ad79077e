"""The workshop workbook, declared once: its sheets, their columns, the words it shows and the
limits it enforces. export.py writes what is declared here and read.py expects exactly it.

The workbook speaks the organisation's default language (sheet names, headers, decisions);
its texts have one column per language of the handbook.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache

from ..inputs.labels import labels
from ..model.charter import CoBuilding
from ..model.vocab import CHARTER_SECTIONS

# Longest text a cell may hold, per field, in characters. A title is printed alone on the
# one-page charter; the others must stay readable on a card. Only texts the workshop changed
# or added are held to these limits, so an export always imports back.
LIMITS = {"title": 120, "question": 200, "text": 1000, "example": 1000, "do": 1000}
RULE_TEXTS = ("title", "text", "example", "question")  # a rule's text fields, in file order
RULE_KEYS = ("id", *RULE_TEXTS, "ask")  # a new rule's keys, in schema order
SESSION_FORMATS: tuple[str, ...] = typing.get_args(CoBuilding.model_fields["format"].annotation)
DECISIONS = ("keep", "change", "new", "remove")
# Rows kept ready below the data: drop-downs and wrapping already set for what the workshop adds.
SPARE_ROWS = 100

SHEET_NAMES = {
    "fr": {"howto": "Mode d'emploi", "encouraged": "Encouragé", "discouraged": "Déconseillé",
           "confidentiality": "Confidentialité", "legal": "Juridique",
           "moderation": "Modération", "bad_buzz": "Bad buzz", "co_built": "Co-construction",
           "contacts": "Contacts"},
    "en": {"howto": "How to use this file", "encouraged": "Encouraged",
           "discouraged": "Discouraged", "confidentiality": "Confidentiality", "legal": "Legal",
           "moderation": "Moderation", "bad_buzz": "Bad buzz", "co_built": "Co-building",
           "contacts": "Contacts"},
}
HEADERS = {
    "fr": {"id": "Identifiant", "title": "Titre", "text": "Texte", "example": "Exemple",
           "question": "Question", "ask": "Contact", "decision": "Décision",
           "comment": "Commentaire", "n": "N°", "do": "Que faire", "who": "Qui",
           "date": "Date", "format": "Format", "participants": "Participants", "name": "Nom",
           "role": "Rôle", "position": "Fonction"},
    "en": {"id": "Id", "title": "Title", "text": "Text", "example": "Example",
           "question": "Question", "ask": "Contact", "decision": "Decision",
           "comment": "Comment", "n": "No.", "do": "What to do", "who": "Who", "date": "Date",
           "format": "Format", "participants": "Participants", "name": "Name", "role": "Role",
           "position": "Position"},
}
DECISION_WORDS = {"fr": ("garder", "modifier", "nouvelle", "supprimer"), "en": DECISIONS}
LANGUAGE_NAMES = {"fr": {"fr": "français", "en": "anglais"},
                  "en": {"fr": "French", "en": "English"}}
WIDTHS = {"id": 30, "title": 40, "text": 60, "example": 60, "question": 40, "ask": 22,
          "decision": 14, "comment": 40, "n": 6, "do": 60, "who": 22, "date": 14,
          "format": 16, "participants": 14, "name": 24, "role": 20, "position": 50}


@dataclass(frozen=True)
class Column:
    """One column: the field it holds, and its language for a text field."""

    field: str
    lang: str | None = None

    def header(self, ui: str) -> str:
        label = HEADERS[ui][self.field]
        return f"{label} ({self.lang})" if self.lang else label

    @property
    def width(self) -> int:
        return WIDTHS[self.field]


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook: the part of the charter it holds and its columns."""

    part: str  # a section of CHARTER_SECTIONS, "bad_buzz", "co_built" or "contacts"
    columns: tuple[Column, ...]
    key: str  # the column that names an existing item: a rule's id, a step's or session's number

    def name(self, ui: str) -> str:
        return SHEET_NAMES[ui][self.part]

    def index(self, field: str, lang: str | None = None) -> int:
        """1-based index of a column."""
        return self.columns.index(Column(field, lang)) + 1

    def texts(self, field: str) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.field == field)


def _texts(fields: tuple[str, ...], languages: tuple[str, ...]) -> tuple[Column, ...]:
    return tuple(Column(field, lang) for field in fields for lang in languages)


def data_sheets(languages: tuple[str, ...]) -> tuple[SheetSpec, ...]:
    """The sheets the import reads, in workbook order."""
    workshop = (Column("decision"), Column("comment"))
    rules = tuple(SheetSpec(section, (Column("id"), *_texts(RULE_TEXTS, languages),
                                      Column("ask"), *workshop), "id")
                  for section in CHARTER_SECTIONS)
    steps = SheetSpec("bad_buzz", (Column("n"), *_texts(("do",), languages), Column("who"),
                                   *workshop), "n")
    sessions = SheetSpec("co_built", (Column("n"), Column("date"), Column("format"),
                                      Column("participants"), *workshop), "n")
    return (*rules, steps, sessions)


CONTACTS = SheetSpec("contacts", (Column("id"), Column("name"), Column("role"),
                                  Column("position")), "id")


@cache
def format_words(ui: str) -> dict[str, str]:
    """Each kind of co-building session as the workbook shows it, by its value in the file."""
    words = labels(ui)["enums"]["co_building"]
    return {value: str(words[value]) for value in SESSION_FORMATS}


def how_to(ui: str, organisation: str, version: str) -> tuple[str, ...]:
    """The lines of the first sheet, for the people in the workshop (no tool words)."""
    names = SHEET_NAMES[ui]
    keep, change, new, remove = DECISION_WORDS[ui]
    limits = LIMITS
    if ui == "fr":
        return (
            f"Charte des réseaux sociaux de {organisation}, version {version} : à co-construire",
            "",
            (f"Chaque onglet de « {names['encouraged']} » à « {names['moderation']} » est une "
            "partie de la charte, avec une ligne par règle. Le texte est donné dans chaque "
            "langue du guide."),
            ("Pour modifier une règle : corrigez le texte directement dans sa cellule et "
            f"choisissez « {change} » dans la colonne Décision."),
            ("Pour ajouter une règle : remplissez une ligne vide sous les autres, laissez "
            f"l'identifiant vide et choisissez « {new} ». L'identifiant est créé à partir du "
            "titre."),
            (f"Pour retirer une règle : choisissez « {remove} ». Effacer la ligne ne suffit "
            "pas : la règle serait gardée."),
            f"Une règle que vous gardez telle quelle : « {keep} », ou rien.",
            ("Contact : la personne à qui demander en cas de doute, choisie dans la liste "
            f"(onglet « {names['contacts']} »)."),
            "La colonne Commentaire est pour vos remarques : elles ne vont pas dans la charte.",
            (f"L'onglet « {names['bad_buzz']} » donne les étapes à suivre quand une publication "
            f"tourne mal ; « {names['co_built']} » les séances de co-construction : ajoutez "
            "la vôtre."),
            "",
            ("À ne pas faire : renommer ou supprimer un onglet, changer la première ligne d'un "
            "onglet, modifier un identifiant, écrire une formule (une cellule qui commence "
            "par =)."),
            (f"Longueurs maximales : titre {limits['title']} caractères, question "
            f"{limits['question']}, texte et exemple {limits['text']}."),
            ("Rendez le fichier à la personne qui vous l'a envoyé : elle reporte les "
            "modifications dans la charte et vous montre ce qui a changé."),
        )
    return (
        f"{organisation}'s social-media charter, version {version}: to co-build",
        "",
        (f"Each sheet from \"{names['encouraged']}\" to \"{names['moderation']}\" is a part of "
        "the charter, with one row per rule. The text is given in each language of the "
        "handbook."),
        ("To change a rule: correct the text right in its cell and choose "
        f"\"{change}\" in the Decision column."),
        ("To add a rule: fill in an empty row below the others, leave the id empty and choose "
        f"\"{new}\". The id is made from the title."),
        (f"To remove a rule: choose \"{remove}\". Deleting the row is not enough: the rule "
        "would be kept."),
        f"A rule you keep as it is: \"{keep}\", or nothing.",
        ("Contact: the person to ask when in doubt, chosen from the list (sheet "
        f"\"{names['contacts']}\")."),
        "The Comment column is for your remarks: they do not go into the charter.",
        (f"The \"{names['bad_buzz']}\" sheet gives the steps to follow when a post goes wrong; "
        f"\"{names['co_built']}\" the co-building sessions: add yours."),
        "",
        ("Please do not: rename or delete a sheet, change the first row of a sheet, change an "
        "id, write a formula (a cell starting with =)."),
        (f"Longest texts: title {limits['title']} characters, question {limits['question']}, "
        f"text and example {limits['text']}."),
        ("Give the file back to the person who sent it to you: they bring the changes into the "
        "charter and show you what changed."),
    )
