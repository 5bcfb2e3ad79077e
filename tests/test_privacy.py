"""Contact details kept private (`publish` on a person) appear nowhere in the output: pages,
search index, sitemap, PDFs, the zip. Checked with canary values in every file's text."""

from __future__ import annotations

import gzip
import html
import io
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import require_program
from .conftest import run

CANARY_EMAIL = "canary-7f3a9@example.org"
CANARY_PHONE = "+33400471147"


def add_person(org: Path, publish: str | None) -> None:
    extra = f", publish: {publish}" if publish is not None else ""
    person = (f"  - {{id: counsel, role: legal, name: Dana Legal, email: {CANARY_EMAIL}, "
              f"phone: \"{CANARY_PHONE}\"{extra}}}\n")
    handbook = org / "handbook.yml"
    handbook.write_text(handbook.read_text().replace("people:\n", "people:\n" + person, 1))


def build(org: Path) -> Path:
    result = run("build", str(org), "-o", "out", "--zip")
    assert result.exit_code == 0, result.output
    return org.parent


def texts(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """The text of a file, and of every file inside it (gzip, zip), as a reader would see it."""
    if name.endswith(".gz"):
        yield from texts(name.removesuffix(".gz"), gzip.decompress(data))
    elif name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as bundle:
            for member in bundle.namelist():
                yield from texts(f"{name}/{member}", bundle.read(member))
    elif name.endswith(".pdf"):
        # Text in a PDF is compressed: search what a reader's copy-paste would give.
        pdftotext = require_program("pdftotext", "apt-get install poppler-utils")
        extracted = subprocess.run([pdftotext, "-", "-"], input=data, capture_output=True,
                                   check=True).stdout
        yield name, extracted.decode("utf-8") + data.decode("latin-1")
    else:
        text = data.decode("utf-8", errors="replace")
        # Pages write some characters as entities (+ is &#43;): search the text as shown too.
        yield name, text + html.unescape(text)


def everything(root: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "org" not in path.relative_to(root).parts:
            found.update(texts(path.relative_to(root).as_posix(), path.read_bytes()))
    return found


def holding(files: dict[str, str], value: str) -> list[str]:
    return sorted(name for name, text in files.items() if value in text)


@pytest.mark.slow
def test_private_contact_details_appear_nowhere(org):
    add_person(org, "[]")
    files = everything(build(org))
    assert "out.zip/out/index.html" in files and "out/sitemap.xml" in files
    assert holding(files, CANARY_EMAIL) == []
    assert holding(files, CANARY_PHONE) == []
    # The person is still named, by role and name, for whoever needs to reach them.
    assert "Dana Legal" in files["out/contacts.html"]


@pytest.mark.slow
def test_the_phone_stays_private_unless_published(org):
    add_person(org, None)  # `publish` defaults to [email]
    files = everything(build(org))
    assert holding(files, CANARY_PHONE) == []
    assert "out/contacts.html" in holding(files, CANARY_EMAIL)


@pytest.mark.slow
def test_published_details_are_found_where_expected(org):
    # The scan above must be able to fail: published, the canaries are found everywhere.
    add_person(org, "[email, phone]")
    files = everything(build(org))
    for canary in (CANARY_EMAIL, CANARY_PHONE):
        assert {"out/contacts.html", "out/search/search_index.json",
                "out.zip/out/contacts.html"} <= set(holding(files, canary))
    assert "<th>Téléphone</th>" in files["out/contacts.html"]


def test_a_pdf_is_searched_as_text(tmp_path):
    # PDFs (printables) compress their text: the scan reads it as text, not as bytes.
    from generator.printables.pdf import render_pdf

    pdf = render_pdf(f"<p>Appelez le {CANARY_PHONE}</p>", tmp_path)
    assert CANARY_PHONE.encode() not in pdf
    assert holding(dict(texts("card.pdf", pdf)), CANARY_PHONE) == ["card.pdf"]
