"""The window's plumbing: background tasks, the dialog service and start-up."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from igj_desktop.app import create_main_window, run, window_settings
from igj_desktop.config import Settings
from igj_desktop.services.errors import Conflict, ValidationFailed
from igj_desktop.views.gemeenschappelijk.dialogs import UnexpectedDialog, dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task, running_tasks
from tests.conftest import GuiEnv


def _settings(env: GuiEnv, data_dir: Path, gebruiker: str = "avries") -> Settings:
    return Settings(
        data_dir=data_dir, database_url=env.db.url, gebruikersnaam=gebruiker, apparaat="test"
    )


def test_task_runs_off_the_ui_thread_and_reports_back_on_it(qtbot: QtBot) -> None:
    ui_thread = threading.current_thread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread()
        return 42

    def done(result: object) -> None:
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    run_task(work, done)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["worker"] is not ui_thread
    assert seen["callback"] is ui_thread
    assert running_tasks() == 0


def test_task_error_reaches_the_error_callback(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        raise ValidationFailed("Titel is verplicht.")

    run_task(work, lambda _r: pytest.fail("mag niet slagen"), errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValidationFailed)
    assert errors[0].message == "Titel is verplicht."


def test_cancelled_task_delivers_nothing(qtbot: QtBot) -> None:
    results: list[object] = []
    gate = threading.Event()
    handle = run_task(lambda: gate.wait(5), results.append)
    handle.cancel()
    gate.set()
    qtbot.waitUntil(lambda: handle.finished)
    assert results == []


def test_dialog_service_answers_and_records(qtbot: QtBot, tmp_path: Path) -> None:
    with dialogs.answering(True, tmp_path / "brief.docx") as shown:
        dialogs.inform(None, "Klaar", "Het dossier is aangemaakt.")
        assert dialogs.confirm(None, "Zeker?", "Dossier afsluiten?") is True
        assert dialogs.save_file(None, "Opslaan als", "brief.docx") == tmp_path / "brief.docx"
    assert [s.soort for s in shown] == ["informatie", "vraag", "opslaan"]
    assert shown[0].tekst == "Het dossier is aangemaakt."


def test_dialog_service_refuses_unscripted_questions(qtbot: QtBot) -> None:
    with pytest.raises(UnexpectedDialog), dialogs.answering():
        dialogs.confirm(None, "Zeker?", "Doorgaan?")


def test_conflict_offers_reload(qtbot: QtBot) -> None:
    reloaded: list[bool] = []
    with dialogs.answering(True) as shown:
        dialogs.service_error(
            None, Conflict("Iemand anders was u voor."), reload=lambda: reloaded.append(True)
        )
    assert reloaded == [True]
    assert "Iemand anders was u voor." in shown[0].tekst
    with dialogs.answering() as shown:
        dialogs.service_error(None, ValidationFailed("Reden is verplicht."))
    assert shown[0].soort == "waarschuwing" and shown[0].tekst == "Reden is verplicht."


def test_unknown_user_gets_a_dutch_message_and_no_window(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path
) -> None:
    with dialogs.answering() as shown:
        window = create_main_window(_settings(gui_env, data_dir, "onbekend"), gui_env.db)
        exit_code = run(_settings(gui_env, data_dir, "onbekend"), gui_env.db)
    assert window is None
    assert exit_code == 1
    assert shown[0].soort == "fout"
    assert "geen actieve medewerker" in shown[0].tekst
    assert "onbekend" in shown[0].tekst


def test_window_shows_database_and_user_and_remembers_geometry(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path
) -> None:
    settings = _settings(gui_env, data_dir)
    window = create_main_window(settings, gui_env.db)
    assert window is not None
    qtbot.addWidget(window)
    assert "Ingebouwde database" in window.database_label.text()
    assert "Anna de Vries" in window.gebruiker_label.text()
    window.resize(711, 577)
    window.close()
    assert (data_dir / "venster.ini").exists()
    assert window_settings(settings).value("venster/geometrie") is not None

    again = create_main_window(settings, gui_env.db)
    assert again is not None
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (711, 577)


def test_result_for_a_deleted_widget_is_dropped(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    gate = threading.Event()
    handle = run_task(lambda: gate.wait(5) and "klaar", label.setText)
    label.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(label))
    gate.set()
    qtbot.waitUntil(lambda: handle.finished)
