"""Values no YAML file may hold, found while it loads: impossible dates, control characters.

YAML reads `2026-13-01` as a date and fails to build it; the scan finds it first, so the
editor reads where it is and why, in every file (handbook.yml, charter.yml, history/, the
charters `handbook diff` compares). A text may not hold control characters (an ESC sequence
would reach every page and every terminal that prints a message quoting it), lone
surrogates (they cannot be written out as UTF-8: the build would fail) or a byte-order mark.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from ruamel.yaml.util import timestamp_regexp

from ..core.errors import Diagnostic
from ..core.quote import char_name, first_forbidden, shown

Fail = Callable[[int, int, str], Diagnostic]
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def date_problem(value: str) -> str | None:
    """Why a plain scalar YAML reads as a date is not one, or None (a real date, or no date
    at all)."""
    found = timestamp_regexp.match(value)
    if found is None:
        return None
    year, month, day = (int(found.group(key)) for key in ("year", "month", "day"))
    if not 1 <= month <= 12:
        reason = f"month {month}"
    elif not 1 <= day <= calendar.monthrange(year, month)[1]:
        days = calendar.monthrange(year, month)[1]
        reason = f"{MONTHS[month - 1]} {year} has {days} days" if day else "day 0"
    else:
        try:
            dt.datetime(year, month, day, int(found.group("hour") or 0),
                        int(found.group("minute") or 0), int(found.group("second") or 0))
        except ValueError:
            reason = "the time of day is out of range"
        else:
            return None
    return f"'{shown(value)}' is not a date: {reason}"


def forbidden_problems(tree: Any, fail: Fail) -> list[Diagnostic]:
    """A problem for every key or text of `tree` holding a forbidden character."""
    problems = []
    for (line, col), text in _texts(tree):
        found = first_forbidden(text)
        if found is not None:
            index, char = found
            problems.append(fail(line, col, f"'{shown(text)}' holds the control character "
                                            f"{char_name(char)} at character {index + 1}: "
                                            "remove it; a text holds letters, punctuation, "
                                            "tabs and new lines only"))
    return problems


def _texts(node: Any) -> Iterator[tuple[tuple[int, int], str]]:
    """Every key and text value of a round-trip tree, with its 1-based position."""
    if isinstance(node, dict):
        for key, value in node.items():
            # A key merged in (`<<: ...`) has no position of its own here: the mapping's.
            place = node.lc.data.get(key) or (node.lc.line, node.lc.col, node.lc.line,
                                              node.lc.col)
            if isinstance(key, str):
                yield (place[0] + 1, place[1] + 1), key
            if isinstance(value, str):
                yield (place[2] + 1, place[3] + 1), value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, str):
                line, col = node.lc.item(index)
                yield (line + 1, col + 1), value
            else:
                yield from _texts(value)
