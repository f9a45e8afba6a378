"""The main window on a real database: tree, werkvoorraad, detail tabs, commands."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.services.dossiers import afsluiten, koppelingen, telefoonnotities
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.read_models import DossierDetail
from igj_desktop.services.workflows import werkvoorraad
from igj_desktop.views.dossiers import dossier_tabs
from igj_desktop.views.dossiers.dossier_nieuw_wizard import NieuwDossierWizard
from igj_desktop.views.dossiers.dossier_tabs import ListTab, OverzichtTab
from igj_desktop.views.dossiers.dossier_zoeken_dialog import Keuze, ZoekDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from tests.conftest import GuiEnv
from tests.integration.dossier_support import add_activiteit, new_dossier


@pytest.fixture
def window(qtbot: QtBot, gui_env: GuiEnv, data_dir: Path) -> Iterator[MainWindow]:
    settings = Settings(data_dir, gui_env.db.url, "avries", "test")
    main = create_main_window(settings, gui_env.db)
    assert main is not None
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: not main.is_loading())
    yield main
    main.close()


def _hoofd_met_werk(env: GuiEnv) -> DossierDetail:
    hoofd = new_dossier(
        env.ctx,
        env.seed,
        "Thema medicatieveiligheid",
        betrokkenen=[(env.seed.relaties["GGZ Noorderlicht"], "ots")],
    )
    dossiers.create_subdossier(
        env.ctx, hoofd.id, env.seed.dossiertypes["risicotoezicht"], "Bezoek Noorderlicht"
    )
    add_activiteit(env.ctx, hoofd.id, "Plan van aanpak opstellen",
                   env.ctx.today() - timedelta(days=2),
                   medewerker_id=env.seed.medewerkers["avries"])  # fmt: skip
    koppelingen.link_extern(env.ctx, hoofd.id, "WPM", "https://wpm.igj.nl/dossier/7", "Werkplan")
    telefoonnotities.record_telefoonnotitie(
        env.ctx,
        hoofd.id,
        telefoonnotities.NieuweTelefoonnotitie(
            onderwerp="Vraag over het bezoek", samenvatting="Bestuurder belde over de datum."
        ),
    )
    return hoofd


def _select_in_tree(qtbot: QtBot, window: MainWindow, dossier_id: object) -> None:
    index = window.tree_model.index_of(dossier_id)
    assert index.isValid()
    rect = window.tree.visualRect(index)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not window.is_loading())


def _reload(qtbot: QtBot, window: MainWindow) -> None:
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading())


def test_status_bar_names_database_and_user(window: MainWindow) -> None:
    assert window.database_label.text().startswith("Ingebouwde database (")
    assert window.gebruiker_label.text() == "Aangemeld als Anna de Vries (avries)"
    assert not window.act_afsluiten.isEnabled()  # no dossier chosen yet


def test_tree_werkvoorraad_and_every_tab(qtbot: QtBot, window: MainWindow, gui_env: GuiEnv) -> None:
    hoofd = _hoofd_met_werk(gui_env)
    _reload(qtbot, window)
    assert window.tree_model.rowCount() == 1
    assert window.werkvoorraad.model.rowCount() == 1
    assert "over de termijn" in window.werkvoorraad.telling.text()

    _select_in_tree(qtbot, window, hoofd.id)
    detail = window.detail
    assert detail.kenmerk_label.text() == hoofd.kenmerk
    assert window.windowTitle() == f"{hoofd.kenmerk} {hoofd.titel}"
    assert window.laden_label.text() == ""
    assert window.act_afsluiten.isEnabled()
    assert detail.tab_titles() == [
        "Overzicht",
        "Activiteiten",
        "Documenten",
        "Post",
        "Afspraken",
        "Workflows",
        "Toetsing",
        "Betrokkenen",
        "Subdossiers",
        "Telefoonnotities",
        "Tijdlijn",
        "Gerelateerd",
        "Toegang",
    ]  # fmt: skip  (the daily work first)

    rijen: dict[str, list[str]] = {}
    for titel in ["Activiteiten", *detail.tab_titles()[7:]]:
        tab = detail.tab(titel)
        assert isinstance(tab, ListTab)
        qtbot.waitUntil(lambda t=tab: not t.is_loading())
        rijen[titel] = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    assert rijen["Betrokkenen"] == ["GGZ Noorderlicht"]
    assert rijen["Toegang"] == ["Anna de Vries"]
    assert rijen["Subdossiers"] == [f"{hoofd.kenmerk}-01"]
    assert rijen["Activiteiten"] == ["Plan van aanpak opstellen"]
    assert len(rijen["Tijdlijn"]) >= 3
    assert len(rijen["Telefoonnotities"]) == 1
    assert rijen["Gerelateerd"] == ["https://wpm.igj.nl/dossier/7"]
    gerelateerd = detail.tab("Gerelateerd")
    assert isinstance(gerelateerd, ListTab) and not gerelateerd.empty_label.isVisible()
    assert gerelateerd.table.item(0, 1).text() == "WPM"
    gerelateerd.table.selectRow(0)
    with dialogs.answering() as shown:  # no question: the notice offers Ongedaan maken
        gerelateerd.buttons["Ontkoppelen"].click()
        # unlinked in the background; then every tab of the dossier reloads
        qtbot.waitUntil(lambda: gerelateerd.table.rowCount() == 0, timeout=10_000)
    assert shown == []
    assert koppelingen.list_koppelingen(gui_env.ctx, hoofd.id) == []


def test_subdossier_tab_and_werkvoorraad_navigate(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    hoofd = _hoofd_met_werk(gui_env)
    _reload(qtbot, window)
    table = window.werkvoorraad.table
    table.setCurrentIndex(window.werkvoorraad.model.index(0, 2))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.dossier_id == hoofd.id and not window.is_loading())
    assert window.detail.tabs.tabText(window.detail.tabs.currentIndex()) == "Activiteiten"

    subs = window.detail.tab("Subdossiers")
    assert isinstance(subs, ListTab)
    qtbot.waitUntil(lambda: not subs.is_loading())
    midden = subs.table.visualRect(subs.table.model().index(0, 0)).center()
    # A real double-click: the first press selects the row, the second activates it.
    qtbot.mouseClick(subs.table.viewport(), Qt.MouseButton.LeftButton, pos=midden)
    qtbot.mouseDClick(subs.table.viewport(), Qt.MouseButton.LeftButton, pos=midden)
    qtbot.waitUntil(lambda: window.dossier_id != hoofd.id and not window.is_loading())
    assert window.detail.kenmerk_label.text() == f"{hoofd.kenmerk}-01"
    assert f"subdossier van {hoofd.kenmerk}" in window.detail.sub_label.text()


def test_edit_basic_data_in_overzicht(qtbot: QtBot, window: MainWindow, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed, "Oude titel")
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    overzicht = window.detail.tab("Overzicht")
    assert isinstance(overzicht, OverzichtTab)
    assert overzicht.titel.isReadOnly()
    qtbot.mouseClick(overzicht.wijzigen, Qt.MouseButton.LeftButton)
    overzicht.titel.selectAll()
    qtbot.keyClicks(overzicht.titel, "Nieuwe titel")
    qtbot.mouseClick(overzicht.opslaan, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: overzicht.titel.isReadOnly())  # stored in the background
    qtbot.waitUntil(lambda: not window.is_loading())
    assert dossiers.get_dossier_detail(gui_env.ctx, dossier.id).titel == "Nieuwe titel"
    assert window.detail.titel_label.text() == "Nieuwe titel"
    index = window.tree_model.index_of(dossier.id)
    assert window.tree_model.data(index.siblingAtColumn(1)) == "Nieuwe titel"


def test_a_conflicting_edit_is_shown_and_reloaded(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed, "Gedeeld dossier")
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    overzicht = window.detail.tab("Overzicht")
    assert isinstance(overzicht, OverzichtTab)
    qtbot.mouseClick(overzicht.wijzigen, Qt.MouseButton.LeftButton)
    # A colleague saves first.
    dossiers.update_dossier(gui_env.ctx, dossier.id, dossier.version, titel="Titel van collega")
    overzicht.titel.selectAll()
    qtbot.keyClicks(overzicht.titel, "Mijn titel")
    with dialogs.answering(True) as shown:
        qtbot.mouseClick(overzicht.opslaan, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(shown))  # refused in the background
    assert shown[0].titel == "Gelijktijdige wijziging"
    qtbot.waitUntil(lambda: not overzicht.is_loading())
    assert overzicht.titel.text() == "Titel van collega"
    assert dossiers.get_dossier_detail(gui_env.ctx, dossier.id).titel == "Titel van collega"


def test_new_dossier_command_opens_the_created_dossier(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[DossierDetail] = []

    def ask(cls: type, ctx: object, parent: object = None) -> object:
        made.append(new_dossier(gui_env.ctx, gui_env.seed, "Via de wizard"))
        return made[0].id

    monkeypatch.setattr(NieuwDossierWizard, "ask", classmethod(ask))
    window.act_nieuw.trigger()
    qtbot.waitUntil(lambda: not window.is_loading())
    assert window.dossier_id == made[0].id
    assert window.tree_model.index_of(made[0].id).isValid()
    assert window.tree.currentIndex().isValid()


@pytest.mark.parametrize(
    ("actie", "dialoog"),
    [
        ("act_koppelen", "igj_desktop.views.dossiers.dossier_koppeling_dialog.KoppelingDialog"),
        ("act_afspraak", "igj_desktop.views.afspraken.afspraak_dialog.AfspraakDialog"),
        ("act_afsluiten", "igj_desktop.views.dossiers.dossier_afsluiten_dialog.AfsluitenDialog"),
    ],
)
def test_a_command_whose_dialog_is_imported_when_first_used_opens_it(
    qtbot: QtBot,
    window: MainWindow,
    gui_env: GuiEnv,
    monkeypatch: pytest.MonkeyPatch,
    actie: str,
    dialoog: str,
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed, "Voor de opdrachten")
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    module, _, naam = dialoog.rpartition(".")
    gevraagd: list[object] = []
    monkeypatch.setattr(
        getattr(importlib.import_module(module), naam),
        "ask",
        classmethod(lambda _cls, _ctx, dossier_id, _parent=None: gevraagd.append(dossier_id)),
    )
    getattr(window, actie).trigger()
    assert gevraagd == [dossier.id]


def test_filter_box_narrows_the_tree(qtbot: QtBot, window: MainWindow, gui_env: GuiEnv) -> None:
    rivierenland = new_dossier(gui_env.ctx, gui_env.seed, "Toezicht ziekenhuis Rivierenland")
    new_dossier(gui_env.ctx, gui_env.seed, "Toezicht apotheek De Vijzel")
    _reload(qtbot, window)
    assert window.tree_model.rowCount() == 2
    qtbot.keyClicks(window.filter_edit, "vijzel")
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_loading())
    assert window.tree_model.rowCount() == 1
    titel = window.tree_model.index(0, 1, QModelIndex()).data()
    assert titel == "Toezicht apotheek De Vijzel"

    window.filter_edit.clear()  # a part of the kenmerk's number finds it here too
    qtbot.keyClicks(window.filter_edit, rivierenland.kenmerk[-6:])
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_loading())
    assert window.tree_model.rowCount() == 1
    assert window.tree_model.index(0, 0, QModelIndex()).data() == rivierenland.kenmerk


def test_tab_registry_adds_a_tab_with_one_line(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QLabel

    monkeypatch.setattr(dossier_tabs, "DOSSIER_TABS", list(dossier_tabs.DOSSIER_TABS))
    dossier_tabs.register_tab("Proef", lambda ctx, dossier_id, parent: QLabel("proef", parent))
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    assert window.detail.tab_titles()[-1] == "Proef"
    label = window.detail.tab("Proef")
    assert isinstance(label, QLabel) and label.text() == "proef"


def test_the_other_modules_tabs_open_in_the_detail(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    hoofd = _hoofd_met_werk(gui_env)
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, hoofd.id)
    extra = window.detail.tab_titles()[2:7]
    assert extra == ["Documenten", "Post", "Afspraken", "Workflows", "Toetsing"]
    assert window.tree.viewport().acceptDrops()  # post can be dropped on a dossier row
    for titel in extra:
        widget = window.detail.tab(titel)
        assert widget.isVisibleTo(window)
        qtbot.waitUntil(lambda: not window.is_loading())


def test_a_closed_dossier_is_read_only_in_the_window(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed, "Afgerond onderzoek")
    afsluiten.close_dossier(gui_env.ctx, dossier.id, "Onderzoek afgerond", dossier.version)
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    assert "Gesloten" in window.detail.badge_label.text()
    assert not window.act_afsluiten.isEnabled()
    assert not window.act_relatie.isEnabled()
    assert window.act_heropenen.isEnabled()
    overzicht = window.detail.tab("Overzicht")
    assert isinstance(overzicht, OverzichtTab)
    assert not overzicht.wijzigen.isEnabled()
    assert "Bewaren tot" in overzicht.status.text()
    betrokkenen = window.detail.tab("Betrokkenen")
    assert isinstance(betrokkenen, ListTab)
    assert not any(b.isVisibleTo(betrokkenen) for b in betrokkenen.buttons.values())


def test_subdossier_commands_are_off_for_a_subdossier(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    hoofd = _hoofd_met_werk(gui_env)
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, hoofd.id)
    assert window.act_subdossier.isEnabled()
    sub = dossiers.list_subdossiers(gui_env.ctx, hoofd.id)[0]
    window.open_dossier(sub.id)
    qtbot.waitUntil(lambda: not window.is_loading())
    assert window.act_relatie.isEnabled()
    assert not window.act_subdossier.isEnabled()
    assert not window.act_bulk.isEnabled()


def test_a_change_keeps_the_tree_as_the_user_left_it(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    hoofd = _hoofd_met_werk(gui_env)
    _reload(qtbot, window)
    index = window.tree_model.index_of(hoofd.id)
    window.tree.expand(index)
    qtbot.waitUntil(lambda: window.tree_model.rowCount(index) == 1 and not window.is_loading())
    sub = window.tree_model.regel(window.tree_model.index(0, 0, index))
    window.tree.setCurrentIndex(window.tree_model.index_of(sub.id))
    qtbot.waitUntil(lambda: window.dossier_id == sub.id and not window.is_loading())

    _reload(qtbot, window)
    qtbot.waitUntil(lambda: window.tree_model.index_of(sub.id).isValid())
    qtbot.waitUntil(lambda: not window.is_loading())
    assert window.tree.isExpanded(window.tree_model.index_of(hoofd.id))
    assert window.tree.currentIndex() == window.tree_model.index_of(sub.id)


def test_search_result_in_a_subdossier_is_shown_in_the_tree(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    hoofd = _hoofd_met_werk(gui_env)
    sub = dossiers.list_subdossiers(gui_env.ctx, hoofd.id)[0]
    _reload(qtbot, window)
    hoofd_index = window.tree_model.index_of(hoofd.id)
    assert not window.tree.isExpanded(hoofd_index)
    monkeypatch.setattr(
        ZoekDialog, "kies", classmethod(lambda cls, ctx, parent=None: Keuze(sub.id))
    )
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tree_model.index_of(sub.id).isValid())
    qtbot.waitUntil(lambda: not window.is_loading())
    assert window.dossier_id == sub.id
    assert window.tree.isExpanded(hoofd_index)
    assert window.tree_model.regel(window.tree.currentIndex()).id == sub.id


def test_urgentie_from_the_werkvoorraad_context_menu(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    _hoofd_met_werk(gui_env)
    _reload(qtbot, window)
    view = window.werkvoorraad
    menu = view.context_menu(view.model.regel(view.model.index(0, 0)))
    urgentie = next(a.menu() for a in menu.actions() if a.text() == "Urgentie")
    next(a for a in urgentie.actions() if a.text() == "Spoed").trigger()
    qtbot.waitUntil(lambda: view.model.index(0, 1).data() == "Spoed")  # written, then reloaded
    qtbot.waitUntil(lambda: not window.is_loading())
    assert view.model.index(0, 1).data() == "Spoed"
    assert werkvoorraad.list_werkvoorraad(gui_env.ctx, "mij")[0].urgentie == "spoed"


def test_a_long_titel_wraps_and_does_not_widen_the_window(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    window.resize(711, 577)
    lang = " ".join(["Zeer uitgebreid toezichtonderzoek naar medicatieveiligheid"] * 5)
    dossier = new_dossier(gui_env.ctx, gui_env.seed, lang[:300])
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    assert window.detail.titel_label.text() == lang[:300].strip()
    assert window.width() == 711
    assert window.detail.minimumSizeHint().width() < 700


def test_a_groups_activiteit_can_be_taken_on(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    add_activiteit(gui_env.ctx, dossier.id, "Signaal wegen", None,
                   groep_id=gui_env.seed.groepen["Team GGZ"])  # fmt: skip
    _reload(qtbot, window)
    view = window.werkvoorraad
    regel = view.model.regel(view.model.index(0, 0))
    assert regel.eigenaar == "Team GGZ"
    menu = view.context_menu(regel)
    next(a for a in menu.actions() if a.text() == "Zelf oppakken").trigger()
    # taken on in the background, then the lists reload
    qtbot.waitUntil(lambda: view.model.regel(view.model.index(0, 0)).eigenaar == "Anna de Vries")
    qtbot.waitUntil(lambda: not window.is_loading())
    assert [w.titel for w in werkvoorraad.list_werkvoorraad(gui_env.ctx, "mij")] == [
        "Signaal wegen"
    ]


def test_my_agenda_next_to_the_werkvoorraad(qtbot: QtBot, window: MainWindow) -> None:
    assert [window.werk.tabText(i) for i in range(window.werk.count())] == [
        "Werkvoorraad",
        "Mijn agenda",
        "Post",
    ]
    assert window.agenda is None  # nothing loaded before it is wanted
    window.werk.setCurrentIndex(1)
    assert window.agenda is not None
    assert window.werk.currentWidget() is window.agenda
    assert window.agenda.titel.text().startswith("Week ")
