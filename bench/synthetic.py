"""Synthetic organisations for benchmarks: the demo, grown to any number of kits.

    python bench/synthetic.py KITS OUTPUT [--languages fr|fr,en] [--entities N]

An organisation is a copy of the demo (charters/demo: its charter, history, people, training
modules and KPI export) whose `kits/` holds KITS kits: the demo's nine, then generated ones
shaped like them (three ideas each, with prompts, openers and an example in every language,
about 6 KB of YAML). The examples are word salads drawn from the demo's own examples, so no
two are alike and the programme diagnostic's parrot-effect search does its full work.
Same arguments, same bytes.

With several entities (the organisations of a group), KITS is the group's total: each entity
is an organisation of its own, `OUTPUT/entity-NN/`, with its share of the kits.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "charters" / "demo"
DEMO_KITS = len(list((DEMO / "kits").glob("*.yml")))

TRACKS = ("employee", "experts", "leaders")
PERSONAS = ("expert", "manager", "salesperson", "reporter", "supporter")
PILLARS = ("business", "employer_brand", "reputation", "culture")
FORMATS = ("post", "carousel", "thread", "video", "article")


def write_organisation(folder: Path, kits: int, languages: tuple[str, ...] = ("fr", "en"),
                       seed: int = 0) -> Path:
    """A copy of the demo at `folder` with `kits` kits (at least the demo's own) in
    `languages`; returns `folder`."""
    if kits < DEMO_KITS:
        raise ValueError(f"an organisation here has at least the demo's {DEMO_KITS} kits")
    shutil.copytree(DEMO, folder)
    settings = folder / "handbook.yml"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^languages: .*$", f"languages: [{', '.join(languages)}]", text)
    settings.write_text(text, encoding="utf-8")
    rng = random.Random(seed)
    words = _vocabulary()
    for number in range(kits - DEMO_KITS):
        (folder / "kits" / f"generated-{number:04d}.yml").write_text(
            _kit(number, rng, words), encoding="utf-8")
    return folder


def write_group(folder: Path, kits: int, entities: int,
                languages: tuple[str, ...] = ("fr", "en")) -> list[Path]:
    """`entities` organisations under `folder`, sharing `kits` kits between them."""
    folder.mkdir(parents=True, exist_ok=True)
    shares = [kits // entities + (1 if n < kits % entities else 0) for n in range(entities)]
    return [write_organisation(folder / f"entity-{n + 1:02d}", max(share, DEMO_KITS),
                               languages, seed=n)
            for n, share in enumerate(shares)]


def _vocabulary() -> dict[str, list[str]]:
    """The words of the demo's examples, per language."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in (DEMO / "kits").glob("*.yml"))
    words = [w for w in re.findall(r"[^\W\d_]{4,}", text) if w.lower() == w]
    return {"fr": words, "en": words}


def _kit(number: int, rng: random.Random, words: dict[str, list[str]]) -> str:
    def text(count: int, indent: str) -> str:
        return "\n".join(
            f"{indent}{lang}: \"{' '.join(rng.sample(words[lang], count)).capitalize()}\""
            for lang in ("fr", "en"))

    ideas = []
    for idea in range(3):
        prompts = "\n".join(f"      -\n{text(10, '        ')}" for _ in range(3))
        openers = "\n".join(f"      -\n{text(12, '        ')}" for _ in range(2))
        ideas.append(f"  - angle:\n{text(14, '      ')}\n    prompts:\n{prompts}\n"
                     f"    openers:\n{openers}\n    example:\n{text(90, '      ')}\n")
    track = TRACKS[number % len(TRACKS)]
    return (
        f"title:\n  fr: Kit d'idées numéro {number}\n  en: Post-idea kit number {number}\n"
        f"track: {track}\n"
        f"personas: [{PERSONAS[number % len(PERSONAS)]}]\n"
        f"pillar: {PILLARS[number % len(PILLARS)]}\n"
        f"format: {FORMATS[number % len(FORMATS)]}\n"
        f"ideas:\n{''.join(ideas)}"
        f"do:\n{text(12, '  - ').replace(chr(10) + '  - en', chr(10) + '    en')}\n"
        f"avoid:\n{text(12, '  - ').replace(chr(10) + '  - en', chr(10) + '    en')}\n"
        f"hashtags: [kit{number}]\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kits", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--languages", default="fr,en", choices=["fr", "fr,en"])
    parser.add_argument("--entities", type=int, default=1)
    args = parser.parse_args()
    languages = tuple(args.languages.split(","))
    if args.entities == 1:
        write_organisation(args.output, args.kits, languages)
    else:
        write_group(args.output, args.kits, args.entities, languages)


if __name__ == "__main__":
    main()
