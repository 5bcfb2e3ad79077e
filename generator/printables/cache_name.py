"""The name of the PDF cache's folder, beside every output (printables/pdf.py keeps the cache).

A module of its own: the up-to-date check (build/uptodate.py) leaves the cache out of a
build's inputs without importing what renders PDFs.
"""

CACHE_DIRNAME = ".handbook-cache"
