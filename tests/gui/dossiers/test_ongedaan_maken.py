"""Removing a betrokkene or a koppeling happens at once, with a notice in the status bar
whose "Ongedaan maken" (button or Ctrl+Z) puts it back in the database; no question first."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from igj_desktop.models import Betrokkene, GerelateerdDossier
from igj_desktop.services.dossiers import koppelingen
from igj_desktop.views.dossiers.dossier_tabs import ListTab
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.ongedaan_maken import NAAM, OngedaanMelding
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from tests.conftest import GuiEnv
from tests.gui.screenshots import SHOTS
from tests.gui.test_main_window import _reload, _select_in_tree, window  # noqa: F401
from tests.integration.dossier_support import new_dossier


def _tab(qtbot: QtBot, venster: MainWindow, titel: str) -> ListTab:
    tab = venster.detail.tab(titel)
    assert isinstance(tab, ListTab)
    qtbot.waitUntil(lambda: not tab.is_loading())
    return tab


def _kies(qtbot: QtBot, tab: ListTab, tekst: str) -> None:
    rij = next(r for r in range(tab.table.rowCount()) if tekst in tab.table.item(r, 0).text())
    rect = tab.table.visualRect(tab.table.model().index(rij, 0))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _melding(venster: MainWindow) -> OngedaanMelding:
    melding = venster.findChild(OngedaanMelding, NAAM)
    assert melding is not None
    return melding


def _betrokkenen(env: GuiEnv, dossier_id: uuid.UUID) -> set[tuple[uuid.UUID, str]]:
    with env.db.session() as session:
        return set(
            session.execute(
                select(Betrokkene.relatie_id, Betrokkene.rol).where(
                    Betrokkene.dossier_id == dossier_id
                )
            ).tuples()
        )


def test_a_removed_betrokkene_comes_back_with_the_button(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    gui_env: GuiEnv,
) -> None:
    noorderlicht = gui_env.seed.relaties["GGZ Noorderlicht"]
    dossier = new_dossier(gui_env.ctx, gui_env.seed, betrokkenen=[(noorderlicht, "ots")])
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    tab = _tab(qtbot, window, "Betrokkenen")
    _kies(qtbot, tab, "Noorderlicht")
    voor = _betrokkenen(gui_env, dossier.id)
    assert (noorderlicht, "ots") in voor

    with dialogs.answering() as getoond:  # no question asked: it happens at once
        qtbot.mouseClick(tab.buttons["Verwijderen"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.findChild(OngedaanMelding, NAAM) is not None)
    assert getoond == []
    assert (noorderlicht, "ots") not in _betrokkenen(gui_env, dossier.id)
    melding = _melding(window)
    assert melding.isVisible()
    assert "GGZ Noorderlicht" in melding.tekst.text()
    assert melding.knop.accessibleName() == "Ongedaan maken"
    assert "Ctrl+Z" in melding.knop.accessibleDescription()
    window.resize(1280, 720)  # a laptop at 150 %
    qtbot.waitUntil(lambda: melding.knop.width() >= melding.knop.sizeHint().width())
    window.grab().save(str(SHOTS / "ongedaan_maken_betrokkene.png"))

    qtbot.mouseClick(melding.knop, Qt.MouseButton.LeftButton)
    assert not melding.isVisible()
    qtbot.waitUntil(lambda: _betrokkenen(gui_env, dossier.id) == voor)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Ongedaan gemaakt.")
    tab = _tab(qtbot, window, "Betrokkenen")  # the detail pane reloaded its tabs
    qtbot.waitUntil(
        lambda: any(
            "Noorderlicht" in tab.table.item(r, 0).text() for r in range(tab.table.rowCount())
        )
    )


def test_a_removed_koppeling_comes_back_with_ctrl_z_in_both_dossiers(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    gui_env: GuiEnv,
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    ander = new_dossier(gui_env.ctx, gui_env.seed, "Toezicht op een ander")
    koppelingen.link_dossier(gui_env.ctx, dossier.id, ander.id, "Zelfde signaal")
    koppelingen.link_extern(gui_env.ctx, dossier.id, "WPM", "https://wpm.igj.nl/d/7", "Werkplan")

    def stand() -> set[tuple[uuid.UUID, uuid.UUID | None, str | None, str]]:
        with gui_env.db.session() as session:
            return set(
                session.execute(
                    select(
                        GerelateerdDossier.dossier_id,
                        GerelateerdDossier.doel_dossier_id,
                        GerelateerdDossier.url,
                        GerelateerdDossier.omschrijving,
                    )
                ).tuples()
            )

    voor = stand()
    assert len(voor) == 3  # both directions of the internal link, and the hyperlink
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    for doel in (ander.kenmerk, "wpm.igj.nl"):
        tab = _tab(qtbot, window, "Gerelateerd")
        _kies(qtbot, tab, doel)
        qtbot.mouseClick(tab.buttons["Ontkoppelen"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(stand()) < len(voor))
        qtbot.waitUntil(lambda: window.findChild(OngedaanMelding, NAAM) is not None)
        qtbot.waitUntil(lambda: _melding(window).isVisible())
        tab.table.setFocus()  # not in a text field: Ctrl+Z is the window's
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
        )
        assert not _melding(window).isVisible()
        qtbot.waitUntil(lambda: stand() == voor)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Ongedaan gemaakt.")
        qtbot.waitUntil(lambda: not window.is_loading())
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(200)
    assert stand() == voor  # nothing left to undo: Ctrl+Z does nothing
