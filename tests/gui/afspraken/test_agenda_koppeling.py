"""The window's Exchange link: the outbox worker sends, the sync brings Outlook changes back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop.integrations.exchange import config
from igj_desktop.integrations.exchange.config import AuthMethode, ExchangeSettings
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import DeelnemerInvoer, NieuweAfspraak
from igj_desktop.views.afspraken.agenda_koppeling import NIET_INGESTELD, AgendaKoppeling
from tests.conftest import GuiEnv
from tests.ews_server import EwsTestServer
from tests.ews_server.memory_keyring import memory_keyring
from tests.integration.dossier_support import new_dossier

AMS = ZoneInfo("Europe/Amsterdam")
ANNA, BRAM = "avries@igj.example.nl", "bjansen@igj.example.nl"


@pytest.fixture
def server(data_dir: Path) -> Iterator[EwsTestServer]:
    with memory_keyring(), EwsTestServer(users={ANNA: "geheim"}) as srv:
        settings = ExchangeSettings(
            mailbox=ANNA, gebruikersnaam=ANNA, auth=AuthMethode.BASIC, server_url=srv.url
        )
        config.save_settings(data_dir, settings, "geheim")
        yield srv


def _plan(env: GuiEnv) -> afspraken.AfspraakRow:
    begin = datetime(2026, 12, 1, 9, 0, tzinfo=AMS)
    return afspraken.plan_afspraak(
        env.ctx,
        new_dossier(env.ctx, env.seed).id,
        NieuweAfspraak(
            onderwerp="Inspectiebezoek",
            begin=begin,
            einde=begin + timedelta(hours=2),
            deelnemers=(DeelnemerInvoer(medewerker_id=env.seed.medewerkers["bjansen"]),),
        ),
    )


def test_worker_sends_and_sync_shows_the_change_from_outlook(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path, server: EwsTestServer
) -> None:
    afspraak = _plan(gui_env)
    koppeling = AgendaKoppeling(gui_env.ctx, data_dir)
    try:
        with qtbot.waitSignal(  # the first round imports exchangelib: seconds under load
            koppeling.status,
            check_params_cb=lambda t: t == "Alles is verstuurd naar Exchange.",
            timeout=30_000,
        ):
            koppeling.start()
        assert [(s.soort, s.ontvangers) for s in server.sent] == [("uitnodiging", (BRAM,))]
        [item] = server.calendar(ANNA)
        server.respond(item, BRAM, "Decline")
        with qtbot.waitSignal(koppeling.gesynchroniseerd) as synced:
            koppeling.synchroniseer()
        assert synced.args[0] == ["Inspectiebezoek: Bram Jansen heeft afgeslagen."]
        assert afspraken.get_afspraak(gui_env.ctx, afspraak.id).wijziging_outlook == (
            "Bram Jansen heeft afgeslagen."
        )
    finally:
        koppeling.stop()


def test_not_configured_keeps_the_work_and_says_so(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path
) -> None:
    _plan(gui_env)
    koppeling = AgendaKoppeling(gui_env.ctx, data_dir)
    with qtbot.waitSignal(koppeling.status) as status:
        koppeling.start()
    koppeling.stop()
    assert status.args[0].startswith("1 bericht wacht tot Exchange is ingesteld")
    assert "volgende poging" not in status.args[0]  # nothing is tried: no time promised
    assert NIET_INGESTELD in status.args[0]
