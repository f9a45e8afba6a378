"""A dialog's OK runs its service call as a ``ServiceOp``: off the UI thread, OK disabled
meanwhile, refusals and conflicts shown in Dutch with the input kept; on both databases."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.orm import Session

from igj_desktop.db import Database
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.base import CONFLICT_MESSAGE, ServiceContext
from igj_desktop.services.dossiers import telefoonnotities
from igj_desktop.tijd import AMSTERDAM
from igj_desktop.views.afspraken.afspraak_wijzigen_dialog import VerplaatsDialog
from igj_desktop.views.dossiers.dossier_telefoonnotitie_dialog import TelefoonnotitieDialog
from igj_desktop.views.gemeenschappelijk.dialogs import Shown, dialogs
from tests.gui.bevestigen import confirm
from tests.integration.dossier_support import new_dossier
from tests.seed import Seed


def _show(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


def _notitie_dialog(qtbot: QtBot, ctx: ServiceContext, seed: Seed) -> TelefoonnotitieDialog:
    dossier = new_dossier(ctx, seed)
    dialog = TelefoonnotitieDialog(ctx, dossier.id)
    _show(qtbot, dialog)
    qtbot.keyClicks(dialog.onderwerp, "Vraag over de bezoekplanning")
    return dialog


@contextmanager
def _write_lock(database: Database) -> Iterator[None]:
    """Another client holds the write lock, so the dialog's write waits until it is released."""
    with database.engine.connect() as other:
        if database.is_embedded:
            other.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            other.exec_driver_sql("LOCK TABLE telefoonnotitie IN EXCLUSIVE MODE")
        yield
        other.rollback()


def test_ok_is_disabled_while_the_write_runs_and_enabled_after(
    qtbot: QtBot, database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    dialog = _notitie_dialog(qtbot, ctx, seed)
    qtbot.keyClicks(dialog.samenvatting, "Bezoek verzet naar volgende week.")
    with _write_lock(database):
        dialog.ok_button.click()
        qtbot.wait(300)  # the write waits for the lock; the window keeps painting meanwhile
        assert dialog.busy and dialog.isVisible()
        assert not dialog.ok_button.isEnabled() and not dialog.cancel_button.isEnabled()
        cursor = QApplication.overrideCursor()
        assert cursor is not None and cursor.shape() == Qt.CursorShape.BusyCursor
        dialog.reject()  # Escape while it runs: the outcome decides, not the key
        assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert dialog.ok_button.isEnabled() and dialog.cancel_button.isEnabled()
    assert QApplication.overrideCursor() is None
    stored = telefoonnotities.list_telefoonnotities(ctx, dialog.dossier_id)
    assert [(n.id, n.onderwerp) for n in stored] == [
        (dialog.result_value, "Vraag over de bezoekplanning")
    ]


def test_the_write_runs_on_a_worker_thread_not_the_ui_thread(
    qtbot: QtBot, database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    dialog = _notitie_dialog(qtbot, ctx, seed)
    qtbot.keyClicks(dialog.samenvatting, "Bezoek verzet naar volgende week.")
    flushed_on: list[threading.Thread] = []

    def flushing(_session: Session, *_args: object) -> None:
        flushed_on.append(threading.current_thread())

    event.listen(Session, "before_flush", flushing)
    try:
        confirm(dialog)
    finally:
        event.remove(Session, "before_flush", flushing)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert flushed_on, "the service wrote nothing"
    assert threading.main_thread() not in flushed_on
    assert threading.current_thread() is threading.main_thread()  # the UI thread of this test


def test_a_refusal_shows_the_dutch_message_and_keeps_the_input(
    qtbot: QtBot, database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    dialog = _notitie_dialog(qtbot, ctx, seed)
    qtbot.keyClicks(dialog.gesprekspartner, "J. Jansen")
    confirm(dialog)  # the service refuses on the worker thread: no samenvatting
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.text() == "Vul een samenvatting van het gesprek in."
    assert dialog.onderwerp.text() == "Vraag over de bezoekplanning"
    assert dialog.gesprekspartner.text() == "J. Jansen"
    assert dialog.ok_button.isEnabled()
    assert telefoonnotities.list_telefoonnotities(ctx, dialog.dossier_id) == []
    qtbot.keyClicks(dialog.samenvatting, "Bezoek verzet.")
    confirm(dialog)  # corrected, the same input goes through
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.error_label.text() == ""


def test_a_stale_version_shows_the_conflict_and_offers_to_reload(
    qtbot: QtBot, database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    dossier = new_dossier(ctx, seed)
    begin = datetime(2026, 11, 3, 10, tzinfo=AMSTERDAM)
    row = afspraken.plan_afspraak(
        ctx,
        dossier.id,
        afspraken.NieuweAfspraak("Bestuursgesprek", begin, begin + timedelta(hours=1)),
    )
    dialog = VerplaatsDialog(ctx, row)
    _show(qtbot, dialog)
    later = begin + timedelta(days=1)  # a colleague moves it while the dialog is open
    afspraken.verplaats_afspraak(
        ctx, row.id, later, later + timedelta(hours=1), version=row.version
    )
    vraag = Shown(
        "vraag", "Gelijktijdige wijziging", f"{CONFLICT_MESSAGE}\n\nDe gegevens nu opnieuw laden?"
    )
    with dialogs.answering(False) as shown:
        confirm(dialog)
    assert shown == [vraag]
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    with dialogs.answering(True) as shown:
        confirm(dialog)
    assert shown == [vraag]
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert afspraken.get_afspraak(ctx, row.id).begin == later  # the colleague's move stands
