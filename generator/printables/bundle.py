"""A module's bundle: one zip with everything to run the session, and a README.txt that
lists its files and how to print each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from ..core.archive import reproducible_zip
from ..site.plan import Printable
from .pdf import KeptPdf

README = "README.txt"


def bundle_zip(printable: Printable, written: Mapping[str, bytes | KeptPdf],
               kinds: dict[str, str],
               words: dict[str, Any], module_title: str, moment: dt.datetime) -> bytes:
    """The zip of a bundle: README.txt first, then its members in the plan's order, all in
    one folder named like the zip, so that unzipping scatters nothing. `kinds`: the kind
    of each member (a Printable's kind, or "charter" for the charter on one page)."""
    folder = PurePosixPath(printable.path).stem
    files = [(PurePosixPath(path).name, bytes(written[path])) for path in printable.members]
    readme = readme_text(printable, kinds, words, module_title)
    return reproducible_zip([(f"{folder}/{README}", readme.encode("utf-8")),
                             *((f"{folder}/{name}", content) for name, content in files)],
                            moment)


def readme_text(printable: Printable, kinds: dict[str, str], words: dict[str, Any],
                module_title: str) -> str:
    """Plain text (the bundle's reader may open it in Notepad): what each file is for and
    how to print it. Lines end with CRLF for that reader."""
    ui = words["printables"]["readme"]
    lines = [ui["title"].format(module=module_title), "", ui["files"], ""]
    for path in printable.members:
        name = PurePosixPath(path).name
        lines += [name, f"    {ui[kinds[path]]}", ""]
    lines += [ui["print_shop"], ""]
    return "\r\n".join(lines)
