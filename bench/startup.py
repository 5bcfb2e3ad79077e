"""Benchmark: how long `handbook build` takes when nothing changed, beside a bare interpreter.

    python bench/startup.py [RUNS]

Builds the demo once into a temporary folder, then runs, each RUNS times in a child process
the way a user does: `python -c pass`, `handbook --help`, and `handbook build` with nothing
changed. Prints the median wall-clock and CPU time (user + system: what other processes on
a shared machine inflate less). Target: the nothing-changed build in at most 0.1 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.1


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one child process."""
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        child = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=sink,
                                 env={**os.environ, "PYTHONPATH": str(REPO)})
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    python = sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        here = Path(scratch)
        demo = str(REPO / "charters" / "demo")
        build = [python, "-m", "generator", "build", demo, "-o", "site"]
        started = time.perf_counter()
        measure(build, here)
        print(f"demo built in {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}\n")
        print("| command | median wall-clock s | median CPU s | within 0.1 s |")
        print("| --- | ---: | ---: | --- |")
        for name, command in (("python -c pass", [python, "-c", "pass"]),
                              ("handbook --help", [python, "-m", "generator", "--help"]),
                              ("handbook build (nothing changed)", build)):
            times = [measure(command, here) for _ in range(runs)]
            wall = statistics.median(seconds for seconds, _ in times)
            cpu = statistics.median(cpu for _, cpu in times)
            ok = "yes" if wall <= TARGET_SECONDS else "NO"
            print(f"| {name} | {wall:.3f} | {cpu:.3f} | {ok} |")


if __name__ == "__main__":
    main()
