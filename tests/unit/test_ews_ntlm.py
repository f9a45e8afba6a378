"""The on-premises default, end to end: exchangelib's NTLM against the loopback EWS server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from igj_desktop.integrations.exchange.config import AuthMethode, ExchangeSettings
from igj_desktop.integrations.exchange.gateway import AgendaRefused, ews_gateway
from tests.ews_server import EwsTestServer

from ..windows import windows_aanmelding
from .test_ews_gateway import AMS, ANNA, BERT, meeting


@pytest.fixture
def server() -> Iterator[EwsTestServer]:
    with EwsTestServer(users={ANNA: "Zomer2026!"}, domein="IGJ") as srv:
        yield srv


@pytest.mark.parametrize("login", ["IGJ\\avries", ANNA])
def test_a_meeting_is_created_moved_and_cancelled_over_ntlm(
    server: EwsTestServer, login: str
) -> None:
    settings = ExchangeSettings(
        mailbox=ANNA, gebruikersnaam=login, auth=AuthMethode.NTLM, server_url=server.url
    )
    gateway = ews_gateway(settings, "Zomer2026!")
    m = meeting()

    gemaakt = gateway.create_meeting(m)
    verzet = gateway.update_meeting(
        meeting(
            afspraak_id=m.afspraak_id,
            begin=datetime(2026, 12, 2, 13, 0, tzinfo=AMS),
            einde=datetime(2026, 12, 2, 15, 0, tzinfo=AMS),
        )
    )
    assert gateway.cancel_meeting(m.afspraak_id, "Bezoek gaat niet door") is True

    assert verzet.item_id == gemaakt.item_id
    assert verzet.begin == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert [(s.soort, s.ontvangers) for s in server.sent] == [
        ("uitnodiging", (BERT,)),
        ("bijwerking", (BERT,)),
        ("annulering", (BERT,)),
    ]
    assert [i.mailbox for i in server.calendar(ANNA)] == [ANNA]
    assert server.aanmeldingen and set(server.aanmeldingen) == {"NTLM"}


def test_a_wrong_password_over_ntlm_is_refused_and_nothing_is_stored(
    server: EwsTestServer,
) -> None:
    settings = ExchangeSettings(
        mailbox=ANNA, gebruikersnaam="IGJ\\avries", auth=AuthMethode.NTLM, server_url=server.url
    )
    with pytest.raises(AgendaRefused):
        ews_gateway(settings, "Winter2025").create_meeting(meeting())
    assert server.calendar(ANNA) == [] and server.aanmeldingen == []


def test_windows_sign_on_uses_sspi_without_credentials(
    server: EwsTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    windows_aanmelding(monkeypatch, "IGJ\\avries", "Zomer2026!")  # avries is signed in
    settings = ExchangeSettings(
        mailbox=ANNA, gebruikersnaam="", auth=AuthMethode.WINDOWS, server_url=server.url
    )
    assert settings.validate() == []
    configuration = settings.configuration(None)
    assert (configuration.auth_type, configuration.credentials) == ("sspi", None)

    gateway = ews_gateway(settings, None)
    gateway.create_meeting(meeting())

    assert [s.soort for s in server.sent] == ["uitnodiging"] and server.aanmeldingen
