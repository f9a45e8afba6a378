"""The look of the application: the style sheet and icons from ``resources/``."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from igj_desktop.config import meegeleverde_map

RESOURCES = meegeleverde_map("resources")

# Rijkshuisstijl accents, also used by item models for foreground colours.
LINTBLAUW = QColor("#01689b")
DONKERBLAUW = QColor("#154273")
ROOD = QColor("#b3261e")
GRIJS = QColor("#6b7680")


@cache
def icon(naam: str) -> QIcon:
    """An icon from resources/icons (empty when the file is missing, never an error)."""
    path = RESOURCES / "icons" / f"{naam}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def apply_style(app: QApplication) -> None:
    """Fusion as a neutral base, a readable font size and the IGJ style sheet on top."""
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#cfe5f2"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#0b2239"))
    palette.setColor(QPalette.ColorRole.Link, LINTBLAUW)
    app.setPalette(palette)
    font = QFont(app.font())
    font.setFamilies(["Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans"])
    font.setPointSizeF(max(font.pointSizeF(), 9.5))
    app.setFont(font)
    sheet = RESOURCES / "style.qss"
    if sheet.exists():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
    app.setWindowIcon(icon("app"))
