"""An export of posts, read and summed: what the KPIs are computed from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.dates import month_key, month_range


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
    # The earliest post by an internal voice and its line in the file (the diagnostic
    # compares it with the launch); None when no voice posted or for a combined export.
    first_voice: tuple[dt.date, int] | None = None

    def months(self) -> tuple[str, ...]:
        """Every calendar month from the first post to the last, gaps included."""
        return month_range(month_key(self.first_day), month_key(self.last_day))
