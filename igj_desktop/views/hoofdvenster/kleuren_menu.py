"""Beeld ▸ Kleuren: Systeem (follow Windows), Licht or Donker, remembered between starts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication

from igj_desktop.views.gemeenschappelijk import thema
from igj_desktop.views.gemeenschappelijk.thema import Thema

if TYPE_CHECKING:
    from igj_desktop.views.hoofdvenster.main_window import MainWindow

SLEUTEL = "weergave/kleuren"
NAMEN = {
    Thema.SYSTEEM: "Zoals &Windows",
    Thema.LICHT: "&Licht",
    Thema.DONKER: "&Donker",
}


class KleurenMenu(QObject):
    """The choice in the window's settings; the application's colours follow it at once."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        menu = window.menu("Bee&ld").addMenu("&Kleuren")
        menu.menuAction().setStatusTip("Licht, donker of zoals Windows is ingesteld")
        groep = QActionGroup(self)
        self.acties: dict[Thema, QAction] = {}
        opgeslagen = str(window.settings.value(SLEUTEL, Thema.SYSTEEM.value))
        gekozen = Thema(opgeslagen) if opgeslagen in Thema._value2member_map_ else Thema.SYSTEEM
        for keuze, naam in NAMEN.items():
            actie = QAction(naam, groep, checkable=True, checked=keuze is gekozen)
            actie.triggered.connect(lambda _=False, k=keuze: self.kies(k))
            menu.addAction(actie)
            self.acties[keuze] = actie
        self._pas_toe(gekozen)

    def kies(self, keuze: Thema) -> None:
        self.window.settings.setValue(SLEUTEL, keuze.value)
        self.acties[keuze].setChecked(True)
        self._pas_toe(keuze)

    @staticmethod
    def _pas_toe(keuze: Thema) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            thema.pas_toe(app, keuze)
