"""The hashes of input files remembered by their stat (build/hash_memo.py): reused while a
file's size, modification time, change time and inode are unchanged, and never trusted in
doubt (a file changed just before it was hashed, a corrupt or unwritable memo).

A file written by a test was changed just now, and the memo does not remember a file
changed in the two seconds before it was hashed: `later` moves the memo's clock ten seconds
on, as if the build ran a while after the files were written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import types
from pathlib import Path

import pytest

from generator.build import freshness, hash_memo
from generator.build.hash_memo import HashMemo
from generator.build.pipeline import build_handbook
from generator.build.uptodate import HASH_MEMO, MARKER, cache_folder
from generator.site import render

from .conftest import run


@pytest.fixture
def later(monkeypatch):
    """The memo's clock, ten seconds after the files were written."""
    monkeypatch.setattr(hash_memo, "time",
                        types.SimpleNamespace(time_ns=lambda: time.time_ns() + 10**10))


def hashes(memo: HashMemo, *paths: Path) -> list[bytes]:
    """The hash of each file, stat'ed then hashed, as inputs_digest does; then saved."""
    found = [memo.sha256(str(path), os.stat(path)) for path in paths]
    memo.save()
    return found


def sha(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def same_size_edit(path: Path, text: str) -> None:
    """Write `text` (as long as the file's text) with a newer modification time."""
    before = path.stat()
    assert len(text.encode()) == before.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))


@pytest.fixture
def files(tmp_path) -> list[Path]:
    paths = [tmp_path / "a.py", tmp_path / "b.md"]
    paths[0].write_text("print('a')\n", encoding="utf-8")
    paths[1].write_text("# Titre\n", encoding="utf-8")
    return paths


def test_unchanged_files_are_not_read_again(tmp_path, files, later):
    memo_file = tmp_path / "cache" / "memo.json"
    first = HashMemo(memo_file)
    assert hashes(first, *files) == [sha(path) for path in files]
    assert first.hashed == 2
    written = memo_file.stat().st_mtime_ns
    second = HashMemo(memo_file)
    assert hashes(second, *files) == [sha(path) for path in files]
    assert second.hashed == 0
    assert memo_file.stat().st_mtime_ns == written  # nothing new: the memo is not written


def test_an_edit_with_a_new_modification_time_is_hashed_again(tmp_path, files, later):
    memo_file = tmp_path / "memo.json"
    hashes(HashMemo(memo_file), *files)
    same_size_edit(files[0], "print('b')\n")
    memo = HashMemo(memo_file)
    assert hashes(memo, *files) == [sha(path) for path in files]
    assert memo.hashed == 1


def test_an_edit_with_its_modification_time_set_back_is_seen_by_its_change_time(
        tmp_path, files, later):
    memo_file = tmp_path / "memo.json"
    hashes(HashMemo(memo_file), *files)
    before = files[0].stat()
    time.sleep(0.01)  # a change time in a later clock tick than the first write's
    files[0].write_text("print('b')\n", encoding="utf-8")
    os.utime(files[0], ns=(before.st_atime_ns, before.st_mtime_ns))
    after = files[0].stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    memo = HashMemo(memo_file)
    assert hashes(memo, *files)[0] == hashlib.sha256(b"print('b')\n").digest()
    assert memo.hashed == 1


def test_a_file_replaced_by_another_is_hashed_again(tmp_path, files, later):
    memo_file = tmp_path / "memo.json"
    hashes(HashMemo(memo_file), *files)
    other = tmp_path / "other.py"
    other.write_text("print('z')\n", encoding="utf-8")
    os.replace(other, files[0])
    memo = HashMemo(memo_file)
    assert hashes(memo, *files)[0] == hashlib.sha256(b"print('z')\n").digest()
    assert memo.hashed == 1


def test_a_file_changed_just_before_it_was_hashed_is_not_remembered(tmp_path, files,
                                                                    monkeypatch):
    """Racy git: a write in the clock tick of the hash would leave every stat field as it was,
    so a file changed less than two seconds before its hash is hashed again next time."""
    memo_file = tmp_path / "memo.json"
    hashes(HashMemo(memo_file), *files)  # the files were written just now
    memo = HashMemo(memo_file)
    hashes(memo, *files)
    assert memo.hashed == 2
    # Hashed a little over two seconds after their last change: remembered.
    changed = max(max(path.stat().st_mtime_ns, path.stat().st_ctime_ns) for path in files)
    monkeypatch.setattr(hash_memo, "time", types.SimpleNamespace(
        time_ns=lambda: changed + hash_memo.RACY_NS + 10**6))
    hashes(HashMemo(memo_file), *files)
    memo = HashMemo(memo_file)
    hashes(memo, *files)
    assert memo.hashed == 0


@pytest.mark.parametrize("content", [
    b"", b"{not json", b"\xff\xfe", b"[]", b'{"format": 2, "files": {}}',
    b'{"format": 1, "files": []}', b"[" * 100_000,
    b'{"format": 1, "files": {"PATH": "a string"}}',
    b'{"format": 1, "files": {"PATH": [1, 2, 3]}}',
    b'{"format": 1, "files": {"PATH": ["SIZE", "MTIME", "CTIME", "INO", "zz"]}}',
    b'{"format": 1, "files": {"PATH": ["SIZE", "MTIME", "CTIME", "INO", 7]}}',
    b'{"format": 1, "files": {"PATH": ["SIZE", "MTIME", "CTIME", "INO", "00"]}}',
], ids=["empty", "not-json", "not-utf8", "list", "other-format", "files-list", "too-deep",
        "entry-string", "entry-short", "hash-not-hex", "hash-number", "hash-short"])
def test_a_corrupt_memo_is_an_empty_one(tmp_path, files, later, content):
    memo_file = tmp_path / "memo.json"
    stat = files[0].stat()
    for name, value in (("PATH", str(files[0])), ("SIZE", stat.st_size),
                        ("MTIME", stat.st_mtime_ns), ("CTIME", stat.st_ctime_ns),
                        ("INO", stat.st_ino)):
        content = content.replace(f'"{name}"'.encode(), json.dumps(value).encode())
    memo_file.write_bytes(content)
    memo = HashMemo(memo_file)
    assert hashes(memo, *files) == [sha(path) for path in files]
    assert memo.hashed == 2
    # ... and is written again, whole.
    assert set(json.loads(memo_file.read_text(encoding="utf-8"))["files"]) == {
        str(path) for path in files}


def test_a_memo_that_cannot_be_written_is_left_out(tmp_path, files, later):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the memo's folder would be", encoding="utf-8")
    memo = HashMemo(blocker / "memo.json")
    assert hashes(memo, *files) == [sha(path) for path in files]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.py", "b.md", "cache"]


# --- through the digest of a build's inputs ----------------------------------------------------

@pytest.mark.parametrize("name", ["CONTENT_DIR", "THEME_DIR", "PACKAGE_DIR", "BASE_CONFIG"])
def test_the_digest_with_the_memo_is_the_digest_without(org, tmp_path, monkeypatch, later,
                                                        name):
    original = getattr(freshness, name)
    copy = tmp_path / original.name
    if original.is_dir():
        shutil.copytree(original, copy, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copyfile(original, copy)
    monkeypatch.setattr(freshness, name, copy)
    memo = tmp_path / "memo" / "hashes.json"
    before = freshness.inputs_digest(org, "org", memo=memo)
    assert freshness.inputs_digest(org, "org", memo=memo) == before
    assert before == freshness.inputs_digest(org, "org")
    target = copy if copy.is_file() else min(p for p in copy.rglob("*") if p.is_file())
    text = target.read_bytes()
    target.write_bytes(text[:-1] + (b"#" if text[-1:] != b"#" else b"!"))  # same size
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    after = freshness.inputs_digest(org, "org", memo=memo)
    assert after != before
    assert after == freshness.inputs_digest(org, "org")


@pytest.mark.slow
def test_a_chapter_edited_with_its_time_set_back_rebuilds(org, tmp_path, monkeypatch, later):
    content = tmp_path / "content"
    shutil.copytree(freshness.CONTENT_DIR, content)
    monkeypatch.setattr(freshness, "CONTENT_DIR", content)
    monkeypatch.setattr(render, "CONTENT_DIR", content)
    site = tmp_path / "site"
    build_handbook(org, site, display="org")
    memo = cache_folder(site) / HASH_MEMO
    # Beside the output, not in it: the site's bytes do not depend on this machine's paths.
    assert str(tmp_path) not in (site / MARKER).read_text(encoding="utf-8")
    assert build_handbook(org, site, display="org").up_to_date
    chapter = content / "fr" / "about.md"
    assert str(chapter) in json.loads(memo.read_text(encoding="utf-8"))["files"]
    before = chapter.stat()
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("a", "o", 1), encoding="utf-8")
    os.utime(chapter, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert chapter.stat().st_size == before.st_size
    assert not build_handbook(org, site, display="org").up_to_date


@pytest.mark.slow
def test_a_corrupt_memo_costs_a_hash_not_a_traceback(org, tmp_path):
    result = run("build", "org", "-o", "site")
    assert result.exit_code == 0, result.output
    memo = cache_folder(tmp_path / "site") / HASH_MEMO
    memo.write_bytes(b"\x00garbage{")
    result = run("build", "org", "-o", "site")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("site/ is up to date: nothing changed since org was built into it "
                             "(--force builds anyway).\n")
