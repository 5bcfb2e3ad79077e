"""Folders published in one move: built beside their place, then renamed into it.

A failed or interrupted run leaves the previous folder byte for byte as it was: the site a
build replaces, the starter folder `handbook new` writes. The staging folder sits beside the
target, on the same filesystem, so the final rename is atomic.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def staging_beside(target: Path, kind: str = "staging") -> Iterator[Path]:
    """A new empty folder `.NAME.KIND-XXXX` beside `target`, removed when the block ends
    (whatever was not moved out of it is discarded)."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-", dir=target.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def replace_folder(new: Path, target: Path) -> None:
    """`new` takes the place of `target` (which may not exist): two renames, and the old folder
    is put back if the second fails."""
    if not target.exists():
        os.rename(new, target)
        return
    old = target.with_name(f".{target.name}.previous-{os.getpid()}")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
