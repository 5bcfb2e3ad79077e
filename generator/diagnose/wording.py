"""What the diagnostic reads in the programme's words: wordings of obligation, and examples
so alike that ambassadors would post the same text (the parrot effect)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

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
    """An idea's example as words, with its pairs of consecutive words (to find look-alikes)."""

    kit_id: str
    idea: int
    lang: str | None  # None: the same text in every language
    words: tuple[str, ...]
    pairs: frozenset[tuple[str, ...]]  # consecutive words, to find candidates fast


def example(kit_id: str, idea: int, lang: str | None, text: str) -> Example:
    words = tuple(re.findall(r"\w+", text.lower()))
    pairs = frozenset(pairwise(words) if len(words) > 1 else (words,))
    return Example(kit_id, idea, lang, words, pairs)


def candidates(example: Example, earlier: list[Example],
                with_pair: dict[tuple[str, ...], list[int]]) -> Iterator[Example]:
    shared = Counter(i for pair in example.pairs for i in with_pair.get(pair, ()))
    # The overlap below is at most count / (len(example.pairs) - count): most examples that
    # share a pair or two with this one are ruled out before anything else is looked at.
    least = PARROT_CANDIDATE_OVERLAP * len(example.pairs) / (1 + PARROT_CANDIDATE_OVERLAP)
    for i, count in sorted(item for item in shared.items() if item[1] >= least):
        other = earlier[i]
        comparable = None in (example.lang, other.lang) or example.lang == other.lang
        overlap = count / (len(example.pairs) + len(other.pairs) - count)
        if comparable and overlap >= PARROT_CANDIDATE_OVERLAP:
            yield other


def same_text(a: Example, b: Example) -> bool:
    matcher = difflib.SequenceMatcher(None, a.words, b.words, autojunk=False)
    return matcher.ratio() >= PARROT_SIMILARITY
