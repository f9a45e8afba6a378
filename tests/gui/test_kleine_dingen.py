"""Consistency and small things a daily user notices, each through the real widgets."""

from __future__ import annotations

import tempfile
from email.message import EmailMessage
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings, app_versie
from igj_desktop.services.dossiers import afsluiten
from igj_desktop.services.post import inkomend as post
from igj_desktop.views.afspraken.afspraak_dialog import AfspraakDialog
from igj_desktop.views.dossiers.dossier_subdossier_dialog import SubdossierDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.post.post_register_view import PostRegisterView
from igj_desktop.views.post.post_registratie_dialog import PostRegistratieDialog
from igj_desktop.views.post.post_tab import PostTab
from igj_desktop.views.toetsing.toetsing_view import ToetsingView
from igj_desktop.views.workflows.werkvoorraad_view import WerkvoorraadView
from tests.conftest import GuiEnv
from tests.integration.dossier_support import new_dossier

from .test_main_window import _reload, _select_in_tree, window  # noqa: F401


def _mail() -> bytes:
    mail = EmailMessage()
    mail["From"] = "info@delinde.example.nl"
    mail["To"] = "post@igj.nl"
    mail["Subject"] = "Vraag over het bezoek"
    mail["Message-ID"] = "<technisch-123@delinde.example.nl>"
    mail.set_content("Kan het bezoek een week later?")
    return mail.as_bytes()


def _labels(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [label.text() for label in widget.findChildren(QLabel)]


def test_post_buttons_need_a_fitting_selection(qtbot: QtBot, gui_env: GuiEnv) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    post.registreer_post(
        ctx, post.lees_bestand("vraag.eml", _mail()), post.Registratie([dossier.id])
    )
    tab = PostTab(ctx, dossier.id)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not tab.is_loading() and tab.table.rowCount() == 1)
    assert not tab.beoordeeld_knop.isEnabled() and not tab.terug_knop.isEnabled()
    tab.table.selectRow(0)
    assert tab.beoordeeld_knop.isEnabled() and tab.terug_knop.isEnabled()
    qtbot.mouseClick(tab.beoordeeld_knop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.item(0, 5).text() == "Beoordeeld")
    tab.table.selectRow(0)
    assert not tab.beoordeeld_knop.isEnabled()  # already assessed: nothing to click


def test_one_word_for_show_proper_plurals_and_honest_filter_names(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    post.registreer_post(
        ctx, post.lees_bestand("vraag.eml", _mail()), post.Registratie([dossier.id])
    )
    register = PostRegisterView(ctx)
    werkvoorraad = WerkvoorraadView(lambda _scope: [])
    for widget in (register, werkvoorraad):
        qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: register.aantal.text() == "1 poststuk")
    assert "Toon:" in _labels(register) and "Toon:" in _labels(werkvoorraad)
    assert "Tonen:" not in _labels(register) + _labels(werkvoorraad)
    # The filter goes by the registration date, and says so (a mail of 2010 registered today).
    assert register.filter.itemText(0) == "Deze week geregistreerd"


def test_registration_dialog_previews_the_text_without_technical_message_id(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    keuzes = post.registratie_keuzes(ctx, dossier.id)
    parsed = post.lees_bestand("vraag.eml", _mail())
    dialog = PostRegistratieDialog(ctx, parsed, keuzes.dossiers, dossier.id, keuzes.beoordelaars)
    qtbot.addWidget(dialog)
    dialog.show()
    teksten = " ".join(_labels(dialog))
    assert "Message-ID" not in teksten and "technisch-123" not in teksten
    assert dialog.voorbeeld.toPlainText() == "Kan het bezoek een week later?"  # the mail's text
    assert dialog.voorbeeld.isReadOnly() and dialog.voorbeeld.tabChangesFocus()
    dialog.grab().save(str(Path(tempfile.mkdtemp(prefix="igj-post-")) / "registratie.png"))


def test_afspraak_spinbox_is_labelled_with_arrows(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    dialog = AfspraakDialog(gui_env.ctx, dossier.id)
    qtbot.addWidget(dialog)
    dialog.show()
    spin = dialog.open_plaatsen
    form = spin.parentWidget().findChildren(QFormLayout)
    label = next(f.labelForField(spin) for f in form if f.labelForField(spin) is not None)
    assert label.text() == "Open plaatsen:"
    assert spin.buttonSymbols() == QAbstractSpinBox.ButtonSymbols.UpDownArrows
    assert spin.text() == "geen"
    assert "QSpinBox" not in (spin.styleSheet() + dialog.styleSheet())  # arrows not styled away
    dialog.grab().save(str(Path(tempfile.mkdtemp(prefix="igj-afspraak-")) / "afspraak.png"))


def test_toetsing_instrument_list_is_not_cut_off(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    view = ToetsingView(gui_env.ctx, dossier.id)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitUntil(lambda: not view.is_loading())
    combo = view.bibliotheek
    langste = max((combo.itemText(i) for i in range(combo.count())), key=len, default="")
    assert combo.width() >= combo.fontMetrics().horizontalAdvance(langste)
    assert combo.view().textElideMode() == Qt.TextElideMode.ElideNone


def test_subdossier_starts_with_the_type_of_its_hoofddossier(qtbot: QtBot, gui_env: GuiEnv) -> None:
    hoofd = new_dossier(
        gui_env.ctx, gui_env.seed, dossiertype_id=gui_env.seed.dossiertypes["thematisch_toezicht"]
    )
    dialog = SubdossierDialog(gui_env.ctx, hoofd.id)
    qtbot.addWidget(dialog)
    assert dialog.dossiertype.currentData() == hoofd.dossiertype_id
    assert dialog.dossiertype.currentIndex() != 0 or dialog.dossiertype.count() == 1


def test_another_dossier_opens_on_its_overzicht(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    gui_env: GuiEnv,
) -> None:
    eerste = new_dossier(gui_env.ctx, gui_env.seed, "Eerste")
    tweede = new_dossier(gui_env.ctx, gui_env.seed, "Tweede")
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, eerste.id)
    window.detail.tab("Documenten")
    qtbot.waitUntil(lambda: not window.is_loading())
    _select_in_tree(qtbot, window, tweede.id)
    assert window.detail.tabs.tabText(window.detail.tabs.currentIndex()) == "Overzicht"


def test_right_click_on_a_dossier_and_help_with_version(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    gui_env: GuiEnv,
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed, "Rechts klikken")
    gesloten = new_dossier(gui_env.ctx, gui_env.seed, "Al gesloten")
    afsluiten.close_dossier(gui_env.ctx, gesloten.id, "Onderzoek afgerond", gesloten.version)
    _reload(qtbot, window)
    for doel, open_ in ((dossier, True), (gesloten, False)):
        rect = window.tree.visualRect(window.tree_model.index_of(doel.id))
        window.tree.customContextMenuRequested.emit(rect.center())
        qtbot.waitUntil(lambda d=doel: window.dossier_id == d.id and not window.is_loading())
        assert window.boom_menu.isVisible()
        teksten = {a.text(): a.isEnabled() for a in window.boom_menu.actions() if a.text()}
        assert teksten["Afs&praak plannen…"] is open_
        assert teksten["Dossier af&sluiten…"] is open_
        assert teksten["Dossier &heropenen…"] is not open_
        window.boom_menu.close()

    with dialogs.answering() as shown:
        window.act_help.trigger()
        window.act_over.trigger()
    assert "Ctrl+N" in shown[0].tekst and "Tab gaat naar het volgende veld" in shown[0].tekst
    assert f"IGJ Desktop {app_versie()}" in shown[1].tekst


def test_the_next_start_opens_where_the_user_left_off(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed, "Waar ik gebleven was")
    new_dossier(gui_env.ctx, gui_env.seed, "Een ander")
    settings = Settings(data_dir, gui_env.db.url, "avries", "test")

    def start() -> MainWindow:
        main = create_main_window(settings, gui_env.db)
        assert main is not None
        qtbot.addWidget(main)
        main.show()
        qtbot.waitUntil(lambda: not main.is_loading())
        return main

    eerste = start()
    _select_in_tree(qtbot, eerste, dossier.id)
    eerste.werk_tab("Mijn agenda")
    eerste.werkvoorraad.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    eerste.close()

    tweede = start()
    qtbot.waitUntil(lambda: tweede.dossier_id == dossier.id and not tweede.is_loading())
    assert tweede.werk.tabText(tweede.werk.currentIndex()) == "Mijn agenda"
    header = tweede.werkvoorraad.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        2,
        Qt.SortOrder.DescendingOrder,
    )
    tweede.close()
