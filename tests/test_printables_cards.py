"""Idea cards as a trainer prints them: four to an A4 sheet with crop marks and mirrored backs,
one A6 card a page with bleed for a print shop, and a card too long for its face refused
with the kit's file, the idea and how much to cut, measured from the real layout."""

from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from generator.inputs.handbook import load_handbook
from generator.inputs.labels import labels
from generator.printables.cards import BLEED, SCALE, SHEET, TRIM, crop_marks, slot_origins
from generator.printables.training import card_overflows
from generator.site.facts import programme_facts

from .conftest import DEMO, run
from .test_training_kits import language_roots, page_count, page_size, pdf_info, pdf_text, plain

A4 = (595, 842)
MM = 72 / 25.4  # PDF points in a millimetre



@pytest.fixture(scope="module")
def demo():
    handbook, _ = load_handbook(DEMO)
    return handbook

def boxes(path: Path, page: int = 1) -> dict[str, tuple[float, ...]]:
    """The page boxes (MediaBox, TrimBox, BleedBox...) of one page, in points."""
    output = subprocess.run(["pdfinfo", "-box", "-f", str(page), "-l", str(page), str(path)],
                            capture_output=True, text=True, check=True).stdout
    return {match[1]: tuple(float(v) for v in match[2].split())
            for match in re.finditer(r"Page +\d+ (\w+): +([-\d. ]+)", output)}


def test_card_sheets_put_four_cards_on_a4_and_each_back_behind_its_front(demo_site, demo):
    languages = demo.settings.languages
    for lang, root in language_roots(demo_site, demo):
        idea_of = labels(lang)["printables"]["idea_of"]
        for kit_id, kit in demo.kits:
            pdf = root / "printables" / f"{kit_id}-card-sheets-{lang}.pdf"
            assert page_size(pdf) == A4
            total = len(kit.ideas)
            assert page_count(pdf) == 2 * math.ceil(total / 4)
            for sheet, first in enumerate(range(0, total, 4)):
                front, back = pdf_text(pdf, 2 * sheet + 1), pdf_text(pdf, 2 * sheet + 2)
                ideas = [n for n in range(first + 1, first + 5) if n <= total]
                # Fronts read top-left, top-right, bottom-left, bottom-right.
                positions = [front.index(plain(kit.ideas[n - 1].angle, lang, languages))
                             for n in ideas]
                assert positions == sorted(positions), (pdf.name, sheet)
                numbers = [idea_of.format(n=n, total=total) for n in ideas]
                assert [front.index(n) for n in numbers] == sorted(front.index(n)
                                                                   for n in numbers)
                # Backs: flipped on the short edge, the rows swap: 3, 4, then 1, 2.
                mirrored = [first + i + 1 for i in (2, 3, 0, 1) if first + i < total]
                found = sorted(mirrored, key=lambda n: back.index(idea_of.format(n=n,
                                                                                 total=total)))
                assert found == mirrored, (pdf.name, sheet)
                for n in ideas:
                    assert plain(kit.ideas[n - 1].angle, lang, languages) not in back
                    for opener in kit.ideas[n - 1].openers:
                        assert plain(opener, lang, languages) in back


def test_the_crop_marks_are_printed_in_the_margins_outside_every_card(demo_site, tmp_path):
    pdf = demo_site / "en" / "printables" / "day-in-my-life-card-sheets-en.pdf"
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile",
                    "-gray", str(pdf), str(tmp_path / "sheet")], check=True)
    dots_per_mm = 150 / 25.4
    width, height = TRIM[0] * SCALE, TRIM[1] * SCALE
    bleed = BLEED * SCALE
    marks = crop_marks()
    assert len(marks) == 16  # 4 cut lines each way, marked at both ends of the sheet
    with Image.open(tmp_path / "sheet.png") as printed:
        image = printed.convert("L")
        for x1, y1, x2, y2 in marks:
            middle = ((x1 + x2) / 2, (y1 + y2) / 2)
            # On the sheet, and outside every card's bleed box.
            assert 0 < middle[0] < SHEET[0] and 0 < middle[1] < SHEET[1]
            for left, top in slot_origins():
                inside = (left - bleed <= middle[0] <= left + width + bleed
                          and top - bleed <= middle[1] <= top + height + bleed)
                assert not inside, (x1, y1, x2, y2)
            x, y = round(middle[0] * dots_per_mm), round(middle[1] * dots_per_mm)
            darkest = min(image.getpixel((x + dx, y + dy))
                          for dx in range(-2, 3) for dy in range(-2, 3))
            assert darkest < 100, ((x1, y1, x2, y2), darkest)  # a dark line is drawn there
        # And nothing else is printed at the corner of the sheet.
        assert image.getpixel((5, 5)) == 255


def test_cards_for_a_print_shop_are_a6_with_3_mm_bleed(demo_site, demo):
    for lang, root in language_roots(demo_site, demo):
        for kit_id, kit in demo.kits:
            pdf = root / "printables" / f"{kit_id}-idea-cards-{lang}.pdf"
            assert page_count(pdf) == 2 * len(kit.ideas)
            found = boxes(pdf)
            trim, bleed = found["TrimBox"], found["BleedBox"]
            assert (round(trim[2] - trim[0]), round(trim[3] - trim[1])) == (298, 420)  # A6
            assert round((trim[0] - bleed[0]) / MM, 1) == BLEED
            assert round((bleed[3] - trim[3]) / MM, 1) == BLEED


def long_angle_kit(org: Path, angle: str) -> None:
    kit = org / "kits" / "day-in-my-life.yml"
    kit.write_text(kit.read_text(encoding="utf-8").replace(
        "angle: Raconter une journée type", f"angle: {angle}"), encoding="utf-8")


@pytest.mark.slow
def test_a_card_too_long_for_its_face_is_an_error_naming_the_file_and_the_idea(org):
    angle = ("Une journée " * 125)[:-1] + "."
    assert len(angle) == 1500
    long_angle_kit(org, angle)
    result = run("build", "org", "-o", "out")
    assert result.exit_code == 1
    message = result.stderr.splitlines()[0]
    match = re.fullmatch(
        r"org/kits/day-in-my-life\.yml:7:12: error: ideas\[0\]\.angle: idea 1 does not fit on "
        r"its card: the front is too long by about (\d+) characters in French; shorten its "
        r"angle or its prompts", message)
    assert match, result.stderr
    # Counted from the layout: most of the angle, and the prompt pushed off the card after it.
    assert 900 < int(match[1]) < 1500 + 40
    assert not Path("out").exists()  # nothing half-built


def test_an_angle_that_fills_the_card_exactly_fits_and_one_word_more_does_not(org):
    kit = org / "kits" / "day-in-my-life.yml"
    original = kit.read_text(encoding="utf-8")

    def overflow(words: int) -> int:
        """Characters past the front's limit with an angle of `words` words."""
        angle = " ".join(["journée"] * words)
        kit.write_text(original.replace("angle: Raconter une journée type",
                                        f"angle: '{angle}'"), encoding="utf-8")
        handbook, _ = load_handbook(org)
        found = card_overflows(handbook, programme_facts(handbook), "fr", "day-in-my-life")
        return sum(o.chars for o in found)

    low, high = 1, 200  # fits; does not fit
    assert overflow(low) == 0 and overflow(high) > 0
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if overflow(middle) == 0 else (low, middle)
    assert overflow(low) == 0  # exactly as much as the face holds: no error
    # One word more pushes the last line (the prompt's, or the room to write) off the card.
    assert 0 < overflow(high) < 60


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_card_documents_are_titled_and_authored(demo_site, demo, lang):
    root = dict(language_roots(demo_site, demo))[lang]
    info = pdf_info(root / "printables" / f"day-in-my-life-card-sheets-{lang}.pdf")
    assert info["Author"].strip() == demo.settings.organisation.name
    assert info["Title"].strip().startswith(labels(lang)["printables"]["idea_cards"])
