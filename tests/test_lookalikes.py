"""The parrot-effect search (diagnose.wording.Lookalikes) against the plain definition: every
earlier example compared in full, on generated examples where look-alikes, overlaps on either
side of the threshold, one-word examples and texts copied across languages all occur."""

from __future__ import annotations

import math
import random
from itertools import pairwise

import pytest

from generator.diagnose.wording import (
    PARROT_CANDIDATE_OVERLAP,
    Example,
    Lookalikes,
    comparable,
    example,
    least_shared,
    same_text,
)

# Few words, so that pairs recur between unrelated examples (the lists the search must keep
# short), and some accents and apostrophes for the tokenizer.
WORDS = {
    "fr": [
        "le", "la", "de", "des", "un", "une", "chantier", "équipe", "client", "projet", "était",
        "j'ai", "vu", "notre", "premier", "jour", "mois", "bâtiment", "énergie", "économie",
        "toit", "panneaux"
    ],
    "en": [
        "the", "a", "of", "to", "our", "team", "site", "client", "project", "was", "i", "saw",
        "first", "day", "month", "building", "energy", "savings", "roof", "panels", "we"
    ],
}


def _pair_set(one: Example) -> frozenset[tuple[str, ...]]:
    # The definition the diagnostic had before the search was indexed, kept here as the reference.
    return frozenset(pairwise(one.words) if len(one.words) > 1 else (one.words,))


def overlaps(examples: list[Example]) -> list[list[float]]:
    """For each example, its overlap with every earlier one, in order."""
    sets = [_pair_set(one) for one in examples]
    return [[len(a & b) / (len(a) + len(b) - len(a & b)) for b in sets[:i]]
            for i, a in enumerate(sets)]


def _edited(rng: random.Random, words: list[str], edits: int, vocabulary: list[str]) -> list[str]:
    words = list(words)
    for _ in range(edits):
        at = rng.randrange(len(words) + 1)
        kind = rng.random()
        if kind < 0.4 and at < len(words):
            words[at] = rng.choice(words)
        elif kind < 0.7 or len(words) < 2:
            words.insert(at, rng.choice(words or vocabulary))
        else:
            del words[min(at, len(words) - 1)]
    return words


def _near_threshold(rng: random.Random, words: list[str], serial: int) -> list[str]:
    """A text sharing with `words` a run of them, as long as the threshold asks, give or take."""
    size = len(words) - 1
    # Equal sizes: the overlap is shared / (2 * size - shared).
    needed = math.ceil(2 * size * PARROT_CANDIDATE_OVERLAP / (1 + PARROT_CANDIDATE_OVERLAP))
    shared = min(size, max(0, needed + rng.choice((-2, -1, 0, 0, 1, 2))))
    start = rng.randrange(size - shared + 1)
    # Words of its own elsewhere, so that no other pair matches by chance.
    own = [f"mot{serial}x{i}" for i in range(len(words) - shared - 1)]
    cut = rng.randrange(len(own) + 1)
    return own[:cut] + words[start:start + shared + 1] + own[cut:]


def generated_ideas(seed: int, count: int) -> list[list[Example]]:
    """`count` ideas, each with one example in every language or one per language."""
    rng = random.Random(seed)
    said: list[list[str]] = []
    ideas = []
    for serial in range(count):
        langs: tuple[str | None, ...] = rng.choice(((None,), ("fr", "en"), ("fr", "en")))
        group = []
        for lang in langs:
            vocabulary = WORDS[lang or rng.choice(("fr", "en"))]
            roll = rng.random()
            if said and roll < 0.35:  # a look-alike of any earlier text, in any language
                words = _edited(rng, rng.choice(said), rng.choice((0, 1, 2, 4, 8, 16)), vocabulary)
            elif said and roll < 0.55:
                words = _near_threshold(rng, rng.choice([s for s in said if len(s) > 2]
                                                        or [["a", "b", "c"]]), serial)
            elif roll < 0.65:  # one word, or none
                words = rng.choice(([rng.choice(vocabulary[:4])], []))
            elif roll < 0.7:  # a pair said again and again
                words = rng.sample(vocabulary, 2) * rng.randint(2, 5)
            else:
                words = rng.choices(vocabulary, k=rng.randint(2, 40))
            said.append(words)
            text = " ".join(words) if words else "… !"
            group.append(example(f"kit-{serial}", 0, lang, text.replace(" ", rng.choice(
                (" ", " ", ", ", " — ")))))
        ideas.append(group)
    return ideas


def reference_candidates(ideas: list[list[Example]]) -> list[list[Example]]:
    """For each example, every example of an earlier idea that overlaps it enough."""
    examples = [one for group in ideas for one in group]
    with_earlier = overlaps(examples)
    found = []
    position = 0
    for group in ideas:
        for one, overlap in zip(group, with_earlier[position:]):
            found.append([other for other, o in zip(examples[:position], overlap)
                          if comparable(one, other) and o >= PARROT_CANDIDATE_OVERLAP])
        position += len(group)
    return found


def searched_candidates(ideas: list[list[Example]]) -> list[list[Example]]:
    examples = [one for group in ideas for one in group]
    lookalikes = Lookalikes(examples)
    found = []
    position = 0
    for group in ideas:
        positions = range(position, position + len(group))
        found += [[examples[i] for i in lookalikes.candidates(p)] for p in positions]
        for p in positions:
            lookalikes.add(p)
        position += len(group)
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_search_finds_exactly_what_comparing_every_earlier_example_finds(seed):
    ideas = generated_ideas(seed, 300)
    expected = reference_candidates(ideas)
    assert searched_candidates(ideas) == expected  # the same examples, in the same order

    # The data exercises what could go wrong: overlaps just above and just below the
    # threshold, one-word look-alikes, texts alike in two languages (not compared).
    examples = [one for group in ideas for one in group]
    pairs = [(a, b, o) for a, overlap in zip(examples, overlaps(examples))
             for b, o in zip(examples, overlap)]
    t = PARROT_CANDIDATE_OVERLAP
    assert sum(t <= o < t + 0.03 for _, _, o in pairs) >= 20
    assert sum(t - 0.03 <= o < t for _, _, o in pairs) >= 20
    assert any(o == t for _, _, o in pairs)  # 3 pairs of 10: the float comparison itself
    assert any(len(one.words) == 1 and found for one, found in zip(examples, expected))
    assert any(len(one.words) == 0 and found for one, found in zip(examples, expected))
    assert sum(not comparable(a, b) and o >= t for a, b, o in pairs) >= 20
    assert sum(map(len, expected)) >= 300


def test_the_first_twin_is_the_earliest_same_text():
    # What the diagnostic reports: the first earlier example, in order, that is the same text.
    ideas = generated_ideas(4, 300)
    examples = [one for group in ideas for one in group]
    expected = [next((o for o in found if same_text(one, o)), None)
                for one, found in zip(examples, reference_candidates(ideas))]
    searched = [next((o for o in found if same_text(one, o)), None)
                for one, found in zip(examples, searched_candidates(ideas))]
    assert [id(o) for o in searched] == [id(o) for o in expected]
    twins = [o for o in expected if o is not None]
    assert len(twins) >= 50
    assert len({id(o) for o in twins}) < len(twins)  # some examples are copied more than once


def test_least_shared_is_what_the_overlap_needs():
    t = PARROT_CANDIDATE_OVERLAP
    for size in range(1, 150):
        least = least_shared(size)
        assert least / size >= t > (least - 1) / size
        # No other example, of any size, reaches the threshold with fewer shared pairs.
        for other in range(1, 150):
            assert all(shared / (size + other - shared) < t
                       for shared in range(min(least, other + 1)))
