"""Zip archives whose bytes depend only on their content: same files, same zip.

A zip records a date, permissions and the creating system for each member, and zlib's output
may differ between versions: all are fixed here, and members are stored uncompressed (the
PDFs inside are compressed already, so deflating them again would gain little).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

# The earliest date a zip can hold, used when no SOURCE_DATE_EPOCH is set.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def reproducible_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip of (name inside the archive, content) pairs, in the order given.

    Members are dated SOURCE_DATE_EPOCH when it is set (build.py sets it), so the archive
    shows the date of the content rather than of the build.
    """
    stamp = _ZIP_EPOCH
    if "SOURCE_DATE_EPOCH" in os.environ:
        moment = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC)
        stamp = max(_ZIP_EPOCH, moment.timetuple()[:6])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix, so the permissions below mean the same everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
