"""Reading an export of posts (CSV): every bad cell reported, the rest summed.

Reading streams the file once and keeps only sums per (month, author type, mentions the
company, topic) and the internal authors seen each month, so memory grows with the number of
months, topics and authors, never with the number of rows. Every bad cell is reported (file,
CSV line, column index), and a file with any bad row gives no figures at all: nothing is
silently dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from collections.abc import Mapping
from pathlib import Path

from ..core.builddate import today
from ..core.errors import Diagnostic
from ..core.quote import char_name, first_forbidden, shown
from ..model.posts import Cell, Posts, Sums, grouped_voices
from ..model.vocab import AUTHOR_TYPES, VOICES
from .posts_fast import read_posts_fast

COLUMNS = ("date", "author", "author_type", "mentions_company", "topic", "impressions",
           "reactions", "comments", "shares", "clicks", "leads")
OPTIONAL_COLUMNS = ("leads",)
COUNT_COLUMNS = ("impressions", "reactions", "comments", "shares", "clicks", "leads")
YES_NO = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False,
          "oui": True, "non": False}

# The first problems are listed one by one; beyond that, one line says how many more.
MAX_LISTED = 50
# The largest count a cell may hold: no post is seen a thousand billion times, and a bigger
# number is a broken export (a 400-digit count once overflowed every figure built on it).
MAX_COUNT = 10**12


# Below this size the exact reader is done before polars is even imported (0.2 s): about
# 50,000 rows, where both take about 0.25 s (bench/kpi.py's figures: 5 µs a row for the
# exact reader, 0.25 s plus 0.45 µs a row for polars). The demo's export is read in 0.08 s.
FAST_FROM_BYTES = 3_000_000


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # the exact reader says what is wrong
        return 0


def read_posts(path: Path, display: str, names: Mapping[str, str],
               until: dt.date | None = None) -> tuple[Posts | None, list[Diagnostic]]:
    """Read the export at `path` (named `display` in messages); `names` maps standard column
    names to the export's own. Returns the posts, or None and every problem found.

    Posts dated after `until` (today, by default) are left out, each with a warning: a
    dashboard never reaches a month that has not come yet. With the `fast` extra installed,
    polars reads a file of FAST_FROM_BYTES or more first (inputs/posts_fast.py); anything it
    is not sure of, every bad cell and every post after `until` included, is read again
    here."""
    until = until or today()
    if _size(path) >= FAST_FROM_BYTES:
        fast = read_posts_fast(path, display, names, until)
        if fast is not None:
            return fast, []
    problems = _Problems(display, until)
    nul = _nul_problem(path, display)
    if nul is not None:
        return None, [nul]
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            posts = _read(handle, display, names, problems)
    except UnicodeDecodeError:
        return None, [_encoding_problem(path, display)]
    if problems.count:
        return None, problems.listed()
    return posts, problems.warnings


class _Problems:
    """The problems of one file: the first MAX_LISTED in full, then only counted."""

    def __init__(self, display: str, until: dt.date):
        self.display = display
        self.until = until.isoformat()  # posts dated later are left out
        self.future: set[str] = set()  # their dates, as written
        self.warnings: list[Diagnostic] = []
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

    def left_out(self, line: int, col: int, column: str, day: str) -> None:
        """A post dated after today: a warning that names its row (the first MAX_LISTED)."""
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append(Diagnostic(
                self.display, line, col, "warning", column,
                f"the post on line {line} is dated {day.strip()}, after {self.until} (today, "
                "or the end of the programme's plan if later); it is left out of the "
                "dashboard: check the export's dates"))

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
    internal = frozenset(VOICES)
    day_of: dict[str, dt.date | None] = {}
    first_voice: tuple[dt.date, int] | None = None
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
                        or max(impressions, reactions, comments, shares, clicks,
                               leads) > MAX_COUNT or not author:
                    raise ValueError
            except (KeyError, ValueError):
                checked = _check_row(row, start, width, index, label, caches, problems)
                if checked is None:
                    problems.bad_rows += 1
                    continue
                (month, author_type, mention, topic, author, impressions, reactions,
                 comments, shares, clicks, leads) = checked
            if row[i_date] in problems.future:
                problems.left_out(start, i_date + 1, label["date"], row[i_date])
                rows -= 1  # not a row the figures count
                continue
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
                raw = row[i_date]
                day = day_of[raw] if raw in day_of else day_of.setdefault(
                    raw, _parse_day(raw.strip()))
                if day is not None and (first_voice is None or day < first_voice[0]):
                    first_voice = (day, start)
    except csv.Error as exc:
        problems.add(line + 1, 1, "", f"this line cannot be read as CSV ({exc}); reading "
                                      "stopped here")
    problems.rows = rows
    if problems.count:
        return None
    if not rows and problems.future:  # every post is dated after today: the warnings say so
        return None
    if not rows:
        problems.add(1, 1, "", "the file has a header but no posts; export at least one "
                               "month of posts")
        return None
    cells = tuple(Cell(month, author_type, mention, topic, Sums(*totals))
                  for (month, author_type, mention, topic), totals in sorted(sums.items()))
    return Posts(display, rows, dt.date.fromisoformat(min(days)),
                 dt.date.fromisoformat(max(days)), i_leads is not None, cells,
                 grouped_voices(authors), first_voice)


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
    # A date after today is never cached: each of its rows comes here and is left out.
    future = problems.future
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
        elif text > problems.until:
            month = text[:7]
            future.add(raw_date)
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
        if first_forbidden(text):
            bad("topic", f"holds the control character {char_name(first_forbidden(text)[1])}"
                         "; remove it")
        elif text:
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
            # A long run of digits is too big whatever it says: never parse 4,000 digits.
            value = MAX_COUNT + 1 if len(text) > 20 and text.isdigit() else int(text)
        except ValueError:
            bad(name, f"{_shown(text)} is not a whole number")
            continue
        if value < 0:
            bad(name, f"{value} is negative; a count is 0 or more")
            continue
        if value > MAX_COUNT:
            bad(name, f"{_shown(text)} is more than {MAX_COUNT:,} (10^12), the largest count "
                      "an export may hold; check the export")
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
    return f"'{shown(text, 40)}'"


def _nul_problem(path: Path, display: str) -> Diagnostic | None:
    """Where the first NUL byte is: a CSV export never holds one (the file is binary, or
    saved in UTF-16)."""
    data = path.read_bytes()
    offset = data.find(b"\x00")
    if offset < 0:
        return None
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return Diagnostic(display, line, col, "error", "", "the file holds a NUL byte: it is not "
                      "a CSV text export, or it was saved in UTF-16; export it again as CSV "
                      "UTF-8")


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

