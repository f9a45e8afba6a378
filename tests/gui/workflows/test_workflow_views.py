"""Starting a workflow and completing activiteiten through the window's workflow widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.workflows import acties as wf
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import running_tasks
from igj_desktop.views.workflows.workflow_dialogs import (
    CompleteActiviteitDialog,
    EndWorkflowDialog,
    ReassignActiviteitDialog,
    StartWorkflowDialog,
)
from igj_desktop.views.workflows.workflow_tab import WorkflowsTab
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import new_dossier


def _shot(widget: object, naam: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / naam))  # type: ignore[attr-defined]


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: running_tasks() == 0)  # OK runs its service call in the background


def test_start_dialog_starts_the_chosen_workflow(qtbot: QtBot, gui_env: GuiEnv) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    dialog = StartWorkflowDialog(gui_env.ctx, dossier.id)
    qtbot.addWidget(dialog)
    dialog.show()
    _click(qtbot, dialog.ok_button)
    assert dialog.error_label.text() == "Kies een workflow."
    dialog.choose("Uitvoeren inspectiebezoek")
    _shot(dialog, "workflow_start_dialog.png")
    _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    (workflow,) = wf.list_workflows(gui_env.ctx, dossier.id)
    assert workflow.code == "inspectiebezoek"


def test_complete_dialog_needs_a_reason_where_the_outcome_asks_one(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    workflow = wf.start_workflow(gui_env.ctx, dossier.id, "opdrachtverkenning")
    besluit = next(a for a in workflow.activiteiten if a.code == "besluit_verkenning")
    dialog = CompleteActiviteitDialog(gui_env.ctx, besluit)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose("Geen vervolg")
    _shot(dialog, "workflow_complete_dialog.png")
    _click(qtbot, dialog.ok_button)
    assert "Geef een reden" in dialog.error_label.text()
    assert dialog.isVisible()
    dialog.reden.setPlainText("Geen risico gevonden")
    _click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert wf.get_workflow(gui_env.ctx, workflow.id).status == "afgerond"


def test_tab_starts_a_workflow_and_completes_steps(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    tab = WorkflowsTab(ctx, dossier.id)
    qtbot.addWidget(tab)
    tab.resize(1100, 520)
    tab.show()
    assert tab.lijst.count() == 0

    def start(ctx_: object, dossier_id: object, parent: object) -> wf.WorkflowRow:
        dialog = StartWorkflowDialog(ctx, dossier.id, tab)
        dialog.choose("Uitvoeren inspectiebezoek")
        confirm(dialog)
        return dialog.result_value

    monkeypatch.setattr(StartWorkflowDialog, "ask", classmethod(lambda cls, *a: start(*a)))
    with qtbot.waitSignal(tab.changed):
        _click(qtbot, tab.start_button)
    assert tab.lijst.count() == 1
    tab.stappen.select("Plannen bezoek")
    assert tab.complete_button.isEnabled()

    def complete(activiteit: wf.ActiviteitRow) -> wf.AfrondingResult:
        dialog = CompleteActiviteitDialog(ctx, activiteit, tab)
        dialog.choose("Aangekondigd bezoek")
        confirm(dialog)
        return dialog.result_value

    monkeypatch.setattr(
        CompleteActiviteitDialog, "ask", classmethod(lambda cls, c, a, p=None: complete(a))
    )
    with qtbot.waitSignal(tab.changed):
        _click(qtbot, tab.complete_button)
    workflow = tab.current_workflow()
    assert workflow is not None
    assert {a.titel for a in workflow.activiteiten if a.open} == {
        "Bezoek aankondigen bij de relatie",
        "Bezoek voorbereiden",
    }
    diagram = tab.stappen.diagram.text()
    assert "● Plannen" in diagram and "● Bezoek" in diagram and "○ Verslag" in diagram
    tab.handmatig.setCurrentIndex(tab.handmatig.findText("Extra afspraak plannen"))
    with qtbot.waitSignal(tab.changed):
        _click(qtbot, tab.handmatig_button)
    assert "Extra afspraak plannen" in [a.titel for a in tab.current_workflow().activiteiten]  # type: ignore[union-attr]
    tab.stappen.select("Bezoek aankondigen")
    with qtbot.waitSignal(tab.changed):
        _click(qtbot, tab.opschorten_button)
    tab.stappen.select("Bezoek aankondigen")
    assert tab.hervatten_button.isEnabled() and tab.complete_button.isEnabled() is not False
    _shot(tab, "workflow_tab.png")


def test_tab_read_only_and_end_and_reassign(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    workflow = wf.start_workflow(ctx, dossier.id, "gesprek")
    tab = WorkflowsTab(ctx, dossier.id)
    qtbot.addWidget(tab)
    tab.show()
    tab.stappen.select("Gesprek plannen")
    tab.set_read_only(True)
    assert not tab.complete_button.isEnabled() and not tab.start_button.isEnabled()
    tab.set_read_only(False)

    # handing over never widens access: the groep gets toegang first
    toegang.grant_toegang(ctx, dossier.id, groep_id=gui_env.seed.groepen["Team GGZ"])
    reassign = ReassignActiviteitDialog(ctx, workflow.activiteiten[0])
    qtbot.addWidget(reassign)
    reassign.choose("Groep Team GGZ")
    _click(qtbot, reassign.ok_button)
    assert wf.get_activiteit(ctx, workflow.activiteiten[0].id).eigenaar == "Groep Team GGZ"
    tab.reload()
    tab.stappen.select("Gesprek plannen")
    assert tab.claim_button.isEnabled()
    with qtbot.waitSignal(tab.changed):
        _click(qtbot, tab.claim_button)
    assert wf.get_activiteit(ctx, workflow.activiteiten[0].id).eigenaar == "Anna de Vries"

    end = EndWorkflowDialog(ctx, wf.get_workflow(ctx, workflow.id))
    qtbot.addWidget(end)
    _click(qtbot, end.ok_button)
    assert "Geef een reden" in end.error_label.text()
    end.reden.setPlainText("Gesprek niet meer nodig")
    _click(qtbot, end.ok_button)
    assert end.result() == QDialog.DialogCode.Accepted
    tab.reload()
    assert "Beëindigd" in tab.stappen.diagram.text()
    assert not tab.end_button.isEnabled()
    with dialogs.answering() as shown:
        tab.stappen.select("Gesprek plannen")
        tab._act(wf.claim_activiteit)
        qtbot.waitUntil(lambda: bool(shown))  # refused by the service, in the background
    assert shown and "groep waar u lid van bent" in shown[0].tekst
