"""A validated organisation folder: the model every stage after validation reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .charter import Charter
from .posts import Posts
from .settings import HandbookFile, Person
from .training import Kit, Module


class Locator(Protocol):
    """Where each part of a handbook was written (inputs.positions.Sources): a later stage (the
    programme diagnostic) points at a key with exactly the positions validation uses."""

    def locate(self, document, loc: tuple, *,
               at_key: bool = False) -> tuple[str, int, int, str]: ...


@dataclass(frozen=True)
class Handbook:
    """A validated organisation folder: what every later stage reads."""

    folder: Path
    settings: HandbookFile
    charter: Charter
    kits: tuple[tuple[str, Kit], ...]
    modules: tuple[tuple[str, Module], ...]
    # Earlier versions of the charter (history/charter-<version>.yml), oldest first.
    history: tuple[Charter, ...] = ()
    # Where each part was written, for the programme diagnostic's positions; not model data.
    sources: Locator | None = field(default=None, compare=False, repr=False)
    posts: Posts | None = None  # the export of kpis.posts, read and summed

    def person(self, person_id: str) -> Person:
        return next(p for p in self.settings.people if p.id == person_id)

    def kit(self, kit_id: str) -> Kit:
        return dict(self.kits)[kit_id]

    def content_date(self) -> dt.date:
        """The date of the handbook's content, which a build records: its charter's latest
        version (the programme's start for a charter with no date)."""
        charter = self.charter
        dates = [charter.adopted_on] + [entry.date for entry in charter.changelog]
        return max((d for d in dates if d is not None), default=self.settings.programme.start)

