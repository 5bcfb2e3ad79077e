"""Whether a built site is up to date: digests of a build's inputs and of its output.

A build whose inputs have the digest recorded in the output's marker file, and whose
output was not touched since, would write the same bytes again: build/pipeline.py skips it, MkDocs and
PDFs included. The inputs are every file of the organisation's folder, the chapters
(content/), the theme, the templates, the base mkdocs.yml, the tool's own code and version,
and the versions of the libraries that shape the output. The output's digest (names and
sizes of its files) catches a site pruned, added to or edited by hand. Both are the same for
the same inputs: the marker file keeps the site's bytes reproducible.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from pathlib import Path

from .. import __version__
from ..core.resources import BASE_CONFIG, CONTENT_DIR, PACKAGE_DIR, SHIPPED_DIR, THEME_DIR
from .hash_memo import HashMemo

# The libraries whose version changes the pages or the PDFs.
_LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "nh3", "weasyprint", "pydyf")
# Bump when the meaning of the digest changes.
_FORMAT = "1"


def inputs_digest(folder: Path, display: str, skip: tuple[Path, ...] = (),
                  memo: Path | None = None) -> str:
    """A hash of everything a build of `folder` reads. `skip` lists folders inside `folder`
    that are not inputs (the output, the PDF cache); `display` names the folder in messages,
    so it is part of what the build produces too. The hashes of files unchanged since they
    were last hashed are taken from the file `memo` (see build/hash_memo.py); the digest is
    the same with or without it."""
    return _digest((display, os.environ.get("SOURCE_DATE_EPOCH", "")),
                   (("folder", folder), *_tool()), skip, memo)


def tool_digest(memo: Path | None = None) -> str:
    """A hash of what a build brings besides the folder: the tool's version and code (its
    templates included), the chapters, the theme, the base configuration and the versions
    of the libraries. What a build keeps for the next one holds while it stays the same
    (see site/kept_pages.py). `memo`: as for inputs_digest."""
    return _digest((), _tool(), (), memo)


def _tool() -> tuple[tuple[str, Path], ...]:
    # The chapters and theme a wheel ships are hashed as content and theme already.
    return (("content", CONTENT_DIR), ("theme", THEME_DIR), ("config", BASE_CONFIG),
            ("code", PACKAGE_DIR))


def _digest(parts: tuple[str, ...], roots: tuple[tuple[str, Path], ...],
            skip: tuple[Path, ...], memo: Path | None) -> str:
    digest = hashlib.sha256()
    for part in (_FORMAT, __version__, *parts,
                 *(f"{name} {library_version(name)}" for name in _LIBRARIES)):
        digest.update(f"{part}\0".encode())
    hashes = HashMemo(memo)
    skipped = {os.path.realpath(path) for path in (*skip, SHIPPED_DIR)}
    for label, root in roots:
        for relative, path, stat in _files(root, skipped):
            digest.update(f"{label}\0{relative}\0".encode())
            digest.update(hashes.sha256(path, stat))
    hashes.save()
    return digest.hexdigest()


def library_version(name: str) -> str:
    """The installed version of the distribution `name`, as importlib.metadata gives it.

    Read from the name of its `NAME-VERSION.dist-info` folder, first on sys.path, as
    importlib.metadata finds it: importing importlib.metadata (and the email parser it reads
    METADATA with) would cost a nothing-changed build more than its whole digest. Anything
    unusual (no such folder, or two in one place) asks importlib.metadata."""
    for versions in _dist_infos():
        found = versions.get(_normalized(name))
        if found is not None:
            if len(found) == 1 and found[0]:
                return found[0]
            break
    from importlib.metadata import version

    return version(name)


@functools.cache
def _dist_infos() -> tuple[dict[str, list[str]], ...]:
    """For each sys.path entry, in order, the versions in the names of its .dist-info
    folders, by normalised distribution name: listed once for every library the digest
    names."""
    listed = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        versions: dict[str, list[str]] = {}
        for folder in names:
            if folder.endswith(".dist-info"):
                name, _, version = folder[:-len(".dist-info")].partition("-")
                versions.setdefault(_normalized(name), []).append(version)
        listed.append(versions)
    return tuple(listed)


def _normalized(name: str) -> str:
    """A distribution's name as packaging compares it (PEP 503), with _ for -."""
    return re.sub(r"[-_.]+", "_", name).lower()


def output_digest(site: Path, marker: str) -> str:
    """A hash of the names and sizes of the files of a built site, its marker file
    excepted. (Not their times: two builds of the same input give the same bytes.)"""
    digest = hashlib.sha256()
    for relative, _, stat in _files(site, set()):
        if relative != marker:
            digest.update(f"{relative}\0{stat.st_size}\0".encode())
    return digest.hexdigest()


def _files(root: Path, skipped: set[str]) -> list[tuple[str, str, os.stat_result]]:
    """The files under `root` (or `root` itself, a file) as (path relative to it, with /;
    absolute path; its stat), sorted by relative path, outside the `skipped` folders (real
    paths) and __pycache__. Links to files are followed; links to folders are not (as
    os.walk does).

    os.scandir and strings, not Path objects: a nothing-changed build spends most of its
    time here, on a few hundred files (see build/uptodate.py)."""
    top = os.path.abspath(root)
    if os.path.isfile(top):
        return [(os.path.basename(top), top, os.stat(top))]
    found = []
    # A folder's real path is its parent's joined with its name: links are not followed.
    pending = [("", top, os.path.realpath(top))]
    while pending:
        prefix, directory, real = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:  # a folder missing or unreadable: skipped, as os.walk does
            continue
        for entry in entries:
            if entry.is_dir():
                inside = os.path.join(real, entry.name)
                if (entry.name != "__pycache__" and not entry.is_symlink()
                        and inside not in skipped):
                    pending.append((f"{prefix}{entry.name}/", entry.path, inside))
            else:
                found.append((prefix + entry.name, entry.path, entry.stat()))
    found.sort(key=lambda item: item[0])
    return found
