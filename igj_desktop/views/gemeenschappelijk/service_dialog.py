"""Shared shape of the dossier dialogs: a form, a Dutch error line and OK/Annuleren.

A dialog does its service call when the user confirms; a refusal (``ServiceError``) is shown
in the dialog and nothing closes, so the user can correct the input. ``ask(...)`` is the
one entry point the window uses, and the one a test may replace.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import DBAPIError

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import Conflict, ServiceError
from igj_desktop.services.storing import melding
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs


class ServiceDialog(QDialog):
    """Subclasses fill ``self.body`` and implement ``submit()`` (the service call)."""

    ok_label = "Opslaan"

    def __init__(self, ctx: ServiceContext, titel: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: Any = None
        self.setWindowTitle(titel)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        layout.addLayout(self.body, 1)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("foutmelding")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(self)
        self.ok_button: QPushButton = self.buttons.addButton(
            self.ok_label, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button: QPushButton = self.buttons.addButton(
            "Annuleren", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> Any:
        """Do the service call; its return value becomes ``result_value``."""
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _confirm(self) -> None:
        self.show_error("")
        try:
            self.result_value = self.submit()
        except Conflict as exc:
            dialogs.service_error(self, exc, reload=self.reject)
            return
        except ServiceError as exc:
            self.show_error(exc.message)
            return
        except (DBAPIError, OSError) as exc:  # a database or disk failure outside a service
            self.show_error(melding(exc))
            return
        self.accept()

    @classmethod
    def run(cls, dialog: ServiceDialog) -> Any:
        """Show modally; the service result, or None when cancelled."""
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        return dialog.result_value if dialog.exec() == QDialog.DialogCode.Accepted else None
