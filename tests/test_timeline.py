"""The programme's one timeline (model/timeline.py), computed from the inputs."""

from __future__ import annotations

import datetime as dt

from generator.inputs.handbook import load_handbook
from generator.model.charter import CoBuilding
from generator.model.timeline import programme_timeline
from generator.site.facts import programme_facts

from .conftest import MINIMAL

D = dt.date


def minimal():
    handbook, _ = load_handbook(MINIMAL)
    return handbook.settings, handbook.charter


def test_an_adopted_charter_is_done_not_planned_again():
    settings, charter = minimal()  # adopted on 2026-10-01, launch on 2027-01-15
    timeline = programme_timeline(settings, charter)
    steps = {step.key: step for step in timeline.steps}
    assert [step.number for step in timeline.steps] == [1, 2, 3, 4, 5, 6]
    assert (steps["framework"].start, steps["framework"].end) == (D(2026, 10, 1), D(2026, 10, 1))
    assert [steps[key].done for key in ("framing", "diagnosis", "framework", "support",
                                        "launch", "measure")] == [True] * 3 + [False] * 3
    assert (steps["support"].start, steps["support"].end) == (D(2026, 12, 15), D(2027, 1, 14))
    assert steps["launch"].start == timeline.launch == D(2027, 1, 15)
    assert steps["measure"].end == timeline.end == D(2028, 7, 14)  # 18 months


def test_co_building_sessions_date_the_charter_work():
    settings, charter = minimal()
    charter = charter.model_copy(update={"co_built": [
        CoBuilding(date=D(2026, 9, 12), format="workshop", participants=18),
        CoBuilding(date=D(2026, 6, 3), format="survey", participants=120)]})
    timeline = programme_timeline(settings, charter)
    framework = timeline.step("framework")
    assert (framework.start, framework.end, framework.done) == (D(2026, 6, 3), D(2026, 10, 1),
                                                                True)
    # Framing comes before the charter's work, however early it began.
    assert timeline.step("framing").start == timeline.preparation == D(2026, 5, 3)


def test_a_draft_charter_is_planned_before_the_launch():
    settings, charter = minimal()
    timeline = programme_timeline(settings, charter.model_copy(
        update={"status": "draft", "adopted_on": None}))
    assert not any(step.done for step in timeline.steps)
    framework = timeline.step("framework")
    assert (framework.start, framework.end) == (D(2026, 11, 15), D(2027, 1, 14))
    assert timeline.preparation == D(2026, 10, 15)
    assert timeline.charter_adopted is None


def test_reviews_and_programme_months():
    settings, charter = minimal()
    timeline = programme_timeline(settings, charter)
    assert timeline.milestones == {"month3": D(2027, 4, 15), "month6": D(2027, 7, 15),
                                   "month9": D(2027, 10, 15), "month12": D(2028, 1, 15)}
    assert timeline.month_start(1) == timeline.launch
    assert timeline.month_start(9) == D(2027, 9, 15)


def test_every_step_has_an_owner_from_the_inputs():
    settings, charter = minimal()  # a sponsor and a comms person, no community manager
    owners = {step.key: (step.owner.role, tuple(p.name for p in step.owner.people))
              for step in programme_timeline(settings, charter).steps}
    assert owners == {
        "framing": ("sponsor", ("Alice Martin",)),
        "diagnosis": ("comms", ("Bruno Petit",)),
        "framework": ("comms", ("Bruno Petit",)),
        "support": ("comms", ("Bruno Petit",)),
        "launch": ("sponsor", ("Alice Martin",)),
        "measure": ("comms", ("Bruno Petit",)),
    }


def test_facts_take_every_date_from_the_timeline():
    handbook, _ = load_handbook(MINIMAL)
    facts = programme_facts(handbook)
    assert facts.roadmap == facts.timeline.steps
    assert facts.milestones == facts.timeline.milestones
    assert facts.start == facts.launch == facts.timeline.launch
