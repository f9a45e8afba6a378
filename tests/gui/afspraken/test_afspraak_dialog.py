"""The planning dialog and the mail check dialog, with real widgets on a real database."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.read_models import DossierDetail
from igj_desktop.views.afspraken.afspraak_dialog import AfspraakDialog, AfspraakMailDialog
from igj_desktop.views.afspraken.afspraak_wijzigen_dialog import StopzetDialog, VerplaatsDialog
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import new_dossier


def _show(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / name))


def _dossier(env: GuiEnv) -> DossierDetail:
    return new_dossier(
        env.ctx,
        env.seed,
        "Toezicht Zorggroep De Linde",
        betrokkenen=[(env.seed.relaties["Zorggroep De Linde"], "ots")],
    )


def test_plan_an_unannounced_visit_with_an_open_place(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = _dossier(gui_env)
    dialog = AfspraakDialog(gui_env.ctx, dossier.id)
    _show(qtbot, dialog)
    labels = [dialog.deelnemers.item(i).text() for i in range(dialog.deelnemers.count())]
    assert labels == [
        "Anna de Vries – behandelaar",
        "Zorggroep De Linde – OTS (onder toezicht staande)",
    ]
    assert dialog.deelnemers.item(0).checkState() == Qt.CheckState.Checked
    confirm(dialog)
    assert dialog.error_label.text() == "Vul het onderwerp van de afspraak in."
    qtbot.keyClicks(dialog.onderwerp, "Onaangekondigd bezoek De Linde")
    qtbot.keyClicks(dialog.locatie, "Hoofdstraat 1, Utrecht")
    dialog.begin.setDateTime(QDateTime.fromString("01-12-2026 08:30", "dd-MM-yyyy HH:mm"))
    dialog.einde.setDateTime(QDateTime.fromString("01-12-2026 12:00", "dd-MM-yyyy HH:mm"))
    dialog.aangekondigd.setChecked(False)
    assert dialog.onaangekondigd_hint.isVisible()
    dialog.open_plaatsen.setValue(1)
    _shot(dialog, "afspraak_dialog.png")
    confirm(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    [row] = afspraken.afspraken_van_dossier(gui_env.ctx, dossier.id)
    assert (row.onderwerp, row.aangekondigd, row.begin.hour) == (
        "Onaangekondigd bezoek De Linde",
        False,
        7,  # 08:30 in Amsterdam is 07:30 UTC in December
    )
    assert [d.soort for d in row.deelnemers] == ["behandelaar", "nog in te vullen"]


def test_only_a_visit_can_be_unannounced(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dialog = AfspraakDialog(gui_env.ctx, _dossier(gui_env).id)
    _show(qtbot, dialog)
    dialog.aangekondigd.setChecked(False)
    dialog.soort.setCurrentIndex(dialog.soort.findText("Bijeenkomst"))
    assert dialog.aangekondigd.isChecked() and not dialog.aangekondigd.isEnabled()


def test_the_confirmation_is_edited_before_it_is_queued(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = _dossier(gui_env)
    dialog = AfspraakDialog(gui_env.ctx, dossier.id)
    _show(qtbot, dialog)
    qtbot.keyClicks(dialog.onderwerp, "Inspectiebezoek De Linde")
    dialog.deelnemers.item(1).setCheckState(Qt.CheckState.Checked)
    confirm(dialog)
    afspraak = dialog.result_value
    concept = afspraken.afspraakbevestiging_concept(gui_env.ctx, afspraak.id)
    mail = AfspraakMailDialog(gui_env.ctx, concept)
    _show(qtbot, mail)
    assert mail.aan.text() == "info@linde.example.nl"
    assert "Inspectiebezoek De Linde" in mail.tekst.toPlainText()
    _shot(mail, "afspraak_mail_dialog.png")
    mail.aan.setText("info@linde.example.nl; geen-adres")
    confirm(mail)
    assert mail.error_label.text() == "Vul geldige e-mailadressen in."
    mail.aan.setText("info@linde.example.nl")
    mail.tekst.appendPlainText("Graag parkeren aan de achterzijde.")
    confirm(mail)
    assert mail.result() == QDialog.DialogCode.Accepted
    assert mail.result_value.tekst.endswith("Graag parkeren aan de achterzijde.")
    assert afspraken.get_afspraak(gui_env.ctx, afspraak.id).wacht_op_exchange


def test_move_then_stop_an_afspraak(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = _dossier(gui_env)
    plan = AfspraakDialog(gui_env.ctx, dossier.id)
    _show(qtbot, plan)
    qtbot.keyClicks(plan.onderwerp, "Bestuursgesprek De Linde")
    plan.begin.setDateTime(QDateTime.fromString("24-10-2026 10:00", "dd-MM-yyyy HH:mm"))
    plan.einde.setDateTime(QDateTime.fromString("24-10-2026 11:00", "dd-MM-yyyy HH:mm"))
    confirm(plan)
    row = plan.result_value

    verplaats = VerplaatsDialog(gui_env.ctx, row)
    _show(qtbot, verplaats)
    verplaats.begin.setDateTime(QDateTime.fromString("26-10-2026 10:00", "dd-MM-yyyy HH:mm"))
    verplaats.einde.setDateTime(QDateTime.fromString("26-10-2026 09:00", "dd-MM-yyyy HH:mm"))
    confirm(verplaats)
    assert verplaats.error_label.text() == "Het einde van de afspraak moet na het begin liggen."
    verplaats.einde.setDateTime(QDateTime.fromString("26-10-2026 11:00", "dd-MM-yyyy HH:mm"))
    _shot(verplaats, "afspraak_verplaatsen_dialog.png")
    confirm(verplaats)
    moved = verplaats.result_value
    # 10:00 summer time (UTC+2) before, 10:00 winter time (UTC+1) after the switch on 25 October
    assert (row.begin.astimezone(UTC).hour, moved.begin.astimezone(UTC).hour) == (8, 9)

    stop = StopzetDialog(gui_env.ctx, moved)
    _show(qtbot, stop)
    confirm(stop)
    assert stop.error_label.text() == "Geef de reden waarom de afspraak wordt stopgezet."
    qtbot.keyClicks(stop.reden, "Bestuurder afwezig")
    _shot(stop, "afspraak_stopzetten_dialog.png")
    confirm(stop)
    assert stop.result_value.status == "stopgezet"
    assert stop.result_value.reden_stopzetten == "Bestuurder afwezig"
