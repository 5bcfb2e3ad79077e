"""Positions in loaded files: where the value at a key path was written, as file:line:col.

Every message of validation, and every finding of the programme diagnostic, is placed here,
in the file the value was written in (for a group's entity, possibly a file of the group).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import Diagnostic, Severity
from .load import Document

Loc = tuple[str | int, ...]  # a key path: keys and list indexes, from the file's root


def position(tree: Any, loc: Loc, *, at_key: bool) -> tuple[int, int]:
    """1-based line and column of the value (or key) at `loc` in a round-trip tree."""
    node, position = tree, (0, 0)
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and part in node:
            child = node[part]
            # Point at `key:` for collections and unknown keys, at the value for scalars.
            use_key = at_key if last else False
            if use_key or isinstance(child, (dict, list)) or child is None:
                position = node.lc.key(part)
            else:
                position = node.lc.value(part)
            node = child
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            position = node.lc.item(part)
            node = node[part]
        else:
            break
    return position[0] + 1, position[1] + 1


def written_at(document: Document, loc: Loc, *, at_key: bool) -> tuple[Document, int, int, Loc]:
    """The file the value at `loc` was written in, its 1-based position and key path there."""
    written, there = document.resolve(loc)
    line, col = position(written.tree, there, at_key=at_key)
    return written, line, col, there


def located(document: Document, loc: Loc, severity: Severity, message: str, *,
            at_key: bool = False) -> Diagnostic:
    """A problem with the value (or key) at `loc`, placed in the file it was written in."""
    written, line, col, there = written_at(document, loc, at_key=at_key)
    return Diagnostic(written.display, line, col, severity, dotted(there), message)


def position_of(document: Document, loc: Loc, *, at_key: bool = False) -> str:
    """`file:line:col` of the value at `loc`, for a message that points at a second place."""
    written, line, col, _ = written_at(document, loc, at_key=at_key)
    return f"{written.display}:{line}:{col}"


def dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


DocumentKey = str | tuple[str, str]  # "handbook", "charter", ("kit", id) or ("module", id)


@dataclass(frozen=True)
class Sources:
    """The loaded files behind a valid Handbook, so that a later stage (the programme
    diagnostic) points at a key with exactly the positions validation uses."""

    display: str  # the folder as the user named it
    documents: Mapping[DocumentKey, Document]

    def locate(self, document: DocumentKey, loc: Loc, *,
               at_key: bool = False) -> tuple[str, int, int, str]:
        """(file inside the folder, line, column, dotted key path) of `loc` in `document`.

        A key that is absent is located at its nearest written parent: where to add it.
        """
        written, line, col, there = written_at(self.documents[document], loc, at_key=at_key)
        # A file a group shares lies outside its entity's folder: "../../kits/...".
        file = Path(os.path.relpath(written.display, self.display)).as_posix()
        return file, line, col, dotted(there)


def scalars(node: Any, loc: Loc) -> Iterator[tuple[Loc, str, tuple[int, int]]]:
    """Every text value of a round-trip tree, with its key path and 1-based position."""
    if isinstance(node, dict):
        entries = [(key, node.lc.value(key)) for key in node]
    elif isinstance(node, list):
        entries = [(index, node.lc.item(index)) for index in range(len(node))]
    else:
        return
    for key, (line, col) in entries:
        value = node[key]
        if isinstance(value, str):
            yield loc + (key,), value, (line + 1, col + 1)
        else:
            yield from scalars(value, loc + (key,))
