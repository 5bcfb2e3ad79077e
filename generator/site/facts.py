"""The facts every page and printable may use beyond the raw model (model.facts.Facts)."""

from __future__ import annotations

from ..charter.fingerprint import charter_fingerprint
from ..model.facts import Facts
from ..model.handbook import Handbook
from ..model.playbook import RECOMMENDED_TRACKS
from ..model.settings import Person
from ..model.timeline import programme_timeline


def programme_facts(handbook: Handbook) -> Facts:
    """Computed once per build, shared by every page and printable of every language."""
    settings = handbook.settings
    programme = settings.programme
    launched = programme.tracks.launched()
    recommended = RECOMMENDED_TRACKS[programme.priority]
    timeline = programme_timeline(settings, handbook.charter)
    people_by_role: dict[str, tuple[Person, ...]] = {}
    for person in settings.people:
        people_by_role[person.role] = people_by_role.get(person.role, ()) + (person,)
    return Facts(
        org_name=settings.organisation.name,
        short_name=settings.organisation.short_name or settings.organisation.name,
        priority=programme.priority,
        maturity=programme.maturity,
        launched=launched,
        recommended=recommended,
        follows_recommendation=all(track in launched for track in recommended),
        tracks=programme.tracks,
        benefits=tuple(programme.benefits),
        people_by_role=people_by_role,
        channel=settings.community.channel,
        rituals=tuple(settings.community.rituals),
        timeline=timeline,
        start=timeline.launch,
        launch=timeline.launch,
        roadmap=timeline.steps,
        milestones=timeline.milestones,
        reviews=timeline.reviews,
        charter=handbook.charter,
        kits=handbook.kits,
        kits_by_id=dict(handbook.kits),
        modules_using_kit={
            kit_id: tuple((module_id, module) for module_id, module in handbook.modules
                          if kit_id in module.kits)
            for kit_id, _ in handbook.kits
        },
        modules=handbook.modules,
        people=tuple(settings.people),
        programme=programme,
        languages=tuple(settings.languages),
        charter_fingerprint=charter_fingerprint(handbook.charter),
        has_dashboard=handbook.posts is not None,
    )
