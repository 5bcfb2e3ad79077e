"""An export of posts, read and summed: what the KPIs are computed from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..core.dates import month_key, month_range

# The internal voices who posted, month by month and track by track: (month, track, authors),
# sorted, one entry per month and track that has any.
Voices = tuple[tuple[str, str, frozenset[str]], ...]


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
    authors: Voices  # see grouped_voices
    # The earliest post by an internal voice and its line in the file (the diagnostic
    # compares it with the launch); None when no voice posted or for a combined export.
    first_voice: tuple[dt.date, int] | None = None

    def months(self) -> tuple[str, ...]:
        """Every calendar month from the first post to the last, gaps included."""
        return month_range(month_key(self.first_day), month_key(self.last_day))

    def voices(self, track: str, months: Collection[str] | None = None) -> frozenset[str]:
        """The internal voices of `track` who posted in any of `months` (None: any month)."""
        return frozenset().union(*(names for month, kind, names in self.authors
                                   if kind == track and (months is None or month in months)))


def grouped_voices(seen: Iterable[tuple[str, str, str]]) -> Voices:
    """(month, track, author) triples as `Posts.authors` holds them: a set of names per month
    and track, so that a period's voices are a union of a few sets, not a walk through every
    author of every month."""
    names: dict[tuple[str, str], set[str]] = {}
    for month, track, author in seen:
        names.setdefault((month, track), set()).add(author)
    return tuple((month, track, frozenset(group))
                 for (month, track), group in sorted(names.items()))
