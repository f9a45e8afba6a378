"""The look of the application: the style sheet and icons from ``resources/``."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from igj_desktop.config import meegeleverde_map
from igj_desktop.views.gemeenschappelijk import thema

RESOURCES = meegeleverde_map("resources")


@cache
def icon(naam: str) -> QIcon:
    """An icon from resources/icons (empty when the file is missing, never an error)."""
    path = RESOURCES / "icons" / f"{naam}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def apply_style(app: QApplication) -> None:
    """Fusion as a neutral base, a readable font size and the IGJ style sheet on top."""
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setFamilies(["Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans"])
    font.setPointSizeF(max(font.pointSizeF(), 9.5))
    app.setFont(font)
    thema.pas_toe(app)  # light or dark, as Windows is set, until the user chooses
    app.setWindowIcon(icon("app"))
