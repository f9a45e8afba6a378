"""Each dossier dialog driven through its widgets; the database is checked through services."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import afsluiten, koppelingen, relaties, telefoonnotities
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.read_models import DossierDetail
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.workflows import werkvoorraad
from igj_desktop.views.dossiers.dossier_afsluiten_dialog import (
    ANDERS,
    AfsluitenDialog,
    HeropenenDialog,
)
from igj_desktop.views.dossiers.dossier_koppeling_dialog import KoppelingDialog
from igj_desktop.views.dossiers.dossier_relatie_dialog import RelatieAanvraagDialog, RelatieDialog
from igj_desktop.views.dossiers.dossier_subdossier_dialog import (
    BulkSubdossierDialog,
    SubdossierDialog,
)
from igj_desktop.views.dossiers.dossier_telefoonnotitie_dialog import TelefoonnotitieDialog
from igj_desktop.views.dossiers.dossier_zoeken_dialog import ZoekDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import running_tasks
from igj_desktop.views.toegang.dossier_overdragen_dialog import OverdragenDialog
from igj_desktop.views.toegang.dossier_toegang_dialog import ToegangDialog
from tests.conftest import GuiEnv
from tests.integration.dossier_support import add_activiteit, new_dossier


def _show(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


def _click(qtbot: QtBot, widget: QWidget) -> None:
    if isinstance(widget, QCheckBox | QRadioButton):
        # A check box in a form is wider than its box and label: click on the box itself.
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: running_tasks() == 0)  # OK runs its service call in the background


def _choose(combo: QComboBox, tekst: str) -> None:
    """Pick an entry as a user does from the list (typing a space would open the popup)."""
    index = combo.findText(tekst, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, tekst
    combo.setCurrentIndex(index)


def _dossier_met_ots(env: GuiEnv, titel: str = "Thema medicatieveiligheid") -> DossierDetail:
    return new_dossier(
        env.ctx,
        env.seed,
        titel,
        dossiertype_id=env.seed.dossiertypes["thematisch_toezicht"],
        betrokkenen=[
            (env.seed.relaties["GGZ Noorderlicht"], "ots"),
            (env.seed.relaties["Zorggroep De Linde"], "ots"),
        ],
    )


def test_subdossier_dialog_creates_a_subdossier_with_ots(qtbot: QtBot, gui_env: GuiEnv) -> None:
    hoofd = _dossier_met_ots(gui_env)
    dialog = SubdossierDialog(gui_env.ctx, hoofd.id)
    _show(qtbot, dialog)
    qtbot.keyClicks(dialog.titel, "Referentiebezoek Noorderlicht")
    _choose(dialog.ots, "GGZ Noorderlicht")
    _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    sub = dossiers.get_dossier_detail(gui_env.ctx, dialog.result_value)
    assert sub.kenmerk == f"{hoofd.kenmerk}-01"
    assert sub.parent is not None and sub.parent.id == hoofd.id
    assert [(b.naam, b.rol) for b in sub.betrokkenen] == [("GGZ Noorderlicht", "ots")]


def test_subdossier_dialog_shows_a_refusal_and_stays_open(qtbot: QtBot, gui_env: GuiEnv) -> None:
    hoofd = _dossier_met_ots(gui_env)
    dialog = SubdossierDialog(gui_env.ctx, hoofd.id)
    _show(qtbot, dialog)
    _click(qtbot, dialog.ok_button)  # no titel
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Vul een titel in."
    assert dossiers.list_subdossiers(gui_env.ctx, hoofd.id) == []


def test_bulk_dialog_makes_one_subdossier_per_checked_ots(qtbot: QtBot, gui_env: GuiEnv) -> None:
    hoofd = _dossier_met_ots(gui_env)
    dialog = BulkSubdossierDialog(gui_env.ctx, hoofd.id)
    _show(qtbot, dialog)
    assert dialog.ots.count() == 2
    dialog.ots.item(1).setCheckState(Qt.CheckState.Unchecked)
    _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    subs = dossiers.list_subdossiers(gui_env.ctx, hoofd.id)
    assert [s.titel for s in subs] == [f"{hoofd.titel} – {dialog.ots.item(0).text()}"]


def test_toegang_dialog_grants_revokes_and_shields(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    dialog = ToegangDialog(gui_env.ctx, dossier.id)
    _show(qtbot, dialog)
    _choose(dialog.wie, "Carla Bakker")
    _choose(dialog.rol, "Lezer")
    _click(qtbot, dialog.toevoegen)
    _click(qtbot, dialog.soort_groep)
    _choose(dialog.wie, "Team GGZ")
    _choose(dialog.rol, "Behandelaar")
    _click(qtbot, dialog.toevoegen)
    rollen = {(t.naam, t.rol) for t in dossiers.get_dossier_detail(gui_env.ctx, dossier.id).toegang}
    assert rollen == {
        ("Anna de Vries", "behandelaar"),
        ("Carla Bakker", "lezer"),
        ("Team GGZ", "behandelaar"),
    }
    assert dialog.tabel.rowCount() == 3

    dialog.select("Carla Bakker")
    _click(qtbot, dialog.intrekken)
    _click(qtbot, dialog.afgeschermd)
    detail = dossiers.get_dossier_detail(gui_env.ctx, dossier.id)
    assert "Carla Bakker" not in {t.naam for t in detail.toegang}
    assert detail.afgeschermd

    dialog.select("Anna de Vries")  # the last behandelaar cannot leave
    _click(qtbot, dialog.intrekken)
    assert "behandelaar" in dialog.error_label.text()
    assert "Anna de Vries" in {
        t.naam for t in dossiers.get_dossier_detail(gui_env.ctx, dossier.id).toegang
    }


def test_relatie_dialog_searches_and_adds_in_a_role(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    dialog = RelatieDialog(gui_env.ctx, dossier.id)
    _show(qtbot, dialog)
    zoeker = dialog.zoeker
    assert dialog.focusWidget() is zoeker.zoekveld  # typing right away searches the register
    qtbot.keyClicks(zoeker.zoekveld, "Groningen")
    with qtbot.waitSignal(zoeker.searched):
        qtbot.keyClick(zoeker.zoekveld, Qt.Key.Key_Return)
    assert zoeker.resultaten.rowCount() == 2
    assert dialog.isVisible() and not dialog.error_label.isVisible()  # Enter only searched
    zoeker.resultaten.selectRow(1)
    _choose(zoeker.rol, "Betrokken persoon")
    _click(qtbot, zoeker.toevoeg_knop)
    _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    betrokkenen = relaties.list_betrokkenen(gui_env.ctx, dossier.id)
    assert [(b.naam, b.rol) for b in betrokkenen] == [
        ("J. Pietersen, psychiater", "betrokken_persoon")
    ]


def test_relatie_aanvragen_creates_work_for_relatiebeheer(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    dialog = RelatieAanvraagDialog(gui_env.ctx, dossier.id, naam="Zorgboerderij De Hoeve")
    _show(qtbot, dialog)
    qtbot.keyClicks(dialog.kvk, "1234")
    _click(qtbot, dialog.ok_button)
    assert dialog.error_label.text() == "Een KvK-nummer bestaat uit 8 cijfers."
    qtbot.keyClicks(dialog.kvk, "5678")
    qtbot.keyClicks(dialog.plaats, "Ede")
    _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    beheerder = ServiceContext.for_user(gui_env.db, "fmulder")
    titels = [w.titel for w in werkvoorraad.list_werkvoorraad(beheerder, "groepen")]
    assert titels == ["Relatie toevoegen aan register: Zorgboerderij De Hoeve"]


def test_koppeling_dialog_links_internal_and_external(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed, "Toezicht Noorderlicht")
    ander = new_dossier(gui_env.ctx, gui_env.seed, "Calamiteit Noorderlicht")
    dialog = KoppelingDialog(gui_env.ctx, dossier.id)
    _show(qtbot, dialog)
    qtbot.keyClicks(dialog.zoekveld, ander.kenmerk[-6:])  # a part of its number
    qtbot.keyClick(dialog.zoekveld, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.is_loading())
    assert dialog.resultaten.item(0, 0).text() == ander.kenmerk
    assert dialog.status_label.text() == "1 dossier gevonden."
    assert dialog.isVisible()  # Enter searched, it did not link
    dialog.zoekveld.clear()
    qtbot.keyClicks(dialog.zoekveld, "Calamiteit")
    _click(qtbot, dialog.zoek_knop)
    qtbot.waitUntil(lambda: not dialog.is_loading())
    assert dialog.resultaten.rowCount() == 1
    qtbot.keyClicks(dialog.omschrijving, "Zelfde zorgaanbieder")
    _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    terug = koppelingen.list_koppelingen(gui_env.ctx, ander.id)
    assert [(k.doel.kenmerk, k.omschrijving) for k in terug] == [
        (dossier.kenmerk, "Zelfde zorgaanbieder")
    ]

    extern = KoppelingDialog(gui_env.ctx, dossier.id)
    _show(qtbot, extern)
    _click(qtbot, extern.extern)
    qtbot.keyClicks(extern.url, "wpm.igj.nl/123")
    _click(qtbot, extern.ok_button)
    assert "http" in extern.error_label.text()
    extern.url.clear()
    qtbot.keyClicks(extern.url, "https://wpm.igj.nl/dossier/123")
    _click(qtbot, extern.ok_button)
    assert extern.result() == QDialog.DialogCode.Accepted
    urls = [k.url for k in koppelingen.list_koppelingen(gui_env.ctx, dossier.id) if not k.intern]
    assert urls == ["https://wpm.igj.nl/dossier/123"]


def test_afsluiten_needs_a_reason_and_confirmation_of_open_work(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    add_activiteit(
        gui_env.ctx,
        dossier.id,
        "Rapport vaststellen",
        gui_env.ctx.today() + timedelta(days=5),
        medewerker_id=gui_env.seed.medewerkers["avries"],
    )
    dialog = AfsluitenDialog(gui_env.ctx, dossier.id)
    _show(qtbot, dialog)
    assert "Rapport vaststellen" in dialog.waarschuwing.text()
    assert "10 jaar na afsluiting" in dialog.bewaartermijn.text()
    assert not dialog.ok_button.isEnabled()
    _choose(dialog.reden, "Anders")
    assert dialog.reden.currentData() == ANDERS
    assert not dialog.ok_button.isEnabled()  # 'Anders' needs a toelichting
    qtbot.keyClicks(dialog.toelichting, "Zorgaanbieder gestopt")
    assert not dialog.ok_button.isEnabled()  # open work not yet confirmed
    _click(qtbot, dialog.bevestigen)
    assert dialog.ok_button.isEnabled()
    with dialogs.answering() as shown:
        _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "Bewaren tot" in shown[0].tekst
    detail = dossiers.get_dossier_detail(gui_env.ctx, dossier.id)
    assert detail.gesloten and detail.reden_afsluiting == "Zorgaanbieder gestopt"
    assert detail.bewaartermijn_tot is not None
    assert werkvoorraad.list_werkvoorraad(gui_env.ctx, "mij") == []


def test_afsluiten_is_refused_while_a_subdossier_is_open(qtbot: QtBot, gui_env: GuiEnv) -> None:
    hoofd = _dossier_met_ots(gui_env)
    dossiers.create_subdossier(
        gui_env.ctx, hoofd.id, gui_env.seed.dossiertypes["risicotoezicht"], "Bezoek"
    )
    dialog = AfsluitenDialog(gui_env.ctx, hoofd.id)
    _show(qtbot, dialog)
    _choose(dialog.reden, "Onderzoek afgerond, geen")
    assert not dialog.ok_button.isEnabled()
    assert "subdossiers" in dialog.error_label.text()
    assert afsluiten.check_afsluiten(gui_env.ctx, hoofd.id).subdossiers


def test_zoek_dialog_finds_and_opens(qtbot: QtBot, gui_env: GuiEnv) -> None:
    _dossier_met_ots(gui_env, "Thema medicatie")
    gezocht = new_dossier(gui_env.ctx, gui_env.seed, "Risico's apotheek")
    dialog = ZoekDialog(gui_env.ctx)
    _show(qtbot, dialog)
    _choose(dialog.dossiertype, "Risicotoezicht")
    _click(qtbot, dialog.zoek_knop)
    qtbot.waitUntil(lambda: not dialog.is_loading())
    assert dialog.resultaten.rowCount() == 1
    assert dialog.status_label.text() == "1 dossier gevonden."
    dialog.resultaten.selectRow(0)
    _click(qtbot, dialog.open_knop)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.dossier_id == gezocht.id

    deel = ZoekDialog(gui_env.ctx)  # a part of the number, as one reads it off a letter
    _show(qtbot, deel)
    qtbot.keyClicks(deel.kenmerk, gezocht.kenmerk[-6:])
    qtbot.keyClick(deel.kenmerk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not deel.is_loading())
    assert [deel.resultaten.item(r, 0).text() for r in range(deel.resultaten.rowCount())] == [
        gezocht.kenmerk
    ]

    relatie = ZoekDialog(gui_env.ctx)
    _show(qtbot, relatie)
    qtbot.keyClicks(relatie.relatie, "Linde")
    qtbot.keyClick(relatie.relatie, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not relatie.is_loading())
    assert relatie.resultaten.item(0, 1).text() == "Thema medicatie"


def test_overdragen_dossier_to_a_colleague(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    add_activiteit(gui_env.ctx, dossier.id, "Bezoek plannen", None,
                   medewerker_id=gui_env.seed.medewerkers["avries"])  # fmt: skip
    dialog = OverdragenDialog(gui_env.ctx, dossier_id=dossier.id, omschrijving=dossier.kenmerk)
    _show(qtbot, dialog)
    dialog.choose("Bram Jansen")
    _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    rollen = {(t.naam, t.rol) for t in dossiers.get_dossier_detail(gui_env.ctx, dossier.id).toegang}
    assert rollen == {("Anna de Vries", "lezer"), ("Bram Jansen", "behandelaar")}
    bram = ServiceContext.for_user(gui_env.db, "bjansen")
    assert [w.titel for w in werkvoorraad.list_werkvoorraad(bram, "mij")] == ["Bezoek plannen"]


def test_heropenen_only_by_beheerder_or_mt(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    toegang.grant_toegang(
        gui_env.ctx, dossier.id, medewerker_id=gui_env.seed.medewerkers["dsmit"], rol="lezer"
    )
    detail = dossiers.get_dossier_detail(gui_env.ctx, dossier.id)
    afsluiten.close_dossier(gui_env.ctx, dossier.id, "Onderzoek afgerond", detail.version)

    eigen = HeropenenDialog(gui_env.ctx, dossier.id)
    _show(qtbot, eigen)
    qtbot.keyClicks(eigen.reden, "Nieuwe informatie")
    _click(qtbot, eigen.ok_button)
    assert eigen.isVisible()
    assert "beheerder" in eigen.error_label.text()

    beheerder = HeropenenDialog(ServiceContext.for_user(gui_env.db, "dsmit"), dossier.id)
    _show(qtbot, beheerder)
    qtbot.keyClicks(beheerder.reden, "Nieuwe informatie van de zorgaanbieder")
    _click(qtbot, beheerder.ok_button)
    assert beheerder.result() == QDialog.DialogCode.Accepted
    assert not dossiers.get_dossier_detail(gui_env.ctx, dossier.id).gesloten


def test_telefoonnotitie_dialog_records_the_call(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = _dossier_met_ots(gui_env)
    dialog = TelefoonnotitieDialog(gui_env.ctx, dossier.id)
    _show(qtbot, dialog)
    _choose(dialog.relatie, "GGZ Noorderlicht")
    qtbot.keyClicks(dialog.gesprekspartner, "M. de Boer, bestuurder")
    qtbot.keyClicks(dialog.telefoonnummer, "050-1234abc")
    qtbot.keyClicks(dialog.onderwerp, "Datum inspectiebezoek")
    qtbot.keyClicks(dialog.samenvatting, "Vraagt het bezoek een week te verschuiven.")
    _click(qtbot, dialog.terugbellen)
    _click(qtbot, dialog.ok_button)
    assert "telefoonnummer" in dialog.error_label.text()
    dialog.telefoonnummer.clear()
    qtbot.keyClicks(dialog.telefoonnummer, "050-1234567")
    _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    [notitie] = telefoonnotities.list_telefoonnotities(gui_env.ctx, dossier.id)
    assert (notitie.onderwerp, notitie.telefoonnummer, notitie.terugbellen) == (
        "Datum inspectiebezoek",
        "050-1234567",
        True,
    )
    assert notitie.relatie_id == gui_env.seed.relaties["GGZ Noorderlicht"]


def test_toegang_also_in_the_open_subdossiers(qtbot: QtBot, gui_env: GuiEnv) -> None:
    hoofd = _dossier_met_ots(gui_env)
    sub = dossiers.create_subdossier(
        gui_env.ctx, hoofd.id, gui_env.seed.dossiertypes["risicotoezicht"], "Bezoek"
    )
    dialog = ToegangDialog(gui_env.ctx, hoofd.id)
    _show(qtbot, dialog)
    assert dialog.met_subdossiers.isVisible()
    _choose(dialog.wie, "Carla Bakker")
    _click(qtbot, dialog.met_subdossiers)
    _click(qtbot, dialog.toevoegen)
    assert "Carla Bakker" in {
        t.naam for t in dossiers.get_dossier_detail(gui_env.ctx, sub.id).toegang
    }

    zonder_subs = ToegangDialog(gui_env.ctx, sub.id)
    _show(qtbot, zonder_subs)
    assert not zonder_subs.met_subdossiers.isVisible()
