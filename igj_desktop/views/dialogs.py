"""The one place the window asks the user something with a message box or a file dialog.

Every view calls ``dialogs`` (the module-level ``Dialogs``) instead of ``QMessageBox`` or
``QFileDialog`` directly, so a test can answer the questions in advance with
``dialogs.answering(...)`` and read back what was shown; nothing modal ever blocks a test.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from igj_desktop.services.errors import Conflict, ServiceError

log = logging.getLogger(__name__)

NOTICE_MS = 12_000
SERVICEDESK = "Blijft het misgaan, meld het dan bij de servicedesk."


def foutmelding(error: BaseException) -> str:
    """What went wrong, in Dutch, with what to do; never the exception's own text.

    A service refusal already says it in Dutch. Anything else is logged in full for the
    servicedesk and shown as what it means for the user."""
    if isinstance(error, ServiceError):
        return error.message
    log.error("Onverwachte fout", exc_info=error)
    if isinstance(error, PermissionError):
        return (
            "Het bestand of de map is niet toegankelijk: het is misschien geopend in een ander "
            f"programma, of u hebt er geen rechten op. Sluit het bestand en probeer het opnieuw. "
            f"{SERVICEDESK}"
        )
    if isinstance(error, FileNotFoundError):
        return (
            "Een bestand of programma dat hiervoor nodig is, is niet gevonden. Controleer of het "
            f"bestand nog bestaat en probeer het opnieuw. {SERVICEDESK}"
        )
    if isinstance(error, OSError):
        return (
            "Het bestand of de map kon niet worden gelezen of geschreven (netwerkmap weg, schijf "
            f"vol of geblokkeerd). Probeer het opnieuw. {SERVICEDESK}"
        )
    if type(error).__module__.startswith("sqlalchemy"):
        return (
            "De database gaf geen antwoord. Controleer de netwerkverbinding en probeer het "
            f"opnieuw. {SERVICEDESK}"
        )
    return f"Er ging iets onverwachts mis. Probeer het opnieuw. {SERVICEDESK}"


@dataclass(frozen=True)
class Shown:
    """A message or question that was put in front of the user."""

    soort: str  # informatie, waarschuwing, fout, vraag, openen, opslaan
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
        """A background task failed: the service's Dutch refusal, or what went wrong."""
        self.error(parent, titel, foutmelding(error))

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
