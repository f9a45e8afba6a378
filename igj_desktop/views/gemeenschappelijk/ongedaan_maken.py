"""A notice in the status bar with an "Ongedaan maken" button, instead of asking first.

An action that a service can reverse exactly (a betrokkene removed, a koppeling removed) is
done at once; for a while the status bar says what was done and offers to undo it, by the
button (Alt+O) or Ctrl+Z, which runs the inverse service call in the background (as every
write, through ``ServiceOp``). Nothing to click away, and the notice goes by itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QPushButton, QWidget

from igj_desktop.views.gemeenschappelijk.dialogs import NOTICE_MS, dialogs
from igj_desktop.views.gemeenschappelijk.inkortlabel import InkortLabel
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp

NAAM = "ongedaanMelding"


class OngedaanMelding(QWidget):
    """One per main window, at the left of its status bar, hidden between notices."""

    def __init__(self, venster: QMainWindow) -> None:
        super().__init__(venster)
        self.setObjectName(NAAM)
        self.venster = venster
        self.tekst = InkortLabel()  # its accessible name is the whole notice
        self.knop = QPushButton("&Ongedaan maken")
        self.knop.setAccessibleName("Ongedaan maken")
        self.knop.clicked.connect(self.maak_ongedaan)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.tekst)
        layout.addWidget(self.knop)
        # Ctrl+Z undoes while the notice shows; a text field with focus keeps its own Ctrl+Z
        self.sneltoets = QShortcut(QKeySequence.StandardKey.Undo, venster)
        self.sneltoets.setContext(Qt.ShortcutContext.WindowShortcut)
        self.sneltoets.activated.connect(self.maak_ongedaan)
        self.timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self.timer.timeout.connect(self.verberg)
        self._terug: Callable[[], object] | None = None
        self._daarna: Callable[[], None] = lambda: None
        venster.statusBar().insertWidget(0, self, 3)
        self.verberg()

    def toon(
        self, tekst: str, terug: Callable[[], object], daarna: Callable[[], None], wat: str
    ) -> None:
        self._terug, self._daarna = terug, daarna
        self.tekst.setText(tekst)
        # the notice goes before the status bar's other labels (they shorten themselves)
        self.tekst.setMinimumWidth(min(self.tekst.sizeHint().width(), 240))
        self.knop.setMinimumWidth(self.knop.sizeHint().width())
        self.knop.setAccessibleDescription(f"{wat} terugzetten (Ctrl+Z)")
        self.venster.statusBar().clearMessage()
        self.sneltoets.setEnabled(True)
        self.show()
        self.timer.start()

    def verberg(self) -> None:
        self._terug = None
        self.sneltoets.setEnabled(False)
        self.hide()

    def maak_ongedaan(self) -> None:
        terug, daarna = self._terug, self._daarna
        self.verberg()
        if terug is None:
            return
        ServiceOp(self.venster, terug).success(lambda _: self._gelukt(daarna)).run()

    def _gelukt(self, daarna: Callable[[], None]) -> None:
        daarna()
        self.venster.statusBar().showMessage("Ongedaan gemaakt.", NOTICE_MS // 2)


def meld_met_ongedaan(
    parent: QWidget,
    tekst: str,
    terug: Callable[[], object],
    daarna: Callable[[], None],
    wat: str,
) -> OngedaanMelding | None:
    """Say ``tekst`` with an undo: ``terug`` is the inverse service call (run in the
    background), ``daarna`` what the view does when it succeeded (reload); ``wat`` names
    what comes back, for a screen reader. Outside a main window (a dialog on its own)
    there is no status bar: the plain notice is given, without undo."""
    venster = parent.window()
    if not isinstance(venster, QMainWindow):
        dialogs.notice(parent, "Gedaan", tekst)
        return None
    melding = venster.findChild(OngedaanMelding, NAAM)
    if melding is None:
        melding = OngedaanMelding(venster)
    melding.toon(tekst, terug, daarna, wat)
    return melding
