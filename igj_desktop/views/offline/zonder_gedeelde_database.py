"""The Bezoek menu on the embedded database, where offline working does not apply
(``werkbank_offline.py`` is the shared database's)."""

from __future__ import annotations

from PySide6.QtGui import QAction

from igj_desktop.views.hoofdvenster.main_window import MainWindow

ALLEEN_GEDEELD = (
    "Offline werken kan alleen met een gedeelde database: IGJ Desktop werkt nu op de "
    "ingebouwde database op deze computer, die altijd bereikbaar is. Stel IGJ_DATABASE_URL in "
    "op de gedeelde database van de inspectie (zie de handleiding) om dossiers mee te nemen."
)


def install_zonder_gedeelde_database(window: MainWindow) -> list[QAction]:
    """The Bezoek menu on the embedded database: its items are there, disabled, with the
    reason, so the user learns where offline working is and why it is not available here."""
    menu = window.menu("Be&zoek")
    menu.setToolTipsVisible(True)
    acties = []
    for titel in ("Meenemen voor bezoek…", "Synchroniseren", "Inleveren"):
        actie = QAction(titel, window)
        actie.setEnabled(False)
        actie.setToolTip(ALLEEN_GEDEELD)
        actie.setStatusTip(ALLEEN_GEDEELD)
        menu.addAction(actie)
        acties.append(actie)
    return acties
