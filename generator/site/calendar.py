"""The programme's calendar, one iCalendar file (RFC 5545) per language.

Milestones (the launch, the 3-, 6-, 9- and 12-month reviews), every occurrence of each ritual
over the programme's horizon and the training sessions planned in the modules. Events without
a time are whole-day events; a session's time is the local time where it happens (a floating
time: the organisation's own). Every UID is built from what the event is, never from the
clock, so two builds give the same UIDs and a calendar that subscribed updates in place; the
DTSTAMP is the build's date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from icalendar import Calendar, Event

from ..core.dates import add_months
from ..core.text import LANGUAGES, LocalText
from ..inputs.labels import labels
from ..model.facts import Facts
from ..model.settings import Ritual

MILESTONE_MONTHS = (3, 6, 9, 12)
# A ritual's step: (months, days). Yearly rituals are counted in months like the others.
CADENCE_STEP = {"weekly": (0, 7), "fortnightly": (0, 14), "monthly": (1, 0),
                "quarterly": (3, 0), "yearly": (12, 0)}


def calendar_path(lang: str) -> str:
    """The file inside one language's site; its name says its language, so a reader who
    downloads both keeps both."""
    return f"calendar-{lang}.ics"


@dataclass(frozen=True)
class Occurrence:
    """One event of the calendar, before it is worded for a language."""

    uid: str  # stable: what the event is and its day
    day: dt.date
    kind: str  # launch | review | ritual | session
    subject: LocalText | None = None  # the ritual's name or the module's title
    months: int = 0  # of a review
    time: str | None = None  # HH:MM of a session
    minutes: int = 0  # a session's length
    place: LocalText | None = None
    link: str | None = None
    seats: int | None = None


def programme_dates(start: dt.date, horizon_months: int,
                    rituals: tuple[Ritual, ...]) -> tuple[Occurrence, ...]:
    """The programme's own dates: the launch, the reviews, each ritual's occurrences from the
    launch to the horizon (excluded). One function, so that the timeline can move as one."""
    end = add_months(start, horizon_months)
    dates = [Occurrence(f"launch-{start}", start, "launch")]
    dates += [Occurrence(f"review-{months}-{add_months(start, months)}",
                         add_months(start, months), "review", months=months)
              for months in MILESTONE_MONTHS]
    for ritual in rituals:
        # Named after the ritual, not its rank: reordering the rituals keeps every UID.
        name = _slug(ritual.name.get(LANGUAGES[0]))
        months, days = CADENCE_STEP[ritual.cadence]
        count = 0
        while (day := add_months(start, months * count)
               + dt.timedelta(days=days * count)) < end:
            dates.append(Occurrence(f"ritual-{name}-{day}", day, "ritual", ritual.name))
            count += 1
    return tuple(dates)


def occurrences(facts: Facts) -> tuple[Occurrence, ...]:
    """Every event, in date order (the same order in every language)."""
    programme = facts.programme
    events = list(programme_dates(facts.start, programme.horizon_months, facts.rituals))
    for module_id, module in facts.modules:
        for session in module.sessions:
            events.append(Occurrence(
                f"session-{module_id}-{session.date}-{(session.time or '').replace(':', '')}",
                session.date, "session", module.title, time=session.time,
                minutes=module.duration_minutes, place=session.place, link=session.link,
                seats=session.seats))
    return tuple(sorted(events, key=lambda event: (event.day, event.time or "", event.uid)))


def calendar_ics(facts: Facts, lang: str, moment: dt.datetime) -> bytes:
    """The calendar of one language, as the bytes of an .ics file."""
    words = tuple(sorted(labels(lang)["calendar"].items()))  # flat: name -> sentence
    return _calendar_ics(occurrences(facts), facts.org_name, facts.short_name,
                         facts.languages, lang, words, moment)


# Kept for the next build of the same calendar in this process: `handbook serve` makes the
# project again at each edit, and few edits change the calendar (writing one takes longer
# than the pages an edit renders).
@functools.lru_cache(maxsize=4)
def _calendar_ics(events: tuple[Occurrence, ...], org_name: str, short_name: str,
                  fallbacks: tuple[str, ...], lang: str, sentences: tuple[tuple[str, str], ...],
                  moment: dt.datetime) -> bytes:
    words = dict(sentences)
    domain = _slug(org_name) + ".handbook.invalid"

    def text(value: LocalText | None) -> str:
        return value.get(lang, fallbacks) if value is not None else ""

    calendar = Calendar()
    calendar.add("prodid", "-//handbook//advocacy programme calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", words["name"].format(name=short_name))
    stamp = moment.astimezone(dt.UTC)
    for event in events:
        entry = Event()
        entry.add("uid", f"{event.uid}@{domain}")
        entry.add("dtstamp", stamp)
        summary = words[event.kind].format(name=text(event.subject), n=event.months,
                                           org=short_name)
        entry.add("summary", summary)
        if event.time is None:
            entry.add("dtstart", event.day)
            entry.add("dtend", event.day + dt.timedelta(days=1))
        else:
            hour, minute = (int(part) for part in event.time.split(":"))
            begin = dt.datetime.combine(event.day, dt.time(hour, minute))
            entry.add("dtstart", begin)
            entry.add("dtend", begin + dt.timedelta(minutes=event.minutes))
        details = []
        if event.seats is not None:
            details.append(words["seats"].format(n=event.seats))
        if event.kind == "session":
            details.append(words["register"] if event.link else words["register_contact"])
        if details:
            entry.add("description", " ".join(details))
        if event.place is not None:
            entry.add("location", text(event.place))
        if event.link is not None:
            entry.add("url", event.link)
        entry.add("transp", "TRANSPARENT" if event.time is None else "OPAQUE")
        calendar.add_component(entry)
    return calendar.to_ical()


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "organisation"
