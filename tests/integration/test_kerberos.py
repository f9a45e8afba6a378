"""Kerberos for real: the app's medewerker is the principal of the Kerberos ticket, on a
GSS-encrypted connection; a site without Kerberos logs in with a SCRAM password that the OS
keyring keeps. A KDC and a PostgreSQL cluster of this test's own (tests/kerberos_realm.py).

Locally the test skips, saying why, when it cannot start them (not root, packages missing);
CI installs the packages and sets IGJ_REQUIRE_KERBEROS=1, so there a skip is a failure."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from igj_desktop.db import KEYRING_SERVICE, Database, keyring_key
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import NotFound
from igj_desktop.services.storing import AANMELDEN_MISLUKT, AanmeldenMislukt
from tests.ews_server.memory_keyring import memory_keyring

from ..kerberos_realm import REALM, Realm, missing, start_realm
from ..seed import create_seed


@pytest.fixture(scope="module")
def realm() -> Iterator[Realm]:
    waarom = missing()
    if waarom:
        if os.environ.get("IGJ_REQUIRE_KERBEROS") == "1":
            pytest.fail(f"Kerberos-test kan niet draaien: {waarom}")
        pytest.skip(waarom)
    realm = start_realm()
    try:
        realm.psql("CREATE DATABASE igj")
        owner = Database(realm.owner_url("igj"))
        owner.upgrade()  # migrations 0006 make the group roles, policies and grants
        create_seed(owner)
        realm.psql("CREATE ROLE anna LOGIN IN ROLE igj_medewerker")
        realm.psql("CREATE ROLE bram LOGIN PASSWORD 'wachtwoord' IN ROLE igj_medewerker")
        with owner.engine.begin() as connection:
            connection.execute(text(
                "UPDATE medewerker SET db_rol = CASE gebruikersnaam WHEN 'avries' THEN 'anna'"
                " ELSE 'bram' END WHERE gebruikersnaam IN ('avries', 'bjansen')"
            ))  # fmt: skip
        owner.dispose()
        realm.add_principal("anna", "kerberos-geheim")
        yield realm
    finally:
        realm.stop()


@pytest.fixture
def krb_env(realm: Realm, monkeypatch: pytest.MonkeyPatch) -> Realm:
    for name, value in realm.env.items():
        monkeypatch.setenv(name, value)  # libpq in this process reads the test's krb5.conf
    return realm


def test_the_medewerker_is_the_tickets_principal(krb_env: Realm, monkeypatch) -> None:
    krb_env.kinit("anna", "kerberos-geheim")
    monkeypatch.setenv("IGJ_GEBRUIKER", "dsmit")  # no effect on the shared database
    db = Database(f"postgresql+psycopg://anna@localhost:{krb_env.pg_port}/igj?gssencmode=require")
    try:
        ctx = ServiceContext.log_in(db, "dsmit")
        assert (ctx.actor.gebruikersnaam, ctx.actor.naam) == ("avries", "Anna de Vries")
        with db.engine.connect() as connection:
            gss = connection.execute(
                text("SELECT gss_authenticated, principal, encrypted FROM pg_stat_gssapi"
                     " WHERE pid = pg_backend_pid()")
            ).one()  # fmt: skip
            assert tuple(gss) == (True, f"anna@{REALM}", True)
            assert connection.scalar(text("SELECT session_user")) == "anna"
    finally:
        db.dispose()
    # Anna's ticket does not make her Bram
    als_bram = Database(
        f"postgresql+psycopg://bram@localhost:{krb_env.pg_port}/igj?gssencmode=require"
    )
    try:
        with pytest.raises(AanmeldenMislukt):
            ServiceContext.log_in(als_bram, "bjansen")
    finally:
        als_bram.dispose()


def test_a_kerberos_login_never_asks_the_keyring(krb_env: Realm) -> None:
    """Loading the OS keyring costs start-up time: only a server that wants a password
    makes the login ask it (the SCRAM test below)."""
    krb_env.kinit("anna", "kerberos-geheim")
    with memory_keyring() as keyring:
        gevraagd: list[tuple[str, str]] = []
        keyring.get_password = lambda *sleutel: gevraagd.append(sleutel)  # type: ignore[method-assign]
        db = Database(
            f"postgresql+psycopg://anna@localhost:{krb_env.pg_port}/igj?gssencmode=require"
        )
        try:
            assert ServiceContext.log_in(db, "avries").actor.gebruikersnaam == "avries"
        finally:
            db.dispose()
    assert gevraagd == []


def test_without_a_ticket_there_is_no_login(krb_env: Realm, monkeypatch) -> None:
    monkeypatch.setenv("KRB5CCNAME", f"FILE:{krb_env.folder}/leeg")
    db = Database(f"postgresql+psycopg://anna@localhost:{krb_env.pg_port}/igj?gssencmode=require")
    try:
        with pytest.raises(AanmeldenMislukt) as fout:
            ServiceContext.log_in(db, "avries")
        assert fout.value.message == AANMELDEN_MISLUKT  # Dutch, no libpq text
    finally:
        db.dispose()


def test_a_scram_password_comes_from_the_keyring(krb_env: Realm) -> None:
    url = f"postgresql+psycopg://bram@127.0.0.1:{krb_env.pg_port}/igj?gssencmode=disable"
    with memory_keyring() as keyring:
        db = Database(url)
        try:
            with pytest.raises(AanmeldenMislukt):  # nothing in the keyring yet
                ServiceContext.log_in(db, "bjansen")
            keyring.set_password(KEYRING_SERVICE, keyring_key("bram", "127.0.0.1"), "fout")
            with pytest.raises(AanmeldenMislukt):
                ServiceContext.log_in(db, "bjansen")
            keyring.set_password(KEYRING_SERVICE, keyring_key("bram", "127.0.0.1"), "wachtwoord")
            assert ServiceContext.log_in(db, "avries").actor.gebruikersnaam == "bjansen"
            assert "wachtwoord" not in db.url
        finally:
            db.dispose()
    with memory_keyring() as keyring:  # logged in by password, still only a medewerker
        keyring.set_password(KEYRING_SERVICE, keyring_key("bram", "127.0.0.1"), "wachtwoord")
        db = Database(url)
        try:
            with db.engine.connect() as connection, pytest.raises(ProgrammingError):
                connection.execute(text("SELECT * FROM kenmerk_teller"))
        finally:
            db.dispose()
    owner = Database(krb_env.owner_url("igj"))
    try:
        with pytest.raises(NotFound, match="'postgres' hoort bij geen actieve medewerker"):
            ServiceContext.log_in(owner, "avries")  # the owner is nobody in the app
    finally:
        owner.dispose()
