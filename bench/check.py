"""How long the programme diagnostic takes (`diagnose`, the build's `check` stage; its
parrot-effect rule compares every idea's example with the earlier ones) as kits are added.

    python bench/check.py [--kits 9,100,1000]

For each size, a synthetic organisation (bench/synthetic.py: two languages, examples of 90
words drawn from the demo's, so that no two are alike but their pairs of words recur, and the
search does all its work; 9 kits: the demo), then the same organisation with look-alikes: one example in six
replaced by a copy of an earlier one (any language), edited by 0 to 30 words, or cut to its
first word or three. Each is loaded in a child process of its own, as a build does, then
diagnosed three times: the first call pays for the garbage collector's first pass over the
handbook just loaded (so does a build's check stage), the best of three is the diagnostic's
own time. Run from the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import DEMO_KITS, write_organisation

# An example in both languages, as synthetic.py writes it.
EXAMPLE = re.compile(r'(    example:\n      fr: ")([^"]*)("\n      en: ")([^"]*)(")')


def add_lookalikes(folder: Path, seed: int = 22) -> None:
    """Replaces one generated example in six by an edited copy of an earlier one."""
    rng = random.Random(seed)
    said: list[str] = []

    def replace(match: re.Match[str]) -> str:
        texts = [match.group(2), match.group(4)]
        for n, text in enumerate(texts):
            roll = rng.random()
            if said and roll < 0.15:
                words = rng.choice(said).split()
                for _ in range(rng.choice((0, 1, 3, 8, 15, 30))):
                    words.insert(rng.randrange(len(words)), rng.choice(words))
                texts[n] = " ".join(words)
            elif roll < 0.18:
                texts[n] = " ".join(text.split()[:rng.choice((1, 3))])
        said.extend(texts)
        return f"{match.group(1)}{texts[0]}{match.group(3)}{texts[1]}{match.group(5)}"

    for path in sorted((folder / "kits").glob("generated-*.yml")):
        path.write_text(EXAMPLE.sub(replace, path.read_text(encoding="utf-8")),
                        encoding="utf-8")


def measure(folder: Path) -> dict:
    """In this process: load the organisation, diagnose it three times."""
    from generator.diagnose.check import diagnose
    from generator.inputs.handbook import load_handbook

    handbook, _ = load_handbook(folder)
    seconds = []
    for _ in range(3):
        started = time.perf_counter()
        findings = diagnose(handbook)
        seconds.append(time.perf_counter() - started)
    examples = sum(len(idea.example.by_language) if idea.example.common is None else 1
                   for _, kit in handbook.kits for idea in kit.ideas if idea.example)
    return {"kits": len(handbook.kits), "examples": examples, "first": seconds[0],
            "best": min(seconds), "findings": len(findings),
            "parrots": sum(f.code == "pitfall/parrot-examples" for f in findings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kits", default="9,100,1000")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}\n")
    print("| kits | examples | look-alikes | diagnose, first call (s) | best of 3 (s) "
          "| findings | parrot effect |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for kits in map(int, args.kits.split(",")):
            folder = write_organisation(Path(tmp) / f"org-{kits}", kits)
            for lookalikes in (False, True) if kits > DEMO_KITS else (False,):
                if lookalikes:
                    add_lookalikes(folder)
                child = subprocess.run([sys.executable, __file__, "--child", str(folder)],
                                       capture_output=True, text=True, check=True)
                row = json.loads(child.stdout)
                print(f"| {row['kits']} | {row['examples']} | {'yes' if lookalikes else 'no'} "
                      f"| {row['first']:.3f} | {row['best']:.3f} | {row['findings']} "
                      f"| {row['parrots']} |", flush=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
