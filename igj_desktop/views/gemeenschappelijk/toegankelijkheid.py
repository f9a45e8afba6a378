"""Keyboard and screen-reader basics for every widget the application shows (EN 301 549 /
WCAG 2.1 AA), applied once per widget when it is first shown, so no view can forget them:

- a multi-line text field passes Tab on to the next control (Ctrl+Tab types a tab);
- Tab leaves a table or tree (the arrow keys move inside it) instead of walking every cell;
- a scroll area around a form is no Tab stop of its own: Tab goes to the fields inside;
- a control without an accessible name gets one from what a sighted user reads next to
  it: its form label, its placeholder, its tooltip, or (tables) their column headings.

Views still name their main controls themselves (the tree, the werkvoorraad, the tabs'
tables); this is the safety net, and ``tests/gui/test_toegankelijkheid.py`` walks every
window and dialog to prove nothing is left without a name or out of reach of Tab.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)

GEDAAN = "igjToegankelijk"


def vorm_label(widget: QWidget) -> str:
    """The text of the form label in front of ``widget``, without '&' and ':'."""
    for form in widget.window().findChildren(QFormLayout):
        label = form.labelForField(widget)
        if isinstance(label, QLabel) and label.text().strip():
            return label.text().replace("&", "").strip().rstrip(":")
    return ""


def _koppen(view: QTableView | QTreeView) -> str:
    model = view.model()
    if model is None:
        return ""
    koppen = [
        str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        for c in range(model.columnCount())
    ]
    koppen = [k for k in koppen if k]
    return f"Lijst met {', '.join(koppen[:4])}" if koppen else ""


def afgeleide_naam(widget: QWidget) -> str:
    """What a screen reader should announce for ``widget`` when its view gave no name."""
    if isinstance(widget, QTableView | QTreeView):
        return _koppen(widget)
    naam = vorm_label(widget)
    if naam:
        return naam
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return widget.placeholderText().rstrip("…")
    if isinstance(widget, QComboBox | QAbstractSpinBox) and widget.toolTip():
        return widget.toolTip()
    if isinstance(widget, QPlainTextEdit | QTextEdit) and widget.placeholderText():
        return widget.placeholderText()
    return widget.toolTip()


def richt_in(widget: QWidget) -> None:
    if widget.property(GEDAAN):
        return
    widget.setProperty(GEDAAN, True)
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.setTabChangesFocus(True)
    if isinstance(widget, QTableView | QTreeView):
        widget.setTabKeyNavigation(False)
    if isinstance(widget, QScrollArea) and widget.widgetResizable():
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls inside
    if not widget.accessibleName():
        naam = afgeleide_naam(widget)
        if naam:
            widget.setAccessibleName(naam)


class Toegankelijkheid(QObject):
    """The application-wide event filter; ``installeer`` puts it on the application once."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            richt_in(watched)
        return False

    @classmethod
    def installeer(cls, app: QApplication) -> None:
        if app.property(GEDAAN):
            return
        filter_ = cls(app)
        app.installEventFilter(filter_)
        app.setProperty(GEDAAN, True)

    @classmethod
    @contextmanager
    def gepauzeerd(cls, app: QApplication) -> Iterator[None]:
        """Without the filter while a hidden window is built: none of its widgets is shown
        before the window itself, so none is missed, and the ~2,000 events of building the
        main window do not each pass through Python (~20 ms of the start)."""
        filter_ = app.findChild(cls)
        if filter_ is not None:
            app.removeEventFilter(filter_)
        try:
            yield
        finally:
            if filter_ is not None:
                app.installEventFilter(filter_)
