"""One generic Qt form for every catalog form: the start and complete dialogs embed it.

It shows the earlier facts read-only ("Eerder vastgelegd"), then the velden of the
activiteit, then the velden of the chosen uitkomst (only that one's). It decides no rule:
required velden and limits are checked by the engine, which answers in Dutch; the widget
only shows a live word count where the catalog gives a limit, so the user sees it coming.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.workflows.formulieren import Formulier
from igj_desktop.workflows.formulieren import VERWIJZINGEN, Veld, VeldType
from igj_desktop.workflows.regels import tel_woorden

LEEG_DATUM = QDate(1900, 1, 1)  # shown blank: an optional date left empty


class _Woordteller(QLabel):
    """ "37 van 200 woorden" under a long text with a limit; turns red above it."""

    def __init__(self, tekst: QPlainTextEdit, maximum: int) -> None:
        super().__init__()
        self.tekst, self.maximum = tekst, maximum
        self.setObjectName("hint")
        self.setWordWrap(True)
        tekst.textChanged.connect(self.bijwerken)
        self.bijwerken()

    def bijwerken(self) -> None:
        aantal = tel_woorden(self.tekst.toPlainText())
        self.setText(f"{aantal} van hooguit {self.maximum} woorden (weggelakte woorden tellen mee)")
        self.setObjectName("foutmelding" if aantal > self.maximum else "hint")
        self.style().unpolish(self)
        self.style().polish(self)

    @property
    def aantal(self) -> int:
        return tel_woorden(self.tekst.toPlainText())


class FormulierWidget(QWidget):
    """Renders a ``Formulier``; ``waarden(uitkomst)`` gives the gegevens to store."""

    def __init__(self, formulier: Formulier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.formulier = formulier
        self.editors: dict[tuple[str, str], tuple[Veld, QWidget]] = {}
        self.tellers: dict[str, _Woordteller] = {}
        self.secties: dict[str, QGroupBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if formulier.feiten:
            box = QGroupBox("Eerder vastgelegd", self)
            rijen = QFormLayout(box)
            for feit in formulier.feiten:
                waarde = QLabel(feit.waarde, box)
                waarde.setWordWrap(True)
                waarde.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                waarde.setObjectName("feit")
                rijen.addRow(f"{feit.label}:", waarde)
            self.feiten = box
            layout.addWidget(box)
        if formulier.velden:
            layout.addLayout(self._velden("", formulier.velden))
        for code, velden in formulier.per_uitkomst.items():
            box = QGroupBox(self)
            box.setFlat(True)
            box.setLayout(self._velden(code, velden))
            box.setVisible(False)
            self.secties[code] = box
            layout.addWidget(box)

    # -- building -----------------------------------------------------------------------

    def _velden(self, uitkomst: str, velden: tuple[Veld, ...]) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for veld in velden:
            editor = self._editor(veld)
            editor.setObjectName(f"veld_{veld.veld}")
            if veld.hulp:
                editor.setToolTip(veld.hulp)
            self.editors[(uitkomst, veld.veld)] = (veld, editor)
            label = veld.label + (" *" if veld.verplicht else "")
            if veld.type == VeldType.JA_NEE:
                label = ""
            houder = QWidget(self)
            kolom = QVBoxLayout(houder)
            kolom.setContentsMargins(0, 0, 0, 0)
            kolom.setSpacing(2)
            kolom.addWidget(editor)
            if veld.max_woorden and isinstance(editor, QPlainTextEdit):
                teller = _Woordteller(editor, veld.max_woorden)
                self.tellers[veld.veld] = teller
                kolom.addWidget(teller)
            if veld.hulp:
                hulp = QLabel(veld.hulp, houder)
                hulp.setObjectName("hint")
                hulp.setWordWrap(True)
                kolom.addWidget(hulp)
            form.addRow(f"{label}:" if label else "", houder)
        return form

    def _editor(self, veld: Veld) -> QWidget:
        waarde = self.formulier.waarden.get(veld.veld)
        match veld.type:
            case VeldType.LANGE_TEKST:
                tekst = QPlainTextEdit(self)
                tekst.setPlainText(str(waarde or ""))
                tekst.setMinimumHeight(90)
                tekst.setMaximumHeight(170)  # room for the velden below it; the text scrolls
                tekst.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
                tekst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                return tekst
            case VeldType.DATUM:
                return self._datum(veld, waarde)
            case VeldType.JA_NEE:
                vink = QCheckBox(veld.label, self)
                vink.setChecked(waarde is True)
                return vink
            case VeldType.KEUZE:
                return self._combo([(k.code, k.naam) for k in veld.keuzes], veld, waarde)
            case soort if soort in VERWIJZINGEN:
                return self._combo(list(self.formulier.opties.get(veld.veld, ())), veld, waarde)
        regel = QLineEdit(self)
        regel.setText("" if waarde is None else str(waarde))
        return regel

    def _datum(self, veld: Veld, waarde: object) -> QDateEdit:
        datum = QDateEdit(self)
        datum.setCalendarPopup(True)
        datum.setDisplayFormat("dd-MM-yyyy")
        datum.setMinimumDate(LEEG_DATUM)
        datum.setSpecialValueText(" ")  # the minimum reads as "no date"
        gekozen = QDate.fromString(str(waarde), Qt.DateFormat.ISODate) if waarde else QDate()
        if not gekozen.isValid() and veld.standaard == "vandaag" and self.formulier.vandaag:
            gekozen = QDate(self.formulier.vandaag)
        datum.setDate(gekozen if gekozen.isValid() else LEEG_DATUM)
        return datum

    def _combo(self, keuzes: list[tuple[str, str]], veld: Veld, waarde: object) -> QComboBox:
        combo = QComboBox(self)
        # a long choice must not widen the form beyond the dialog; the list shows it in full
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        combo.addItem("", None)
        for code, naam in keuzes:
            combo.addItem(naam, code)
        gekozen = waarde if waarde is not None else veld.standaard
        index = combo.findData(str(gekozen)) if gekozen is not None else -1
        combo.setCurrentIndex(max(index, 0))
        return combo

    # -- use ----------------------------------------------------------------------------

    def toon_uitkomst(self, code: str | None) -> None:
        """Show only the velden of the chosen uitkomst."""
        for uitkomst, box in self.secties.items():
            box.setVisible(uitkomst == code)

    def editor(self, veld: str, uitkomst: str = "") -> QWidget:
        return self.editors[(uitkomst, veld)][1]

    @staticmethod
    def _waarde(veld: Veld, editor: QWidget) -> Any:
        match editor:
            case QPlainTextEdit():
                return editor.toPlainText().strip() or None
            case QDateEdit():
                datum = editor.date()
                return None if datum == LEEG_DATUM else datum.toString(Qt.DateFormat.ISODate)
            case QCheckBox():
                return editor.isChecked()
            case QComboBox():
                return editor.currentData()
            case QLineEdit() if veld.type == VeldType.GETAL:
                tekst = editor.text().strip().replace(",", ".")
                try:
                    getal = float(tekst)
                except ValueError:
                    return tekst or None  # the engine says in Dutch that it is no number
                return int(getal) if getal.is_integer() else getal
            case QLineEdit():
                return editor.text().strip() or None
        return None

    def waarden(self, uitkomst: str | None = None) -> dict[str, Any]:
        """The filled-in gegevens of the activiteit and of ``uitkomst`` (empty ones left out)."""
        result: dict[str, Any] = {}
        for (bij, naam), (veld, editor) in self.editors.items():
            if bij in ("", uitkomst):
                waarde = self._waarde(veld, editor)
                if waarde is not None:
                    result[naam] = waarde
        return result
