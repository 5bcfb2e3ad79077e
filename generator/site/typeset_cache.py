"""What typesetting did to each page and search text, kept on disk between builds.

site/finish.py typesets every page MkDocs wrote; from one build to the next, nearly every page
comes out of MkDocs with the same bytes, so the result is remembered: under a key, a hash of
the page's bytes salted with everything else that decides the result (`Keys`; finish.py's
`_keys` says what), an entry holds the edits that turn those bytes into the typeset page. The
search index's titles and texts are cached one by one the same way: a changed page changes
a few of them, and the index is made again from the others' entries.

Edits, not the typeset pages: typography changes a few characters among thousands (a no-break
space before a colon, a percent sign), so the entries of the 1,000-kit bench (2,066 pages,
20,000 search texts) take 1.3 MB where its pages take 50, and applying them costs less than
reading a copy. They are found by `edits_between`, and checked on the spot by applying them.

The entries live in one file, `typeset-edits.signed`, in the build's cache folder
(`.handbook-cache/<output name>/`, beside the PDFs, which the PDF cache's prune leaves alone:
it removes `*.pdf` files only). The file is written whole, aside and then renamed, and signed
(core/signed.py): edits planted there would put their HTML in every page, so a file that is
missing, cut short, edited or not signed with this user's key counts as empty, and an entry
that does not apply to its page is a miss. Every failure of the cache means typesetting
again, never a failed build or other bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path

from ..core.signed import read_signed, write_signed
from ..core.timings import StageTimer

FILE_NAME = "typeset-edits.signed"

# Bump when the file's layout or the meaning of an entry changes.
_FORMAT = 1
_KIND = f"typeset {_FORMAT}"  # what the signature covers besides the entries

# Edits are start, length, replacement, start, length, replacement... on a document's bytes
# (a search text's are its UTF-8): the replacement as a Latin-1 string, one character per
# byte, which JSON carries as it is.
Edits = list[int | str]


class TypesetCache:
    """The entries of one output's typesetting (see the module), read from `folder` when
    first asked, written back by `save` (timed as the `typeset` stage of `timer`)."""

    def __init__(self, folder: Path, timer: StageTimer | None = None) -> None:
        self.path = folder / FILE_NAME
        self._timer = timer
        self._entries: dict[str, Edits] | None = None
        self._added = False
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def lookup(self, key: str, before: bytes) -> bytes | None:
        """The typeset form of `before`, whose key is `key` (`before` itself when typesetting
        changed nothing); None when not known."""
        entries = self._loaded()
        edits = entries.get(key)
        if edits is not None:
            try:
                after = apply_edits(before, edits) if edits != [] else before
            except (TypeError, ValueError, UnicodeError, AttributeError):
                del entries[key]  # not what was written: typeset again, written again
            else:
                self._used.add(key)
                self.hits += 1
                return after
        self.misses += 1
        return None

    def store(self, key: str, edits: Edits) -> None:
        """Remember the edits of the document whose key is `key` (see edits_between)."""
        self._loaded()[key] = edits
        self._used.add(key)
        self._added = True

    @property
    def used(self) -> frozenset[str]:
        """The keys this build looked up with success or stored."""
        return frozenset(self._used)

    def adopt(self, used: frozenset[str]) -> None:
        """Count as used the entries another process used (a group's entity builds in one),
        so that `save(prune=True)` keeps them."""
        self._used |= used

    def save(self, *, prune: bool) -> None:
        """Write the entries back when they changed; with `prune` (after a successful build
        only), those this build did not use are left out. A cache that cannot be written
        is left as it was: the next build typesets again."""
        timed = self._timer.stage("typeset") if self._timer else contextlib.nullcontext()
        with timed:
            entries = self._loaded()
            if prune and not entries.keys() <= self._used:
                entries = self._entries = {key: edits for key, edits in entries.items()
                                           if key in self._used}
            elif not self._added:
                return
            write_signed(self.path, _KIND, entries)  # a failed write is ignored
            self._added = False

    @contextlib.contextmanager
    def kept(self) -> Iterator[TypesetCache]:
        """Around a build: when it succeeds, the entries it used are saved and no other;
        when it fails, those it added are saved with the rest (a retry finds them)."""
        try:
            yield self
        except BaseException:
            self.save(prune=False)
            raise
        self.save(prune=True)

    def _loaded(self) -> dict[str, Edits]:
        if self._entries is None:
            self._entries = _read(self.path)
        return self._entries


def _read(path: Path) -> dict[str, Edits]:
    """The entries of the file at `path`; none when it is missing or not as written."""
    entries = read_signed(path, _KIND)
    return entries if isinstance(entries, dict) else {}


class Keys:
    """Keys of one kind of document typeset one way: a hash of the document salted with
    `salt`, which says everything else its result depends on. Sent to other processes as
    its salt."""

    def __init__(self, salt: bytes) -> None:
        self.salt = salt
        self._salted = hashlib.sha256(len(salt).to_bytes(8, "big") + salt)

    def __reduce__(self):
        return Keys, (self.salt,)

    def key(self, document: bytes) -> str:
        # 128 bits of SHA-256: collisions are out of reach, and the file stays small.
        hasher = self._salted.copy()
        hasher.update(document)
        return hasher.hexdigest()[:32]


# --- edits --------------------------------------------------------------------------------------

_ANCHOR = 8  # bytes that must match again after a difference
_REACH = 64  # the longest difference looked for at one place (markup fixes are ~20)
# Past one edit per this many bytes, the rest is one edit: typesetting makes a few dozen
# changes in a page of 20 kB, and a walk through a document that is all changes is slow.
_SPARSE = 32


def edits_between(before: bytes, after: bytes) -> Edits:
    """Edits that turn `before` into `after`, as few as a greedy walk finds; always
    correct, whatever the two are: checked by applying them, and the whole of `after` as
    one edit when they are not small."""
    if before == after:
        return []
    edits: Edits = []
    start = position = 0
    size, target = len(before), len(after)
    while True:
        same = _common_length(before, start, after, position)
        start += same
        position += same
        if start == size or position == target or len(edits) > 3 * (target // _SPARSE + 8):
            if start < size or position < target:
                edits += [start, size - start, after[position:].decode("latin-1")]
            break
        skip = _resynchronise(before, start, after, position)
        if skip is None:
            edits += [start, size - start, after[position:].decode("latin-1")]
            break
        removed, added = skip
        edits += [start, removed, after[position:position + added].decode("latin-1")]
        start += removed
        position += added
    if apply_edits(before, edits) != after:  # never: but a cache must not change a byte
        edits = [0, size, after.decode("latin-1")]
    return edits


def apply_edits(before: bytes, edits: Edits) -> bytes:
    """`before` with `edits` made (see edits_between); ValueError, TypeError or
    AttributeError when they do not fit it."""
    if len(edits) % 3:
        raise ValueError("an edit cut short")
    pieces = []
    last = 0
    for index in range(0, len(edits), 3):
        start, length, replacement = edits[index:index + 3]
        if start < last or length < 0 or start + length > len(before):
            raise ValueError("edits out of order or out of the document")
        pieces.append(before[last:start])
        pieces.append(replacement.encode("latin-1"))
        last = start + length
    pieces.append(before[last:])
    return b"".join(pieces)


def _common_length(one: bytes, start: int, other: bytes, position: int) -> int:
    """How many bytes one[start:] and other[position:] have in common at their start:
    compared by blocks of growing length (each a memcmp), the first differing byte of a
    block found by XOR-ing it as two integers; not byte by byte."""
    limit = min(len(one) - start, len(other) - position)
    same, step = 0, 256
    while same < limit:
        step = min(step, limit - same)
        mine = one[start + same:start + same + step]
        theirs = other[position + same:position + same + step]
        if mine != theirs:
            differing = int.from_bytes(mine, "big") ^ int.from_bytes(theirs, "big")
            return same + step - 1 - (differing.bit_length() - 1) // 8
        same += step
        step = min(step * 2, 8192)
    return same


def _resynchronise(one: bytes, start: int, other: bytes,
                   position: int) -> tuple[int, int] | None:
    """After a difference at one[start] and other[position]: how many bytes to drop from
    one and take from other (the fewest in all) before _ANCHOR of them match again; None
    past _REACH."""
    best: tuple[int, int] | None = None
    for added in range(_REACH):
        if best is not None and added >= best[0] + best[1]:
            break
        anchor = other[position + added:position + added + _ANCHOR]
        reach = _REACH if best is None else best[0] + best[1] - added
        found = one.find(anchor, start, start + reach + len(anchor))
        if found >= 0:
            best = (found - start, added)
    return best
