"""Edit an outgoing e-mail (prefilled from a mail sjabloon) before it is sent."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import DocumentInfo
from igj_desktop.services.documenten.sjablonen import Sjabloon
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.post.uitgaand import MailConcept, controleer_concept
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog
from igj_desktop.views.gemeenschappelijk.tasks import run_task


class PostMailDialog(ServiceDialog):
    """Returns the edited ``MailConcept``; the caller sends it off the UI thread."""

    ok_label = "Versturen"

    def __init__(
        self,
        ctx: ServiceContext,
        concept: MailConcept,
        documenten: Sequence[DocumentInfo],
        parent: QWidget | None = None,
        *,
        sjablonen: Sequence[Sjabloon] = (),
        vul_in: Callable[[str], MailConcept] | None = None,
    ) -> None:
        super().__init__(ctx, "E-mail opstellen", parent)
        self.concept = concept
        self._vul_in = vul_in
        self.resize(680, 640)
        form = QFormLayout()
        self.body.addLayout(form)
        # Another sjabloon refills onderwerp and tekst; recipients and attachments stay.
        self.sjabloon = QComboBox(self)
        for sjabloon in sjablonen:
            self.sjabloon.addItem(sjabloon.titel, sjabloon.naam)
        self.sjabloon.setCurrentIndex(max(self.sjabloon.findData(concept.sjabloon), 0))
        self.sjabloon.currentIndexChanged.connect(lambda _i: self._ander_sjabloon())
        if sjablonen and vul_in is not None:
            form.addRow("Sjabloon:", self.sjabloon)
        else:  # outside the form it would float over the dialog's top left corner
            self.sjabloon.hide()
        self.aan = QLineEdit(", ".join(concept.aan), self)
        self.aan.setPlaceholderText("naam@organisatie.nl, …")
        self.onderwerp = QLineEdit(concept.onderwerp, self)
        self.aan.textChanged.connect(lambda _t: self.show_error(""))
        form.addRow("Aan:", self.aan)
        form.addRow("Onderwerp:", self.onderwerp)
        self.tekst = QPlainTextEdit(concept.tekst, self)
        self.tekst.setMinimumHeight(260)
        form.addRow("Tekst:", self.tekst)
        self.bijlagen = QListWidget(self)
        self.bijlagen.setMaximumHeight(140)
        for info in documenten:
            item = QListWidgetItem(f"{info.titel}  ({info.laatste.bestandsnaam})", self.bijlagen)
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = info.id in concept.bijlage_document_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        form.addRow("Bijlagen uit het dossier:", self.bijlagen)

    def _ander_sjabloon(self) -> None:
        """Fill the chosen sjabloon in the background (a query and a render); the choice is
        locked until it is in, so no answer can overtake another."""
        naam, vul_in = self.sjabloon.currentData(), self._vul_in
        if vul_in is None or naam is None:
            return
        self.sjabloon.setEnabled(False)
        run_task(lambda: vul_in(naam), self._ingevuld, self._niet_ingevuld)

    def is_loading(self) -> bool:
        return not self.sjabloon.isEnabled()

    def _ingevuld(self, nieuw: MailConcept) -> None:
        self.sjabloon.setEnabled(True)
        self.concept = replace(self.concept, sjabloon=nieuw.sjabloon)
        self.onderwerp.setText(nieuw.onderwerp)
        self.tekst.setPlainText(nieuw.tekst)

    def _niet_ingevuld(self, error: BaseException) -> None:
        self.sjabloon.setEnabled(True)
        if not isinstance(error, ServiceError):
            raise error
        self.show_error(error.message)

    def operation(self) -> Callable[[], MailConcept]:
        aan = tuple(a.strip() for a in self.aan.text().replace(";", ",").split(",") if a.strip())
        items = (self.bijlagen.item(i) for i in range(self.bijlagen.count()))
        bijlagen = tuple(
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        )
        concept = MailConcept(
            aan=aan,
            onderwerp=self.onderwerp.text().strip(),
            tekst=self.tekst.toPlainText(),
            bijlage_document_ids=bijlagen,
            cc=self.concept.cc,
            sjabloon=self.concept.sjabloon,
        )
        controleer_concept(concept)
        return lambda: concept  # the caller sends it

    @classmethod
    def ask(
        cls,
        ctx: ServiceContext,
        concept: MailConcept,
        documenten: Sequence[DocumentInfo],
        parent: QWidget | None = None,
        *,
        sjablonen: Sequence[Sjabloon] = (),
        vul_in: Callable[[str], MailConcept] | None = None,
    ) -> MailConcept | None:
        return cls.run(cls(ctx, concept, documenten, parent, sjablonen=sjablonen, vul_in=vul_in))
