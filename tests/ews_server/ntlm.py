"""The NTLM side of the loopback EWS server: pyspnego's acceptor with a credentials file.

NTLM authenticates a *connection* in three steps (negotiate → challenge → authenticate), as
IIS does for Exchange on premises; the accounts are the server's users, known both as
``DOMEIN\\naam`` (the part of the address before the @) and by their address (UPN).
pyspnego reads the accounts from the file named by ``NTLM_USER_FILE`` when it creates an
acceptor, so the variable is set while the server runs.
"""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path

import spnego
from spnego.exceptions import SpnegoError


class NtlmAccounts:
    def __init__(self, users: dict[str, str], domein: str) -> None:
        self.users, self.domein = users, domein
        self._map: tempfile.TemporaryDirectory[str] | None = None
        self._vorige: str | None = None

    def start(self) -> None:
        self._map = tempfile.TemporaryDirectory(prefix="ews-ntlm-")
        bestand = Path(self._map.name) / "ntlm_users"
        regels = []
        for adres, wachtwoord in self.users.items():
            regels.append(f"{self.domein}:{adres.partition('@')[0]}:{wachtwoord}")
            regels.append(f":{adres}:{wachtwoord}")
        bestand.write_text("\n".join(regels) + "\n", encoding="utf-8")
        self._vorige = os.environ.get("NTLM_USER_FILE")
        os.environ["NTLM_USER_FILE"] = str(bestand)

    def stop(self) -> None:
        if self._map is None:
            return
        if self._vorige is None:
            os.environ.pop("NTLM_USER_FILE", None)
        else:
            os.environ["NTLM_USER_FILE"] = self._vorige
        self._map.cleanup()
        self._map = None

    def mailbox(self, principal: str) -> str | None:
        """The address of ``DOMEIN\\naam`` or ``naam@domein``."""
        domein, _, naam = principal.rpartition("\\")
        if "@" in naam:
            return naam.lower() if naam.lower() in self.users else None
        if domein.upper() != self.domein.upper():
            return None
        gevonden = [a for a in self.users if a.partition("@")[0] == naam.lower()]
        return gevonden[0] if len(gevonden) == 1 else None


class NtlmVerbinding:
    """The handshake state of one connection."""

    def __init__(self, accounts: NtlmAccounts) -> None:
        self.accounts = accounts
        self.context: spnego.ContextProxy | None = None
        self.mailbox: str | None = None

    def stap(self, token: str) -> tuple[str | None, str | None]:
        """(mailbox, None) once authenticated; (None, challenge) in between; (None, None)
        for a wrong password or an unknown account."""
        try:
            ontvangen = base64.b64decode(token)
            if self.context is None or ontvangen[8:12] == b"\x01\x00\x00\x00":  # NEGOTIATE
                self.context = spnego.server(protocol="ntlm")
            antwoord = self.context.step(ontvangen)
        except (SpnegoError, ValueError):
            self.context = None
            return None, None
        if not self.context.complete:
            return None, base64.b64encode(antwoord or b"").decode()
        self.mailbox = self.accounts.mailbox(self.context.client_principal or "")
        self.context = None
        return self.mailbox, None
