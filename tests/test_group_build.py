"""Building a group: the example group (charters/groupe-helios) end to end, the portal's
structure and links, each entity's own site, parallel builds giving the bytes of a serial one,
and failures that report every entity and leave the previous output as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.build import pipeline as build_module
from generator.build.group import EntityTask, build_group, run_tasks
from generator.build.pipeline import MARKER
from generator.core.errors import BuildError
from generator.printables.pdf import CACHE_DIRNAME

from .conftest import FIXTURES, REPO, run
from .test_build import tree_digest
from .test_group_kpi import add_exports

HELIOS = REPO / "charters" / "groupe-helios"
ENTITIES = ("helios-energie", "helios-solaire", "helios-services")


@pytest.fixture(scope="module")
def helios(tmp_path_factory) -> Path:
    """The example group, built once for this module, in strict mode."""
    output = tmp_path_factory.mktemp("helios") / "site"
    build_group(HELIOS, output, strict=True, display="charters/groupe-helios")
    return output


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def rows(table) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.select("th, td")]
            for row in table.select("tr")]


def resolves(page: Path, href: str) -> bool:
    target = urlsplit(href).path
    return (page.parent / target).resolve().is_file()


# --- the example group ------------------------------------------------------------------------

def test_the_example_group_builds_portal_and_entities(helios):
    assert json.loads((helios / MARKER).read_text()) == {
        "tool": "handbook", "group": True, "languages": ["fr", "en"],
        "entities": list(ENTITIES)}
    for root in (helios, helios / "en"):
        assert (root / "index.html").is_file() and (root / "indicators.html").is_file()
    for entity in ENTITIES:
        assert (helios / entity / "index.html").is_file()
        assert (helios / entity / "charter.html").is_file()
    # Each entity in its own languages: Hélios Services is in French only.
    assert (helios / "helios-energie" / "en" / "charter.html").is_file()
    assert (helios / "helios-solaire" / "en" / "charter.html").is_file()
    assert not (helios / "helios-services" / "en").exists()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_portal_lists_entities_mix_and_charter_versions(helios, lang):
    root = helios if lang == "fr" else helios / "en"
    page = soup(root / "index.html")
    assert page.html["lang"] == lang
    entities, shared = page.select("article table")
    listed = rows(entities)[1:]
    assert [row[0] for row in listed] == ["Hélios Énergie", "Hélios Solaire", "Hélios Services"]
    tracks = {"fr": ("Employee Advocacy", "Ambassadeurs / Experts", "Leader Advocacy"),
              "en": ("Employee Advocacy", "Ambassadors / Experts", "Leader Advocacy")}[lang]
    assert [row[1] for row in listed] == [", ".join(tracks), f"{tracks[0]}, {tracks[2]}",
                                          tracks[0]]
    charters = [row[3] for row in listed]
    if lang == "fr":
        assert charters == ["version 2.0 (adoptée) règles communes 1.1",
                            "version 1.1 (adoptée) règles communes 1.1",
                            ("version 1.0 (adoptée) règles communes 1.0\u00a0: à mettre à jour , le "
                             "groupe en est à la 1.1")]
    else:
        assert charters == ["version 2.0 (adopted) shared rules 1.1",
                            "version 1.1 (adopted) shared rules 1.1",
                            ("version 1.0 (adopted) shared rules 1.0: to update , the group's "
                             "are at 1.1")]
    # Only the entity on outdated shared rules is marked.
    marked = [row.select_one("td:nth-of-type(1)").get_text(strip=True)
              for row in entities.select("tbody tr") if row.select_one(".hb-outdated")]
    assert marked == ["Hélios Services"]
    shared_rows = rows(shared)[1:]
    assert len(shared_rows) == 10
    left_out = {row[0]: row[3] for row in shared_rows if row[3] != "—"}
    assert left_out == {{"fr": "Réagissez à l'actualité de la filière avec votre regard",
                         "en": "React to industry news from your own point of view"}[lang]:
                        "Hélios Solaire"}
    assert sum(1 for row in shared_rows if row[2] in ("oui", "yes")) == 4


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_portal_link_resolves_and_reaches_the_entity_in_its_language(helios, lang):
    root = helios if lang == "fr" else helios / "en"
    for name in ("index.html", "indicators.html"):
        page = root / name
        for link in soup(page).select("a[href]"):
            href = link["href"]
            if href.startswith(("http://", "https://", "#", "mailto:")):
                continue
            assert resolves(page, href), (name, href)
    links = [a["href"] for a in soup(root / "index.html").select("a.hb-entity")]
    if lang == "fr":
        assert links == [f"{entity}/index.html" for entity in ENTITIES]
    else:  # Hélios Services has no English version: its French one
        assert links == ["../helios-energie/en/index.html", "../helios-solaire/en/index.html",
                         "../helios-services/index.html"]


def test_portal_and_entities_each_have_their_own_search(helios):
    def index(root: Path) -> dict:
        return json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))

    assert index(helios)["config"]["lang"] == ["fr"]
    assert index(helios / "en")["config"]["lang"] == ["en"]
    portal_pages = {doc["location"].split("#")[0] for doc in index(helios)["docs"]}
    assert portal_pages == {"index.html", "indicators.html"}
    for entity in ENTITIES:
        entity_index = index(helios / entity)
        assert entity_index["config"]["lang"] == ["fr"]
        assert any(doc["location"] == "charter.html" for doc in entity_index["docs"])
    assert index(helios / "helios-energie" / "en")["config"]["lang"] == ["en"]


def test_each_entity_site_has_what_it_inherits_and_its_own(helios):
    def anchors(entity: str) -> set[str]:
        page = soup(helios / entity / "charter.html")
        return {tag["id"] for tag in page.select("article [id]")}

    energie, solaire = anchors("helios-energie"), anchors("helios-solaire")
    for rule in ("share-field-experience", "image-rights", "disclose-your-link"):
        assert rule in energie and rule in solaire
    assert "explain-your-job" in energie and "explain-your-job" not in solaire
    assert "react-to-sector-news" in energie and "react-to-sector-news" not in solaire
    assert "harness-on-every-photo" in solaire
    # Its history (history/charter-1.0.yml) read with the group's rules: its own changes.
    changes = soup(helios / "helios-solaire" / "charter-changes.html")
    assert [a["href"] for a in changes.select("article a[href^='charter.html#']")] == [
        "charter.html#harness-on-every-photo", "charter.html#show-the-roof"]
    kits = {entity: sorted(p.stem for p in (helios / entity / "kits").glob("*.html")
                           if p.stem != "index") for entity in ENTITIES}
    assert kits == {
        "helios-energie": ["company-news-my-take", "csr-in-action", "day-in-my-life",
                           "debunk-energy-myth"],
        "helios-solaire": ["company-news-my-take", "day-in-my-life", "site-behind-the-scenes"],
        "helios-services": ["company-news-my-take", "csr-in-action", "day-in-my-life"],
    }
    # The shared module's printables in each entity, in each of its languages.
    assert (helios / "helios-services" / "printables" / "kick-off-bundle-fr.zip").is_file()
    assert (helios / "helios-energie" / "en" / "printables" /
            "kick-off-facilitator-guide-en.pdf").is_file()
    assert (helios / "helios-energie" / "printables" / "charter-full.pdf").is_file()


def test_branding_is_inherited_key_by_key(helios):
    def css(root: Path) -> str:
        return (root / "assets" / "brand.css").read_text(encoding="utf-8")

    assert "--md-primary-fg-color: #0b4f6c;" in css(helios)
    assert "--md-primary-fg-color: #0b4f6c;" in css(helios / "helios-energie")
    solaire = css(helios / "helios-solaire")
    assert "--md-primary-fg-color: #1f5e3a;" in solaire
    assert "--md-accent-fg-color: #ac660c;" in solaire  # the group's accent
    logo = (helios / "helios-energie" / "assets" / "logo.svg").read_text(encoding="utf-8")
    assert "Groupe Hélios" in logo  # the group's logo
    logo = (helios / "helios-solaire" / "assets" / "logo.svg").read_text(encoding="utf-8")
    assert "Hélios Solaire" in logo  # its own


@pytest.mark.slow
def test_the_group_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "group", tmp_path / "grp")
    result = run("build", "grp", "-o", "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built the group grp into out/ in ")
    assert "(1 process): the portal (fr) and 3 entities: alpha (fr, 27 pages per language); " \
           "beta (fr, 28 pages per language); gamma (fr, 27 pages per language)." in result.stdout
    assert run("build", "grp", "-o", "out", "--jobs", "0").exit_code == 2


# --- parallel, serial, failures ---------------------------------------------------------------

@pytest.mark.slow
def test_a_parallel_build_gives_the_bytes_of_a_serial_one(tmp_path):
    group = tmp_path / "grp"
    shutil.copytree(FIXTURES / "group", group)
    add_exports(group)
    serial = build_group(group, tmp_path / "serial", jobs=1)
    parallel = build_group(group, tmp_path / "parallel", jobs=3)
    assert (serial.processes, parallel.processes) == (1, 3)
    digest = tree_digest(tmp_path / "serial")
    assert any(name.endswith(".pdf") for name in digest)
    assert any(name.endswith(".zip") for name in digest)
    assert "indicators.html" in digest and "beta/steering/dashboard.html" in digest
    assert digest == tree_digest(tmp_path / "parallel")
    # Each entity kept its PDFs in its own cache beside the output, none inside it.
    assert sorted(p.name for p in (tmp_path / CACHE_DIRNAME / "parallel").iterdir()) == [
        "alpha", "beta", "gamma"]
    assert parallel.pdfs_rendered == serial.pdfs_rendered > 0


@pytest.mark.slow
def test_errors_in_several_entities_are_all_reported_and_nothing_is_replaced(tmp_path,
                                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "group", tmp_path / "grp")
    assert run("build", "grp", "-o", "out").exit_code == 0
    before = tree_digest(tmp_path / "out")
    alpha = tmp_path / "grp" / "entities" / "alpha" / "charter.yml"
    alpha.write_text(alpha.read_text().replace("drop: [disclose-ties]", "drop: [image-rights]"))
    gamma = tmp_path / "grp" / "entities" / "gamma" / "handbook.yml"
    gamma.write_text(gamma.read_text().replace("launch_size: 25", "launch_size: many"))
    result = run("build", "grp", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        ("grp/entities/alpha/charter.yml:5:8: error: drop[0]: the shared rule 'image-rights' is "
         "mandatory (grp/group.yml:19:74): an entity cannot drop it; remove it from drop"),
        ("grp/entities/gamma/handbook.yml:8:29: error: programme.tracks.employee.launch_size: "
         "expected a whole number, got the text 'many'"),
        "Invalid input: 2 errors.",
    ]
    assert tree_digest(tmp_path / "out") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [CACHE_DIRNAME, "grp", "out"]


@pytest.mark.slow
def test_entities_failing_late_are_all_reported_and_nothing_is_replaced(tmp_path, monkeypatch):
    output = tmp_path / "site"
    build_group(FIXTURES / "group", output, jobs=1)
    before = tree_digest(output)
    real_run_mkdocs = build_module.run_mkdocs

    def break_alpha_and_gamma(config_file, site_dir, moment, docs, **kwargs):
        # A broken link planted in two entities' generated projects: MkDocs must refuse them.
        if config_file.parent.parent.parent.name in ("alpha", "gamma"):
            docs = {**docs, "charter.md": docs["charter.md"] + b"\n[broken](nowhere.md)\n"}
        real_run_mkdocs(config_file, site_dir, moment, docs=docs, **kwargs)

    monkeypatch.setattr(build_module, "run_mkdocs", break_alpha_and_gamma)
    with pytest.raises(BuildError) as caught:
        build_group(FIXTURES / "group", output, jobs=1)
    message = str(caught.value)
    assert message.startswith("2 of 3 entities could not be built; the output was left as "
                              "it was:\n  alpha: MkDocs refused the generated site (fr)")
    assert "\n  gamma: MkDocs refused the generated site (fr)" in message
    assert message.count("nowhere.md") == 2
    assert tree_digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [CACHE_DIRNAME, "site"]


@pytest.mark.slow
def test_an_error_in_a_worker_process_comes_back_as_that_entitys_error(tmp_path):
    missing = tmp_path / "no-group"
    tasks = [EntityTask(missing, "no-group", entity, tmp_path / "work" / entity,
                        tmp_path / "site" / entity, tmp_path / "cache" / entity)
             for entity in ("alpha", "beta")]
    results = run_tasks(tasks, processes=2)
    missing = ("no-group/group.yml:1:1: error: this file is missing; every handbook folder "
               "needs one (see charters/demo/group.yml)")
    assert [(r.entity_id, r.error) for r in results] == [("alpha", missing), ("beta", missing)]
