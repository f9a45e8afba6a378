"""The bar across the main window in read-only mode (``services/alleen_lezen.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from igj_desktop.services.alleen_lezen import BANNER


class AlleenLezenBanner(QFrame):
    """Says, for as long as the window is open, that nothing can be changed, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alleenLezenBanner")  # coloured by resources/style.qss (thema)
        self.tekst = QLabel(BANNER, self)
        self.tekst.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.tekst, 1)
