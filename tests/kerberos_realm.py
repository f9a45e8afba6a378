"""A Kerberos realm and a PostgreSQL cluster of the test's own, on loopback only.

An MIT KDC (Debian ``krb5-kdc``) with a realm made for the test, and a second PostgreSQL
cluster (``initdb`` from ``/usr/lib/postgresql/*/bin``, run as the ``postgres`` OS user, as
PostgreSQL refuses root) whose pg_hba asks GSSAPI with encryption for medewerkers and a
SCRAM password for one without Kerberos. Both are started and stopped by the test; nothing
outside their temporary folder is touched (``KRB5_CONFIG``/``KRB5_KDC_PROFILE`` point there).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REALM = "IGJTEST.LOKAAL"
TOOLS = ("krb5kdc", "kdb5_util", "kadmin.local", "kinit", "runuser")


def missing() -> str | None:
    """Why this machine cannot run the realm, or None."""
    if os.name != "posix" or os.geteuid() != 0:
        return "alleen als root (de test start een KDC en een eigen PostgreSQL-cluster)"
    absent = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        absent.append("initdb")
    if absent:
        return "ontbreekt: " + ", ".join(absent) + " (Debian: krb5-kdc krb5-admin-server krb5-user)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Realm:
    folder: Path
    kdc: subprocess.Popen[bytes]
    pg_bin: Path
    pg_port: int
    env: dict[str, str]

    @property
    def pgdata(self) -> Path:
        return self.folder / "pgdata"

    @property
    def run(self) -> Path:
        """Where the postgres OS user writes its socket and log."""
        return self.folder / "run"

    def owner_url(self, database: str) -> str:
        """The schema owner over the cluster's own socket (trust, local only)."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.run}&port={self.pg_port}"

    def kinit(self, principal: str, password: str) -> None:
        subprocess.run(
            ["kinit", f"{principal}@{REALM}"],
            input=password.encode(),
            env=self.env,
            check=True,
            capture_output=True,
        )

    def add_principal(self, name: str, password: str) -> None:
        self._kadmin(f"addprinc -pw {password} {name}")

    def psql(self, sql: str, database: str = "postgres") -> None:
        self._as_postgres(
            [str(self.pg_bin / "psql"), "-h", str(self.run), "-p", str(self.pg_port),
             "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql]
        )  # fmt: skip

    def _kadmin(self, query: str) -> None:
        subprocess.run(
            ["kadmin.local", "-r", REALM, "-q", query],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def _as_postgres(self, command: list[str]) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "env", *[f"{k}={v}" for k, v in self.env.items()],
             *command],
            check=True,
            capture_output=True,
            timeout=120,
        )  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # it may not have started
            self._as_postgres(
                [str(self.pg_bin / "pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "stop"]
            )
        self.kdc.terminate()
        self.kdc.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


HBA = """
local   all  all                    trust
hostgssenc all all 127.0.0.1/32     gss include_realm=0 krb_realm={realm}
hostgssenc all all ::1/128          gss include_realm=0 krb_realm={realm}
hostnogssenc all bram 127.0.0.1/32  scram-sha-256
host    all  all  0.0.0.0/0         reject
host    all  all  ::/0              reject
"""


def start_realm() -> Realm:
    """KDC with principals ``postgres/localhost`` (keytab for the server), then the cluster."""
    folder = Path(tempfile.mkdtemp(prefix="igj-krb5-", dir="/tmp"))
    folder.chmod(0o755)
    kdc_port, pg_port = free_port(), free_port()
    (folder / "krb5.conf").write_text(
        f"[libdefaults]\n default_realm = {REALM}\n dns_lookup_realm = false\n"
        f" dns_lookup_kdc = false\n rdns = false\n udp_preference_limit = 1\n"
        f"[realms]\n {REALM} = {{\n  kdc = 127.0.0.1:{kdc_port}\n }}\n"
        f"[domain_realm]\n localhost = {REALM}\n"
    )
    (folder / "kdc.conf").write_text(
        f"[kdcdefaults]\n kdc_ports = {kdc_port}\n kdc_tcp_ports = {kdc_port}\n"
        f"[realms]\n {REALM} = {{\n  database_name = {folder}/principal\n"
        f"  key_stash_file = {folder}/stash\n  acl_file = {folder}/kadm5.acl\n"
        f"  kdc_ports = {kdc_port}\n  kdc_tcp_ports = {kdc_port}\n }}\n"
        f"[logging]\n kdc = FILE:{folder}/kdc.log\n"
    )
    env = {
        "KRB5_CONFIG": str(folder / "krb5.conf"),
        "KRB5_KDC_PROFILE": str(folder / "kdc.conf"),
        "KRB5CCNAME": f"FILE:{folder}/ccache",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    subprocess.run(
        ["kdb5_util", "create", "-s", "-r", REALM, "-P", "hoofdsleutel"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    kdc = subprocess.Popen(["krb5kdc", "-n", "-r", REALM], env=env, stderr=subprocess.DEVNULL)
    pg_bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
    realm = Realm(folder, kdc, pg_bin, pg_port, env)
    try:
        realm._kadmin("addprinc -randkey postgres/localhost")
        realm._kadmin(f"ktadd -k {folder}/postgres.keytab postgres/localhost")
        shutil.chown(folder / "postgres.keytab", "postgres")
        for own in (realm.pgdata, realm.run):
            own.mkdir()
            shutil.chown(own, "postgres")
        realm._as_postgres(
            [str(pg_bin / "initdb"), "-D", str(realm.pgdata), "-U", "postgres", "-A", "trust"]
        )
        (realm.pgdata / "pg_hba.conf").write_text(HBA.format(realm=REALM))
        with (realm.pgdata / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {pg_port}\nlisten_addresses = 'localhost'\n"
                f"unix_socket_directories = '{realm.run}'\n"
                f"krb_server_keyfile = '{folder}/postgres.keytab'\n"
                "password_encryption = 'scram-sha-256'\n"
            )
        realm._as_postgres(
            [str(pg_bin / "pg_ctl"), "-D", str(realm.pgdata), "-l", str(realm.run / "pg.log"),
             "-w", "-t", "60", "start"]
        )  # fmt: skip
        _wait_for_kdc(kdc_port)
    except BaseException:
        realm.stop()
        raise
    return realm


def _wait_for_kdc(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("de KDC van de test start niet")
