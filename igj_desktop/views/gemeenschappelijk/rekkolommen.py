"""Columns that share a table's free width, but never get narrower than they can be read.

``QHeaderView.ResizeMode.Stretch`` gives the stretching columns whatever the others leave:
in a narrow pane (a laptop at 125–150 %, a split window) the activiteit or the title, the
column the user reads, shrank to three letters while kenmerk and date kept their width.
Here the stretching columns stretch as long as each gets at least ``tekens`` average
characters; below that they keep that width and the table scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

TEKENS = 18
"""The narrowest a stretching column gets, in average characters of the table's font."""


class RekbareKolommen(QObject):
    """Keeps ``kolommen`` of ``header`` stretching, or at their minimum when too narrow."""

    def __init__(
        self,
        view: QAbstractItemView,
        header: QHeaderView,
        kolommen: Sequence[int],
        tekens: int = TEKENS,
    ) -> None:
        super().__init__(header)  # dies with the header (a view may replace or drop it)
        self._view = view
        self._kolommen = tuple(kolommen)
        self._tekens = tekens
        # after the event or signal that asked for it: changing a section's resize mode
        # while the header is still laying itself out crashes Qt
        self._straks = QTimer(self)
        self._straks.setSingleShot(True)
        self._straks.setInterval(0)
        self._straks.timeout.connect(self.verdeel)
        view.viewport().installEventFilter(self)
        # the other columns' widths follow their contents (rows loaded, font changed)
        header.sectionResized.connect(self._anders_geschaald)
        self.verdeel()

    def minimum(self) -> int:
        return self._view.fontMetrics().averageCharWidth() * self._tekens

    def verdeel(self) -> None:
        """Stretch, or the minimum width and a horizontal scroll bar."""
        # the parent, not the wrapper passed in: for a QTreeWidget's header that wrapper was
        # seen to go stale while the header itself lived on
        header = self.parent()
        assert isinstance(header, QHeaderView)
        vast = sum(
            header.sectionSize(k)
            for k in range(header.count())
            if k not in self._kolommen and not header.isSectionHidden(k)
        )
        smal = self._view.viewport().width() - vast < self.minimum() * len(self._kolommen)
        modus = QHeaderView.ResizeMode.Interactive if smal else QHeaderView.ResizeMode.Stretch
        for kolom in self._kolommen:
            if kolom < header.count() and header.sectionResizeMode(kolom) != modus:
                header.setSectionResizeMode(kolom, modus)
                if smal:
                    header.resizeSection(kolom, self.minimum())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._straks.start()
        return False

    def _anders_geschaald(self, kolom: int, _oud: int, _nieuw: int) -> None:
        if kolom not in self._kolommen:
            self._straks.start()
