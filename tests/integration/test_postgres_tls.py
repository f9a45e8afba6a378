"""PostgreSQL over TLS, verified against the OS certificate store (an internal CA)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from igj_desktop import db_tls
from igj_desktop.db import make_engine

from ..tls_cluster import ontbreekt, tls_cluster
from ..windows import lege_systeemopslag

pytestmark = pytest.mark.skipif(ontbreekt() is not None, reason=str(ontbreekt()))


@pytest.fixture(scope="module")
def interne_ca() -> trustme.CA:
    return trustme.CA(organization_name="IGJ Intern")


@pytest.fixture(scope="module")
def poort(interne_ca: trustme.CA) -> Iterator[int]:
    with tls_cluster(interne_ca) as poort:
        yield poort


@pytest.fixture
def systeemopslag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return lege_systeemopslag(tmp_path, monkeypatch)


def _versleuteld(poort: int) -> bool:
    engine = make_engine(f"postgresql://postgres@127.0.0.1:{poort}/postgres?sslmode=verify-full")
    try:
        with engine.connect() as verbinding:
            return verbinding.scalar(
                text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            )
    finally:
        engine.dispose()


def test_the_server_certificate_is_verified_with_the_system_store(
    poort: int, interne_ca: trustme.CA, systeemopslag: Path
) -> None:
    with pytest.raises(OperationalError, match="certificate verify failed"):
        _versleuteld(poort)
    systeemopslag.write_bytes(interne_ca.cert_pem.bytes())
    assert _versleuteld(poort) is True


def test_on_windows_the_windows_store_is_handed_to_libpq_as_a_file(
    poort: int, interne_ca: trustme.CA, systeemopslag: Path, data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    der = ssl.PEM_cert_to_DER_cert(interne_ca.cert_pem.bytes().decode())
    anders = trustme.CA(organization_name="Iemand anders")
    winkels = {  # what ssl.enum_certificates answers on Windows
        "ROOT": [(der, "x509_asn", True)],
        "CA": [
            (
                ssl.PEM_cert_to_DER_cert(anders.cert_pem.bytes().decode()),
                "x509_asn",
                {"1.3.6.1.5.5.7.3.4"},
            ),
        ],
    }
    monkeypatch.setattr(ssl, "enum_certificates", winkels.__getitem__, raising=False)

    assert _versleuteld(poort) is True  # the system (OpenSSL) store is empty: Windows' is used

    pem = (data_dir / db_tls.WINDOWS_CA_BESTAND).read_text(encoding="ascii")
    assert pem == ssl.DER_cert_to_PEM_cert(der)  # only what Windows trusts for servers


def test_without_verify_full_nothing_is_added() -> None:
    assert db_tls.libpq_tls({"sslmode": "require"}, Path("/niet-gebruikt")) == {}
    assert db_tls.libpq_tls({"sslmode": "verify-full", "sslrootcert": "/ca.pem"}, Path(".")) == {}
