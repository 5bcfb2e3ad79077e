"""What the machine refuses, told as a message: a full disk, a read-only folder, a port taken.

These are not bugs of the tool and not faults of the input: the user fixes the machine (frees
space, picks another folder or port). Each becomes one line naming the path or the address.
"""

from __future__ import annotations

import errno

_BY_ERRNO = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "a file name is too long",
    errno.EMFILE: "too many files are open",
    errno.EIO: "the disk reported an input/output error",
    errno.EADDRINUSE: "the address is already in use",
    errno.EADDRNOTAVAIL: "this machine has no such address",
}


def os_error_message(exc: OSError, doing: str) -> str:
    """One line: what was being done, what the system said and where. `doing` reads like
    "the site could not be written"."""
    reason = _BY_ERRNO.get(exc.errno) or (exc.strerror or str(exc) or type(exc).__name__)
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{doing}: {reason}{where}"
