"""Folders published in one move: built beside their place, then renamed into it.

A failed or interrupted run leaves the previous folder byte for byte as it was: the site a
build replaces, the starter folder `handbook new` writes. The staging folder sits beside the
target, on the same filesystem, so the final rename is atomic.

A run killed half-way (kill -9, a power cut) leaves its staging folder, or the previous
folder it was about to delete, beside the target: published with a web root, they would be
served. Each holds a marker naming the process that made it; the next run on the same
target removes those whose name and marker prove they are ours and whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .forking import CAN_FORK

LEFTOVER_MARKER = ".handbook-leftover"  # in a staging or previous folder: the PID that made it


@contextlib.contextmanager
def staging_beside(target: Path, kind: str = "staging") -> Iterator[Path]:
    """A new empty folder `.NAME.KIND-XXXX` beside `target`, removed when the block ends
    (whatever was not moved out of it is discarded). It holds only the marker at first."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-", dir=target.parent))
    try:
        _mark(staging)
        yield staging
    finally:
        discard(staging)


def replace_folder(new: Path, target: Path) -> None:
    """`new` takes the place of `target` (which may not exist): two renames, and the old folder
    is put back if the second fails. The old folder waits in a marked `.NAME.previous-PID`
    folder until it is deleted."""
    if not target.exists():
        os.rename(new, target)
        return
    holder = target.with_name(f".{target.name}.previous-{os.getpid()}")
    if holder.exists():  # left by an earlier process that had the same PID
        shutil.rmtree(holder)
    holder.mkdir()
    _mark(holder)
    old = holder / "previous"
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        shutil.rmtree(holder, ignore_errors=True)
        raise
    discard(holder)


# A folder of more files than this is deleted by a process of its own: deleting a thousand
# kits' site (6,000 files) took seconds of the build on a slow disk, and nothing waits for it
# once the new folder is in place.
DELETED_APART_FROM = 2000


def discard(folder: Path) -> None:
    """Delete `folder`, one of ours (marked): at once when it is small or the system cannot
    fork; otherwise in a detached process, which marks the folder with its own PID first, so
    that remove_leftovers leaves it to that process while it runs."""
    if not CAN_FORK or not _more_files_than(folder, DELETED_APART_FROM):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child:
        os.waitpid(child, 0)  # the child leaves at once; its own child deletes
        return
    try:
        if os.fork() == 0:  # a grandchild: nobody waits for it, init reaps it
            null = os.open(os.devnull, os.O_RDWR)
            for descriptor in (0, 1, 2):  # a reader of our output does not wait for it
                os.dup2(null, descriptor)
            _mark(folder)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)


def _more_files_than(folder: Path, count: int) -> bool:
    pending = [str(folder)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        count -= len(entries)
        if count < 0:
            return True
        pending.extend(entry.path for entry in entries
                       if entry.is_dir(follow_symlinks=False))
    return False


def remove_leftovers(target: Path) -> list[Path]:
    """Remove what interrupted runs on `target` left beside it; returns what was removed.

    A folder is removed only if its name is `.NAME.staging-*` or `.NAME.previous-*`, it is
    a real folder (not a link), it holds our marker, and the process the marker names is
    no longer running: a build running at the same time keeps its own."""
    target = target.absolute()
    if not target.parent.is_dir():
        return []
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:staging|previous)-[A-Za-z0-9_]+")
    removed = []
    for entry in sorted(target.parent.iterdir()):
        if not pattern.fullmatch(entry.name) or entry.is_symlink() or not entry.is_dir():
            continue
        pid = _marker_pid(entry)
        if pid is None or pid == os.getpid() or _running(pid):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _mark(folder: Path) -> None:
    (folder / LEFTOVER_MARKER).write_text(f"handbook {os.getpid()}\n", encoding="utf-8")


def _marker_pid(folder: Path) -> int | None:
    marker = folder / LEFTOVER_MARKER
    try:
        if marker.is_symlink():
            return None
        text = marker.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = re.fullmatch(r"handbook (\d+)\n", text)
    return int(found.group(1)) if found else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
