"""Idea cards: one idea per A6 card, its front and its back, laid out to use the whole face.

Three documents come from one template (templates/cards.html), so the card is the same in all:
- `sheets`: A4 sheets for an office printer, four cards a sheet (2 × 2) at SCALE, so that the
  3 mm bleeds and the crop marks fit inside the printer's margins; each sheet of fronts is
  followed by its backs, mirrored for duplex printing flipped on the short edge (the back of
  the top-left card lands behind it at the bottom-left of the back page as printed);
- `a6`: one face a page at full size, 3 mm bleed and crop marks, for a print shop;
- `measure`: each face's text alone on a page as tall as needed, so that the text a card
  cannot hold is laid out and counted (render.measure): too long a card is an error naming
  the kit's file, the idea and how many characters to cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..core.errors import Diagnostic
from ..inputs.positions import dotted
from ..model.handbook import Handbook
from ..model.training import Kit
from .render import Job, Overflow

TRIM = (105.0, 148.0)  # A6, mm
BLEED = 3.0  # mm around the trim box that coloured areas fill
SHEET = (210.0, 297.0)  # A4
SCALE = 0.86  # four cards, their bleeds and marks inside an office printer's margins
BAND = 16.0  # the coloured band at the top of each face, from the trim line
PAD = 7.0  # the face's side padding
FOOT = 12.0  # the face's foot (a reminder), from the bottom trim line
GAP = 4.0  # between the band and the text
TEXT = (TRIM[0] - 2 * PAD, TRIM[1] - BAND - GAP - FOOT)  # the text's box on a face
MARK = 5.0  # crop marks' length, drawn 1 mm outside the bleed


@dataclass(frozen=True)
class Face:
    idea: int  # 1-based
    side: str  # "front" | "back"

    @property
    def id(self) -> str:
        return f"{self.idea}-{self.side}"


@dataclass(frozen=True)
class Slot:
    x: float  # the card's trim box on the sheet, mm
    y: float
    face: Face | None


@dataclass(frozen=True)
class Sheet:
    side: str
    number: int  # 1-based, counted per side
    slots: tuple[Slot, ...]


def slot_origins() -> tuple[tuple[float, float], ...]:
    """The trim boxes' top-left corners on an A4 sheet: top-left, top-right, bottom-left,
    bottom-right; the cards' bleeds meet in the gutters between them."""
    width, height, gutter = TRIM[0] * SCALE, TRIM[1] * SCALE, 2 * BLEED * SCALE
    left = (SHEET[0] - 2 * width - gutter) / 2
    top = (SHEET[1] - 2 * height - gutter) / 2
    return tuple((left + column * (width + gutter), top + row * (height + gutter))
                 for row in (0, 1) for column in (0, 1))


# Where the back of the card in each slot goes on the back page: flipped on the short edge,
# a portrait sheet's top row lands on the bottom row, left and right staying where they were.
BACK_OF = (2, 3, 0, 1)


def sheets(ideas: int) -> tuple[Sheet, ...]:
    """The A4 pages: for each group of four ideas, their fronts, then their backs mirrored."""
    origins = slot_origins()
    pages = []
    for number, first in enumerate(range(0, ideas, 4), start=1):
        fronts = [Face(first + i + 1, "front") if first + i < ideas else None for i in range(4)]
        backs = [Face(face.idea, "back") if face else None
                 for face in (fronts[i] for i in BACK_OF)]
        for side, faces in (("front", fronts), ("back", backs)):
            pages.append(Sheet(side, number, tuple(
                Slot(x, y, face) for (x, y), face in zip(origins, faces))))
    return tuple(pages)


def crop_marks() -> tuple[tuple[float, float, float, float], ...]:
    """The crop marks of an A4 sheet, as lines (x1, y1, x2, y2) in mm, all in its margins:
    each cut line of the cards is marked at both ends of the sheet."""
    origins = slot_origins()
    width, height = TRIM[0] * SCALE, TRIM[1] * SCALE
    xs = sorted({x for x, _ in origins} | {x + width for x, _ in origins})
    ys = sorted({y for _, y in origins} | {y + height for _, y in origins})
    away = BLEED * SCALE + 1.0
    lines = []
    for x in xs:
        lines += [(x, ys[0] - away - MARK, x, ys[0] - away),
                  (x, ys[-1] + away, x, ys[-1] + away + MARK)]
    for y in ys:
        lines += [(xs[0] - away - MARK, y, xs[0] - away, y),
                  (xs[-1] + away, y, xs[-1] + away + MARK, y)]
    return tuple(lines)


def card_jobs(render, kit: Kit) -> tuple[Job, Job]:
    """The jobs of a kit's two card documents: the A4 sheets, and the A6 cards (which carry
    the measure: rendered once, the check is made once). `render(mode, **names)` gives the
    template's HTML in one mode (`render(mode=..., faces=..., ...)`)."""
    faces = tuple(Face(n, side) for n in range(1, len(kit.ideas) + 1)
                  for side in ("front", "back"))
    geometry = {"trim": TRIM, "bleed": BLEED, "scale": SCALE, "band": BAND, "pad": PAD,
                "foot": FOOT, "gap": GAP, "text_box": TEXT, "sheet": SHEET}
    sheets_html = render(mode="sheets", faces=faces, sheets=sheets(len(kit.ideas)),
                         marks=crop_marks(), **geometry)
    a6 = render(mode="a6", faces=faces, sheets=(), marks=(), **geometry)
    measuring = render(mode="measure", faces=faces, sheets=(), marks=(), **geometry)
    return Job(sheets_html), Job(a6, measure=measuring, limit_mm=TEXT[1])


# What an editor shortens when a face does not fit.
_FIELDS = {"front": "its angle or its prompts",
           "back": "its openers, or the kit's do and avoid lists"}
LANGUAGE_NAMES = {"fr": "French", "en": "English"}


def overflow_diagnostics(handbook: Handbook, kit_id: str, lang: str,
                         overflows: tuple[Overflow, ...]) -> list[Diagnostic]:
    """Each face too long, as an error at its idea in the kit's file."""
    kit = handbook.kit(kit_id)
    diagnostics = []
    for overflow in overflows:
        idea, side = overflow.face.split("-")
        index = int(idea) - 1
        loc: tuple = ("ideas", index, "angle")
        if side == "back":
            loc = ("ideas", index, "openers") if kit.ideas[index].openers else ("ideas", index)
        message = (f"idea {idea} does not fit on its card: the {side} is too long by about "
                   f"{overflow.chars} characters in {LANGUAGE_NAMES.get(lang, lang)}; "
                   f"shorten {_FIELDS[side]}")
        if handbook.sources is not None:
            file, line, col, path = handbook.sources.locate(("kit", kit_id), loc)
            file = (PurePosixPath(handbook.sources.display) / file).as_posix()
        else:  # a handbook made in code, not read from a folder
            file, line, col, path = f"kits/{kit_id}.yml", 1, 1, dotted(loc)
        diagnostics.append(Diagnostic(file, line, col, "error", path, message))
    return diagnostics
