"""Zip archives whose bytes depend only on their content: same files, same zip.

Two kinds: the training bundles (a few PDFs, built in memory) and the whole site for a shared
drive (`handbook build --zip`, opened from files, file://). A zip records a date, permissions
and the creating system for each member: all are fixed here, the date being the build's
date (core.builddate), so the archive shows the date of the content.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from .errors import BuildError

COMMENT = b"handbook site archive"  # marks a site archive: only such a file is ever replaced
_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest date a zip can hold


def _date_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    return max(moment, _EARLIEST).timetuple()[:6]


def _file_entry(name: str, date_time: tuple) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time)
    entry.create_system = 3  # Unix, so the permissions below mean the same everywhere
    entry.external_attr = 0o100644 << 16
    return entry


def reproducible_zip(members: list[tuple[str, bytes]], moment: dt.datetime) -> bytes:
    """A zip of (name inside the archive, content) pairs, in the order given, dated `moment`.

    Members are stored uncompressed: the PDFs inside are compressed already, and zlib's
    output may differ between versions.
    """
    date_time = _date_time(moment)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in members:
            archive.writestr(_file_entry(name, date_time), content)
    return buffer.getvalue()


def archive_path(output: Path) -> Path:
    """Where `handbook build --zip` writes the archive of OUTPUT: OUTPUT.zip, beside it."""
    return output.with_name(output.name + ".zip")


def check_replaceable(archive: Path) -> None:
    # Never overwrite a file this tool did not write.
    if not archive.exists():
        return
    if archive.is_file() and zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as existing:
            if existing.comment == COMMENT:
                return
    raise BuildError(f"{archive} already exists and was not written by handbook; move it, or "
                     "choose another output folder (-o)")


def write_zip(site: Path, archive: Path, top: str, moment: dt.datetime) -> None:
    """Write every file of `site` into `archive`, under the folder `top`, in sorted order."""
    date_time = _date_time(moment)
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.comment = COMMENT
        for path in sorted(site.rglob("*"), key=lambda p: p.relative_to(site).as_posix()):
            name = f"{top}/{path.relative_to(site).as_posix()}"
            if path.is_dir():
                entry = zipfile.ZipInfo(name + "/", date_time)
                entry.create_system = 3
                entry.external_attr = (0o40755 << 16) | 0x10  # a folder, for every unzip tool
                bundle.writestr(entry, b"")
            else:
                entry = _file_entry(name, date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(entry, path.read_bytes(), compresslevel=9)
