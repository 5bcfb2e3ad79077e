"""The built site as one zip archive, to copy to a shared drive and open from files (file://).

The archive is reproducible: entries in sorted order, each with the same date (the build's
SOURCE_DATE_EPOCH, which build.py pins), the same permissions and the same compression, so
the same site gives the same bytes. Its comment marks it as built by handbook: only such an
archive is ever replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

from .errors import BuildError

COMMENT = b"handbook site archive"
_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest date a zip can hold


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


def write_zip(site: Path, archive: Path, top: str) -> None:
    """Write every file of `site` into `archive`, under the folder `top`."""
    moment = dt.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")),
                                       dt.UTC)
    date_time = max(moment, _EARLIEST).timetuple()[:6]
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.comment = COMMENT
        for path in sorted(site.rglob("*"), key=lambda p: p.relative_to(site).as_posix()):
            name = f"{top}/{path.relative_to(site).as_posix()}"
            if path.is_dir():
                entry = zipfile.ZipInfo(name + "/", date_time)
                entry.external_attr = (0o40755 << 16) | 0x10  # a folder, for every unzip tool
                bundle.writestr(entry, b"")
            else:
                entry = zipfile.ZipInfo(name, date_time)
                entry.external_attr = 0o100644 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(entry, path.read_bytes(), compresslevel=9)
