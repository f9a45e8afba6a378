"""Light or dark: the colours of the style sheet, the palette and the item models.

The style sheet (``resources/style.qss``) names its colours (``$tekst``, ``$inhoud`` …); the
two tables below fill them in. The application follows Windows' colour scheme and follows it
when it changes, unless the user chose Licht or Donker (Beeld ▸ Kleuren, remembered between
starts). Both tables keep text at a contrast of at least 4.5:1 with its background
(``tests/gui/test_toegankelijkheid.py`` checks every rule under both).
"""

from __future__ import annotations

from enum import StrEnum
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from igj_desktop.config import meegeleverde_map


class Thema(StrEnum):
    SYSTEEM = "systeem"
    LICHT = "licht"
    DONKER = "donker"


LICHT: dict[str, str] = {
    "venster": "#f5f6f7",  # window background
    "inhoud": "#ffffff",  # content: lists, fields, buttons, tabs
    "oddrij": "#f7f9fb",
    "vlak": "#eef0f2",  # chrome: status bar, headings of columns, unselected tabs
    "tekst": "#1f2a33",
    "subtekst": "#3d4852",
    "hint": "#5a6570",
    "gedimd": "#8a949d",  # disabled text (exempt from the contrast rule)
    "kop": "#154273",  # headings: donkerblauw
    "accent": "#01689b",  # focus edges: lintblauw
    "balk": "#154273",  # the menu bar
    "balktekst": "#ffffff",
    "knop_standaard": "#01689b",  # the default button, white text
    "selectie": "#cfe5f2",
    "selectietekst": "#0b2239",
    "hover": "#e5f0f8",
    "hoverrand": "#b8d6ea",
    "rand": "#d9dde1",
    "kader": "#d0d5da",
    "scheiding": "#e1e4e7",
    "menurand": "#c8ccd0",
    "veldrand": "#b7bec5",
    "knoprand": "#9aa5af",
    "schaduw": "#6b7680",
    "waarschuwing": "#fdf3d7",
    "waarschuwingrand": "#e9c46a",
    "waarschuwingtekst": "#5c4400",
    "alarm": "#fde7e9",  # the read-only bar
    "alarmrand": "#a4262c",
    "alarmtekst": "#3b0509",
    "fout": "#b3261e",
    # text colours of the item models (termijn over, afgerond, oordelen)
    "rood": "#b3261e",
    "grijs": "#5f6a74",
    "groen": "#2e7d32",
    "oranje": "#9a5b00",
}

DONKER: dict[str, str] = {
    "venster": "#1e2226",
    "inhoud": "#262b30",
    "oddrij": "#2b3136",
    "vlak": "#30373d",
    "tekst": "#e6eaee",
    "subtekst": "#c9d1d8",
    "hint": "#a9b3bc",
    "gedimd": "#838d97",
    "kop": "#8cc8f0",
    "accent": "#5eb1e6",
    "balk": "#0f2e4f",
    "balktekst": "#ffffff",
    "knop_standaard": "#01689b",
    "selectie": "#1f4e70",
    "selectietekst": "#ffffff",
    "hover": "#2b3d4d",
    "hoverrand": "#3f6d8f",
    "rand": "#3a4249",
    "kader": "#3d454d",
    "scheiding": "#3a4249",
    "menurand": "#4a535b",
    "veldrand": "#5a646e",
    "knoprand": "#6b7680",
    "schaduw": "#0b0d0f",
    "waarschuwing": "#3b3217",
    "waarschuwingrand": "#8a6d1f",
    "waarschuwingtekst": "#f3dc9b",
    "alarm": "#3d1719",
    "alarmrand": "#e0707a",
    "alarmtekst": "#ffdfe2",
    "fout": "#ff8a80",
    "rood": "#ff8a80",
    "grijs": "#a9b3bc",
    "groen": "#81c784",
    "oranje": "#ffb74d",
}

_actueel: dict[str, str] = LICHT
_keuze = Thema.SYSTEEM


def kleur(naam: str) -> QColor:
    """A colour of the scheme in use, e.g. ``kleur("rood")`` for an overdue termijn."""
    return QColor(_actueel[naam])


def is_donker() -> bool:
    return _actueel is DONKER


def keuze() -> Thema:
    return _keuze


def palet(kleuren: dict[str, str]) -> QPalette:
    """Every role set, so nothing the style sheet leaves open takes the system's colours."""
    palet = QPalette()
    rollen = QPalette.ColorRole
    for rol, naam in {
        rollen.Window: "venster",
        rollen.WindowText: "tekst",
        rollen.Base: "inhoud",
        rollen.AlternateBase: "oddrij",
        rollen.Text: "tekst",
        rollen.PlaceholderText: "hint",
        rollen.Button: "inhoud",
        rollen.ButtonText: "tekst",
        rollen.BrightText: "balktekst",
        rollen.ToolTipBase: "inhoud",
        rollen.ToolTipText: "tekst",
        rollen.Highlight: "selectie",
        rollen.HighlightedText: "selectietekst",
        rollen.Link: "accent",
        rollen.LinkVisited: "kop",
        rollen.Light: "inhoud",
        rollen.Midlight: "vlak",
        rollen.Mid: "menurand",
        rollen.Dark: "knoprand",
        rollen.Shadow: "schaduw",
    }.items():
        palet.setColor(rol, QColor(kleuren[naam]))
    for rol in (rollen.WindowText, rollen.Text, rollen.ButtonText):
        palet.setColor(QPalette.ColorGroup.Disabled, rol, QColor(kleuren["gedimd"]))
    return palet


def style_sheet(kleuren: dict[str, str]) -> str:
    """The style sheet with the scheme's colours filled in ('' when it is not shipped)."""
    pad = meegeleverde_map("resources") / "style.qss"
    if not pad.exists():
        return ""
    return Template(pad.read_text(encoding="utf-8")).substitute(kleuren)


def systeem_is_donker(app: QApplication) -> bool:
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def pas_toe(app: QApplication, gekozen: Thema | None = None) -> None:
    """Use ``gekozen`` (or keep the current choice) and restyle only when the colours change:
    restyling every widget again for nothing is slow and hits widgets being deleted."""
    global _actueel, _keuze
    if gekozen is not None:
        _keuze = gekozen
    donker = _keuze is Thema.DONKER or (_keuze is Thema.SYSTEEM and systeem_is_donker(app))
    kleuren = DONKER if donker else LICHT
    if kleuren is _actueel and app.property("igjThema"):
        return
    _actueel = kleuren
    app.setPalette(palet(kleuren))
    app.setStyleSheet(style_sheet(kleuren))
    if not app.property("igjThema"):  # follow Windows when its scheme changes
        app.styleHints().colorSchemeChanged.connect(lambda _schema: pas_toe(app))
    app.setProperty("igjThema", True)
