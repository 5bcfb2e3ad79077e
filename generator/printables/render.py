"""Many PDFs at once: through the cache, the missing ones rendered in parallel across cores.

A `Job` is a complete HTML document, and for idea cards a second document that measures
them: every face of a card laid out on a page of its own, as tall as needed, so that the
text a card cannot hold is laid out too and can be counted. A job whose measure finds text
past a face's limit gives `Overflow`s instead of a PDF, and nothing is cached for it.

Each PDF depends on its own HTML only, and WeasyPrint is deterministic, so the bytes are the
same whatever the number of workers and whichever worker renders which job.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass

from ..core.typography import typeset_document
from . import pdf
from .pdf import PdfCache, weasyprint_html

# 1 mm in CSS pixels (1/96 in), WeasyPrint's unit of layout.
PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Job:
    html: str
    measure: str | None = None  # the measuring document (see the module's docstring)
    limit_mm: float = 0.0  # the height a measured face may fill

    def __post_init__(self) -> None:
        # The text layer's typography (French spaces, English conventions) on what is printed,
        # before the cache's key is computed from it: as on the site's pages.
        object.__setattr__(self, "html", typeset_document(self.html))
        if self.measure is not None:
            object.__setattr__(self, "measure", typeset_document(self.measure))


@dataclass(frozen=True)
class Overflow:
    face: str  # the face's `data-face`, e.g. "3-front": idea 3, its front
    chars: int  # characters laid out past the limit: at least this many to cut


Result = bytes | tuple[Overflow, ...]

# Where forking is safe (Linux); elsewhere the PDFs render one after another, to the same bytes.
_CAN_FORK = sys.platform == "linux"


def default_workers() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


class Renderer:
    """Renders jobs through the cache: `submit` starts the missing ones at once (in a pool
    of processes when there are several cores and several jobs), `result` waits for one."""

    def __init__(self, cache: PdfCache, workers: int | None = None) -> None:
        self._cache = cache
        self._workers = default_workers() if workers is None else workers
        self._pool: Executor | None = None
        self._pending: dict[str, Future | Job] = {}

    def submit(self, jobs: Sequence[Job]) -> list[str]:
        """Start every job not in the cache; their keys, in order, for `result`."""
        keys = [self._cache.key(_source(job)) for job in jobs]
        missing = {key: job for key, job in zip(keys, jobs)
                   if not self._cache.has(key) and key not in self._pending}
        if len(missing) > 1 and self._workers > 1 and self._pool is None and _CAN_FORK:
            # Forked: a worker starts with WeasyPrint already imported and needs nothing
            # of the caller's script (spawn would import it again, and with it the build).
            self._pool = ProcessPoolExecutor(
                max_workers=min(self._workers, len(missing)),
                mp_context=multiprocessing.get_context("fork"))
        source_date = os.environ.get("SOURCE_DATE_EPOCH")
        for key, job in missing.items():
            self._pending[key] = (self._pool.submit(render_job, job, source_date)
                                  if self._pool is not None else job)
        return keys

    def result(self, key: str) -> Result:
        """The PDF of a submitted job (cached once rendered), or the overflows of its cards."""
        pending = self._pending.pop(key, None)
        if pending is None:
            return self._cache.reuse(key)
        with self._cache.rendering():
            result = (pending.result() if isinstance(pending, Future)
                      else render_job(pending, os.environ.get("SOURCE_DATE_EPOCH")))
        if isinstance(result, bytes):
            self._cache.store(key, result)
        return result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()


def _source(job: Job) -> str:
    if job.measure is None:
        return job.html
    return f"{job.html}\0measured to {job.limit_mm:g} mm\0{job.measure}"


def render_job(job: Job, source_date: str | None) -> Result:
    """One job, in whichever process: the overflows of its measure, or its PDF."""
    if source_date is not None:  # fontTools dates the fonts it embeds from the environment
        os.environ["SOURCE_DATE_EPOCH"] = source_date

    def render(fetcher) -> Result:
        if job.measure is not None:
            overflows = measure(weasyprint_html(job.measure, fetcher).render(), job.limit_mm)
            if overflows:
                return overflows
        return weasyprint_html(job.html, fetcher).write_pdf()

    return pdf.render_self_contained(render)


def measure_only(job: Job) -> tuple[Overflow, ...]:
    """The overflows of a job's measure, without rendering its PDF."""
    if job.measure is None:
        return ()
    return pdf.render_self_contained(
        lambda fetcher: measure(weasyprint_html(job.measure, fetcher).render(), job.limit_mm))


def measure(document, limit_mm: float) -> tuple[Overflow, ...]:
    """Each page of a measuring document holds one face, from its top: the characters of
    the lines whose bottom passes `limit_mm` are the ones the face cannot hold."""
    from weasyprint.formatting_structure import boxes

    limit = limit_mm * PX_PER_MM + 0.01  # a line ending exactly at the limit fits
    overflows = []
    for page in document.pages:
        face, chars = None, 0
        for box in _descendants(page._page_box):
            if face is None and box.element is not None and box.element.get("data-face"):
                face = box.element.get("data-face")
            if isinstance(box, boxes.TextBox) and box.position_y + box.height > limit:
                chars += len(box.text.strip())
        if face is not None and chars:
            overflows.append(Overflow(face, chars))
    return tuple(overflows)


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _descendants(child)
