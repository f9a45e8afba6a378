"""Shared shape of the dossier dialogs: a form, a Dutch error line and OK/Annuleren.

When the user confirms, the dialog reads its form (``operation()``, in the UI thread) and
runs the service call it declares as a ``ServiceOp`` in the background: OK is disabled
meanwhile, a refusal or failure (``ServiceError``, a failing database or disk) is shown in
the dialog's error line and nothing closes, so the user can correct the input without losing
it; a version conflict offers to reload. ``ask(...)`` is the one entry point the window
uses, and the one a test may replace.
"""

from __future__ import annotations

from collections.abc import Callable
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

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp


class ServiceDialog(QDialog):
    """Subclasses fill ``self.body`` and declare their service call in ``operation()``."""

    ok_label = "Opslaan"

    def __init__(self, ctx: ServiceContext, titel: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: Any = None
        self.busy = False  # a service call is running: the dialog waits for its outcome
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

    # Every dialog declares ``operation(self) -> Callable[[], Any]``: read the form (UI thread;
    # a ``ValidationFailed`` refuses it) and return the service call to run in the background;
    # its result goes to ``succeeded``. QDialog's metaclass rules out ``abc.ABC``, so
    # ``__init_subclass__`` refuses a dialog without one when its class is made, not at OK.
    operation: Callable[[], Callable[[], Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "operation", None)):
            raise TypeError(f"{cls.__name__} declares no operation()")

    def succeeded(self, result: Any) -> None:
        """The call succeeded (UI thread): keep its result and close."""
        self.result_value = result
        self.accept()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _confirm(self) -> None:
        self.show_error("")
        try:
            call = self.operation()
        except ServiceError as exc:  # the form's own check: nothing was sent
            self.show_error(exc.message)
            return
        self.busy = True
        ServiceOp(self, call).blocking(self.ok_button, self.cancel_button).finished(
            self._idle
        ).success(self.succeeded).failure(self.show_error).conflict(self.reject).run()

    def _idle(self) -> None:
        self.busy = False

    def reject(self) -> None:
        """Not while the call runs (Escape, the window's close button): its outcome decides."""
        if not self.busy:
            super().reject()

    @classmethod
    def run(cls, dialog: ServiceDialog) -> Any:
        """Show modally; the service result, or None when cancelled."""
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        return dialog.result_value if dialog.exec() == QDialog.DialogCode.Accepted else None
