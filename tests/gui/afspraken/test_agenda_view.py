"""The agenda view: a week of my afspraken, what waits for Exchange, and the .ics export."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from icalendar import Calendar
from pytestqt.qtbot import QtBot

from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import DeelnemerInvoer, NieuweAfspraak
from igj_desktop.services.base import AMSTERDAM
from igj_desktop.views.afspraken.agenda_view import AgendaView
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from tests.conftest import GuiEnv
from tests.gui.screenshots import SHOTS
from tests.gui.test_dialogs_support import OFFSCREEN_NOISE, no_running_tasks  # noqa: F401
from tests.integration.dossier_support import new_dossier

pytestmark = OFFSCREEN_NOISE


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
