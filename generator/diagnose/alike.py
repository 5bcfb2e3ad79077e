"""Which ideas' examples read as the same text (the parrot effect), remembered by text from one
build to the next.

Whether two examples read alike depends on their two texts and languages only. Finding every
such pair among thousands of examples takes wording.Lookalikes' search over all of them (about
a second at a thousand kits, most of it reading every text's words); so a build keeps, for
each text, the texts it reads alike and its pairs of words, and the next build compares only
the texts it has not seen with all the others (0.1 s when one kit changed). A text is known
by a hash of its language and its text.

The kept file is signed (core/signed.py) and only says which texts the diagnostic calls the
same: a planted file would be ignored, a file of an older tool too (its kind names this code).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import struct
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.signed import read_signed, write_signed
from .wording import (
    PARROT_CANDIDATE_OVERLAP,
    Example,
    Lookalikes,
    comparable,
    least_shared,
    same_text,
)

# Past this share of texts not seen before, the search over every text is the quicker: at a
# thousand kits (6,000 texts), 100 new texts compared one by one took 0.13 s, 400 took 0.6 s,
# and the whole search 1.1 s.
NEW_SHARE_SEARCHED_IN_FULL = 0.1


@dataclass(frozen=True)
class _Text:
    pairs: bytes  # its pairs of consecutive words, each as 8 bytes (_pair_numbers)
    alike: frozenset[str]  # the keys of the texts it reads alike


class AlikeTexts:
    """The texts that read alike, kept from one search to the next: in memory (the preview)
    or, with `path`, in a signed file (builds)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._known = _read(path) if path is not None else {}
        self._changed = False

    def alike(self, examples: Sequence[Example]) -> list[tuple[int, ...]]:
        """For each example, the positions of the others that read as the same text, in order:
        comparable (wording.comparable), sharing enough pairs of words, and same_text; or with
        the same language and text."""
        keys = [_key(one) for one in examples]
        first: dict[str, int] = {}
        for position, key in enumerate(keys):
            first.setdefault(key, position)
        texts = {key: self._known[key] for key in first if key in self._known}
        new = [key for key in first if key not in texts]
        if len(new) > NEW_SHARE_SEARCHED_IN_FULL * len(first):
            texts = _search_all(examples, first)
        elif new or len(texts) < len(self._known):  # new texts, or texts gone
            texts = _search_new(examples, first, texts, new)
        self._changed |= texts.keys() != self._known.keys()
        self._known = texts
        positions: dict[str, list[int]] = defaultdict(list)
        for position, key in enumerate(keys):
            positions[key].append(position)
        return [tuple(sorted(other for alike in (key, *texts[key].alike)
                             for other in positions[alike] if other != position))
                if len(positions[key]) > 1 or texts[key].alike else ()
                for position, key in enumerate(keys)]

    def save(self) -> None:
        """Into the file, if the texts changed since it was read (a no-op in memory)."""
        if self._path is not None and self._changed:
            # Every text's pairs in one run of bytes: encoded and decoded in one call, not
            # one per text (a thousand kits have 6,000 texts).
            texts = self._known.values()
            write_signed(self._path, _kind(), {
                "texts": list(self._known),
                "sizes": [len(text.pairs) // 8 for text in texts],
                "pairs": base64.b64encode(b"".join(text.pairs for text in texts)).decode(),
                "alike": {key: sorted(text.alike)
                          for key, text in self._known.items() if text.alike}})


def _search_all(examples: Sequence[Example], first: dict[str, int]) -> dict[str, _Text]:
    """Every text against every other, through the index of wording.Lookalikes."""
    keys = list(first)
    texts = [examples[position] for position in first.values()]
    lookalikes = Lookalikes(texts)
    alike: dict[str, set[str]] = {key: set() for key in keys}
    for position, one in enumerate(texts):
        for other in lookalikes.candidates(position):
            if same_text(one, texts[other]):
                alike[keys[position]].add(keys[other])
                alike[keys[other]].add(keys[position])
        lookalikes.add(position)
    return {key: _Text(_pair_numbers(one), frozenset(alike[key]))
            for key, one in zip(keys, texts, strict=True)}


def _search_new(examples: Sequence[Example], first: dict[str, int], known: dict[str, _Text],
                new: list[str]) -> dict[str, _Text]:
    """The `new` texts each against every other; the `known` ones keep what they were
    found alike to, among the texts still there."""
    pairs = {key: _pair_numbers(examples[first[key]]) for key in new}
    pairs.update((key, text.pairs) for key, text in known.items())
    alike = {key: {other for other in text.alike if other in first}
             for key, text in known.items()}
    alike.update((key, set()) for key in new)
    sets = {key: frozenset(_unpacked(pairs[key])) for key in new}
    said_by_new = frozenset().union(*sets.values())
    order = {key: index for index, key in enumerate(new)}
    for key, position in first.items() if new else ():
        own = _unpacked(pairs[key])  # distinct pairs
        # A text shares at least least_shared(its size) pairs with any text it overlaps
        # enough: most texts share too few with all the new ones together to be compared.
        if len(said_by_new.intersection(own)) < least_shared(len(own)):
            continue
        own_set = frozenset(own)
        for other in new:
            if key == other or order.get(key, -1) > order[other]:
                continue  # itself, or two new texts compared already (each pair once)
            shared = len(own_set & sets[other])
            one, two = examples[position], examples[first[other]]
            if (comparable(one, two)
                    and shared / (len(own_set) + len(sets[other]) - shared)
                    >= PARROT_CANDIDATE_OVERLAP
                    and same_text(one, two)):
                alike[key].add(other)
                alike[other].add(key)
    return {key: _Text(pairs[key], frozenset(alike[key])) for key in first}


def _key(one: Example) -> str:
    lang = "*" if one.lang is None else one.lang  # no language code is "*"
    return hashlib.sha256(f"{lang}\0{one.text}".encode()).hexdigest()[:32]


def _pair_numbers(one: Example) -> bytes:
    """Its pairs of consecutive words as 8-byte numbers, each pair once, in order of the
    numbers; a text of one word is its own pair, and a text of none the pair of nothing
    (wording._pairs does the same with numbers valid in one search only)."""
    words = list(map(_word_number, one.words))
    if len(words) > 1:
        # An odd factor mixes the first word in without losing any of it (mod 2**64).
        said = {(a * _MIX ^ b) & _MASK for a, b in itertools.pairwise(words)}
    else:
        said = {(words[0] * _MIX ^ _NO_WORD) & _MASK if words else _NO_WORD}
    return struct.pack(f"<{len(said)}Q", *sorted(said))


_MIX = 0x9E3779B97F4A7C15
_MASK = 2 ** 64 - 1
_NO_WORD = _MASK


@functools.lru_cache(maxsize=1 << 16)
def _word_number(word: str) -> int:
    # The same in every process, as Python's own hash of a text is not.
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def _unpacked(pairs: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(pairs) // 8}Q", pairs)


def _kind() -> str:
    # What the texts found alike depend on besides the texts: this code and wording's.
    code = hashlib.sha256()
    for module in ("alike.py", "wording.py"):
        code.update((Path(__file__).parent / module).read_bytes())
    return f"alike-texts {code.hexdigest()}"


def _read(path: Path) -> dict[str, _Text]:
    """What `save` wrote, or nothing when the file is missing, not signed or not whole."""
    value = read_signed(path, _kind())
    try:
        texts, sizes, alike = value["texts"], value["sizes"], value["alike"]
        pairs = base64.b64decode(value["pairs"], validate=True)
    except (TypeError, KeyError, ValueError):
        return {}
    if not (isinstance(texts, list) and isinstance(sizes, list) and isinstance(alike, dict)
            and len(texts) == len(sizes) and all(isinstance(key, str) for key in texts)
            and all(type(size) is int and size >= 0 for size in sizes)
            and 8 * sum(sizes) == len(pairs)
            and all(isinstance(others, list) and all(isinstance(o, str) for o in others)
                    for others in alike.values())):
        return {}
    known: dict[str, _Text] = {}
    start = 0
    for key, size in zip(texts, sizes, strict=True):
        end = start + 8 * size
        known[key] = _Text(pairs[start:end], frozenset(alike.get(key, ())))
        start = end
    return known
