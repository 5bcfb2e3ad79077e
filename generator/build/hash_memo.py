"""The SHA-256 of each input file, remembered by the file's stat, as git's index does.

A nothing-changed build would otherwise read and hash every input (the organisation's files
and the tool's own ~200 code, chapter and theme files) to learn that none changed. With the
memo, a file whose size, modification time, change time and inode are those it had when it
was hashed is not read: its hash is taken from the memo. Any doubt hashes the file again:
- a file changed less than two seconds before it was hashed is never remembered ("racy git":
  a write in the same clock tick as the hash would keep every stat field unchanged, and
  file systems count time in ticks of up to 2 s);
- a memo missing, unreadable, corrupt or of another format is an empty memo;
- a memo that cannot be written is not written (the next build hashes again).

The limit, as git's: a change that keeps the size, the modification time, the change time
and the inode is not seen. Userland cannot set the change time (os.utime sets it to now),
so that takes a clock set back to the very tick of the file's last change, a file system
without change times (Windows gives the creation time: there, an edit that keeps the size
and sets the modification time back is not seen), or a file server whose clock runs two
seconds or more behind this machine's. `handbook build --force` builds anyway.

The memo is a JSON file in the output's PDF cache folder (see build/uptodate.py), not in the
marker: it names this machine's paths and inodes, and the site's bytes must not depend on them.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

# Bump when the meaning of an entry changes: an older memo is then an empty one.
_FORMAT = 1
# A file changed this close to the moment it was hashed is hashed again next time.
RACY_NS = 2_000_000_000


class HashMemo:
    """The hashes remembered in the file `path` (None: remember nothing), and those of the
    files hashed since. `save` writes the files asked for in this run, and only them."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.hashed = 0  # files read and hashed (the others came from the memo)
        # Anything changed after this moment was changed after it was hashed, or while.
        self._started = time.time_ns()
        self._old = _load(path) if path is not None else {}
        self._new: dict[str, list] = {}

    def sha256(self, path: str, stat: os.stat_result) -> bytes:
        """The SHA-256 of the file at `path` (an absolute path), whose stat is `stat`,
        taken before it is read: a change while it is read is a change after that stat."""
        key = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        remembered = self._old.get(path)
        if type(remembered) is list and len(remembered) == 5 and remembered[:4] == key:
            found = _digest(remembered[4])
            if found is not None:
                self._new[path] = remembered
                return found
        with open(path, "rb") as file:
            found = hashlib.sha256(file.read()).digest()
        self.hashed += 1
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < self._started - RACY_NS:
            self._new[path] = [*key, found.hex()]
        return found

    def save(self) -> None:
        """Write the memo if it changed: written aside, then renamed, so that a reader
        never sees half of it. A memo that cannot be written is left as it was."""
        if self.path is None or self._new == self._old:
            return
        aside = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            aside.write_text(json.dumps({"format": _FORMAT, "files": self._new}),
                             encoding="utf-8")
            os.replace(aside, self.path)
        except OSError:
            try:
                aside.unlink(missing_ok=True)
            except OSError:
                pass


def _load(path: Path) -> dict:
    """The entries of the memo at `path`; none if it is missing or not ours."""
    try:
        memo = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # missing, unreadable, not JSON, too deep
        return {}
    if not isinstance(memo, dict) or memo.get("format") != _FORMAT:
        return {}
    files = memo.get("files")
    return files if isinstance(files, dict) else {}


def _digest(text: object) -> bytes | None:
    """A remembered hash, or None if it is not 64 hexadecimal digits."""
    if not isinstance(text, str) or len(text) != 64:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None
