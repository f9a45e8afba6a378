"""The agenda gateway: what the app needs from a calendar/mail server, and its EWS implementation.

Our afspraak is linked to the Exchange item by a named extended property (PublicStrings,
``IgjAfspraakId``) holding our UUID; item ids change when items move between folders, so the
id/changekey are only a cache. Outgoing mail carries ``IgjBerichtId`` the same way, so a retry
after a lost answer can see that the message already went out.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from exchangelib import (
    DELEGATE,
    IMPERSONATION,
    Account,
    Attendee,
    CalendarItem,
    Configuration,
    EWSDateTime,
    EWSTimeZone,
    ExtendedProperty,
    FileAttachment,
    Mailbox,
    Message,
)
from exchangelib.errors import (
    ErrorInternalServerTransientError,
    ErrorMailboxStoreUnavailable,
    ErrorServerBusy,
    ErrorTimeoutExpired,
    EWSError,
    RateLimitError,
    ResponseMessageError,
    TransportError,
)
from exchangelib.items import (
    SEND_TO_ALL_AND_SAVE_COPY,
    SEND_TO_CHANGED_AND_SAVE_COPY,
    SEND_TO_NONE,
)
from requests.exceptions import RequestException

from .agenda import (
    AgendaGateway,
    AgendaItem,
    AgendaRefused,
    AgendaUnavailable,
    MailBericht,
    Meeting,
)
from .config import ExchangeSettings, Toegang, discover, load_settings, read_secret

AMSTERDAM = EWSTimeZone("Europe/Amsterdam")
T = TypeVar("T")


class AfspraakIdProperty(ExtendedProperty):
    distinguished_property_set_id = "PublicStrings"
    property_name = "IgjAfspraakId"
    property_type = "String"


class BerichtIdProperty(ExtendedProperty):
    distinguished_property_set_id = "PublicStrings"
    property_name = "IgjBerichtId"
    property_type = "String"


CalendarItem.register("igj_afspraak_id", AfspraakIdProperty)
Message.register("igj_bericht_id", BerichtIdProperty)


_TEMPORARY = (
    ErrorServerBusy,
    ErrorTimeoutExpired,
    ErrorInternalServerTransientError,
    ErrorMailboxStoreUnavailable,
    RateLimitError,
    RequestException,
)


def _is_temporary(error: Exception) -> bool:
    """A failure of the connection rather than an answer of the server about the request."""
    if isinstance(error, _TEMPORARY):
        return True
    return isinstance(error, TransportError) and not isinstance(error, ResponseMessageError)


def _utc(value: datetime) -> datetime:
    return datetime.fromtimestamp(value.timestamp(), UTC)


def _ews_time(value: datetime) -> EWSDateTime:
    if value.tzinfo is None:
        raise ValueError("Een tijdstip voor de agenda moet een tijdzone hebben.")
    return EWSDateTime.from_datetime(value.astimezone(UTC)).astimezone(AMSTERDAM)


def _attendees(addresses: tuple[str, ...]) -> list[Attendee]:
    return [Attendee(mailbox=Mailbox(email_address=a), response_type="Unknown") for a in addresses]


def _agenda_item(item: CalendarItem) -> AgendaItem:
    attendees = [*(item.required_attendees or []), *(item.optional_attendees or [])]
    return AgendaItem(
        afspraak_id=uuid.UUID(item.igj_afspraak_id),
        item_id=item.id,
        changekey=item.changekey,
        onderwerp=item.subject or "",
        begin=_utc(item.start),
        einde=_utc(item.end),
        locatie=item.location or "",
        geannuleerd=bool(item.is_cancelled),
        antwoorden={
            a.mailbox.email_address.lower(): a.response_type or "Unknown" for a in attendees
        },
    )


class EwsAgendaGateway:
    """AgendaGateway over Exchange Web Services with exchangelib.

    A connection failure or throttling becomes ``AgendaUnavailable`` so the outbox retries;
    any other EWS error (bad address, no rights) becomes ``AgendaRefused``.
    """

    def __init__(self, settings: ExchangeSettings, configuration: Configuration) -> None:
        self.settings = settings
        access = DELEGATE if settings.toegang == Toegang.EIGEN else IMPERSONATION
        self.account = Account(
            settings.mailbox,
            config=configuration,
            autodiscover=False,
            access_type=access,
            default_timezone=AMSTERDAM,
        )

    @staticmethod
    def _call(action: str, func: Callable[[], T]) -> T:
        try:
            return func()
        except ErrorServerBusy as e:
            raise AgendaUnavailable(
                f"Exchange is bezet bij {action}; het wordt later opnieuw geprobeerd.", e.back_off
            ) from e
        except (EWSError, RequestException) as e:
            if _is_temporary(e):
                raise AgendaUnavailable(
                    f"Exchange is niet bereikbaar bij {action}; het wordt later opnieuw geprobeerd."
                ) from e
            raise AgendaRefused(f"Exchange weigert {action}: {e}") from e

    def _find(self, afspraak_id: uuid.UUID) -> CalendarItem | None:
        found = list(self.account.calendar.filter(igj_afspraak_id=str(afspraak_id)))
        return found[0] if found else None

    def find_meeting(self, afspraak_id: uuid.UUID) -> AgendaItem | None:
        item = self._call("zoeken", lambda: self._find(afspraak_id))
        return _agenda_item(item) if item is not None else None

    def create_meeting(self, meeting: Meeting, *, uitnodigen: bool = True) -> AgendaItem:
        """Create the meeting unless it already exists (a retry after a lost answer)."""

        def create() -> CalendarItem:
            existing = self._find(meeting.afspraak_id)
            if existing is not None:
                return existing
            item = CalendarItem(
                account=self.account,
                folder=self.account.calendar,
                igj_afspraak_id=str(meeting.afspraak_id),
            )
            self._apply(item, meeting)
            mode = SEND_TO_ALL_AND_SAVE_COPY if uitnodigen and meeting.deelnemers else SEND_TO_NONE
            item.save(send_meeting_invitations=mode)
            return self._find(meeting.afspraak_id)

        return _agenda_item(self._call("aanmaken afspraak", create))

    @staticmethod
    def _apply(item: CalendarItem, meeting: Meeting) -> None:
        item.subject = meeting.onderwerp
        item.location = meeting.locatie or None
        item.body = meeting.toelichting or None
        item.start = _ews_time(meeting.begin)
        item.end = _ews_time(meeting.einde)
        item.required_attendees = _attendees(meeting.deelnemers) or None

    def update_meeting(self, meeting: Meeting, *, alleen_nieuwe: bool = False) -> AgendaItem:
        """Reschedule or change deelnemers; ``alleen_nieuwe`` invites only added attendees."""

        def update() -> CalendarItem:
            item = self._find(meeting.afspraak_id)
            if item is None:
                raise LookupError(f"Afspraak {meeting.afspraak_id} staat niet in de agenda.")
            self._apply(item, meeting)
            mode = SEND_TO_CHANGED_AND_SAVE_COPY if alleen_nieuwe else SEND_TO_ALL_AND_SAVE_COPY
            item.save(
                update_fields=["subject", "location", "body", "start", "end", "required_attendees"],
                send_meeting_invitations=mode,
            )
            return self._find(meeting.afspraak_id)

        return _agenda_item(self._call("bijwerken afspraak", update))

    def cancel_meeting(self, afspraak_id: uuid.UUID, reden: str) -> bool:
        """Send the cancellation; False when there is nothing (left) to cancel."""

        def cancel() -> bool:
            item = self._find(afspraak_id)
            if item is None or item.is_cancelled:
                return False
            if item.is_meeting:
                item.cancel(new_body=reden)
            else:
                item.delete(send_meeting_cancellations=SEND_TO_NONE)
            return True

        return self._call("annuleren afspraak", cancel)

    def send_mail(self, bericht: MailBericht) -> bool:
        """Send once: False when a message with this id is already in Verzonden items."""

        def send() -> bool:
            if self.account.sent.filter(igj_bericht_id=str(bericht.bericht_id)).count():
                return False
            message = Message(
                account=self.account,
                folder=self.account.sent,
                subject=bericht.onderwerp,
                body=bericht.tekst,
                to_recipients=list(bericht.aan),
                igj_bericht_id=str(bericht.bericht_id),
            )
            for naam, inhoud in bericht.bijlagen:
                message.attach(FileAttachment(name=naam, content=inhoud))
            message.send_and_save()
            return True

        return self._call("versturen e-mail", send)

    def meetings(self) -> list[AgendaItem]:
        """Every item in the agenda that belongs to one of our afspraken."""
        items = self._call(
            "synchroniseren",
            lambda: list(self.account.calendar.filter(igj_afspraak_id__exists=True)),
        )
        return [_agenda_item(i) for i in items]

    def test_connection(self) -> str:
        """A cheap round trip: open the agenda folder and report its name."""
        calendar = self._call("verbinding testen", lambda: self.account.calendar)
        return f"Verbonden met de agenda '{calendar.name}' van {self.settings.mailbox}."


def ews_gateway(settings: ExchangeSettings, geheim: str | None) -> EwsAgendaGateway:
    """Build the gateway from settings and the secret from the keyring."""
    return EwsAgendaGateway(settings, settings.configuration(geheim))


def configured_gateway(data_dir: Path) -> EwsAgendaGateway | None:
    """The gateway of the saved settings (autodiscover once, then cached); None: not set up."""
    settings = load_settings(data_dir)
    if settings is None:
        return None
    geheim = read_secret(settings)
    return ews_gateway(discover(settings, geheim, data_dir), geheim)


__all__ = [
    "AgendaGateway",
    "AgendaItem",
    "AgendaRefused",
    "AgendaUnavailable",
    "EwsAgendaGateway",
    "MailBericht",
    "Meeting",
    "configured_gateway",
    "ews_gateway",
]
