"""The Documenten tab of a dossier: every document with its versions, and what to do with them.

Files are added with the file dialog or by dropping them (Explorer, the desktop) onto the
tab. "Bewerken" opens the document in the user's own editor; a timer asks each open edit
session whether a real save happened (see ``office_launcher``), which then shows up as a
new version. Slow work (storing files, generating, PDF conversion) runs in a worker.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.integrations import office_launcher
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.documenten import bewerken, uitchecken
from igj_desktop.services.documenten import definitief as documenten_definitief
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import pdf as documenten_pdf
from igj_desktop.services.documenten import review as documenten_review
from igj_desktop.services.dossiers.overzicht import DossierOverzicht
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.storing import melding
from igj_desktop.taal import aantal
from igj_desktop.views.documenten.documenten_publicatie_dialog import PublicatieDialog
from igj_desktop.views.documenten.documenten_review_dialog import OpmerkingDialog, ReviewDialog
from igj_desktop.views.documenten.sjabloon_dialog import SjabloonDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp
from igj_desktop.views.gemeenschappelijk.rekkolommen import RekbareKolommen
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task
from igj_desktop.views.post.post_drop import accept_copy

T = TypeVar("T")

KOLOMMEN = ("Titel", "Soort", "Richting", "Status", "Versie", "Door", "Datum")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
DATA_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Toevoegresultaat:
    toegevoegd: list[str]
    mislukt: list[str]  # "naam: Dutch reason"


class _Item(QTreeWidgetItem):
    """Sorts on a hidden key per column (dates as dates, version numbers as numbers)."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        boom = self.treeWidget()
        if self.parent() is not None:  # versions stay in their own order, 1, 2, 3, …
            eerder = self.data(4, SORT_ROLE) < other.data(4, SORT_ROLE)
            oplopend = (
                boom is None or boom.header().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            )
            return eerder if oplopend else not eerder
        kolom = boom.sortColumn() if boom else 0
        return (self.data(kolom, SORT_ROLE) or "") < (other.data(kolom, SORT_ROLE) or "")


def _status_tekst(document: documenten.DocumentInfo) -> str:
    status = documenten.STATUS_LABELS.get(document.status, document.status)
    return f"{status}, {document.in_bewerking_tekst}" if document.uitgecheckt_door else status


class _Sessies:
    """The open edit sessions; a plain object, so the tab's destruction can stop them."""

    def __init__(self) -> None:
        self.open: dict[uuid.UUID, bewerken.EditSessie] = {}

    def stop_all(self) -> None:
        for sessie in self.open.values():
            sessie.stop_watching()
        self.open.clear()


class DocumentenTab(QWidget):
    changed = Signal()
    loaded = Signal()

    #: How files are opened; tests put a recorder here instead of the real editor.
    opener: ClassVar[office_launcher.Opener] = staticmethod(office_launcher.default_opener)  # type: ignore[assignment]
    POLL_MS = 700

    def __init__(
        self,
        ctx: ServiceContext,
        dossier_id: uuid.UUID,
        parent: QWidget | None = None,
        laden: bool = True,
    ) -> None:
        """``laden=False``: the dossier pane hands the documents over (``toon_overzicht``)."""
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.documenten: list[documenten.DocumentInfo] = []
        self._task: TaskHandle | None = None
        self._wacht = False
        self._bezig: list[TaskHandle] = []
        self.sessies = _Sessies()
        self._alleen_lezen = False
        self.destroyed.connect(self.sessies.stop_all)
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.knoppen: dict[str, QPushButton] = {}
        for rij in (
            (
                ("Toevoegen…", self.toevoegen_via_dialoog),
                ("Uit sjabloon…", self.uit_sjabloon),
                ("Openen", self.openen),
                ("Bewerken", self.bewerken),
                ("Inchecken", self.inchecken),
                ("Uitcheck verbreken…", self.uitcheck_verbreken),
            ),
            (
                ("Review vragen…", self.review_vragen),
                ("Review afronden…", self.review_afronden),
                ("Definitief maken", self.definitief_maken),
                ("Publicatiepakket…", self.publicatiepakket),
                ("Dossieroverzicht (PDF)…", self.dossieroverzicht),
            ),
        ):
            balk = QHBoxLayout()
            for label, actie in rij:
                knop = QPushButton(label, self)
                knop.clicked.connect(actie)
                balk.addWidget(knop)
                self.knoppen[label] = knop
            balk.addStretch(1)
            layout.addLayout(balk)

        self.boom = QTreeWidget(self)
        self.boom.setColumnCount(len(KOLOMMEN))
        self.boom.setHeaderLabels(list(KOLOMMEN))
        self.boom.setSortingEnabled(True)
        self.boom.sortByColumn(6, Qt.SortOrder.DescendingOrder)
        self.boom.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.boom.setAlternatingRowColors(True)
        self.boom.setUniformRowHeights(True)
        header = self.boom.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        RekbareKolommen(self.boom, header, (0,))  # the title stays readable in a narrow pane
        self.boom.itemSelectionChanged.connect(self._knoppen_bijwerken)
        self.boom.itemDoubleClicked.connect(lambda *_: self.openen())
        layout.addWidget(self.boom, 1)

        self.status = QLabel("Sleep bestanden hierheen om ze aan het dossier toe te voegen.", self)
        self.status.setObjectName("hint")
        # A long message wraps within the tab; it must never widen the pane beside the tree.
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.status)

        self.timer = QTimer(self)
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self.poll_sessies)
        self._knoppen_bijwerken()
        if laden:
            self.reload()
        else:
            self.wacht_op_overzicht()

    # --- loading -----------------------------------------------------------------------------

    #: Buttons that stay in a closed dossier (late documents may still be added) or for readers.
    ALTIJD = frozenset({"Toevoegen…", "Openen", "Review afronden…", "Dossieroverzicht (PDF)…"})

    def set_read_only(self, read_only: bool) -> None:
        """Closed dossier or reader: only adding, viewing and reviewing remain."""
        self._alleen_lezen = read_only
        self._knoppen_bijwerken()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def is_loading(self) -> bool:
        return self._task is not None or self._wacht or any(not t.finished for t in self._bezig)

    def wacht_op_overzicht(self) -> None:
        self.cancel()
        self._wacht = True

    def toon_overzicht(self, overzicht: DossierOverzicht) -> None:
        self.cancel()
        self._toon(list(overzicht.documenten))

    def reload(self) -> None:
        self.cancel()
        self._wacht = False
        self._task = run_task(
            lambda: documenten.documenten_van_dossier(self.ctx, self.dossier_id),
            self._toon,
            self._fout,
        )

    def _toon(self, lijst: list[documenten.DocumentInfo]) -> None:
        self._task = None
        self._wacht = False
        gekozen = self.gekozen()
        self.documenten = lijst
        self.boom.setSortingEnabled(False)
        self.boom.clear()
        for document in lijst:
            item = _Item(self.boom)
            self._vul(item, document)
            for versie in document.versies:
                self._vul_versie(_Item(item), versie)
        self.boom.setSortingEnabled(True)
        if gekozen is not None:
            self.selecteer(gekozen[0].id, gekozen[1].id if gekozen[1] else None)
        self._knoppen_bijwerken()
        self.loaded.emit()

    def _vul(self, item: QTreeWidgetItem, d: documenten.DocumentInfo) -> None:
        datum = d.datum.astimezone(AMSTERDAM)
        waarden = (
            (d.titel, d.titel.lower()),
            (d.soort, d.soort),
            (d.richting, d.richting),
            (_status_tekst(d), _status_tekst(d)),
            (str(d.laatste.nummer), f"{d.laatste.nummer:06d}"),
            (d.auteur, d.auteur),
            (datum.strftime("%d-%m-%Y %H:%M"), datum.isoformat()),
        )
        for kolom, (tekst, sleutel) in enumerate(waarden):
            item.setText(kolom, tekst)
            item.setData(kolom, SORT_ROLE, sleutel)
        item.setData(0, DATA_ROLE, d)
        if d.vertrouwelijk:
            item.setToolTip(0, "Vertrouwelijk")
        if d.uitgecheckt_op is not None:
            sinds = d.uitgecheckt_op.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
            item.setToolTip(3, f"Uitgecheckt door {d.uitgecheckt_door} sinds {sinds}")

    def _vul_versie(self, item: QTreeWidgetItem, v: documenten.VersieInfo) -> None:
        datum = v.aangemaakt_op.astimezone(AMSTERDAM)
        item.setText(0, f"versie {v.nummer}: {v.bestandsnaam}")
        item.setToolTip(0, v.opmerking or v.bestandsnaam)
        item.setText(3, documenten.STATUS_LABELS.get(v.status, v.status))
        item.setText(4, str(v.nummer))
        item.setText(5, v.aangemaakt_door)
        item.setText(6, datum.strftime("%d-%m-%Y %H:%M"))
        item.setData(4, SORT_ROLE, f"{v.nummer:06d}")
        item.setData(0, DATA_ROLE, v)

    def _fout(self, exc: BaseException) -> None:
        self._task = None
        self._wacht = False
        self.status.setText(exc.message if isinstance(exc, ServiceError) else "Laden mislukt.")

    # --- selection ---------------------------------------------------------------------------

    def gekozen(self) -> tuple[documenten.DocumentInfo, documenten.VersieInfo | None] | None:
        """The selected document, and the version when a version row is selected."""
        items = self.boom.selectedItems()
        if not items:
            return None
        item = items[0]
        data = item.data(0, DATA_ROLE)
        if isinstance(data, documenten.VersieInfo):
            return item.parent().data(0, DATA_ROLE), data
        return data, None

    def selecteer(self, document_id: uuid.UUID, versie_id: uuid.UUID | None = None) -> None:
        for i in range(self.boom.topLevelItemCount()):
            item = self.boom.topLevelItem(i)
            if item.data(0, DATA_ROLE).id != document_id:
                continue
            doel = item
            for j in range(item.childCount()):
                if versie_id is not None and item.child(j).data(0, DATA_ROLE).id == versie_id:
                    doel = item.child(j)
            self.boom.setCurrentItem(doel)
            return

    def _knoppen_bijwerken(self) -> None:
        """Enable what the service says the actor may do with the chosen document."""
        keuze = self.gekozen()
        rechten = keuze[0].rechten if keuze else None
        self.knoppen["Openen"].setEnabled(rechten is not None)
        for label, mag in (
            ("Bewerken", rechten is not None and rechten.mag_bewerken),
            ("Inchecken", rechten is not None and rechten.mag_inchecken),
            ("Review afronden…", rechten is not None and rechten.mag_review_afronden),
            ("Review vragen…", rechten is not None and rechten.mag_review_vragen),
            ("Definitief maken", rechten is not None and rechten.mag_definitief_maken),
        ):
            self.knoppen[label].setEnabled(mag)
        for label, knop in self.knoppen.items():
            if label != "Uitcheck verbreken…":
                knop.setVisible(not self._alleen_lezen or label in self.ALTIJD)
        self.knoppen["Uitcheck verbreken…"].setVisible(
            not self._alleen_lezen and rechten is not None and rechten.mag_uitcheck_verbreken
        )

    # --- adding ------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not (_lokale_bestanden(event.mimeData()) and accept_copy(event)):
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paden = _lokale_bestanden(event.mimeData())
        if not (paden and accept_copy(event)):
            event.ignore()
            return
        self.voeg_toe(paden)

    def toevoegen_via_dialoog(self) -> None:
        paden = dialogs.open_files(self, "Documenten toevoegen")
        if paden:
            self.voeg_toe(paden)

    def voeg_toe(self, paden: list[Path]) -> None:
        """Store the files in a worker; a bad file is reported and the others still go in."""
        ctx, dossier_id = self.ctx, self.dossier_id

        def opslaan() -> Toevoegresultaat:
            resultaat = Toevoegresultaat([], [])
            for pad in paden:
                try:
                    documenten.add_document(ctx, [dossier_id], pad.name, pad)
                except ServiceError as exc:
                    resultaat.mislukt.append(f"{pad.name}: {exc.message}")
                else:
                    resultaat.toegevoegd.append(pad.name)
            return resultaat

        self.status.setText(f"{aantal(len(paden), 'bestand', 'bestanden')} opslaan…")
        self._bezig.append(run_task(opslaan, self._toegevoegd, self._actie_mislukt))

    def _toegevoegd(self, resultaat: Toevoegresultaat) -> None:
        self.status.setText(
            f"{aantal(len(resultaat.toegevoegd), 'document', 'documenten')} toegevoegd."
        )
        if resultaat.mislukt:
            dialogs.warn(
                self,
                "Niet alles toegevoegd",
                "Deze bestanden zijn niet toegevoegd:\n\n" + "\n".join(resultaat.mislukt),
            )
        if resultaat.toegevoegd:
            self._gewijzigd()

    def uit_sjabloon(self) -> None:
        ref = SjabloonDialog.ask(self.ctx, self.dossier_id, self)
        if ref is not None:
            self.status.setText(f"'{ref.titel}' gemaakt als concept.")
            self._gewijzigd()

    # --- opening and editing -----------------------------------------------------------------

    def openen(self) -> None:
        keuze = self.gekozen()
        if keuze is None:
            return
        document, versie = keuze
        versie = versie or document.laatste
        opener = type(self).opener
        self._op(
            lambda: bewerken.open_alleen_lezen(self.ctx, versie.id, opener=opener),
            lambda _pad: self.status.setText(
                f"Versie {versie.nummer} van '{document.titel}' geopend (alleen lezen)."
            ),
        )

    def bewerken(self) -> None:
        keuze = self.gekozen()
        if keuze is None:
            return
        document = keuze[0]
        if document.id in self.sessies.open:
            type(self).opener(self.sessies.open[document.id].pad)
            return
        opener = type(self).opener

        def uitgecheckt(sessie: bewerken.EditSessie) -> None:
            self.sessies.open[document.id] = sessie
            self.timer.start()
            self.status.setText(
                f"'{document.titel}' is uitgecheckt en geopend. Elke keer dat u opslaat, komt er "
                "een versie bij; kies 'Inchecken' als u klaar bent."
            )
            self._gewijzigd()

        self._op(lambda: bewerken.bewerken(self.ctx, document.id, opener=opener), uitgecheckt)

    def poll_sessies(self) -> None:
        """Timer tick: store real saves of documents open in the editor."""
        for document_id, sessie in list(self.sessies.open.items()):
            try:
                ref = sessie.poll()
            except ServiceError as exc:
                self.status.setText(f"Opslaan van een versie is niet gelukt: {exc.message}")
                sessie.stop_watching()
                del self.sessies.open[document_id]
                continue
            if ref is not None:
                self.status.setText(f"Versie {ref.versie_nummer} van '{ref.titel}' opgeslagen.")
                self._gewijzigd()
        if not self.sessies.open:
            self.timer.stop()

    def inchecken(self) -> None:
        keuze = self.gekozen()
        if keuze is None:
            return
        document = keuze[0]
        sessie = self.sessies.open.pop(document.id, None)
        if not self.sessies.open:
            self.timer.stop()

        def checkin() -> None:
            if sessie is not None:
                sessie.inchecken()
            else:
                uitchecken.inchecken(self.ctx, document.id)

        self._op(checkin, lambda _: self._klaar(f"'{document.titel}' is ingecheckt."))

    # --- review, definitief, overview ---------------------------------------------------------

    def review_vragen(self) -> None:
        keuze = self.gekozen()
        if keuze is None:
            return
        document = keuze[0]
        verzoek = ReviewDialog.ask(self.ctx, f"'{document.titel}'", self)
        if verzoek is None:
            return
        self._op(
            lambda: documenten_review.vraag_review(
                self.ctx, self.dossier_id, document.id, verzoek.als_verzoek()
            ),
            lambda _: self._klaar(f"Review gevraagd aan {verzoek.reviewer.naam}."),
        )

    def review_afronden(self) -> None:
        keuze = self.gekozen()
        if keuze is None:
            return
        document = keuze[0]

        def afronden(review: documenten_review.ReviewInfo | None) -> None:
            if review is None:
                dialogs.inform(
                    self, "Review afronden", f"Er ligt geen review van '{document.titel}' bij u."
                )
                return
            opmerking = OpmerkingDialog.ask(
                self, "Review afronden", f"Uw opmerking bij {review.titel}:"
            )
            if opmerking is None:
                return
            self._op(
                lambda: documenten_review.review_afronden(
                    self.ctx, review.activiteit_id, opmerking, expected_version=review.version
                ),
                lambda _: self._klaar(
                    f"Review afgerond; {review.aangevraagd_door} ziet uw opmerking."
                ),
            )

        self._op(lambda: documenten_review.mijn_open_review(self.ctx, document.id), afronden)

    def uitcheck_verbreken(self) -> None:
        keuze = self.gekozen()
        if keuze is None:
            return
        document = keuze[0]
        reden = OpmerkingDialog.ask(
            self,
            "Uitcheck verbreken",
            f"'{document.titel}' is {document.in_bewerking_tekst}. Waarom verbreekt u de "
            "uitcheck? Niet opgeslagen wijzigingen in de werkmap gaan niet mee.",
        )
        if reden is None:
            return
        sessie = self.sessies.open.pop(document.id, None)
        if sessie is not None:
            sessie.stop_watching()
        self._op(
            lambda: uitchecken.uitcheck_verbreken(self.ctx, document.id, reden),
            lambda _: self._klaar(f"Uitcheck van '{document.titel}' verbroken."),
        )

    def definitief_maken(self) -> None:
        keuze = self.gekozen()
        if keuze is None:
            return
        document = keuze[0]
        if not dialogs.confirm(
            self,
            "Definitief maken",
            f"'{document.titel}' omzetten naar PDF en definitief maken? Daarna kan het document "
            "niet meer worden gewijzigd.",
            ja="Definitief maken",
            nee="Annuleren",
        ):
            return
        self.status.setText(f"'{document.titel}' wordt omgezet naar PDF…")
        self.knoppen["Definitief maken"].setEnabled(False)
        self._bezig.append(
            run_task(
                lambda: documenten_definitief.definitief_maken(self.ctx, document.id),
                self._definitief,
                self._actie_mislukt,
            )
        )

    def _definitief(self, resultaat: documenten_definitief.DefinitiefResultaat) -> None:
        hoe = f" De PDF is gemaakt met {resultaat.omgezet_met}." if resultaat.omgezet_met else ""
        self.status.setText(f"'{resultaat.ref.titel}' is definitief.{hoe}")
        self._gewijzigd()

    def publicatiepakket(self) -> None:
        keuze = PublicatieDialog.ask(self.documenten, self.ctx.today(), self)
        if keuze is None:
            return
        ctx, dossier_id = self.ctx, self.dossier_id
        self.status.setText("Publicatiepakket wordt samengesteld…")
        self._bezig.append(
            run_task(
                lambda: documenten_pdf.maak_publicatiepakket(
                    ctx,
                    dossier_id,
                    rapport_id=keuze.rapport_id,
                    zakelijke_weergave_id=keuze.zakelijke_weergave_id,
                    reactie_id=keuze.reactie_id,
                    publicatiedatum=keuze.publicatiedatum,
                ),
                self._pakket_klaar,
                self._actie_mislukt,
            )
        )

    def _pakket_klaar(self, ref: documenten.DocumentRef) -> None:
        self.status.setText(f"'{ref.titel}' is gemaakt en staat bij de documenten.")
        self._gewijzigd()

    def dossieroverzicht(self) -> None:
        doel = dialogs.save_file(
            self, "Dossieroverzicht opslaan", "dossieroverzicht.pdf", "PDF (*.pdf)"
        )
        if doel is None:
            return
        ctx, dossier_id = self.ctx, self.dossier_id

        def maak() -> Path:
            doel.write_bytes(documenten_pdf.dossieroverzicht_pdf(ctx, dossier_id))
            return doel

        self._bezig.append(
            run_task(
                maak, lambda pad: self.status.setText(f"Opgeslagen als {pad}."), self._actie_mislukt
            )
        )

    # --- helpers -----------------------------------------------------------------------------

    def _op(self, call: Callable[[], T], klaar: Callable[[T], None]) -> None:
        """One document action in the background; the buttons wait for it, a refusal is told
        in the status line and a message box, a conflict offers to reload."""
        ServiceOp(self, call).blocking(*self.knoppen.values()).finished(
            self._knoppen_bijwerken
        ).conflict(self.reload).failure(self._mislukt).success(klaar).run()

    def _mislukt(self, tekst: str) -> None:
        self.status.setText(tekst)
        dialogs.warn(self, "Niet gelukt", tekst)

    def _klaar(self, tekst: str) -> None:
        self.status.setText(tekst)
        self._gewijzigd()

    def _gewijzigd(self) -> None:
        self._bezig = [t for t in self._bezig if not t.finished]
        self.reload()
        self.changed.emit()

    def _actie_mislukt(self, exc: BaseException) -> None:
        self._knoppen_bijwerken()
        self._toon_fout(exc)

    def _toon_fout(self, exc: BaseException) -> None:
        if isinstance(exc, ServiceError):
            self.status.setText(exc.message)
            dialogs.service_error(self, exc, reload=self.reload)
        else:
            self.status.setText("Niet gelukt.")
            dialogs.error(self, "Niet gelukt", melding(exc))


def _lokale_bestanden(mime) -> list[Path]:  # type: ignore[no-untyped-def]
    if not mime.hasUrls():
        return []
    paden = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paden if p.is_file()]
