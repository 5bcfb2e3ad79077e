"""Benchmark: how long `handbook build` takes when nothing changed, beside a bare interpreter.

    python bench/startup.py [RUNS]

Builds the demo once into a temporary folder, then runs, each RUNS times in a child process
the way a user does, one after the other in turn (so that a shared machine's load weighs on
each alike): `python -c pass`, `handbook --help`, and `handbook build` with nothing
changed (the `handbook` script installed beside this Python, as a user types it, and
`python -m generator`, which also loads runpy). Prints the median wall-clock and CPU time
(user + system: what other processes on a shared machine inflate less). Target: the
nothing-changed build in at most 0.1 s.

The children keep their compiled bytecode, as an installed package does (pip compiles it):
a PYTHONDONTWRITEBYTECODE in the environment would have every run compile our modules again.
The last row shows that cost: the same build with every module compiled from source.
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


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one child process."""
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        child = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=sink, env=env)
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    python = sys.executable
    script = Path(python).with_name("handbook")
    handbook = [str(script)] if script.is_file() else [python, "-m", "generator"]
    with tempfile.TemporaryDirectory() as scratch:
        here = Path(scratch)
        # Bytecode cached in the scratch folder: this clone's __pycache__ is left alone.
        cached = {key: value for key, value in os.environ.items()
                  if key != "PYTHONDONTWRITEBYTECODE"}
        cached |= {"PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(here / "bytecode")}
        compiled = {**cached, "PYTHONDONTWRITEBYTECODE": "1"}
        compiled.pop("PYTHONPYCACHEPREFIX")
        demo = str(REPO / "charters" / "demo")
        build = ["build", demo, "-o", "site"]
        started = time.perf_counter()
        measure([*handbook, *build], here, cached)
        measure([python, "-m", "generator", *build], here, cached)  # runpy's bytecode too
        print(f"demo built in {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}\n")
        print("| command | median wall-clock s | median CPU s | within 0.1 s |")
        print("| --- | ---: | ---: | --- |")
        name = "handbook" if script.is_file() else "python -m generator"
        rows = (("python -c pass", [python, "-c", "pass"], cached),
                (f"{name} --help", [*handbook, "--help"], cached),
                (f"{name} build (nothing changed)", [*handbook, *build], cached),
                ("python -m generator build (nothing changed)",
                 [python, "-m", "generator", *build], cached),
                (f"{name} build (nothing changed), no bytecode kept",
                 [*handbook, *build], compiled))
        # Round-robin: on a shared machine, every row sees the same load.
        times: list[list[tuple[float, float]]] = [[] for _ in rows]
        for _ in range(runs):
            for row, (_, command, env) in zip(times, rows, strict=True):
                row.append(measure(command, here, env))
        for (label, _, _), row in zip(rows, times, strict=True):
            wall = statistics.median(seconds for seconds, _ in row)
            cpu = statistics.median(cpu for _, cpu in row)
            ok = "yes" if wall <= TARGET_SECONDS else "NO"
            print(f"| {label} | {wall:.3f} | {cpu:.3f} | {ok} |")
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
