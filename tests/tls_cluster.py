"""A PostgreSQL cluster of the test's own that speaks only TLS, with a certificate of a test CA.

Like ``kerberos_realm``: ``initdb`` run as the ``postgres`` OS user in a temporary folder,
listening on loopback on a free port; nothing outside that folder is touched.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import trustme

from .kerberos_realm import free_port

HBA = """
local    all all                trust
hostssl  all all 127.0.0.1/32   trust
host     all all 0.0.0.0/0      reject
"""


def ontbreekt() -> str | None:
    """Why this machine cannot run the cluster, or None."""
    if os.name != "posix" or os.geteuid() != 0:
        return "alleen als root (PostgreSQL draait als de gebruiker postgres)"
    if shutil.which("runuser") is None or not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        return "ontbreekt: runuser of initdb (Debian: postgresql)"
    return None


def _als_postgres(*opdracht: str) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *opdracht], check=True, capture_output=True, timeout=120
    )


@contextlib.contextmanager
def tls_cluster(ca: trustme.CA) -> Iterator[int]:
    """Start the cluster; yields its port (host 127.0.0.1, user postgres, trust over TLS)."""
    map_ = Path(tempfile.mkdtemp(prefix="igj-tls-", dir="/tmp"))
    map_.chmod(0o755)
    pgdata, run = map_ / "pgdata", map_ / "run"
    bin_ = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
    poort = free_port()
    try:
        for eigen in (pgdata, run):
            eigen.mkdir()
            shutil.chown(eigen, "postgres")
        _als_postgres(str(bin_ / "initdb"), "-D", str(pgdata), "-U", "postgres", "-A", "trust")
        certificaat = ca.issue_cert("127.0.0.1", "localhost")
        certificaat.cert_chain_pems[0].write_to_path(str(pgdata / "server.crt"))
        certificaat.private_key_pem.write_to_path(str(pgdata / "server.key"))
        for bestand in ("server.crt", "server.key"):
            shutil.chown(pgdata / bestand, "postgres")
            (pgdata / bestand).chmod(0o600)
        (pgdata / "pg_hba.conf").write_text(HBA)
        with (pgdata / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {poort}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{run}'\nssl = on\n"
            )
        _als_postgres(
            str(bin_ / "pg_ctl"), "-D", str(pgdata), "-l", str(run / "pg.log"), "-w", "-t", "60",
            "start",
        )  # fmt: skip
        yield poort
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            _als_postgres(str(bin_ / "pg_ctl"), "-D", str(pgdata), "-m", "immediate", "stop")
        shutil.rmtree(map_, ignore_errors=True)
