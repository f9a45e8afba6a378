"""Stand-ins for Windows at the seams: locked files, and a retry policy that does not sleep."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from igj_desktop.integrations import bestandsslot, register

SHARING_VIOLATION = 32


def vergrendeld(pad: Path, winerror: int = SHARING_VIOLATION) -> PermissionError:
    """The error Windows raises for a file another process holds (WinError 32, 33 or 5)."""
    exc = OSError(
        13,
        "Het proces heeft geen toegang tot het bestand omdat het door een ander proces wordt "
        "gebruikt",
        str(pad),
        winerror,
    )
    assert isinstance(exc, PermissionError)
    if not hasattr(exc, "winerror"):  # POSIX ignores the fourth argument: set it as Windows does
        exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


class Vergrendeling:
    """Wraps a real file function: calls that touch ``pad`` fail as locked ``keer`` times
    (``None``: always), after that the real function runs."""

    def __init__(
        self, echt: Callable[..., Any], pad: Path, keer: int | None, winerror: int = 32
    ) -> None:
        self.echt, self.pad, self.keer, self.winerror = echt, pad, keer, winerror
        self.geweigerd = 0

    def __get__(self, obj: object, soort: type | None = None) -> Callable[..., Any]:
        """Patched onto ``Path`` it acts as a method: the path is the first argument."""
        return self if obj is None else functools.partial(self, obj)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raakt = any(isinstance(a, str | os.PathLike) and Path(a) == self.pad for a in args)
        if raakt and (self.keer is None or self.geweigerd < self.keer):
            self.geweigerd += 1
            raise vergrendeld(self.pad, self.winerror)
        return self.echt(*args, **kwargs)


class Wachten:
    """Records the pauses of the retry policy instead of sleeping them."""

    def __init__(self) -> None:
        self.pauzes: list[float] = []

    def __call__(self, seconden: float) -> None:
        self.pauzes.append(seconden)


def zonder_wachten(monkeypatch: pytest.MonkeyPatch, programmas: tuple[str, ...] = ()) -> Wachten:
    """Install a retry policy that records its pauses and whose Restart Manager answers
    ``programmas``."""
    wachten = Wachten()
    beleid = bestandsslot.Beleid(slaap=wachten, houders=lambda pad: programmas)
    monkeypatch.setattr(bestandsslot, "BELEID", beleid)
    return wachten


class Register:
    """``winreg`` holding only ``sleutels``: {(root, key): {value name: value}}."""

    HKEY_CLASSES_ROOT = "HKEY_CLASSES_ROOT"
    HKEY_LOCAL_MACHINE = "HKEY_LOCAL_MACHINE"

    def __init__(self, sleutels: dict[tuple[str, str], dict[str, object]]) -> None:
        self.sleutels = sleutels

    def OpenKey(self, hoofd: str, sleutel: str) -> contextlib.nullcontext[dict[str, object]]:
        if (hoofd, sleutel) not in self.sleutels:
            raise FileNotFoundError(2, "Het systeem kan het opgegeven bestand niet vinden")
        return contextlib.nullcontext(self.sleutels[hoofd, sleutel])

    def QueryValueEx(self, geopend: dict[str, object], naam: str) -> tuple[object, int]:
        if naam not in geopend:
            raise FileNotFoundError(2, "Het systeem kan het opgegeven bestand niet vinden")
        return geopend[naam], 1


def met_register(
    monkeypatch: pytest.MonkeyPatch, sleutels: dict[tuple[str, str], dict[str, object]]
) -> None:
    """Let the app read this registry instead of none."""
    monkeypatch.setattr(register, "winreg", lambda: Register(sleutels))


def windows_aanmelding(monkeypatch: pytest.MonkeyPatch, gebruiker: str, wachtwoord: str) -> None:
    """Windows sign-on (SSPI) as ``gebruiker``: requests-negotiate-sspi's ``HttpNegotiateAuth``,
    which takes no credentials and uses the Windows logon, stood in for by NTLM with that
    user's credentials (SSPI falls back to NTLM the same way without a Kerberos ticket)."""
    from exchangelib import SSPI, transport
    from requests_ntlm import HttpNtlmAuth

    from igj_desktop.integrations.exchange import config

    class HttpNegotiateAuth(HttpNtlmAuth):
        def __init__(self) -> None:  # exchangelib passes nothing when there are no credentials
            super().__init__(gebruiker, wachtwoord)

    monkeypatch.setitem(transport.AUTH_TYPE_MAP, SSPI, HttpNegotiateAuth)
    monkeypatch.setattr(config, "sspi_beschikbaar", lambda: True)


def lege_systeemopslag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The OS certificate store as the test controls it: OpenSSL's default file and folder,
    empty (what truststore and libpq's ``sslrootcert=system`` read off Windows). Returns the
    file; write a CA into it to trust that CA."""
    bundel, map_ = tmp_path / "systeem-ca.pem", tmp_path / "certs"
    bundel.write_text("")
    map_.mkdir()
    monkeypatch.setenv("SSL_CERT_FILE", str(bundel))
    monkeypatch.setenv("SSL_CERT_DIR", str(map_))
    return bundel
