"""Dialogs and background tasks show a failing database or disk in Dutch, never the raw text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.services.dossiers import telefoonnotities
from igj_desktop.services.storing import ONVERWACHT, SCHIJF_VOL
from igj_desktop.views.dossiers.dossier_telefoonnotitie_dialog import TelefoonnotitieDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.integration.dossier_support import new_dossier
from tests.integration.faults import small_disk, sqlite_full


def test_a_full_database_keeps_the_dialog_open_with_a_dutch_message(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    dialog = TelefoonnotitieDialog(gui_env.ctx, dossier.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.onderwerp, "Datum inspectiebezoek")
    dialog.samenvatting.setPlainText("Verslag van het gesprek. " * 20_000)
    with sqlite_full(gui_env.db):
        confirm(dialog)
        assert dialog.isVisible()
        assert dialog.error_label.text() == SCHIJF_VOL
    assert telefoonnotities.list_telefoonnotities(gui_env.ctx, dossier.id) == []
    confirm(dialog)  # space again: it works
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(telefoonnotities.list_telefoonnotities(gui_env.ctx, dossier.id)) == 1


@pytest.mark.logt_fout  # the bug is logged for the beheerder
def test_a_background_task_on_a_full_disk_or_a_bug_is_told_in_dutch(
    qtbot: QtBot, tmp_path: Path
) -> None:
    fouten: list[BaseException] = []
    with small_disk(tmp_path) as schijf:
        store = FileDocumentStore(schijf)
        run_task(lambda: store.put(b"x" * 400_000), lambda _r: None, fouten.append)
        qtbot.waitUntil(lambda: len(fouten) == 1)
    run_task(lambda: 1 / 0, lambda _r: None, fouten.append)
    qtbot.waitUntil(lambda: len(fouten) == 2)
    with dialogs.answering() as shown:
        for fout in fouten:
            dialogs.task_error(None, "Opslaan", fout)
    assert [s.tekst for s in shown] == [SCHIJF_VOL, ONVERWACHT]
