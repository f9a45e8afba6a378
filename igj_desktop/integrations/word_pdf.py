"""Word to PDF through COM (Windows with Microsoft Word and pywin32).

Three things a plain ``import win32com`` does not give:

- Word must really be installed: pywin32 comes with the app, Word does not. Its ProgID
  ``Word.Application`` in the registry says so without starting Word.
- COM must be initialised on the thread that uses it. The conversion runs on a worker
  thread (the window stays responsive), so that thread initialises COM itself and
  uninitialises it afterwards, whatever happens.
- Word fails with ``pywintypes.com_error`` (a damaged document, a licence dialog, Word
  busy with a modal window); that becomes ``WordFaalde`` so the caller can fall back to
  LibreOffice.

``_pywin32`` and ``register.winreg`` are the seams: tests hand in stand-ins for the modules.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from igj_desktop.integrations import register

log = logging.getLogger(__name__)

PROGID = "Word.Application"
WD_FORMAT_PDF = 17
WD_ALERTS_NONE = 0


class WordFaalde(Exception):
    """Word was there but could not convert this document (a ``com_error``)."""


@dataclass(frozen=True)
class Pywin32:
    pythoncom: Any
    client: Any  # win32com.client
    com_error: type[Exception]


def _pywin32() -> Pywin32 | None:
    if sys.platform != "win32":
        return None
    try:
        import pythoncom
        import pywintypes
        import win32com.client
    except ImportError:
        return None
    return Pywin32(pythoncom, win32com.client, pywintypes.com_error)


def geinstalleerd() -> bool:
    """Whether Word is installed (its ProgID is registered) and pywin32 is there to drive it."""
    clsid = register.waarde("HKEY_CLASSES_ROOT", rf"{PROGID}\CLSID")
    return clsid is not None and _pywin32() is not None


def omzetten(bron: Path, doel: Path) -> None:
    """Let a hidden, private Word save ``bron`` as the PDF ``doel``; ``WordFaalde`` if it cannot.

    Call only when ``geinstalleerd()``; safe on any thread."""
    com = _pywin32()
    if com is None:
        raise WordFaalde("pywin32 ontbreekt")
    try:
        com.pythoncom.CoInitializeEx(com.pythoncom.COINIT_APARTMENTTHREADED)
        eigen = True
    except com.com_error:  # this thread already has COM in another mode: use it as it is
        eigen = False
    try:
        _met_word(com, bron, doel)
    except com.com_error as exc:
        log.warning("Word kon %s niet omzetten: %s", bron.name, exc)
        raise WordFaalde(str(exc)) from exc
    finally:
        if eigen:
            com.pythoncom.CoUninitialize()


def _met_word(com: Pywin32, bron: Path, doel: Path) -> None:
    word = com.client.DispatchEx(PROGID)  # a Word of our own, not the user's open one
    try:
        word.Visible = False
        word.DisplayAlerts = WD_ALERTS_NONE
        document = word.Documents.Open(
            str(bron), ConfirmConversions=False, ReadOnly=True, AddToRecentFiles=False
        )
        try:
            document.SaveAs2(str(doel), FileFormat=WD_FORMAT_PDF)
        finally:
            document.Close(False)
    finally:
        word.Quit()
