"""The dossier tree model: lazy, page by page, in a worker; only what the user may see."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTreeView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.read_models import DossierDetail, DossierNode
from igj_desktop.views.dossiers.dossier_tree_model import DossierTreeModel, PageLoader
from tests.conftest import GuiEnv
from tests.integration.dossier_support import new_dossier


def loader(ctx: ServiceContext) -> PageLoader:
    """The same queries the main window asks the tree to run."""

    def load(
        parent_id: uuid.UUID | None, filter_text: str, offset: int, limit: int
    ) -> list[DossierNode]:
        if parent_id is None:
            return dossiers.list_hoofddossiers(ctx, filter_text, offset, limit)
        return dossiers.list_subdossiers(ctx, parent_id)

    return load


def _fill(env: GuiEnv, aantal: int = 5, subs: int = 2) -> list[DossierDetail]:
    made = []
    for i in range(aantal):
        detail = new_dossier(env.ctx, env.seed, f"Toezicht nummer {i}")
        made.append(detail)
    for j in range(subs):
        dossiers.create_subdossier(
            env.ctx, made[0].id, env.seed.dossiertypes["risicotoezicht"], f"Locatie {j}"
        )
    return made


def _kenmerken(model: DossierTreeModel, parent: QModelIndex = QModelIndex()) -> list[str]:  # noqa: B008
    return [
        model.data(model.index(r, 0, parent), Qt.ItemDataRole.DisplayRole)
        for r in range(model.rowCount(parent))
    ]


def _fetch(qtbot: QtBot, model: DossierTreeModel, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
    """The first page or a subdossier list as Qt asks for it; further pages as scrolling does."""
    if not parent.isValid() and model.rowCount():
        model.meer_laden()
    else:
        model.fetchMore(parent)
    qtbot.waitUntil(lambda: not model.is_loading())


def test_model_passes_the_qt_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, gui_env: GuiEnv
) -> None:
    made = _fill(gui_env)
    model = DossierTreeModel(loader(gui_env.ctx), page_size=3)
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: not model.is_loading())
    while model.heeft_meer:
        _fetch(qtbot, model)
    hoofd = model.index_of(made[0].id)
    _fetch(qtbot, model, hoofd)
    assert model.rowCount(hoofd) == 2
    qtmodeltester.check(model)


def test_synchronous_model_passes_the_tester_too(
    qtmodeltester: ModelTester, gui_env: GuiEnv
) -> None:
    _fill(gui_env)
    model = DossierTreeModel(loader(gui_env.ctx), page_size=2, asynchronous=False)
    qtmodeltester.check(model)
    assert model.rowCount() >= 2


def test_loads_lazily_page_by_page_and_subdossiers_on_expand(qtbot: QtBot, gui_env: GuiEnv) -> None:
    made = _fill(gui_env, aantal=5, subs=2)
    model = DossierTreeModel(loader(gui_env.ctx), page_size=2)
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())

    _fetch(qtbot, model)
    assert model.rowCount() == 2
    _fetch(qtbot, model)
    _fetch(qtbot, model)
    assert model.rowCount() == 5
    assert not model.heeft_meer and not model.canFetchMore(QModelIndex())
    # Newest kenmerk first.
    assert _kenmerken(model) == sorted(_kenmerken(model), reverse=True)

    hoofd = model.index_of(made[0].id)
    assert model.hasChildren(hoofd) and model.rowCount(hoofd) == 0
    _fetch(qtbot, model, hoofd)
    assert _kenmerken(model, hoofd) == [f"{made[0].kenmerk}-01", f"{made[0].kenmerk}-02"]
    zonder_subs = model.index_of(made[1].id)
    assert not model.hasChildren(zonder_subs)
    assert model.flags(zonder_subs) & Qt.ItemFlag.ItemNeverHasChildren


def test_the_view_loads_further_pages_only_when_scrolled_to_the_end(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    """QTreeView fetches more after every layout of the root; without a brake an asynchronous
    model would load every hoofddossier of ten years in the background."""
    _fill(gui_env, aantal=9, subs=0)
    model = DossierTreeModel(loader(gui_env.ctx), page_size=3)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    qtbot.wait(300)  # several layout passes
    assert model.rowCount() == 3 and not model.is_loading() and model.heeft_meer
    model.meer_laden()
    qtbot.waitUntil(lambda: model.rowCount() == 6)
    qtbot.wait(300)
    assert model.rowCount() == 6


def test_tree_view_drives_the_loading(qtbot: QtBot, gui_env: GuiEnv) -> None:
    made = _fill(gui_env, aantal=3, subs=1)
    model = DossierTreeModel(loader(gui_env.ctx))
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    hoofd = model.index_of(made[0].id)
    view.expand(hoofd)
    qtbot.waitUntil(lambda: model.rowCount(hoofd) == 1)
    assert model.regel(model.index(0, 0, hoofd)).is_subdossier


def test_filter_reloads_with_matching_dossiers(qtbot: QtBot, gui_env: GuiEnv) -> None:
    _fill(gui_env, aantal=3, subs=0)
    new_dossier(gui_env.ctx, gui_env.seed, "Calamiteit Apotheek De Vijzel")
    model = DossierTreeModel(loader(gui_env.ctx))
    _fetch(qtbot, model)
    assert model.rowCount() == 4
    model.set_filter("vijzel")
    _fetch(qtbot, model)
    assert [model.regel(model.index(r, 0)).titel for r in range(model.rowCount())] == [
        "Calamiteit Apotheek De Vijzel"
    ]


def test_afgeschermd_dossier_is_not_in_an_outsiders_tree(qtbot: QtBot, gui_env: GuiEnv) -> None:
    team_ggz = gui_env.seed.groepen["Team GGZ"]
    open_voor_team = new_dossier(
        gui_env.ctx, gui_env.seed, "Open voor het team", toegang_groepen=[(team_ggz, "lezer")]
    )
    afgeschermd = new_dossier(
        gui_env.ctx,
        gui_env.seed,
        "Afgeschermd onderzoek",
        toegang_groepen=[(team_ggz, "lezer")],
        afgeschermd=True,
    )
    collega = ServiceContext.for_user(gui_env.db, "bjansen")  # also in Team GGZ
    model = DossierTreeModel(loader(collega))
    _fetch(qtbot, model)
    ids = {model.regel(model.index(r, 0)).id for r in range(model.rowCount())}
    assert open_voor_team.id in ids
    assert afgeschermd.id not in ids

    eigen = DossierTreeModel(loader(gui_env.ctx))
    _fetch(qtbot, eigen)
    index = eigen.index_of(afgeschermd.id)
    assert index.isValid()
    assert "afgeschermd" in eigen.data(index, Qt.ItemDataRole.ToolTipRole)


def test_reload_during_loading_drops_the_stale_page(qtbot: QtBot, gui_env: GuiEnv) -> None:
    _fill(gui_env, aantal=2, subs=0)
    model = DossierTreeModel(loader(gui_env.ctx))
    model.fetchMore(QModelIndex())
    model.reload()  # cancels the running page and starts again
    qtbot.waitUntil(lambda: not model.is_loading())
    assert model.rowCount() == 2  # not 4: the first answer was dropped
    assert not model.canFetchMore(QModelIndex())
