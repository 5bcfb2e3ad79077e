"""Work shared with forked processes: where that is safe, how many cores there are, and a
job cut in two, half of it done by a fork of this process.

A forked process starts with everything this one has already imported and computed (MkDocs'
configuration, compiled templates, navigation), which is what makes it worth starting for
work that takes a few tenths of a second. Forking is safe on Linux only: elsewhere the work
is done here, to the same result.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

CAN_FORK = sys.platform == "linux"

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def in_two(items: Sequence[Item], work: Callable[[list[Item]], Result], *, at_least: int,
           timeout: float = 60.0) -> list[Result]:
    """work(share) for each share of `items`: [work(items[0::2]), work(items[1::2])], the
    second share done by a forked process while this one does the first. With fewer than
    `at_least` items, one core, or no fork: [work(items)], done here.

    `work` returns something picklable (the fork sends it back) and must give the same
    result wherever it runs. Whatever happens to the fork (it raises, dies, or has said
    nothing after `timeout` seconds), its share is done again here: an error is then raised
    here, as if nothing had been forked."""
    items = list(items)
    if len(items) < at_least or not CAN_FORK or cores() < 2:
        return [work(items)]
    mine, theirs = items[0::2], items[1::2]
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the fork: its share, sent back, then gone without running any cleanup
        code = 1
        try:
            os.close(reading)
            data = pickle.dumps(work(theirs))
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    try:
        done = work(mine)
        answer = _read(reading, time.monotonic() + timeout)
    except BaseException:
        _stop(child)
        raise
    finally:
        os.close(reading)
    _, status = os.waitpid(child, 0) if answer is not None else (0, 1)
    if answer is None or status != 0:
        _stop(child)
        return [done, work(theirs)]
    return [done, pickle.loads(answer)]


def _read(pipe: int, deadline: float) -> bytes | None:
    """Everything written into `pipe` until it is closed, or None if that takes past
    `deadline`."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([pipe], [], [], left)[0]:
            return None
        chunk = os.read(pipe, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _stop(child: int) -> None:
    try:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
