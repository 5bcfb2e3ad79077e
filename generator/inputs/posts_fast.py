"""Reading an export of posts with polars, the optional `fast` extra: a million rows in well
under a second.

It reads only exports it is sure of, and then gives exactly what the row-by-row reader
(inputs/posts.py) gives: the same sums, months, topics and authors. Anything unusual, a bad
cell, a quote, a lone carriage return, a NUL byte, a count of 10^12 or more, a date after
`latest`, an empty cell (but for leads), a short row, a blank line, a header it cannot map,
makes it answer None, and the exact reader reads the file instead: it reports every bad cell
with its line and column, and its checks (some of them added after this module) all still
apply.

Only the columns the KPIs need are read (and the last one, which a short row leaves empty).
Counts are parsed by polars as 64-bit integers: a cell it cannot parse stops the read, and
vectorised checks then hand back any empty, negative or huge count. The other columns hold a
few thousand spellings at most: each distinct spelling is checked once here in Python (a date
written exactly YYYY-MM-DD, a topic normalised as the exact reader does), while polars groups
and sums the million rows, reading the file once for all its queries.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import gc
import mmap
import re
from collections.abc import Mapping
from pathlib import Path

from ..core.quote import first_forbidden
from ..model.posts import Cell, Posts, Sums
from ..model.vocab import AUTHOR_TYPES, VOICES

# The exact reader's columns and its spellings of yes and no (inputs/posts.py).
COLUMNS = ("date", "author", "author_type", "mentions_company", "topic", "impressions",
           "reactions", "comments", "shares", "clicks", "leads")
COUNTS = ("impressions", "reactions", "comments", "shares", "clicks", "leads")
TEXTS = ("date", "author", "author_type", "mentions_company", "topic")
_YES_NO = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False,
           "oui": True, "non": False}
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Counts of 10^12 or more are for the exact reader to judge (it refuses those above 10^12).
_COUNT_LIMIT = 10**12


def available() -> bool:
    """Whether the `fast` extra (polars) is installed."""
    try:
        import polars  # noqa: F401
    except ImportError:
        return False
    return True


def read_posts_fast(path: Path, display: str, names: Mapping[str, str],
                    latest: dt.date | None = None) -> Posts | None:
    """The posts of the export at `path`, read with polars; None when polars is not
    installed or the file has anything the exact reader must look at. With `latest`, a
    file with a post dated after it is left to the exact reader (whose warning about such
    rows must then name them)."""
    try:
        import polars as pl
    except ImportError:
        return None
    _quick_exit()
    layout = _layout(path, names)
    if layout is None:
        return None
    delimiter, width, index = layout
    # The last column is read too: a row one value short leaves it empty (null).
    wanted = sorted({*index.values(), width - 1})
    # Every column is declared text, the skipped ones too: polars then checks that they are
    # UTF-8 (test_posts_fast holds it to that), and the exact reader says where they are not.
    schema = {f"c{position}": pl.String for position in range(width)}
    for name in COUNTS:
        if name in index:
            schema[f"c{index[name]}"] = pl.Int64
    # The header line is skipped (its BOM with it): the columns are known by position.
    columns = {f"c{position}": name for name, position in index.items()}
    lazy = pl.scan_csv(path, has_header=False, skip_rows=1, separator=delimiter,
                       quote_char=None, schema=schema, encoding="utf8", raise_if_empty=False,
                       glob=False).select(pl.col(f"c{position}").alias(
                           columns.get(f"c{position}", "tail")) for position in wanted)
    try:
        return _summed(pl, lazy, path, delimiter, width, display, latest)
    except pl.exceptions.PolarsError:  # a cell that is no count, ragged rows, bad UTF-8
        return None


@functools.cache
def _quick_exit() -> None:
    """Spare the process's exit a walk through every object polars' import created: at exit,
    Python's last cycle collections visit every object still alive, which a process that ends
    has no need of (after a 1 M-row read, 0.075 s from the result to the process's end, 0.035 s
    with this). Frozen objects are left out of those walks; their memory goes back to the
    system with the process's, and objects still alive at exit are never sure to be finalised.
    Registered once, when polars is first used: a long-running process is not affected."""
    atexit.register(gc.freeze)


def _layout(path: Path, names: Mapping[str, str]) -> tuple[str, int, dict[str, int]] | None:
    """The separator, the number of columns and where each standard column is, from the
    file's bytes; None if they hold anything the exact reader must read."""
    try:  # mapped, not copied, and unmapped before polars reads the file itself
        with open(path, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # unreadable, empty (mmap cannot map 0 bytes), not a file
        return None
    with data:
        # Quotes and lone carriage returns are where CSV readers differ: the exact reader's.
        if data.find(b'"') >= 0 or data.find(b"\x00") >= 0:
            return None
        if data.find(b"\r") >= 0:
            whole = data[:]
            if whole.count(b"\r") != whole.count(b"\r\n"):
                return None
        end = data.find(b"\n")
        header_line = data[:end if end >= 0 else len(data)].rstrip(b"\r")
    try:
        header_text = header_line.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = ";" if header_text.count(";") > header_text.count(",") else ","
    header = header_text.split(delimiter)
    index = _column_index(header, names)
    # One column named for two (kpis.columns in handbook.yml): the exact reader's.
    if index is None or len(set(index.values())) < len(index):
        return None
    return delimiter, len(header), index


def _column_index(header: list[str], names: Mapping[str, str]) -> dict[str, int] | None:
    """Where each standard column is; None for anything the exact reader must report."""
    keys = [name.strip().casefold() for name in header]
    if len(set(keys)) != len(keys) or not header:
        return None
    index = {}
    for standard in COLUMNS:
        wanted = names.get(standard, standard).strip().casefold()
        if wanted in keys:
            index[standard] = keys.index(wanted)
        elif standard != "leads" or standard in names:
            return None
    return index


def _summed(pl, lazy, path: Path, delimiter: str, width: int, display: str,
            latest: dt.date | None) -> Posts | None:
    """The posts of the rows polars reads (`lazy`): vectorised checks, then sums by month,
    author type, mention and topic; None as soon as a check fails."""
    columns = lazy.collect_schema().names()
    counts = [name for name in COUNTS if name in columns]
    has_leads = "leads" in counts
    # Empty cells that may be read as such (an empty leads cell is 0: tools leave it empty
    # when no lead came from the post), if they are not the missing last values of short rows.
    maybe_empty = [name for name in ("leads", "tail") if name in columns]
    keys = ("month", "author_type", "mentions_company", "topic")
    lazy = lazy.with_columns(pl.col("date").str.slice(0, 7).alias("month"),
                             pl.col("author_type").is_in(list(VOICES)).alias("voice"))
    voice = pl.col("voice")
    # One parallel pass over the rows (polars reads the file once for all five); the
    # spellings they are grouped by are checked after.
    checks, sums, authors, days, named = pl.collect_all([
        lazy.select(
            pl.len().alias("rows"),
            pl.sum_horizontal(pl.col(name).null_count() for name in (*TEXTS, *counts)
                              if name not in maybe_empty).alias("empty"),
            pl.sum_horizontal(pl.lit(0, pl.UInt32),
                              *(pl.col(name).null_count() for name in maybe_empty))
            .alias("maybe_empty"),
            pl.min_horizontal(pl.col(counts).min()).alias("min"),
            pl.max_horizontal(pl.col(counts).max()).alias("max"),
            pl.col("date").filter(voice).min().alias("first_voice"),
            # The row of the earliest post of a voice: the first in the file on that day.
            ((pl.col("date") == pl.col("date").filter(voice).min()) & voice)
            .arg_true().first().alias("first_voice_row")),
        lazy.group_by(keys).agg(pl.len().alias("posts"),
                                *(pl.col(name).fill_null(0).sum() for name in counts)),
        lazy.filter(voice).group_by("month", "author_type").agg(pl.col("author").unique()),
        lazy.select(pl.col("date").unique()),
        lazy.select(pl.col("author").unique()),
    ])
    check = checks.row(0, named=True)
    if not check["rows"]:
        return None  # no posts: the exact reader says so
    if check["empty"] or check["min"] < 0 or check["max"] >= _COUNT_LIMIT \
            or check["max"] * check["rows"] >= 2**63:  # a sum polars could not hold
        return None  # an empty cell or count, a blank line, a short row: the exact reader's
    if check["maybe_empty"] and _separators(path, delimiter) != (width - 1) * (check["rows"] + 1):
        return None  # a short row, since no row is longer: every line must have them all

    # What each distinct spelling means, as the exact reader reads it; None if nothing.
    days = days.to_series().to_list()
    months = {day: _month(day, latest) for day in days}
    types, flags, topics = (sums.get_column(key).unique().to_list() for key in keys[1:])
    types = {text: text if text in AUTHOR_TYPES else None for text in types}
    flags = {text: _YES_NO.get(text) for text in flags}
    topics = {text: _topic(text) for text in topics}
    named = {text: text.strip() or None for text in named.to_series().to_list()}
    if not all(None not in meaning.values() for meaning in (months, types, flags, topics, named)):
        return None  # a bad cell: the exact reader reports each one

    totals: dict[tuple[str, str, bool, str], list[int]] = {}
    for month, kind, flag, topic, *figures in sums.rows():
        key = (month, kind, flags[flag], topics[topic])
        if key in totals:  # two spellings of one topic
            totals[key] = [a + b for a, b in zip(totals[key], figures, strict=True)]
        else:
            totals[key] = figures
    if not has_leads:
        for figures in totals.values():
            figures.append(0)
    # Thousands of new objects would wake the cycle collector, to walk every object polars
    # and the tool hold; none of them can be part of a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        cells = tuple(Cell(*key, Sums(*figures)) for key, figures in sorted(totals.items()))
        # Grouped by month and track already (two spellings of a name are one voice).
        seen = tuple(sorted(((month, kind, frozenset(map(named.__getitem__, group)))
                             for month, kind, group in authors.iter_rows()),
                            key=lambda entry: entry[:2]))
    finally:
        if collecting:
            gc.enable()
    # The earliest post of a voice and its CSV line (the header is line 1, each row one line
    # here), as the exact reader records it.
    first = check["first_voice"]
    first_voice = (dt.date.fromisoformat(first), check["first_voice_row"] + 2) if first else None
    return Posts(display, check["rows"], dt.date.fromisoformat(min(days)),
                 dt.date.fromisoformat(max(days)), has_leads, cells, seen, first_voice)


def _separators(path: Path, delimiter: str) -> int | None:
    """How many separators the file holds (no quotes: each one separates two values)."""
    try:
        return path.read_bytes().count(delimiter.encode())
    except OSError:
        return None


def _topic(text: str) -> str | None:
    """A topic as the exact reader normalises it; None if it reports it (empty, or holding a
    control character)."""
    topic = " ".join(text.split()).casefold()
    return topic if topic and first_forbidden(topic) is None else None


def _month(day: str, latest: dt.date | None) -> str | None:
    """YYYY-MM of a date written exactly YYYY-MM-DD, not after `latest`; None otherwise."""
    if not _DAY.fullmatch(day):
        return None
    try:
        parsed = dt.date.fromisoformat(day)
    except ValueError:
        return None
    return day[:7] if latest is None or parsed <= latest else None
