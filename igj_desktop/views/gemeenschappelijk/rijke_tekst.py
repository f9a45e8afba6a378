"""A list cell with a little rich text (a search fragment with its hits in bold).

The cell's own text (DisplayRole) stays the plain text: that is what a screen reader reads
and what copying gives. The rich version is in ``HTML_ROLE``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

HTML_ROLE = Qt.ItemDataRole.UserRole + 1


class RijkeTekstDelegate(QStyledItemDelegate):
    """Paints ``HTML_ROLE`` (escaped HTML with <b>) instead of the plain text."""

    def _document(self, option: QStyleOptionViewItem, html: str) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(html)
        return document

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        html = index.data(HTML_ROLE)
        if not html:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        document = self._document(option, html)  # one line, clipped like a plain cell
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rol = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(rol))
        painter.save()
        marge = max(0, (option.rect.height() - int(document.size().height())) // 2)
        painter.translate(option.rect.topLeft() + QPoint(0, marge))
        painter.setClipRect(QRect(0, -marge, option.rect.width(), option.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        html = index.data(HTML_ROLE)
        if not html:
            return super().sizeHint(option, index)
        document = self._document(option, html)
        return QSize(int(document.idealWidth()), int(document.size().height()))
