"""Pages as the last build rendered them, kept for the next build of the same output.

The live preview keeps each page with the values of the names it read (render.PageMemo); a
build is a new process, so it keeps, instead of the values, their fingerprints: a hash of
what a value is made of (its type, its fields, its items), the same in every process. A page
whose template and chapters are unchanged (`stamp`: a hash of the tool's code, templates and
chapters, which the build gives) and whose names all have the same fingerprints renders to
the same text: it is taken from the file. A value whose make-up this module cannot see (an
object of another kind) has no fingerprint, and a page reading it is always rendered.

The file is signed (core/signed.py): a page planted there is ignored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel

from ..core.signed import read_signed, write_signed
from ..model.handbook import Handbook
from .plan import Page
from .render import read_names


class KeptPages:
    """The pages kept in `path` by the last build (with `stamp`), and those this build
    rendered or took, which the next build will find there (see `save`)."""

    def __init__(self, path: Path, stamp: str) -> None:
        self.path = path
        self._kind = f"pages {stamp}"
        known = read_signed(path, self._kind)
        self._known: dict[str, list] = known if isinstance(known, dict) else {}
        self._used: dict[str, list] = {}
        self._prints = Fingerprints()
        self._environments: dict[int, tuple[jinja2.Environment, str]] = {}
        self.taken = 0  # pages taken from the file, for the tests

    def render(self, template: jinja2.Template, env: jinja2.Environment,
               context: dict[str, Any], page: Page) -> str:
        """The text of `page`, rendered with `template`, or as kept if it would be the same."""
        key = "\0".join((self._environment(env), template.name or "", page.path))
        names = {**env.globals, **context, "page_path": page.path, **page.context}
        known = self._known.get(key)
        if known is not None and all(self._prints.of(names.get(name, _MISSING)) == printed
                                     for name, printed in known[0].items()):
            self._used[key] = known
            self.taken += 1
            return known[1]
        text, read = read_names(template, context, page)
        printed = {name: self._prints.of(names.get(name, _MISSING)) for name in read}
        if None not in printed.values():
            self._used[key] = [printed, text]
        return text

    def know_files(self, handbook: Handbook) -> None:
        """Fingerprint each kit and training module by the text of its file, without walking
        it: a model is what its file says, read by code the stamp covers. Walking a thousand
        kits costs more than half a second; a file's text is hashed in a millisecond. A
        group's entity merges its files with the group's: its models are walked."""
        documents = getattr(handbook.sources, "documents", {})
        for kind, models in (("kit", handbook.kits), ("module", handbook.modules)):
            for model_id, model in models:
                document = documents.get((kind, model_id))
                if document is not None and document.originals() == (document,):
                    self._prints.know(model, document.source)

    def _environment(self, env: jinja2.Environment) -> str:
        # An environment's filters and finalize read its language and fallback languages
        # (closures): their fingerprint names it. A filter that cannot be seen is named by
        # the environment's own identity, which no other build shares.
        if id(env) not in self._environments:
            printed = self._prints.of((tuple(env.filters.items()), env.finalize))
            self._environments[id(env)] = (env, printed or f"unseen {id(env)}")
        return self._environments[id(env)][1]

    def save(self) -> None:
        """Keep this build's pages, and only them, for the next build (nothing to write when
        they are the ones kept already)."""
        if self._used != self._known:
            write_signed(self.path, self._kind, self._used)


_MISSING = object()


class Fingerprints:
    """Fingerprints of values, each computed once per object while the object lives (the
    names of a build's pages are alive as long as the build)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, str | None]] = {}  # id: (the object, its print)

    def know(self, value: Any, made_from: str) -> None:
        """Fingerprint `value` by the text it was made from (with its type)."""
        kind = type(value)
        self._known[id(value)] = (value, hashlib.sha256(
            f"{kind.__module__}.{kind.__qualname__} made from\0{made_from}".encode()).hexdigest())

    def of(self, value: Any) -> str | None:
        """A hash of `value`'s make-up, or None when part of it cannot be seen."""
        try:
            return self._print(value, depth=-1)
        except _Unseen:
            return None

    def _feed(self, digest: Any, value: Any, depth: int) -> None:
        if depth > 40:  # deeper than any handbook's data: a cycle
            raise _Unseen
        kind = type(value)
        digest.update(f"{kind.__module__}.{kind.__qualname__}(".encode())
        if value is None or value is _MISSING or isinstance(value, (bool, int, float, str,
                                                                    bytes, enum.Enum)):
            digest.update(repr(value).encode())
        elif isinstance(value, (dt.date, dt.time)):  # datetimes included
            digest.update(value.isoformat().encode())
        elif isinstance(value, (tuple, list)):
            for item in value:
                self._part(digest, item, depth)
        elif isinstance(value, Mapping):
            for key, item in value.items():  # in order: a template may loop over them
                self._part(digest, key, depth)
                self._part(digest, item, depth)
        elif isinstance(value, (set, frozenset)):
            for printed in sorted(self._print(item, depth) for item in value):
                digest.update(printed.encode())
        elif isinstance(value, BaseModel):
            for item in value.__dict__.values():  # its fields, in order
                self._part(digest, item, depth)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                self._part(digest, getattr(value, field.name), depth)
        elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
            # The code is in the stamp; what a closure holds is not.
            digest.update(f"{value.__module__}.{value.__qualname__}".encode())
            for cell in getattr(value, "__closure__", None) or ():
                self._part(digest, cell.cell_contents, depth)
        elif isinstance(value, types.MethodType):
            self._part(digest, value.__func__, depth)
            self._part(digest, value.__self__, depth)
        elif isinstance(value, jinja2.Template):
            # A template's source is in the stamp (a file's, or a string in the code).
            digest.update(repr(value.name).encode())
        else:
            raise _Unseen
        digest.update(b")")

    def _part(self, digest: Any, value: Any, depth: int) -> None:
        if isinstance(value, (str, int, float, bool)) or value is None:
            self._feed(digest, value, depth + 1)  # not worth remembering
            return
        printed = self._print(value, depth)
        digest.update(printed.encode())

    def _print(self, value: Any, depth: int) -> str:
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            if known[1] is None:
                raise _Unseen
            return known[1]
        digest = hashlib.sha256()
        try:
            self._feed(digest, value, depth + 1)
        except _Unseen:
            self._known[id(value)] = (value, None)
            raise
        printed = digest.hexdigest()
        self._known[id(value)] = (value, printed)
        return printed


class _Unseen(Exception):
    """Internal: a value whose make-up is not seen."""
