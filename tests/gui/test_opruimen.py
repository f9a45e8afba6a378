"""What a killed app left in the document store is cleaned up on its own, after start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import igj_desktop
from igj_desktop.__main__ import main
from igj_desktop.app import create_main_window
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.services.beheer.opruimen import opruimen_bij_start
from igj_desktop.services.documenten import document as documenten
from igj_desktop.views.hoofdvenster import werkbank_extra
from tests.conftest import GuiEnv
from tests.integration.dossier_support import new_dossier

from .test_dialogs_infra import _settings

# A registration killed halfway: first while the blob is being written (a .tmp-* file),
# then after the blob was stored and before its rows committed (an orphan blob).
_KIND = """
import os, sys, time
from pathlib import Path
from igj_desktop.integrations.document_store import FileDocumentStore
store = FileDocumentStore(Path(sys.argv[1]))
if sys.argv[2] == "blob":
    store.put(b"bijlage van een mail die nooit geregistreerd werd")
    print("opgeslagen", flush=True)
    time.sleep(60)
else:
    store.put(os.urandom(64 * 1024 * 1024))
"""


def _kill_while(root: Path, soort: str) -> None:
    kind = subprocess.Popen(
        [sys.executable, "-c", _KIND, str(root), soort],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(igj_desktop.__file__).parents[1])},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if soort == "blob" and kind.stdout is not None and kind.stdout.readline():
                break
            if soort == "tmp" and list(root.glob("??/??/.tmp-*")):
                break
            time.sleep(0.001)
        else:
            raise AssertionError("het kind kwam niet op het punt waar het gestopt moest worden")
    finally:
        kind.send_signal(signal.SIGKILL)
        kind.wait(10)


def _age(path: Path, dagen: int = 2) -> None:
    oud = time.time() - dagen * 86400
    os.utime(path, (oud, oud))


def test_a_killed_registration_leaves_nothing_behind_after_the_next_start(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FileDocumentStore.default()
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    bewaard = documenten.add_document(gui_env.ctx, [dossier.id], "plan.pdf", b"%PDF plan")
    _age(store.path_for(bewaard.sha256))
    _kill_while(store.root, "tmp")
    _kill_while(store.root, "blob")
    achtergelaten = [p for p in store.root.glob("??/??/*") if p.name != bewaard.sha256]
    assert sorted(p.name[:5] for p in achtergelaten)[0] == ".tmp-"
    assert len(achtergelaten) == 2
    for pad in achtergelaten:
        _age(pad)
    jong = store.root / "ab" / "cd" / ".tmp-nog-bezig"  # another writer's, right now
    jong.parent.mkdir(parents=True)
    jong.write_bytes(b"bezig")

    monkeypatch.setattr(werkbank_extra.Onderhoud, "NA_START_MS", 0)
    window = create_main_window(_settings(gui_env, data_dir), gui_env.db)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not any(p.exists() for p in achtergelaten), timeout=10_000)
    qtbot.waitUntil(lambda: "opgeruimd" in window.statusBar().currentMessage())
    assert "1 onvoltooide en 1 ongebruikte" in window.statusBar().currentMessage()
    assert jong.exists()
    assert store.get(bewaard.sha256) == b"%PDF plan"  # what is used stays
    # once a day: a second start the same day walks nothing
    assert opruimen_bij_start(gui_env.ctx, data_dir, store) is None
    window.close()


def test_the_cleanup_waits_a_day_before_touching_anything(gui_env: GuiEnv, data_dir: Path) -> None:
    store = FileDocumentStore.default()
    ongebruikt = store.put(b"net geschreven, de transactie loopt nog")
    resultaat = opruimen_bij_start(gui_env.ctx, data_dir, store)
    assert resultaat is not None and (resultaat.tijdelijk, resultaat.ongebruikt) == (0, 0)
    assert store.exists(ongebruikt.sha256)


def test_the_beheerder_cleans_a_shared_store_from_the_command_line(
    gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("IGJ_DATABASE_URL", gui_env.db.url)
    store = FileDocumentStore.default()
    wees = store.put(b"van een afgebroken registratie")
    _age(store.path_for(wees.sha256))
    assert main(["db", "opruimen"]) == 0
    assert "0 onvoltooide en 1 ongebruikte" in capsys.readouterr().out
    assert not store.exists(wees.sha256)
