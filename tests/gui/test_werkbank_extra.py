"""The main window's extras: Exchange, post register, printed werkvoorraad, catalog check."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from igj_desktop import app
from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.integrations.exchange import config
from igj_desktop.integrations.exchange.config import AuthMethode, ExchangeSettings
from igj_desktop.integrations.mail_import import parse_path
from igj_desktop.services import outbox
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import DeelnemerInvoer, NieuweAfspraak
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.post import inkomend as post
from igj_desktop.views.afspraken.exchange_config_dialog import ExchangeConfigDialog
from igj_desktop.views.afspraken.outbox_dialog import OutboxDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import running_tasks
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.hoofdvenster.werkbank_extra import (
    NIET_INGESTELD_KORT,
    ExchangeKoppeling,
    SjablonenControle,
)
from igj_desktop.views.post.post_register_view import PostRegisterView
from igj_desktop.workflows.definitions import CatalogusFout
from tests.conftest import GuiEnv
from tests.ews_server import EwsTestServer
from tests.ews_server.memory_keyring import memory_keyring
from tests.integration.dossier_support import add_activiteit, new_dossier
from tests.testdata import TESTDATA

from .screenshots import SHOTS

AMS = ZoneInfo("Europe/Amsterdam")

ANNA, BRAM = "avries@igj.example.nl", "bjansen@igj.example.nl"


def _open(qtbot: QtBot, env: GuiEnv, data_dir: Path) -> MainWindow:
    main = create_main_window(Settings(data_dir, env.db.url, "avries", "test"), env.db)
    assert main is not None
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: not main.is_loading())
    return main


@pytest.fixture
def window(qtbot: QtBot, gui_env: GuiEnv, data_dir: Path) -> Iterator[MainWindow]:
    main = _open(qtbot, gui_env, data_dir)
    yield main
    main.close()


def _koppeling(window: MainWindow) -> ExchangeKoppeling:
    return next(e for e in window.extras if isinstance(e, ExchangeKoppeling))


def test_without_exchange_the_status_bar_says_the_agenda_stays_local(
    window: MainWindow,
) -> None:
    koppeling = _koppeling(window)
    assert koppeling.label.text() == NIET_INGESTELD_KORT
    titels = [a.text() for a in window.menu("E&xtra").actions()]
    assert titels == [
        "&Exchange-verbinding…",
        "&Agenda synchroniseren",
        "&Uitgaande berichten…",
        "&Termijnkalender (Atw)…",
        "Back-up &terugzetten…",
    ]


def test_the_outbox_worker_starts_after_the_first_screen_never_after_closing(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ExchangeKoppeling, "NA_START_MS", 300)
    settings = Settings(data_dir, gui_env.db.url, "avries", "test")
    main = create_main_window(settings, gui_env.db)
    assert main is not None
    qtbot.addWidget(main)
    koppeling = _koppeling(main).koppeling
    assert not koppeling.loopt  # the tree and the werkvoorraad load first
    main.show()
    qtbot.waitUntil(lambda: koppeling.loopt)
    main.close()
    assert not koppeling.loopt

    gesloten = create_main_window(settings, gui_env.db)
    assert gesloten is not None
    qtbot.addWidget(gesloten)
    gesloten.close()  # before the worker was due
    qtbot.wait(ExchangeKoppeling.NA_START_MS + 200)
    assert not _koppeling(gesloten).koppeling.loopt


def test_offline_on_the_embedded_database_is_there_disabled_with_the_reason(
    qtbot: QtBot, window: MainWindow
) -> None:
    bezoek = window.menu("Be&zoek")
    acties = bezoek.actions()
    assert [a.text() for a in acties] == ["Meenemen voor bezoek…", "Synchroniseren", "Inleveren"]
    assert bezoek.toolTipsVisible()
    for actie in acties:
        assert not actie.isEnabled()
        assert "alleen met een gedeelde database" in actie.toolTip()
        assert "ingebouwde database" in actie.statusTip()
    # The sjablonen check starts two seconds after the window; on a busy machine it takes
    # longer than the no-running-tasks guard waits, so let it finish here.
    qtbot.wait(SjablonenControle.NA_START_MS + 100)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=60_000)


def test_the_outbox_shows_its_messages_and_promises_no_retry_without_exchange(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed, "Bezoek zonder Exchange")
    begin = ctx.now() + timedelta(days=3)
    afspraken.plan_afspraak(
        ctx, dossier.id,
        NieuweAfspraak(onderwerp="Bezoek De Linde", begin=begin, einde=begin + timedelta(hours=1),
                       deelnemers=(DeelnemerInvoer(medewerker_id=gui_env.seed.medewerkers["avries"]),)),
    )  # fmt: skip
    koppeling = _koppeling(window)
    koppeling.koppeling.wake()
    qtbot.waitUntil(lambda: "wacht" in koppeling.label.text(), timeout=10_000)
    assert "1 bericht wacht tot Exchange is ingesteld" in koppeling.label.text()
    assert "volgende poging" not in koppeling.label.text()

    gezien: list[OutboxDialog] = []

    def toon(ctx, ingesteld, parent=None):  # type: ignore[no-untyped-def]
        dialog = OutboxDialog(ctx, ingesteld, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        gezien.append(dialog)
        dialog.grab().save(str(Path(tempfile.mkdtemp(prefix="igj-outbox-")) / "outbox.png"))
        assert dialog.tabel.rowCount() == 1
        rij = [dialog.tabel.item(0, k).text() for k in range(dialog.tabel.columnCount())]
        assert rij[:3] == ["Uitnodiging", "Bezoek De Linde", "Wacht"] and rij[4] == "—"
        assert "niet ingesteld" in dialog.uitleg.text()
        assert not dialog.opnieuw_knop.isEnabled()
        assert "Exchange-verbinding" in dialog.opnieuw_knop.toolTip()
        with dialogs.answering(True) as shown:
            qtbot.mouseClick(dialog.verwijder_knop, Qt.MouseButton.LeftButton)
        assert shown[0].titel == "Bericht verwijderen"
        qtbot.waitUntil(lambda: dialog.tabel.rowCount() == 0)  # removed in the background
        assert dialog.tabel.rowCount() == 0 and not dialog.verwijder_knop.isEnabled()
        return dialog.gewijzigd

    monkeypatch.setattr(OutboxDialog, "ask", toon)
    koppeling.act_outbox.trigger()
    assert gezien and outbox.outbox_inhoud(ctx) == []
    qtbot.waitUntil(lambda: koppeling.label.text() == NIET_INGESTELD_KORT, timeout=10_000)


def test_a_planned_afspraak_goes_to_exchange_and_outlook_changes_come_back(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with memory_keyring(), EwsTestServer(users={ANNA: "geheim"}) as server:
        window = _open(qtbot, gui_env, data_dir)
        koppeling = _koppeling(window)
        settings = ExchangeSettings(
            mailbox=ANNA, gebruikersnaam=ANNA, auth=AuthMethode.BASIC, server_url=server.url
        )

        def configure(data: Path, _parent: object = None) -> ExchangeSettings:
            config.save_settings(data, settings, "geheim")
            return settings

        monkeypatch.setattr(ExchangeConfigDialog, "ask", classmethod(lambda c, *a: configure(*a)))
        begin = datetime(2026, 12, 1, 9, 0, tzinfo=AMS)
        afspraak = afspraken.plan_afspraak(
            gui_env.ctx,
            new_dossier(gui_env.ctx, gui_env.seed).id,
            NieuweAfspraak(
                onderwerp="Inspectiebezoek",
                begin=begin,
                einde=begin + timedelta(hours=2),
                deelnemers=(DeelnemerInvoer(medewerker_id=gui_env.seed.medewerkers["bjansen"]),),
            ),
        )
        with qtbot.waitSignal(
            koppeling.koppeling.status,
            check_params_cb=lambda t: t == "Alles is verstuurd naar Exchange.",
            timeout=20_000,
        ):
            koppeling.act_instellen.trigger()
        assert koppeling.label.text() == "Alles is verstuurd naar Exchange."
        assert [(s.soort, s.ontvangers) for s in server.sent] == [("uitnodiging", (BRAM,))]

        [item] = server.calendar(ANNA)
        server.respond(item, BRAM, "Decline")
        with qtbot.waitSignal(koppeling.koppeling.gesynchroniseerd, timeout=20_000):
            koppeling.act_sync.trigger()
        assert koppeling.label.text() == "Agenda gesynchroniseerd: 1 wijziging uit Outlook."
        assert afspraken.get_afspraak(gui_env.ctx, afspraak.id).wijziging_outlook == (
            "Bram Jansen heeft afgeslagen."
        )
        qtbot.waitUntil(lambda: not window.is_loading())
        window.close()


def test_the_post_tab_lists_post_across_dossiers(
    qtbot: QtBot, window: MainWindow, gui_env: GuiEnv
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    parsed = parse_path(TESTDATA / "eml" / "attachment_pdf.eml")
    post.registreer_post(gui_env.ctx, parsed, post.Registratie([dossier.id]))
    view = window.werk_tab("Post")
    assert isinstance(view, PostRegisterView)
    qtbot.waitUntil(lambda: view.aantal.text() == "1 poststuk")
    assert window.werk.currentWidget() is view


def test_the_werkvoorraad_is_printed_as_shown(
    qtbot: QtBot,
    window: MainWindow,
    gui_env: GuiEnv,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    add_activiteit(
        gui_env.ctx,
        dossier.id,
        "Rapport nalezen",
        gui_env.ctx.today(),
        medewerker_id=gui_env.seed.medewerkers["avries"],
    )
    geopend: list[Path] = []
    monkeypatch.setattr(MainWindow, "opener", staticmethod(geopend.append))
    doel = tmp_path / "werkvoorraad.pdf"
    with dialogs.answering(doel):
        next(
            a for a in window.menu("&Bestand").actions() if a.text().startswith("Werkvoorraad")
        ).trigger()
        qtbot.waitUntil(lambda: geopend == [doel])
    tekst = "".join(p.extract_text() for p in PdfReader(io.BytesIO(doel.read_bytes())).pages)
    assert "Werkvoorraad Anna de Vries" in tekst and "Rapport nalezen" in tekst


def test_a_broken_workflow_catalog_stops_the_start_with_a_dutch_message(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def kapot(_session: object) -> None:
        raise CatalogusFout("De workflowcatalogus is niet consistent:\nbezoek: onbereikbaar")

    monkeypatch.setattr(app, "sync_dossiertypes", kapot)
    settings = Settings(data_dir, gui_env.db.url, "avries", "test")
    with dialogs.answering() as shown:
        assert create_main_window(settings, gui_env.db) is None
    assert shown[0].titel == "Workflowcatalogus onjuist"
    assert "bezoek: onbereikbaar" in shown[0].tekst


def test_a_broken_sjabloon_is_reported_in_the_status_bar_after_start(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "kapot.txt.j2").write_text(
        "Onderwerp: {{ kenmerk }}\n\nBeste {{ ots.naam }}, {{ onbekend_veld }}\n", encoding="utf-8"
    )
    (tmp_path / "catalog.yaml").write_text(
        "- {naam: kapot, bestand: mail/kapot.txt.j2, titel: Kapot, soort: mail,"
        " richting: uitgaand, afdelingen: [], dossiertypes: []}\n"
        "- {naam: weg, titel: Weg, soort: brief, richting: uitgaand}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(
        sjablonen, "standaard_catalogus", lambda: sjablonen.SjabloonCatalogus.laad(tmp_path)
    )
    controle = next(e for e in window.extras if isinstance(e, SjablonenControle))
    assert not controle.label.isVisible()  # the check waits until the window is up

    controle.controleer()
    qtbot.waitUntil(controle.label.isVisible)
    assert controle.label.text().startswith("2 sjablonen zijn niet bruikbaar")
    assert "kapot: " in controle.label.toolTip() and "onbekend_veld" in controle.label.toolTip()
    assert "weg: bestand weg.docx ontbreekt" in controle.label.toolTip()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.statusBar().grab().save(str(SHOTS / "statusbalk_sjablonen.png"))
