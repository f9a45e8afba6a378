"""The one place the window asks the user something with a message box or a file dialog.

Every view calls ``dialogs`` (the module-level ``Dialogs``) instead of ``QMessageBox`` or
``QFileDialog`` directly, so a test can answer the questions in advance with
``dialogs.answering(...)`` and read back what was shown; nothing modal ever blocks a test.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox, QWidget

from igj_desktop.services.errors import Conflict, ServiceError
from igj_desktop.services.storing import melding

NOTICE_MS = 12_000


@dataclass(frozen=True)
class Shown:
    """A message or question that was put in front of the user."""

    soort: str  # informatie, waarschuwing, fout, vraag, keuze, openen, opslaan
    titel: str
    tekst: str


class UnexpectedDialog(AssertionError):
    """A test did not script an answer for a question the window asked."""


class Dialogs:
    def __init__(self) -> None:
        self._answers: deque[object] | None = None
        self.shown: list[Shown] = []

    @contextmanager
    def answering(self, *answers: object) -> Iterator[list[Shown]]:
        """Answer the next questions with ``answers`` (in order); yields what was shown."""
        previous = self._answers, self.shown
        self._answers, self.shown = deque(answers), []
        try:
            yield self.shown
            if self._answers:
                raise UnexpectedDialog(f"niet gestelde vragen over: {list(self._answers)}")
        finally:
            self._answers, self.shown = previous

    def _record(self, soort: str, titel: str, tekst: str) -> bool:
        """Log the dialog; True when a test script stands in for the user."""
        if self._answers is None:
            return False
        self.shown.append(Shown(soort, titel, tekst))
        return True

    def _next_answer(self, titel: str) -> object:
        assert self._answers is not None
        if not self._answers:
            raise UnexpectedDialog(f"geen antwoord klaargezet voor '{titel}'")
        return self._answers.popleft()

    def inform(self, parent: QWidget | None, titel: str, tekst: str) -> None:
        if not self._record("informatie", titel, tekst):
            QMessageBox.information(parent, titel, tekst)

    def notice(self, parent: QWidget | None, titel: str, tekst: str) -> None:
        """A short notice after an action that went well: in the window's status bar for a
        while, nothing to click away. Without a main window behind it: a message box."""
        if self._record("melding", titel, tekst):
            return
        venster = parent.window() if parent is not None else None
        if isinstance(venster, QMainWindow):
            venster.statusBar().showMessage(f"{titel}: {' '.join(tekst.split())}", NOTICE_MS)
        else:
            QMessageBox.information(parent, titel, tekst)

    def warn(self, parent: QWidget | None, titel: str, tekst: str) -> None:
        if not self._record("waarschuwing", titel, tekst):
            QMessageBox.warning(parent, titel, tekst)

    def error(self, parent: QWidget | None, titel: str, tekst: str) -> None:
        if not self._record("fout", titel, tekst):
            QMessageBox.critical(parent, titel, tekst)

    def confirm(
        self, parent: QWidget | None, titel: str, tekst: str, *, ja: str = "Ja", nee: str = "Nee"
    ) -> bool:
        if self._record("vraag", titel, tekst):
            return bool(self._next_answer(titel))
        box = QMessageBox(QMessageBox.Icon.Question, titel, tekst, parent=parent)
        ja_knop = box.addButton(ja, QMessageBox.ButtonRole.AcceptRole)
        nee_knop = box.addButton(nee, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(nee_knop)
        box.exec()
        return box.clickedButton() is ja_knop

    def choose(
        self, parent: QWidget | None, titel: str, tekst: str, opties: list[str]
    ) -> int | None:
        """The index of the option the user picked, or None when cancelled."""
        if self._record("keuze", titel, tekst):
            answer = self._next_answer(titel)
            return None if answer is None else int(answer)  # type: ignore[call-overload]
        gekozen, ok = QInputDialog.getItem(parent, titel, tekst, opties, 0, False)
        return opties.index(gekozen) if ok else None

    def open_file(self, parent: QWidget | None, titel: str, filter: str = "") -> Path | None:
        if self._record("openen", titel, filter):
            answer = self._next_answer(titel)
            return Path(answer) if answer else None
        naam, _ = QFileDialog.getOpenFileName(parent, titel, "", filter)
        return Path(naam) if naam else None

    def open_files(self, parent: QWidget | None, titel: str, filter: str = "") -> list[Path]:
        if self._record("openen", titel, filter):
            return [Path(p) for p in self._next_answer(titel) or []]  # type: ignore[attr-defined]
        namen, _ = QFileDialog.getOpenFileNames(parent, titel, "", filter)
        return [Path(n) for n in namen]

    def save_file(
        self, parent: QWidget | None, titel: str, suggestie: str = "", filter: str = ""
    ) -> Path | None:
        if self._record("opslaan", titel, suggestie):
            answer = self._next_answer(titel)
            return Path(answer) if answer else None
        naam, _ = QFileDialog.getSaveFileName(parent, titel, suggestie, filter)
        return Path(naam) if naam else None

    def task_error(self, parent: QWidget | None, titel: str, error: BaseException) -> None:
        """A background task failed: the service's Dutch refusal, a failing database or disk in
        Dutch, and anything else as a Dutch "unexpected" (the details go to the log)."""
        self.error(parent, titel, melding(error))

    def service_error(
        self,
        parent: QWidget | None,
        error: ServiceError,
        *,
        reload: Callable[[], None] | None = None,
    ) -> None:
        """Show a service refusal in Dutch; a conflict offers to reload the fresh data."""
        if isinstance(error, Conflict) and reload is not None:
            if self.confirm(
                parent,
                "Gelijktijdige wijziging",
                f"{error.message}\n\nDe gegevens nu opnieuw laden?",
                ja="Opnieuw laden",
                nee="Annuleren",
            ):
                reload()
            return
        self.warn(parent, "Niet gelukt", error.message)


dialogs = Dialogs()
