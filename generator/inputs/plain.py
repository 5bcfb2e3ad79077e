"""A loaded file's data as the plain values pydantic validates, and as JSON text that gives
exactly those values back (the files a build keeps for the next one, see inputs/kept.py)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

# Dates have no JSON form: {"\0date": "2027-01-15"}. No key loaded from YAML holds a NUL
# (inputs/values.py refuses control characters in keys too), so no mapping is mistaken for one.
_DATE, _MOMENT = "\0date", "\0datetime"


def plain(tree: Any) -> Any:
    """A copy of a round-trip tree as plain dicts and lists (the scalars copied as loaded)."""
    if isinstance(tree, dict):
        return {key: plain(value) for key, value in tree.items()}
    if isinstance(tree, list):
        return [plain(item) for item in tree]
    return copy.copy(tree)


def to_json(data: Any) -> str | None:
    """`data` (see plain) as JSON text, or None when JSON could not give it back as it is: a
    key that is not a text, a value of a kind other than text, number, true/false, null,
    date, list or mapping."""
    try:
        return json.dumps(_encoded(data), ensure_ascii=False, separators=(",", ":"))
    except _NotPlain:
        return None


def from_json(text: str) -> Any:
    """The data to_json wrote, as new objects (a caller may change them)."""
    return json.loads(text, object_hook=_decoded)


class _NotPlain(Exception):
    """Internal: a value JSON cannot carry exactly."""


def _encoded(value: Any) -> Any:
    # Text, numbers and booleans lose the subclasses the YAML library gives them (a folded
    # text, a float remembering its notation): pydantic validates them to the same values.
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise _NotPlain
        return {str(key): _encoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encoded(item) for item in value]
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime):
        return {_MOMENT: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    raise _NotPlain


def _decoded(mapping: dict) -> Any:
    if len(mapping) == 1:
        if _DATE in mapping:
            return dt.date.fromisoformat(mapping[_DATE])
        if _MOMENT in mapping:
            return dt.datetime.fromisoformat(mapping[_MOMENT])
    return mapping
