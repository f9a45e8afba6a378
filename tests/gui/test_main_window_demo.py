"""The main window starts on the demo database and shows the demo inspectie: on the embedded
database, and on PostgreSQL filled by its owner and shown to the user's own login role, under
the policies (every tab of a dossier is opened)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.db import Database
from igj_desktop.services.beheer.demo import fill_demo
from igj_desktop.services.beheer.loginrol import als_medewerker
from tests.conftest import drop_role_after, make_database


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_database(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """Demo data filled as the database's owner; on PostgreSQL the window gets Anna's role."""
    db = make_database(request.param, request, tmp_path)
    assert fill_demo(db, "avries")
    if db.is_embedded:
        return db
    anna = als_medewerker(db, "avries")
    drop_role_after(request, str(make_url(anna.url).username))
    request.addfinalizer(anna.dispose)
    return anna


def test_main_window_on_demo_data(
    qtbot: QtBot, demo_database: Database, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = create_main_window(
        Settings(data_dir, demo_database.url, "avries", "test"), demo_database
    )
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.tree_model.rowCount() > 0 and not window.is_loading())

    assert window.tree_model.rowCount() >= 20
    assert window.werkvoorraad.model.rowCount() > 0
    assert "open activiteiten" in window.werkvoorraad.telling.text()

    model = window.tree_model
    met_subs = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.regel(model.index(r, 0)).child_count > 0
    )
    window.tree.expand(met_subs)
    window.tree.setCurrentIndex(met_subs)
    qtbot.waitUntil(lambda: model.rowCount(met_subs) > 0 and not window.is_loading())
    regel = model.regel(met_subs)
    assert window.dossier_id == regel.id
    assert window.detail.kenmerk_label.text() == regel.kenmerk
    for titel in window.detail.tab_titles():
        window.detail.tab(titel)
        qtbot.waitUntil(lambda: not window.is_loading())
    assert model.regel(model.index(0, 0, met_subs)).kenmerk.startswith(regel.kenmerk + "-")
    assert not model.parent(model.index(0, 0, QModelIndex())).isValid()

    # Scrolling to the end of the loaded hoofddossiers asks for the next page.
    gevraagd: list[bool] = []
    monkeypatch.setattr(model, "meer_laden", lambda: gevraagd.append(True))
    balk = window.tree.verticalScrollBar()
    qtbot.waitUntil(lambda: balk.maximum() > 0)
    balk.setValue(balk.maximum() // 2)
    assert gevraagd == []
    balk.setValue(balk.maximum())
    assert gevraagd == [True]
    window.close()
