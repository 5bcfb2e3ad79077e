"""What the facilitator guide, the participant handout and the slides say about a session.

A module's file gives its agenda and may give, per block, an objective, key messages and a
transition, and for the session a room checklist, debrief questions, objections and what to
send afterwards. What it leaves out comes from the playbook (`printables.defaults` in each
language's labels): a trainer always gets a complete guide, and a module replaces what it
knows better. An empty list in the file means "none", not "the default".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.text import Text
from ..model.training import AgendaItem, Module
from ..site.plan import timed_agenda


@dataclass(frozen=True)
class Block:
    """An agenda block as the guide and the slides show it."""

    number: int
    start: str  # "0:20"
    end: str
    item: AgendaItem
    transition: Text | str  # the module's, or the next block's name and length


@dataclass(frozen=True)
class Objection:
    question: Text | str
    answer: Text | str


@dataclass(frozen=True)
class Session:
    blocks: tuple[Block, ...]
    room: tuple[Text | str, ...]
    debrief: tuple[Text | str, ...]
    objections: tuple[Objection, ...]
    follow_up: tuple[Text | str, ...]


def session(module: Module, words: dict[str, Any], lang: str,
            fallbacks: tuple[str, ...]) -> Session:
    """The session of `module` in one language (`words`: that language's labels)."""
    ui = words["printables"]
    defaults = ui["defaults"]
    slots = timed_agenda(module)
    blocks = []
    for index, slot in enumerate(slots):
        if slot.item.transition is not None:
            transition: Text | str = slot.item.transition
        elif index + 1 < len(slots):
            following = slots[index + 1].item
            transition = ui["guide"]["next"].format(title=following.title.get(lang, fallbacks),
                                                    n=following.minutes)
        else:
            transition = ui["guide"]["last"]
        blocks.append(Block(index + 1, slot.start, slot.end, slot.item, transition))
    return Session(
        blocks=tuple(blocks),
        room=tuple(module.room if module.room is not None else defaults["room"]),
        debrief=tuple(module.debrief if module.debrief is not None else defaults["debrief"]),
        objections=tuple(
            Objection(o.question, o.answer) for o in module.objections
        ) if module.objections is not None else tuple(
            Objection(o["question"], o["answer"]) for o in defaults["objections"]),
        follow_up=tuple(module.follow_up if module.follow_up is not None
                        else defaults["follow_up"]),
    )
