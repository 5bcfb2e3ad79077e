"""core/forking.py: a job cut in two, half of it done by a fork, and done here when the fork
fails, dies or hangs."""

from __future__ import annotations

import os
import time

import pytest

from generator.core import forking

pytestmark = pytest.mark.skipif(not forking.CAN_FORK, reason="forks only on Linux")

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    monkeypatch.setattr(forking, "cores", lambda: 2)  # whatever the machine running the tests


def where(share: list[int]) -> tuple[int, list[int]]:
    return os.getpid(), share


def test_the_second_share_is_done_by_another_process():
    (here, mine), (there, theirs) = forking.in_two(range(7), where, at_least=4)
    assert (mine, theirs) == ([0, 2, 4, 6], [1, 3, 5])
    assert here == PARENT
    assert there != PARENT


def test_too_few_items_are_done_here_at_once():
    assert forking.in_two(range(3), where, at_least=4) == [(PARENT, [0, 1, 2])]


def test_a_share_the_fork_failed_is_done_again_here():
    def fails_in_the_fork(share):
        if os.getpid() != PARENT:
            raise RuntimeError("the fork's trouble")
        return where(share)

    assert forking.in_two(range(6), fails_in_the_fork, at_least=4) == [
        (PARENT, [0, 2, 4]), (PARENT, [1, 3, 5])]


def test_a_share_the_fork_dies_in_is_done_again_here():
    def dies_in_the_fork(share):
        if os.getpid() != PARENT:
            os._exit(3)
        return where(share)

    assert forking.in_two(range(6), dies_in_the_fork, at_least=4)[1] == (PARENT, [1, 3, 5])


def test_a_fork_that_hangs_is_stopped_and_its_share_done_here():
    def hangs_in_the_fork(share):
        if os.getpid() != PARENT:
            time.sleep(60)
        return where(share)

    started = time.monotonic()
    assert forking.in_two(range(6), hangs_in_the_fork, at_least=4, timeout=0.5)[1] == (
        PARENT, [1, 3, 5])
    assert time.monotonic() - started < 30


def test_an_error_of_the_work_itself_is_raised_here():
    def always_fails(share):
        raise ValueError(f"no share of {share}")

    with pytest.raises(ValueError, match=r"no share of \[0, 2, 4\]"):
        forking.in_two(range(6), always_fails, at_least=4)
