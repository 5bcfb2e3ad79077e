"""Paths an organisation folder names: the files of a subfolder, a path that must stay inside."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path


def yaml_files(folder: Path, subfolder: str) -> Iterator[tuple[Path, str]]:
    """The YAML files of a subfolder, sorted, with their path relative to the folder."""
    directory = folder / subfolder
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.suffix in (".yml", ".yaml"):
                yield path, f"{subfolder}/{path.name}"



def input_file_problem(folder: Path, relative: str) -> str | None:
    """What keeps one of the folder's own YAML files from being read, if anything: missing,
    a folder where a file is expected, or a link that leads out of the folder (the file read
    would be another organisation's, or any file of the machine, quoted in error messages)."""
    path = folder / relative
    linked = path.is_symlink() or any(parent.is_symlink()
                                      for parent in _parents(folder, relative))
    if linked and not path.resolve().is_relative_to(folder.resolve()):
        return ("this file is a link to a file outside the folder; copy the file into "
                "the folder instead")
    if path.is_dir():
        return "this is a folder, not a file: a YAML file is expected here; rename or move it"
    if not path.is_file():
        return ("this file is missing; every handbook folder needs one (see "
                f"charters/demo/{relative})")
    return None


def _parents(folder: Path, relative: str) -> list[Path]:
    """The folders between `folder` and the file `relative` names (kits/ for kits/x.yml)."""
    parts = Path(relative).parts[:-1]
    return [folder.joinpath(*parts[:index]) for index in range(1, len(parts) + 1)]


def path_problem(folder: Path, relative: str) -> str | None:
    if Path(relative).is_absolute() or re.match(r"^[A-Za-z]:[\\/]", relative):
        return f"'{relative}' is an absolute path; give a path inside the folder, like " \
               "'assets/logo.svg'"
    if ".." in Path(relative).parts:
        return f"'{relative}' goes out of the folder with '..'; keep files inside the folder"
    path = folder / relative
    if not path.exists():
        return f"the file '{relative}' does not exist in {folder}"
    if not path.resolve().is_relative_to(folder.resolve()):
        return f"'{relative}' is a link to a file outside the folder; copy the file into the " \
               "folder instead"
    if not path.is_file():
        return f"'{relative}' is a folder, not a file"
    return None
