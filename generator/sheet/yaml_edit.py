"""Editing charter.yml as a ruamel round-trip tree: the file's own layout kept, only changed
values written, comments handed over when keys come and go, new ids and texts written as the
file writes them."""

from __future__ import annotations

import difflib
import io
import os
import re
import tempfile
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from .comments import give_trailing, take_trailing

LINE_WIDTH = 92  # where new long texts are folded, like the demo's
# (mapping indent, sequence indent, sequence dash offset) a charter.yml may be written with;
# the first that writes the file back unchanged is used for the whole file.
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0))


def round_trip(source: str) -> tuple[YAML, Any]:
    """The tree of charter.yml and the writer that gives its text back unchanged."""
    first = None
    for mapping, sequence, offset in LAYOUTS:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 4096  # never rewrap a line that was not changed
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        tree = yaml.load(source)
        first = first or (yaml, tree)
        if dump(yaml, tree) == source:
            return yaml, tree
    return first  # no layout fits the whole file: the closest one, lines may move


def dump(yaml: YAML, tree: Any) -> str:
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def changed_lines(old: str, new: str) -> int:
    """How many lines were removed or added from one text to the other."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
               if tag != "equal")


def write(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".charter.yml.",
                                         suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def snapshot(item: Any) -> str:
    return repr(item)


def index(seq: CommentedSeq, item: Any) -> int:
    return next(i for i, candidate in enumerate(seq) if candidate is item)


def same(cell: str | None, old: Any) -> bool:
    if cell is None or old is None:
        return cell is None and old is None
    return cell == str(old).replace("\r\n", "\n").strip()


def key_position(mapping: CommentedMap, key: str, order: tuple[str, ...]) -> int:
    """Where `key` goes among the mapping's keys, following `order`."""
    rank = order.index(key) if key in order else len(order)
    return sum(1 for existing in mapping
               if existing in order and order.index(existing) < rank)


def put(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a key in place; a new key goes where `order` puts it, taking over the comment
    lines that followed the previous last key when it comes last."""
    if key in mapping:
        mapping[key] = value
        return
    position = key_position(mapping, key, order)
    last = position >= len(mapping) and len(mapping) > 0
    comments = take_trailing(mapping, keep_own_line=True) if last else None
    mapping.insert(position, key, value)
    give_trailing(mapping, comments)


def drop(mapping: CommentedMap, key: str) -> None:
    """Remove a key, handing the comment lines after it to the key before."""
    if key not in mapping:
        return
    last = list(mapping)[-1] == key
    comments = take_trailing(mapping, keep_own_line=False) if last else None
    del mapping[key]
    if comments is not None and mapping:
        give_trailing(mapping, comments)


def scalar(text: str, indent: int) -> Any:
    """A new text as the file writes texts: folded past the line width, literal when it
    keeps line breaks (Markdown paragraphs, lists)."""
    if "\n" in text:
        return LiteralScalarString(text)
    if indent + len(text) <= LINE_WIDTH - 10 or "  " in text or text != text.strip():
        return text
    folded = FoldedScalarString(text)
    lines = textwrap.wrap(text, width=LINE_WIDTH - indent, break_long_words=False,
                          break_on_hyphens=False)
    positions, offset = [], 0
    for line in lines[:-1]:
        offset += len(line)
        positions.append(offset)  # the space between this line and the next
        offset += 1
    folded.fold_pos = positions
    return folded


def new_id(title: str, taken: set[str]) -> str:
    """A stable id made from the title: its first words, ASCII, lower case, hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    base = ""
    for word in words:
        if base and len(base) + 1 + len(word) > 40:
            break
        base = f"{base}-{word}" if base else word
    base = base or "rule"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
