"""Reading an export of posts with polars, the optional `fast` extra: a million rows in well
under a second.

It reads only exports it is sure of, and then gives exactly what the row-by-row reader
(inputs/posts.py) gives: the same sums, months, topics and authors. Anything unusual, a bad
cell, a quote, a lone carriage return, a NUL byte, a count of more than 12 digits, a date
after `latest`, an empty cell, a header it cannot map, makes it answer None, and the exact
reader reads the file instead: it reports every bad cell with its line and column, and its
checks (some of them added after this module) all still apply.

Cells are read as text and checked here, never converted by polars' own rules: a value is
accepted only in the one spelling whose meaning is certain (a count in ASCII digits, a date
YYYY-MM-DD), and the distinct spellings of the other columns go through the same Python
normalisation as the exact reader's (Unicode whitespace, case folding).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from ..model.posts import Cell, Posts, Sums
from ..model.vocab import AUTHOR_TYPES, VOICES

# The exact reader's columns and its spellings of yes and no (inputs/posts.py).
COLUMNS = ("date", "author", "author_type", "mentions_company", "topic", "impressions",
           "reactions", "comments", "shares", "clicks", "leads")
COUNTS = ("impressions", "reactions", "comments", "shares", "clicks", "leads")
_YES_NO = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False,
           "oui": True, "non": False}
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Below 10^12: larger counts are for the exact reader to judge.
_COUNT = r"^[0-9]{1,12}$"


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
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # Quotes and lone carriage returns are where CSV readers differ: the exact reader's.
    if b'"' in data or b"\x00" in data or data.count(b"\r") != data.count(b"\r\n"):
        return None
    # A blank line is no row for either reader, but it shifts the CSV line numbers the
    # posts' positions are given in (Posts.first_voice): the exact reader counts them.
    if b"\n\n" in data or b"\n\r\n" in data:
        return None
    header_line = data.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        header_text = header_line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = ";" if header_text.count(";") > header_text.count(",") else ","
    index = _column_index(header_text.split(delimiter), names)
    if index is None:
        return None
    try:
        frame = pl.read_csv(data, separator=delimiter, infer_schema=False, quote_char=None,
                            encoding="utf8", raise_if_empty=False)
    except pl.exceptions.PolarsError:  # ragged rows, bad UTF-8: the exact reader says where
        return None
    return _summed(pl, frame, index, display, latest)


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


def _summed(pl, frame, index: dict[str, int], display: str,
            latest: dt.date | None) -> Posts | None:
    if frame.height == 0:
        return None
    columns = frame.columns
    last = pl.col(columns[-1])
    # A row with fewer values than the header gets empty trailing cells from polars, where
    # the exact reader reports it: a file whose last column has any empty cell is its.
    if frame.select((last.is_null() | (last == "")).any()).item():
        return None
    column = {name: pl.col(columns[position]) for name, position in index.items()}
    counts = []
    for name in COUNTS:
        if name not in index:
            counts.append(pl.lit(0, pl.Int64).alias(name))
            continue
        cell = column[name]
        if name == "leads":  # tools leave it empty when no lead came from the post
            cell = cell.fill_null("").replace("", "0")
        counts.append(cell.alias(name))
    raw = ("date", "author_type", "mentions_company", "topic")
    frame = frame.select(*(column[name].alias(name) for name in (*raw, "author")), *counts)
    present = [name for name in COUNTS if name in index]
    if not frame.select(pl.all_horizontal(pl.col(name).fill_null("").str.contains(_COUNT)
                                          for name in present).all()).item():
        return None  # an empty, signed, spaced or huge count: the exact reader's
    frame = frame.with_columns(pl.col(name).cast(pl.Int64) for name in present)

    months = _spellings(frame, "date", lambda day: _month(day, latest))
    if months is None:
        return None
    types = _spellings(frame, "author_type", lambda text: text if text in AUTHOR_TYPES
                       else None)
    flags = _spellings(frame, "mentions_company", _YES_NO.get)
    topics = _spellings(frame, "topic", lambda text: " ".join(text.split()).casefold() or None)
    authors_named = _spellings(frame, "author", lambda text: text.strip() or None)
    if types is None or flags is None or topics is None or authors_named is None:
        return None  # a bad cell: the exact reader reports each one

    # Each spelling replaced by its meaning, in polars: a day by its month, and so on; then
    # grouped by meaning, a few thousand groups at most.
    internal = [kind for kind, value in types.items() if value in VOICES]
    # The earliest post of a voice and its CSV line (the header is line 1, each row one line
    # here), as the exact reader records it: the first in the file on the earliest day.
    first = (frame.with_row_index("row").filter(pl.col("author_type").is_in(internal))
             .select(pl.col("date").str.strip_chars(), "row").sort(["date", "row"]).head(1)
             .rows())
    first_voice = (dt.date.fromisoformat(first[0][0]), first[0][1] + 2) if first else None
    frame = frame.with_columns(
        pl.col("author_type").is_in(internal).alias("internal"),
        pl.col("date").replace_strict(months, return_dtype=pl.String),
        pl.col("author_type").replace_strict(types, return_dtype=pl.String),
        pl.col("mentions_company").replace_strict(flags, return_dtype=pl.Boolean),
        pl.col("topic").replace_strict(topics, return_dtype=pl.String))
    grouped = frame.group_by(raw).agg(pl.len().alias("posts"), *(pl.col(name).sum()
                                                                  for name in COUNTS))
    sums = {(month, kind, flag, topic): totals
            for month, kind, flag, topic, *totals in grouped.iter_rows()}
    seen = frame.filter("internal").select("date", "author_type", "author").unique()
    authors = {(month, kind, authors_named[author]) for month, kind, author in seen.iter_rows()}

    cells = tuple(Cell(month, kind, flag, topic, Sums(*totals))
                  for (month, kind, flag, topic), totals in sorted(sums.items()))
    days = [day.strip() for day in months]  # the spellings of valid days, maybe padded
    return Posts(display, frame.height, dt.date.fromisoformat(min(days)),
                 dt.date.fromisoformat(max(days)), "leads" in index, cells,
                 frozenset(authors), first_voice)


def _month(day: str, latest: dt.date | None) -> str | None:
    """YYYY-MM of a date written exactly YYYY-MM-DD, not after `latest`; None otherwise."""
    if day is None or not _DAY.fullmatch(day):
        return None
    try:
        parsed = dt.date.fromisoformat(day)
    except ValueError:
        return None
    return day[:7] if latest is None or parsed <= latest else None


def _spellings(frame, name: str, meaning) -> dict[str, object] | None:
    """What each distinct spelling of a column means; None if one means nothing."""
    found = {}
    for text in frame.get_column(name).unique().to_list():
        value = meaning(text) if text is not None else None
        if value is None:
            return None
        found[text] = value
    return found
