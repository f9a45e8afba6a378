"""The calendar grid of Mijn agenda: hours down, one column per day (a day or a week), each
afspraak a block at its time. A block is a button: Tab reaches it, Enter or a click opens
the afspraak, and a screen reader hears when and what it is.

Sizes come from the font (an hour is three lines high), so the grid scales with Windows'
150 %; colours come from the palette and the style sheet, so it follows light and dark.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from itertools import pairwise

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QPushButton, QScrollArea, QSizePolicy, QWidget

from igj_desktop.services.afspraken.afspraak import AfspraakRow
from igj_desktop.services.base import AMSTERDAM

EERSTE_UUR = 8  # the grid shows at least 8:00–18:00, more when an afspraak lies outside
LAATSTE_UUR = 18
DAGNAMEN = ["ma", "di", "wo", "do", "vr", "za", "zo"]


def _lokaal(moment: datetime) -> datetime:
    return moment.astimezone(AMSTERDAM)


def _minuten(moment: datetime) -> int:
    lokaal = _lokaal(moment)
    return lokaal.hour * 60 + lokaal.minute


class AfspraakBlok(QPushButton):
    """One afspraak in the grid."""

    def __init__(self, row: AfspraakRow, omschrijving: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("afspraakBlok")
        self.setProperty("stopgezet", row.status == "stopgezet")
        self.setProperty("conflict", row.conflict)
        begin, einde = _lokaal(row.begin), _lokaal(row.einde)
        self.tijd = f"{begin:%H:%M}–{einde:%H:%M}"
        self.setAccessibleName(f"{self.tijd} {row.onderwerp}")
        self.setAccessibleDescription(omschrijving)
        self.setToolTip(f"{self.tijd} {row.onderwerp}\n{row.locatie}\n{omschrijving}".strip())
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()  # Enter opens, as in the list
        else:
            super().keyPressEvent(event)

    def zet_tekst(self) -> None:
        """Time and onderwerp on two lines, shortened to the block's width."""
        ruimte = max(self.width() - 12, 10)
        fm = self.fontMetrics()
        regels = [self.tijd, self.row.onderwerp]
        if self.height() < 2 * fm.height() + 6:
            regels = [f"{self.tijd} {self.row.onderwerp}"]
        self.setText(
            "\n".join(fm.elidedText(r, Qt.TextElideMode.ElideRight, ruimte) for r in regels)
        )


def _groepen(blokken: list[AfspraakBlok]) -> list[list[AfspraakBlok]]:
    """Blocks (sorted by begin) in groups that overlap among themselves."""
    groepen: list[list[AfspraakBlok]] = []
    einde: datetime | None = None
    for blok in blokken:
        if einde is None or blok.row.begin >= einde:
            groepen.append([])
            einde = blok.row.einde
        groepen[-1].append(blok)
        einde = max(einde, blok.row.einde)
    return groepen


class _Raster(QWidget):
    """The painted hours × days, with the blocks as child widgets."""

    def __init__(self, rooster: AgendaRooster) -> None:
        super().__init__(rooster)
        self.rooster = rooster
        self.dagen: list[date] = []
        self.blokken: list[AfspraakBlok] = []
        self.van, self.tot = EERSTE_UUR, LAATSTE_UUR

    # geometry, all from the font
    def uur_hoogte(self) -> int:
        return self.fontMetrics().height() * 3

    def kop_hoogte(self) -> int:
        return self.fontMetrics().height() + 10

    def marge(self) -> int:
        return self.fontMetrics().horizontalAdvance("00:00") + 14

    def kolom(self, i: int) -> QRect:
        breedte = (self.width() - self.marge()) / max(len(self.dagen), 1)
        links = self.marge() + round(i * breedte)
        return QRect(links, self.kop_hoogte(), round((i + 1) * breedte) - round(i * breedte), 0)

    def y_van(self, minuten: int) -> int:
        return self.kop_hoogte() + round((minuten - self.van * 60) * self.uur_hoogte() / 60)

    def hoogte(self) -> int:
        return self.y_van(self.tot * 60) + 2

    def plaats_blokken(self) -> None:
        """Each block at its time in its day's column; overlapping ones side by side."""
        for i, dag in enumerate(self.dagen):
            kolom = self.kolom(i)
            van_dag = sorted(
                (b for b in self.blokken if _lokaal(b.row.begin).date() == dag),
                key=lambda b: (b.row.begin, b.row.einde),
            )
            for groep in _groepen(van_dag):
                self._plaats_groep(groep, kolom, dag)

    def _plaats_groep(self, groep: list[AfspraakBlok], kolom: QRect, dag: date) -> None:
        """Afspraken that overlap share their day's width in lanes, the others get it all."""
        banen: list[list[AfspraakBlok]] = []
        for blok in groep:  # the first lane whose last block has ended
            baan = next((b for b in banen if b[-1].row.einde <= blok.row.begin), None)
            if baan is None:
                banen.append([blok])
            else:
                baan.append(blok)
        breedte = (kolom.width() - 6) / len(banen)
        for n, baan in enumerate(banen):
            for blok in baan:
                boven = self.y_van(_minuten(blok.row.begin))
                eind = _lokaal(blok.row.einde)
                onder = self.y_van(24 * 60 if eind.date() > dag else eind.hour * 60 + eind.minute)
                blok.setGeometry(
                    kolom.left() + 3 + round(n * breedte),
                    boven + 1,
                    max(round(breedte) - 2, 8),
                    max(onder - boven - 2, self.fontMetrics().height() + 6),
                )
                blok.zet_tekst()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.plaats_blokken()

    def paintEvent(self, _event: QPaintEvent) -> None:
        palet = self.palette()
        p = QPainter(self)
        p.fillRect(self.rect(), palet.color(QPalette.ColorRole.Base))
        lijn = palet.color(QPalette.ColorRole.Mid)
        tekst = palet.color(QPalette.ColorRole.Text)
        fm = self.fontMetrics()
        vandaag = self.rooster.vandaag
        for i, dag in enumerate(self.dagen):
            kolom = self.kolom(i)
            kop = QRect(kolom.left(), 0, kolom.width(), self.kop_hoogte())
            if dag == vandaag:
                p.fillRect(kop, palet.color(QPalette.ColorRole.Highlight))
                p.setPen(palet.color(QPalette.ColorRole.HighlightedText))
            else:
                p.setPen(tekst)
            p.drawText(kop, Qt.AlignmentFlag.AlignCenter, f"{DAGNAMEN[dag.weekday()]} {dag.day}")
            p.setPen(lijn)
            p.drawLine(kolom.left(), 0, kolom.left(), self.hoogte())
        for uur in range(self.van, self.tot + 1):
            y = self.y_van(uur * 60)
            p.setPen(lijn)
            p.drawLine(self.marge() - 4, y, self.width(), y)
            p.setPen(tekst)
            p.drawText(
                QRect(0, y - fm.height() // 2, self.marge() - 8, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{uur:02d}:00",
            )
        p.end()


class AgendaRooster(QScrollArea):
    """Days side by side; ``toon`` fills it, ``afspraak_gekozen`` says which block opened."""

    afspraak_gekozen = Signal(uuid.UUID)

    def __init__(self, vandaag: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vandaag = vandaag
        self.setAccessibleName("Agenda als rooster")
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the blocks inside
        self.raster = _Raster(self)
        self.setWidget(self.raster)

    def toon(
        self, dagen: list[date], rows: list[AfspraakRow], omschrijving: dict[uuid.UUID, str]
    ) -> None:
        raster = self.raster
        for blok in raster.blokken:
            blok.hide()  # gone at once, deleted when the event loop gets to it
            blok.deleteLater()
        raster.dagen = dagen
        zichtbaar = [r for r in rows if _lokaal(r.begin).date() in dagen]
        raster.van = min([EERSTE_UUR, *(_lokaal(r.begin).hour for r in zichtbaar)])
        raster.tot = max([LAATSTE_UUR, *(min(_lokaal(r.einde).hour + 1, 24) for r in zichtbaar)])
        raster.blokken = []
        for row in zichtbaar:
            blok = AfspraakBlok(row, omschrijving.get(row.id, ""), raster)
            blok.clicked.connect(lambda _=False, i=row.id: self.afspraak_gekozen.emit(i))
            blok.show()
            raster.blokken.append(blok)
        # Tab visits the blocks in time order, day by day
        volgorde = sorted(raster.blokken, key=lambda b: b.row.begin)
        for eerste, tweede in pairwise(volgorde):
            QWidget.setTabOrder(eerste, tweede)
        raster.setMinimumHeight(raster.hoogte())
        raster.plaats_blokken()
        raster.update()
        if volgorde:  # the morning's first afspraak in view
            self.ensureVisible(0, volgorde[0].y(), 0, raster.uur_hoogte())

    def blokken(self) -> list[AfspraakBlok]:
        return sorted(self.raster.blokken, key=lambda b: b.row.begin)
