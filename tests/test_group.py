"""A group's entities: what each inherits from group.yml and how it overrides it, the errors
of the group's own rules (exact messages, each in the file the value was written in), and
the group diagnostic.

tests/fixtures/group: group.yml (French, primary colour, one shared contact `group-legal`,
six shared rules of which `no-figures` and `image-rights` are mandatory, shared kit
day-in-my-life, shared module effective-post) and three entities:
- alpha: drops `disclose-ties`, adds `celebrate-wins`, inherits everything else;
- beta: its own accent, its own `group-legal`, its own preamble, its own day-in-my-life kit
  and a kit of its own; adopted with shared rules 1.0 (the group is at 2.0);
- gamma: no leaders track.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.core.errors import InputError
from generator.diagnose.group import check_group, diagnose_group
from generator.inputs.group import load_entities, load_group
from generator.inputs.group_file import is_group
from generator.model.vocab import CHARTER_SECTIONS

from .conftest import FIXTURES, run

GROUP = FIXTURES / "group"


@pytest.fixture
def group_folder(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the group fixture at ./grp, in a fresh working directory."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(GROUP, tmp_path / "grp")
    return tmp_path / "grp"


def entities(folder: Path = GROUP, display: str = "grp") -> dict:
    group = load_group(folder, display)
    loaded, _ = load_entities(group)
    return {entity.id: entity for entity in loaded}


def rule_ids(handbook, section: str) -> list[str]:
    return [rule.id for rule in getattr(handbook.charter, section)]


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_entities(load_group(folder, "grp"))
    return [str(d) for d in caught.value.diagnostics]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- inheritance and override precedence ------------------------------------------------------

def test_a_folder_with_group_yml_is_a_group():
    assert is_group(GROUP)
    assert not is_group(GROUP / "entities" / "alpha")


def test_an_entity_inherits_what_it_does_not_give():
    alpha = entities()["alpha"].handbook
    settings = alpha.settings
    assert settings.languages == ["fr"]
    assert (settings.branding.primary, settings.branding.accent) == ("#123456", "#AC660C")
    assert [person.id for person in settings.people] == ["sponsor", "comms", "group-legal"]
    assert alpha.charter.preamble.common == "La charte commune du groupe."
    assert [step.who for step in alpha.charter.bad_buzz.steps] == ["group-legal"]
    assert [kit_id for kit_id, _ in alpha.kits] == ["day-in-my-life"]
    assert [module_id for module_id, _ in alpha.modules] == ["effective-post"]


def test_shared_rules_come_first_then_the_entitys_own_less_the_dropped_ones():
    alpha = entities()["alpha"]
    assert rule_ids(alpha.handbook, "encouraged") == ["share-news", "celebrate-wins"]
    assert rule_ids(alpha.handbook, "legal") == ["image-rights"]
    assert alpha.dropped_rules == ("disclose-ties",)
    gamma = entities()["gamma"].handbook
    assert {section: rule_ids(gamma, section) for section in CHARTER_SECTIONS} == {
        "encouraged": ["share-news"], "discouraged": ["no-polemics"],
        "confidentiality": ["no-figures"], "legal": ["image-rights", "disclose-ties"],
        "moderation": ["stay-calm"]}
    assert alpha.handbook.charter.version == "1.1"  # the entity's own version


def test_what_an_entity_gives_wins_over_the_group_key_by_key():
    beta = entities()["beta"].handbook
    settings = beta.settings
    # Its accent, the group's primary colour.
    assert (settings.branding.primary, settings.branding.accent) == ("#123456", "#AA5500")
    # Its own person with the id of the group's replaces the group's.
    assert [(p.id, p.name) for p in settings.people] == [("sponsor", "Chloé Durand"),
                                                        ("group-legal", "Marc Loi")]
    assert beta.charter.preamble.common == "La charte de Bêta."
    # Its own file with the id of a shared kit replaces it; its other kits are added.
    assert [(kit_id, kit.title.common) for kit_id, kit in beta.kits] == [
        ("day-in-my-life", "Une journée au laboratoire"), ("expert-thread", "Un fil d'expert")]


def test_an_entity_can_drop_a_shared_kit_and_module(group_folder):
    gamma = group_folder / "entities" / "gamma" / "handbook.yml"
    gamma.write_text(gamma.read_text() + "drop_kits: [day-in-my-life]\n"
                                         "drop_training: [effective-post]\n")
    entity = entities(group_folder)["gamma"]
    assert (entity.handbook.kits, entity.handbook.modules) == ((), ())
    assert (entity.dropped_kits, entity.dropped_training) == (("day-in-my-life",),
                                                              ("effective-post",))


def test_inherited_logo_is_the_groups_file_and_an_entitys_own_logo_wins(group_folder):
    (group_folder / "assets").mkdir()
    (group_folder / "assets" / "logo.svg").write_text("<svg/>")
    edit(group_folder / "group.yml", 'branding: {primary: "#123456"}',
         'branding: {primary: "#123456", logo: assets/logo.svg}')
    beta = group_folder / "entities" / "beta"
    (beta / "assets").mkdir()
    (beta / "assets" / "beta.svg").write_text("<svg/>")
    edit(beta / "handbook.yml", 'branding: {accent: "#AA5500"}',
         'branding: {accent: "#AA5500", logo: assets/beta.svg}')
    loaded = entities(group_folder)
    assert Path(loaded["alpha"].handbook.settings.branding.logo) == \
        (group_folder / "assets" / "logo.svg").absolute()
    assert loaded["beta"].handbook.settings.branding.logo == "assets/beta.svg"


def test_a_group_site_url_gives_each_entity_its_address(group_folder):
    edit(group_folder / "group.yml", "  name: Groupe Acme\n",
         "  name: Groupe Acme\n  site_url: https://intranet.example.org/groupe/\n")
    assert entities(group_folder)["alpha"].handbook.settings.organisation.site_url == \
        "https://intranet.example.org/groupe/alpha/"


def test_positions_point_at_the_file_each_value_was_written_in():
    alpha = entities()["alpha"].handbook
    locate = alpha.sources.locate
    assert locate("charter", ("legal", 0, "title")) == (
        "../../group.yml", 19, 33, "charter.legal[0].title")
    # The entity's own rule, second in the merged section, first in its file.
    assert locate("charter", ("encouraged", 1, "ask")) == ("charter.yml", 7, 74,
                                                           "encouraged[0].ask")
    assert locate("handbook", ("people", 2, "id")) == ("../../group.yml", 7, 10, "people[0].id")
    assert locate("handbook", ("people", 1, "id")) == ("handbook.yml", 15, 10, "people[1].id")
    assert locate(("kit", "day-in-my-life"), ("ideas",))[0] == "../../kits/day-in-my-life.yml"


# --- the group's own rules: exact messages, in the right file -----------------------------------

def test_a_mandatory_shared_rule_cannot_be_dropped(group_folder):
    edit(group_folder / "entities" / "alpha" / "charter.yml", "drop: [disclose-ties]",
         "drop: [disclose-ties, image-rights]")
    # The only error: the rule stays, so the legal section is not left empty.
    assert errors_of(group_folder) == [
        ("grp/entities/alpha/charter.yml:5:23: error: drop[1]: the shared rule 'image-rights' "
         "is mandatory (grp/group.yml:19:74): an entity cannot drop it; remove it from drop")]


def test_unknown_drops_are_errors_with_a_suggestion(group_folder):
    edit(group_folder / "entities" / "alpha" / "charter.yml", "drop: [disclose-ties]",
         "drop: [disclose-tie]")
    gamma = group_folder / "entities" / "gamma" / "handbook.yml"
    gamma.write_text(gamma.read_text() + "drop_kits: [day-in-my-lif]\n"
                                         "drop_training: [nothing]\n")
    assert errors_of(group_folder) == [
        ("grp/entities/alpha/charter.yml:5:8: error: drop[0]: no shared rule with id "
         "'disclose-tie' (did you mean 'disclose-ties'?) (shared rules: share-news, "
         "no-polemics, no-figures, image-rights, disclose-ties, stay-calm)"),
        ("grp/entities/gamma/handbook.yml:11:13: error: drop_kits[0]: no shared kit with id "
         "'day-in-my-lif' (did you mean 'day-in-my-life'?) (the group's kits/: "
         "day-in-my-life)"),
        ("grp/entities/gamma/handbook.yml:12:17: error: drop_training[0]: no shared training "
         "module with id 'nothing' (the group's training/: effective-post)"),
    ]


def test_an_entity_rule_cannot_take_a_shared_rules_id(group_folder):
    edit(group_folder / "entities" / "alpha" / "charter.yml", "encouraged:\n",
         "encouraged:\n  - {id: share-news, title: Autre}\n  - {id: no-figures, title: Autre}\n")
    assert errors_of(group_folder) == [
        ("grp/entities/alpha/charter.yml:7:10: error: encouraged[0].id: the id 'share-news' is "
         "a shared rule's (grp/group.yml:13:12); to replace the shared rule, add 'share-news' to "
         "drop"),
        ("grp/entities/alpha/charter.yml:8:10: error: encouraged[1].id: the id 'no-figures' is "
         "a mandatory shared rule's (grp/group.yml:17:12): an entity can neither drop nor "
         "replace it; give this rule another id"),
    ]


def test_dropping_a_shared_rule_frees_its_id_for_the_entitys_own(group_folder):
    edit(group_folder / "entities" / "alpha" / "charter.yml", "encouraged:\n",
         "encouraged:\n  - {id: disclose-ties, title: Notre version}\n")
    alpha = entities(group_folder)["alpha"].handbook
    assert rule_ids(alpha, "encouraged") == ["share-news", "disclose-ties", "celebrate-wins"]


def test_group_version_is_required_and_cannot_be_ahead(group_folder):
    edit(group_folder / "entities" / "alpha" / "charter.yml", 'group_version: "2.0"\n', "")
    edit(group_folder / "entities" / "gamma" / "charter.yml", 'group_version: "2.0"',
         'group_version: "2.1"')
    assert errors_of(group_folder) == [
        ("grp/entities/alpha/charter.yml:1:1: error: group_version: required key is missing: "
         "add 'group_version:'"),
        ("grp/entities/gamma/charter.yml:2:16: error: group_version: the group's shared rules "
         "are at version 2.0 (grp/group.yml:9:12); a charter cannot be adopted with a later "
         "version"),
    ]


def test_a_mistake_in_a_shared_rule_is_reported_in_group_yml(group_folder):
    edit(group_folder / "group.yml", "{id: share-news, title: Partager nos actualités}",
         "{id: share-news, titel: Partager nos actualités}")
    with pytest.raises(InputError) as caught:
        load_group(group_folder, "grp")
    assert [str(d) for d in caught.value.diagnostics] == [
        ("grp/group.yml:13:7: error: charter.encouraged[0].title: required key is missing: add "
         "'title:' under 'charter.encouraged[0]'"),
        ("grp/group.yml:13:24: warning: charter.encouraged[0].titel: unknown key 'titel' (did "
         "you mean 'title'?)"),
    ]


def test_a_mistake_in_an_entitys_rule_is_reported_in_its_file_at_its_own_index(group_folder):
    edit(group_folder / "entities" / "alpha" / "charter.yml", "ask: comms}", "ask: nobody}")
    assert errors_of(group_folder) == [
        ("grp/entities/alpha/charter.yml:7:74: error: encouraged[0].ask: no person with id "
         "'nobody' (known: comms, group-legal, sponsor)")]


def test_a_shared_rule_wrong_for_one_entity_names_group_yml_and_the_entity(group_folder):
    # gamma has no `comms`: the shared rule asking `comms` fails for it alone.
    edit(group_folder / "group.yml", "{id: no-polemics, title: Éviter les polémiques}",
         "{id: no-polemics, title: Éviter les polémiques, ask: comms}")
    edit(group_folder / "entities" / "beta" / "handbook.yml",
         "  - {id: group-legal, role: legal, name: Marc Loi}",
         "  - {id: comms, role: comms, name: Marc Loi}")
    assert errors_of(group_folder) == [
        ("grp/group.yml:15:60: error: charter.discouraged[0].ask: no person with id 'comms' "
         "(known: group-legal, sponsor) (inherited by entity 'gamma')")]


def test_an_unknown_key_in_an_entity_file_is_a_warning_there(group_folder):
    edit(group_folder / "entities" / "gamma" / "handbook.yml", "organisation:",
         "colour: red\norganisation:")
    _, warnings = load_entities(load_group(group_folder, "grp"))
    assert [str(d) for d in warnings] == [
        "grp/entities/gamma/handbook.yml:1:1: warning: colour: unknown key 'colour'"]


def test_a_charter_section_left_empty_by_the_group_and_the_entity(group_folder):
    edit(group_folder / "entities" / "alpha" / "charter.yml", "drop: [disclose-ties]",
         "drop: [disclose-ties]\nmoderation: []")
    edit(group_folder / "group.yml", "  moderation:\n    - {id: stay-calm, title: Rester "
                                     "courtois}\n", "")
    sections = ("(a charter has five sections: encouraged, discouraged, confidentiality, "
                "legal, moderation)")
    # alpha wrote an empty section; beta and gamma have none, from the group or their own.
    assert errors_of(group_folder) == [
        ("grp/entities/alpha/charter.yml:6:1: error: moderation: the 'moderation' section has "
         f"no rule: write at least one {sections}"),
        ("grp/entities/beta/charter.yml:1:1: error: moderation: the charter has no 'moderation' "
         f"section: add 'moderation:' with its rules {sections}"),
        ("grp/entities/gamma/charter.yml:1:1: error: moderation: the charter has no "
         f"'moderation' section: add 'moderation:' with its rules {sections}"),
    ]


def test_group_yml_lists_entities_that_exist_under_allowed_ids(group_folder):
    shutil.copytree(group_folder / "entities" / "gamma", group_folder / "entities" / "delta")
    edit(group_folder / "group.yml", "entities: [alpha, beta, gamma]",
         "entities: [alpha, beta, omega, alpha, en]")
    with pytest.raises(InputError) as caught:
        load_group(group_folder, "grp")
    assert [str(d) for d in caught.value.diagnostics] == [
        ("grp/group.yml:28:1: warning: entities: the folder entities/delta is not in this "
         "list, so it is not built: add 'delta', or remove the folder"),
        ("grp/group.yml:28:1: warning: entities: the folder entities/gamma is not in this "
         "list, so it is not built: add 'gamma', or remove the folder"),
        ("grp/group.yml:28:25: error: entities[2]: no folder entities/omega in grp: create it "
         "with the entity's handbook.yml and charter.yml, or remove 'omega' from the list"),
        ("grp/group.yml:28:32: error: entities[3]: 'alpha' is listed twice; list each entity "
         "once"),
        ("grp/group.yml:28:39: error: entities[4]: 'en' cannot be an entity's id: the portal "
         "uses the folder en/ (reserved: assets, en, fr, search); rename the entity"),
    ]


def test_shared_rule_ids_are_unique_and_group_paths_stay_in_its_folder(group_folder):
    edit(group_folder / "group.yml", "{id: no-polemics,", "{id: share-news,")
    edit(group_folder / "group.yml", 'branding: {primary: "#123456"}',
         'branding: {primary: "#123456", logo: ../logo.svg}')
    with pytest.raises(InputError) as caught:
        load_group(group_folder, "grp")
    assert [str(d) for d in caught.value.diagnostics] == [
        ("grp/group.yml:5:38: error: branding.logo: '../logo.svg' goes out of the folder with "
         "'..'; keep files inside the folder"),
        ("grp/group.yml:15:12: error: charter.discouraged[0].id: the rule id 'share-news' is "
         "already used at grp/group.yml:13:12; rule ids must be unique"),
    ]


# --- the group diagnostic -----------------------------------------------------------------------

def test_group_findings_name_the_entity_file_to_change():
    group = load_group(GROUP, "grp")
    loaded, _ = load_entities(group)
    findings = diagnose_group(group, loaded)
    assert [(f.severity, f.code, f.file, f.line, f.col, f.path) for f in findings] == [
        ("warning", "group/outdated-charter", "entities/beta/charter.yml", 2, 16,
          "group_version"),
        ("warning", "group/entity-without-leaders", "entities/gamma/handbook.yml", 7, 3,
          "programme.tracks"),
    ]
    assert findings[0].message.get("en") == (
        "The charter of Acme Bêta was adopted with version 1.0 of the group's shared rules, "
        "which are now at version 2.0: review the charter with the new shared rules, adopt it "
        "again and write `group_version: \"2.0\"`.")
    assert findings[0].message.get("fr").startswith("La charte de Acme Bêta a été adoptée avec "
                                                    "la version 1.0 des règles communes")


def test_an_entity_without_export_is_advice_once_another_has_one(group_folder):
    (group_folder / "entities" / "alpha" / "data").mkdir()
    shutil.copyfile(FIXTURES / "group-kpi" / "alpha.csv",
                    group_folder / "entities" / "alpha" / "data" / "posts.csv")
    handbook = group_folder / "entities" / "alpha" / "handbook.yml"
    handbook.write_text(handbook.read_text() + "kpis: {posts: data/posts.csv}\n")
    group = load_group(group_folder, "grp")
    loaded, _ = load_entities(group)
    advice = [(f.code, f.file, f.line) for f in diagnose_group(group, loaded)
              if f.severity == "advice"]
    assert advice == [("group/entity-without-export", "entities/beta/handbook.yml", 1),
                      ("group/entity-without-export", "entities/gamma/handbook.yml", 1)]


def test_check_on_a_group_runs_every_entity_then_the_group(monkeypatch):
    monkeypatch.chdir(GROUP.parent)
    result = run("check", "group")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for entity in ("alpha", "beta", "gamma"):
        assert f"Programme diagnostic of group/entities/{entity}, against" in out
    group_part = out[out.index("Group diagnostic of group, across its entities:"):]
    assert "  group/entities/beta/charter.yml:2:16: group_version: The charter of Acme Bêta " \
           "was adopted with version 1.0" in group_part
    assert "[group/outdated-charter]" in group_part
    assert out.endswith("group: 3 of 3 entities valid; group diagnostic: 0 errors, "
                        "2 warnings, 0 advice.\n")
    assert run("check", "--strict", "group").exit_code == 1


def test_check_json_on_a_group_gives_each_item_its_entity(monkeypatch):
    monkeypatch.chdir(GROUP.parent)
    document = json.loads(run("check", "group", "--format", "json").stdout)
    assert document["folder"] == "group" and document["passed"] is True
    assert [entity["id"] for entity in document["entities"]] == ["alpha", "beta", "gamma"]
    group_items = [item for item in document["diagnostics"] if item["entity"] is None]
    assert [(item["code"], item["file"], item["line"]) for item in group_items] == [
        ("group/outdated-charter", "group/entities/beta/charter.yml", 2),
        ("group/entity-without-leaders", "group/entities/gamma/handbook.yml", 7)]
    assert document["counts"] == {
        key: sum(entity["counts"][key] for entity in document["entities"]) + sum(
            1 for item in group_items if item["severity"] == key)
        for key in ("error", "warning", "advice")}


def test_check_on_a_group_with_an_invalid_entity_checks_the_others(group_folder):
    edit(group_folder / "entities" / "beta" / "charter.yml", 'group_version: "1.0"', "")
    result = run("check", "grp")
    assert result.exit_code == 1
    assert "grp/entities/beta/charter.yml:1:1: error: group_version: required key is " \
           "missing: add 'group_version:'" in result.stderr
    assert "grp/entities/beta: invalid (1 error, see above); no programme diagnostic until " \
           "it is fixed." in result.stdout
    assert "Programme diagnostic of grp/entities/gamma" in result.stdout
    assert result.stderr.endswith("Check failed: 1 error.\n")
    result = check_group(group_folder, "grp", strict=False)
    assert [entity_id for entity_id, r in result.entities if r.valid] == ["alpha", "gamma"]


# --- an entity's folder on its own ------------------------------------------------------------

def test_an_entity_folder_alone_is_loaded_with_what_it_inherits(monkeypatch):
    from generator.inputs.handbook import load_handbook

    handbook, _ = load_handbook(GROUP / "entities" / "alpha", "grp/entities/alpha")
    assert rule_ids(handbook, "encouraged") == ["share-news", "celebrate-wins"]
    assert handbook.sources.locate("charter", ("legal", 0, "title"))[0] == "../../group.yml"
    monkeypatch.chdir(GROUP)
    result = run("check", "entities/beta")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("entities/beta: valid; programme diagnostic: 0 errors, "
                                  "10 warnings, 2 advice.\n")


def test_an_entity_alone_names_its_groups_files_from_where_it_was_given(group_folder,
                                                                          monkeypatch):
    edit(group_folder / "group.yml", "who: group-legal}", "who: group-lega}")
    monkeypatch.chdir(group_folder / "entities" / "gamma")
    result = run("check", ".")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "../../group.yml:25:50: error: charter.bad_buzz.steps[0].who: no person with id "
        "'group-lega' (did you mean 'group-legal'?) (known: group-legal, sponsor) (inherited "
        "by entity 'gamma')\n")
