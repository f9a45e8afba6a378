"""The Toetsing tab of a dossier: the instrument, and per norm waarnemingen, bevinding,
oordeel and bewijs; review and accorderen; the overall oordeel.

Everything is read through ``services.toetsing`` in a worker; the buttons call the
service and reload. The view decides nothing itself: what may happen when (vaststellen,
bijstellen, accorderen) is refused by the service with a Dutch message if it may not.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.models import OordeelWaarde
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import review as documenten_review
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.toetsing import bevindingen as toetsing
from igj_desktop.services.toetsing import instrumenten
from igj_desktop.taal import aantal
from igj_desktop.views.documenten.documenten_review_dialog import ReviewDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task
from igj_desktop.views.gemeenschappelijk.thema import kleur

OORDEEL_KLEUR = {
    OordeelWaarde.VOLDOET: "groen",
    OordeelWaarde.VOLDOET_GEDEELTELIJK: "oranje",
    OordeelWaarde.VOLDOET_NIET: "rood",
    OordeelWaarde.NIET_GETOETST: "grijs",
}


class NormDialog(QDialog):
    """A new norm for the dossier's instrument."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Norm toevoegen")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.velden = {
            "code": QLineEdit(self),
            "titel": QLineEdit(self),
            "wet": QLineEdit(self),
            "wetsartikel": QLineEdit(self),
            "veldnorm": QLineEdit(self),
        }
        for label, veld in zip(
            ("Code", "Titel", "Wet", "Wetsartikel", "Veldnorm"), self.velden.values(), strict=True
        ):
            form.addRow(label, veld)
        self.toelichting = QPlainTextEdit(self)
        self.toelichting.setFixedHeight(70)
        form.addRow("Toelichting", self.toelichting)
        knoppen = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        knoppen.button(QDialogButtonBox.StandardButton.Ok).setText("Toevoegen")
        knoppen.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        knoppen.accepted.connect(self.accept)
        knoppen.rejected.connect(self.reject)
        form.addRow(knoppen)

    def invoer(self) -> instrumenten.NormInvoer:
        waarden = {k: v.text().strip() for k, v in self.velden.items()}
        return instrumenten.NormInvoer(
            toelichting=self.toelichting.toPlainText().strip(), **waarden
        )

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> instrumenten.NormInvoer | None:
        dialog = cls(parent)
        return dialog.invoer() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ToetsingView(QWidget):
    changed = Signal()
    loaded = Signal()

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.overzicht: toetsing.ToetsingOverzicht | None = None
        self._task: TaskHandle | None = None
        self._norm_id: uuid.UUID | None = None
        self._alleen_lezen = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.instrument_label = QLabel(self)
        self.instrument_label.setTextFormat(Qt.TextFormat.RichText)
        self.instrument_label.setWordWrap(True)
        layout.addWidget(self.instrument_label)
        kop = QHBoxLayout()
        self.bibliotheek = QComboBox(self)
        self.bibliotheek.setAccessibleName("Toetsingsinstrument uit de bibliotheek")
        # Instrument names are long: the box takes the room there is, the list shows them whole.
        self.bibliotheek.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.bibliotheek.setMinimumContentsLength(30)
        self.bibliotheek.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        kop.addWidget(self.bibliotheek, 1)
        self.knoppen: dict[str, QPushButton] = {}
        for label, actie in (
            ("Instrument kiezen", self.kies_instrument),
            ("Norm toevoegen…", self.norm_toevoegen),
            ("Ter review", self.instrument_ter_review),
            ("Vaststellen", self.vaststellen),
            ("Bijstellen", self.bijstellen),
        ):
            self.knoppen[label] = self._knop(label, actie, kop)
        layout.addLayout(kop)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.normen = QTreeWidget(splitter)
        self.normen.setHeaderLabels(["Code", "Norm", "Oordeel", "Status"])
        self.normen.setRootIsDecorated(False)
        for kolom in (0, 2, 3):
            self.normen.header().setSectionResizeMode(
                kolom, QHeaderView.ResizeMode.ResizeToContents
            )
        self.normen.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.normen.header().setStretchLastSection(False)
        self.normen.currentItemChanged.connect(self._norm_gekozen)
        splitter.addWidget(self.normen)
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._detail(scroll))  # scrolls instead of squeezing on small screens
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 660])
        layout.addWidget(splitter, 1)

        voet = QHBoxLayout()
        self.knoppen["Bevindingen ter review"] = self._knop(
            "Bevindingen ter review", self.bevindingen_ter_review, voet
        )
        voet.addSpacing(24)
        voet.addWidget(QLabel("Overall oordeel", self))
        self.overall = self._oordeel_combo()
        voet.addWidget(self.overall)
        self.overall_toelichting = QLineEdit(self)
        self.overall_toelichting.setPlaceholderText("Toelichting bij het oordeel over het dossier")
        voet.addWidget(self.overall_toelichting, 1)
        self.knoppen["Oordeel vastleggen"] = self._knop(
            "Oordeel vastleggen", self.oordeel_vastleggen, voet
        )
        layout.addLayout(voet)
        self.status = QLabel(self)
        self.status.setObjectName("hint")
        layout.addWidget(self.status)
        self.reload()

    # --- building ----------------------------------------------------------------------------

    def _knop(self, label: str, actie, layout, na=None) -> QPushButton:  # type: ignore[no-untyped-def]
        knop = QPushButton(label, self)
        knop.clicked.connect(lambda _=False: self._doe(actie, na))
        layout.addWidget(knop)
        return knop

    def _oordeel_combo(self) -> QComboBox:
        combo = QComboBox(self)
        for waarde, label in toetsing.OORDEEL_LABELS.items():
            combo.addItem(label, str(waarde))
        return combo

    def _detail(self, parent: QWidget) -> QWidget:
        paneel = QWidget(parent)
        layout = QVBoxLayout(paneel)
        layout.setContentsMargins(8, 0, 0, 0)
        self.kader = QLabel(paneel)
        self.kader.setWordWrap(True)
        self.kader.setTextFormat(Qt.TextFormat.RichText)
        self.kader.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.kader)

        groep = QGroupBox("Waarnemingen", paneel)
        g = QVBoxLayout(groep)
        self.waarnemingen = QListWidget(groep)
        self.waarnemingen.setWordWrap(True)
        self.waarnemingen.setMinimumHeight(90)
        g.addWidget(self.waarnemingen)
        rij = QHBoxLayout()
        self.nieuwe_waarneming = QLineEdit(groep)
        self.nieuwe_waarneming.setPlaceholderText("Wat hebt u gezien of gehoord?")
        rij.addWidget(self.nieuwe_waarneming, 1)
        self.knoppen["Waarneming toevoegen"] = self._knop(
            "Waarneming toevoegen", self.waarneming_toevoegen, rij, self.nieuwe_waarneming.clear
        )
        g.addLayout(rij)
        layout.addWidget(groep, 1)

        groep = QGroupBox("Bevinding en oordeel", paneel)
        g = QVBoxLayout(groep)
        self.bevinding = QPlainTextEdit(groep)
        self.bevinding.setFixedHeight(70)
        g.addWidget(self.bevinding)
        rij = QHBoxLayout()
        self.oordeel = self._oordeel_combo()
        rij.addWidget(self.oordeel)
        rij.addStretch(1)
        self.knoppen["Bevinding opslaan"] = self._knop(
            "Bevinding opslaan", self.bevinding_opslaan, rij
        )
        self.knoppen["Accorderen"] = self._knop("Accorderen", self.accorderen, rij)
        g.addLayout(rij)
        self.bevinding_status = QLabel(groep)
        self.bevinding_status.setObjectName("hint")
        g.addWidget(self.bevinding_status)
        layout.addWidget(groep)

        groep = QGroupBox("Bewijs (documenten, foto's)", paneel)
        g = QHBoxLayout(groep)
        self.bewijs = QListWidget(groep)
        self.bewijs.setFixedHeight(60)
        g.addWidget(self.bewijs, 1)
        self.knoppen["Bewijs toevoegen…"] = self._knop(
            "Bewijs toevoegen…", self.bewijs_toevoegen, g
        )
        layout.addWidget(groep)
        return paneel

    # --- loading -----------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        """Closed dossier or reader: the toetsing can be read, not changed."""
        self._alleen_lezen = read_only
        self._zichtbaarheid()

    def _zichtbaarheid(self) -> None:
        zonder = self.overzicht is not None and self.overzicht.instrument is None
        for label, knop in self.knoppen.items():
            knop.setVisible(not self._alleen_lezen and (label != "Instrument kiezen" or zonder))
        self.bibliotheek.setVisible(not self._alleen_lezen and zonder)
        for veld in (self.bevinding, self.nieuwe_waarneming, self.overall_toelichting):
            veld.setReadOnly(self._alleen_lezen)
        self.oordeel.setEnabled(not self._alleen_lezen)
        self.overall.setEnabled(not self._alleen_lezen)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def is_loading(self) -> bool:
        return self._task is not None

    def reload(self) -> None:
        if self._task is not None:
            self._task.cancel()

        def laad() -> tuple[toetsing.ToetsingOverzicht, list[instrumenten.InstrumentInfo]]:
            overzicht = toetsing.toetsing_van_dossier(self.ctx, self.dossier_id)
            bibliotheek = instrumenten.bibliotheek(self.ctx) if overzicht.instrument is None else []
            return overzicht, bibliotheek

        self._task = run_task(laad, self._toon, self._fout)

    def _toon(self, resultaat: tuple[toetsing.ToetsingOverzicht, list]) -> None:
        self._task = None
        self.overzicht, bibliotheek = resultaat
        instrument = self.overzicht.instrument
        self.bibliotheek.clear()
        for item in bibliotheek:
            self.bibliotheek.addItem(item.naam, item.id)
        self._zichtbaarheid()
        if instrument is None:
            self.instrument_label.setText(
                "<b>Nog geen toetsingsinstrument.</b> Kies er een uit de bibliotheek."
            )
        else:
            if instrument.vastgesteld:
                stand = f"vastgesteld (versie {instrument.vastgestelde_versie})"
            elif instrument.vastgestelde_versie:
                stand = f"{instrument.status_label}; laatst vastgesteld: versie "
                stand += str(instrument.vastgestelde_versie)
            else:
                stand = instrument.status_label
            self.instrument_label.setText(f"<b>{_html(instrument.naam)}</b> — {stand}")
        vastgesteld = instrument is not None and instrument.vastgesteld
        for label in ("Norm toevoegen…", "Ter review", "Vaststellen"):
            self.knoppen[label].setEnabled(instrument is not None and not vastgesteld)
        self.knoppen["Bijstellen"].setEnabled(vastgesteld)

        self.normen.blockSignals(True)
        self.normen.clear()
        huidig = None
        for r in self.overzicht.resultaten:
            item = QTreeWidgetItem(
                [
                    r.norm.code,
                    r.norm.titel,
                    r.oordeel_label,
                    toetsing.BEVINDING_STATUS_LABELS[r.status],
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, r.norm.id)
            item.setToolTip(1, r.norm.titel)
            item.setForeground(2, QBrush(kleur(OORDEEL_KLEUR[OordeelWaarde(r.oordeel)])))
            self.normen.addTopLevelItem(item)
            if r.norm.id == self._norm_id:
                huidig = item
        self.normen.blockSignals(False)
        if huidig is None and self.normen.topLevelItemCount():
            huidig = self.normen.topLevelItem(0)
        self.normen.setCurrentItem(huidig)
        self._norm_gekozen(huidig)
        self.overall.setCurrentIndex(self.overall.findData(str(self.overzicht.oordeel)))
        self.overall_toelichting.setText(self.overzicht.oordeel_toelichting)
        self.knoppen["Oordeel vastleggen"].setEnabled(instrument is not None)
        self.knoppen["Bevindingen ter review"].setEnabled(
            any(r.mag_ter_review for r in self.overzicht.resultaten)
        )
        self.loaded.emit()

    def _fout(self, exc: BaseException) -> None:
        self._task = None
        self.status.setText(exc.message if isinstance(exc, ServiceError) else "Laden mislukt.")

    def resultaat(self) -> toetsing.NormResultaat | None:
        if self.overzicht is None:
            return None
        return next((r for r in self.overzicht.resultaten if r.norm.id == self._norm_id), None)

    def kies_norm(self, code: str) -> None:
        for i in range(self.normen.topLevelItemCount()):
            if self.normen.topLevelItem(i).text(0) == code:
                self.normen.setCurrentItem(self.normen.topLevelItem(i))
                return
        raise KeyError(code)

    def _norm_gekozen(self, item: QTreeWidgetItem | None, *_: object) -> None:
        self._norm_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        r = self.resultaat()
        for label in ("Waarneming toevoegen", "Bevinding opslaan", "Bewijs toevoegen…"):
            self.knoppen[label].setEnabled(r is not None)
        self.knoppen["Accorderen"].setEnabled(r is not None and r.mag_accorderen)
        self.waarnemingen.clear()
        self.bewijs.clear()
        if r is None:
            self.kader.setText("")
            self.bevinding.setPlainText("")
            self.bevinding_status.setText("")
            return
        n = r.norm
        regels = [f"<b>{_html(n.code)} {_html(n.titel)}</b>"]
        if n.wet or n.wetsartikel:
            regels.append(f"Wettelijk kader: {_html(n.wet)} {_html(n.wetsartikel)}")
        if n.veldnorm:
            regels.append(f"Veldnorm: {_html(n.veldnorm)}")
        if n.toelichting:
            regels.append(f"<span style='color:#555'>{_html(n.toelichting)}</span>")
        self.kader.setText("<br>".join(regels))
        for w in r.waarnemingen:
            tijd = w.waargenomen_op.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
            self.waarnemingen.addItem(f"{tijd} ({w.medewerker}): {w.tekst}")
        self.bevinding.setPlainText(r.bevinding)
        self.oordeel.setCurrentIndex(self.oordeel.findData(str(r.oordeel)))
        status = (
            toetsing.BEVINDING_STATUS_LABELS[r.status] if r.bevinding_id else "nog geen bevinding"
        )
        if r.geaccordeerd_door:
            status += f" door {r.geaccordeerd_door}"
        self.bevinding_status.setText(status)
        for b in r.bewijs:
            self.bewijs.addItem(b.titel)

    # --- actions -----------------------------------------------------------------------------

    def _doe(
        self, actie: Callable[[], Callable[[], str] | None], na: Callable[[], None] | None
    ) -> None:
        """``actie`` reads the form here and returns the service call, which runs in the
        background and returns what the status line says afterwards; None does nothing.
        ``na`` runs after success only (a refused input stays for correction)."""
        call = actie()
        if call is None:
            return

        def gedaan(melding: str) -> None:
            if na is not None:
                na()
            self.status.setText(melding)
            self.reload()
            self.changed.emit()

        ServiceOp(self, call).blocking(*self.knoppen.values()).conflict(self.reload).success(
            gedaan
        ).run()

    def kies_instrument(self) -> Callable[[], str] | None:
        bron_id = self.bibliotheek.currentData()
        if bron_id is None:
            return None

        def kies() -> str:
            gekozen = instrumenten.kies_instrument(self.ctx, self.dossier_id, bron_id)
            return (
                f"'{gekozen.naam}' gekozen; pas de normen zo nodig aan en stel het instrument vast."
            )

        return kies

    def norm_toevoegen(self) -> Callable[[], str] | None:
        invoer = NormDialog.ask(self)
        if invoer is None or self.overzicht is None or self.overzicht.instrument is None:
            return None
        instrument_id = self.overzicht.instrument.id

        def voeg_toe() -> str:
            instrumenten.voeg_norm_toe(self.ctx, instrument_id, invoer)
            return f"Norm '{invoer.titel}' toegevoegd."

        return voeg_toe

    def _instrument(self) -> instrumenten.InstrumentInfo:
        assert self.overzicht is not None and self.overzicht.instrument is not None
        return self.overzicht.instrument

    def _reviewverzoek(self, onderwerp: str) -> tuple[documenten_review.Reviewverzoek, str] | None:
        """Ask who reviews; None when the user cancels."""
        keuze = ReviewDialog.ask(self.ctx, onderwerp, self)
        if keuze is None:
            return None
        return keuze.als_verzoek(), keuze.reviewer.naam

    def instrument_ter_review(self) -> Callable[[], str] | None:
        i = self._instrument()
        gekozen = self._reviewverzoek(f"toetsingsinstrument '{i.naam}'")
        if gekozen is None:
            return None
        verzoek, naam = gekozen

        def vraag() -> str:
            instrumenten.vraag_review_instrument(self.ctx, i.id, i.version, verzoek)
            return f"Het toetsingsinstrument ligt ter review bij {naam}."

        return vraag

    def vaststellen(self) -> Callable[[], str]:
        i = self._instrument()

        def stel_vast() -> str:
            vast = instrumenten.vaststellen(self.ctx, i.id, i.version)
            return f"Vastgesteld als versie {vast.vastgestelde_versie}."

        return stel_vast

    def bijstellen(self) -> Callable[[], str]:
        i = self._instrument()

        def stel_bij() -> str:
            instrumenten.bijstellen(self.ctx, i.id, i.version)
            return "Het instrument kan worden bijgesteld; de vastgestelde versie blijft bewaard."

        return stel_bij

    def waarneming_toevoegen(self) -> Callable[[], str] | None:
        if self._norm_id is None:
            return None
        norm_id, tekst = self._norm_id, self.nieuwe_waarneming.text()

        def leg_vast() -> str:
            toetsing.voeg_waarneming_toe(self.ctx, self.dossier_id, norm_id, tekst)
            return "Waarneming vastgelegd."

        return leg_vast

    def bevinding_opslaan(self) -> Callable[[], str] | None:
        r = self.resultaat()
        if r is None:
            return None
        tekst, oordeel = self.bevinding.toPlainText(), self.oordeel.currentData()

        def sla_op() -> str:
            toetsing.leg_bevinding_vast(
                self.ctx,
                self.dossier_id,
                r.norm.id,
                tekst,
                oordeel,
                expected_version=r.bevinding_version,
            )
            return f"Bevinding bij {r.norm.code or r.norm.titel} opgeslagen."

        return sla_op

    def accorderen(self) -> Callable[[], str] | None:
        r = self.resultaat()
        if r is None or r.bevinding_id is None:
            return None
        bevinding_id = r.bevinding_id

        def accordeer() -> str:
            toetsing.accordeer_bevinding(self.ctx, bevinding_id, r.bevinding_version)
            return "Bevinding geaccordeerd."

        return accordeer

    def bevindingen_ter_review(self) -> Callable[[], str] | None:
        gekozen = self._reviewverzoek("waarnemingen en bevindingen")
        if gekozen is None:
            return None
        verzoek, naam = gekozen

        def bied_aan() -> str:
            n = toetsing.bevindingen_ter_review(self.ctx, self.dossier_id, verzoek)
            return f"{aantal(n, 'bevinding', 'bevindingen')} ter review aangeboden aan {naam}."

        return bied_aan

    def bewijs_toevoegen(self) -> Callable[[], str] | None:
        r = self.resultaat()
        if r is None:
            return None
        if r.bevinding_id is None:
            dialogs.warn(self, "Eerst een bevinding", "Leg eerst de bevinding vast bij deze norm.")
            return None
        pad: Path | None = dialogs.open_file(
            self, "Bewijs toevoegen", "Foto's en documenten (*.jpg *.jpeg *.png *.pdf *.docx)"
        )
        if pad is None:
            return None
        bevinding_id = r.bevinding_id

        def voeg_toe() -> str:
            ref = documenten.add_document(
                self.ctx, [self.dossier_id], pad.name, pad, soort="bewijs", vertrouwelijk=True
            )
            toetsing.voeg_bewijs_toe(self.ctx, bevinding_id, ref.document_id)
            return f"'{pad.name}' als bewijs toegevoegd."

        return voeg_toe

    def oordeel_vastleggen(self) -> Callable[[], str]:
        oordeel, toelichting = self.overall.currentData(), self.overall_toelichting.text()
        label = self.overall.currentText()
        versie = self.overzicht.oordeel_version if self.overzicht else None

        def leg_vast() -> str:
            toetsing.leg_oordeel_vast(
                self.ctx, self.dossier_id, oordeel, toelichting, expected_version=versie
            )
            return f"Overall oordeel vastgelegd: {label}."

        return leg_vast


def _html(tekst: str) -> str:
    return tekst.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
