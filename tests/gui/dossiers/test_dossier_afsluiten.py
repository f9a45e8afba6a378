"""Closing a dossier in the window: every open matter is listed, afspraken are cancelled
with the cancellation queued for Exchange, and what a closed dossier forbids is disabled."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from igj_desktop.models import OutboxItem
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import (
    AGENDA_ANNULEREN,
    DeelnemerInvoer,
    NieuweAfspraak,
)
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.post import inkomend as post
from igj_desktop.views.afspraken.afspraak_tab import AfsprakenTab
from igj_desktop.views.dossiers.dossier_afsluiten_dialog import AfsluitenDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.post.post_tab import PostTab
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.gui.test_main_window import _reload, _select_in_tree, window  # noqa: F401
from tests.integration.dossier_support import new_dossier


def _brief() -> bytes:
    mail = EmailMessage()
    mail["From"] = "bestuur@noorderlicht.example.nl"
    mail["To"] = "post@igj.nl"
    mail["Subject"] = "Reactie op het conceptrapport"
    mail.set_content("Wij reageren binnen de termijn.")
    return mail.as_bytes()


def _dossier_met_open_zaken(env: GuiEnv):  # type: ignore[no-untyped-def]
    ctx = env.ctx
    dossier = new_dossier(ctx, env.seed, "Bezoek Noorderlicht")
    begin = ctx.now() + timedelta(days=7)
    afspraken.plan_afspraak(
        ctx,
        dossier.id,
        NieuweAfspraak(
            onderwerp="Inspectiebezoek Noorderlicht",
            begin=begin,
            einde=begin + timedelta(hours=2),
            deelnemers=(DeelnemerInvoer(medewerker_id=env.seed.medewerkers["avries"]),),
        ),
    )
    documenten.add_document(ctx, [dossier.id], "Conceptrapport.docx", b"concept")
    post.registreer_post(
        ctx, post.lees_bestand("reactie.eml", _brief()), post.Registratie([dossier.id])
    )
    return dossier


def test_closing_lists_everything_cancels_the_afspraak_and_disables_actions(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    gui_env: GuiEnv,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dossier = _dossier_met_open_zaken(gui_env)
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    assert window.act_afspraak.isEnabled() and window.act_afsluiten.isEnabled()
    shots = Path(tempfile.mkdtemp(prefix="igj-afsluiten-"))
    gezien: dict[str, str] = {}

    def sluit(ctx, dossier_id, parent=None):  # type: ignore[no-untyped-def]
        dialog = AfsluitenDialog(ctx, dossier_id, parent)
        dialog.show()
        qtbot.waitExposed(dialog)
        gezien["lijst"] = dialog.waarschuwing.text()
        dialog.reden.setCurrentIndex(1)
        assert not dialog.ok_button.isEnabled()  # the afspraak must be cancelled knowingly
        qtbot.mouseClick(dialog.bevestigen, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
        dialog.grab().save(str(shots / "afsluiten.png"))
        with dialogs.answering() as shown:
            confirm(dialog)
        gezien["bevestiging"] = shown[0].tekst
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.result_value

    monkeypatch.setattr(AfsluitenDialog, "ask", sluit)
    window.act_afsluiten.trigger()
    qtbot.waitUntil(lambda: not window.is_loading())

    lijst = gezien["lijst"]
    assert "Afspraak (wordt afgezegd): Inspectiebezoek Noorderlicht" in lijst
    assert "Concept-document: Conceptrapport" in lijst
    assert "Post nog niet beoordeeld: Reactie op het conceptrapport" in lijst
    bevestiging = gezien["bevestiging"]
    assert bevestiging.count("Bewaren tot") == 1  # not "Bewaren tot …: Bewaren tot …"
    assert "1 afspraak afgezegd" in bevestiging

    (afspraak,) = afspraken.afspraken_van_dossier(gui_env.ctx, dossier.id)
    assert afspraak.status == "stopgezet"
    with gui_env.ctx.read() as session:
        soorten = session.scalars(
            select(OutboxItem.soort).where(OutboxItem.afspraak_id == afspraak.id)
        ).all()
    assert AGENDA_ANNULEREN in soorten  # the cancellation goes out to the agendas

    assert dossiers.get_dossier_detail(gui_env.ctx, dossier.id).gesloten
    assert not window.act_afspraak.isEnabled()
    assert not window.act_afsluiten.isEnabled() and window.act_heropenen.isEnabled()
    tab = window.detail.tab("Afspraken")
    assert isinstance(tab, AfsprakenTab)
    qtbot.waitUntil(lambda: not window.is_loading())
    assert not tab.plannen.isEnabled() and "gesloten" in tab.plannen.toolTip()
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    assert not tab.verplaatsen.isEnabled() and not tab.stopzetten.isEnabled()
    post_tab = window.detail.tab("Post")
    assert isinstance(post_tab, PostTab)
    qtbot.waitUntil(lambda: not post_tab.is_loading())
    assert not post_tab.uitgaand.mail_knop.isEnabled()
    assert not post_tab.uitgaand.brief_knop.isEnabled()
    assert not post_tab.terug_knop.isEnabled()


def test_a_notice_goes_to_the_status_bar_with_nothing_to_click(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    """After an action that went well the user reads a short notice and works on."""
    dialogs.notice(window.detail, "Post geregistreerd", "'Brief' is geregistreerd\nin IGJ-1.")
    assert window.statusBar().currentMessage() == (
        "Post geregistreerd: 'Brief' is geregistreerd in IGJ-1."
    )
    assert QApplication.activeModalWidget() is None
