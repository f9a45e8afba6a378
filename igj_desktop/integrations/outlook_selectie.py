"""The mails dragged out of Outlook that Qt did not pass on, fetched from Outlook itself.

Outlook offers every dragged mail as a virtual file (``FileContents`` with an index per mail),
but Qt on Windows only reads index 0: of three mails dragged at once, two arrive without their
bytes. What was dragged is what is selected in Outlook's active window, so Outlook's object
model (COM, through pywin32) saves those items as .msg. Used only on Windows, only for the
indexes that are missing, and only when the selection matches the drag; otherwise nothing is
returned and the drop names what is missing (``drag_formats.ONVOLLEDIG``).
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path
from typing import Any

from .drag_formats import FileDescriptor

log = logging.getLogger(__name__)

OL_MSG_UNICODE = 9  # OlSaveAsType.olMSGUnicode


def _vergelijkbaar(naam: str) -> str:
    """Outlook names the virtual file after the subject, minus the characters Windows forbids."""
    return re.sub(r"[\W_]+", "", naam.lower().removesuffix(".msg"))


def _outlook() -> Any:
    import win32com.client  # pywin32, Windows only

    return win32com.client.Dispatch("Outlook.Application")


def aanvullen_uit_outlook(
    descriptors: list[FileDescriptor], missend: list[int], outlook: Any = None
) -> dict[int, bytes]:
    """The .msg bytes for the ``missend`` descriptor indexes, from Outlook's selection."""
    try:
        selectie = (outlook or _outlook()).ActiveExplorer().Selection
        items = [selectie.Item(i) for i in range(1, selectie.Count + 1)]
    except Exception:  # no Outlook, no explorer window, COM refused: nothing to add
        log.warning("Outlook-selectie niet beschikbaar", exc_info=True)
        return {}
    op_naam = {_vergelijkbaar(str(item.Subject)): item for item in items}
    zelfde_aantal = len(items) == len(descriptors)
    gevonden: dict[int, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="igj-outlook-") as map_:
        for index in missend:
            item = op_naam.get(_vergelijkbaar(descriptors[index].naam))
            if item is None and zelfde_aantal:
                item = items[index]  # Outlook lists the selection in the order it dragged
            if item is None:
                continue
            pad = Path(map_) / f"{index}.msg"
            try:
                item.SaveAs(str(pad), OL_MSG_UNICODE)
                gevonden[index] = pad.read_bytes()
            except Exception:
                log.warning("Outlook kon '%s' niet opslaan", descriptors[index].naam, exc_info=True)
    return gevonden
