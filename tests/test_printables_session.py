"""The documents a trainer runs a session with: the facilitator guide (key messages and timing
per block, defaults from the playbook, a module's own), the handout's worksheets, the 16:9
slides, each bundle's files and README, the charter's bad-buzz block, and the same bytes
whatever the number of processes rendering them."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from generator.inputs.handbook import load_handbook
from generator.inputs.labels import labels
from generator.printables.charter import charter_printables
from generator.printables.pdf import PdfCache
from generator.printables.training import TrainingKitPrinter
from generator.site.facts import programme_facts
from generator.site.project import write_files

from .conftest import DEMO, run
from .test_training_kits import language_roots, page_count, pdf_info, pdf_text, plain


@pytest.fixture(scope="module")
def demo():
    handbook, _ = load_handbook(DEMO)
    return handbook

def test_the_guide_gives_each_block_of_effective_post_its_key_message_and_timing(
        demo_site, demo):
    module = dict(demo.modules)["effective-post"]
    languages = demo.settings.languages
    for lang, root in language_roots(demo_site, demo):
        guide_words = labels(lang)["printables"]["guide"]
        text = pdf_text(root / "printables" / f"effective-post-facilitator-guide-{lang}.pdf")
        elapsed = 0
        assert len(module.agenda) == 6
        for item in module.agenda:
            timing = guide_words["timing"].format(
                start=f"{elapsed // 60}:{elapsed % 60:02d}",
                end=f"{(elapsed + item.minutes) // 60}:{(elapsed + item.minutes) % 60:02d}",
                n=item.minutes)
            block = text.index(timing)  # the block's header: its number, title and timing
            title = plain(item.title, lang, languages)
            assert text.rindex(title, 0, block) + len(title) == block - 1
            assert item.key_messages and item.objective
            for message in item.key_messages:
                assert plain(message, lang, languages) in text[block:]
            assert plain(item.objective, lang, languages) in text[block:]
            elapsed += item.minutes


def test_the_guide_has_its_checklist_debrief_objections_and_follow_up(demo_site, demo):
    for lang, root in language_roots(demo_site, demo):
        words = labels(lang)["printables"]
        text = pdf_text(root / "printables" / f"effective-post-facilitator-guide-{lang}.pdf")
        defaults = words["defaults"]
        for heading in ("room", "running", "debrief", "objections", "after"):
            assert words["guide"][heading] in text
        # The demo module gives none of these: the playbook's are printed.
        for text_of in (*defaults["room"], *defaults["debrief"], *defaults["follow_up"],
                        *(o["question"] for o in defaults["objections"])):
            assert " ".join(text_of.split()).replace("\u202f", " ") in text.replace(
                "\u202f", " "), text_of
        # The cover gives the planned sessions.
        assert words["guide"]["sessions"] in pdf_text(
            root / "printables" / f"effective-post-facilitator-guide-{lang}.pdf", 1)


@pytest.mark.slow
def test_a_module_replaces_the_defaults_and_its_transitions_are_printed(org, tmp_path):
    module = org / "training" / "effective-post.yml"
    module.write_text(
        "title: Construire un post efficace\naudience: [employee]\nduration_minutes: 60\n"
        "agenda:\n"
        "  - {minutes: 20, title: Accueil, transition: On passe à l'atelier.}\n"
        "  - {minutes: 40, title: Atelier, key_messages: ['Vos mots, pas les nôtres.']}\n"
        "kits: [day-in-my-life]\n"
        "room: [Une salle avec des tables en îlots]\n"
        "debrief: []\n"
        "objections:\n  - {question: Et LinkedIn ?, answer: On commence par là.}\n"
        "follow_up: [Le lien vers le canal]\n", encoding="utf-8")
    result = run("build", "org", "-o", "out")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "out" / "printables" / "effective-post-facilitator-guide-fr.pdf")
    words = labels("fr")["printables"]
    for given in ("On passe à l'atelier.", "Vos mots, pas les nôtres.",
                  "Une salle avec des tables en îlots", "Le lien vers le canal",
                  "On commence par là."):
        assert given in text
    assert "Ensuite\u00a0: Atelier" not in text  # the module's own transition, not the default
    assert "Clôturer la séance" in text  # the last block's default
    assert words["guide"]["debrief"] not in text  # `[]`: none, not the default
    assert words["defaults"]["room"][0] not in text


def test_a_new_field_with_a_wrong_value_is_an_error_at_its_place(org):
    module = org / "training" / "effective-post.yml"
    module.write_text(module.read_text(encoding="utf-8")
                      + "objections:\n  - {question: Et LinkedIn ?}\nsessions: [{date: demain}]\n",
                      encoding="utf-8")
    result = run("check", "org")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        ("org/training/effective-post.yml:9:5: error: objections[0].answer: required key is "
         "missing: add 'answer:' under 'objections[0]'"),
        ("org/training/effective-post.yml:10:19: error: sessions[0].date: expected a date written "
         "YYYY-MM-DD, like 2027-01-15, got the text 'demain'"),
        "Invalid input: 2 errors.",
    ]


def test_the_handout_has_its_objectives_the_charter_rules_and_worksheets(demo_site, demo):
    languages = demo.settings.languages
    for lang, root in language_roots(demo_site, demo):
        words = labels(lang)["printables"]["handout"]
        for module_id, module in demo.modules:
            pdf = root / "printables" / f"{module_id}-participant-handout-{lang}.pdf"
            text = pdf_text(pdf)
            for rule in demo.charter.encouraged:
                assert plain(rule.title, lang, languages) in text
            worksheets = [page for page in range(1, page_count(pdf) + 1)
                          if words["worksheets"].upper() in pdf_text(pdf, page)]
            assert len(worksheets) >= 2, (pdf.name, worksheets)
            for title in ("territory", "ideas", "draft", "commitment"):
                assert any(words[title] in pdf_text(pdf, page) for page in worksheets), title


def test_slides_are_16_9_one_per_block_with_a_title_rules_and_closing(demo_site, demo):
    languages = demo.settings.languages
    for lang, root in language_roots(demo_site, demo):
        words = labels(lang)["printables"]
        for module_id, module in demo.modules:
            pdf = root / "printables" / f"{module_id}-slides-{lang}.pdf"
            width, _, height = pdf_info(pdf)["Page size"].split()[:3]
            assert abs(float(width) / float(height) - 16 / 9) < 0.001
            assert page_count(pdf) == len(module.agenda) + 3
            assert plain(module.title, lang, languages) in pdf_text(pdf, 1)
            assert words["deck"]["rules"] in pdf_text(pdf, 2)
            for index, item in enumerate(module.agenda):
                assert plain(item.title, lang, languages) in pdf_text(pdf, index + 3)
            assert words["deck"]["closing"] in pdf_text(pdf, page_count(pdf))


def test_each_bundle_holds_exactly_the_session_files_and_a_readme(demo_site, demo):
    for lang, root in language_roots(demo_site, demo):
        readme_words = labels(lang)["printables"]["readme"]
        for module_id, module in demo.modules:
            folder = f"{module_id}-bundle-{lang}"
            files = [f"{module_id}-facilitator-guide-{lang}.pdf",
                     f"{module_id}-participant-handout-{lang}.pdf",
                     f"{module_id}-slides-{lang}.pdf", "charter-glance.pdf",
                     *(f"{kit_id}-card-sheets-{lang}.pdf" for kit_id in module.kits)]
            with zipfile.ZipFile(root / "printables" / f"{folder}.zip") as bundle:
                assert bundle.namelist() == [f"{folder}/README.txt",
                                             *(f"{folder}/{name}" for name in files)]
                for name in files:
                    assert bundle.read(f"{folder}/{name}") == (
                        root / "printables" / name).read_bytes()
                readme = bundle.read(f"{folder}/README.txt").decode("utf-8")
            for name in files:
                assert f"\r\n{name}\r\n" in readme
            assert readme_words["card_sheets"] in readme


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_charter_on_one_page_says_what_each_bad_buzz_step_does_and_who(
        demo_site, demo, lang):
    root = dict(language_roots(demo_site, demo))[lang]
    text = pdf_text(root / "printables" / "charter-glance.pdf")
    people = {person.id: person.name for person in demo.settings.people}
    position = 0
    for step in demo.charter.bad_buzz.steps:
        action = plain(step.do, lang, demo.settings.languages)[:40]
        position = text.index(action, position)
        assert text.index(people[step.who], position) - position < 400


@pytest.mark.slow
def test_the_same_bytes_whatever_the_number_of_rendering_processes(org, tmp_path):
    handbook, _ = load_handbook(org)
    facts = programme_facts(handbook)
    moment = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    written = {}
    for workers in (1, 2):
        root = tmp_path / f"site-{workers}"
        cache = PdfCache(tmp_path / f"cache-{workers}")
        write_files(root, charter_printables(handbook, "fr", cache))
        with TrainingKitPrinter(handbook, facts, cache, moment, workers=workers) as printer:
            printer.write_language("fr", root, "")
        written[workers] = {p.name: p.read_bytes() for p in (root / "printables").iterdir()}
        assert cache.rendered == 8  # 3 charter PDFs, 2 card documents, guide, handout, slides
    assert written[1] == written[2]
    assert len(written[1]) == 9  # and the bundle
