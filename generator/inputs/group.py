"""A group: one group.yml, many entities, each an organisation folder that inherits from it.

    group.yml          the group, its languages, branding, shared contacts and charter rules,
                       and the list of its entities (schema.GroupFile)
    assets/            the group's logo and icon
    kits/, training/   post-idea kits and training modules shared by every entity
    entities/<id>/     one organisation folder per entity: handbook.yml, charter.yml, kits/, ...

What an entity inherits, and how it overrides it:
- handbook.yml: `languages` when it gives none; `branding` key by key; `people`: the group's
  are added after the entity's own, except those whose id the entity gives too;
- charter.yml: each section starts with the group's shared rules, then the entity's own;
  `drop: [id, ...]` leaves shared rules out, never one marked `mandatory: true`; an entity's
  rule cannot take the id of a shared rule it keeps (drop it to replace it); `preamble` and
  `bad_buzz` when it gives none; `group_version` names the version of the shared rules the
  charter was adopted with;
- kits/ and training/: the group's files, less those named in `drop_kits` / `drop_training`;
  an entity's file with the id of a shared one replaces it.

Merging works on the loaded YAML. Each entity file is first validated as written (schema's
EntityHandbookFile and EntityCharter), then merged with the group's values into a
MergedDocument, whose values each remember the file and key path they were written at; the
usual validation (validate.complete_handbook) then reads it like any organisation's files. So
every message names the file to fix: group.yml for a shared rule, the entity's own file for
its rules.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import Diagnostic, InputError
from ..model.charter import Charter
from ..model.fields import version_key
from ..model.group import EntityCharter, EntityHandbookFile, GroupFile
from ..model.handbook import Handbook
from ..model.settings import HandbookFile
from ..model.training import Kit, Module
from ..model.vocab import CHARTER_SECTIONS
from .cross_check import placeholders
from .folder import FolderReader, complete_handbook
from .group_file import ASSET_KEYS, ENTITIES, GROUP_FILE, check_group_file, is_group
from .load import Document
from .positions import Loc, located, position_of
from .schema_errors import did_you_mean


@dataclass(frozen=True)
class Group:
    """A validated group.yml with the kits and training modules its entities share."""

    folder: Path
    display: str  # the folder as the user named it
    settings: GroupFile
    document: Document
    kits: tuple[tuple[str, Kit, Document], ...]
    modules: tuple[tuple[str, Module, Document], ...]
    warnings: tuple[Diagnostic, ...]

    def entity_folder(self, entity_id: str) -> Path:
        return self.folder / ENTITIES / entity_id

    def entity_display(self, entity_id: str) -> str:
        return str(Path(self.display) / ENTITIES / entity_id)

    def shared_rule(self, rule_id: str) -> tuple[str, int, Any] | None:
        """(section, index in group.yml, rule) of a shared rule."""
        for section in CHARTER_SECTIONS:
            for index, rule in enumerate(getattr(self.settings.charter, section)):
                if rule.id == rule_id:
                    return section, index, rule
        return None

    def shared_rule_ids(self) -> list[str]:
        return [rule.id for section in CHARTER_SECTIONS
                for rule in getattr(self.settings.charter, section)]


@dataclass(frozen=True)
class Entity:
    """A validated entity: its handbook, with everything it inherits, and its links to the
    group."""

    id: str
    handbook: Handbook
    group_version: str  # the version of the shared rules its charter was adopted with
    dropped_rules: tuple[str, ...]
    dropped_kits: tuple[str, ...]
    dropped_training: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]  # its own: the group's are Group.warnings


def load_group(folder: Path, display: str | None = None) -> Group:
    """Load and validate group.yml and the shared kits and training modules; raises
    InputError with every problem when anything is an error."""
    display = display if display is not None else str(folder)
    reader = FolderReader(folder, display)
    settings, document = reader.read(GROUP_FILE, GroupFile)
    kits = reader.files("kits", Kit)
    modules = reader.files("training", Module)
    diagnostics = reader.diagnostics
    if settings is not None:
        diagnostics += check_group_file(reader, settings, document)
        documents = {"group": document}
        documents.update({(kind, file_id): doc for kind, files in (("kit", kits),
                                                                   ("module", modules))
                          for file_id, _, doc in files})
        diagnostics += placeholders(documents)
    if settings is None or any(model is None for _, model, _ in kits + modules) or any(
            d.severity == "error" for d in diagnostics):
        raise InputError(diagnostics)
    return Group(folder, display, settings, document, tuple(kits), tuple(modules),
                 tuple(sorted(diagnostics)))


def load_entity(group: Group, entity_id: str) -> Entity:
    """Load and validate one entity with what it inherits; raises InputError with every
    problem of the entity's files (and of the shared files as this entity sees them)."""
    reader = EntityReader(group, entity_id)
    try:
        handbook, warnings = complete_handbook(reader)
    except InputError as exc:
        raise InputError(_own(group, entity_id, exc.diagnostics)) from None
    return Entity(entity_id, _with_group_defaults(group, reader, handbook),
                  reader.group_version, reader.dropped_rules, reader.dropped["kits"],
                  reader.dropped["training"], tuple(_own(group, entity_id, warnings)))


def load_entities(group: Group) -> tuple[tuple[Entity, ...], tuple[Diagnostic, ...]]:
    """Every entity of the group and every warning (the group's and the entities'); raises
    InputError with the problems of every entity when any has an error."""
    entities, diagnostics, failed = [], list(group.warnings), False
    for entity_id in group.settings.entities:
        try:
            entity = load_entity(group, entity_id)
        except InputError as exc:
            diagnostics += exc.diagnostics
            failed = True
        else:
            entities.append(entity)
            diagnostics += entity.warnings
    if failed:
        raise InputError(diagnostics)
    return tuple(entities), tuple(sorted(diagnostics))


def group_of(folder: Path) -> Path | None:
    """The group's folder when `folder` is one of its entities (`<group>/entities/<id>`)."""
    group = folder.absolute().parent.parent
    return group if folder.absolute().parent.name == ENTITIES and is_group(group) else None


def load_group_entity(folder: Path, display: str) -> tuple[Handbook, list[Diagnostic]]:
    """An entity's folder given on its own (to check, preview or build one entity): loaded
    with what it inherits from its group; as validate.load_handbook."""
    group_display = os.path.normpath(os.path.join(display, os.pardir, os.pardir))
    group = load_group(group_of(folder), group_display)
    entity = load_entity(group, folder.absolute().name)
    return entity.handbook, sorted([*group.warnings, *entity.warnings])


def outdated(group: Group, entity: Entity) -> bool:
    """Whether the entity's charter was adopted with shared rules older than the group's."""
    return version_key(entity.group_version) < version_key(group.settings.charter.version)


# --- reading an entity ----------------------------------------------------------------------

class MergedDocument(Document):
    """An entity's file merged with what it inherits: `tree` is the merged data. `origins`
    name, for each key path whose value was written elsewhere, that file and key path there
    (longest paths first); everything else was written in `base`, the entity's file."""

    def __init__(self, base: Document, tree: Any,
                 origins: tuple[tuple[Loc, Document, Loc], ...]) -> None:
        super().__init__(base.display, tree, base.source)
        self.base = base
        self.origins = origins

    def resolve(self, loc: tuple) -> tuple[Document, tuple]:
        for prefix, document, there in self.origins:
            if loc[:len(prefix)] == prefix:
                return document.resolve(there + loc[len(prefix):])
        return self.base.resolve(loc)

    def originals(self) -> tuple[Document, ...]:
        files = {id(file): file for document in (self.base, *(o[1] for o in self.origins))
                 for file in document.originals()}
        return tuple(files.values())


class _Merge:
    """A MergedDocument under construction, from a copy of the entity's file."""

    def __init__(self, base: Document) -> None:
        self.base = base
        self.tree = dict(base.tree)
        self.origins: list[tuple[Loc, Document, Loc]] = []

    def inherit(self, loc: Loc, document: Document, there: Loc) -> None:
        self.origins.append((loc, document, there))

    def document(self) -> MergedDocument:
        origins = tuple(sorted(self.origins, key=lambda origin: -len(origin[0])))
        return MergedDocument(self.base, self.tree, origins)


class EntityReader(FolderReader):
    """Reads an entity's folder, merging each file with what the group shares."""

    def __init__(self, group: Group, entity_id: str) -> None:
        super().__init__(group.entity_folder(entity_id), group.entity_display(entity_id))
        self.group = group
        self.entity_id = entity_id
        self.group_version = ""
        self.dropped_rules: tuple[str, ...] = ()
        self.dropped: dict[str, tuple[str, ...]] = {"kits": (), "training": ()}
        self.own_branding: frozenset[str] = frozenset()

    def settings(self) -> tuple[HandbookFile | None, Document | None]:
        document = self.document("handbook.yml")
        entity = self.validate(document, EntityHandbookFile) if document else None
        if entity is None:
            return None, None
        for subfolder, key, shared, kind in (
                ("kits", "drop_kits", self.group.kits, "kit"),
                ("training", "drop_training", self.group.modules, "training module")):
            self.dropped[subfolder] = self._known_drops(
                document, key, getattr(entity, key), [file_id for file_id, _, _ in shared],
                f"no shared {kind} with id", f"the group's {subfolder}/")
        own = document.tree.get("branding")
        self.own_branding = frozenset(own) if isinstance(own, dict) else frozenset()
        merged = self._merged_settings(document)
        return self.validate(merged, HandbookFile, warnings=False), merged

    def charter(self, relative: str = "charter.yml") -> tuple[Charter | None, Document | None]:
        document = self.document(relative)
        entity = self.validate(document, EntityCharter) if document else None
        if entity is None:
            return None, None
        shared = self.group.settings.charter
        if version_key(entity.group_version) > version_key(shared.version):
            self.diagnostics.append(located(
                document, ("group_version",), "error",
                f"the group's shared rules are at version {shared.version} "
                f"({position_of(self.group.document, ('charter', 'version'))}); a charter "
                f"cannot be adopted with a later version"))
        dropped = self._rule_drops(document, entity.drop)
        if relative == "charter.yml":
            self.group_version, self.dropped_rules = entity.group_version, dropped
        merged = self._merged_charter(document, dropped)
        return self.validate(merged, Charter, warnings=False), merged

    def files(self, subfolder: str, cls) -> list[tuple[str, Any, Document]]:
        shared = self.group.kits if subfolder == "kits" else self.group.modules
        files = {file_id: (file_id, model, document) for file_id, model, document in shared
                 if file_id not in self.dropped[subfolder]}
        files.update({entry[0]: entry for entry in super().files(subfolder, cls)})
        return [files[file_id] for file_id in sorted(files)]

    # -- handbook.yml

    def _known_drops(self, document: Document, key: str, ids: list[str], known: list[str],
                     unknown: str, where: str) -> tuple[str, ...]:
        kept = []
        for index, file_id in enumerate(ids):
            if file_id in known:
                kept.append(file_id)
            else:
                self.diagnostics.append(located(
                    document, (key, index), "error",
                    f"{unknown} '{file_id}'{did_you_mean(file_id, known)} ({where}: "
                    f"{', '.join(known) or 'none'})"))
        return tuple(kept)

    def _merged_settings(self, document: Document) -> MergedDocument:
        merge = _Merge(document)
        tree, group_tree, group_doc = merge.tree, self.group.document.tree, self.group.document
        for key in ("drop_kits", "drop_training"):
            tree.pop(key, None)
        if "languages" not in tree:
            tree["languages"] = list(self.group.settings.languages)
            merge.inherit(("languages",), group_doc, ("languages",))
        shared_branding = group_tree.get("branding") or {}
        if "branding" not in tree and shared_branding:
            merge.inherit(("branding",), group_doc, ("branding",))
        branding = dict(tree.get("branding") or {})
        for key, value in shared_branding.items():
            # Paths are set after validation: they lie in the group's folder, not the entity's.
            if key not in branding and key not in ASSET_KEYS:
                branding[key] = value
                merge.inherit(("branding", key), group_doc, ("branding", key))
        if branding:
            tree["branding"] = branding
        own_people = tree.get("people")
        people = list(own_people or [])
        own_ids = {person.get("id") for person in people}
        if own_people is None and group_tree.get("people"):
            merge.inherit(("people",), group_doc, ("people",))
        for index, person in enumerate(group_tree.get("people") or []):
            if person.get("id") not in own_ids:
                merge.inherit(("people", len(people)), group_doc, ("people", index))
                people.append(person)
        if own_people is not None or people:
            tree["people"] = people
        return merge.document()

    # -- charter.yml

    def _rule_drops(self, document: Document, ids: list[str]) -> tuple[str, ...]:
        known = self.group.shared_rule_ids()
        dropped = []
        for index, rule_id in enumerate(ids):
            found = self.group.shared_rule(rule_id)
            if found is None:
                problem = (f"no shared rule with id '{rule_id}'{did_you_mean(rule_id, known)} "
                           f"(shared rules: {', '.join(known) or 'none'})")
            elif found[2].mandatory:
                problem = (f"the shared rule '{rule_id}' is mandatory "
                           f"({self._mandatory_at(found)}): an entity cannot drop it; remove "
                           f"it from drop")
            else:
                dropped.append(rule_id)
                continue
            self.diagnostics.append(located(document, ("drop", index), "error", problem))
        return tuple(dropped)

    def _mandatory_at(self, found: tuple[str, int, Any]) -> str:
        section, index, _ = found
        return position_of(self.group.document, ("charter", section, index, "mandatory"))

    def _merged_charter(self, document: Document, dropped: tuple[str, ...]) -> MergedDocument:
        merge = _Merge(document)
        tree, group_doc = merge.tree, self.group.document
        shared_tree = group_doc.tree["charter"]
        for key in ("group_version", "drop"):
            tree.pop(key, None)
        for key in ("preamble", "bad_buzz"):
            if key not in tree and key in shared_tree:
                tree[key] = shared_tree[key]
                merge.inherit((key,), group_doc, ("charter", key))
        kept_ids = [rule_id for rule_id in self.group.shared_rule_ids() if rule_id not in dropped]
        for section in CHARTER_SECTIONS:
            rules: list[Any] = []
            for index, rule in enumerate(shared_tree.get(section) or []):
                if rule["id"] in kept_ids:
                    merge.inherit((section, len(rules)), group_doc, ("charter", section, index))
                    rules.append({key: value for key, value in rule.items()
                                  if key != "mandatory"})
            if not rules:
                continue  # the entity's own rules, if any, stay as written
            for index, rule in enumerate(tree.get(section) or []):
                if rule["id"] in kept_ids:
                    self._taken_id(document, (section, index, "id"), rule["id"])
                    continue
                merge.inherit((section, len(rules)), document, (section, index))
                rules.append(rule)
            if section not in tree:
                merge.inherit((section,), group_doc, ("charter", section))
            tree[section] = rules
        return merge.document()

    def _taken_id(self, document: Document, loc: Loc, rule_id: str) -> None:
        found = self.group.shared_rule(rule_id)
        section, index, rule = found
        shared_at = position_of(self.group.document, ("charter", section, index, "id"))
        if rule.mandatory:
            problem = (f"the id '{rule_id}' is a mandatory shared rule's ({shared_at}): an "
                       "entity can neither drop nor replace it; give this rule another id")
        else:
            problem = (f"the id '{rule_id}' is a shared rule's ({shared_at}); to replace the "
                       f"shared rule, add '{rule_id}' to drop")
        self.diagnostics.append(located(document, loc, "error", problem))


def _own(group: Group, entity_id: str, diagnostics) -> list[Diagnostic]:
    """An entity's diagnostics without the group's own (reported once, by load_group); those
    in a shared file say which entity they come from."""
    folder = Path(group.entity_display(entity_id))
    own = []
    for diagnostic in diagnostics:
        if diagnostic in group.warnings:
            continue
        if not Path(diagnostic.file).is_relative_to(folder):
            diagnostic = dataclasses.replace(
                diagnostic, message=f"{diagnostic.message} (inherited by entity '{entity_id}')")
        own.append(diagnostic)
    return own


def _with_group_defaults(group: Group, reader: EntityReader, handbook: Handbook) -> Handbook:
    """The inherited logo and icon as paths the later stages can open (they lie in the
    group's folder), and the entity's address under the portal's."""
    settings = handbook.settings
    shared = group.settings.branding
    paths = {key: str((group.folder / getattr(shared, key)).absolute()) for key in ASSET_KEYS
             if key not in reader.own_branding and getattr(shared, key) is not None}
    organisation = settings.organisation
    site_url = group.settings.group.site_url
    if organisation.site_url is None and site_url is not None:
        organisation = organisation.model_copy(
            update={"site_url": f"{site_url.rstrip('/')}/{reader.entity_id}/"})
    settings = settings.model_copy(update={
        "branding": settings.branding.model_copy(update=paths), "organisation": organisation})
    return dataclasses.replace(handbook, settings=settings)
