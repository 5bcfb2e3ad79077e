"""The programme's one timeline: every date a reader sees, computed once from the inputs.

The launch is `programme.start` (the kick-off, the roadmap's step 5); programme month 1 starts
on the launch day, which is the month the KPI dashboard counts as month 1. The four steps
that prepare the launch come before it: framing and diagnosis, the charter's work, then
training and tools. What the inputs say already happened is shown as done, at its own dates:
an adopted charter is done from its first co-building session to its adoption, and the
framing and diagnosis that came before it are done too. The 3-, 6-, 9- and 12-month reviews
fall that many months after the launch; the plan ends with its horizon.

Pages, printables, charts, the dashboard and the diagnostic read these dates; nothing else
computes a programme date (`handbook check` compares the inputs' own dates with them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..core.dates import add_months
from .charter import Charter
from .settings import HandbookFile, Person
from .vocab import Role

# The launch is prepared in the three months before it (framing, diagnosis, charter, tools).
PREPARATION_MONTHS = 3
# Reviews after so many months: foundations (3), first signals (6), business results (9-12).
REVIEW_MONTHS = (3, 6, 9, 12)
# The six steps of the playbook's roadmap, in order.
STEP_KEYS = ("framing", "diagnosis", "framework", "support", "launch", "measure")
# Who carries each step: the first of these roles someone holds in `people`.
OWNER_ROLES: Mapping[str, tuple[Role, ...]] = {
    "framing": ("sponsor", "community_manager"),
    "diagnosis": ("community_manager", "comms", "sponsor"),
    "framework": ("comms", "legal", "community_manager", "sponsor"),
    "support": ("hr", "community_manager", "comms"),
    "launch": ("sponsor", "community_manager"),
    "measure": ("community_manager", "comms", "sponsor"),
}


@dataclass(frozen=True)
class Owner:
    """Who carries a step: a role, and the people who hold it (none yet: the role alone)."""

    role: Role
    people: tuple[Person, ...]


@dataclass(frozen=True)
class Step:
    """A step of the roadmap, numbered from 1, with its first and last day."""

    number: int
    key: str  # one of STEP_KEYS
    start: dt.date
    end: dt.date
    done: bool  # the inputs say it already happened
    owner: Owner


@dataclass(frozen=True)
class Review:
    """A review `months` after the launch."""

    months: int
    on: dt.date


@dataclass(frozen=True)
class Timeline:
    launch: dt.date
    preparation: dt.date  # the first day of the first step
    end: dt.date  # the last day of the plan (its horizon)
    horizon_months: int
    steps: tuple[Step, ...]
    reviews: tuple[Review, ...]
    charter_adopted: dt.date | None  # the charter's adoption, when it is adopted

    @property
    def milestones(self) -> dict[str, dt.date]:
        """The reviews by name, as chapters use them: month3, month6, month9, month12."""
        return {f"month{review.months}": review.on for review in self.reviews}

    def month_start(self, number: int) -> dt.date:
        """The first day of programme month `number` (month 1 starts on the launch day)."""
        return add_months(self.launch, number - 1)

    def step(self, key: str) -> Step:
        return next(step for step in self.steps if step.key == key)


def programme_timeline(settings: HandbookFile, charter: Charter) -> Timeline:
    """Every programme date, from handbook.yml and charter.yml."""
    launch = settings.programme.start
    horizon = settings.programme.horizon_months
    end = add_months(launch, horizon) - dt.timedelta(days=1)
    day = dt.timedelta(days=1)

    sessions = sorted(session.date for session in charter.co_built)
    adopted = charter.adopted_on if charter.status == "adopted" else None
    if adopted is not None:
        charter_start = min([*sessions[:1], adopted])
        charter_end = adopted
    else:
        charter_start = sessions[0] if sessions else add_months(launch, -2)
        charter_end = max(launch - day, charter_start)
    preparation = min(add_months(launch, -PREPARATION_MONTHS), add_months(charter_start, -1))
    support_start = add_months(launch, -1)
    spans = {
        "framing": (preparation, add_months(preparation, 1) - day),
        "diagnosis": (add_months(preparation, 1), add_months(preparation, 2) - day),
        "framework": (charter_start, charter_end),
        "support": (support_start, max(support_start, launch - day)),
        "launch": (launch, end),
        "measure": (launch, end),
    }
    # An adopted charter means the framing and diagnosis before it happened too.
    done = {"framing": adopted is not None, "diagnosis": adopted is not None,
            "framework": adopted is not None}
    steps = tuple(
        Step(number, key, *spans[key], done.get(key, False), _owner(settings.people, key))
        for number, key in enumerate(STEP_KEYS, start=1))
    reviews = tuple(Review(months, add_months(launch, months)) for months in REVIEW_MONTHS)
    return Timeline(launch, preparation, end, horizon, steps, reviews, adopted)


def _owner(people: list[Person], step: str) -> Owner:
    roles = OWNER_ROLES[step]
    for role in roles:
        holders = tuple(person for person in people if person.role == role)
        if holders:
            return Owner(role, holders)
    return Owner(roles[0], ())
