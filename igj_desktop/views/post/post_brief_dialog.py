"""Analoge post: ask the postkamer to print and send a letter from the dossier."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from igj_desktop.models import DocumentRichting, DocumentStatus
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import DocumentInfo
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.post import uitgaand as post_uitgaand
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog


class PostBriefDialog(ServiceDialog):
    """Creates the verzendverzoek (an activiteit for the postkamer); returns its ``PostInfo``.

    Outgoing definitieve documents come first: those are the letters that go out.
    """

    ok_label = "Verzoek versturen"

    def __init__(
        self,
        ctx: ServiceContext,
        dossier_id: uuid.UUID,
        documenten: Sequence[DocumentInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Brief laten verzenden", parent)
        self.dossier_id = dossier_id
        self.resize(560, 150)
        form = QFormLayout()
        self.body.addLayout(form)
        self.document = QComboBox(self)
        for info in sorted(documenten, key=_brief_eerst):
            status = info.status.replace("_", " ")
            self.document.addItem(f"{info.titel}  ({status}, {info.richting})", info.id)
        form.addRow("Brief:", self.document)
        self.opmerking = QLineEdit(self)
        self.opmerking.setPlaceholderText("bijvoorbeeld: aangetekend versturen")
        form.addRow("Opmerking voor de postkamer:", self.opmerking)

    def operation(self) -> Callable[[], post.PostInfo]:
        document_id = self.document.currentData()
        if document_id is None:
            raise ValidationFailed("Dit dossier heeft nog geen document om te verzenden.")
        opmerking = self.opmerking.text().strip()
        return lambda: post_uitgaand.vraag_verzending_brief(
            self.ctx, self.dossier_id, document_id, opmerking
        )

    @classmethod
    def ask(
        cls,
        ctx: ServiceContext,
        dossier_id: uuid.UUID,
        documenten: Sequence[DocumentInfo],
        parent: QWidget | None = None,
    ) -> post.PostInfo | None:
        return cls.run(cls(ctx, dossier_id, documenten, parent))


def _brief_eerst(info: DocumentInfo) -> tuple[bool, bool, str]:
    return (
        info.richting != DocumentRichting.UITGAAND,
        info.status != DocumentStatus.DEFINITIEF,
        info.titel.lower(),
    )
