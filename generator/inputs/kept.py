"""The data of the YAML files a build loaded, kept for the next build of the same output.

Parsing YAML is most of the load stage's time (seconds for a thousand kits), and most files
do not change from one build to the next. A build that loads through KeptFiles keeps, for each
file it read, the file's data as JSON text (inputs/plain.py) under a hash of the file's bytes,
in a signed file of the build's cache folder (core/signed.py: a file planted there is ignored).
The next build takes the data of a file whose bytes it knows from there: the data is validated
again, as any file's, and the file is parsed only if a message must say where something was
written (see load.Document).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ruamel.yaml import __version__ as ruamel_version
from yaml import __version__ as pyyaml_version

from ..core.errors import Diagnostic
from ..core.signed import read_signed, write_signed
from .load import Document, decoded, load_yaml
from .plain import to_json

# What the kept data depends on besides a file's bytes: these modules and the YAML libraries.
_CODE = ("load.py", "values.py", "plain.py")


class KeptFiles:
    """The files' data kept in `path` by the last build, and what this build read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._kind = _stamp()
        known = read_signed(path, self._kind)
        self._known: dict[str, str] = known if isinstance(known, dict) else {}
        self._used: dict[str, str] = {}

    def load(self, path: Path, display: str, data: bytes) -> Document:
        """The file at `path`, whose bytes are `data`, as load.load_yaml gives it (or its
        LoadFailed)."""
        digest = hashlib.sha256(data).hexdigest()
        kept = self._known.get(digest)
        if kept is not None:
            self._used[digest] = kept
            # These bytes were decoded and parsed without a fault by an earlier build.
            text = decoded(data, lambda line, col, message: Diagnostic(
                display, line, col, "error", "", message))
            return Document(display, None, text, data=kept)
        document = load_yaml(path, display, data)
        text = to_json(document.plain())
        if text is None:
            return document
        self._used[digest] = text
        # Validated from the kept form, as the next build will: the same values, of the
        # same types (a text, not the YAML library's kind of text), so that what a build
        # keeps of its pages (site/kept_pages.py) holds from the first build on.
        return Document(display, document.tree, document.source, data=text)

    def save(self) -> None:
        """Keep the data of the files this build read, and only theirs, for the next build
        (nothing to write when they are the ones kept already)."""
        if self._used != self._known:
            write_signed(self.path, self._kind, self._used)


def _stamp() -> str:
    here = Path(__file__).parent
    code = hashlib.sha256(b"".join((here / name).read_bytes() for name in _CODE)).hexdigest()
    return f"files {code} ruamel {ruamel_version} pyyaml {pyyaml_version}"
