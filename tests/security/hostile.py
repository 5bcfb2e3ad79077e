"""Hostile values for every field that reaches MkDocs' configuration or a page title, and the
minimal folder written with them (shared by the suite's modules)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..conftest import MINIMAL

# Plain markup: it must display as written, never run.
NAME = "R&D <Lab> \"Q\" 'S' </title><script>alert('name')</script><img src=x onerror=alert(1)>"
# Entity-encoded markup: it must stay text, never be read back as tags.
SHORT_NAME = "&lt;/title&gt;&lt;script&gt;alert('short')&lt;/script&gt; R&amp;D"
KIT_TITLE = "Kit </title><script>alert('kit')</script> & <b onmouseover=alert(2)>co</b>"
MODULE_TITLE = "&lt;/title&gt;&lt;script&gt;alert('module')&lt;/script&gt; Module &amp; co"
# A valid address that still holds characters an attribute or a script cares about.
SITE_URL = "https://intranet.example.org/r&d/"
WEBSITE = "https://www.example.org/?q=a&b=%22"


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def plain_folder(root: Path) -> Path:
    """The minimal folder with the same site address: what the hostile build is compared to
    (the address changes the scripts' base, so both builds must share it)."""
    org = root / "plain"
    shutil.copytree(MINIMAL, org)
    settings = org / "handbook.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  name: Acme Conseil\n", f"  name: Acme Conseil\n  site_url: {quoted(SITE_URL)}\n"),
        encoding="utf-8")
    return org


def hostile_folder(root: Path) -> Path:
    """The minimal folder with hostile values in the organisation's fields (name, short name,
    addresses, people, community channel) and in a kit's and a module's titles."""
    org = root / "org"
    shutil.copytree(MINIMAL, org)
    settings = org / "handbook.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  name: Acme Conseil\n",
        f"  name: {quoted(NAME)}\n  short_name: {quoted(SHORT_NAME)}\n"
        f"  website: {quoted(WEBSITE)}\n  site_url: {quoted(SITE_URL)}\n").replace(
        "name: Alice Martin, title: Présidente",
        f"name: {quoted(NAME)}, title: {quoted(SHORT_NAME)}"), encoding="utf-8")
    replace_title(org / "kits" / "day-in-my-life.yml", KIT_TITLE)
    replace_title(org / "training" / "effective-post.yml", MODULE_TITLE)
    return org


def replace_title(path: Path, title: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"title: {quoted(title)}\n" if line.startswith("title:") else line
             for line in lines]
    path.write_text("".join(lines), encoding="utf-8")
