"""The agenda view: a week of my afspraken, what waits for Exchange, and the .ics export."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from icalendar import Calendar
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import DeelnemerInvoer, NieuweAfspraak
from igj_desktop.services.base import AMSTERDAM
from igj_desktop.views.afspraken.agenda_rooster import AfspraakBlok
from igj_desktop.views.afspraken.agenda_view import AgendaView, _dag
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from tests.conftest import GuiEnv
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import new_dossier


def _plan(env: GuiEnv, dag_offset: int, uur: int, onderwerp: str, **kwargs: object) -> None:
    today = env.ctx.today()
    maandag = today - timedelta(days=today.weekday())
    begin = datetime.combine(maandag + timedelta(days=dag_offset), time(uur), AMSTERDAM)
    dossier = new_dossier(env.ctx, env.seed, f"Toezicht {onderwerp}")
    afspraken.plan_afspraak(
        env.ctx,
        dossier.id,
        NieuweAfspraak(
            onderwerp=onderwerp,
            begin=begin,
            einde=begin + timedelta(hours=2),
            locatie="Hoofdstraat 1, Utrecht",
            deelnemers=(
                DeelnemerInvoer(medewerker_id=env.seed.medewerkers["avries"]),
                DeelnemerInvoer(medewerker_id=env.seed.medewerkers["bjansen"]),
            ),
            **kwargs,  # type: ignore[arg-type]
        ),
    )


def test_week_shows_my_afspraken_by_day_and_what_waits(
    qtbot: QtBot, gui_env: GuiEnv, tmp_path: Path
) -> None:
    _plan(gui_env, 1, 9, "Inspectiebezoek De Linde")
    _plan(gui_env, 1, 14, "Gesprek bestuur", soort="gesprek")
    _plan(gui_env, 3, 10, "Onaangekondigd bezoek Het Anker", aangekondigd=False)
    _plan(gui_env, 8, 10, "Bezoek volgende week")
    view = AgendaView(gui_env.ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded):
        view.show()
    view.resize(1150, 420)
    tekst = [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]
    assert len(tekst) == 5  # two day headers, three afspraken
    assert [view.tree.topLevelItem(i).text(1) for i in (1, 2, 4)] == [
        "Inspectiebezoek De Linde",
        "Gesprek bestuur",
        "Onaangekondigd bezoek Het Anker",
    ]
    assert view.tree.topLevelItem(4).text(5) == "onaangekondigd; wacht op Exchange"
    assert view.wachtrij.text().startswith("4 berichten wachten op Exchange")
    view.grab().save(str(SHOTS / "agenda_view.png"))

    with qtbot.waitSignal(view.loaded):
        view.volgende.click()
    assert view.tree.topLevelItem(1).text(1) == "Bezoek volgende week"

    target = tmp_path / "week.ics"
    with dialogs.answering(str(target)) as shown:
        view.export.click()
    assert shown[-1].tekst == "1 afspraken opgeslagen in week.ics."
    [event] = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Bezoek volgende week"


def test_empty_week_says_so(qtbot: QtBot, gui_env: GuiEnv) -> None:
    view = AgendaView(gui_env.ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded):
        view.show()
    assert view.tree.topLevelItem(0).text(0) == "Geen afspraken in deze week."
    assert not view.export.isEnabled()
    assert view.wachtrij.text() == "Alles is verstuurd naar Exchange."


def _rooster_view(qtbot: QtBot, gui_env: GuiEnv, modus: str) -> AgendaView:
    view = AgendaView(gui_env.ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded):
        view.show()
    view.resize(1150, 700)
    qtbot.mouseClick(view.modus_knoppen[modus], Qt.MouseButton.LeftButton)
    assert view.stapel.currentWidget() is view.rooster
    return view


def _blok(view: AgendaView, onderwerp: str) -> AfspraakBlok:
    return next(b for b in view.rooster.blokken() if b.row.onderwerp == onderwerp)


def test_the_week_grid_puts_each_afspraak_at_its_time_and_day(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    _plan(gui_env, 1, 9, "Inspectiebezoek De Linde")
    _plan(gui_env, 1, 14, "Gesprek bestuur", soort="gesprek")
    _plan(gui_env, 1, 10, "Overlapt met De Linde")
    _plan(gui_env, 3, 7, "Vroeg bezoek Het Anker", aangekondigd=False)
    _plan(gui_env, 8, 10, "Bezoek volgende week")
    view = _rooster_view(qtbot, gui_env, "week")
    raster = view.rooster.raster
    assert len(raster.dagen) == 7 and raster.dagen[0].weekday() == 0
    assert {b.row.onderwerp for b in view.rooster.blokken()} == {
        "Inspectiebezoek De Linde", "Gesprek bestuur", "Overlapt met De Linde",
        "Vroeg bezoek Het Anker",
    }  # fmt: skip
    linde, bestuur = _blok(view, "Inspectiebezoek De Linde"), _blok(view, "Gesprek bestuur")
    overlap, anker = _blok(view, "Overlapt met De Linde"), _blok(view, "Vroeg bezoek Het Anker")
    uur = raster.uur_hoogte()
    assert raster.van == 7  # the grid starts earlier for the 7:00 visit
    assert linde.y() == raster.y_van(9 * 60) + 1
    assert bestuur.y() - linde.y() == 5 * uur  # 14:00 is five hours below 9:00
    assert linde.height() == 2 * uur - 2  # two hours long
    assert anker.y() == raster.y_van(7 * 60) + 1
    dinsdag, donderdag = raster.kolom(1), raster.kolom(3)
    for blok in (linde, bestuur, overlap):
        assert dinsdag.left() <= blok.x() and blok.geometry().right() <= dinsdag.right()
    assert donderdag.left() <= anker.x() <= donderdag.right()
    assert overlap.x() > linde.x()  # overlapping afspraken side by side, not on top
    assert overlap.y() == linde.y() + uur
    assert bestuur.text() == "14:00–16:00\nGesprek bestuur"  # a lane of its own: all the width
    assert bestuur.width() > 2 * linde.width() - 10
    assert anker.accessibleName() == "07:00–09:00 Vroeg bezoek Het Anker"
    assert anker.accessibleDescription() == "onaangekondigd; wacht op Exchange"
    view.grab().save(str(SHOTS / "agenda_week_rooster.png"))

    with qtbot.waitSignal(view.loaded):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert [b.row.onderwerp for b in view.rooster.blokken()] == ["Bezoek volgende week"]
    assert view.titel.text().startswith(f"Week {raster.dagen[0].isocalendar().week}:")


def test_the_day_grid_steps_a_day_and_vandaag_comes_back(qtbot: QtBot, gui_env: GuiEnv) -> None:
    vandaag = gui_env.ctx.today()
    _plan(gui_env, vandaag.weekday(), 11, "Bezoek vandaag")
    view = _rooster_view(qtbot, gui_env, "dag")
    assert view.rooster.raster.dagen == [vandaag]
    assert [b.row.onderwerp for b in view.rooster.blokken()] == ["Bezoek vandaag"]
    assert view.vorige.accessibleName() == "Vorige dag"
    for _ in range(3):  # a day at a time, into the next week when it comes
        with qtbot.waitSignal(view.loaded):
            qtbot.keyClick(view.rooster, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.rooster.raster.dagen == [vandaag + timedelta(days=3)]
    assert view.rooster.blokken() == []
    assert view.titel.text().startswith(_dag(vandaag + timedelta(days=3)).capitalize())
    with qtbot.waitSignal(view.loaded):
        qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.rooster.raster.dagen == [vandaag + timedelta(days=2)]
    with qtbot.waitSignal(view.loaded):
        qtbot.mouseClick(view.deze, Qt.MouseButton.LeftButton)
    assert view.rooster.raster.dagen == [vandaag]
    qtbot.mouseClick(view.modus_knoppen["lijst"], Qt.MouseButton.LeftButton)
    assert view.stapel.currentWidget() is view.tree
    assert view.tree.topLevelItem(1).text(1) == "Bezoek vandaag"


def test_a_block_opens_its_afspraak_by_keyboard_and_mouse(qtbot: QtBot, gui_env: GuiEnv) -> None:
    _plan(gui_env, 2, 9, "Eerste")
    _plan(gui_env, 2, 13, "Tweede")
    view = _rooster_view(qtbot, gui_env, "week")
    eerste, tweede = view.rooster.blokken()
    assert eerste.nextInFocusChain() is tweede  # Tab goes through the blocks in time order
    eerste.setFocus()
    with qtbot.waitSignal(view.afspraak_gekozen) as gekozen:
        qtbot.keyClick(eerste, Qt.Key.Key_Return)
    assert gekozen.args == [eerste.row.id]
    with qtbot.waitSignal(view.afspraak_gekozen) as gekozen:
        qtbot.mouseClick(tweede, Qt.MouseButton.LeftButton)
    assert gekozen.args == [tweede.row.id]


def test_at_150_percent_the_week_grid_is_still_readable(qtbot: QtBot, gui_env: GuiEnv) -> None:
    """A 1920×1080 laptop at 150 % leaves 1280×720 logical pixels; the agenda tab gets about
    800×380 of it. Hours are three text lines high (they grow with the font, not with fixed
    pixels), the grid scrolls instead of squeezing, and a block keeps time and onderwerp."""
    _plan(gui_env, 1, 9, "Inspectiebezoek De Linde")
    view = _rooster_view(qtbot, gui_env, "week")
    view.resize(800, 380)
    view.toon_als("week")
    raster = view.rooster.raster
    assert raster.uur_hoogte() == 3 * raster.fontMetrics().height()
    assert raster.height() > view.rooster.viewport().height()  # it scrolls
    blok = _blok(view, "Inspectiebezoek De Linde")
    assert blok.y() == raster.y_van(9 * 60) + 1
    assert blok.text().startswith("09:00–11:00\nInspectie")
    assert blok.width() >= blok.fontMetrics().horizontalAdvance("09:00–11:00")
    view.grab().save(str(SHOTS / "agenda_week_rooster_1280x720.png"))


def test_a_week_left_before_it_loaded_is_not_shown(qtbot: QtBot, gui_env: GuiEnv) -> None:
    """Volgende and straight back: whichever load finishes last, the week asked for shows."""
    _plan(gui_env, 1, 9, "Deze week")
    view = AgendaView(gui_env.ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded):
        view.show()
    for _ in range(3):
        view.volgende.click()
        view.deze.click()
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    qtbot.wait(100)  # the last results delivered to the UI thread
    assert [r.onderwerp for r in view.rows] == ["Deze week"]
    assert view.week_start == gui_env.ctx.today() - timedelta(days=gui_env.ctx.today().weekday())
