"""The Documenten and Toetsing tabs inside the real main window, with a generated report."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import sjablonen
from igj_desktop.views.documenten.documenten_tab import DocumentenTab
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.toetsing.toetsing_view import ToetsingView
from tests.conftest import GuiEnv
from tests.document_demo import vul_toetsing
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import new_dossier


@pytest.fixture
def window(qtbot: QtBot, gui_env: GuiEnv, data_dir: Path) -> Iterator[MainWindow]:
    main = create_main_window(Settings(data_dir, gui_env.db.url, "avries", "test"), gui_env.db)
    assert main is not None
    qtbot.addWidget(main)
    main.resize(1400, 800)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: not main.is_loading())
    yield main
    main.close()


def test_documents_and_toetsing_of_a_dossier_in_the_window(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(
        ctx, gui_env.seed, "Crisisopvang GGZ Noorderlicht",
        betrokkenen=[(gui_env.seed.relaties["GGZ Noorderlicht"], "ots")],
    )  # fmt: skip
    vul_toetsing(ctx, dossier)
    rapport = sjablonen.genereer_document(ctx, dossier.id, "conceptrapport")
    documenten.add_versie(ctx, rapport.document_id, "Conceptrapport.docx", b"tweede versie")
    documenten.add_document(ctx, [dossier.id], "Signaal melder.pdf", b"%PDF-1.4 melding",
                            richting="inkomend", soort="signaal")  # fmt: skip
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading())
    index = window.tree_model.index_of(dossier.id)
    rect = window.tree.visualRect(index)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not window.is_loading())

    tab = window.detail.tab("Documenten")
    assert isinstance(tab, DocumentenTab)
    qtbot.waitUntil(lambda: not tab.is_loading() and tab.boom.topLevelItemCount() == 2)
    tab.boom.expandAll()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "main_window_documenten.png"))

    toets = window.detail.tab("Toetsing")
    assert isinstance(toets, ToetsingView)
    qtbot.waitUntil(lambda: not toets.is_loading() and toets.normen.topLevelItemCount() == 4)
    window.grab().save(str(SHOTS / "main_window_toetsing.png"))


def test_without_a_program_the_messages_say_what_to_do_and_the_tree_keeps_its_width(
    qtbot: QtBot,
    window: MainWindow,
    gui_env: GuiEnv,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """No Word, no xdg-open: the real opener fails; the user reads Dutch, no exception text."""
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed, "Dossier zonder Word")
    documenten.add_document(ctx, [dossier.id], "Verslag.docx", b"verslag")
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdg-open, no soffice: a bare workstation
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading())
    rect = window.tree.visualRect(window.tree_model.index_of(dossier.id))
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not window.is_loading())
    tab = window.detail.tab("Documenten")
    assert isinstance(tab, DocumentenTab) and tab.opener is not None
    qtbot.waitUntil(lambda: not tab.is_loading() and tab.boom.topLevelItemCount() == 1)
    tab.boom.setCurrentItem(tab.boom.topLevelItem(0))
    boom_breedte = window.splitter.sizes()[0]

    with dialogs.answering() as shown:
        qtbot.mouseClick(tab.knoppen["Openen"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(shown) == 1)  # the action runs in the background
        qtbot.mouseClick(tab.knoppen["Bewerken"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(shown) == 2)
    assert [s.titel for s in shown] == ["Niet gelukt", "Niet gelukt"]
    for melding in (shown[0].tekst, shown[1].tekst, tab.status.text()):
        assert "geen programma ingesteld dat .docx-bestanden opent" in melding
        assert "Installeer Word of LibreOffice" in melding
        for technisch in ("Errno", "No such file", "xdg-open", "("):
            assert technisch not in melding
    assert shown[1].tekst.endswith("Het document is weer ingecheckt.")
    assert documenten.documenten_van_dossier(ctx, dossier.id)[0].uitgecheckt_door is None
    qtbot.wait(50)  # one layout pass with the long message
    assert window.splitter.sizes()[0] == boom_breedte  # the long message wraps in its own pane
    window.grab().save(str(Path(tempfile.mkdtemp(prefix="igj-fout-")) / "geen_programma.png"))
