"""Extra ▸ Termijnkalender: the gelijkgestelde dagen with their source, and the warning."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import running_tasks
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.hoofdvenster.werkbank_extra import SjablonenControle
from igj_desktop.views.workflows.termijnkalender import Termijnkalender, TermijnkalenderDialog
from igj_desktop.workflows.termijnen import gelijkstellingen
from tests.conftest import GuiEnv


def test_the_dialog_lists_each_besluit_with_its_source_and_days(qtbot: QtBot) -> None:
    dialog = TermijnkalenderDialog(gelijkstellingen(), date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    nieuwste = dialog.boom.topLevelItem(0)
    assert nieuwste.text(0).startswith("Besluit gelijkstelling van 2 januari 2026")
    kinderen = {nieuwste.child(i).text(0): nieuwste.child(i).text(1) for i in range(5)}
    assert kinderen["7 mei 2027"] == "vrijdag na Hemelvaartsdag"
    assert "Staatscourant" in kinderen["Bron"]
    assert nieuwste.isExpanded()
    assert dialog.waarschuwing.isHidden()
    dialog.grab().save(str(Path(tempfile.mkdtemp()) / "termijnkalender.png"))


def test_the_dialog_warns_when_the_list_ends_within_a_year(qtbot: QtBot) -> None:
    dialog = TermijnkalenderDialog(gelijkstellingen(), date(2028, 2, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.waarschuwing.isVisible()
    assert "tot en met 2028" in dialog.waarschuwing.text()


@pytest.fixture
def window(qtbot: QtBot, gui_env: GuiEnv, data_dir: Path) -> Iterator[MainWindow]:
    main = create_main_window(Settings(data_dir, gui_env.db.url, "avries", "test"), gui_env.db)
    assert main is not None
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: not main.is_loading())
    yield main
    main.close()


def test_the_window_has_the_menu_item_and_warns_in_the_status_bar(
    qtbot: QtBot, window: MainWindow
) -> None:
    [kalender] = [e for e in window.extras if isinstance(e, Termijnkalender)]
    assert kalender.action in window.menu("E&xtra").actions()
    laat = Termijnkalender(window, gelijkstellingen(), date(2028, 6, 1))
    assert laat.label.isVisible()
    assert laat.label.text() == "Termijnkalender loopt af"
    assert "Besluit gelijkstelling" in laat.label.toolTip()
    with dialogs.answering() as shown:
        window.act_over.trigger()
    assert "bekend tot en met 2028" in shown[0].tekst
    # The sjablonen check starts two seconds after the window and takes a while on a busy
    # machine; let it finish rather than leave it behind.
    qtbot.wait(SjablonenControle.NA_START_MS + 100)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=60_000)
