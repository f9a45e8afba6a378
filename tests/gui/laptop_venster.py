"""Run as a separate process (a scale factor only takes effect before Qt starts): open the
first window on the demo data on a screen described by the environment, and report what a
user would see, as JSON on stdout. Used by ``test_laptop_scherm.py``.

    python -m tests.gui.laptop_venster <data-dir> <screenshot.png>
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.db import Database
from igj_desktop.services.beheer.demo import fill_demo
from igj_desktop.views.hoofdvenster.main_window import MainWindow


def _wacht(window: MainWindow, seconden: float = 60) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        QApplication.processEvents()
        if not window.is_loading() and window.tree_model.rowCount() > 0:
            return
        time.sleep(0.02)
    raise TimeoutError("het venster bleef laden")


def meet(data_dir: Path, shot: Path) -> dict[str, object]:
    database = Database(f"sqlite:///{data_dir / 'igj.sqlite'}")
    database.upgrade()
    fill_demo(database, "avries")
    window = create_main_window(Settings(data_dir, database.url, "avries", "test"), database)
    assert window is not None
    window.show()
    _wacht(window)
    window.tree.setCurrentIndex(window.tree_model.index(0, 0, QModelIndex()))
    _wacht(window)
    for _ in range(20):
        QApplication.processEvents()
    scherm = window.screen().availableGeometry()
    balk = window.detail.tabs.tabBar()
    zichtbaar_tabs = [
        balk.tabText(i)
        for i in range(balk.count())
        if balk.rect().contains(balk.tabRect(i)) and balk.tabRect(i).right() < balk.width() - 40
    ]
    tabel = window.werkvoorraad.table
    rij = max(tabel.sizeHintForRow(0), 1) if window.werkvoorraad.model.rowCount() else 24
    kenmerk = window.tree_model.index(0, 0, QModelIndex()).data()
    werkbalk = window.werkbalk
    result = {
        "scherm": [scherm.x(), scherm.y(), scherm.width(), scherm.height()],
        "venster": [window.x(), window.y(), window.width(), window.height()],
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "werkbalk_alles_zichtbaar": all(
            werkbalk.widgetForAction(a) is not None
            and werkbalk.widgetForAction(a).isVisible()
            and werkbalk.widgetForAction(a).geometry().right() <= werkbalk.width()
            for a in werkbalk.actions()
            if not a.isSeparator()
        ),
        "werkvoorraad_rijen": tabel.viewport().height() // rij,
        "kenmerk_past": window.tree.columnWidth(0)
        >= window.tree.fontMetrics().horizontalAdvance(kenmerk) + 20,
        "zichtbare_tabs": zichtbaar_tabs,
        "status_gebruiker": window.gebruiker_label.text()
        if window.gebruiker_label.width() >= window.gebruiker_label.sizeHint().width()
        else "afgekapt",
        "status_database_tooltip": window.database_label.toolTip(),
        "vensterkleur": QApplication.palette().color(QPalette.ColorRole.Window).name(),
        "kolomkopkleur": window.tree.header().grab().toImage().pixelColor(5, 5).name(),
    }
    window.grab().save(str(shot))
    agenda = window.werk_tab("Mijn agenda")  # the week grid at this scale, to look at
    agenda.toon_als("week")  # type: ignore[attr-defined]
    for _ in range(50):
        QApplication.processEvents()
        time.sleep(0.02)
    window.grab().save(str(shot.with_name(f"{shot.stem}_agenda.png")))
    window.close()
    return result


if __name__ == "__main__":
    print(json.dumps(meet(Path(sys.argv[1]), Path(sys.argv[2]))))
