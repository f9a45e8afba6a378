"""A search field: Enter searches and nothing else.

A plain ``QLineEdit`` lets Enter travel on to its dialog, which presses the default button:
in the new-dossier wizard Enter in the relatie search created the dossier. ``ZoekVeld``
keeps Enter for itself (``returnPressed`` still fires), so a search never finishes a dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ZoekVeld(QLineEdit):
    def __init__(self, parent: QWidget | None, naam: str, placeholder: str = "") -> None:
        """``naam`` is what a screen reader announces; the placeholder shows what to type."""
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setAccessibleName(naam)
        self.setPlaceholderText(placeholder)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in ENTER:
            event.accept()  # searched; the dialog's default button must not hear it
