"""Many PDFs at once: made and rendered in parallel across cores, through the cache.

A `Job` is a complete HTML document, and for idea cards a second document that measures
them: every face of a card laid out on a page of its own, as tall as needed, so that the
text a card cannot hold is laid out too and can be counted. A job whose measure finds text
past a face's limit gives `Overflow`s instead of a PDF, and nothing is cached for it.

The `Renderer` is given units of work (a kit's cards, a module's guide...) and a function
that makes a unit's jobs. Making the jobs (templates, typography, the cache's key) is most
of a rebuild's printables when every PDF is cached, so the workers do it too, beside the
pages being built, and render what the cache lacks; the PDFs come back to this process,
which writes the cache.

Each PDF depends on its own HTML only, and WeasyPrint is deterministic, so the bytes are the
same whatever the number of workers and whichever worker renders which job.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass

from ..core.forking import CAN_FORK, cores
from ..core.typography import typeset_document
from . import pdf
from .pdf import KeptPdf, PdfCache, weasyprint_html

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


Result = bytes | KeptPdf | tuple[Overflow, ...]  # a PDF, or a card's overflows
# A unit's jobs by path; a unit is any hashable value the maker understands (sent to workers).
Maker = Callable[[Hashable], dict[str, Job]]

# Units go to the workers a few at a time: one task per unit cost a rebuild of a thousand
# kits 0.07 s of handing 4,000 tasks over, and a few are still short enough for the last
# tasks of a cold build to keep every worker busy.
UNITS_PER_TASK = 4

# Where forking is not safe (see core/forking.py), the PDFs render one after another, to the
# same bytes; elsewhere, by default, in one worker per core.


class Renderer:
    """Makes and renders units of jobs through the cache: `submit` starts the units at once
    (in a pool of processes when there are several cores and several units), `result` waits
    for one job's PDF, or the overflows of its cards."""

    def __init__(self, cache: PdfCache, make: Maker, workers: int | None = None) -> None:
        self._cache = cache
        self._make = make
        self._workers = cores() if workers is None else workers
        self._pool: Executor | None = None
        # A unit's task and its place in it; None: to make in this process.
        self._pending: dict[Hashable, tuple[Future, int] | None] = {}
        self._made: dict[Hashable, dict[str, Result]] = {}  # results not yet taken

    def submit(self, units: Sequence[Hashable]) -> None:
        """Start making (and rendering) every unit."""
        units = [unit for unit in dict.fromkeys(units)
                 if unit not in self._pending and unit not in self._made]
        if len(units) > 1 and self._workers > 1 and self._pool is None and CAN_FORK:
            # Forked: a worker starts with the handbook loaded and WeasyPrint imported, and
            # needs nothing of the caller's script (spawn would import it again, and with it
            # the build); the maker is inherited, not pickled.
            self._pool = ProcessPoolExecutor(
                max_workers=min(self._workers, len(units)),
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker, initargs=(self._make, self._cache.folder))
        source_date = os.environ.get("SOURCE_DATE_EPOCH")
        for start in range(0, len(units), UNITS_PER_TASK):
            task = units[start:start + UNITS_PER_TASK]
            future = (self._pool.submit(_make_units, task, source_date)
                      if self._pool is not None else None)
            for index, unit in enumerate(task):
                self._pending[unit] = (future, index) if future is not None else None

    def result(self, unit: Hashable, path: str) -> Result:
        """The PDF (cached once rendered), or the overflows of its cards, of the job at
        `path` of a submitted unit. Each is given once."""
        if unit not in self._made:
            self._made[unit] = self._collect(unit)
        results = self._made[unit]
        result = results.pop(path)
        if not results:
            del self._made[unit]
        return result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
        self._made.clear()

    def _collect(self, unit: Hashable) -> dict[str, Result]:
        pending = self._pending.pop(unit)
        source_date = os.environ.get("SOURCE_DATE_EPOCH")
        if pending is None:  # made here: only the rendering is the `pdf` stage
            results = {}
            for path, job in self._make(unit).items():
                key = self._cache.key(_source(job))
                if self._cache.has(key):
                    results[path] = self._cache.reuse_unread(key)
                    continue
                with self._cache.rendering():
                    results[path] = self._keep(key, render_job(job, source_date))
            return results
        # Waiting for a worker is the `pdf` stage when its task rendered something, and
        # the build's own time when it only made the jobs and found every PDF in the cache.
        future, index = pending
        with self._cache.rendering() as not_rendering:
            task = future.result()
            if all(result is None for made in task for _, result in made.values()):
                not_rendering()
        return {path: self._keep(key, result) for path, (key, result) in task[index].items()}

    def _keep(self, key: str, result: Result | None) -> Result:
        if result is None or (isinstance(result, bytes) and key in self._cache.used):
            return self._cache.reuse_unread(key)  # cached, or rendered by another unit since
        if isinstance(result, bytes):
            return self._cache.store(key, result)
        return result


def _source(job: Job) -> str:
    if job.measure is None:
        return job.html
    return f"{job.html}\0measured to {job.limit_mm:g} mm\0{job.measure}"


# In a worker: the maker and the cache (read only: the caller stores what is rendered).
_worker: tuple[Maker, PdfCache] | None = None


def _start_worker(make: Maker, folder) -> None:
    global _worker
    _worker = (make, PdfCache(folder))


def _make_units(units: Sequence[Hashable],
                source_date: str | None) -> list[dict[str, tuple[str, Result | None]]]:
    """In a worker: for each of `units`, each of its jobs by path, as its cache key and its
    result, or None when the cache has it."""
    assert _worker is not None
    make, cache = _worker
    task = []
    for unit in units:
        made: dict[str, tuple[str, Result | None]] = {}
        for path, job in make(unit).items():
            key = cache.key(_source(job))
            made[path] = (key, None if cache.has(key) else render_job(job, source_date))
        task.append(made)
    return task


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
