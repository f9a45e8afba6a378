"""The log file rotates, and the crash handler writes the traceback there and shows a Dutch
dialog that names the log, never the exception text (igj_desktop/logboek.py)."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop import logboek
from igj_desktop.logboek import Crashvanger, start_logboek, stop_logboek, toon_crashdialoog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs

GEHEIM = "wachtwoord=hunter2 in /geheime/map"


@pytest.fixture
def logpad(tmp_path: Path) -> Iterator[Path]:
    pad = start_logboek(tmp_path / "Logs")
    yield pad
    stop_logboek()


@pytest.fixture
def vanger(logpad: Path) -> Iterator[Crashvanger]:
    vanger = Crashvanger(logpad, toon_crashdialoog)
    vanger.installeer()
    yield vanger
    vanger.verwijder()


def _gooi() -> None:
    raise RuntimeError(GEHEIM)


def test_the_log_lives_in_the_user_log_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("IGJ_LOG_DIR")
    if sys.platform == "win32":  # %LOCALAPPDATA%\IGJ\IGJ Desktop\Logs
        assert logboek.logmap().parts[-3:] == ("IGJ", "IGJ Desktop", "Logs")
        return
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # platformdirs on Linux
    assert logboek.logmap().is_relative_to(tmp_path / "state")
    assert logboek.logmap().parts[-2:] == ("IGJ Desktop", "log")


def test_the_log_rotates(logpad: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [handler] = [h for h in logboek.log.handlers if isinstance(h, logging.FileHandler)]
    monkeypatch.setattr(handler, "maxBytes", 2000)
    for i in range(200):
        logging.getLogger("igj_desktop.services.documenten.sjablonen").info(
            "regel %03d %s", i, "x" * 40
        )
    bestanden = sorted(p.name for p in logpad.parent.iterdir())
    assert bestanden == [
        "igj-desktop.log",
        *(f"igj-desktop.log.{n}" for n in range(1, logboek.BEWAARD + 1)),
    ]
    assert "regel 199" in logpad.read_text(encoding="utf-8")
    assert all(p.stat().st_size <= 2000 for p in logpad.parent.iterdir())


@pytest.mark.logt_fout  # the crash handler logs the crash: that is what is tested
def test_an_uncaught_exception_is_logged_and_explained(vanger: Crashvanger, logpad: Path) -> None:
    try:
        _gooi()
    except RuntimeError:
        with dialogs.answering() as shown:
            sys.excepthook(*sys.exc_info())  # what Python does with an uncaught exception
    [melding] = shown
    assert (melding.soort, melding.titel) == ("fout", "Onverwachte fout")
    assert str(logpad) in melding.tekst
    assert GEHEIM not in melding.tekst and "RuntimeError" not in melding.tekst
    inhoud = logpad.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in inhoud
    assert f"RuntimeError: {GEHEIM}" in inhoud
    assert "in _gooi" in inhoud


@pytest.mark.logt_fout  # the crash handler logs the crash: that is what is tested
def test_a_crash_in_another_thread_reaches_the_dialog_on_the_main_thread(
    qtbot: QtBot, vanger: Crashvanger, logpad: Path
) -> None:
    getoond: list[bool] = []

    def melder(pad: Path) -> None:
        getoond.append(threading.current_thread() is threading.main_thread())
        toon_crashdialoog(pad)

    vanger.melder = melder
    with dialogs.answering() as shown:
        draad = threading.Thread(target=_gooi, name="ophalen")
        draad.start()
        draad.join()
        qtbot.waitUntil(lambda: bool(shown))
    assert getoond == [True]
    assert str(logpad) in shown[0].tekst
    inhoud = logpad.read_text(encoding="utf-8")
    assert "Onverwachte fout in thread ophalen" in inhoud
    assert f"RuntimeError: {GEHEIM}" in inhoud


@pytest.mark.logt_fout  # the crash handler logs the crash: that is what is tested
def test_a_fatal_qt_message_is_written_first(vanger: Crashvanger, logpad: Path) -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    logboek._qt_bericht(QtMsgType.QtFatalMsg, QMessageLogContext(), "geen platform-plugin")
    assert "Qt fatale fout: geen platform-plugin" in logpad.read_text(encoding="utf-8")


def test_the_hooks_are_put_back(logpad: Path) -> None:
    voor = sys.excepthook, threading.excepthook
    vanger = Crashvanger(logpad, toon_crashdialoog)
    vanger.installeer()
    assert sys.excepthook == vanger.uitzondering
    vanger.verwijder()
    assert (sys.excepthook, threading.excepthook) == voor


def test_an_unwritable_log_folder_does_not_stop_the_app(tmp_path: Path) -> None:
    bezet = tmp_path / "bestand"
    bezet.write_text("geen map")
    pad = start_logboek(bezet)  # a file where the folder should be
    logging.getLogger("igj_desktop").warning("gaat nergens heen")
    assert pad == bezet / logboek.LOGBESTAND
    assert not [h for h in logboek.log.handlers if isinstance(h, logging.FileHandler)]
    stop_logboek()
