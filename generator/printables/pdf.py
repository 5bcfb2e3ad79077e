"""Printables: HTML with print CSS, rendered to PDF by WeasyPrint.

Everything the handbook prints (charter, handouts, facilitator guides, idea cards) goes
through `render_pdf`, or through a `PdfCache` that reuses the PDFs whose HTML did not change.
WeasyPrint 70 writes no date into a PDF unless the HTML asks for one (`dcterms.created`), so
the same HTML gives the same bytes. Each document gets the typography of its language
(`<html lang>`, core/typography.py) here, the one door every printable goes through, before
its cache key is computed: a change of typography renders the PDFs again.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, Self

from ..core.errors import BuildError
from ..core.timings import StageTimer
from ..core.typography import typeset_document

# Where build/pipeline.py keeps the PDF cache: a folder beside the output, never inside the site.
from .cache_name import CACHE_DIRNAME  # noqa: F401

# Bump when the way HTML becomes a PDF changes in a way the key below cannot see.
_CACHE_FORMAT = "1"

_IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
                ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}


def render_pdf(html: str, base_url: Path) -> bytes:
    """One PDF from a complete HTML document; relative URLs (logo, CSS) resolve from base_url."""
    # Imported here: WeasyPrint takes about a second to import, and most commands never print.
    import weasyprint

    return weasyprint.HTML(string=typeset_document(html), base_url=str(base_url)).write_pdf()


def render_pdf_fitting(html_at: Callable[[float], str], base_url: Path,
                       sizes: tuple[float, ...], pages: int) -> bytes:
    """The PDF at the first of `sizes` (largest first) that fits in `pages` pages; at the
    smallest size if none does. `html_at(size)` gives the document at a font size."""
    import weasyprint

    for size in sizes:
        document = weasyprint.HTML(string=typeset_document(html_at(size)),
                                   base_url=str(base_url)).render()
        if len(document.pages) <= pages or size == sizes[-1]:
            return document.write_pdf()
    raise ValueError("no font size to try")
def data_url(path: Path) -> str:
    """A file as a data: URL, so that an HTML document carries its images inside it."""
    media_type = _IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{media_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


class PdfCache:
    """PDFs already rendered, found again by a hash of everything that goes into them.

    Documents given to the cache are self-contained: their print CSS is inlined and their
    images are data: URLs (see `data_url`), so the HTML text, with the versions of WeasyPrint
    and pydyf, is the whole input and its hash the whole key. Rendering refuses any other URL,
    so an input the key cannot see fails the build instead of serving a stale PDF.

    The entries are `<key>.pdf` files in `folder`. `prune`, called after a successful build,
    removes those the build did not use, so the folder holds one site's PDFs and no more.
    """

    def __init__(self, folder: Path, timer: StageTimer | None = None) -> None:
        self.folder = folder
        self._timer = timer  # told of the time spent rendering, or waiting for, a PDF
        self.rendered = 0
        self.reused = 0
        self._used: set[str] = set()
        self._engine = f"weasyprint {version('weasyprint')}, pydyf {version('pydyf')}"

    def pdf(self, html: str) -> bytes:
        html = typeset_document(html)
        return self._cached(html, lambda fetcher: weasyprint_html(html, fetcher).write_pdf())

    def pdf_fitting(self, html_at: Callable[[float], str], sizes: tuple[float, ...],
                    pages: int) -> bytes:
        """`render_pdf_fitting` through the cache: the key is the document at every size."""
        documents = {size: typeset_document(html_at(size)) for size in sizes}

        def render(fetcher) -> bytes:
            for size, html in documents.items():
                document = weasyprint_html(html, fetcher).render()
                if len(document.pages) <= pages or size == sizes[-1]:
                    return document.write_pdf()
            raise ValueError("no font size to try")

        return self._cached(f"fitting in {pages} pages\0" + "\0".join(documents.values()),
                            render)

    def _cached(self, source: str, render: Callable[[Any], bytes]) -> bytes:
        key = self.key(source)
        if self.has(key):
            return self.reuse(key)
        with self.rendering():
            pdf = render_self_contained(render)
        self.store(key, pdf)
        return pdf

    def rendering(self) -> contextlib.AbstractContextManager[Callable[[], None]]:
        """Around the rendering of a PDF, or the wait for one rendered in another process:
        the `pdf` stage of the build's timer (see StageTimer.stage for what it yields).
        Everything else a printable takes (its HTML, its key, reading the cache, writing it
        into the site) is the build's own time."""
        if self._timer is None:
            return contextlib.nullcontext(lambda: None)
        return self._timer.stage("pdf")

    # The steps of `_cached`, for a caller that renders elsewhere (render.Renderer's pool).
    def key(self, source: str) -> str:
        """The key of a document: a hash of its source and of the engine's versions."""
        return hashlib.sha256(f"{_CACHE_FORMAT}\0{self._engine}\0{source}".encode()).hexdigest()

    def has(self, key: str) -> bool:
        return (self.folder / f"{key}.pdf").is_file()

    def reuse(self, key: str) -> CachedPdf:
        self._used.add(key)
        self.reused += 1
        entry = self.folder / f"{key}.pdf"
        return CachedPdf(entry.read_bytes(), entry)

    def reuse_unread(self, key: str) -> KeptPdf:
        """As reuse, the bytes read only if asked for: most go into a site as links."""
        self._used.add(key)
        self.reused += 1
        return KeptPdf(self.folder / f"{key}.pdf")

    def store(self, key: str, pdf: bytes) -> CachedPdf:
        self._used.add(key)
        self.rendered += 1
        entry = self.folder / f"{key}.pdf"
        self._store(entry, pdf)
        return CachedPdf(pdf, entry)

    def prune(self) -> None:
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.suffix == ".pdf" and entry.stem not in self._used:
                entry.unlink(missing_ok=True)

    @property
    def used(self) -> frozenset[str]:
        """The keys of the entries this build used, rendered or reused."""
        return frozenset(self._used)

    def adopt(self, used: frozenset[str]) -> None:
        """Count as used the entries another process used in this folder (a group's entities
        build in parallel), so that `prune` keeps them."""
        self._used |= used

    def _store(self, entry: Path, pdf: bytes) -> None:
        # Written aside, then renamed: an interrupted build never leaves half a PDF to reuse.
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            stream.write(pdf)
        os.chmod(temporary, _FILE_MODE)  # mkstemp's is the owner's only; see place()
        os.replace(temporary, entry)


class CachedPdf(bytes):
    """A PDF's bytes, and the cache entry that holds them."""

    def __new__(cls, pdf: bytes, entry: Path) -> Self:
        made = super().__new__(cls, pdf)
        made.entry = entry
        return made


class KeptPdf:
    """A PDF of the cache, read only when its bytes are needed (`bytes(pdf)`): a thousand
    kits' PDFs go into the site as links without being read (see place)."""

    def __init__(self, entry: Path) -> None:
        self.entry = entry

    def __bytes__(self) -> bytes:
        return self.entry.read_bytes()


def _file_mode() -> int:
    # Python cannot read the umask without setting it: set, then put back at once (at
    # import, before any thread of ours writes a file).
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


# The mode of a file this process writes: what a link into the site must have too.
_FILE_MODE = _file_mode()


def place(pdf: bytes | KeptPdf, target: Path) -> None:
    """Put `pdf` at `target`. A PDF from the cache gets there as a second name of its entry,
    with the mode a file written there would have: writing the bytes of a thousand kits'
    PDFs again at each build costs seconds, a link almost nothing. Where a link cannot be
    made (another file system, a system without links), the bytes are written."""
    entry = getattr(pdf, "entry", None)
    if entry is not None:
        try:
            if stat.S_IMODE(entry.stat().st_mode) != _FILE_MODE:  # an entry of an older build
                os.chmod(entry, _FILE_MODE)
            os.link(entry, target)
            return
        except OSError:
            pass
    target.write_bytes(bytes(pdf))


def weasyprint_html(html: str, fetcher: Any):
    import weasyprint

    return weasyprint.HTML(string=html, url_fetcher=fetcher)


def render_self_contained(render: Callable[[Any], Any]) -> Any:
    """`render(fetcher)`, with a fetcher that refuses every URL but data: URLs: a document
    that refers to a file or an address is an error, never a PDF the cache cannot key."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    try:
        return render(fetcher)
    except FatalURLFetchingError as exc:
        raise BuildError(f"a printable refers to a file or address ({exc}); printables must "
                         "carry their styles and images inside them (data: URLs)") from None
