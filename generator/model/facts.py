"""Facts: what every page and printable may use beyond the raw model, computed once.

Templates and chapters receive these fields as names (`{{ org_name }}`, `{% for step in
roadmap %}`); a template that asks for a name that is not here fails the build
(StrictUndefined). content/README.md lists them for chapter authors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.text import LocalText
from .charter import Charter
from .settings import CommunityChannel, Person, Programme, Ritual, Tracks
from .timeline import Review, Step, Timeline
from .training import Kit, Module
from .vocab import Maturity, Priority, TrackId

__all__ = ["Facts", "Review", "Step", "Timeline"]


@dataclass(frozen=True)
class Facts:
    org_name: str
    short_name: str  # the name in running text; the full name when none is given
    priority: Priority
    maturity: Maturity
    launched: tuple[TrackId, ...]
    recommended: tuple[TrackId, ...]  # the decision matrix's tracks for the priority
    follows_recommendation: bool  # every recommended track is launched
    tracks: Tracks
    benefits: tuple[LocalText, ...]
    people_by_role: Mapping[str, tuple[Person, ...]]
    channel: CommunityChannel | None
    rituals: tuple[Ritual, ...]
    # Every programme date comes from the timeline (model/timeline.py); the names below are
    # its parts, as chapters use them.
    timeline: Timeline
    start: dt.date  # the launch (kick-off), as `launch`
    launch: dt.date
    roadmap: tuple[Step, ...]  # the six steps, with their owner and whether they are done
    milestones: Mapping[str, dt.date]  # month3, month6, month9, month12: the reviews
    reviews: tuple[Review, ...]
    charter: Charter
    kits: tuple[tuple[str, Kit], ...]
    kits_by_id: Mapping[str, Kit]
    modules_using_kit: Mapping[str, tuple[tuple[str, Module], ...]]
    modules: tuple[tuple[str, Module], ...]
    people: tuple[Person, ...]
    programme: Programme
    languages: tuple[str, ...]
    charter_fingerprint: str  # the version code readers quote
    has_dashboard: bool  # an export of posts was given: the steering pages show a dashboard

    def names(self) -> dict[str, Any]:
        """The facts as template names (a shallow mapping: values stay typed objects)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
