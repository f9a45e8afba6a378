"""Beeld ▸ Kleuren: light, dark or as Windows is set; the choice is applied at once, to the
palette, the style sheet and the item models' colours, and remembered for the next start."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from igj_desktop.app import window_settings
from igj_desktop.config import Settings
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import DeelnemerInvoer, NieuweAfspraak
from igj_desktop.services.base import AMSTERDAM
from igj_desktop.views.afspraken.agenda_view import AgendaView
from igj_desktop.views.gemeenschappelijk import thema
from igj_desktop.views.gemeenschappelijk.thema import DONKER, LICHT, Thema
from igj_desktop.views.hoofdvenster.kleuren_menu import KleurenMenu
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from tests.conftest import GuiEnv
from tests.integration.dossier_support import new_dossier

from .screenshots import SHOTS
from .test_main_window import window  # noqa: F401


@pytest.fixture(autouse=True)
def terug_naar_systeem() -> Iterator[None]:
    """Other tests expect the scheme of the (offscreen, light) system."""
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    thema.pas_toe(app, Thema.SYSTEEM)


def _vensterkleur() -> str:
    return QApplication.palette().color(QPalette.ColorRole.Window).name()


def _menu(venster: MainWindow) -> KleurenMenu:
    return next(e for e in venster.extras if isinstance(e, KleurenMenu))


def test_dark_is_applied_at_once_and_remembered(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    gui_env: GuiEnv,
    data_dir: Path,
) -> None:
    menu = _menu(window)
    assert menu.acties[Thema.SYSTEEM].isChecked()
    assert _vensterkleur() == LICHT["venster"]  # offscreen has no dark scheme

    menu.acties[Thema.DONKER].trigger()
    assert _vensterkleur() == DONKER["venster"]
    assert thema.kleur("rood").name() == DONKER["rood"]  # what the item models paint with
    assert DONKER["inhoud"] in QApplication.instance().styleSheet()  # type: ignore[union-attr]
    assert (
        window.werkvoorraad.table.palette().color(QPalette.ColorRole.Base).name()
        == (DONKER["inhoud"])
    )
    window.grab().save(str(SHOTS / "hoofdvenster_donker.png"))
    assert window.settings.value("weergave/kleuren") == "donker"

    # the next start reads the same settings file and opens dark
    thema.pas_toe(QApplication.instance(), Thema.SYSTEEM)  # type: ignore[arg-type]
    assert _vensterkleur() == LICHT["venster"]
    volgende = MainWindow(
        gui_env.ctx, window_settings(Settings(data_dir, gui_env.db.url, "avries", "test"))
    )
    qtbot.addWidget(volgende)
    opnieuw = KleurenMenu(volgende)
    assert opnieuw.acties[Thema.DONKER].isChecked()
    assert _vensterkleur() == DONKER["venster"]

    opnieuw.acties[Thema.LICHT].trigger()
    assert _vensterkleur() == LICHT["venster"]
    assert volgende.settings.value("weergave/kleuren") == "licht"


def test_systeem_follows_the_windows_scheme(
    window: MainWindow,  # noqa: F811
) -> None:
    """Under Systeem the colours are the system's scheme; under Licht they stay light
    whatever the system says."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    _menu(window).acties[Thema.SYSTEEM].trigger()
    verwacht = DONKER if thema.systeem_is_donker(app) else LICHT
    assert _vensterkleur() == verwacht["venster"]
    assert thema.keuze() is Thema.SYSTEEM
    # what Windows' colorSchemeChanged leads to: pas_toe again with the current choice
    _menu(window).acties[Thema.DONKER].trigger()
    thema.pas_toe(app)
    assert _vensterkleur() == DONKER["venster"]


def test_the_agenda_grid_in_dark(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    gui_env: GuiEnv,
) -> None:
    """The grid paints with the palette and the blocks take the sheet's colours: dark too."""
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    begin = datetime.combine(gui_env.ctx.today(), time(10), AMSTERDAM)
    afspraken.plan_afspraak(
        gui_env.ctx,
        dossier.id,
        NieuweAfspraak(
            onderwerp="Inspectiebezoek",
            begin=begin,
            einde=begin + timedelta(hours=2),
            locatie="Utrecht",
            deelnemers=(DeelnemerInvoer(medewerker_id=gui_env.seed.medewerkers["avries"]),),
        ),
    )
    _menu(window).acties[Thema.DONKER].trigger()
    agenda = window.werk_tab("Mijn agenda")
    assert isinstance(agenda, AgendaView)
    qtbot.waitUntil(lambda: bool(agenda.rows))
    agenda.toon_als("week")
    window.resize(1280, 720)
    [blok] = agenda.rooster.blokken()
    qtbot.waitUntil(lambda: blok.isVisible() and blok.width() > 20)
    beeld = blok.grab().toImage()
    assert beeld.pixelColor(blok.width() // 2, blok.height() - 4).name() == DONKER["selectie"]
    raster = agenda.rooster.raster.grab().toImage()
    assert raster.pixelColor(raster.width() - 3, raster.height() - 3).name() == DONKER["inhoud"]
    window.grab().save(str(SHOTS / "agenda_week_donker.png"))
    _menu(window).acties[Thema.LICHT].trigger()
    window.grab().save(str(SHOTS / "agenda_week_licht.png"))
