"""The collector is off from the window's start until its main window is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from igj_desktop import startgc


@pytest.fixture
def collector() -> Iterator[None]:
    assert gc.isenabled()
    yield
    startgc.aan()
    gc.unfreeze()
    gc.enable()


@pytest.mark.usefixtures("collector")
def test_off_during_the_start_then_on_without_the_starts_objects() -> None:
    startgc.uit()
    assert not gc.isenabled()
    gebouwd = [[] for _ in range(100)]  # what the start builds and keeps
    startgc.aan()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(gebouwd)  # later collections skip them
    startgc.aan()  # once is enough; a second call changes nothing
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_without_uit_aan_leaves_the_collector_alone() -> None:
    bevroren = gc.get_freeze_count()
    gc.disable()  # e.g. a test or a command that manages it itself
    startgc.aan()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == bevroren
