"""The accessibility walk: every control of a window that Tab can reach has a name for a
screen reader, and pressing Tab visits all of them (no trap, none out of reach)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

SECTIES = 6  # Tab walks the day, month, year, hour, minute of a date field, then leaves it


def _bereikbaar(widget: QWidget) -> bool:
    return (
        widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
        # the line edit inside a combo box or spin box is part of that control
        and not isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox)
        # in a group of radio buttons Tab reaches the chosen one; arrows move between them
        and not (
            isinstance(widget, QRadioButton) and widget.autoExclusive() and not widget.isChecked()
        )
    )


def besturing(venster: QWidget) -> list[QWidget]:
    """The controls a keyboard user must be able to reach, in focus-chain order."""
    gezien: list[QWidget] = []
    widget = venster.nextInFocusChain()
    while widget is not venster and widget not in gezien:
        if widget.window() is venster and _bereikbaar(widget):
            gezien.append(widget)
        widget = widget.nextInFocusChain()
    return gezien


def naam(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def beschrijf(widget: QWidget) -> str:
    tekst = getattr(widget, "text", lambda: "")()
    return f"{type(widget).__name__}({widget.objectName() or tekst or '?'})"


def loop_na(qtbot: QtBot, venster: QWidget) -> list[str]:
    """What is wrong in ``venster`` for a keyboard or screen-reader user; [] when nothing."""
    fouten = []
    controls = besturing(venster)
    assert controls, f"{venster.windowTitle()}: niets te bedienen met het toetsenbord"
    for widget in controls:
        if not naam(widget):
            fouten.append(f"{venster.windowTitle()}: {beschrijf(widget)} heeft geen naam")
    venster.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is venster)
    controls[0].setFocus(Qt.FocusReason.TabFocusReason)
    bezocht: list[QWidget] = []
    blijft = 0
    for _ in range((len(controls) + 2) * SECTIES):
        huidig = QApplication.focusWidget()
        if huidig is None:
            break
        bezocht.append(huidig)
        qtbot.keyClick(huidig, Qt.Key.Key_Tab)
        blijft = blijft + 1 if QApplication.focusWidget() is huidig else 0
        if blijft > (SECTIES if isinstance(huidig, QDateTimeEdit) else 0):
            fouten.append(f"{venster.windowTitle()}: Tab blijft hangen in {beschrijf(huidig)}")
            break
        if all(c in bezocht for c in controls):
            break
    for widget in controls:
        if widget not in bezocht and not any(widget.isAncestorOf(b) for b in bezocht):
            fouten.append(
                f"{venster.windowTitle()}: {beschrijf(widget)} is met Tab niet te bereiken"
            )
    return fouten
