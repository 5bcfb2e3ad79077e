"""`charter.yml`: the co-built social-media charter."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from ..core.text import Text
from .fields import Id, Strict, Url, Version


class CoBuilding(Strict):
    date: dt.date = Field(description="Date of the session, YYYY-MM-DD.")
    format: Literal["workshop", "survey", "interviews", "review", "pilot"] = Field(
        description="Kind of session.")
    participants: int = Field(ge=1, description="Number of people who took part.")


class Rule(Strict):
    id: Id = Field(description="Stable identifier: the rule's anchor and key in the history.")
    title: Text = Field(description="The rule in one line.")
    text: Text | None = Field(None, description="Explanation of the rule.")
    example: Text | None = Field(None, description="A concrete example.")
    ask: Id | None = Field(None, description="Id of the person to ask when in doubt.")
    question: Text | None = Field(None, description="The yes/no question the 'Can I post "
                                                    "this?' page asks for this rule; derived "
                                                    "from the title when absent.")


class BadBuzzStep(Strict):
    do: Text = Field(description="What to do at this step.")
    who: Id = Field(description="Id of the person who does it.")


class BadBuzz(Strict):
    steps: list[BadBuzzStep] = Field(min_length=1, description="The procedure, in order.")


class Acknowledgement(Strict):
    url: Url | None = Field(None, description="Form or HR tool where ambassadors confirm they "
                                              "read this version.")


class Change(Strict):
    version: Version = Field(description="Charter version, in quotes (e.g. \"1.2\").")
    date: dt.date = Field(description="Date of the version, YYYY-MM-DD.")
    changes: list[Text] = Field(min_length=1, description="What changed.")


class Charter(Strict):
    """`charter.yml`: the co-built social-media charter."""

    version: Version = Field(description="Version of the charter, in quotes (e.g. \"1.2\").")
    status: Literal["draft", "adopted"] = Field(description="Draft, or adopted by the programme.")
    adopted_on: dt.date | None = Field(None, description="Adoption date, YYYY-MM-DD.")
    co_built: list[CoBuilding] = Field([], description="Sessions where the charter was co-built "
                                                       "with ambassadors.")
    preamble: Text = Field(description="Why the charter exists, in the organisation's words.")
    encouraged: list[Rule] = Field(min_length=1, description="What ambassadors are encouraged "
                                                             "to do.")
    discouraged: list[Rule] = Field(min_length=1, description="What to avoid.")
    confidentiality: list[Rule] = Field(min_length=1, description="What must never be shared.")
    legal: list[Rule] = Field(min_length=1, description="Legal rules (rights, disclosure, data).")
    moderation: list[Rule] = Field(min_length=1, description="How to handle comments and "
                                                             "conflicts.")
    bad_buzz: BadBuzz = Field(description="What to do when a post goes wrong.")
    acknowledgement: Acknowledgement | None = Field(None, description="Where to confirm reading.")
    changelog: list[Change] = Field([], description="Versions, newest first.")

