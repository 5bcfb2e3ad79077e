"""The build's own files (core/signed.py): read back only when this user's key signed them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.core import signed
from generator.core.signed import read_signed, write_signed


def test_what_is_written_is_read_back(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "kept.signed"
    write_signed(path, "kind 1", {"inline\0*a*": "<em>a</em>", "n": [1, 2.5, None, True]})
    assert read_signed(path, "kind 1") == {"inline\0*a*": "<em>a</em>",
                                           "n": [1, 2.5, None, True]}
    assert [entry.name for entry in path.parent.iterdir()] == ["kept.signed"]  # no .part left


def test_the_key_is_the_users_and_private() -> None:
    key = signed.key_folder() / signed.KEY_FILE
    write_signed(Path(os.environ["XDG_CACHE_HOME"]) / "probe.signed", "k", 1)
    assert key.is_relative_to(os.environ["XDG_CACHE_HOME"])
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_bytes()) == 32


@pytest.mark.parametrize("tamper", [
    lambda data: data[:-2] + b"1}",  # the body changed
    lambda data: bytes([data[0] ^ 1]) + data[1:],  # the signature changed
    lambda data: data[32:],  # no signature: a plain JSON file planted
    lambda data: b"",
])
def test_a_file_changed_or_planted_is_ignored(tmp_path: Path, tamper) -> None:
    path = tmp_path / "kept.signed"
    write_signed(path, "kind", {"a": 0})
    path.write_bytes(tamper(path.read_bytes()))
    assert read_signed(path, "kind") is None


def test_a_file_signed_with_another_key_is_ignored(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "kept.signed"
    write_signed(path, "kind", {"a": "<script>"})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert read_signed(path, "kind") is None


def test_a_file_of_another_kind_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "kept.signed"
    write_signed(path, "markup abc", {"a": 1})
    assert read_signed(path, "markup abd") is None
    assert read_signed(tmp_path / "missing.signed", "markup abc") is None


def test_without_a_key_nothing_is_written_nor_read(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the key's folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    path = tmp_path / "kept.signed"
    write_signed(path, "kind", {"a": 1})
    assert not path.exists()
    assert read_signed(path, "kind") is None


def test_a_failed_write_is_no_failure(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    write_signed(tmp_path / "file" / "kept.signed", "kind", 1)  # no exception
    assert (tmp_path / "file").read_text(encoding="utf-8") == "not a folder"
