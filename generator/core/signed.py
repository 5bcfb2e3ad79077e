"""Files a build writes for itself and reads back, signed so that nobody else can write them.

A build keeps some of its work beside the output, in `.handbook-cache/`, to do less next time
(inputs/kept.py's files, site/kept_pages.py's pages, site/markup.py's conversions,
site/typeset_cache.py's edits, diagnose/alike.py's look-alikes). What such a file holds goes
into the pages unchecked, so a file planted there (committed into the repository a site is
built from, say) would put its HTML in front of every reader. Each file therefore carries an
HMAC made with a key that lives outside the project, in the user's cache folder
($XDG_CACHE_HOME/handbook/, by default ~/.cache/handbook/), created on first use and readable
by its owner only. A file without a valid signature is ignored: the work is done again.

The files are JSON: even a signed file only ever gives back data, never code.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

import orjson

KEY_FILE = "signing.key"
_SIGNATURE_BYTES = 32  # SHA-256


def key_folder() -> Path:
    """Where the signing key lives: the user's cache folder, never a project's."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "handbook"


def _key() -> bytes | None:
    """This user's key, made on first use; None when it can be neither read nor made (the
    files are then neither read nor written)."""
    path = key_folder() / KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp: readable by the owner only. Two builds making the key at once both link
        # theirs; the first link wins and both read the same key.
        _write_aside(path.parent, secrets.token_bytes(32),
                     lambda temporary: os.link(temporary, path))
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def read_signed(path: Path, kind: str) -> Any | None:
    """The JSON value written by write_signed(path, kind, ...), or None when the file is
    missing, unreadable, not signed with this user's key or not of this `kind`."""
    key = _key()
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if key is None or len(data) < _SIGNATURE_BYTES:
        return None
    signature, body = data[:_SIGNATURE_BYTES], data[_SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _sign(key, kind, body)):
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def write_signed(path: Path, kind: str, value: Any) -> None:
    """`value` as JSON into `path`, signed; written aside and renamed, so a reader never sees
    half a file. Nothing is written when the key is missing; a failed write is ignored
    (the next build does the work again)."""
    key = _key()
    if key is None:
        return
    # orjson: 4 times quicker than the json module both ways on a thousand kits' pages
    # (0.18 s of each rebuild), and the same bytes for these values.
    body = orjson.dumps(value)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_aside(path.parent, _sign(key, kind, body) + body,
                     lambda temporary: os.replace(temporary, path))
    except OSError:
        return


def _write_aside(folder: Path, data: bytes, move) -> None:
    """`data` into a new private file in `folder`, then `move(its path)`; the file is
    removed if anything fails before the move (or after a link)."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        move(temporary)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # gone after a rename; the spare name after a link


def _sign(key: bytes, kind: str, body: bytes) -> bytes:
    # The kind is signed too: a file of one kind cannot be passed off as another.
    return hmac.new(key, kind.encode() + b"\0" + body, hashlib.sha256).digest()
