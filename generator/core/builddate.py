"""The date a build records (sitemap, zip entries): the content's date, never the clock's.

Same input, same bytes: a build is dated by its content (the charter's latest version), or by
the caller's SOURCE_DATE_EPOCH when one is set (the reproducible-builds convention). The date
is then passed down as an argument.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator


def build_moment(content_date: dt.date) -> dt.datetime:
    """The caller's SOURCE_DATE_EPOCH if set, else midnight UTC of `content_date`."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is not None:
        return dt.datetime.fromtimestamp(int(given), dt.UTC)
    return dt.datetime.combine(content_date, dt.time(), tzinfo=dt.UTC)


@contextlib.contextmanager
def source_date_for_library(moment: dt.datetime) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to `moment` for a library that reads only the environment
    (MkDocs dates its sitemap that way, fontTools the fonts it embeds in a PDF); restored
    afterwards."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def today() -> dt.date:
    """Today, for what must not reach past it (a dashboard's month): the day of the caller's
    SOURCE_DATE_EPOCH when one is set, so a reproducible build stays reproducible."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is not None:
        return dt.datetime.fromtimestamp(int(given), dt.UTC).date()
    return dt.date.today()
