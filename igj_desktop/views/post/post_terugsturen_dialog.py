"""Send misdirected post back to whoever registered it, with a reason."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.post import inkomend as post
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog


class PostTerugsturenDialog(ServiceDialog):
    ok_label = "Terugsturen"

    def __init__(
        self, ctx: ServiceContext, post_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Post terugsturen", parent)
        self.post_id = post_id
        uitleg = QLabel(
            "Deze post hoort niet bij u of dit dossier. Wie hem registreerde krijgt hem terug "
            "met uw toelichting.",
            self,
        )
        uitleg.setWordWrap(True)
        self.body.addWidget(uitleg)
        self.reden = QPlainTextEdit(self)
        self.reden.setPlaceholderText("Waarom hoort deze post hier niet? Bij wie hoort hij wel?")
        self.reden.textChanged.connect(lambda: self.show_error(""))
        self.body.addWidget(self.reden)
        self.resize(480, 300)

    def operation(self) -> Callable[[], post.PostInfo]:
        reden = self.reden.toPlainText()
        return lambda: post.stuur_post_terug(self.ctx, self.post_id, reden)

    @classmethod
    def ask(
        cls, ctx: ServiceContext, post_id: uuid.UUID, parent: QWidget | None = None
    ) -> post.PostInfo | None:
        return cls.run(cls(ctx, post_id, parent))
