"""Keep charter.yml's comments in place while items and keys come and go.

ruamel.yaml keeps the comment lines that follow a value on the last scalar before them: the
lines above rule B belong to the last key of rule A. So inserting after A, or removing A or
its last key, would move or lose them; these helpers hand them over to the right neighbour.
"""

from __future__ import annotations

import copy
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString


def _last_slot(node: Any) -> tuple[Any, Any] | None:
    """The deepest last entry of a collection, where its trailing comment lines are kept."""
    if isinstance(node, CommentedMap) and node:
        key = list(node)[-1]
        return _last_slot(node[key]) or (node, key)
    if isinstance(node, CommentedSeq) and node:
        return _last_slot(node[-1]) or (node, len(node) - 1)
    return None


def _slot_token(node: Any):
    slot = _last_slot(node)
    if slot is None:
        return None, None
    container, key = slot
    entry = container.ca.items.get(key)
    index = 2 if isinstance(container, CommentedMap) else 0
    return slot, (entry[index] if entry and len(entry) > index else None)


def _split(container: Any, key: Any, value: str) -> tuple[str, str]:
    """(the end of the value's own line, the full comment lines after it)."""
    if isinstance(container[key], (FoldedScalarString, LiteralScalarString)):
        return "", value  # a block scalar ends its own line
    first, _, rest = value.partition("\n")
    return first + "\n", rest


def _set(container: Any, key: Any, token) -> None:
    index = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.setdefault(key, [None] * (4 if index == 2 else 2))
    entry[index] = token


def take_trailing(node: Any, *, keep_own_line: bool) -> Any:
    """Detach the comment lines after `node` and return them (a token, or None).

    With keep_own_line, a comment at the end of node's last line stays there (node stays).
    """
    slot, token = _slot_token(node)
    if token is None:
        return None
    container, key = slot
    own, rest = _split(container, key, token.value)
    kept = None
    if keep_own_line and own.strip():
        kept = copy.copy(token)
        kept.value = own
    _set(container, key, kept)
    if not rest:
        return None
    moved = copy.copy(token)
    moved.value = rest
    return moved


def give_trailing(node: Any, token: Any) -> None:
    """Put comment lines (from take_trailing) after `node`."""
    if token is None:
        return
    slot, existing = _slot_token(node)
    if slot is None:
        return
    container, key = slot
    if existing is not None:
        joined = copy.copy(existing)
        joined.value = existing.value + token.value
        _set(container, key, joined)
        return
    placed = copy.copy(token)
    block = isinstance(container[key], (FoldedScalarString, LiteralScalarString))
    placed.value = token.value if block else "\n" + token.value
    _set(container, key, placed)
