"""`group.yml` and the files of a group's entities, which inherit from it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from ..core.text import Text
from .charter import BadBuzz, Change, Charter, Rule
from .fields import Id, SiteUrl, Strict, Url, Version
from .settings import Branding, HandbookFile, Person
from .vocab import Language


class GroupInfo(Strict):
    name: str = Field(description="Full name of the group, as the portal shows it.")
    short_name: str | None = Field(None, description="Short name used in running text; "
                                                     "defaults to `name`.")
    website: Url | None = Field(None, description="Public website (https://...).")
    site_url: SiteUrl | None = Field(None, description="Address where the portal will be published "
                                                   "(https://...); each entity's handbook lies "
                                                   "under it, at `<entity id>/`, unless the "
                                                   "entity gives its own "
                                                   "`organisation.site_url`.")


class SharedRule(Rule):
    mandatory: bool = Field(False, description="Every entity keeps this rule as written here: "
                                               "an entity can neither drop it nor replace it.")


class SharedCharter(Strict):
    version: Version = Field(description="Version of the shared rules, in quotes (e.g. \"2.1\"); "
                                         "each entity's charter.yml names the version it was "
                                         "adopted with (`group_version`).")
    adopted_on: dt.date | None = Field(None, description="Date this version of the shared rules "
                                                         "was adopted, YYYY-MM-DD.")
    preamble: Text | None = Field(None, description="Preamble of the entities whose charter.yml "
                                                    "has none.")
    encouraged: list[SharedRule] = Field([], description="Shared rules on what ambassadors are "
                                                         "encouraged to do; each entity's own "
                                                         "rules of the section follow them.")
    discouraged: list[SharedRule] = Field([], description="Shared rules on what to avoid.")
    confidentiality: list[SharedRule] = Field([], description="Shared rules on what must never "
                                                              "be shared.")
    legal: list[SharedRule] = Field([], description="Shared legal rules.")
    moderation: list[SharedRule] = Field([], description="Shared rules on comments and "
                                                         "conflicts.")
    bad_buzz: BadBuzz | None = Field(None, description="Procedure of the entities whose "
                                                       "charter.yml has none; its `who:` ids "
                                                       "must be people of each such entity or "
                                                       "of the group.")
    changelog: list[Change] = Field([], description="Versions of the shared rules, newest first.")


class GroupFile(Strict):
    """`group.yml`: a group of organisations, its entities, sharing a charter base, contacts,
    kits and training modules. Each entity is a folder `entities/<id>/` in the usual format."""

    group: GroupInfo = Field(description="Who the group is.")
    languages: list[Language] = Field(["fr"], min_length=1, description="Languages of the "
                                      "portal, the first being the default; also the languages "
                                      "of each entity whose handbook.yml gives none.")
    branding: Branding = Field(Branding(), description="Colours, logo and icon of the portal; "
                               "each entity takes every key its own `branding` does not give. "
                               "Paths are inside the group's folder.")
    people: list[Person] = Field([], description="Contacts every entity shares (the group's "
                                 "legal counsel, say), for the `ask:` and `who:` of shared "
                                 "rules; an entity's person with the same id replaces the "
                                 "group's.")
    charter: SharedCharter = Field(description="The shared rules every entity's charter starts "
                                               "with.")
    entities: list[Id] = Field(min_length=1, description="Ids of the entities, in the portal's "
                               "order; each one is a folder `entities/<id>/` holding its "
                               "handbook.yml and charter.yml.")


class EntityHandbookFile(HandbookFile):
    """`entities/<id>/handbook.yml`: an entity of a group, written as handbook.yml; what it
    does not give comes from group.yml."""

    languages: Annotated[list[Language], Field(min_length=1)] | None = Field(
        None, description="Languages of the entity's handbook, the first being the default; "
                          "by default, the group's.")
    branding: Branding = Field(Branding(), description="Colours, logo and icon; each key not "
                                                       "given here is the group's.")
    people: list[Person] = Field([], description="Roles and contacts, referenced by id; the "
                                 "group's people are added, except those whose id is given "
                                 "here too.")
    drop_kits: list[Id] = Field([], description="Ids of the group's shared kits this entity "
                                "leaves out. A file of the entity's own kits/ with the id of a "
                                "shared kit replaces it.")
    drop_training: list[Id] = Field([], description="Ids of the group's shared training modules "
                                    "this entity leaves out. A file of the entity's own "
                                    "training/ with the id of a shared module replaces it.")


class EntityCharter(Charter):
    """`entities/<id>/charter.yml`: an entity's charter, written as charter.yml; its rules
    follow the group's shared rules of the same section."""

    preamble: Text | None = Field(None, description="Why the charter exists; by default, the "
                                                    "group's preamble.")
    encouraged: list[Rule] = Field([], description="The entity's own rules on what ambassadors "
                                   "are encouraged to do. An id of a shared rule cannot be "
                                   "reused: drop the shared rule to replace it.")
    discouraged: list[Rule] = Field([], description="The entity's own rules on what to avoid.")
    confidentiality: list[Rule] = Field([], description="The entity's own rules on what must "
                                                        "never be shared.")
    legal: list[Rule] = Field([], description="The entity's own legal rules.")
    moderation: list[Rule] = Field([], description="The entity's own rules on comments and "
                                                   "conflicts.")
    bad_buzz: BadBuzz | None = Field(None, description="What to do when a post goes wrong; by "
                                                       "default, the group's procedure.")
    group_version: Version = Field(description="Version of the group's shared rules "
                                   "(`charter.version` in group.yml) this charter was adopted "
                                   "with, in quotes; `handbook check` reports an older one.")
    drop: list[Id] = Field([], description="Ids of the shared rules this entity leaves out; a "
                                           "rule marked `mandatory` cannot be left out.")
