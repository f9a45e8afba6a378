"""The new-dossier wizard, driven through its widgets; the result is read back via services."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QWizard
from pytestqt.qtbot import QtBot

from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.views.dossiers.dossier_nieuw_wizard import NieuwDossierWizard
from tests.conftest import GuiEnv


def _click_item(qtbot: QtBot, lijst: QListWidget, tekst: str) -> None:
    item = lijst.findItems(tekst, Qt.MatchFlag.MatchStartsWith)[0]
    qtbot.mouseClick(
        lijst.viewport(), Qt.MouseButton.LeftButton, pos=lijst.visualItemRect(item).center()
    )


def _next(qtbot: QtBot, wizard: QWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _open(qtbot: QtBot, env: GuiEnv) -> NieuwDossierWizard:
    wizard = NieuwDossierWizard(env.ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_wizard_creates_dossier_with_team_and_ots(qtbot: QtBot, gui_env: GuiEnv) -> None:
    wizard = _open(qtbot, gui_env)
    type_page = wizard.type_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _click_item(qtbot, type_page.types, "Risicotoezicht")
    qtbot.keyClicks(type_page.aanleiding, "Signaal")
    assert type_page.aanleiding.currentText() == "Signaal"
    _next(qtbot, wizard)

    gegevens = wizard.gegevens_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClicks(gegevens.titel, "Medicatieveiligheid GGZ Noorderlicht")
    qtbot.keyClicks(gegevens.omschrijving, "Signaal over medicatiefouten op twee afdelingen.")
    _next(qtbot, wizard)

    behandeling = wizard.behandeling_page
    assert behandeling.afdeling.currentText() == "Toezicht Zorgaanbieders"
    qtbot.keyClicks(behandeling.sector, "GGZ")
    behandeling.check("Bram Jansen")
    _next(qtbot, wizard)

    zoeker = wizard.relaties_page.zoeker
    qtbot.keyClicks(zoeker.zoekveld, "Noorderlicht")
    with qtbot.waitSignal(zoeker.searched):
        qtbot.mouseClick(zoeker.zoek_knop, Qt.MouseButton.LeftButton)
    assert zoeker.resultaten.rowCount() == 1
    zoeker.resultaten.selectRow(0)
    qtbot.mouseClick(zoeker.toevoeg_knop, Qt.MouseButton.LeftButton)
    assert [k.naam for k in wizard.relaties_page.gekozen.gekozen] == ["GGZ Noorderlicht"]

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted)  # in the background
    assert wizard.dossier_id is not None

    detail = dossiers.get_dossier_detail(gui_env.ctx, wizard.dossier_id)
    assert detail.titel == "Medicatieveiligheid GGZ Noorderlicht"
    assert detail.aanleiding == "Signaal"
    assert detail.dossiertype == "Risicotoezicht"
    assert detail.sector == "GGZ"
    assert detail.omschrijving == "Signaal over medicatiefouten op twee afdelingen."
    assert {t.naam for t in detail.behandelaars} == {"Anna de Vries", "Bram Jansen"}
    assert [(b.naam, b.rol) for b in detail.betrokkenen] == [("GGZ Noorderlicht", "ots")]


def test_cancel_leaves_nothing_behind(qtbot: QtBot, gui_env: GuiEnv) -> None:
    wizard = _open(qtbot, gui_env)
    _click_item(qtbot, wizard.type_page.types, "Thematisch toezicht")
    qtbot.keyClicks(wizard.type_page.aanleiding, "Thema")
    _next(qtbot, wizard)
    qtbot.keyClicks(wizard.gegevens_page.titel, "Wordt geannuleerd")
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert wizard.dossier_id is None
    assert dossiers.list_hoofddossiers(gui_env.ctx) == []


def test_afgeschermd_with_group_access(qtbot: QtBot, gui_env: GuiEnv) -> None:
    wizard = _open(qtbot, gui_env)
    _click_item(qtbot, wizard.type_page.types, "Incidenttoezicht")
    qtbot.keyClicks(wizard.type_page.aanleiding, "Melding")
    _next(qtbot, wizard)
    qtbot.keyClicks(wizard.gegevens_page.titel, "Gevoelige calamiteit")
    _next(qtbot, wizard)
    wizard.behandeling_page.check_groep("Team GGZ")
    qtbot.mouseClick(wizard.behandeling_page.afgeschermd, Qt.MouseButton.LeftButton)
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.dossier_id is not None)  # created in the background
    detail = dossiers.get_dossier_detail(gui_env.ctx, wizard.dossier_id)
    assert detail.afgeschermd
    assert {(t.naam, t.soort) for t in detail.toegang} == {
        ("Anna de Vries", "medewerker"),
        ("Team GGZ", "groep"),
    }


def test_enter_in_the_relatie_search_searches_and_never_creates(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    wizard = _open(qtbot, gui_env)
    _click_item(qtbot, wizard.type_page.types, "Risicotoezicht")
    qtbot.keyClicks(wizard.type_page.aanleiding, "Signaal")
    _next(qtbot, wizard)
    qtbot.keyClicks(wizard.gegevens_page.titel, "Enter zoekt")
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    zoeker = wizard.relaties_page.zoeker
    assert wizard.focusWidget() is zoeker.zoekveld  # the last page opens to search
    qtbot.keyClicks(zoeker.zoekveld, "Noorderlicht")
    with qtbot.waitSignal(zoeker.searched):
        qtbot.keyClick(zoeker.zoekveld, Qt.Key.Key_Return)
    qtbot.keyClick(zoeker.zoekveld, Qt.Key.Key_Enter)  # the keypad's Enter too
    qtbot.waitUntil(lambda: not zoeker.is_loading())
    assert zoeker.resultaten.rowCount() == 1
    assert wizard.isVisible() and wizard.result() != QWizard.DialogCode.Accepted
    assert wizard.dossier_id is None
    assert dossiers.list_hoofddossiers(gui_env.ctx) == []
