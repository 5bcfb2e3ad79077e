"""How long a hostile charter.yml takes to be refused, per case, in a table.

    python bench/hostile_yaml.py

Each case of tests/test_hostile.py (alias bomb, 500 nested brackets, 50 MB file, NUL byte,
Latin-1, tab indent, empty file) replaces the charter of a copy of the minimal folder; the
time is that of `load_handbook` (load + validate), best of 5 runs. The target: under a second.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.core.errors import InputError
from generator.inputs.handbook import load_handbook
from tests.conftest import MINIMAL
from tests.test_hostile import HOSTILE_YAML

TARGET_SECONDS = 1.0


def main() -> None:
    org = Path(tempfile.mkdtemp(prefix="handbook-hostile-")) / "org"
    shutil.copytree(MINIMAL, org)
    print(f"{'case':22}  {'bytes':>10}  {'seconds':>8}  {'errors':>6}  under {TARGET_SECONDS:g} s")
    for case, (make, _) in HOSTILE_YAML.items():
        data = make()
        (org / "charter.yml").write_bytes(data)
        timings, errors = [], 0
        for _ in range(5):
            started = time.perf_counter()
            try:
                load_handbook(org, "org")
            except InputError as exc:
                errors = len(exc.diagnostics)
            timings.append(time.perf_counter() - started)
        best = min(timings)
        print(f"{case:22}  {len(data):>10}  {best:>8.3f}  {errors:>6}  "
              f"{'yes' if best < TARGET_SECONDS else 'NO'}")
    shutil.rmtree(org.parent)


if __name__ == "__main__":
    main()
