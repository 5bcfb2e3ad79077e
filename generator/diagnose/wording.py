"""What the diagnostic reads in the programme's words: wordings of obligation, and examples
so alike that ambassadors would post the same text (the parrot effect)."""

from __future__ import annotations

import difflib
import functools
import itertools
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# Two examples whose words match at least this much (0..1, in order) are the same text;
# only examples sharing this share of their pairs of consecutive words are compared.
PARROT_SIMILARITY = 0.85
PARROT_CANDIDATE_OVERLAP = 0.3


# Words that make taking part sound compulsory or counted, in French and English.
OBLIGATION = re.compile(
    r"\b(?:mandatory|compulsory|obligatory|obligatoires?|obligation|quotas?"
    r"|(?:required to|must|have to|has to)\s+(?:post|publish|share|take part|participate)"
    r"|(?:doit|doivent|devez|tenue?s? de)\s+(?:publier|poster|partager|participer)"
    r"|(?:at least|a minimum of|au moins|au minimum|minimum de)\s+\d+\s+"
    r"(?:posts?|publications?|shares?|partages?))\b",
    re.IGNORECASE,
)
NEGATIONS = {"no", "not", "never", "without", "non", "sans", "jamais", "pas", "aucun",
             "aucune", "ni", "nullement"}


def obligation(text: str) -> str | None:
    """The first wording of obligation in `text` that is not negated ("sans obligation")."""
    for match in OBLIGATION.finditer(text):
        before = re.findall(r"\w+", text[:match.start()].lower())[-3:]
        if not NEGATIONS.intersection(before):
            return match.group(0)
    return None


@dataclass(frozen=True)
class Example:
    """An idea's example (its pairs of consecutive words find its look-alikes)."""

    kit_id: str
    idea: int
    lang: str | None  # None: the same text in every language
    text: str

    @functools.cached_property
    def words(self) -> tuple[str, ...]:
        # Only when compared: a text seen in an earlier build is not read again (alike.py).
        return tuple(_WORD.findall(self.text.lower()))


def example(kit_id: str, idea: int, lang: str | None, text: str) -> Example:
    return Example(kit_id, idea, lang, text)


_WORD = re.compile(r"\w+")


def comparable(a: Example, b: Example) -> bool:
    """Whether a reader could see both: the same language, or one of them in every language."""
    return None in (a.lang, b.lang) or a.lang == b.lang


@functools.cache
def least_shared(size: int) -> int:
    """The fewest pairs an example of `size` pairs shares with one it overlaps enough.

    The overlap is at most shared / size (their union has at least `size` pairs) and a float
    division rounds monotonically: the bound holds for the very comparison the search makes.
    """
    shared = math.ceil(PARROT_CANDIDATE_OVERLAP * size)
    while shared > 0 and (shared - 1) / size >= PARROT_CANDIDATE_OVERLAP:
        shared -= 1
    while shared <= size and shared / size < PARROT_CANDIDATE_OVERLAP:
        shared += 1
    return shared


def _pairs(examples: Sequence[Example]) -> list[list[int]]:
    """Each example's pairs of consecutive words, each pair as one number.

    A pair's number is its first word's number times `base` plus its second word's (words
    numbered apart as firsts and as seconds: one pass over the words). Numbers hash faster than
    tuples of words, and the garbage collector ignores them. A text of one word, or none, is
    its own pair, numbered as no two words can be.
    """
    base = sum(len(one.words) for one in examples) + 1  # more than there are words
    firsts = defaultdict(itertools.count(0, base).__next__)
    seconds = defaultdict(itertools.count().__next__)
    return [list(map(operator.add, map(firsts.__getitem__, one.words),
                     map(seconds.__getitem__, one.words[1:])))
            if len(one.words) > 1 else [firsts[one.words[0]] + base - 1 if one.words else -1]
            for one in examples]


class Lookalikes:
    """Examples, each searched among those added before it for the ones sharing enough of its
    pairs (Jaccard's index of their sets of pairs at least PARROT_CANDIDATE_OVERLAP).

    Comparing every example with every other costs too much for hundreds of kits, and so does
    an index of every pair: "de la" or "in the" are in most examples. With all pairs in one
    order, the rarest first, two examples that share `least_shared` pairs share one of the
    first `size - least_shared + 1` pairs of each (prefix filtering: exact for this overlap
    whatever the order; the rarest first keeps the lists short). A pair used only once is the
    rarest of all and matches nothing: it takes a place in that prefix but is neither indexed
    nor looked up, and the overlap itself is counted on the other pairs, numbered by rank.
    """

    def __init__(self, examples: Sequence[Example]) -> None:
        """`examples`: every example there will be (their pairs are ranked by rarity)."""
        self._examples = examples
        uses = _pairs(examples)
        # Uses, not examples: a pair said twice in one example is only ranked as less rare than
        # it is, and counting every pair in C is what keeps this fast.
        count = Counter(itertools.chain.from_iterable(uses))
        repeated = list(itertools.compress(count, map((1).__lt__, count.values())))
        repeated.sort(key=count.__getitem__)  # the rarest first; ties as first met
        rank = dict(zip(repeated, range(1, len(repeated) + 1)))  # no rank: used once
        self._sizes: list[int] = []
        self._ranked: list[frozenset[int]] = []  # its pairs used more than once, by rank
        self._prefixes: list[list[int]] = []
        for pairs in uses:
            ranked = list(filter(None, map(rank.get, pairs)))
            distinct = frozenset(ranked)
            # Only a pair used more than once can be said twice here, and those all have a rank.
            size = len(pairs) - (len(ranked) - len(distinct))
            # The prefix's pairs used once come first: what is left of it, if anything.
            length = size - least_shared(size) + 1 - (size - len(distinct))
            self._sizes.append(size)
            self._ranked.append(distinct)
            self._prefixes.append(sorted(distinct)[:length] if length > 0 else [])
        self._with_rank: dict[int, list[int]] = defaultdict(list)

    def candidates(self, position: int) -> Iterator[int]:
        """The positions of the examples added so far that overlap the one at `position` enough
        to be compared in full, in order."""
        one, ranked, size = self._examples[position], self._ranked[position], self._sizes[position]
        found = {i for rank in self._prefixes[position] for i in self._with_rank.get(rank, ())}
        for i in sorted(found):
            other = self._examples[i]
            shared = len(ranked & self._ranked[i])
            if (comparable(one, other)
                    and shared / (size + self._sizes[i] - shared) >= PARROT_CANDIDATE_OVERLAP):
                yield i

    def add(self, position: int) -> None:
        """Makes the example at `position` a candidate for the ones searched from now on."""
        for rank in self._prefixes[position]:
            self._with_rank[rank].append(position)


def same_text(a: Example, b: Example) -> bool:
    """Whether the words of `a` and `b` match at least PARROT_SIMILARITY, one way round or
    the other: difflib's ratio depends on the order ("a b d a d a" against "a b d d a d d a":
    0.86 one way, 0.71 the other), and which example comes first changes with the kits."""
    return any(difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() >= PARROT_SIMILARITY
               for x, y in ((a.words, b.words), (b.words, a.words)))
