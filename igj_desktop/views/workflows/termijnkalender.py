"""Extra ▸ Termijnkalender: the gelijkgestelde dagen of the Atw, their source, and a warning.

The days the government declares equal to a feestdag (Atw art. 3 lid 3) are data that runs
out every few years. The window shows which Besluiten it knows and warns in the status bar
once the list ends within a year, so a beheerder adds the next one before termijnen go wrong.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.tijd import datum_voluit
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.workflows.termijnen import GELIJKSTELLING_MAP, Gelijkstellingen


class TermijnkalenderDialog(QDialog):
    """The Besluiten gelijkstelling with their days, source and how far they were checked."""

    def __init__(
        self, kalender: Gelijkstellingen, vandaag: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Termijnkalender (Algemene termijnenwet)")
        self.resize(760, 480)
        uitleg = QLabel(
            "Wettelijke termijnen die eindigen op een zaterdag, zondag of algemeen erkende "
            "feestdag lopen door tot de eerstvolgende werkdag (Atw art. 1), en een termijn van "
            "ten minste drie dagen omvat ten minste twee werkdagen (art. 2). Naast de vaste "
            "feestdagen, Goede Vrijdag en 5 mei gelden de dagen hieronder (art. 3 lid 3). "
            "Een nieuw besluit voegt de beheerder toe als bestand in de map "
            f"{GELIJKSTELLING_MAP.name}."
        )
        uitleg.setWordWrap(True)
        self.waarschuwing = QLabel(kalender.waarschuwing(vandaag) or "")
        self.waarschuwing.setObjectName("waarschuwing")
        self.waarschuwing.setWordWrap(True)
        self.waarschuwing.setVisible(bool(self.waarschuwing.text()))
        self.boom = QTreeWidget()
        self.boom.setHeaderLabels(["Besluit / dag", "Omschrijving"])
        self.boom.setColumnWidth(0, 380)
        for besluit in reversed(kalender.besluiten):
            item = QTreeWidgetItem([besluit.titel, f"t/m {besluit.tot_en_met}"])
            item.setToolTip(0, f"{besluit.titel}\nBron: {besluit.bron}\n{besluit.geverifieerd}")
            item.addChild(QTreeWidgetItem(["Bron", besluit.bron]))
            if besluit.geverifieerd:
                nagegaan = QTreeWidgetItem(["Nagegaan", besluit.geverifieerd])
                nagegaan.setToolTip(1, besluit.geverifieerd)
                item.addChild(nagegaan)
            for dag, naam in besluit.dagen.items():
                item.addChild(QTreeWidgetItem([datum_voluit(dag), naam]))
            self.boom.addTopLevelItem(item)
            item.setExpanded(besluit.tot_en_met >= vandaag.year)
        knoppen = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        knoppen.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        knoppen.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(uitleg)
        layout.addWidget(self.waarschuwing)
        layout.addWidget(self.boom, 1)
        layout.addWidget(knoppen)


class Termijnkalender(QObject):
    """The Extra-menu item and, when the list runs out within a year, a status-bar warning."""

    def __init__(self, window: MainWindow, kalender: Gelijkstellingen, vandaag: date) -> None:
        super().__init__(window)
        self.window, self.kalender, self.vandaag = window, kalender, vandaag
        self.action = QAction("&Termijnkalender (Atw)…", window)
        self.action.setStatusTip("Met feestdagen gelijkgestelde dagen en hun bron")
        self.action.triggered.connect(self.toon)
        window.menu("E&xtra").addAction(self.action)
        melding = kalender.waarschuwing(vandaag)
        self.label = QLabel("Termijnkalender loopt af" if melding else "")
        self.label.setObjectName("waarschuwing")
        self.label.setToolTip(melding or "")
        self.label.setVisible(melding is not None)
        window.statusBar().addWidget(self.label)

    def toon(self) -> None:
        TermijnkalenderDialog(self.kalender, self.vandaag, self.window).exec()
