"""What the app needs from a calendar and mail server, without any server library.

Services and views depend on this module only; ``gateway.py`` implements it with EWS
(exchangelib, loaded when the agenda is first used), and a Microsoft Graph implementation
can be added beside it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class AgendaUnavailable(Exception):
    """The server could not be reached or is busy for now; the outbox tries again later."""

    def __init__(self, message: str, back_off: float | None = None) -> None:
        super().__init__(message)
        self.back_off = back_off


class AgendaRefused(Exception):
    """The server refused for good (no rights, unknown address); retrying will not help."""


@dataclass(frozen=True)
class Meeting:
    """What we ask the agenda to hold for one afspraak. Times are timezone-aware."""

    afspraak_id: uuid.UUID
    onderwerp: str
    begin: datetime
    einde: datetime
    deelnemers: tuple[str, ...] = ()
    locatie: str = ""
    toelichting: str = ""


@dataclass(frozen=True)
class AgendaItem:
    """An afspraak as the agenda server holds it now (times in UTC)."""

    afspraak_id: uuid.UUID
    item_id: str
    changekey: str
    onderwerp: str
    begin: datetime
    einde: datetime
    locatie: str
    geannuleerd: bool
    antwoorden: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MailBericht:
    bericht_id: uuid.UUID
    onderwerp: str
    tekst: str
    aan: tuple[str, ...]
    bijlagen: tuple[tuple[str, bytes], ...] = ()  # (bestandsnaam, inhoud)


class AgendaGateway(Protocol):
    """The calendar and mail operations the app uses; EWS today, Microsoft Graph possible later."""

    def create_meeting(self, meeting: Meeting, *, uitnodigen: bool = True) -> AgendaItem: ...

    def update_meeting(self, meeting: Meeting, *, alleen_nieuwe: bool = False) -> AgendaItem: ...

    def cancel_meeting(self, afspraak_id: uuid.UUID, reden: str) -> bool: ...

    def find_meeting(self, afspraak_id: uuid.UUID) -> AgendaItem | None: ...

    def send_mail(self, bericht: MailBericht) -> bool: ...

    def meetings(self) -> list[AgendaItem]: ...

    def test_connection(self) -> str: ...
