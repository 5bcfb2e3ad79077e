"""group.yml's own rules: its entities' folders, its shared rules' ids, its people, its assets.

The folder names a group uses are declared here too: inputs.group reads the entities, and
the build lays the portal out, with the same names.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Diagnostic
from ..model.group import GroupFile
from ..model.vocab import CHARTER_SECTIONS
from .folder import FolderReader

# Declared in a light module for the command line; named here too, beside the group's rules.
from .folder_kind import GROUP_FILE, is_group  # noqa: F401
from .load import Document
from .positions import Loc, located, position_of
from .svg import svg_problem

ENTITIES = "entities"
# The built portal's own folders, next to one folder per entity: no entity may take their name.
RESERVED_IDS = ("assets", "en", "fr", "search")
# Branding keys that are paths: a path in group.yml is inside the group's folder.
ASSET_KEYS = ("logo", "favicon")


def check_group_file(reader: FolderReader, settings: GroupFile,
                 document: Document) -> list[Diagnostic]:
    problems: list[Diagnostic] = []

    def at(loc: Loc, message: str, severity="error", at_key=False) -> None:
        problems.append(located(document, loc, severity, message, at_key=at_key))

    seen: list[str] = []
    for index, entity_id in enumerate(settings.entities):
        folder = Path(ENTITIES) / entity_id
        if entity_id in seen:
            at(("entities", index), f"'{entity_id}' is listed twice; list each entity once")
        elif entity_id in RESERVED_IDS:
            at(("entities", index), f"'{entity_id}' cannot be an entity's id: the portal uses "
                                    f"the folder {entity_id}/ (reserved: "
                                    f"{', '.join(RESERVED_IDS)}); rename the entity")
        elif not (reader.folder / folder).is_dir():
            at(("entities", index), f"no folder {folder.as_posix()} in {reader.display}: create "
                                    "it with the entity's handbook.yml and charter.yml, or "
                                    f"remove '{entity_id}' from the list")
        seen.append(entity_id)
    entities_dir = reader.folder / ENTITIES
    unlisted = sorted(path.name for path in entities_dir.iterdir()
                      if path.is_dir() and path.name not in seen) if entities_dir.is_dir() else []
    for name in unlisted:
        at(("entities",), f"the folder {ENTITIES}/{name} is not in this list, so it is not "
                          f"built: add '{name}', or remove the folder", "warning", at_key=True)

    charter = settings.charter
    first: dict[str, Loc] = {}
    for section in CHARTER_SECTIONS:
        for index, rule in enumerate(getattr(charter, section)):
            loc = ("charter", section, index, "id")
            if rule.id in first:
                at(loc, f"the rule id '{rule.id}' is already used at "
                        f"{position_of(document, first[rule.id])}; rule ids must be unique")
            else:
                first[rule.id] = loc
    if charter.changelog and charter.changelog[0].version != charter.version:
        at(("charter", "changelog", 0, "version"),
           f"the latest changelog entry is version {charter.changelog[0].version} but the "
           f"shared rules are version {charter.version}; put the newest version first")

    people: list[str] = []
    for index, person in enumerate(settings.people):
        if person.id in people:
            at(("people", index, "id"), f"two people have the id '{person.id}'; give each "
                                        "person a different id")
        people.append(person.id)

    for key in ASSET_KEYS:
        relative = getattr(settings.branding, key)
        problem = reader.path_problem(relative) if relative is not None else None
        if problem is None and relative is not None:
            problem = svg_problem(reader.folder / relative, relative)
        if problem:
            at(("branding", key), problem)
    return problems
