"""Connections the way the organisation set up Windows: its certificates and its proxy.

Certificates: an internal certificate authority is in the Windows certificate store (rolled
out by Intune or a GPO), not in the certifi bundle requests uses by default. ``truststore``
verifies against the store of the operating system instead: the Windows store, the macOS
keychain, on Linux OpenSSL's default bundle (``SSL_CERT_FILE``/``SSL_CERT_DIR`` honoured).

Proxy: requests already honours the proxy environment variables and, on Windows, the proxy
server and exceptions set in the Internet settings (through ``urllib.request.getproxies``).
An automatic configuration script (PAC, ``AutoConfigURL``) is read with ``pypac`` (a
Windows-only dependency) once per process; its answer is used only for a request that has
no proxy from the environment.
"""

from __future__ import annotations

import functools
import logging
import ssl
from collections.abc import Callable, Mapping
from typing import Any

import requests.adapters
import truststore

log = logging.getLogger(__name__)

ProxyKeuze = Callable[[str], dict[str, str]]


def ssl_context() -> ssl.SSLContext:
    """A client context that trusts the certificate store of the operating system."""
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


@functools.cache
def pac_proxy() -> ProxyKeuze | None:
    """The proxy choice of the system's PAC script; None without one (or without pypac)."""
    try:
        import pypac
        from pypac.resolver import ProxyResolver
    except ImportError:
        return None
    try:
        pac = pypac.get_pac(from_os_settings=True, from_dns=False)
    except Exception:  # a broken PAC script (any error of the JS engine) must not stop the app
        log.warning("Het proxyscript (PAC) van het systeem is onbruikbaar", exc_info=True)
        return None
    if pac is None:
        return None
    resolver = ProxyResolver(pac)
    return lambda url: resolver.get_proxy_for_requests(url)


class SysteemAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter with the OS certificate store, and the PAC proxy where it applies."""

    pac: Callable[[], ProxyKeuze | None] = staticmethod(pac_proxy)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = ssl_context()
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        kwargs["ssl_context"] = ssl_context()
        return super().proxy_manager_for(proxy, **kwargs)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        if not proxies:
            keuze = self.pac()
            proxies = keuze(request.url or "") if keuze is not None else proxies
        return super().send(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
