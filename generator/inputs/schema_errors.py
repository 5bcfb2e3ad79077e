"""Schema problems as messages an editor understands, placed where the value was written.

Pydantic validates; this module turns each of its errors into a Diagnostic: an unknown key is
a warning with "did you mean", the rest are errors worded for an HR or comms editor.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..core.errors import Diagnostic
from ..core.quote import shown
from ..model.charter import Charter
from ..model.fields import PATTERNS
from ..model.vocab import CHARTER_SECTIONS
from .load import Document, describe
from .positions import Loc, dotted, located, written_at


def validate_document(cls: type[BaseModel],
                      document: Document) -> tuple[BaseModel | None, list[Diagnostic]]:
    data = document.plain()
    try:
        return cls.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors()
    unknown = [e for e in errors if e["type"] == "extra_forbidden"]
    problems = [_unknown_key(cls, document, e["loc"]) for e in unknown]
    problems += [_schema_error(cls, document, e) for e in errors if e["type"] != "extra_forbidden"]
    if len(unknown) < len(errors):
        return None, problems
    # Only unknown keys: they are warnings, so build the model without them.
    for error in unknown:
        parent = data
        for part in error["loc"][:-1]:
            parent = parent[part]
        del parent[error["loc"][-1]]
    return cls.model_validate(data), problems


def _unknown_key(cls, document: Document, loc: Loc) -> Diagnostic:
    known = list(_model_at(cls, loc[:-1]).model_fields)
    key = str(loc[-1])
    message = f"unknown key '{shown(key)}'{did_you_mean(key, known)}"
    return located(document, loc, "warning", message, at_key=True)


def _schema_error(cls, document: Document, error: dict) -> Diagnostic:
    loc: Loc = error["loc"]
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        written, line, col, there = written_at(document, loc[:-1], at_key=True)
        parent = dotted(there)
        there += loc[-1:]
        where = f" under '{parent}'" if parent else ""
        message = (_charter_message(cls, document, loc, kind)
                   or f"required key is missing: add '{loc[-1]}:'{where}")
    else:
        written, line, col, there = written_at(document, loc, at_key=False)
        message = (_charter_message(cls, document, loc, kind)
                   or _message(kind, value, ctx, error["msg"], written, line, col))
    return Diagnostic(written.display, line, col, "error", dotted(there), message)


def _message(kind, value, ctx, default, document: Document, line: int, col: int) -> str:
    got = describe(value)
    if kind == "string_type":
        hint = ""
        if isinstance(value, (int, float, bool, dt.date)):
            typed = document.token_at(line, col)
            hint = f"; YAML reads {typed} as {got}: write it in quotes, \"{typed}\""
            return f"expected text{hint}"
        return f"expected text, got {got}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return (f"'{shown(value)}' is not allowed here; expected one of: {', '.join(allowed)}"
                f"{did_you_mean(str(value), allowed)}")
    if kind == "string_pattern_mismatch":
        _, hint = PATTERNS.get(ctx.get("pattern"), ("", "is not in the expected form"))
        return f"'{shown(value)}' {hint}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, got {got}"
    if kind.startswith("date_") or kind == "date_type":
        return f"expected a date written YYYY-MM-DD, like 2027-01-15, got {got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {got}"
    if kind == "list_type":
        return f"expected a list (one '- item' per line, or [a, b]), got {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping ('key: value' lines), got {got}"
    if kind == "too_short":
        count = ctx.get("min_length", 1)
        return f"needs at least {count} item{'s' if count != 1 else ''}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']:g}, got {value}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']:g}, got {value}"
    return default[0].lower() + default[1:]


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _model_at(cls: Any, loc: Loc) -> type[BaseModel]:
    """The declaration class describing the mapping at `loc`."""
    current = cls
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            current = typing.get_args(current)[0]
        else:
            current = current.model_fields[part].annotation
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def _charter_message(cls, document: Document, loc: Loc, kind: str) -> str | None:
    """A clearer message for what a charter most often lacks: a section, a rule's title."""
    if not issubclass(cls, Charter):  # an entity's charter.yml too (see group.py)
        return None
    sections = ", ".join(CHARTER_SECTIONS)
    if len(loc) == 1 and loc[0] in CHARTER_SECTIONS and kind == "missing":
        return (f"the charter has no '{loc[0]}' section: add '{loc[0]}:' with its rules "
                f"(a charter has five sections: {sections})")
    if len(loc) == 1 and loc[0] in CHARTER_SECTIONS and kind == "too_short":
        return (f"the '{loc[0]}' section has no rule: write at least one (a charter has five "
                f"sections: {sections})")
    if len(loc) == 3 and loc[0] in CHARTER_SECTIONS and loc[2] == "title" and kind == "missing":
        rule = document.tree[loc[0]][loc[1]]
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        named = f"the rule '{rule_id}'" if isinstance(rule_id, str) else "this rule"
        return f"{named} has no title: add 'title:' with the rule in one line"
    return None
