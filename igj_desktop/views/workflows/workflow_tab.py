"""The Workflows tab of the dossier detail: the running workflows, each as a step list per
fase with a small fase diagram, and the actions on workflows and activiteiten."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.workflows import acties as wf
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp
from igj_desktop.views.gemeenschappelijk.thema import kleur
from igj_desktop.views.workflows.workflow_dialogs import (
    CompleteActiviteitDialog,
    EndWorkflowDialog,
    ReassignActiviteitDialog,
    StartWorkflowDialog,
)

ID = Qt.ItemDataRole.UserRole
STATUS_LABEL = {
    "open": "Open",
    "opgeschort": "Opgeschort",
    "afgerond": "Afgerond",
    "geannuleerd": "Geannuleerd",
    "lopend": "Lopend",
    "beeindigd": "Beëindigd",
}
STATUS_TEKEN = {"open": "○", "opgeschort": "‖", "afgerond": "✓", "geannuleerd": "✕"}


def _datum(value: Any) -> str:
    return f"{value:%d-%m-%Y}" if value else ""


class WorkflowStappen(QWidget):
    """One workflow: a fase diagram (done ▸ current ▸ to come) and its activiteiten per fase."""

    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.diagram = QLabel(self)
        self.diagram.setWordWrap(True)
        self.diagram.setTextFormat(Qt.TextFormat.RichText)
        self.diagram.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 8)
        layout.addWidget(self.diagram)
        self.boom = QTreeWidget(self)
        self.boom.setColumnCount(5)
        self.boom.setHeaderLabels(["Activiteit", "Status", "Uitkomst", "Toegewezen aan", "Termijn"])
        self.boom.setRootIsDecorated(True)
        self.boom.setUniformRowHeights(True)
        self.boom.itemSelectionChanged.connect(self.selection_changed)
        layout.addWidget(self.boom, 1)
        self.workflow: wf.WorkflowRow | None = None

    def show_workflow(self, workflow: wf.WorkflowRow | None) -> None:
        gekozen = self.selected()
        self.workflow = workflow
        self.boom.clear()
        if workflow is None:
            self.diagram.setText("")
            return
        self.diagram.setText(self._diagram_html(workflow))
        for code, naam in workflow.fasen:
            activiteiten = [a for a in workflow.activiteiten if a.fase == code]
            if not activiteiten:
                continue
            fase = QTreeWidgetItem(self.boom, [naam])
            fase.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = fase.font(0)
            font.setBold(True)
            fase.setFont(0, font)
            for a in activiteiten:
                uitkomst = next(
                    (u.naam for u in a.uitkomsten if u.code == a.uitkomst), a.uitkomst or ""
                )
                rij = QTreeWidgetItem(
                    fase,
                    [
                        f"{STATUS_TEKEN.get(a.status, '')} {a.titel}",
                        STATUS_LABEL.get(a.status, a.status),
                        uitkomst + (f" — {a.reden}" if a.reden else ""),
                        a.eigenaar,
                        _datum(a.termijn)
                        + (" (wettelijk)" if a.termijn_wettelijk and a.termijn else ""),
                    ],
                )
                rij.setData(0, ID, a.id)
                rij.setToolTip(2, a.reden or "")
                rij.setToolTip(0, "\n".join(a.gekoppeld))
                if not a.open:
                    for kolom in range(5):
                        rij.setForeground(kolom, QBrush(kleur("grijs")))
                elif a.urgentie == "spoed":
                    rij.setForeground(0, QBrush(kleur("rood")))
                if gekozen is not None and a.id == gekozen.id:
                    rij.setSelected(True)
        self.boom.expandAll()
        for kolom in range(5):
            self.boom.resizeColumnToContents(kolom)
        self.boom.setColumnWidth(0, max(self.boom.columnWidth(0), 300))

    @staticmethod
    def _diagram_html(workflow: wf.WorkflowRow) -> str:
        open_fasen = {a.fase for a in workflow.activiteiten if a.open}
        gezien = {a.fase for a in workflow.activiteiten}
        delen = []
        for code, naam in workflow.fasen:
            if code in open_fasen:
                delen.append(f"<b style='color:{kleur('accent').name()}'>● {naam}</b>")
            elif code in gezien:
                delen.append(f"<span style='color:{kleur('groen').name()}'>✓ {naam}</span>")
            else:
                delen.append(f"<span style='color:{kleur('grijs').name()}'>○ {naam}</span>")
        status = STATUS_LABEL.get(workflow.status, workflow.status)
        einde = f" — {workflow.reden}" if workflow.reden else ""
        return (
            f"<b>{workflow.titel}</b> (versie {workflow.versie}, {status}{einde})<br>"
            + " &nbsp;▸&nbsp; ".join(delen)
        )

    def selected(self) -> wf.ActiviteitRow | None:
        items = self.boom.selectedItems()
        if not items or self.workflow is None:
            return None
        activiteit_id = items[0].data(0, ID)
        return next((a for a in self.workflow.activiteiten if a.id == activiteit_id), None)

    def select(self, titel: str) -> None:
        """Select the (last) activiteit with this titel; for tests and keyboard users."""
        matches = self.boom.findItems(
            titel, Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive
        )
        if not matches:
            raise KeyError(titel)
        self.boom.setCurrentItem(matches[-1])


class WorkflowsTab(QWidget):
    """Tab factory signature: ``WorkflowsTab(ctx, dossier_id, parent)``."""

    changed = Signal()

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.read_only = False
        self.workflows: list[wf.WorkflowRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)

        boven = QHBoxLayout()
        self.start_button = QPushButton("Workflow starten…", self)
        self.end_button = QPushButton("Workflow beëindigen…", self)
        self.handmatig = QComboBox(self)
        self.handmatig.setMinimumWidth(200)
        self.handmatig_button = QPushButton("Activiteit starten", self)
        for widget in (self.start_button, self.end_button, self.handmatig, self.handmatig_button):
            boven.addWidget(widget)
        boven.addStretch(1)
        layout.addLayout(boven)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.lijst = QListWidget(splitter)
        self.stappen = WorkflowStappen(splitter)
        splitter.addWidget(self.lijst)
        splitter.addWidget(self.stappen)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([240, 720])
        layout.addWidget(splitter, 1)

        onder = QHBoxLayout()
        self.complete_button = QPushButton("Afronden…", self)
        self.claim_button = QPushButton("Oppakken", self)
        self.reassign_button = QPushButton("Overdragen…", self)
        self.opschorten_button = QPushButton("Termijn opschorten", self)
        self.hervatten_button = QPushButton("Termijn hervatten", self)
        self.verlengen_button = QPushButton("Termijn verlengen", self)
        for button in self._activiteit_knoppen():
            onder.addWidget(button)
        onder.addStretch(1)
        layout.addLayout(onder)

        self.start_button.clicked.connect(self._start)
        self.end_button.clicked.connect(self._end)
        self.handmatig_button.clicked.connect(self._start_handmatig)
        self.complete_button.clicked.connect(self._complete)
        self.claim_button.clicked.connect(lambda: self._act(wf.claim_activiteit))
        self.reassign_button.clicked.connect(self._reassign)
        self.opschorten_button.clicked.connect(lambda: self._act(wf.termijn_opschorten))
        self.hervatten_button.clicked.connect(lambda: self._act(wf.termijn_hervatten))
        self.verlengen_button.clicked.connect(lambda: self._act(wf.termijn_verlengen))
        self.lijst.currentRowChanged.connect(self._show_current)
        self.stappen.selection_changed.connect(self._update_buttons)
        self.stappen.boom.itemDoubleClicked.connect(lambda *_: self._complete())
        self.reload()

    def _activiteit_knoppen(self) -> list[QPushButton]:
        return [
            self.complete_button,
            self.claim_button,
            self.reassign_button,
            self.opschorten_button,
            self.hervatten_button,
            self.verlengen_button,
        ]

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def reload(self, select_id: uuid.UUID | None = None) -> None:
        current = self.current_workflow()
        keep = select_id or (current.id if current else None)
        try:
            self.workflows = wf.list_workflows(self.ctx, self.dossier_id)
        except ServiceError as exc:
            dialogs.service_error(self, exc)
            return
        self.lijst.blockSignals(True)
        self.lijst.clear()
        for w in self.workflows:
            gestart = _datum(w.gestart_op.astimezone(AMSTERDAM))
            status = STATUS_LABEL.get(w.status, w.status)
            item = QListWidgetItem(f"{w.titel}\n{status} · gestart {gestart}")
            item.setData(ID, w.id)
            if not w.lopend:
                item.setForeground(QBrush(kleur("grijs")))
            self.lijst.addItem(item)
        self.lijst.blockSignals(False)
        index = next(
            (i for i, w in enumerate(self.workflows) if w.id == keep), len(self.workflows) - 1
        )
        self.lijst.setCurrentRow(index)
        self._show_current()

    def current_workflow(self) -> wf.WorkflowRow | None:
        row = self.lijst.currentRow()
        return self.workflows[row] if 0 <= row < len(self.workflows) else None

    def _show_current(self) -> None:
        workflow = self.current_workflow()
        self.stappen.show_workflow(workflow)
        self.handmatig.clear()
        for keuze in workflow.handmatig if workflow and workflow.lopend else ():
            self.handmatig.addItem(keuze.naam, keuze.code)
        self._update_buttons()

    def _update_buttons(self) -> None:
        workflow = self.current_workflow()
        activiteit = self.stappen.selected()
        schrijf = not self.read_only
        lopend = bool(workflow and workflow.lopend)
        self.start_button.setEnabled(schrijf)
        self.end_button.setEnabled(schrijf and lopend)
        self.handmatig.setVisible(self.handmatig.count() > 0)
        self.handmatig_button.setVisible(self.handmatig.count() > 0)
        self.handmatig_button.setEnabled(schrijf and lopend)
        open_ = bool(activiteit and activiteit.open)
        for button in self._activiteit_knoppen():
            button.setEnabled(schrijf and open_)
        if activiteit is not None and open_:
            self.claim_button.setEnabled(
                schrijf and wf.mag_oppakken(self.ctx.actor, activiteit.eigenaar_groep_id)
            )
            self.opschorten_button.setEnabled(schrijf and activiteit.mag_opschorten)
            self.hervatten_button.setEnabled(schrijf and activiteit.mag_hervatten)
            self.verlengen_button.setEnabled(schrijf and activiteit.verlengbaar)

    def _done(self, workflow_id: uuid.UUID | None = None) -> None:
        self.reload(workflow_id)
        self.changed.emit()

    def _start(self) -> None:
        gestart = StartWorkflowDialog.ask(self.ctx, self.dossier_id, self)
        if gestart is not None:
            self._done(gestart.id)

    def _end(self) -> None:
        workflow = self.current_workflow()
        if workflow is not None and EndWorkflowDialog.ask(self.ctx, workflow, self) is not None:
            self._done(workflow.id)

    def _complete(self) -> None:
        activiteit = self.stappen.selected()
        if activiteit is None or not activiteit.open or self.read_only:
            return
        result = CompleteActiviteitDialog.ask(self.ctx, activiteit, self)
        if result is None:
            return
        self._done()
        extra = []
        if result.workflows_gestart:
            extra.append("Gestarte workflow(s): " + ", ".join(result.workflows_gestart) + ".")
        if result.workflow_afgerond:
            extra.append("De workflow is afgerond.")
        if extra:
            dialogs.inform(self, "Activiteit afgerond", " ".join(extra))

    def _reassign(self) -> None:
        activiteit = self.stappen.selected()
        if (
            activiteit is not None
            and ReassignActiviteitDialog.ask(self.ctx, activiteit, self) is not None
        ):
            self._done()

    def _start_handmatig(self) -> None:
        workflow = self.current_workflow()
        code = self.handmatig.currentData()
        if workflow is not None and code:
            self._op(lambda: wf.start_activiteit(self.ctx, workflow.id, code))

    def _act(self, actie: Callable[..., wf.ActiviteitRow]) -> None:
        activiteit = self.stappen.selected()
        if activiteit is None:
            return
        self._op(lambda: actie(self.ctx, activiteit.id, version=activiteit.version))

    def _op(self, call: Callable[[], object]) -> None:
        """One change in the background, the buttons waiting; then the tab reloads."""
        ServiceOp(self, call).blocking(*self._activiteit_knoppen(), self.handmatig_button).conflict(
            self.reload
        ).success(lambda _: self._done()).run()
