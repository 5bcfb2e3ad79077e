"""Input values shown in messages, and the characters a text may not hold.

A message is read in a terminal or a CI log: a value quoted in it is cut to a readable length
and its control characters are shown as escapes (`\\x1b`), so a file can neither flood a log
nor send a terminal an escape sequence (an OSC sequence retitles the window, others move the
cursor or hide what follows).
"""

from __future__ import annotations

import re

QUOTE_LIMIT = 80  # characters of a value a message quotes

# Characters no text of a handbook may hold: C0 controls but tab and new line (carriage
# return ends Windows lines and is removed by the YAML reader), DEL, C1 controls, lone
# surrogates (they cannot be written as UTF-8 at all) and a byte-order mark inside a text.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
# What a message shows escaped: the same, plus new lines and tabs (a message is one line).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u2028\u2029]")

_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x1b": "ESC", "\x7f": "DEL",
          "\ufeff": "BOM", "\x9b": "CSI"}


def escaped(char: str) -> str:
    """One character as an escape: `\\x1b`, `\\u009b`, `\\ud800`."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def char_name(char: str) -> str:
    """A control character as a message names it: `\\x1b (ESC)`."""
    name = _NAMES.get(char)
    if name is None and 0xD800 <= ord(char) <= 0xDFFF:
        name = "a lone surrogate"
    return f"{escaped(char)}{f' ({name})' if name else ''}"


def shown(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`value` as a message quotes it: at most `limit` characters, then "…", every
    unprintable character escaped."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return _UNPRINTABLE.sub(lambda m: escaped(m.group(0)), text)


def terminal_safe(message: str) -> str:
    """A whole message with its control characters escaped, its tabs and new lines kept (the
    last lock: whatever a message quotes, nothing reaches the terminal raw)."""
    return FORBIDDEN.sub(lambda m: escaped(m.group(0)), message)


def first_forbidden(text: str) -> tuple[int, str] | None:
    """The index and character of the first forbidden character of `text`, if any."""
    found = FORBIDDEN.search(text)
    return None if found is None else (found.start(), found.group(0))
