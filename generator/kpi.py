"""KPIs from an export of posts: reading the CSV, then computing the playbook's metrics.

Reading streams the file once and keeps only sums per (month, author type, mentions the
company, topic) and the internal authors seen each month, so memory grows with the number of
months, topics and authors, never with the number of rows. Every bad cell is reported (file,
CSV line, column index), and a file with any bad row gives no figures at all: nothing is
silently dropped.

Computing works on those sums with exact arithmetic: rates and scores are fractions, turned
into decimals only when shown, so a hand-computed check matches to the last digit. A value
that cannot be computed (a rate without impressions, a comparison with an empty group) is
undefined, with the reason, and never 0.

Periods are calendar months and calendar quarters; month 1 of the programme is the calendar
month of programme.start. Nothing here prints.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from .errors import Diagnostic
from .schema import Target

AUTHOR_TYPES = ("employee", "expert", "leader", "company_page", "external")
TRACKS = ("employee", "expert", "leader")  # the internal voices, one track each
REFERENCES = ("company_page", "external")  # the groups internal voices are compared with
COMPARED_WITH = {"company_page": "overperformance_company",
                 "external": "overperformance_external"}

COLUMNS = ("date", "author", "author_type", "mentions_company", "topic", "impressions",
           "reactions", "comments", "shares", "clicks", "leads")
OPTIONAL_COLUMNS = ("leads",)
COUNT_COLUMNS = ("impressions", "reactions", "comments", "shares", "clicks", "leads")
YES_NO = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False,
          "oui": True, "non": False}

# The first problems are listed one by one; beyond that, one line says how many more.
MAX_LISTED = 50

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


# --- reading ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sums:
    """Additive totals of a set of posts."""

    posts: int = 0
    impressions: int = 0
    reactions: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    leads: int = 0

    @property
    def engagements(self) -> int:
        return self.reactions + self.comments + self.shares

    def __add__(self, other: Sums) -> Sums:
        return Sums(self.posts + other.posts, self.impressions + other.impressions,
                    self.reactions + other.reactions, self.comments + other.comments,
                    self.shares + other.shares, self.clicks + other.clicks,
                    self.leads + other.leads)


@dataclass(frozen=True)
class Cell:
    """The posts of one month by one author type, on one topic, mentioning the company or not."""

    month: str  # YYYY-MM
    author_type: str
    mentions_company: bool
    topic: str  # normalised: spaces collapsed, case folded
    sums: Sums


@dataclass(frozen=True)
class Posts:
    """An export of posts, read and summed: everything the dashboard is computed from."""

    file: str  # as named in messages, e.g. charters/demo/data/posts.csv
    rows: int
    first_day: dt.date
    last_day: dt.date
    has_leads: bool
    cells: tuple[Cell, ...]
    authors: frozenset[tuple[str, str, str]]  # (month, track, author) of internal voices

    def months(self) -> tuple[str, ...]:
        """Every calendar month from the first post to the last, gaps included."""
        return _month_range(_month_key(self.first_day), _month_key(self.last_day))


def read_posts(path: Path, display: str,
               names: Mapping[str, str]) -> tuple[Posts | None, list[Diagnostic]]:
    """Read the export at `path` (named `display` in messages); `names` maps standard column
    names to the export's own. Returns the posts, or None and every problem found."""
    problems = _Problems(display)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            posts = _read(handle, display, names, problems)
    except UnicodeDecodeError:
        return None, [_encoding_problem(path, display)]
    if problems.count:
        return None, problems.listed()
    return posts, []


class _Problems:
    """The problems of one file: the first MAX_LISTED in full, then only counted."""

    def __init__(self, display: str):
        self.display = display
        self.count = 0
        self.bad_rows = 0
        self.first: list[Diagnostic] = []
        self.first_unlisted: tuple[int, int] | None = None
        self.rows = 0  # rows read, once reading is over

    def add(self, line: int, col: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.first) < MAX_LISTED:
            self.first.append(Diagnostic(self.display, line, col, "error", column, message))
        elif self.first_unlisted is None:
            self.first_unlisted = (line, col)

    def listed(self) -> list[Diagnostic]:
        if self.first_unlisted is None:
            return list(self.first)
        more = self.count - len(self.first)
        # Placed at the first problem not listed, so it sorts after the listed ones.
        return [*self.first, Diagnostic(
            self.display, *self.first_unlisted, "error", "",
            f"{more} more problem{'s' if more != 1 else ''} from here on, not listed "
            f"({self.count} in {self.bad_rows} of {self.rows} rows); fix the ones above, "
            "then run again")]


def _read(handle, display: str, names: Mapping[str, str], problems: _Problems) -> Posts | None:
    header_line = handle.readline()
    if not header_line.strip():
        problems.add(1, 1, "", "the file is empty; its first line must be the header: "
                               + ",".join(COLUMNS))
        return None
    # Spreadsheets in French locales save with semicolons: take the header's separator.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(itertools.chain([header_line], handle), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.add(1, 1, "", f"the header line cannot be read as CSV: {exc}")
        return None
    index = _column_index(header, names, problems)
    if index is None:
        return None

    label = {name: _column_label(name, header, index) for name in index}
    width = len(header)
    i_date, i_author, i_type, i_mention, i_topic = (
        index["date"], index["author"], index["author_type"], index["mentions_company"],
        index["topic"])
    i_impressions, i_reactions, i_comments, i_shares, i_clicks = (
        index["impressions"], index["reactions"], index["comments"], index["shares"],
        index["clicks"])
    i_leads = index.get("leads")

    # Each distinct spelling is checked once, on the slow path, then found here.
    month_of: dict[str, str] = {}
    type_of: dict[str, str] = {}
    flag_of: dict[str, bool] = {}
    topic_of: dict[str, str] = {}
    days: list[str] = []  # the distinct valid dates, for the period covered
    caches = (month_of, type_of, flag_of, topic_of, days)

    sums: dict[tuple[str, str, bool, str], list[int]] = {}
    authors: set[tuple[str, str, str]] = set()
    internal = frozenset(TRACKS)
    rows = 0
    line = reader.line_num
    try:
        for row in reader:
            start, line = line + 1, reader.line_num  # a quoted field may span lines
            if not row:
                continue  # a blank line is not a row
            rows += 1
            try:
                if len(row) != width:
                    raise ValueError
                month = month_of[row[i_date]]
                author_type = type_of[row[i_type]]
                mention = flag_of[row[i_mention]]
                topic = topic_of[row[i_topic]]
                author = row[i_author].strip()
                impressions = int(row[i_impressions])
                reactions = int(row[i_reactions])
                comments = int(row[i_comments])
                shares = int(row[i_shares])
                clicks = int(row[i_clicks])
                leads = int(row[i_leads] or 0) if i_leads is not None else 0
                if (impressions | reactions | comments | shares | clicks | leads) < 0 \
                        or not author:
                    raise ValueError
            except (KeyError, ValueError):
                checked = _check_row(row, start, width, index, label, caches, problems)
                if checked is None:
                    problems.bad_rows += 1
                    continue
                (month, author_type, mention, topic, author, impressions, reactions,
                 comments, shares, clicks, leads) = checked
            key = (month, author_type, mention, topic)
            totals = sums.get(key)
            if totals is None:
                totals = sums[key] = [0, 0, 0, 0, 0, 0, 0]
            totals[0] += 1
            totals[1] += impressions
            totals[2] += reactions
            totals[3] += comments
            totals[4] += shares
            totals[5] += clicks
            totals[6] += leads
            if author_type in internal:
                authors.add((month, author_type, author))
    except csv.Error as exc:
        problems.add(line + 1, 1, "", f"this line cannot be read as CSV ({exc}); reading "
                                      "stopped here")
    problems.rows = rows
    if problems.count:
        return None
    if not rows:
        problems.add(1, 1, "", "the file has a header but no posts; export at least one "
                               "month of posts")
        return None
    cells = tuple(Cell(month, author_type, mention, topic, Sums(*totals))
                  for (month, author_type, mention, topic), totals in sorted(sums.items()))
    return Posts(display, rows, dt.date.fromisoformat(min(days)),
                 dt.date.fromisoformat(max(days)), i_leads is not None, cells,
                 frozenset(authors))


def _column_index(header: list[str], names: Mapping[str, str],
                  problems: _Problems) -> dict[str, int] | None:
    """Where each standard column is in the header, or None when one is missing."""
    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        key = name.strip().casefold()
        if key in positions:
            problems.add(1, position + 1, f"column '{name.strip()}'",
                         f"appears twice in the header (columns {positions[key] + 1} and "
                         f"{position + 1}); keep one")
        else:
            positions[key] = position
    index: dict[str, int] = {}
    found = ", ".join(name.strip() for name in header)
    for standard in COLUMNS:
        wanted = names.get(standard, standard)
        position = positions.get(wanted.strip().casefold())
        if position is not None:
            index[standard] = position
        elif standard in names:
            problems.add(1, 1, f"column '{wanted}'",
                         f"missing from the header, though kpis.columns.{standard} in "
                         f"handbook.yml names it (found: {found})")
        elif standard not in OPTIONAL_COLUMNS:
            problems.add(1, 1, f"column '{standard}'",
                         "missing from the header; add it, or give the name your export uses "
                         f"under kpis.columns.{standard} in handbook.yml (found: {found})")
    return None if problems.count else index


def _column_label(standard: str, header: list[str], index: Mapping[str, int]) -> str:
    """How messages name a column: the export's own name, and the standard one if it differs."""
    own = header[index[standard]].strip()
    return f"column '{own}'" if own.casefold() == standard else f"column '{own}' ({standard})"


def _check_row(row: list[str], line: int, width: int, index: Mapping[str, int],
               label: Mapping[str, str], caches, problems: _Problems):
    """The slow path: check every cell of a row, report each problem, learn new spellings.

    Returns the row's values, or None when it has a problem.
    """
    month_of, type_of, flag_of, topic_of, days = caches
    found: list[tuple[int, str, str]] = []  # (column index, column label, message)

    def bad(standard: str, message: str) -> None:
        found.append((index[standard] + 1, label[standard], message))

    if len(row) != width:
        many = "more" if len(row) > width else "fewer"
        problems.add(line, min(len(row), width) + 1, "",
                     f"this row has {len(row)} values but the header has {width} columns "
                     f"({many}); look for a missing or extra separator, or a value with a "
                     "separator in it that needs quotes")
        return None

    raw_date = row[index["date"]]
    month = month_of.get(raw_date)
    if month is None:
        text = raw_date.strip()
        day = _parse_day(text)
        if day is None:
            bad("date", f"{_shown(text)} is not a date; write it YYYY-MM-DD, like 2027-01-15")
        else:
            month = month_of[raw_date] = text[:7]
            days.append(text)

    raw_type = row[index["author_type"]]
    author_type = type_of.get(raw_type)
    if author_type is None:
        text = raw_type.strip().casefold()
        if text in AUTHOR_TYPES:
            author_type = type_of[raw_type] = text
        else:
            bad("author_type", f"{_shown(raw_type.strip())} is not an author type; expected "
                               f"one of: {', '.join(AUTHOR_TYPES)}")

    raw_flag = row[index["mentions_company"]]
    mention = flag_of.get(raw_flag)
    if mention is None:
        text = raw_flag.strip().casefold()
        if text in YES_NO:
            mention = flag_of[raw_flag] = YES_NO[text]
        else:
            bad("mentions_company", f"{_shown(raw_flag.strip())} is not a yes/no value; write "
                                    "true or false (yes/no, 1/0 and oui/non also work)")

    raw_topic = row[index["topic"]]
    topic = topic_of.get(raw_topic)
    if topic is None:
        text = " ".join(raw_topic.split()).casefold()
        if text:
            topic = topic_of[raw_topic] = text
        else:
            bad("topic", "empty; give the post's topic (posts are compared topic by topic)")

    author = row[index["author"]].strip()
    if not author:
        bad("author", "empty; give the author's name or pseudonymous id")

    counts: list[int] = []
    for name in COUNT_COLUMNS:
        if name not in index:
            counts.append(0)  # no leads column: leads are not measured (see Posts.has_leads)
            continue
        text = row[index[name]].strip()
        if not text and name == "leads":
            counts.append(0)  # tools leave the cell empty when no lead came from the post
            continue
        if not text:
            bad(name, "empty; write 0 when there are none")
            continue
        try:
            value = int(text)
        except ValueError:
            bad(name, f"{_shown(text)} is not a whole number")
            continue
        if value < 0:
            bad(name, f"{value} is negative; a count is 0 or more")
            continue
        counts.append(value)

    for col, column, message in sorted(found):
        problems.add(line, col, column, message)
    if found:
        return None
    return (month, author_type, mention, topic, author, *counts)


def _parse_day(text: str) -> dt.date | None:
    # fromisoformat alone also takes 20270115 or 2027-W03: only YYYY-MM-DD is a date here.
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _shown(text: str) -> str:
    return f"'{text}'" if len(text) <= 40 else f"'{text[:37]}...'"


def _encoding_problem(path: Path, display: str) -> Diagnostic:
    """Where the first byte that is not UTF-8 is (the text reader only says it failed)."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return Diagnostic(display, number, 1, "error", "",
                                  f"byte 0x{raw[exc.start]:02X} is not UTF-8: the export was "
                                  "saved in another encoding (Latin-1, Windows-1252?); save "
                                  "it as CSV UTF-8")
    return Diagnostic(display, 1, 1, "error", "", "the file is not UTF-8 text; save it as "
                                                  "CSV UTF-8")


# --- computing ----------------------------------------------------------------------------

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
        index = self.start.year * 12 + self.start.month - 1 + number - 1
        return index // 12, index % 12 + 1


def dashboard(posts: Posts, targets: Iterable[Target], start: dt.date,
              until: str | None = None) -> Dashboard:
    """The dashboard as it reads at the end of month `until` (YYYY-MM; by default the last
    month of the export): later posts are left out, as if it were built that month."""
    months = posts.months()
    until = until or months[-1]
    if until not in months:
        raise ValueError(f"{until} is outside the export ({months[0]} to {months[-1]})")
    months = months[:months.index(until) + 1]
    cells_by_month: dict[str, list[Cell]] = defaultdict(list)
    for cell in posts.cells:
        cells_by_month[cell.month].append(cell)
    authors_by_month: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for month, track, author in posts.authors:
        authors_by_month[month].add((track, author))

    def report(key: str, counted: tuple[str, ...], complete: bool) -> PeriodReport:
        cells = [cell for month in counted for cell in cells_by_month.get(month, ())]
        authors = set().union(*(authors_by_month.get(month, set()) for month in counted))
        number = programme_month(start, counted[-1])
        return PeriodReport(
            key, counted, complete, number, phase(number),
            overall=_figures(cells, authors, TRACKS, posts.has_leads),
            tracks={track: _figures(cells, authors, (track,), posts.has_leads)
                    for track in TRACKS},
            references={group: _reference_figures(cells, group, posts.has_leads)
                        for group in REFERENCES})

    monthly = tuple(report(month, (month,), True) for month in months)
    by_quarter: dict[str, tuple[str, ...]] = {}
    for month in months:
        by_quarter[_quarter_key(month)] = by_quarter.get(_quarter_key(month), ()) + (month,)
    quarterly = tuple(report(key, counted, counted[-1] == _quarter_months(key)[-1])
                      for key, counted in by_quarter.items())
    period = monthly[-1]
    return Dashboard(posts, start, period, quarterly[-1], monthly, quarterly,
                     tuple(_target_status(target, period) for target in targets))


def programme_month(start: dt.date, month: str) -> int:
    """Month 1 is the calendar month of the kick-off; before it, 0 or less.

    For a whole calendar month this is the month plan.add_months counts from programme.start
    at the month's last day.
    """
    year, number = int(month[:4]), int(month[5:7])
    return (year - start.year) * 12 + number - start.month + 1


def phase(number: int) -> str:
    """Where a programme month sits on the playbook's curve."""
    current = "before"
    for name, first in PHASES:
        if number >= first:
            current = name
    return current


def _figures(cells: list[Cell], authors: set[tuple[str, str]], tracks: tuple[str, ...],
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
        active_ambassadors=len({author for track, author in authors if track in tracks}),
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
    last_day = _month_end(period.months[-1])
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


# --- calendar -----------------------------------------------------------------------------

def _month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_range(first: str, last: str) -> tuple[str, ...]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def _quarter_key(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def _quarter_months(key: str) -> tuple[str, ...]:
    first = (int(key[-1]) - 1) * 3 + 1
    return tuple(f"{key[:4]}-{number:02d}" for number in range(first, first + 3))


def _month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:7])
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return following - dt.timedelta(days=1)


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
    authors = frozenset((month, track, f"{name}:{author}") for name, posts in exports.items()
                        for month, track, author in posts.authors)
    return Posts(file, sum(posts.rows for posts in exports.values()),
                 min(posts.first_day for posts in exports.values()),
                 max(posts.last_day for posts in exports.values()),
                 all(posts.has_leads for posts in exports.values()),
                 tuple(Cell(*key, total) for key, total in sorted(sums.items())), authors)


def whole_export(posts: Posts) -> Figures:
    """The internal voices' indicators over every month of the export together."""
    authors = {(track, author) for _, track, author in posts.authors}
    return _figures(list(posts.cells), authors, TRACKS, posts.has_leads)
