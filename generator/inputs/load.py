"""Stage 1, load: read one YAML file into a round-trip tree that remembers positions.

Everything YAML can do beyond plain data is refused here, before anything is built from the
file: tags (`!!python/...` or any `!tag`), `%YAML`/`%TAG` directives (they change how values
are read), anchors and aliases (an alias bomb is tiny on disk and huge once walked), duplicate
keys, and nesting deeper than any handbook needs (deep nesting makes the composer recurse).
The scan works on the parser's event stream, which is flat and lazy, so hostile files fail
fast and never reach the recursive composer. The composer then builds the tree from the events
the scan recorded, so the text is parsed once, by libyaml (C, through PyYAML, which MkDocs
needs anyway) when it can: pure-Python parsing was most of a build's own time. A text libyaml
refuses is parsed again by ruamel, whose error messages the diagnostics quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml import events as ruamel_events
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.docinfo import DocInfo
from ruamel.yaml.docinfo import version as yaml_version
from ruamel.yaml.error import MarkedYAMLError, StreamMark, YAMLError
from ruamel.yaml.events import (
    Event,
    NodeEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.tag import Tag

from ..core.errors import Diagnostic
from ..core.quote import shown
from .plain import from_json, plain
from .values import date_problem, forbidden_problems

MAX_BYTES = 2 * 1024 * 1024  # the largest real charter is a few dozen KB
MAX_DEPTH = 20  # the input contract nests at most 6 levels


class Document:
    """A loaded file: the round-trip tree (with `.lc` positions) and how to name the file.

    A file whose data an earlier build kept (inputs/kept.py) comes with that data as JSON
    text and no tree: its tree is parsed from `source` the first time something asks where a
    value was written, for a message, which most builds never do.
    """

    def __init__(self, display: str, tree: Any, source: str, data: str | None = None) -> None:
        self.display = display  # the path as the user should read it in messages
        self.source = source  # the text, to quote a value the way the editor wrote it
        self._tree = tree
        self._data = data  # see inputs/plain.py's to_json

    @property
    def tree(self) -> Any:
        if self._tree is None:
            self._tree = _loaded(self.source, self.display)
        return self._tree

    def plain(self) -> Any:
        """The file's data as plain values, new each time (see inputs/plain.py)."""
        return from_json(self._data) if self._data is not None else plain(self.tree)

    def token_at(self, line: int, col: int) -> str:
        """The value written at a 1-based position, as typed (up to a separator)."""
        text = self.source.splitlines()[line - 1][col - 1:]
        return re.split(r"[,\]}#]|\s+#", text, maxsplit=1)[0].strip()

    def resolve(self, loc: tuple) -> tuple[Document, tuple]:
        """The file the value at `loc` was written in, and its key path there: this file.

        A document merged from several files (a group's entity, see group.py) names the
        group's file for what the entity inherits.
        """
        return self, loc

    def originals(self) -> tuple[Document, ...]:
        """The loaded files behind this document."""
        return (self,)


class LoadFailed(Exception):
    """Internal: the file cannot be read at all; the diagnostics say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics


def load_yaml(path: Path, display: str, data: bytes | None = None) -> Document:
    """Load `path` (whose bytes are `data`, when read already) or raise LoadFailed with every
    problem the scan found."""

    def fail(line: int, col: int, message: str) -> Diagnostic:
        return Diagnostic(display, line, col, "error", "", message)

    data = path.read_bytes() if data is None else data
    if len(data) > MAX_BYTES:
        raise LoadFailed(
            [fail(1, 1, f"file is {len(data) // 1024} KB, more than the {MAX_BYTES // 1024} KB "
                        "a handbook file may have; split it or remove what is not handbook data")]
        )
    text = decoded(data, fail)
    return Document(display, _loaded(text, display), text)


def _loaded(text: str, display: str) -> Any:
    """The round-trip tree of `text`, or LoadFailed."""

    def fail(line: int, col: int, message: str) -> Diagnostic:
        return Diagnostic(display, line, col, "error", "", message)

    if not text.strip():
        raise LoadFailed([fail(1, 1, "file is empty; write the keys this file expects "
                                     "(see the input reference)")])

    yaml = YAML(typ="rt")
    events: list[Any] = []
    problems = _scan(text, fail, yaml, events)
    if problems:
        raise LoadFailed(problems)
    try:
        tree = _compose(events, yaml)
    except MarkedYAMLError as exc:  # the scan parsed the file already; kept for safety
        raise LoadFailed([_syntax_error(exc, fail)]) from None
    if tree is None:
        raise LoadFailed([fail(1, 1, "file has no data, only comments; write the keys this "
                                     "file expects (see the input reference)")])
    if not isinstance(tree, dict):
        raise LoadFailed([fail(1, 1, "the file must be a mapping of keys (`key: value` lines) "
                                     f"at its top level, not {describe(tree)}")])
    problems = forbidden_problems(tree, fail)
    if problems:
        raise LoadFailed(problems)
    return tree


def decoded(data: bytes, fail) -> str:
    """The text of a file's bytes (UTF-8, without a byte order mark), or LoadFailed."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise LoadFailed([fail(line, col, "file contains a NUL byte: it is not a text file, or it "
                                          "was saved in UTF-16; save it as UTF-8 text")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadFailed([fail(line, col, f"byte 0x{data[exc.start]:02X} is not UTF-8: the file "
                                          "was saved in another encoding (Latin-1, Windows-1252?); "
                                          "save it as UTF-8")]) from None
    return text.removeprefix("\ufeff")


def _scan(text: str, fail, yaml: YAML, events: list[Any]) -> list[Diagnostic]:
    """The problems of `text`; every event read is appended to `events`."""
    problems: list[Diagnostic] = []
    for number, line in enumerate(text.splitlines(), start=1):
        # `%` cannot start a plain value, so a `%` in column 1 is always a directive.
        if line.startswith("%"):
            problems.append(fail(number, 1, f"the directive `{line.split()[0]}` is not allowed: "
                                            "it changes how values are read; delete this line"))
    if problems:
        return problems

    depth = 0
    # One entry per open collection: for mappings, the keys seen so far and whether the
    # next scalar is a key; sequences hold None.
    stack: list[dict | None] = []
    expect_key: list[bool] = []
    try:
        for event in _parse(text, yaml):
            events.append(event)
            kind = type(event).__name__  # libyaml's and ruamel's events share their names
            mark = event.start_mark
            here = (mark.line + 1, mark.column + 1)
            is_key = bool(stack) and stack[-1] is not None and expect_key[-1]
            if kind == "AliasEvent":
                problems.append(fail(*here, f"aliases (`*{event.anchor}`) are not allowed: "
                                            "write the value out in full"))
            elif kind in _NODES:
                if event.anchor is not None:
                    problems.append(fail(*here, f"anchors (`&{event.anchor}`) are not allowed: "
                                                "write the value out in full where it is needed"))
                if event.tag is not None and not _implicit(event):
                    problems.append(fail(*here, f"the tag `{_tag_text(event.tag)}` is not "
                                                "allowed: remove it and write a plain value"))
            if kind == "ScalarEvent" and not event.style:  # plain: YAML may read a date
                problem = date_problem(event.value)
                if problem is not None:
                    problems.append(fail(*here, problem))
            if is_key:
                if kind == "ScalarEvent":
                    seen = stack[-1]
                    if event.value in seen:
                        line, col = seen[event.value]
                        problems.append(fail(*here, f"duplicate key '{event.value}' (first "
                                                    f"written at line {line}, column {col}): "
                                                    "keep only one"))
                    else:
                        seen[event.value] = here
                elif kind in _STARTS:
                    problems.append(fail(*here, "a key must be a plain word, not a list or "
                                                "mapping"))
            if stack and stack[-1] is not None and kind != "MappingEndEvent":
                expect_key[-1] = not expect_key[-1]
            if kind in _STARTS:
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(fail(*here, f"data is nested more than {MAX_DEPTH} levels "
                                                "deep; a handbook file never needs that many"))
                    return problems
                stack.append({} if kind == "MappingStartEvent" else None)
                expect_key.append(True)
            elif kind in _ENDS:
                depth -= 1
                stack.pop()
                expect_key.pop()
    except MarkedYAMLError as exc:
        problems.append(_syntax_error(exc, fail))
    except YAMLError as exc:
        problems.append(fail(1, 1, f"YAML syntax: {exc}"))
    return problems


_STARTS = ("MappingStartEvent", "SequenceStartEvent")
_ENDS = ("MappingEndEvent", "SequenceEndEvent")
_NODES = ("ScalarEvent", *_STARTS)


def _parse(text: str, yaml: YAML) -> Iterator[Any]:
    """The parser events of `text`: libyaml's (through PyYAML), or ruamel's when libyaml is
    missing or refuses the text. Both have the same names and attributes."""
    if pyyaml.__with_libyaml__:
        try:
            parsed = list(pyyaml.parse(text, Loader=pyyaml.CBaseLoader))
        except pyyaml.YAMLError:
            pass  # ruamel's parser finds the same fault and says it in its own words
        else:
            # The version and tags of the document, as ruamel's parser records them.
            yaml.doc_infos.append(DocInfo(requested_version=yaml_version(yaml.version)))
            yaml.tags = {}
            yield from parsed
            return
    yield from yaml.parse(text)


def _compose(events: list[Any], yaml: YAML) -> Any:
    """The tree of the scanned events: built by `_tree`, or by ruamel's composer for what
    `_tree` leaves to it."""
    try:
        return _tree(events, yaml)
    except _Unusual:
        # The YAML object asks its `_parser` for events; the scan's record stands in for it.
        yaml._parser = _Replay(events)
        return yaml.constructor.get_single_data()


class _Unusual(Exception):
    """Internal: a document `_tree` leaves to ruamel's composer (several documents, a
    merge key)."""


_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"


def _tree(events: list[Any], yaml: YAML) -> Any:
    """The round-trip tree of one document's events: the mappings and sequences ruamel's
    composer and constructor build, with the same positions (`.lc`), each scalar read by
    ruamel's resolver and constructor, without the per-node bookkeeping that made them half
    a load's time. The scan refused aliases, tags and duplicate keys before."""
    constructor, resolver = yaml.constructor, yaml.resolver
    resolved: dict[tuple[str, Any], Any] = {}  # keys and values recur: resolved once each
    root: Any = None
    # The open collections, innermost last; for a mapping, its key waiting for a value.
    stack: list[list[Any]] = []
    documents = 0
    for event in events:
        kind = type(event).__name__
        if kind == "ScalarEvent":
            # The scan let no tag through but the non-specific `!` of a quoted text.
            tag = resolved.get((event.value, event.implicit))
            if tag is None:
                tag = resolver.resolve(ScalarNode, event.value, event.implicit)
                resolved[event.value, event.implicit] = tag
            if tag == _MERGE:
                raise _Unusual
            if tag == _STR and event.style not in ("|", ">"):
                value = event.value  # what ruamel's constructor gives for a text
            else:
                value = constructor.construct_object(
                    ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                               style=event.style or None))
        elif kind in _STARTS:
            value = CommentedMap() if kind == "MappingStartEvent" else CommentedSeq()
            value._yaml_set_line_col(event.start_mark.line, event.start_mark.column)
        elif kind in _ENDS:
            stack.pop()
            continue
        else:
            documents += kind == "DocumentStartEvent"
            if documents > 1:
                raise _Unusual  # ruamel says it expects a single document
            continue
        mark = event.start_mark
        if not stack:
            root = value
        elif isinstance(stack[-1][0], list):
            sequence = stack[-1][0]
            sequence._yaml_set_idx_line_col(len(sequence), [mark.line, mark.column])
            sequence.append(value)
        elif stack[-1][1] is None:  # a key (the scan refused keys that are collections)
            stack[-1][1] = (value, mark)
        else:
            mapping, (key, key_mark) = stack[-1]
            mapping[key] = value
            mapping._yaml_set_kv_line_col(key, [key_mark.line, key_mark.column, mark.line,
                                                mark.column])
            stack[-1][1] = None
        if kind in _STARTS:
            stack.append([value, None])
    return root


def _ruamel_event(event: Any) -> Event:
    """An event as ruamel's parser would give it (its composer needs ruamel's own)."""
    if isinstance(event, Event):
        return event
    start, end = event.start_mark, event.end_mark
    marks = (StreamMark("", start.index, start.line, start.column),
             StreamMark("", end.index, end.line, end.column))
    kind = type(event).__name__
    cls = getattr(ruamel_events, kind)
    tag = None if getattr(event, "tag", None) is None else Tag(suffix=event.tag)
    if kind == "ScalarEvent":  # libyaml writes plain style as "", ruamel as None
        return cls(event.anchor, tag, event.implicit, event.value, *marks,
                   style=event.style or None)
    if kind in _STARTS:
        return cls(event.anchor, tag, event.implicit, *marks, flow_style=event.flow_style)
    if kind == "AliasEvent":
        return cls(event.anchor, *marks)
    if kind == "DocumentStartEvent":
        return cls(*marks, explicit=event.explicit, version=event.version, tags=event.tags)
    if kind == "DocumentEndEvent":
        return cls(*marks, explicit=event.explicit)
    return cls(*marks)  # stream start and end, collection ends


class _Replay:
    """Recorded parser events, served to ruamel's composer as its parser would."""

    def __init__(self, events: list[Any]) -> None:
        self._events = [_ruamel_event(event) for event in events]
        self._next = 0

    def check_event(self, *choices: type) -> bool:
        if self._next == len(self._events):
            return False
        return not choices or isinstance(self._events[self._next], choices)

    def peek_event(self) -> Event:
        return self._events[self._next]

    def get_event(self) -> Event:
        self._next += 1
        return self._events[self._next - 1]

    def dispose(self) -> None:
        self._events = []


def _implicit(event: NodeEvent) -> bool:
    # ruamel reports the non-specific tag `!` of quoted scalars as a tag; it is no tag at all.
    return _tag_text(event.tag) == "!"


def _tag_text(tag: Any) -> str:
    value = getattr(tag, "value", tag)
    return str(value).replace("tag:yaml.org,2002:", "!!")


def _syntax_error(exc: MarkedYAMLError, fail) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    hint = ""
    if "\\t" in problem or "tab" in problem.lower():
        hint = "; indent with spaces, never tabs"
    elif "mapping values are not allowed" in problem or "but got ':'" in problem:
        hint = "; a value containing ': ' must be written in quotes"
    return fail(line, col, f"YAML syntax: {problem}{hint}")


def describe(value: Any) -> str:
    """Name a YAML value the way an editor thinks of it, for error messages."""
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{shown(value)}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    return f"the value {value}"
