"""Calendar maths, in one place: months added to a date, calendar months and quarters.

Months are written YYYY-MM and quarters YYYY-Qn; programme month 1 is the calendar month of
the kick-off.
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_range(first: str, last: str) -> tuple[str, ...]:
    """Every calendar month from `first` to `last`, both included."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def quarter_key(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def quarter_months(key: str) -> tuple[str, ...]:
    first = (int(key[-1]) - 1) * 3 + 1
    return tuple(f"{key[:4]}-{number:02d}" for number in range(first, first + 3))


def month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:7])
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def programme_month(start: dt.date, month: str) -> int:
    """Month 1 is the calendar month of the kick-off; before it, 0 or less.

    For a whole calendar month this is the month add_months counts from the kick-off at the
    month's last day.
    """
    year, number = int(month[:4]), int(month[5:7])
    return (year - start.year) * 12 + number - start.month + 1


def calendar_month(start: dt.date, number: int) -> tuple[int, int]:
    """(year, month) of programme month `number`."""
    index = start.year * 12 + start.month - 1 + number - 1
    return index // 12, index % 12 + 1
