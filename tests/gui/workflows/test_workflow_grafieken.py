"""The main path of each process chart of seed 000, walked through the window: the workflow
tab's buttons open the real start and complete dialogs, whose catalog forms are filled in."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from igj_desktop.services.workflows import acties as wf
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.workflows.workflow_dialogs import (
    CompleteActiviteitDialog,
    StartWorkflowDialog,
)
from igj_desktop.views.workflows.workflow_tab import WorkflowsTab
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import new_dossier
from tests.integration.workflow_support import KlokContext, klok_ctx


def _zet(editor: QWidget, waarde: Any) -> None:
    match editor:
        case QComboBox():
            index = editor.findData(waarde)
            editor.setCurrentIndex(index if index >= 0 else editor.findText(str(waarde)))
        case QPlainTextEdit():
            editor.setPlainText(str(waarde))
        case QDateEdit():
            editor.setDate(QDate(waarde))
        case QCheckBox():
            editor.setChecked(bool(waarde))
        case QLineEdit():
            editor.setText(str(waarde))


class Venster:
    """The workflow tab of one dossier, operated as a user does."""

    def __init__(self, qtbot: QtBot, klok: KlokContext, dossier_id: uuid.UUID) -> None:
        self.qtbot, self.klok = qtbot, klok
        self.tab = WorkflowsTab(klok, dossier_id)
        qtbot.addWidget(self.tab)
        self.tab.resize(1100, 560)
        self.tab.show()
        self.opdracht: tuple[str | None, dict[str, Any], str | None] = (None, {}, None)
        self.start: tuple[str, dict[str, Any]] = ("", {})

    def _start_dialog(self, *_: object) -> Any:
        naam, velden = self.start
        dialog = StartWorkflowDialog(self.klok, self.tab.dossier_id, self.tab)
        dialog.choose(naam)
        for veld, waarde in velden.items():
            assert dialog.formulier is not None
            _zet(dialog.formulier.editor(veld), waarde)
        dialog.grab().save(str(SHOTS / f"start_{naam.split()[-1]}.png"))
        confirm(dialog)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
        return dialog.result_value

    def _complete_dialog(self, activiteit: wf.ActiviteitRow, parent: QWidget | None) -> Any:
        uitkomst, velden, reden = self.opdracht
        dialog = CompleteActiviteitDialog(self.klok, activiteit, parent)
        if uitkomst is not None:
            knop = next(k for k in dialog.keuzes.buttons() if k.property("code") == uitkomst)
            knop.setChecked(True)
        for veld, waarde in velden.items():
            editor = next(
                e
                for (u, v), (_, e) in dialog.formulier.editors.items()
                if v == veld and u in ("", uitkomst)
            )
            _zet(editor, waarde)
        if reden:
            dialog.reden.setPlainText(reden)
        confirm(dialog)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
        return dialog.result_value

    def start_workflow(self, naam: str, **velden: Any) -> None:
        self.start = (naam, velden)
        with self.qtbot.waitSignal(self.tab.changed):
            self.qtbot.mouseClick(self.tab.start_button, Qt.MouseButton.LeftButton)

    def kies_workflow(self, naam: str) -> None:
        rijen = [i for i in range(self.tab.lijst.count()) if naam in self.tab.lijst.item(i).text()]
        assert rijen, naam
        self.tab.lijst.setCurrentRow(rijen[-1])

    def stap(
        self,
        titel: str,
        uitkomst: str | None = None,
        *,
        wacht: bool = False,
        reden: str | None = None,
        **velden: Any,
    ) -> None:
        self.tab.stappen.select(titel)
        activiteit = self.tab.stappen.selected()
        assert activiteit is not None and activiteit.open, titel
        if wacht:
            self.klok.na_termijn(activiteit)
        self.opdracht = (uitkomst, velden, reden)
        with self.qtbot.waitSignal(self.tab.changed):
            self.qtbot.mouseClick(self.tab.complete_button, Qt.MouseButton.LeftButton)

    def workflow(self) -> wf.WorkflowRow:
        workflow = self.tab.current_workflow()
        assert workflow is not None
        return workflow


@pytest.fixture
def venster(qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch) -> Iterator[Venster]:
    klok = klok_ctx(gui_env.ctx)
    dossier = new_dossier(
        klok, gui_env.seed, dossiertype_id=gui_env.seed.dossiertypes["handhaving"]
    )
    v = Venster(qtbot, klok, dossier.id)
    monkeypatch.setattr(
        StartWorkflowDialog, "ask", classmethod(lambda cls, *a: v._start_dialog(*a))
    )
    monkeypatch.setattr(
        CompleteActiviteitDialog,
        "ask",
        classmethod(lambda cls, c, a, p=None: v._complete_dialog(a, p)),
    )
    with dialogs.answering():
        yield v


def test_rapport_then_openbaar_maken_through_the_window(venster: Venster) -> None:
    venster.start_workflow("Opstellen rapport", laatste_inspectieactiviteit=date(2027, 2, 15))
    concept = next(a for a in venster.workflow().activiteiten if a.code == "concept_opstellen")
    assert concept.termijn == date(2027, 3, 15)  # one month after the last visit (L1616)
    venster.stap("Conceptrapport opstellen", "gereed")
    venster.stap("Rapport controleren", "akkoord")
    venster.stap("Conceptrapport versturen", "verzonden")
    venster.stap("Reactie op conceptrapport bewaken", "reactie_ontvangen")
    venster.stap("Ontvangen reactie registreren", "geregistreerd")
    venster.stap("Feitelijke onjuistheden verwerken", "verwerkt")
    vaststellen = next(
        a for a in venster.workflow().activiteiten if a.code == "definitief_vaststellen"
    )
    assert vaststellen.termijn == date(2027, 4, 12)  # <= 6 weken after the concept (L1596)
    venster.stap("Oordeel en definitief rapport vaststellen", "vastgesteld", interventie="geen")
    venster.stap("Definitief rapport, aanbiedbrief", "verzonden_openbaar")
    assert venster.workflow().status == "afgerond"

    venster.kies_workflow("Openbaar maken")
    venster.stap("Openbaarmakingsbesluit vastleggen", "openbaar", categorie="regulier")
    venster.stap(
        "Termijnbewaking reactie/bezwaar",
        "geen_bezwaar",
        wacht=True,
        reactie_aanbieder="Wij herkennen de bevindingen en verbeteren de overdracht.",
    )
    venster.tab.grab().save(str(SHOTS / "openbaarmaking_tab.png"))
    venster.stap("Reactie bestuurder beoordelen", "akkoord")
    venster.stap("Rapport (en reactie bestuurder) publiceren", "gepubliceerd")
    open_ = {a.code for a in venster.workflow().activiteiten if a.open}
    assert open_ == {"publicatie_verwijderen", "reactietermijn"}


def test_verbetermaatregelen_through_the_window(venster: Venster) -> None:
    venster.start_workflow("Opleggen verbetermaatregelen")
    venster.stap("Termijnbewaking ontvangst", "rappel")
    venster.stap("Rappel aanleveren", "verstuurd")
    venster.stap("Termijnbewaking ontvangst", "ontvangen")
    venster.stap("Genomen verbetermaatregelen beoordelen", "akkoord")
    venster.stap("Afsluitbrief opstellen", "gereed")
    venster.stap("Definitieve afsluitbrief", "verstuurd")
    assert venster.workflow().status == "afgerond"
    venster.kies_workflow("Openbaar maken")
    assert venster.workflow().lopend


def _lod_besluit(venster: Venster) -> None:
    """LOD steps 1-10 through the window: the last is imposed and its besluit sent."""
    venster.start_workflow("Opleggen last onder dwangsom")
    venster.stap("Opgelegde BM", "geregistreerd", overtreding="Geen VOG", dwangsom_bedrag="500")
    venster.stap("Brief voornemen LOD opstellen", "gereed")
    venster.stap("Brief voornemen accorderen", "verder")
    venster.stap("OTS informeren over voornemen", "verzonden")
    venster.stap("Zienswijze afwachten", "geen", wacht=True)
    venster.stap("Besluit/brief opstellen", "voortzetten")
    venster.stap("Besluit/brief accorderen", "geaccordeerd")
    venster.stap("OTS informeren over besluit", "verzonden")


def test_lod_through_the_window(venster: Venster) -> None:
    _lod_besluit(venster)
    venster.klok.nu += timedelta(days=1)
    venster.stap("Begunstigingstermijn bewaken", "uitgevoerd")
    venster.stap("Brief einde LOD-traject opstellen", "gereed")
    venster.stap("OTS informeren over einde", "verzonden")
    lod = venster.workflow()
    assert lod.status == "afgerond"
    assert {a.code for a in lod.activiteiten} >= {"bm_registreren", "brief_einde"}
    assert venster.tab.lijst.count() == 2  # the besluit is published (openbaarmaking started)


def test_lod_dwangsom_verbeurd_through_the_window(venster: Venster) -> None:
    """The chart's invordering path: 12a and 12b are two dialogs, 12b shows 12a's count."""
    _lod_besluit(venster)
    venster.stap("Begunstigingstermijn bewaken", "niet_uitgevoerd", wacht=True)
    venster.stap("Verbeurde dwangsom vaststellen", "vastgesteld", verbeurd_aantal="3")
    venster.tab.stappen.select("Bedrag invorderingsbeschikking (IVB) bepalen")
    bepalen = venster.tab.stappen.selected()
    assert bepalen is not None
    dialog = CompleteActiviteitDialog(venster.klok, bepalen, venster.tab)
    venster.qtbot.addWidget(dialog)
    feiten = [label.text() for label in dialog.formulier.feiten.findChildren(QLabel, "feit")]
    assert feiten == ["500", "3"]  # step 1's dwangsom and step 12a's count on screen
    dialog.grab().save(str(SHOTS / "lod_ivb_bedrag.png"))
    dialog.reject()
    venster.stap("Bedrag invorderingsbeschikking (IVB) bepalen", "bepaald", ivb_bedrag="1500")
    venster.stap("Brief voornemen invorderingsbeschikking", "verzonden")
    venster.stap("Zienswijze op voornemen IVB afwachten", "geen", wacht=True)
    venster.stap("Zienswijze beoordelen", "invorderen")
    venster.stap("Besluitbrief invorderingsbeschikking", "verzonden")
    venster.stap("CJIB informeren", "geinformeerd")
    venster.stap("Inning bewaken", "geslaagd")
    lod = venster.workflow()
    assert lod.status == "afgerond"
    gedaan = [a.code for a in lod.activiteiten if a.uitkomst]
    assert gedaan.index("verbeurte_vaststellen") + 1 == gedaan.index("ivb_bedrag_bepalen")
