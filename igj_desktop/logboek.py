"""The log file and the crash handler.

The log lives in the user's log folder (``%LOCALAPPDATA%\\IGJ\\IGJ Desktop\\Logs`` on Windows,
via platformdirs) and rotates at a few megabytes, so a laptop never fills up with it. An
exception nobody caught, in the main thread, in another thread or a fatal message from Qt,
is written there with its traceback; the user sees a Dutch dialog that says where the log is,
never the exception text itself.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_dir

from igj_desktop.config import APP_AUTHOR, APP_NAME

LOGBESTAND = "igj-desktop.log"
MAX_BYTES = 2 * 1024 * 1024
BEWAARD = 5  # igj-desktop.log.1 … .5 next to the current one
log = logging.getLogger("igj_desktop")

Melder = Callable[[Path], None]
"""Shows the crash dialog for the log at the given path."""


def logmap() -> Path:
    """``IGJ_LOG_DIR`` (tests, a beheerder's choice), else the platform's user log folder."""
    return Path(os.environ.get("IGJ_LOG_DIR") or user_log_dir(APP_NAME, APP_AUTHOR))


def start_logboek(map_: Path | None = None) -> Path:
    """Send the app's log records (INFO and up) to the rotating file; its path. A folder
    that cannot be written leaves the app without a log file: no reason to refuse work."""
    stop_logboek()
    pad = (map_ or logmap()) / LOGBESTAND
    try:
        pad.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            pad, maxBytes=MAX_BYTES, backupCount=BEWAARD, encoding="utf-8", delay=True
        )
    except OSError:
        return pad
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    handler.setLevel(logging.INFO)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return pad


def stop_logboek() -> None:
    """Close the log file (at the end of the window's run)."""
    for handler in list(log.handlers):
        if isinstance(handler, RotatingFileHandler):
            log.removeHandler(handler)
            handler.close()
    log.setLevel(logging.NOTSET)


def crashmelding(pad: Path) -> str:
    """The dialog text: what happened and where the details are; no exception text."""
    return (
        "IGJ Desktop is op een onverwachte fout gestuit. Wat u al had opgeslagen, is "
        "bewaard; werk dat nog niet was opgeslagen, kan verloren zijn.\n\n"
        f"De technische details staan in het logbestand:\n{pad}\n\n"
        "Stuur dat bestand mee als u dit meldt bij de servicedesk."
    )


class Crashvanger:
    """Installs the hooks; ``melder`` shows the dialog (on the Qt main thread)."""

    def __init__(self, pad: Path, melder: Melder) -> None:
        self.pad = pad
        self.melder = melder
        self._oude_hook = sys.excepthook
        self._oude_thread_hook = threading.excepthook
        self._oude_qt_handler: object = None

    def installeer(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        sys.excepthook = self.uitzondering
        threading.excepthook = self.thread_uitzondering
        self._oude_qt_handler = qInstallMessageHandler(_qt_bericht)

    def verwijder(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        sys.excepthook = self._oude_hook
        threading.excepthook = self._oude_thread_hook
        qInstallMessageHandler(self._oude_qt_handler)  # type: ignore[arg-type]

    def uitzondering(
        self,
        soort: type[BaseException],
        fout: BaseException,
        spoor: TracebackType | None,
    ) -> None:
        if issubclass(soort, KeyboardInterrupt):
            self._oude_hook(soort, fout, spoor)
            return
        log.critical("Onverwachte fout", exc_info=(soort, fout, spoor))
        _spoel()
        self.melder(self.pad)

    def thread_uitzondering(self, args: threading.ExceptHookArgs) -> None:
        naam = args.thread.name if args.thread else "?"
        log.critical(
            "Onverwachte fout in thread %s",
            naam,
            exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
        )
        _spoel()
        _op_hoofdthread(lambda: self.melder(self.pad))


def _spoel() -> None:
    for handler in log.handlers:
        handler.flush()


def _op_hoofdthread(taak: Callable[[], None]) -> None:
    """Run ``taak`` on the Qt main thread (a dialog may not be shown from another)."""
    from PySide6.QtCore import QCoreApplication, QTimer

    app = QCoreApplication.instance()
    if app is None or threading.current_thread() is threading.main_thread():
        taak()
        return
    QTimer.singleShot(0, app, taak)


def _qt_bericht(soort: object, _context: object, bericht: str) -> None:
    """Qt's messages go to the log; a fatal one is written before Qt ends the process."""
    from PySide6.QtCore import QtMsgType

    if soort == QtMsgType.QtFatalMsg:
        log.critical("Qt fatale fout: %s", bericht)
        _spoel()
    elif soort in (QtMsgType.QtCriticalMsg, QtMsgType.QtWarningMsg):
        log.warning("Qt: %s", bericht)


def toon_crashdialoog(pad: Path) -> None:
    """The Dutch dialog; the window stays usable where it can."""
    from igj_desktop.views.gemeenschappelijk.dialogs import dialogs

    dialogs.error(None, "Onverwachte fout", crashmelding(pad))
