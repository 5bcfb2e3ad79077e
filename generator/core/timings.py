"""Where a build spends its time: seconds per stage, for the build report and the benchmark.

A stage timed inside another is subtracted from the outer one (validation reads the YAML
files: their reading counts as `load`, not `validate`), so the stages of a build add up to
the time they cover, and none is counted twice.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator


class StageTimer:
    """Seconds spent in each named stage, summed over every time the stage ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._running: list[str] = []  # the stages entered and not left, innermost last
        self._since = 0.0  # when the innermost running stage last started counting

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[Callable[[], None]]:
        """Time the block as `name`. Calling what it yields makes the block's time (since it
        last started counting) count for the enclosing stage instead: for a block that turns
        out not to be what it was timed as (a wait for a PDF that was in the cache)."""
        now = time.perf_counter()
        if self._running:  # the outer stage stops counting while this one runs
            self._add(self._running[-1], now - self._since)
        self._running.append(name)
        self._since = now
        enclosing = False

        def count_for_enclosing() -> None:
            nonlocal enclosing
            enclosing = True

        try:
            yield count_for_enclosing
        finally:
            now = time.perf_counter()
            self._running.pop()
            if not enclosing:
                self._add(name, now - self._since)
            elif self._running:
                self._add(self._running[-1], now - self._since)
            self._since = now

    def _add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
