"""Content search in the window: the search dialog's "ook in documenten en mail" list, the
tree filter, the background index and Bestand › Zoekindex bijwerken, with real files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QWidget
from pytestqt.qtbot import QtBot

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.integrations.document_store import default_store
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import zoekindex
from igj_desktop.services.documenten.inhoud_zoeken import zoek_in_inhoud
from igj_desktop.services.dossiers.zoeken import Zoekvraag
from igj_desktop.services.read_models import DossierDetail
from igj_desktop.views.documenten.zoekindex_werk import ZoekindexBijwerken
from igj_desktop.views.dossiers.dossier_zoeken_dialog import Keuze, ZoekDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.rijke_tekst import HTML_ROLE
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from tests.conftest import GuiEnv
from tests.gui.screenshots import SHOTS
from tests.inhoud_bestanden import MAIL, docx_bytes, pdf_bytes, scan_pdf_bytes
from tests.integration.dossier_support import new_dossier


def _vul(ctx: ServiceContext, env: GuiEnv) -> tuple[DossierDetail, DossierDetail]:
    """Two dossiers with a docx, a PDF, a scanned PDF and two real mails."""
    ggz = new_dossier(ctx, env.seed, "Toezicht GGZ Noorderlicht", sector="GGZ")
    jeugd = new_dossier(ctx, env.seed, "Calamiteit Jeugdhulp Het Anker", sector="Jeugdhulp")
    tekst = docx_bytes(
        "Verslag van de inspecties bij de zorgaanbieder.", "Goed bestuur ontbreekt nog."
    )
    documenten.add_document(ctx, [ggz.id], "verslag.docx", tekst, titel="Verslag inspecties")
    rapport = pdf_bytes("Rapport over de inspectie van de jeugdhulp.", "Toezicht verscherpt.")
    documenten.add_document(ctx, [jeugd.id], "rapport.pdf", rapport, titel="Rapport jeugdhulp")
    documenten.add_document(ctx, [jeugd.id], "scan.pdf", scan_pdf_bytes(), titel="Gescande brief")
    for pad in (MAIL / "eml" / "attachment_pdf.eml", MAIL / "msg" / "attachment_msg_pdf.msg"):
        documenten.add_document(ctx, [ggz.id], pad.name, pad.read_bytes(), titel=pad.stem)
    return ggz, jeugd


@pytest.fixture
def env(database, seed, ctx_for: Callable[[str], ServiceContext]) -> GuiEnv:
    """Both databases (on PostgreSQL as the medewerker's own login role)."""
    return GuiEnv(database, seed, ctx_for("avries"))


def _show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)


def _zoek(qtbot: QtBot, dialog: ZoekDialog, tekst: str) -> list[tuple[str, str]]:
    dialog.tekst.clear()
    qtbot.keyClicks(dialog.tekst, tekst)
    qtbot.keyClick(dialog.tekst, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.is_loading())
    tabel = dialog.inhoud.tabel
    return sorted(
        (tabel.item(r, 0).text(), tabel.item(r, 2).text()) for r in range(tabel.rowCount())
    )


def _kies(combo: QComboBox, tekst: str) -> None:
    combo.setCurrentIndex(combo.findText(tekst))


def test_the_search_dialog_finds_words_inside_documents_and_mail(qtbot: QtBot, env: GuiEnv) -> None:
    ggz, jeugd = _vul(env.ctx, env)
    voortgang = zoekindex.bijwerken(env.db, default_store(env.db), van=env.ctx.actor.medewerker_id)
    assert voortgang.gedaan == 5
    dialog = ZoekDialog(env.ctx)
    _show(qtbot, dialog)
    assert dialog.in_documenten.isChecked() and not dialog.inhoud.isVisible()
    dialog.relatie.setFocus()
    qtbot.keyClick(dialog.relatie, Qt.Key.Key_Tab)  # the option comes right after Relatie
    assert dialog.focusWidget() is dialog.in_documenten
    # "inspecties" finds "inspectie" too (Dutch stems) and the other way round
    verwacht = [(ggz.kenmerk, "Verslag inspecties"), (jeugd.kenmerk, "Rapport jeugdhulp")]
    assert _zoek(qtbot, dialog, "inspectie") == sorted(verwacht)
    assert dialog.inhoud.isVisible()
    assert dialog.inhoud.titel.text() == "Gevonden in documenten en mail: 2 documenten"
    assert dialog.resultaten.rowCount() == 0  # no dossier has the word in its titel
    assert _zoek(qtbot, dialog, "inspecties") == sorted(verwacht)
    assert _zoek(qtbot, dialog, '"goed bestuur"') == [(ggz.kenmerk, "Verslag inspecties")]
    assert _zoek(qtbot, dialog, '"bestuur goed"') == []
    assert dialog.inhoud.titel.text() == "Gevonden in documenten en mail: niets gevonden."
    assert _zoek(qtbot, dialog, "verscherp*") == [(jeugd.kenmerk, "Rapport jeugdhulp")]
    # a real .eml's body; the PDF attached to a real Outlook .msg
    assert _zoek(qtbot, dialog, "attaching") == [(ggz.kenmerk, "attachment_pdf")]
    assert _zoek(qtbot, dialog, "friday") == [(ggz.kenmerk, "attachment_msg_pdf")]
    _kies(dialog.sector, "Jeugdhulp")
    assert _zoek(qtbot, dialog, "inspecties") == [(jeugd.kenmerk, "Rapport jeugdhulp")]
    fragment = dialog.inhoud.tabel.item(0, 3)
    assert fragment.text().startswith("Rapport over de inspectie van de jeugdhulp.")
    assert "de <b>inspectie</b> van" in fragment.data(HTML_ROLE)
    dialog.grab().save(str(SHOTS / f"zoeken_in_documenten_{env.db.engine.dialect.name}.png"))

    rapport = next(
        d for d in documenten.documenten_van_dossier(env.ctx, jeugd.id)
        if d.titel == "Rapport jeugdhulp"
    )  # fmt: skip
    rect = dialog.inhoud.tabel.visualRect(dialog.inhoud.tabel.model().index(0, 2))
    qtbot.mouseClick(dialog.inhoud.tabel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.open_knop.isEnabled()
    qtbot.mouseDClick(dialog.inhoud.tabel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.dossier_id, dialog.document_id) == (jeugd.id, rapport.id)


def test_without_the_option_or_for_another_team_nothing_is_found_inside(
    qtbot: QtBot, env: GuiEnv, ctx_for: Callable[[str], ServiceContext]
) -> None:
    _vul(env.ctx, env)
    zoekindex.bijwerken(env.db, default_store(env.db), van=env.ctx.actor.medewerker_id)
    dialog = ZoekDialog(env.ctx)
    _show(qtbot, dialog)
    qtbot.mouseClick(
        dialog.in_documenten,
        Qt.MouseButton.LeftButton,
        pos=QPoint(8, dialog.in_documenten.height() // 2),
    )
    assert not dialog.in_documenten.isChecked()
    assert _zoek(qtbot, dialog, "inspectie") == []
    assert not dialog.inhoud.isVisible()
    carla = ZoekDialog(ctx_for("cbakker"))  # another team: Anna's dossiers are out of sight
    _show(qtbot, carla)
    assert _zoek(qtbot, carla, "inspectie") == []
    assert carla.inhoud.titel.text() == "Gevonden in documenten en mail: niets gevonden."


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


def _wacht_op_index(qtbot: QtBot, window: MainWindow, env: GuiEnv) -> None:
    window.zoekindex.nu()
    qtbot.waitUntil(lambda: zoekindex_leeg(env), timeout=20_000)


def zoekindex_leeg(env: GuiEnv) -> bool:
    with env.db.session() as session:
        return not session.scalars(zoekindex.te_doen()).first()


def test_the_window_indexes_in_the_background_and_filters_the_tree_on_content(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    _ggz, jeugd = _vul(gui_env.ctx, gui_env)
    _wacht_op_index(qtbot, window, gui_env)
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading())
    qtbot.keyClicks(window.filter_edit, "verscherpt")
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_loading())
    assert window.tree_model.rowCount() == 0
    window.filter_inhoud.setFocus()
    qtbot.keyClick(window.filter_inhoud, Qt.Key.Key_Space)  # the keyboard way
    assert window.filter_inhoud.isChecked()
    qtbot.waitUntil(lambda: not window.is_loading())
    assert window.tree_model.rowCount() == 1
    assert window.tree_model.index(0, 0, QModelIndex()).data() == jeugd.kenmerk
    window.grab().save(str(SHOTS / "boomfilter_in_documenten.png"))


def test_a_hit_opens_its_document_in_the_dossier(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ggz, jeugd = _vul(gui_env.ctx, gui_env)
    rapport = next(
        d for d in documenten.documenten_van_dossier(gui_env.ctx, jeugd.id)
        if d.titel == "Rapport jeugdhulp"
    )  # fmt: skip
    monkeypatch.setattr(
        ZoekDialog, "kies", classmethod(lambda cls, ctx, parent=None: Keuze(jeugd.id, rapport.id))
    )
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.is_loading())
    assert window.dossier_id == jeugd.id
    tab = window.detail.tab("Documenten")
    qtbot.waitUntil(lambda: tab.gekozen() is not None)
    assert tab.gekozen()[0].id == rapport.id


def test_zoekindex_bijwerken_shows_progress_and_reports(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    for nummer in range(6):
        inhoud = pdf_bytes(f"Inspectierapport {nummer}")
        documenten.add_document(gui_env.ctx, [dossier.id], f"r{nummer}.pdf", inhoud)
    window.zoekindex.timer.stop()  # only the command indexes here
    with dialogs.answering() as getoond:
        window.act_zoekindex.trigger()
        voortgang = window.findChild(ZoekindexBijwerken)
        assert voortgang is not None and voortgang.windowTitle() == "Zoekindex bijwerken"
        qtbot.waitUntil(lambda: voortgang.klaar, timeout=20_000)
    assert [(s.soort, s.tekst) for s in getoond] == [("informatie", "Klaar: 6 versies doorzocht.")]
    assert voortgang.labelText() == "6 van 6 versies doorzocht…"
    assert zoekindex_leeg(gui_env)


def test_a_document_stored_in_the_window_becomes_searchable_by_itself(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv, tmp_path: Path
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed, "Toezicht apotheek De Vijzel")
    window.zoekindex.timer.stop()  # no round on the clock: the stored document starts one
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading())
    window.open_dossier(dossier.id)
    tab = window.detail.tab("Documenten")
    qtbot.waitUntil(lambda: not window.is_loading())
    pad = tmp_path / "bezoekverslag.docx"
    pad.write_bytes(docx_bytes("De medicatieveiligheid is onvoldoende geborgd."))
    tab.voeg_toe([pad])
    qtbot.waitUntil(lambda: tab.status.text() == "1 document toegevoegd.")
    assert not zoekindex_leeg(gui_env)  # stored, and waiting for the worker
    qtbot.waitUntil(lambda: zoekindex_leeg(gui_env), timeout=10_000)
    [treffer] = zoek_in_inhoud(gui_env.ctx, Zoekvraag(tekst="medicatieveiligheid"))
    assert (treffer.kenmerk, treffer.document_titel) == (dossier.kenmerk, "bezoekverslag")
