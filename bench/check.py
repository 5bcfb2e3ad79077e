"""How long `handbook check` takes as the number of kits grows (the parrot-effect rule compares
examples with one another). Run from the repository root: python bench/check.py

Each programme is the demo plus generated kits of three ideas whose examples are 45 words
drawn from the demo's own examples: distinct texts sharing one vocabulary, the worst case for
the candidate search.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.diagnose.check import diagnose
from generator.inputs.handbook import load_handbook

DEMO = Path(__file__).resolve().parent.parent / "charters" / "demo"


def programme(folder: Path, extra_kits: int, words: list[str]) -> Path:
    org = folder / f"org-{extra_kits}"
    shutil.copytree(DEMO, org)
    rng = random.Random(extra_kits)
    for n in range(extra_kits):
        ideas = "".join(
            f"  - angle: idée {n}-{j}\n    prompts: [Pourquoi ?]\n"
            f"    example: \"{' '.join(rng.sample(words, 45))}\"\n" for j in range(3))
        (org / "kits" / f"generated-{n}.yml").write_text(
            f"title: Kit {n}\ntrack: employee\npersonas: [supporter]\npillar: culture\n"
            f"format: post\nideas:\n{ideas}", encoding="utf-8")
    return org


def main() -> None:
    demo, _ = load_handbook(DEMO)
    words = [word.replace('"', "") for _, kit in demo.kits for idea in kit.ideas
             for word in idea.example.get("fr").split()]
    print("| kits | ideas | load + validate (s) | diagnose (s) | findings |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for extra in (0, 50, 200, 500):
            org = programme(Path(folder), extra, words)
            started = time.perf_counter()
            handbook, _ = load_handbook(org)
            loaded = time.perf_counter()
            findings = diagnose(handbook)
            done = time.perf_counter()
            ideas = sum(len(kit.ideas) for _, kit in handbook.kits)
            print(f"| {len(handbook.kits)} | {ideas} | {loaded - started:.2f} | "
                  f"{done - loaded:.3f} | {len(findings)} |")


if __name__ == "__main__":
    main()
