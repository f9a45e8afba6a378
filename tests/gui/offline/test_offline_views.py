"""The offline banner, the sync progress dialog and the conflict dialog, on real syncs.

Both databases are SQLite here (the GUI is what is under test; test_offline_visit.py runs the
same services against PostgreSQL). Screenshots go to ``tests.gui.screenshots.SHOTS``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from igj_desktop.models import Bevinding, SyncChange
from igj_desktop.services.audit import record_audit
from igj_desktop.services.offline.capture import aantal_wachtend
from igj_desktop.services.offline.kopie import Progress
from igj_desktop.services.offline.sync import los_op, open_conflicten, synchroniseer
from igj_desktop.services.offline.verbinding import Modus, Verbinding, probe
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.offline.offline_acties import OfflineActies, OfflineOmgeving
from igj_desktop.views.offline.offline_banner import OFFLINE_TEKST, OfflineBanner, VerbindingWatcher
from igj_desktop.views.offline.sync_conflict_dialog import NIEUW, SyncConflictDialog
from igj_desktop.views.offline.sync_dialog import SyncDialog
from tests.gui.screenshots import SHOTS
from tests.integration.offline.test_sync_property import World, build_world

# The offscreen platform cannot resize native windows to their size hints; says so on show().


def _shot(widget: object, naam: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / naam))  # type: ignore[attr-defined]


@pytest.fixture
def world(sqlite_template: Path, tmp_path: Path) -> World:
    w = build_world(sqlite_template, tmp_path / "wereld")
    yield w
    w.shared.dispose()
    w.replica.db.dispose()


def _conflicting_work(world: World) -> None:
    """Offline and online edits of the same bevinding fields, and one offline addition."""
    with world.offline.unit_of_work() as s:
        bevinding = s.get_one(Bevinding, world.bevindingen[0])
        bevinding.tekst = "Medicatiekar stond open"
        bevinding.oordeel = "voldoet_niet"
    _colleague(world, 0, "Medicatie niet volgens protocol bewaard")
    with world.offline.unit_of_work() as s:
        s.get_one(Bevinding, world.bevindingen[1]).tekst = "Dossiers op orde"
    _colleague(world, 1, "Dossiervoering onvolledig")


def _colleague(world: World, index: int, tekst: str) -> None:
    """Bram changes a bevinding on the server, audited as the services do."""
    with world.bram.unit_of_work() as s:
        s.get_one(Bevinding, world.bevindingen[index]).tekst = tekst
        record_audit(
            s,
            world.bram.actor,
            "bevinding_gewijzigd",
            "Bevinding gewijzigd",
            entiteit="bevinding",
            entiteit_id=world.bevindingen[index],
            dossier_id=world.dossier_id,
        )


def _sync_taak(world: World, gate: threading.Event | None = None):
    """The real sync; with a gate it pauses after reporting its first step (for a screenshot)."""

    def taak(progress: Progress, stop: threading.Event) -> object:
        def gated(stap: str, gedaan: int, totaal: int) -> None:
            progress(stap, gedaan, totaal)
            if gate is not None and gedaan == 1:
                gate.wait(10)

        # One change per server transaction, so progress and stop act after each change.
        return synchroniseer(world.anna, world.replica, *world.stores, gated, stop, per_batch=1)

    return taak


def _in_window(qtbot: QtBot) -> tuple[QWidget, OfflineBanner]:
    """The banner at the top of a window, as the main window holds it."""
    venster = QWidget()
    qtbot.addWidget(venster)
    layout = QVBoxLayout(venster)
    layout.setContentsMargins(0, 0, 0, 0)
    banner = OfflineBanner()
    layout.addWidget(banner)
    layout.addStretch(1)
    venster.resize(760, 60)
    venster.show()
    return venster, banner


def test_banner_shows_offline_plainly_and_offers_sync_when_back(qtbot: QtBot) -> None:
    _venster, banner = _in_window(qtbot)
    assert not banner.isVisible()

    banner.zet_modus(Modus.OFFLINE, wachtend=3)
    assert banner.isVisible()
    assert banner.titel.text() == OFFLINE_TEKST
    assert "3 wijzigingen wachten" in banner.detail.text()
    assert not banner.sync_knop.isVisible()
    _shot(banner, "offline_banner.png")

    banner.zet_modus(Modus.ONLINE, wachtend=3)
    assert banner.sync_knop.isVisible()
    with qtbot.waitSignal(banner.synchroniseren_gevraagd):
        qtbot.mouseClick(banner.sync_knop, Qt.MouseButton.LeftButton)
    _shot(banner, "offline_banner_terug.png")

    banner.zet_modus(Modus.ONLINE, wachtend=0)
    assert not banner.isVisible()


def test_watcher_notices_the_database_go_and_come_back(qtbot: QtBot, world: World) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dood = f"postgresql://igj@127.0.0.1:{sock.getsockname()[1]}/igj"
    doel = {"url": dood}
    watcher = VerbindingWatcher(Verbinding(world.shared, lambda: probe(doel["url"])))
    _venster, banner = _in_window(qtbot)
    watcher.modus_gewijzigd.connect(banner.zet_modus)

    with qtbot.waitSignal(watcher.modus_gewijzigd) as offline:
        watcher.controleer()
    assert offline.args == [Modus.OFFLINE]
    assert banner.isVisible()

    doel["url"] = world.shared.url
    with qtbot.waitSignal(watcher.modus_gewijzigd) as online:
        watcher.controleer()
    assert online.args == [Modus.ONLINE]
    assert not banner.isVisible()
    watcher.stop()


def test_sync_dialog_shows_progress_without_blocking_and_the_result(
    qtbot: QtBot, world: World
) -> None:
    _conflicting_work(world)
    gate = threading.Event()
    dialog = SyncDialog(
        _sync_taak(world, gate),
        samenvatting=lambda r: r.samenvatting,  # type: ignore[attr-defined]
        conflicten=lambda r: r.conflicten,  # type: ignore[attr-defined]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    # The UI thread stays free while the worker waits at the gate: the label updates.
    qtbot.waitUntil(lambda: "Wijzigingen versturen (1 van" in dialog.stap.text())
    assert dialog.bezig and not dialog.sluit_knop.isEnabled()
    _shot(dialog, "sync_voortgang.png")

    with qtbot.waitSignal(dialog.klaar, timeout=20_000) as klaar:
        gate.set()
    assert klaar.args[0].conflicten == 2
    assert "2 conflicten wachten op uw keuze" in dialog.melding.text()
    assert dialog.conflict_knop.isVisible() and dialog.sluit_knop.isEnabled()
    _shot(dialog, "sync_klaar.png")
    with qtbot.waitSignal(dialog.conflicten_bekijken):
        qtbot.mouseClick(dialog.conflict_knop, Qt.MouseButton.LeftButton)


def test_stopping_a_sync_keeps_what_was_sent(qtbot: QtBot, world: World) -> None:
    _conflicting_work(world)
    gate = threading.Event()
    dialog = SyncDialog(_sync_taak(world, gate))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: "(1 van" in dialog.stap.text())
    qtbot.mouseClick(dialog.stop_knop, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: dialog.sluit_knop.isEnabled(), timeout=20_000)
    assert dialog.fout is not None and "gestopt" in dialog.fout
    assert dialog.melding.text() == dialog.fout
    _shot(dialog, "sync_gestopt.png")
    with world.replica.db.session() as s:
        verstuurd = s.scalars(select(SyncChange).where(SyncChange.verzonden_op.isnot(None)))
        assert len(verstuurd.all()) >= 1


def test_conflict_dialog_shows_both_sides_and_applies_the_choice(
    qtbot: QtBot, world: World
) -> None:
    _conflicting_work(world)
    synchroniseer(world.anna, world.replica, *world.stores)
    conflicten = open_conflicten(world.anna)
    assert len(conflicten) == 2

    dialog = SyncConflictDialog(conflicten, lambda i, k, w: los_op(world.anna, i, k, w))
    qtbot.addWidget(dialog)
    dialog.show()
    tabel = dialog.tabel
    versies = [tabel.item(r, 0).text() for r in range(tabel.rowCount())]
    assert tabel.horizontalHeaderItem(0).text() == "Tekst"
    assert versies[1:3] == ["Medicatiekar stond open", "Medicatie niet volgens protocol bewaard"]
    assert "Anna de Vries" in dialog.wie.text() and "Bram Jansen" in dialog.wie.text()
    assert "IGJ-2026-000001" in dialog.kop.text()
    _shot(dialog, "sync_conflict.png")

    qtbot.mouseClick(dialog.hun_knop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialog.conflicten) == 1)
    dialog.tabel.item(NIEUW, 0).setText("Dossiervoering grotendeels op orde")
    qtbot.mouseClick(dialog.bewerkt_knop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)

    assert [keuze for _, keuze in dialog.opgelost] == ["hun", "bewerkt"]
    with world.shared.session() as s:
        eerste = s.get_one(Bevinding, world.bevindingen[0])
        assert eerste.tekst == "Medicatie niet volgens protocol bewaard"
        assert eerste.oordeel == "voldoet_niet"  # merged: nobody else changed it
        tweede = s.get_one(Bevinding, world.bevindingen[1]).tekst
        assert tweede == "Dossiervoering grotendeels op orde"
    assert open_conflicten(world.anna) == []


def test_visit_actions_take_along_sync_decide_and_hand_in(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    venster = QWidget()
    qtbot.addWidget(venster)
    selectie: list = []
    acties = OfflineActies(
        OfflineOmgeving(world.anna, world.replica, *world.stores), lambda: selectie, venster
    )
    with dialogs.answering() as shown:
        assert acties.neem_mee() is None
    assert shown[0].tekst == "Kies eerst de dossiers die u meeneemt."

    selectie.append(world.dossier_id)
    with qtbot.waitSignal(acties.gewijzigd, timeout=20_000):
        acties.meenemen.trigger()
    assert acties.dialoog is not None
    assert "IGJ-2026-000001" in acties.dialoog.melding.text()
    _shot(acties.dialoog, "meenemen_klaar.png")
    acties.dialoog.accept()

    _conflicting_work(world)
    with qtbot.waitSignal(acties.gewijzigd, timeout=20_000):
        acties.synchroniseren.trigger()
    dialoog = acties.dialoog
    assert dialoog is not None and dialoog.conflict_knop.isVisible()

    beslist: list[str] = []

    def ask(conflicten: list, oplossen: Callable, parent: QWidget | None = None) -> list:
        for conflict in conflicten:
            oplossen(conflict.id, "hun", None)
            beslist.append(conflict.kenmerk)
        return beslist

    monkeypatch.setattr(SyncConflictDialog, "ask", staticmethod(ask))
    with qtbot.waitSignal(acties.gewijzigd, timeout=20_000):
        qtbot.mouseClick(dialoog.conflict_knop, Qt.MouseButton.LeftButton)
    assert beslist == ["IGJ-2026-000001", "IGJ-2026-000001"]

    with dialogs.answering() as shown:
        with qtbot.waitSignal(acties.gewijzigd, timeout=20_000):
            acties.inleveren.trigger()
        assert shown[-1].tekst == "Ingeleverd: IGJ-2026-000001."
    assert acties.bij_modus(Modus.OFFLINE) is None
    assert not acties.meenemen.isEnabled() and not acties.inleveren.isEnabled()


def test_back_online_the_waiting_changes_are_synced(qtbot: QtBot, world: World) -> None:
    venster = QWidget()
    qtbot.addWidget(venster)
    acties = OfflineActies(OfflineOmgeving(world.anna, world.replica, *world.stores), list, venster)
    assert acties.bij_modus(Modus.ONLINE) is None  # nothing waits: no sync
    with world.offline.unit_of_work() as s:
        s.get_one(Bevinding, world.bevindingen[0]).tekst = "Offline vastgelegd"
    assert aantal_wachtend(world.replica) == 1
    with qtbot.waitSignal(acties.gewijzigd, timeout=20_000):
        dialoog = acties.bij_modus(Modus.ONLINE)
        assert dialoog is not None
    assert aantal_wachtend(world.replica) == 0
    with world.shared.session() as s:
        assert s.get_one(Bevinding, world.bevindingen[0]).tekst == "Offline vastgelegd"
