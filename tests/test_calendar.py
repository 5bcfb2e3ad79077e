"""The programme's calendar: an .ics per language, parsed back with icalendar.

The demo starts on 2027-01-15 with an 18-month horizon (until 2028-07-15, excluded): the
launch, the reviews at 3, 6, 9 and 12 months, two monthly rituals (18 occurrences each), a
fortnightly one (every 14 days: 40 occurrences, the last on 2028-07-14, 546 days after the launch) and a quarterly one
(6), and four training sessions (two with a time, one without, one with a link).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from generator.inputs.handbook import load_handbook
from generator.site.calendar import calendar_ics
from generator.site.facts import programme_facts

from .conftest import DEMO

MOMENT = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def facts():
    handbook, _ = load_handbook(DEMO)
    return programme_facts(handbook)


def events(data: bytes) -> list:
    return [component for component in Calendar.from_ical(data).walk("VEVENT")]


def by_summary(found: list) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for event in found:
        grouped.setdefault(str(event["SUMMARY"]), []).append(event)
    return grouped


def test_milestones_rituals_and_sessions_on_the_demo_dates(facts):
    found = by_summary(events(calendar_ics(facts, "en", MOMENT)))
    launch = found["Hélios: advocacy programme launch"]
    assert [event.decoded("DTSTART") for event in launch] == [dt.date(2027, 1, 15)]
    reviews = {months: found[f"Hélios advocacy programme: {months}-month review"][0]
               for months in (3, 6, 9, 12)}
    assert {months: event.decoded("DTSTART") for months, event in reviews.items()} == {
        3: dt.date(2027, 4, 15), 6: dt.date(2027, 7, 15), 9: dt.date(2027, 10, 15),
        12: dt.date(2028, 1, 15)}
    monthly = [event.decoded("DTSTART") for event in found["Challenge of the month"]]
    assert len(monthly) == 18 and monthly[0] == dt.date(2027, 1, 15)
    assert monthly[-1] == dt.date(2028, 6, 15)
    fortnightly = [event.decoded("DTSTART") for event in found["Ambassador interview"]]
    assert len(fortnightly) == 40 and fortnightly[-1] == dt.date(2028, 7, 14)
    assert [event.decoded("DTSTART") for event in found["Quarterly review"]] == [
        dt.date(2027, 1, 15), dt.date(2027, 4, 15), dt.date(2027, 7, 15), dt.date(2027, 10, 15),
        dt.date(2028, 1, 15), dt.date(2028, 4, 15)]
    kick_off = found["Training: Ambassador programme kick-off workshop"]
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in kick_off] == [
        (dt.datetime(2027, 1, 15, 9, 30), dt.datetime(2027, 1, 15, 11, 0)),  # 90 minutes
        (dt.datetime(2027, 1, 21, 14, 0), dt.datetime(2027, 1, 21, 15, 30))]
    assert str(kick_off[0]["LOCATION"]) == "Lyon head office, Rhône room"
    assert str(kick_off[1]["URL"]) == "https://forms.example.org/helios/kick-off-2027-01-21"
    whole_day = found["Training: Building an effective post"][1]
    assert (whole_day.decoded("DTSTART"), whole_day.decoded("DTEND")) == (
        dt.date(2027, 3, 11), dt.date(2027, 3, 12))  # no time: a whole-day event
    assert str(whole_day["DESCRIPTION"]) == (
        "12 places. To register, ask the programme's community manager.")


def test_uids_are_stable_across_builds_and_languages_and_unique(facts):
    first = events(calendar_ics(facts, "en", MOMENT))
    later = events(calendar_ics(facts, "fr", MOMENT + dt.timedelta(days=40)))
    uids = [str(event["UID"]) for event in first]
    assert uids == [str(event["UID"]) for event in later]
    assert Counter(uids).most_common(1)[0][1] == 1
    assert "launch-2027-01-15@helios-energie.handbook.invalid" in uids
    assert {event.decoded("DTSTAMP") for event in first} == {MOMENT}
    assert {event.decoded("DTSTAMP") for event in later} == {MOMENT + dt.timedelta(days=40)}
    assert calendar_ics(facts, "en", MOMENT) == calendar_ics(facts, "en", MOMENT)


def test_the_calendar_is_valid_icalendar(facts):
    data = calendar_ics(facts, "fr", MOMENT)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    calendar = Calendar.from_ical(data)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == (
        "2.0", "-//handbook//advocacy programme calendar//EN")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded lines, RFC 5545 3.1
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event.keys())
    assert "Formation : Construire un post efficace" in {
        str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def test_the_built_site_links_to_its_calendar(demo_site):
    for lang, root in (("fr", demo_site), ("en", demo_site / "en")):
        name = f"calendar-{lang}.ics"
        assert Calendar.from_ical((root / name).read_bytes()).walk("VEVENT")
        for page, link in (("index.html", name), ("steering/roadmap.html", f"../{name}"),
                           ("training/index.html", f"../{name}"),
                           ("training/kick-off.html", f"../{name}")):
            soup = BeautifulSoup((root / page).read_text(encoding="utf-8"), "html.parser")
            assert soup.select_one(f'article a[href="{link}"]') is not None, (lang, page)
    module = BeautifulSoup((demo_site / "en" / "training" / "kick-off.html").read_text(
        encoding="utf-8"), "html.parser")
    sessions = module.select_one("h2#sessions").find_next("ul").select("li")
    assert [item.get_text(" ", strip=True) for item in sessions] == [
        ("15 January 2027 , 09:30 · Lyon head office, Rhône room · 40 places. · To register, "
        "contact Julien Marchetti (Employee advocacy lead and ambassador community manager, "
        "julien.marchetti@example.org )"),
        "21 January 2027 , 14:00 · Online (Teams) · 60 places. · Register",
    ]
    assert sessions[1].a["href"] == "https://forms.example.org/helios/kick-off-2027-01-21"
