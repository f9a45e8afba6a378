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


def licht_palet() -> QPalette:
    """The palette that belongs to the style sheet, whatever the system's colour scheme.

    The style sheet is light; on Windows dark mode the system palette would paint what the
    sheet does not cover (scroll areas, labels, check boxes) dark, with the sheet's dark text
    on it. So every role is set here, and nothing depends on the system scheme."""
    palet = QPalette()
    for rol, kleur in {
        QPalette.ColorRole.Window: "#f5f6f7",
        QPalette.ColorRole.WindowText: "#1f2a33",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f7f9fb",
        QPalette.ColorRole.Text: "#1f2a33",
        QPalette.ColorRole.PlaceholderText: "#5a6570",
        QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: "#1f2a33",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1f2a33",
        QPalette.ColorRole.Highlight: "#cfe5f2",
        QPalette.ColorRole.HighlightedText: "#0b2239",
        QPalette.ColorRole.Link: LINTBLAUW.name(),
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.Midlight: "#eef0f2",
        QPalette.ColorRole.Mid: "#c8ccd0",
        QPalette.ColorRole.Dark: "#9aa5af",
        QPalette.ColorRole.Shadow: "#6b7680",
    }.items():
        palet.setColor(rol, QColor(kleur))
    for rol in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palet.setColor(QPalette.ColorGroup.Disabled, rol, QColor("#8a949d"))
    return palet


def apply_style(app: QApplication) -> None:
    """Fusion as a neutral base, a readable font size and the IGJ style sheet on top."""
    app.setStyle("Fusion")
    app.setPalette(licht_palet())
    font = QFont(app.font())
    font.setFamilies(["Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans"])
    font.setPointSizeF(max(font.pointSizeF(), 9.5))
    app.setFont(font)
    sheet = RESOURCES / "style.qss"
    if sheet.exists():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
    app.setWindowIcon(icon("app"))
