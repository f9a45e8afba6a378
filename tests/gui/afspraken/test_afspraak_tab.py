"""The Afspraken tab of a dossier: list, and the actions that open the afspraak dialogs."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import DeelnemerInvoer, NieuweAfspraak
from igj_desktop.views.afspraken.afspraak_dialog import AfspraakMailDialog
from igj_desktop.views.afspraken.afspraak_tab import AfsprakenTab
from igj_desktop.views.afspraken.afspraak_wijzigen_dialog import DeelnemersDialog, StopzetDialog
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import new_dossier

AMS = ZoneInfo("Europe/Amsterdam")


def _tab(qtbot: QtBot, env: GuiEnv, *, aangekondigd: bool) -> AfsprakenTab:
    dossier = new_dossier(
        env.ctx, env.seed, betrokkenen=[(env.seed.relaties["Zorggroep De Linde"], "ots")]
    )
    begin = datetime(2026, 12, 1, 9, 0, tzinfo=AMS)
    afspraken.plan_afspraak(
        env.ctx,
        dossier.id,
        NieuweAfspraak(
            onderwerp="Inspectiebezoek De Linde",
            begin=begin,
            einde=begin + timedelta(hours=3),
            aangekondigd=aangekondigd,
            deelnemers=(
                DeelnemerInvoer(medewerker_id=env.seed.medewerkers["avries"]),
                DeelnemerInvoer(relatie_id=env.seed.relaties["Zorggroep De Linde"]),
            ),
        ),
    )
    tab = AfsprakenTab(env.ctx, dossier.id)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded):
        tab.show()
    tab.resize(1100, 300)
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    return tab


def test_add_deelnemers_and_send_the_confirmation(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(qtbot, gui_env, aangekondigd=True)
    assert tab.bevestigen.isEnabled() and not tab.herinneren.isEnabled()
    opened: list[object] = []

    def add(cls: type, ctx: object, row: afspraken.AfspraakRow, parent: object) -> object:
        dialog = DeelnemersDialog(gui_env.ctx, row)
        qtbot.addWidget(dialog)
        opened.append([dialog.keuzes.item(i).text() for i in range(dialog.keuzes.count())])
        dialog.open_plaatsen.setValue(1)
        confirm(dialog)
        return dialog.result_value

    monkeypatch.setattr(DeelnemersDialog, "ask", classmethod(add))
    with qtbot.waitSignal(tab.loaded), qtbot.waitSignal(tab.changed):
        tab.deelnemers.click()
    assert opened == [[]]  # both the behandelaar and the OTS already take part
    assert tab.tree.topLevelItem(0).text(3) == (
        "Anna de Vries, Zorggroep De Linde, nog in te vullen"
    )
    sent: list[afspraken.MailConcept] = []
    monkeypatch.setattr(
        AfspraakMailDialog, "ask", classmethod(lambda cls, ctx, c, parent: sent.append(c) or c)
    )
    with qtbot.waitSignal(tab.loaded):
        tab.bevestigen.click()
    assert sent[0].aan == ("info@linde.example.nl",)
    tab.grab().save(str(SHOTS / "afspraak_tab.png"))


def test_unannounced_offers_no_confirmation_and_a_stopped_one_no_actions(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _tab(qtbot, gui_env, aangekondigd=False)
    assert not tab.bevestigen.isEnabled()
    assert tab.tree.topLevelItem(0).text(4) == "onaangekondigd; wacht op Exchange"
    monkeypatch.setattr(
        StopzetDialog,
        "ask",
        classmethod(lambda cls, ctx, row, parent: afspraken.stopzet_afspraak(ctx, row.id, "Ziek")),
    )
    with qtbot.waitSignal(tab.loaded):
        tab.stopzetten.click()
    assert tab.tree.topLevelItem(0).text(4).startswith("stopgezet: Ziek; onaangekondigd")
    assert not tab.verplaatsen.isEnabled() and not tab.stopzetten.isEnabled()
