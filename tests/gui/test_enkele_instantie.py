"""One IGJ Desktop per user: a second start asks the first to come forward and ends; a
socket left behind by a crash does not block the next start (enkele_instantie.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from igj_desktop.config import Settings
from igj_desktop.enkele_instantie import EnkeleInstantie, breng_naar_voren, servernaam

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def naam() -> str:
    return f"igj-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def eerste(qtbot: QtBot, naam: str) -> Iterator[EnkeleInstantie]:
    instantie = EnkeleInstantie(naam)
    assert instantie.probeer()
    yield instantie
    instantie.sluit()


def test_a_second_instance_activates_the_first(qtbot: QtBot, eerste: EnkeleInstantie) -> None:
    tweede = EnkeleInstantie(eerste.naam)
    with qtbot.waitSignal(eerste.activeer, timeout=5000):
        assert not tweede.probeer()
    assert tweede.server is None


def test_a_second_process_activates_the_first(qtbot: QtBot, eerste: EnkeleInstantie) -> None:
    script = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from igj_desktop.enkele_instantie import EnkeleInstantie\n"
        "app = QCoreApplication(sys.argv)\n"
        f"sys.exit(0 if not EnkeleInstantie({eerste.naam!r}).probeer() else 3)\n"
    )
    omgeving = {**os.environ, "PYTHONPATH": str(REPO)}
    with qtbot.waitSignal(eerste.activeer, timeout=30_000):
        proces = subprocess.run([sys.executable, "-c", script], env=omgeving, timeout=60)
    assert proces.returncode == 0


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no stacking
def test_the_window_comes_forward(qtbot: QtBot, eerste: EnkeleInstantie) -> None:
    venster = QMainWindow()
    qtbot.addWidget(venster)
    venster.showMinimized()
    eerste.activeer.connect(lambda: breng_naar_voren(venster))
    with qtbot.waitSignal(eerste.activeer, timeout=5000):
        EnkeleInstantie(eerste.naam).probeer()
    assert venster.isVisible()
    assert not venster.windowState() & Qt.WindowState.WindowMinimized


@pytest.mark.skipif(sys.platform == "win32", reason="a named pipe disappears with its process")
def test_a_stale_socket_after_a_crash_is_replaced(qtbot: QtBot, naam: str) -> None:
    pad = Path(QDir.tempPath()) / naam
    dood = socket.socket(socket.AF_UNIX)
    dood.bind(str(pad))  # what a killed instance leaves: a socket file nobody listens on
    dood.close()
    assert pad.exists()
    instantie = EnkeleInstantie(naam)
    try:
        assert instantie.probeer()
        with qtbot.waitSignal(instantie.activeer, timeout=5000):
            assert not EnkeleInstantie(naam).probeer()
    finally:
        instantie.sluit()


def test_the_name_is_per_user_and_data_folder(tmp_path: Path) -> None:
    een = Settings(tmp_path / "a", "sqlite://", "avries", "test")
    twee = Settings(tmp_path / "b", "sqlite://", "avries", "test")
    assert servernaam(een) == servernaam(een)
    assert servernaam(een) != servernaam(twee)
    assert len(servernaam(een)) < 60  # a socket path must stay short on Linux


def test_a_second_start_of_the_app_ends_and_activates_the_first(qtbot: QtBot) -> None:
    """main() of the window: another instance of this user listens, so it opens no database
    and no window, and the first is asked to come forward."""
    from igj_desktop.__main__ import main

    settings = Settings.from_environment()
    eerste = EnkeleInstantie(servernaam(settings))
    assert eerste.probeer()
    try:
        with qtbot.waitSignal(eerste.activeer, timeout=10_000):
            assert main([]) == 0
        assert not (settings.data_dir / "igj.sqlite").exists()
    finally:
        eerste.sluit()
