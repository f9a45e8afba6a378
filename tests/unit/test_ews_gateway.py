"""The EWS gateway against the loopback EWS server, through the real exchangelib client."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from igj_desktop.integrations.exchange.config import AuthMethode, ExchangeSettings, Toegang
from igj_desktop.integrations.exchange.gateway import (
    AgendaRefused,
    AgendaUnavailable,
    EwsAgendaGateway,
    MailBericht,
    Meeting,
    ews_gateway,
)
from tests.ews_server import EwsTestServer

AMS = ZoneInfo("Europe/Amsterdam")
ANNA, BERT, CEES = "avries@igj.nl", "bjansen@igj.nl", "cdekker@igj.nl"


@pytest.fixture
def server() -> Iterator[EwsTestServer]:
    with EwsTestServer(
        users={ANNA: "geheim", "svc-igj@igj.nl": "dienst"},
        names={ANNA: "Anna de Vries", BERT: "Bert Jansen", CEES: "Cees Dekker"},
    ) as srv:
        yield srv


def gateway_for(server: EwsTestServer, login: str = ANNA, **kwargs: object) -> EwsAgendaGateway:
    settings = ExchangeSettings(
        mailbox=ANNA, gebruikersnaam=login, auth=AuthMethode.BASIC, server_url=server.url, **kwargs
    )
    return ews_gateway(settings, {ANNA: "geheim", "svc-igj@igj.nl": "dienst"}[login])


@pytest.fixture
def gateway(server: EwsTestServer) -> EwsAgendaGateway:
    return gateway_for(server)


def meeting(**changes: object) -> Meeting:
    values: dict[str, object] = {
        "afspraak_id": uuid.uuid4(),
        "onderwerp": "Inspectiebezoek Zorggroep Oost",
        "begin": datetime(2026, 12, 1, 9, 0, tzinfo=AMS),
        "einde": datetime(2026, 12, 1, 12, 0, tzinfo=AMS),
        "deelnemers": (BERT,),
        "locatie": "Hoofdstraat 1, Zwolle",
    }
    values.update(changes)
    return Meeting(**values)  # type: ignore[arg-type]


def test_server_answers_with_its_version_and_the_agenda_folder(
    gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    # exchangelib refuses a response without a ServerVersionInfo header, so this proves it too.
    assert gateway.test_connection() == f"Verbonden met de agenda 'Agenda' van {ANNA}."
    assert set(server.requests) == {"GetFolder"}


def test_create_sends_one_invitation_and_is_found_by_our_uuid(
    gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    m = meeting(deelnemers=(BERT, CEES))
    created = gateway.create_meeting(m)
    assert [(s.soort, s.ontvangers) for s in server.sent] == [("uitnodiging", (BERT, CEES))]
    found = gateway.find_meeting(m.afspraak_id)
    assert found == created
    assert found.begin == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    assert found.locatie == "Hoofdstraat 1, Zwolle"
    assert gateway.find_meeting(uuid.uuid4()) is None


def test_appointment_across_the_dst_switches_keeps_its_wall_clock_times(
    gateway: EwsAgendaGateway,
) -> None:
    autumn = meeting(
        begin=datetime(2026, 10, 24, 14, 0, tzinfo=AMS),
        einde=datetime(2026, 10, 25, 11, 0, tzinfo=AMS),
    )
    spring = meeting(
        begin=datetime(2027, 3, 27, 14, 0, tzinfo=AMS),
        einde=datetime(2027, 3, 28, 11, 0, tzinfo=AMS),
    )
    a, s = gateway.create_meeting(autumn), gateway.create_meeting(spring)
    assert (a.begin, a.einde) == (
        datetime(2026, 10, 24, 12, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 10, 0, tzinfo=UTC),
    )
    assert (s.begin, s.einde) == (
        datetime(2027, 3, 27, 13, 0, tzinfo=UTC),
        datetime(2027, 3, 28, 9, 0, tzinfo=UTC),
    )
    assert a.einde.astimezone(AMS).hour == 11 and s.einde.astimezone(AMS).hour == 11
    assert (a.einde - a.begin).total_seconds() == 22 * 3600
    assert (s.einde - s.begin).total_seconds() == 20 * 3600


def test_reschedule_updates_everyone_and_adding_an_attendee_invites_only_the_new_one(
    gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    m = meeting()
    first = gateway.create_meeting(m)
    later = meeting(
        afspraak_id=m.afspraak_id,
        begin=datetime(2026, 12, 2, 13, 0, tzinfo=AMS),
        einde=datetime(2026, 12, 2, 15, 0, tzinfo=AMS),
    )
    moved = gateway.update_meeting(later)
    assert moved.item_id == first.item_id and moved.changekey != first.changekey
    assert moved.begin == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    gateway.update_meeting(
        meeting(
            afspraak_id=m.afspraak_id, begin=later.begin, einde=later.einde, deelnemers=(BERT, CEES)
        ),
        alleen_nieuwe=True,
    )
    assert [(s.soort, s.ontvangers) for s in server.sent] == [
        ("uitnodiging", (BERT,)),
        ("bijwerking", (BERT,)),
        ("bijwerking", (CEES,)),
    ]


def test_cancel_sends_the_cancellation_once(
    gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    m = meeting()
    gateway.create_meeting(m)
    assert gateway.cancel_meeting(m.afspraak_id, "Bezoek gaat niet door") is True
    assert gateway.cancel_meeting(m.afspraak_id, "Bezoek gaat niet door") is False
    cancellations = [s for s in server.sent if s.soort == "annulering"]
    assert [(c.ontvangers, c.body) for c in cancellations] == [((BERT,), "Bezoek gaat niet door")]
    assert gateway.find_meeting(m.afspraak_id).geannuleerd


def test_appointment_without_attendees_sends_nothing(
    gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    m = meeting(deelnemers=())
    gateway.create_meeting(m)
    assert gateway.cancel_meeting(m.afspraak_id, "vervalt") is True
    assert server.sent == []
    assert gateway.find_meeting(m.afspraak_id) is None


def test_changes_made_in_outlook_come_back(
    gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    m = meeting()
    created = gateway.create_meeting(m)
    [stored] = server.calendar(ANNA)
    server.move_meeting(
        stored, datetime(2026, 12, 3, 10, 0, tzinfo=AMS), datetime(2026, 12, 3, 11, 0, tzinfo=AMS)
    )
    server.respond(stored, BERT, "Decline")
    [now] = gateway.meetings()
    assert now.afspraak_id == m.afspraak_id and now.changekey != created.changekey
    assert now.begin == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert now.antwoorden == {BERT: "Decline"}


def test_mail_is_sent_once_even_when_the_answer_is_lost(
    gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    bericht = MailBericht(uuid.uuid4(), "Afspraakbevestiging", "Tot dan.", ("info@zorg.nl",))
    server.fail_after_commit = "CreateItem"
    with pytest.raises(AgendaUnavailable):
        gateway.send_mail(bericht)
    assert gateway.send_mail(bericht) is False
    assert [(s.soort, s.ontvangers, s.body) for s in server.sent] == [
        ("bericht", ("info@zorg.nl",), "Tot dan.")
    ]


def test_meeting_is_created_once_when_the_answer_is_lost(
    gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    m = meeting()
    server.fail_after_commit = "CreateItem"
    with pytest.raises(AgendaUnavailable):
        gateway.create_meeting(m)
    gateway.create_meeting(m)
    assert len(server.calendar(ANNA)) == 1
    assert [s.soort for s in server.sent] == ["uitnodiging"]


@pytest.mark.parametrize("outage", ["busy", "503", "dropped", "stopped"])
def test_outage_and_throttling_become_agenda_unavailable(
    gateway: EwsAgendaGateway, server: EwsTestServer, outage: str
) -> None:
    if outage == "stopped":
        server.stop()
    else:
        server.outage = outage  # type: ignore[assignment]
    with pytest.raises(AgendaUnavailable) as raised:
        gateway.create_meeting(meeting())
    assert "opnieuw geprobeerd" in str(raised.value)
    if outage == "busy":
        assert raised.value.back_off == 0.5
    assert server.items == {}


def test_service_account_impersonates_the_inspecteur(server: EwsTestServer) -> None:
    server.impersonators.add("svc-igj@igj.nl")
    gateway = gateway_for(server, "svc-igj@igj.nl", toegang=Toegang.IMPERSONATIE)
    gateway.create_meeting(meeting())
    assert len(server.calendar(ANNA)) == 1
    assert server.sent[0].afzender == ANNA


def test_impersonation_without_the_right_is_refused(server: EwsTestServer) -> None:
    gateway = gateway_for(server, "svc-igj@igj.nl", toegang=Toegang.IMPERSONATIE)
    with pytest.raises(AgendaRefused, match="Geen recht op impersonatie"):
        gateway.create_meeting(meeting())
    assert server.items == {}
