"""`kits/<id>.yml` (post-idea kits) and `training/<id>.yml` (training modules)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from ..core.text import Text
from .fields import Id, Strict, Time, Url
from .vocab import Format, Persona, Pillar, TrackId


class Idea(Strict):
    angle: Text = Field(description="The idea: what the post is about.")
    prompts: list[Text] = Field([], description="Questions that help the author make it theirs.")
    openers: list[Text] = Field([], description="Possible first lines, to adapt.")
    example: Text | None = Field(None, description="An example, shown as an example to rewrite, "
                                                   "never to copy.")


class Kit(Strict):
    """`kits/<id>.yml`: a post-idea kit."""

    title: Text = Field(description="Title of the kit.")
    track: TrackId = Field(description="Track the kit is written for.")
    personas: list[Persona] = Field(min_length=1, description="Ambassador personas it suits.")
    pillar: Pillar = Field(description="Pillar of the programme it serves.")
    format: Format = Field(description="Suggested format.")
    ideas: list[Idea] = Field(min_length=1, description="The post ideas.")
    do: list[Text] = Field([], description="Good practices for these posts.")
    avoid: list[Text] = Field([], description="What to avoid.")
    hashtags: list[str] = Field([], description="Suggested hashtags, without or with `#`.")


class AgendaItem(Strict):
    minutes: int = Field(ge=1, description="Length of the sequence, in minutes.")
    title: Text = Field(description="Name of the sequence.")
    activity: Text | None = Field(None, description="What participants do.")
    objective: Text | None = Field(None, description="What this sequence is for, printed in "
                                                     "the facilitator guide.")
    key_messages: list[Text] = Field([], description="What the facilitator says: the messages "
                                                     "participants must leave with.")
    transition: Text | None = Field(None, description="How the facilitator leads into the next "
                                                      "sequence; by default, the next one's "
                                                      "name and length.")


class Objection(Strict):
    question: Text = Field(description="What a participant objects or asks.")
    answer: Text = Field(description="What the facilitator answers.")


class Session(Strict):
    """A planned session of a module: in the calendar and on the module's page."""

    date: dt.date = Field(description="Day of the session, YYYY-MM-DD.")
    time: Time | None = Field(None, description="Start time, HH:MM in quotes (e.g. \"09:30\"); "
                                                "without it, the session is a whole-day event.")
    place: Text | None = Field(None, description="Where it happens (room, site).")
    link: Url | None = Field(None, description="Where to register or join (https://...); "
                                               "without it, readers are sent to the "
                                               "community manager.")
    seats: int | None = Field(None, ge=1, description="Number of places.")


class Module(Strict):
    """`training/<id>.yml`: a training module."""

    title: Text = Field(description="Title of the module.")
    audience: list[TrackId] = Field(min_length=1, description="Tracks the module is for.")
    duration_minutes: int = Field(ge=1, description="Total length; the agenda must add up to it.")
    objectives: list[Text] = Field([], description="What participants can do afterwards.")
    agenda: list[AgendaItem] = Field(min_length=1, description="Timed sequences, in order.")
    exercises: list[Text] = Field([], description="Exercises done during the session.")
    kits: list[Id] = Field([], description="Ids of the kits used (files in `kits/`).")
    materials: list[Text] = Field([], description="What to bring or prepare.")
    sessions: list[Session] = Field([], description="Planned sessions, in the calendar, on "
                                                    "the module's page and on the facilitator "
                                                    "guide's cover.")

    room: list[Text] | None = Field(None, description="Room and equipment checklist of the "
                                                      "facilitator guide; by default, the "
                                                      "playbook's (projector, printed charter, "
                                                      "cut cards...).")
    debrief: list[Text] | None = Field(None, description="Debrief questions; by default, the "
                                                         "playbook's.")
    objections: list[Objection] | None = Field(None, description="Common objections and their "
                                                                 "answers; by default, the "
                                                                 "playbook's FAQ and pitfalls.")
    follow_up: list[Text] | None = Field(None, description="What to send participants after "
                                                           "the session; by default, the "
                                                           "playbook's.")
