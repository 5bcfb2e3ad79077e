"""The diagnostic's date checks: the inputs' own dates against the programme's timeline.

A charter adopted after the launch, a changelog that runs backwards or past the charter's
adoption, posts by ambassadors before the launch, a plan shorter than its yearly review: each
would make two pages of the handbook contradict each other. The timeline itself
(model/timeline.py) computes the dates compared with.

Training sessions are not dated in the input contract (a module has an agenda, not a day),
so there is no "session outside the programme" check.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.handbook import Handbook
from ..model.timeline import REVIEW_MONTHS, programme_timeline

_ROADMAP = "steering/roadmap.md"
_GOVERNANCE = "steering/governance.md"  # who keeps the charter and its versions
_KPIS = "steering/kpis.md"

# (code, severity, chapter): check.py turns them into Checks.
DATE_CHECKS = (
    ("dates/charter-adopted-after-launch", "error", _ROADMAP),
    ("dates/changelog-after-adoption", "error", _GOVERNANCE),
    ("dates/changelog-out-of-order", "error", _GOVERNANCE),
    ("dates/posts-before-launch", "warning", _KPIS),
    ("dates/horizon-before-review", "error", _ROADMAP),
)

# check.py's `add` (code, document, loc, **params) and `add_at` (code, file, line, col, path,
# **params) for a place outside the YAML files (a line of the export of posts).
Add = Callable[..., None]


def date_checks(handbook: Handbook, add: Add, add_at: Add) -> None:
    settings, charter = handbook.settings, handbook.charter
    timeline = programme_timeline(settings, charter)
    launch = timeline.launch.isoformat()

    if charter.adopted_on is not None and charter.adopted_on > timeline.launch:
        add("dates/charter-adopted-after-launch", "charter", ("adopted_on",),
            adopted=charter.adopted_on.isoformat(), launch=launch)

    # The changelog is newest first; a version is never dated after the current adoption.
    for index, entry in enumerate(charter.changelog):
        if charter.adopted_on is not None and entry.date > charter.adopted_on:
            add("dates/changelog-after-adoption", "charter", ("changelog", index, "date"),
                version=entry.version, date=entry.date.isoformat(),
                adopted=charter.adopted_on.isoformat())
        elif index and entry.date > charter.changelog[index - 1].date:
            newer = charter.changelog[index - 1]
            add("dates/changelog-out-of-order", "charter", ("changelog", index, "date"),
                version=entry.version, date=entry.date.isoformat(),
                newer=newer.version, newer_date=newer.date.isoformat())

    posts = handbook.posts
    if posts is not None and posts.first_voice is not None and settings.kpis.posts:
        day, line = posts.first_voice
        if day < timeline.launch:
            add_at("dates/posts-before-launch", settings.kpis.posts, line, 1, "date",
                   date=day.isoformat(), launch=launch)

    yearly = max(REVIEW_MONTHS)
    if timeline.horizon_months < yearly:
        add("dates/horizon-before-review", "handbook", ("programme", "horizon_months"),
            months=timeline.horizon_months, review=yearly,
            on=timeline.milestones[f"month{yearly}"].isoformat(), end=timeline.end.isoformat())
