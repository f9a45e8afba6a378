"""PostgreSQL over TLS verified with the certificates the operating system trusts.

An internal certificate authority is rolled out into the Windows certificate store (Intune, a
GPO); libpq's OpenSSL cannot read that store, so its certificates are handed to libpq as a
file. Part of the foundation (``db`` uses it), so it imports nothing of the app.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Any

WINDOWS_CA_BESTAND = "windows-ca.pem"
SERVER_AUTH = "1.3.6.1.5.5.7.3.1"


def _windows_certificaten() -> list[bytes] | None:
    """The certificate authorities Windows trusts for servers (DER), None off Windows.

    Python reads the Windows store (``ssl.enum_certificates``); libpq cannot, its OpenSSL
    only knows files, so these are handed to it as a file."""
    lees = getattr(ssl, "enum_certificates", None)
    if lees is None:
        return None
    return [
        der
        for winkel in ("ROOT", "CA")
        for der, codering, vertrouwd in lees(winkel)
        if codering == "x509_asn" and (vertrouwd is True or SERVER_AUTH in vertrouwd)
    ]


def libpq_tls(query: Mapping[str, Any], data_dir: Path) -> dict[str, str]:
    """Connection parameters that let libpq verify the server with the OS store.

    Only for ``sslmode=verify-full`` without an ``sslrootcert`` of its own: on Windows the
    Windows store written to a file in the data folder; elsewhere libpq's ``system`` (the
    OpenSSL defaults; libpq 16 or later, which psycopg's binary package has)."""
    if query.get("sslmode") != "verify-full" or "sslrootcert" in query:
        return {}
    certificaten = _windows_certificaten()
    if certificaten is None:
        return {"sslrootcert": "system"}
    pem = "".join(ssl.DER_cert_to_PEM_cert(der) for der in certificaten)
    bestand = data_dir / WINDOWS_CA_BESTAND
    tijdelijk = bestand.with_suffix(".tmp")
    tijdelijk.write_text(pem, encoding="ascii")
    os.replace(tijdelijk, bestand)
    return {"sslrootcert": str(bestand)}
