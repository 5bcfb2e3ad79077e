"""The charter's fingerprint: a short code that names exactly one text of the charter.

An ambassador who acknowledges the charter acknowledges this code. It is computed from the
validated model, never from the YAML file, so what only changes the file's formatting
(indentation, flow or block style, quoting, folded or literal text, comments, key order,
unknown keys) keeps the code, while any change of what readers see changes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from pydantic import BaseModel

from .schema import Charter
from .text import LocalText

FINGERPRINT_LENGTH = 12  # hex digits: 48 bits, no collision among a charter's versions
# Optional fields added to the contract after charters were acknowledged: left out while unset,
# so that a new version of the tool keeps the fingerprint of every charter that does not use them.
LATER_FIELDS = frozenset({"question"})


def normalised(value: Any) -> Any:
    """The content of a model as plain JSON data, with the text's line layout removed.

    Fields are in declaration order and defaults are filled in, so a key written in another
    order, or a default written out, gives the same data.
    """
    if isinstance(value, BaseModel):
        return {field: normalised(getattr(value, field)) for field in type(value).model_fields
                if not (field in LATER_FIELDS and getattr(value, field) is None)}
    if isinstance(value, LocalText):
        if value.common is not None:
            return {"*": normalise_text(value.common)}
        return {lang: normalise_text(text) for lang, text in sorted(value.by_language)}
    if isinstance(value, (list, tuple)):
        return [normalised(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def normalise_text(text: str) -> str:
    """Paragraphs kept, the way lines are wrapped inside a paragraph dropped.

    A folded (`>-`) text rewrapped, or rewritten as a quoted line, reads the same.
    """
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n[ \t\r]*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def charter_fingerprint(charter: Charter) -> str:
    """The short code of this charter's content: 12 hex digits, shown as `xxxx-xxxx-xxxx`."""
    data = json.dumps(normalised(charter), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH].upper()
    return "-".join(digest[i:i + 4] for i in range(0, FINGERPRINT_LENGTH, 4))
