"""Exchange over TLS with the OS certificate store, and through the system's (PAC) proxy."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pypac
import pytest
import requests
import trustme
from pypac.parser import PACFile

from igj_desktop.integrations import netwerk
from igj_desktop.integrations.exchange.config import AuthMethode, ExchangeSettings
from igj_desktop.integrations.exchange.gateway import (
    AgendaUnavailable,
    EwsAgendaGateway,
    ews_gateway,
)
from tests.ews_server import EwsTestServer

from ..http_proxy import LoopbackProxy
from ..windows import lege_systeemopslag
from .test_ews_gateway import ANNA, BERT, meeting


@pytest.fixture
def interne_ca() -> trustme.CA:
    """The organisation's own certificate authority: in no public bundle."""
    return trustme.CA(organization_name="IGJ Intern", organization_unit_name="PKI")


@pytest.fixture
def https_server(interne_ca: trustme.CA) -> Iterator[EwsTestServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    interne_ca.issue_cert("127.0.0.1").configure_cert(context)
    with EwsTestServer(users={ANNA: "geheim"}, tls=context) as server:
        yield server


@pytest.fixture
def systeemopslag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return lege_systeemopslag(tmp_path, monkeypatch)


def _gateway(server: EwsTestServer) -> EwsAgendaGateway:
    settings = ExchangeSettings(
        mailbox=ANNA, gebruikersnaam=ANNA, auth=AuthMethode.BASIC, server_url=server.url
    )
    return ews_gateway(settings, "geheim")


def test_an_internal_ca_in_the_system_store_is_trusted_for_exchange(
    https_server: EwsTestServer, interne_ca: trustme.CA, systeemopslag: Path
) -> None:
    systeemopslag.write_bytes(interne_ca.cert_pem.bytes())
    assert https_server.url.startswith("https://")

    _gateway(https_server).create_meeting(meeting())

    assert [(s.soort, s.ontvangers) for s in https_server.sent] == [("uitnodiging", (BERT,))]
    with pytest.raises(requests.exceptions.SSLError):  # requests alone knows only certifi
        requests.post(https_server.url, timeout=5)


def test_without_the_ca_in_the_system_store_nothing_is_sent(
    https_server: EwsTestServer, systeemopslag: Path
) -> None:
    with pytest.raises(AgendaUnavailable):
        _gateway(https_server).create_meeting(meeting())
    assert https_server.sent == [] and https_server.requests == []


def test_exchange_goes_through_the_proxy_the_pac_script_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with LoopbackProxy() as proxy, EwsTestServer(users={ANNA: "geheim"}) as server:
        script = f'function FindProxyForURL(url, host) {{ return "PROXY {proxy.url[7:]}"; }}'
        # the seam: what Windows' Internet settings (AutoConfigURL) would have handed pypac
        monkeypatch.setattr(pypac, "get_pac", lambda **kwargs: PACFile(script))
        netwerk.pac_proxy.cache_clear()
        monkeypatch.delenv("HTTP_PROXY", raising=False)
        monkeypatch.delenv("http_proxy", raising=False)
        try:
            _gateway(server).create_meeting(meeting())
        finally:
            netwerk.pac_proxy.cache_clear()

        assert [s.soort for s in server.sent] == ["uitnodiging"]
        assert proxy.doorgestuurd and set(proxy.doorgestuurd) == {server.url}
