"""Folders replaced in one move (core/atomic.py); a large old folder deleted apart."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.core import atomic
from generator.core.atomic import remove_leftovers, replace_folder


def _folder(path: Path, files: int, text: str) -> Path:
    (path / "sub").mkdir(parents=True)
    for number in range(files):
        (path / "sub" / f"{number}.txt").write_text(text, encoding="utf-8")
    return path


def _siblings(target: Path) -> list[str]:
    return sorted(entry.name for entry in target.parent.iterdir())


def test_a_small_old_folder_is_deleted_before_the_swap_returns(tmp_path: Path) -> None:
    target = _folder(tmp_path / "out" / "site", 3, "old")
    replace_folder(_folder(tmp_path / "new", 3, "new"), target)
    assert _siblings(target) == ["site"]
    assert (target / "sub" / "0.txt").read_text(encoding="utf-8") == "new"


@pytest.mark.skipif(not atomic.CAN_FORK, reason="deleted apart only where forking is safe")
def test_a_large_old_folder_is_deleted_by_a_process_of_its_own(tmp_path: Path,
                                                               monkeypatch) -> None:
    monkeypatch.setattr(atomic, "DELETED_APART_FROM", 5)
    target = _folder(tmp_path / "out" / "site", 10, "old")
    replace_folder(_folder(tmp_path / "new", 10, "new"), target)
    assert (target / "sub" / "0.txt").read_text(encoding="utf-8") == "new"
    deadline = time.monotonic() + 20
    while _siblings(target) != ["site"] and time.monotonic() < deadline:
        # Meanwhile the old folder is the deleting process's: another build leaves it.
        for leftover in target.parent.glob(".site.previous-*"):
            marker = leftover / atomic.LEFTOVER_MARKER
            if marker.is_file() and marker.read_text().split()[-1] != str(os.getpid()):
                assert leftover not in remove_leftovers(target) or not leftover.exists()
        time.sleep(0.05)
    assert _siblings(target) == ["site"]


def test_without_fork_a_large_folder_is_deleted_at_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(atomic, "DELETED_APART_FROM", 5)
    monkeypatch.setattr(atomic, "CAN_FORK", False)
    target = _folder(tmp_path / "out" / "site", 10, "old")
    replace_folder(_folder(tmp_path / "new", 10, "new"), target)
    assert _siblings(target) == ["site"]
