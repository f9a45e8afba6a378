"""The Toetsing tab with real widgets on a real SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import review as documenten_review
from igj_desktop.services.toetsing import bevindingen as toetsing
from igj_desktop.services.toetsing import instrumenten
from igj_desktop.views.documenten.documenten_review_dialog import ReviewDialog, ReviewVerzoek
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.toetsing.toetsing_view import NormDialog, ToetsingView
from tests.conftest import GuiEnv
from tests.document_demo import maak_dossier
from tests.gui.screenshots import SHOTS


def open_view(qtbot: QtBot, ctx: ServiceContext, dossier_id) -> ToetsingView:
    view = ToetsingView(ctx, dossier_id)
    qtbot.addWidget(view)
    view.resize(1150, 640)
    qtbot.waitUntil(lambda: not view.is_loading())
    return view


def klik(qtbot: QtBot, view: ToetsingView, knop: str) -> None:
    with qtbot.waitSignal(view.loaded):
        view.knoppen[knop].click()


def test_choose_vaststellen_bijstellen(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    instrumenten.zorg_voor_bibliotheek(ctx)
    dossier = maak_dossier(gui_env.db, gui_env.seed)
    view = open_view(qtbot, ctx, dossier.id)
    assert "Nog geen toetsingsinstrument" in view.instrument_label.text()
    assert not view.knoppen["Vaststellen"].isEnabled()

    view.bibliotheek.setCurrentIndex(view.bibliotheek.findText("Toetsingskader", flags=_contains()))
    klik(qtbot, view, "Instrument kiezen")
    assert view.normen.topLevelItemCount() == 4
    assert "concept" in view.instrument_label.text()
    assert not view.knoppen["Instrument kiezen"].isVisibleTo(view)

    klik(qtbot, view, "Vaststellen")
    assert "vastgesteld (versie 1)" in view.instrument_label.text()
    assert not view.knoppen["Norm toevoegen…"].isEnabled()
    klik(qtbot, view, "Bijstellen")
    monkeypatch.setattr(
        NormDialog,
        "ask",
        classmethod(lambda cls, p=None: instrumenten.NormInvoer("Mantelzorg", "ZN5")),
    )
    klik(qtbot, view, "Norm toevoegen…")
    klik(qtbot, view, "Vaststellen")
    assert view.normen.topLevelItemCount() == 5
    assert "vastgesteld (versie 2)" in view.instrument_label.text()
    instrument = toetsing.toetsing_van_dossier(ctx, dossier.id).instrument
    assert [v for v, _ in instrumenten.instrument_versies(ctx, instrument.id)] == [1, 2]


def _contains():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchContains


def test_waarnemingen_bevinding_bewijs_review_and_oordeel(
    qtbot: QtBot, gui_env: GuiEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = maak_dossier(gui_env.db, gui_env.seed)
    bron = next(
        i for i in instrumenten.zorg_voor_bibliotheek(ctx) if i.naam.startswith("Toetsingskader")
    )
    eigen = instrumenten.kies_instrument(ctx, dossier.id, bron.id)
    instrumenten.vaststellen(ctx, eigen.id, eigen.version)
    view = open_view(qtbot, ctx, dossier.id)

    view.kies_norm("ZN1")
    assert "Wkkgz artikel 3" in view.kader.text() and "KNMG" in view.kader.text()
    view.nieuwe_waarneming.setText("Geen afspraken over de regie in het wijkteam.")
    klik(qtbot, view, "Waarneming toevoegen")
    view.nieuwe_waarneming.setText("Huisarts kent de centrale zorgverlener niet.")
    klik(qtbot, view, "Waarneming toevoegen")
    assert view.waarnemingen.count() == 2
    assert "(Anna de Vries): Geen afspraken" in view.waarnemingen.item(0).text()

    view.bevinding.setPlainText("De verantwoordelijkheden in het netwerk zijn niet belegd.")
    view.oordeel.setCurrentIndex(view.oordeel.findData("voldoet_niet"))
    klik(qtbot, view, "Bevinding opslaan")
    item = view.normen.topLevelItem(0)
    assert (item.text(2), item.text(3)) == ("voldoet niet", "concept")

    foto = tmp_path / "overleg-whiteboard.jpg"
    foto.write_bytes(b"\xff\xd8\xff\xe0 foto van het whiteboard")
    with dialogs.answering(str(foto)):
        klik(qtbot, view, "Bewijs toevoegen…")
    assert view.bewijs.item(0).text() == "overleg-whiteboard"

    bram_reviewer = next(
        r for r in documenten_review.mogelijke_reviewers(ctx) if r.naam == "Bram Jansen"
    )
    monkeypatch.setattr(
        ReviewDialog,
        "ask",
        classmethod(lambda cls, *a: ReviewVerzoek(bram_reviewer, ctx.today(), "")),
    )
    klik(qtbot, view, "Bevindingen ter review")
    assert view.normen.topLevelItem(0).text(3) == "ter review"
    assert view.status.text() == "1 bevinding ter review aangeboden aan Bram Jansen."
    bram = open_view(qtbot, ServiceContext.for_user(gui_env.db, "bjansen"), dossier.id)
    bram.kies_norm("ZN1")
    klik(qtbot, bram, "Accorderen")
    assert bram.bevinding_status.text() == "geaccordeerd door Bram Jansen"

    view.overall.setCurrentIndex(view.overall.findData("voldoet_gedeeltelijk"))
    view.overall_toelichting.setText("Regie en overdracht moeten beter.")
    klik(qtbot, view, "Oordeel vastleggen")
    overzicht = toetsing.toetsing_van_dossier(ctx, dossier.id)
    assert (overzicht.oordeel_label, overzicht.oordeel_toelichting) == (
        "voldoet gedeeltelijk", "Regie en overdracht moeten beter.",
    )  # fmt: skip
    view.kies_norm("ZN1")
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "toetsing_view.png"))


def test_refusals_are_shown_in_dutch(qtbot: QtBot, gui_env: GuiEnv) -> None:
    ctx = gui_env.ctx
    dossier = maak_dossier(gui_env.db, gui_env.seed)
    eigen = instrumenten.maak_instrument(
        ctx, "Kader", [instrumenten.NormInvoer("Norm", "N1")], dossier_id=dossier.id
    )
    view = open_view(qtbot, ctx, dossier.id)
    view.kies_norm("N1")
    with dialogs.answering() as shown:
        view.knoppen["Waarneming toevoegen"].click()  # empty text
        qtbot.waitUntil(lambda: bool(shown))  # refused by the service, in the background
    assert shown[0].soort == "waarschuwing" and "lege waarneming" in shown[0].tekst
    assert toetsing.toetsing_van_dossier(ctx, dossier.id).resultaten[0].waarnemingen == ()
    assert eigen.status == "concept"


def test_read_only_view_changes_nothing(qtbot: QtBot, gui_env: GuiEnv) -> None:
    ctx = gui_env.ctx
    instrumenten.zorg_voor_bibliotheek(ctx)
    dossier = maak_dossier(gui_env.db, gui_env.seed)
    view = open_view(qtbot, ctx, dossier.id)
    view.set_read_only(True)
    assert not any(knop.isVisibleTo(view) for knop in view.knoppen.values())
    assert not view.bibliotheek.isVisibleTo(view) and view.bevinding.isReadOnly()
    with qtbot.waitSignal(view.loaded):
        view.reload()
    assert not view.knoppen["Instrument kiezen"].isVisibleTo(view)
    view.set_read_only(False)
    assert view.knoppen["Instrument kiezen"].isVisibleTo(view)
    assert view.bibliotheek.isVisibleTo(view)
