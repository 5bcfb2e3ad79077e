"""The playbook's KPIs and scores, computed from an export of posts (model.posts).

Computing works on sums with exact arithmetic: rates and scores are fractions, turned into
decimals only when shown, so a hand-computed check matches to the last digit. A value that
cannot be computed (a rate without impressions, a comparison with an empty group) is
undefined, with the reason, and never 0.

Periods are calendar months and calendar quarters; month 1 of the programme is the calendar
month of programme.start. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from ..core.dates import calendar_month, month_end, programme_month, quarter_key, quarter_months
from ..model.posts import Cell, Posts, Sums, grouped_voices
from ..model.settings import Target
from ..model.vocab import REFERENCES, VOICES

COMPARED_WITH = {"company_page": "overperformance_company",
                 "external": "overperformance_external"}

# The playbook's timeline: (phase, first programme month). Before month 1: "before".
PHASES = (("foundations", 1), ("first_signals", 4), ("business_results", 9))
# The phase from which each indicator can fairly be judged: a target on leads is "too early"
# in month 2, not "behind".
EXPECTED_FROM = {
    "posts": "foundations",
    "active_ambassadors": "foundations",
    "embodiment_score": "foundations",
    "impressions": "first_signals",
    "engagements": "first_signals",
    "engagement_rate": "first_signals",
    "impact_score": "first_signals",
    "overperformance_company": "first_signals",
    "overperformance_external": "first_signals",
    "clicks": "business_results",
    "leads": "business_results",
}
PHASE_ORDER = ("before", *(name for name, _ in PHASES))



@dataclass(frozen=True)
class Figures:
    """The indicators of one group of authors over one period.

    Scores and active ambassadors are None for the reference groups (company page, external
    authors), where they do not apply; `undefined` gives the reason of every other None.
    """

    posts: int
    impressions: int
    engagements: int
    engagement_rate: Fraction | None
    clicks: int
    leads: int | None
    active_ambassadors: int | None = None
    embodiment_score: Fraction | None = None
    impact_score: int | None = None
    overperformance_company: Fraction | None = None
    overperformance_external: Fraction | None = None
    undefined: Mapping[str, str] = field(default_factory=dict)  # indicator: reason


ACTIVITY = ("posts", "active_ambassadors", "impressions", "engagements", "engagement_rate",
            "clicks", "leads")
SCORES = ("embodiment_score", "impact_score", "overperformance_company",
          "overperformance_external")
INDICATORS = ACTIVITY + SCORES


@dataclass(frozen=True)
class PeriodReport:
    """One month or one quarter: the programme as a whole, each track, and the references."""

    key: str  # 2027-03 or 2027-Q1
    months: tuple[str, ...]  # the months counted, up to the reporting month
    complete: bool  # False for a quarter still running at the reporting month
    programme_month: int  # of the period's last month counted; 0 or less: before the kick-off
    phase: str
    overall: Figures  # all internal voices together
    tracks: Mapping[str, Figures]  # employee, expert, leader
    references: Mapping[str, Figures]  # company_page, external

    @property
    def year(self) -> int:
        return int(self.key[:4])

    @property
    def month(self) -> int:
        """The calendar month of a monthly period (the last month counted, for a quarter)."""
        return int(self.months[-1][5:7])

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1


@dataclass(frozen=True)
class TargetStatus:
    kpi: str
    target: Fraction
    by: dt.date
    actual: Fraction | int | None
    share: Fraction | None  # actual / target
    status: str  # reached | in_progress | too_early | missed | undefined
    expected_from: str  # the phase from which the indicator can be judged
    expected_month: int  # the programme month that phase starts


@dataclass(frozen=True)
class Dashboard:
    posts: Posts
    start: dt.date
    period: PeriodReport  # the reporting month
    quarter: PeriodReport  # the quarter holding it, counted up to it
    months: tuple[PeriodReport, ...]
    quarters: tuple[PeriodReport, ...]
    targets: tuple[TargetStatus, ...]

    def calendar_month(self, number: int) -> tuple[int, int]:
        """(year, month) of programme month `number`."""
        return calendar_month(self.start, number)


def dashboard(posts: Posts, targets: Iterable[Target], start: dt.date,
              until: str | None = None) -> Dashboard:
    """The dashboard as it reads at the end of month `until` (YYYY-MM; by default the last
    month of the export): later posts are left out, as if it were built that month."""
    months = posts.months()
    until = until or months[-1]
    if until not in months:
        raise ValueError(f"{until} is outside the export ({months[0]} to {months[-1]})")
    months = months[:months.index(until) + 1]

    def report(key: str, counted: tuple[str, ...], complete: bool) -> PeriodReport:
        return _period_report(posts, start, key, counted, complete)

    monthly = tuple(report(month, (month,), True) for month in months)
    by_quarter: dict[str, tuple[str, ...]] = {}
    for month in months:
        by_quarter[quarter_key(month)] = by_quarter.get(quarter_key(month), ()) + (month,)
    quarterly = tuple(report(key, counted, counted[-1] == quarter_months(key)[-1])
                      for key, counted in by_quarter.items())
    period = monthly[-1]
    return Dashboard(posts, start, period, quarterly[-1], monthly, quarterly,
                     tuple(_target_status(target, period) for target in targets))


def since_launch(posts: Posts, start: dt.date) -> PeriodReport:
    """Every month of the export from the kick-off's month on, as one period (key "all"),
    with the same definitions as a month: posts before the kick-off are the baseline, not
    the programme's work. ValueError when the export ends before the kick-off."""
    counted = tuple(month for month in posts.months() if programme_month(start, month) >= 1)
    if not counted:
        raise ValueError(f"the export ends on {posts.last_day}, before the programme's start "
                         f"on {start}: nothing was posted since launch")
    return _period_report(posts, start, "all", counted, True)


def _period_report(posts: Posts, start: dt.date, key: str, counted: tuple[str, ...],
                   complete: bool) -> PeriodReport:
    """The figures of the months `counted` together: an ambassador posting in several of
    them counts once, and rates and scores are computed on the period's sums."""
    months = set(counted)
    cells = [cell for cell in posts.cells if cell.month in months]
    authors = {track: posts.voices(track, months) for track in VOICES}
    number = programme_month(start, counted[-1])
    return PeriodReport(
        key, counted, complete, number, phase(number),
        overall=_figures(cells, authors, VOICES, posts.has_leads),
        tracks={track: _figures(cells, authors, (track,), posts.has_leads) for track in VOICES},
        references={group: _reference_figures(cells, group, posts.has_leads)
                    for group in REFERENCES})


def phase(number: int) -> str:
    """Where a programme month sits on the playbook's curve."""
    current = "before"
    for name, first in PHASES:
        if number >= first:
            current = name
    return current


def _figures(cells: list[Cell], authors: Mapping[str, frozenset[str]], tracks: tuple[str, ...],
             has_leads: bool) -> Figures:
    undefined: dict[str, str] = {}
    mine = [cell for cell in cells if cell.author_type in tracks]
    sums = _total(mine)
    rate = _rate(sums, undefined)
    mentioning = sum(cell.sums.posts for cell in cells if cell.mentions_company)
    mine_mentioning = _total(cell for cell in mine if cell.mentions_company)
    embodiment = None
    if mentioning:
        embodiment = Fraction(mine_mentioning.posts, mentioning)
    else:
        undefined["embodiment_score"] = "no_posts_mentioning_company"
    if not has_leads:
        undefined["leads"] = "no_leads_column"
    comparisons = {}
    for group, score in COMPARED_WITH.items():
        theirs = [cell for cell in cells if cell.author_type == group]
        comparisons[score], reason = _overperformance(mine, theirs, f"no_{group}_posts")
        if reason:
            undefined[score] = reason
    return Figures(
        posts=sums.posts, impressions=sums.impressions, engagements=sums.engagements,
        engagement_rate=rate, clicks=sums.clicks, leads=sums.leads if has_leads else None,
        active_ambassadors=len(frozenset().union(*(authors[track] for track in tracks))),
        embodiment_score=embodiment, impact_score=mine_mentioning.engagements,
        **comparisons, undefined=undefined)


def _reference_figures(cells: list[Cell], group: str, has_leads: bool) -> Figures:
    undefined: dict[str, str] = {}
    sums = _total(cell for cell in cells if cell.author_type == group)
    if not has_leads:
        undefined["leads"] = "no_leads_column"
    return Figures(posts=sums.posts, impressions=sums.impressions,
                   engagements=sums.engagements, engagement_rate=_rate(sums, undefined),
                   clicks=sums.clicks, leads=sums.leads if has_leads else None,
                   undefined=undefined)


def _overperformance(mine: list[Cell], theirs: list[Cell],
                     no_reference: str) -> tuple[Fraction | None, str | None]:
    """Engagement rate of `mine` over that of `theirs`, both on the topics they share."""
    if not mine:
        return None, "no_posts"
    if not theirs:
        return None, no_reference
    common = {cell.topic for cell in mine} & {cell.topic for cell in theirs}
    if not common:
        return None, "no_common_topic"
    ours = _total(cell for cell in mine if cell.topic in common)
    other = _total(cell for cell in theirs if cell.topic in common)
    if not ours.impressions or not other.impressions:
        return None, "no_impressions"
    if not other.engagements:
        return None, "no_reference_engagement"
    return Fraction(ours.engagements * other.impressions,
                    ours.impressions * other.engagements), None


def _total(cells: Iterable[Cell]) -> Sums:
    return sum((cell.sums for cell in cells), Sums())


def _rate(sums: Sums, undefined: dict[str, str]) -> Fraction | None:
    if not sums.impressions:
        undefined["engagement_rate"] = "no_impressions"
        return None
    return Fraction(sums.engagements, sums.impressions)


def _target_status(target: Target, period: PeriodReport) -> TargetStatus:
    # The decimal as written in handbook.yml: 0.04 is exactly 1/25, not the nearest float.
    wanted = Fraction(repr(target.target))
    actual = getattr(period.overall, target.kpi)
    expected_from = EXPECTED_FROM[target.kpi]
    last_day = month_end(period.months[-1])
    share = Fraction(actual) / wanted if actual is not None and wanted else None
    if actual is None:
        status = "undefined"
    elif actual >= wanted:
        status = "reached"
    elif last_day > target.by:
        status = "missed"
    elif PHASE_ORDER.index(period.phase) < PHASE_ORDER.index(expected_from):
        status = "too_early"
    else:
        status = "in_progress"
    return TargetStatus(target.kpi, wanted, target.by, actual, share, status, expected_from,
                        dict(PHASES)[expected_from])


# --- several exports together: a group's entities -------------------------------------------

def combine(exports: Mapping[str, Posts], file: str) -> Posts:
    """Several exports as one, named `file` in messages: the sums of the cells with the same
    month, author type, mention and topic are added, so every indicator, scores included, is
    computed from all the rows together (never an average of the exports' figures). Authors
    stay apart by export: two exports' "ana" are two people."""
    sums: dict[tuple[str, str, bool, str], Sums] = {}
    for posts in exports.values():
        for cell in posts.cells:
            key = (cell.month, cell.author_type, cell.mentions_company, cell.topic)
            sums[key] = sums.get(key, Sums()) + cell.sums
    # An export's name is an id (no colon), so "<name>:<author>" never mixes two authors up.
    authors = grouped_voices((month, track, f"{name}:{author}")
                             for name, posts in exports.items()
                             for month, track, names in posts.authors for author in names)
    return Posts(file, sum(posts.rows for posts in exports.values()),
                 min(posts.first_day for posts in exports.values()),
                 max(posts.last_day for posts in exports.values()),
                 all(posts.has_leads for posts in exports.values()),
                 tuple(Cell(*key, total) for key, total in sorted(sums.items())), authors)


def whole_export(posts: Posts) -> Figures:
    """The internal voices' indicators over every month of the export together."""
    authors = {track: posts.voices(track) for track in VOICES}
    return _figures(list(posts.cells), authors, VOICES, posts.has_leads)
