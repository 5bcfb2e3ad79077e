"""Loading a handbook folder, whether an organisation's own or a group's entity."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Diagnostic, InputError
from ..core.timings import StageTimer
from ..model.handbook import Handbook
from .folder import FolderReader, LoadMemo, complete_handbook
from .group import group_of, load_group_entity
from .kept import KeptFiles


def load_handbook(folder: Path, display: str | None = None,
                  timer: StageTimer | None = None,
                  memo: LoadMemo | None = None, kept: Path | None = None,
                  ) -> tuple[Handbook, list[Diagnostic]]:
    """Load and validate an organisation folder.

    Returns the model and the warnings; raises InputError with every problem (errors and
    warnings together) when anything is an error. `timer` is told of each YAML file's
    reading (the `load` stage). `memo`, kept from one load to the next of the same
    folder, spares parsing and validating again the files whose bytes did not change (a
    group's entity reads without it). `kept`: a file where a build keeps the data of the
    files it read, for the next build to parse only the files that changed (see
    inputs/kept.py); it is written even when the folder has errors.
    """
    display = display if display is not None else str(folder)
    if not folder.is_dir():
        raise InputError([Diagnostic(display, 1, 1, "error", "", "no such folder; give the "
                                     "folder holding handbook.yml and charter.yml")])
    if group_of(folder) is not None:  # a group's entity: its files need group.yml's
        return load_group_entity(folder, display)
    if kept is None:
        return complete_handbook(FolderReader(folder, display, timer, memo))
    files = KeptFiles(kept)
    try:
        return complete_handbook(FolderReader(folder, display, timer, memo, files))
    finally:
        files.save()
