"""The werkvoorraad table: my and my groepen's open activiteiten, sortable, overdue in red."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.read_models import WerkvoorraadItem
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.workflows import werkvoorraad
from igj_desktop.views.gemeenschappelijk.thema import kleur
from igj_desktop.views.toegang.dossier_overdragen_dialog import OverdragenDialog
from igj_desktop.views.workflows.werkvoorraad_model import COLUMNS, WerkvoorraadModel
from igj_desktop.views.workflows.werkvoorraad_view import WerkvoorraadView
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.integration.dossier_support import add_activiteit, new_dossier

TERMIJN, URGENTIE, ACTIVITEIT = 0, 1, 2


def _werk(env: GuiEnv) -> None:
    """Three activiteiten of Anna (one overdue), one of her Team GGZ, one of a colleague."""
    ctx = env.ctx
    vandaag = ctx.today()
    dossier = new_dossier(ctx, env.seed, "Toezicht GGZ Noorderlicht")
    anna = env.seed.medewerkers["avries"]
    add_activiteit(ctx, dossier.id, "Rapport vaststellen", vandaag - timedelta(days=3),
                   medewerker_id=anna)  # fmt: skip
    add_activiteit(ctx, dossier.id, "Bezoek plannen", vandaag + timedelta(days=10),
                   medewerker_id=anna, urgentie="spoed")  # fmt: skip
    add_activiteit(ctx, dossier.id, "Zienswijze beoordelen", None, medewerker_id=anna,
                   urgentie="hoog")  # fmt: skip
    add_activiteit(ctx, dossier.id, "Signaal wegen", vandaag + timedelta(days=1),
                   groep_id=env.seed.groepen["Team GGZ"])  # fmt: skip
    add_activiteit(ctx, dossier.id, "Werk van Bram", vandaag,
                   medewerker_id=env.seed.medewerkers["bjansen"])  # fmt: skip


def _mij_en_groepen(ctx: ServiceContext) -> list[WerkvoorraadItem]:
    return werkvoorraad.list_werkvoorraad(ctx, "mij_en_groepen")


def _titels(model: WerkvoorraadModel) -> list[str]:
    return [model.index(r, ACTIVITEIT).data() for r in range(model.rowCount())]


def test_model_passes_the_qt_model_tester(qtmodeltester: ModelTester, gui_env: GuiEnv) -> None:
    _werk(gui_env)
    model = WerkvoorraadModel()
    model.set_rows(_mij_en_groepen(gui_env.ctx))
    qtmodeltester.check(model)
    model.sort(URGENTIE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_overdue_in_red_and_sorting_by_column(gui_env: GuiEnv) -> None:
    _werk(gui_env)
    model = WerkvoorraadModel()
    model.set_rows(_mij_en_groepen(gui_env.ctx))
    assert model.columnCount() == len(COLUMNS)
    # Default: by termijn, none last.
    assert _titels(model) == [
        "Rapport vaststellen",
        "Signaal wegen",
        "Bezoek plannen",
        "Zienswijze beoordelen",
    ]
    te_laat = model.index(0, TERMIJN)
    assert model.data(te_laat, Qt.ItemDataRole.ForegroundRole) == kleur("rood")
    assert "Termijn verstreken" in model.data(te_laat, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, TERMIJN), Qt.ItemDataRole.ForegroundRole) is None

    model.sort(URGENTIE, Qt.SortOrder.AscendingOrder)
    assert _titels(model)[:2] == ["Bezoek plannen", "Zienswijze beoordelen"]
    assert model.index(0, URGENTIE).data() == "Spoed"
    model.sort(ACTIVITEIT, Qt.SortOrder.DescendingOrder)
    assert _titels(model)[0] == "Zienswijze beoordelen"


def test_view_loads_mine_and_my_groups_in_a_worker(qtbot: QtBot, gui_env: GuiEnv) -> None:
    _werk(gui_env)

    view = WerkvoorraadView(lambda scope: werkvoorraad.list_werkvoorraad(gui_env.ctx, scope))
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: not view.is_loading())
    assert "Werk van Bram" not in _titels(view.model)
    assert len(_titels(view.model)) == 4
    assert view.telling.text() == "4 open activiteiten, waarvan 1 over de termijn"

    beperkt = WerkvoorraadView(
        lambda scope: werkvoorraad.list_werkvoorraad(gui_env.ctx, scope, limit=2), limit=2
    )
    qtbot.addWidget(beperkt)
    beperkt.reload()
    qtbot.waitUntil(lambda: not beperkt.is_loading())
    assert (
        beperkt.telling.text()
        == "De eerste 2 open activiteiten op termijn, waarvan 1 over de termijn"
    )

    view.scope.setCurrentIndex(view.scope.findData("mij"))
    qtbot.waitUntil(lambda: not view.is_loading())
    assert "Signaal wegen" not in _titels(view.model)
    assert len(_titels(view.model)) == 3

    with qtbot.waitSignal(view.open_dossier) as opened:
        view.table.setCurrentIndex(view.model.index(0, ACTIVITEIT))
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args[0] == view.model.regel(view.model.index(0, 0)).dossier_id


def test_activiteit_overdragen_to_a_colleague(qtbot: QtBot, gui_env: GuiEnv) -> None:
    _werk(gui_env)
    item = next(
        w for w in werkvoorraad.list_werkvoorraad(gui_env.ctx, "mij") if w.titel == "Bezoek plannen"
    )
    toegang.grant_toegang(  # a colleague in the behandelteam
        gui_env.ctx, item.dossier_id, medewerker_id=gui_env.seed.medewerkers["bjansen"]
    )
    dialog = OverdragenDialog(gui_env.ctx, activiteit=item)
    qtbot.addWidget(dialog)
    dialog.choose("Bram Jansen")
    confirm(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    bram = ServiceContext.for_user(gui_env.db, "bjansen")
    assert "Bezoek plannen" in [w.titel for w in werkvoorraad.list_werkvoorraad(bram, "mij")]
    mijn = [w.titel for w in werkvoorraad.list_werkvoorraad(gui_env.ctx, "mij")]
    assert "Bezoek plannen" not in mijn


def test_in_a_narrow_pane_the_activiteit_stays_readable_and_the_table_scrolls(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    """Activiteit and Dossier share the free width, but not below ~18 characters: a laptop
    at 150 % or a split window shrank them to three letters (``rekkolommen``)."""
    _werk(gui_env)
    view = WerkvoorraadView(lambda scope: werkvoorraad.list_werkvoorraad(gui_env.ctx, scope))
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: not view.is_loading())
    header = view.table.horizontalHeader()
    minimum = view.kolommen.minimum()
    view.resize(1600, 500)
    view.show()
    qtbot.waitUntil(lambda: header.sectionResizeMode(ACTIVITEIT) == header.ResizeMode.Stretch)
    assert header.sectionSize(ACTIVITEIT) > minimum
    assert not view.table.horizontalScrollBar().isVisible()

    view.resize(600, 500)
    qtbot.waitUntil(lambda: header.sectionResizeMode(ACTIVITEIT) == header.ResizeMode.Interactive)
    assert header.sectionSize(ACTIVITEIT) == minimum == header.sectionSize(ACTIVITEIT + 2)
    qtbot.waitUntil(view.table.horizontalScrollBar().isVisible)

    view.resize(1600, 500)  # wide again: they stretch again
    qtbot.waitUntil(lambda: header.sectionResizeMode(ACTIVITEIT) == header.ResizeMode.Stretch)
