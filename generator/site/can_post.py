"""The "Can I post this?" page: the charter's rules as yes/no questions.

Each question comes from one rule and says what a "yes" means: a confidentiality or legal
rule at stake stops the post; a discouraged practice, a moderation rule or the bad-buzz
trigger sends the author to the rule's contact first; an encouraged practice not followed
becomes a reminder. "Not sure" always means: ask first. The page's script
(theme/assets/javascripts/can-post.js) only reads these answers in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.text import LocalText
from ..model.charter import Charter

# What a "yes" means, section by section, in the order the page asks.
STOP, ASK, FOLLOWS = "stop", "ask", "follows"
RISK_SECTIONS = (("confidentiality", STOP), ("legal", STOP), ("discouraged", ASK),
                 ("moderation", ASK))
BAD_BUZZ = "bad_buzz"


@dataclass(frozen=True)
class Question:
    """One yes/no question and the rule it comes from."""

    key: str  # the radio group's name, unique on the page
    section: str  # a charter section, or bad_buzz
    anchor: str  # the rule's anchor on the charter page
    title: LocalText | None  # the rule's title; None for the bad-buzz procedure
    question: LocalText | None  # as the organisation wrote it; None: derived from the title
    on_yes: str  # stop | ask | follows
    contact: str | None  # id of the person to ask, when the charter names one


def questions(charter: Charter) -> tuple[tuple[str, tuple[Question, ...]], ...]:
    """The page's questions, grouped by section: the risks first, then the bad-buzz trigger,
    then the encouraged practices (whose answers only add reminders)."""
    groups = [
        (section, tuple(Question(f"{section}-{rule.id}", section, rule.id, rule.title,
                                 rule.question, on_yes, rule.ask)
                        for rule in getattr(charter, section)))
        for section, on_yes in RISK_SECTIONS
    ]
    # The procedure's first step names who is alerted when a post may start a bad buzz.
    groups.append((BAD_BUZZ, (Question(BAD_BUZZ, BAD_BUZZ, "bad-buzz", None, None, STOP,
                                       charter.bad_buzz.steps[0].who),)))
    groups.append(("encouraged", tuple(
        Question(f"encouraged-{rule.id}", "encouraged", rule.id, rule.title, rule.question,
                 FOLLOWS, rule.ask)
        for rule in charter.encouraged)))
    return tuple(groups)
