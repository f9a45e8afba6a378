"""A one-line label that shortens its text with "…" to the room it gets (the status bar on a
laptop), instead of being cut off or pushing its neighbours away; the whole text stays in
its tooltip and accessible name."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class InkortLabel(QLabel):
    def __init__(self, tekst: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vol = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(80)
        self.setText(tekst)

    def text(self) -> str:  # type: ignore[override]
        return self._vol

    def setText(self, tekst: str) -> None:  # type: ignore[override]
        self._vol = tekst
        self.setToolTip(tekst)
        self.setAccessibleName(tekst)
        self._inkorten()

    def getoond(self) -> str:
        """The text as it is on screen now, shortened or not."""
        return super().text()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        marge = self.width() - self.contentsRect().width()
        return QSize(self.fontMetrics().horizontalAdvance(self._vol) + marge + 4, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._inkorten()

    def _inkorten(self) -> None:
        ruimte = max(self.contentsRect().width() - 2, 0)
        super().setText(
            self.fontMetrics().elidedText(self._vol, Qt.TextElideMode.ElideMiddle, ruimte)
        )
