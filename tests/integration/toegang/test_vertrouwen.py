"""The shared database decides itself who sees and changes what, and knows who asks.

Every test here connects to a real PostgreSQL database as an ordinary medewerker's own login
role (as a DBA sets it up, see README), with a raw connection where the point is that no
client, edited or not, gets past the database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from igj_desktop.__main__ import main
from igj_desktop.config import Settings
from igj_desktop.db import Database
from igj_desktop.integrations.document_store import DatabaseDocumentStore, FileDocumentStore
from igj_desktop.models import (
    Activiteit,
    ActiviteitDocument,
    Afspraak,
    Betrokkene,
    Bevinding,
    Bewijs,
    Content,
    Deelnemer,
    Document,
    DocumentDossier,
    GerelateerdDossier,
    Inhoud,
    InstrumentVersie,
    Lease,
    Norm,
    Oordeel,
    Post,
    PostDossier,
    SyncConflict,
    Telefoonnotitie,
    Toetsingsinstrument,
    Versie,
    Waarneming,
    Workflow,
)
from igj_desktop.services.audit import controleer_keten
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.dossiers import tijdlijn
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.storing import Storing
from igj_desktop.services.toegang.toekenning import grant_toegang, list_toegang, set_afgeschermd
from tests.conftest import database_as, login_role, make_database
from tests.integration.dossier_support import new_dossier
from tests.seed import Seed, create_seed

# the rows of one dossier (:d) in every table under row-level security
VAN_DOSSIER = {
    "dossier": "id = :d",
    "toegang": "dossier_id = :d",
    "gerelateerd_dossier": "dossier_id = :d",
    "workflow": "dossier_id = :d",
    "activiteit": "dossier_id = :d",
    "activiteit_document": "activiteit_id IN (SELECT id FROM activiteit WHERE dossier_id = :d)",
    "afspraak": "dossier_id = :d",
    "deelnemer": "afspraak_id IN (SELECT id FROM afspraak WHERE dossier_id = :d)",
    "document_dossier": "dossier_id = :d",
    "document": "id IN (SELECT document_id FROM document_dossier WHERE dossier_id = :d)",
    "versie": "document_id IN (SELECT document_id FROM document_dossier WHERE dossier_id = :d)",
    "bewijs": "document_id IN (SELECT document_id FROM document_dossier WHERE dossier_id = :d)",
    "versie_tekst": "document_id IN (SELECT document_id FROM document_dossier"
    " WHERE dossier_id = :d)",
    "post": "id IN (SELECT post_id FROM post_dossier WHERE dossier_id = :d)",
    "post_dossier": "dossier_id = :d",
    "telefoonnotitie": "dossier_id = :d",
    "betrokkene": "dossier_id = :d",
    "toetsingsinstrument": "dossier_id = :d",
    "instrument_versie": "instrument_id IN (SELECT id FROM toetsingsinstrument"
    " WHERE dossier_id = :d)",
    "norm": "instrument_id IN (SELECT id FROM toetsingsinstrument WHERE dossier_id = :d)",
    "waarneming": "dossier_id = :d",
    "bevinding": "dossier_id = :d",
    "oordeel": "dossier_id = :d",
    "lease": "dossier_id = :d",
    "sync_conflict": "dossier_id = :d",
    "audit_entry": "dossier_id = :d",
    "inhoud": "sha256 IN (SELECT v.content_sha256 FROM versie v JOIN document_dossier k"
    " ON k.document_id = v.document_id WHERE k.dossier_id = :d)",
}


@pytest.fixture
def pg(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    return make_database("postgresql", request, tmp_path)


@pytest.fixture
def pg_seed(pg: Database) -> Seed:
    return create_seed(pg)


def raw(db: Database, role: str) -> psycopg.Connection:
    """A plain connection as ``role``: what any SQL client with the connection string gets."""
    url = make_url(db.url)
    return psycopg.connect(
        host=url.host, port=url.port or 5432, user=role, dbname=url.database, autocommit=True
    )


def fill(db: Database, dossier_id: uuid.UUID, seed: Seed) -> None:
    """One row in every dossier-bound table, written by the schema owner."""
    anna, now = seed.medewerkers["avries"], datetime.now(UTC)
    sha = uuid.uuid4().hex * 2
    ids = {naam: uuid.uuid4() for naam in ("wf", "act", "afs", "doc", "post", "ti", "norm", "bev")}
    rows = [
        Workflow(id=ids["wf"], dossier_id=dossier_id, definitie_code="gesprek",
                 definitie_versie=1, titel="Gesprek"),
        Activiteit(id=ids["act"], dossier_id=dossier_id, workflow_id=ids["wf"], code="a",
                   titel="Bellen", eigenaar_medewerker_id=anna),
        Afspraak(id=ids["afs"], dossier_id=dossier_id, onderwerp="Bezoek", begin=now,
                 einde=now + timedelta(hours=1)),
        Deelnemer(afspraak_id=ids["afs"], naam="Anna"),
        Content(sha256=sha, grootte=3),
        Inhoud(sha256=sha, data=b"abc"),
        Document(id=ids["doc"], titel="Rapport"),
        Versie(document_id=ids["doc"], nummer=1, content_sha256=sha, bestandsnaam="r.docx"),
        DocumentDossier(document_id=ids["doc"], dossier_id=dossier_id),
        ActiviteitDocument(activiteit_id=ids["act"], document_id=ids["doc"]),
        Post(id=ids["post"], onderwerp="Brief"),
        PostDossier(post_id=ids["post"], dossier_id=dossier_id),
        Telefoonnotitie(dossier_id=dossier_id, onderwerp="Melding"),
        Betrokkene(dossier_id=dossier_id, relatie_id=seed.relaties["GGZ Noorderlicht"],
                   rol="ots"),
        GerelateerdDossier(dossier_id=dossier_id, url="https://example.nl", systeem="extern"),
        Toetsingsinstrument(id=ids["ti"], dossier_id=dossier_id, naam="Toetskader"),
        InstrumentVersie(instrument_id=ids["ti"], versie=1, normen=[]),
        Norm(id=ids["norm"], instrument_id=ids["ti"], titel="Norm 1"),
        Waarneming(norm_id=ids["norm"], dossier_id=dossier_id, tekst="Gezien"),
        Bevinding(id=ids["bev"], norm_id=ids["norm"], dossier_id=dossier_id),
        Bewijs(document_id=ids["doc"], bevinding_id=ids["bev"]),
        Oordeel(dossier_id=dossier_id, instrument_id=ids["ti"]),
        Lease(dossier_id=dossier_id, medewerker_id=anna, apparaat="laptop", tot=now),
        SyncConflict(apparaat="laptop", volgnummer=int(now.timestamp() * 1e6) % 10**9,
                     tabel="dossier", sleutel=str(dossier_id), operatie="update",
                     dossier_id=dossier_id, mijn_gewijzigd_op=now),
    ]  # fmt: skip
    with db.session() as session, session.begin():
        for row in rows:
            session.add(row)
            session.flush()


def counts(connection: psycopg.Connection, dossier_id: uuid.UUID) -> dict[str, int]:
    result = {}
    for tabel, waar in VAN_DOSSIER.items():
        sql = f"SELECT count(*) FROM {tabel} WHERE {waar.replace(':d', '%(d)s')}"
        result[tabel] = connection.execute(sql, {"d": dossier_id}).fetchone()[0]
    return result


@pytest.fixture
def dossiers(pg: Database, pg_seed: Seed) -> tuple[uuid.UUID, uuid.UUID]:
    """An afgeschermd dossier of Anna's (Team GGZ was lezer before) and an open one that
    Team GGZ treats; both with a row in every dossier-bound table."""
    anna = ServiceContext.for_user(pg, "avries")
    geheim = new_dossier(anna, pg_seed, "Geheim").id
    grant_toegang(anna, geheim, groep_id=pg_seed.groepen["Team GGZ"], rol="lezer")
    set_afgeschermd(anna, geheim, True, None)
    open_ = new_dossier(anna, pg_seed, "Open").id
    grant_toegang(anna, open_, groep_id=pg_seed.groepen["Team GGZ"])
    fill(pg, geheim, pg_seed)
    fill(pg, open_, pg_seed)
    return geheim, open_


@pytest.fixture
def bram(
    pg: Database, pg_seed: Seed, request: pytest.FixtureRequest
) -> Iterator[psycopg.Connection]:
    """Bram Jansen (Team GGZ, inspecteur) at a raw SQL prompt as his own role."""
    with raw(pg, login_role(pg, "bjansen", request)) as connection:
        yield connection


def test_a_shielded_dossier_has_no_rows_for_an_outsider_in_any_table(
    pg: Database, dossiers: tuple[uuid.UUID, uuid.UUID], bram: psycopg.Connection
) -> None:
    geheim, open_ = dossiers
    with raw(pg, "postgres") as owner:
        onder_rls = {
            r[0]
            for r in owner.execute(
                "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relrowsecurity AND n.nspname = current_schema()"
            )
        }
        eigenaar_ziet = counts(owner, geheim)
    assert onder_rls == set(VAN_DOSSIER)  # every policed table is checked here
    assert all(eigenaar_ziet.values()), eigenaar_ziet  # the rows are there
    assert set(counts(bram, geheim).values()) == {0}
    zichtbaar = counts(bram, open_)
    assert all(zichtbaar.values()), zichtbaar  # the same query shows his team's dossier


def test_audit_is_append_only_and_who_when_come_from_the_database(
    pg: Database, pg_seed: Seed, dossiers: tuple[uuid.UUID, uuid.UUID], bram: psycopg.Connection
) -> None:
    _, open_ = dossiers
    bram.execute(
        "INSERT INTO audit_entry (id, aangemaakt_op, tijdstip, medewerker_id, dossier_id, actie,"
        " omschrijving, entiteit, gegevens) VALUES (%s, now(), '2001-01-01T00:00Z', %s, %s,"
        " 'vervalst', 'Anna deed het', 'dossier', '{}')",
        (uuid.uuid4(), pg_seed.medewerkers["avries"], open_),
    )
    wie, wanneer, opgegeven = bram.execute(
        "SELECT medewerker_id, tijdstip, client_tijdstip FROM audit_entry WHERE actie = 'vervalst'"
    ).fetchone()
    assert wie == pg_seed.medewerkers["bjansen"]
    assert abs(wanneer - datetime.now(UTC)) < timedelta(minutes=1)
    assert opgegeven == datetime(2001, 1, 1, tzinfo=UTC)
    for sql in ("UPDATE audit_entry SET omschrijving = 'weg'", "DELETE FROM audit_entry"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bram.execute(sql)
    with raw(pg, "postgres") as owner, pytest.raises(psycopg.errors.RaiseException):
        owner.execute("DELETE FROM audit_entry")  # not even the owner, without a trace


def test_no_one_grants_themselves_access(
    pg: Database,
    pg_seed: Seed,
    dossiers: tuple[uuid.UUID, uuid.UUID],
    bram: psycopg.Connection,
    request: pytest.FixtureRequest,
) -> None:
    geheim, open_ = dossiers
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        bram.execute(
            "INSERT INTO toegang (id, aangemaakt_op, dossier_id, medewerker_id, rol)"
            " VALUES (%s, now(), %s, %s, 'behandelaar')",
            (uuid.uuid4(), geheim, pg_seed.medewerkers["bjansen"]),
        )
    anna = ServiceContext.for_user(pg, "avries")
    grant_toegang(anna, open_, medewerker_id=pg_seed.medewerkers["epost"], rol="lezer")
    with raw(pg, login_role(pg, "epost", request)) as esther:
        gewijzigd = esther.execute(
            "UPDATE toegang SET rol = 'behandelaar' WHERE medewerker_id = %s",
            (pg_seed.medewerkers["epost"],),
        ).rowcount
        assert gewijzigd == 0  # a lezer sees her row but cannot change it
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            esther.execute(  # nor become beheerder
                "INSERT INTO medewerker_rol (id, aangemaakt_op, medewerker_id, rol_code)"
                " VALUES (%s, now(), %s, 'beheerder')",
                (uuid.uuid4(), pg_seed.medewerkers["epost"]),
            )
    rollen = {r.naam: r.rol for r in list_toegang(anna, open_)}
    assert rollen["Esther Post"] == "lezer"


def test_the_readers_of_a_dossier_are_the_databases_own(
    pg: Database,
    pg_seed: Seed,
    dossiers: tuple[uuid.UUID, uuid.UUID],
    bram: psycopg.Connection,
    request: pytest.FixtureRequest,
) -> None:
    """The policies read who may see and change a dossier from its ``zoek_lezers`` and
    ``zoek_behandelaars`` (migration 0016): written by hand, they are computed again."""
    geheim, open_ = dossiers
    esther = pg_seed.medewerkers["epost"]
    jeugd = pg_seed.groepen["Toezicht Jeugd"]
    # Bram treats the open dossier (Team GGZ is behandelaar): he writes Esther and a groep in
    gewijzigd = bram.execute(
        "UPDATE dossier SET zoek_lezers = zoek_lezers || %s::uuid[],"
        " zoek_behandelaars = zoek_behandelaars || %s::uuid[] WHERE id = %s",
        ([esther, jeugd], [esther, jeugd], open_),
    ).rowcount
    assert gewijzigd == 1
    lezers, behandelaars = bram.execute(
        "SELECT zoek_lezers, zoek_behandelaars FROM dossier WHERE id = %s", (open_,)
    ).fetchone()
    assert esther not in lezers and jeugd not in lezers
    assert esther not in behandelaars and jeugd not in behandelaars
    # nor does a new dossier bring readers of its own
    kenmerk = bram.execute("SELECT igj_volgend_kenmerk(2026)").fetchone()[0]
    nieuw = uuid.uuid4()
    bram.execute(
        "INSERT INTO dossier (id, aangemaakt_op, kenmerk, dossiertype_id, titel, aanleiding,"
        " omschrijving, status, geopend_op, gewijzigd_op, afgeschermd, subnummer_laatste, version,"
        " aangemaakt_door_id, zoek_lezers, zoek_behandelaars) SELECT %s, now(), %s, id, 'Nep',"
        " 'Signaal', '', 'open', now(), now(), false, 0, 1, %s, %s::uuid[], %s::uuid[]"
        " FROM dossiertype LIMIT 1",
        (nieuw, kenmerk, pg_seed.medewerkers["bjansen"], [esther], [esther]),
    )
    with raw(pg, "postgres") as owner:
        assert owner.execute(
            "SELECT zoek_lezers, zoek_behandelaars FROM dossier WHERE id = %s", (nieuw,)
        ).fetchone() == ([], [])
    with raw(pg, login_role(pg, "epost", request)) as esthers:
        for dossier in (geheim, open_, nieuw):
            assert esthers.execute(
                "SELECT count(*) FROM dossier WHERE id = %s", (dossier,)
            ).fetchone() == (0,)


def test_organisation_tables_and_kenmerken_only_through_their_door(
    pg: Database, pg_seed: Seed, bram: psycopg.Connection, request: pytest.FixtureRequest
) -> None:
    for sql in (
        "UPDATE medewerker SET naam = 'x'",
        "DELETE FROM lidmaatschap",
        "INSERT INTO groep (id, aangemaakt_op, version, gewijzigd_op, naam, soort)"
        " VALUES (gen_random_uuid(), now(), 1, now(), 'Eigen groep', 'team')",
        "SELECT * FROM kenmerk_teller",
        "UPDATE kenmerk_teller SET laatste = 0",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bram.execute(sql)
    uitgegeven = [bram.execute("SELECT igj_volgend_kenmerk(2031)").fetchone()[0] for _ in "12"]
    assert uitgegeven == ["IGJ-2031-000001", "IGJ-2031-000002"]
    with raw(pg, login_role(pg, "dsmit", request)) as beheerder:  # the beheer group may
        beheerder.execute("UPDATE groep SET email = 'ggz@igj.example.nl' WHERE naam = 'Team GGZ'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            beheerder.execute("DELETE FROM audit_entry")


def test_the_app_is_the_login_role_whatever_igj_gebruiker_says(
    pg: Database, pg_seed: Seed, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IGJ_GEBRUIKER", "dsmit")  # a beheerder's name: no effect here
    settings = Settings.from_environment()
    als_bram = database_as(pg, "bjansen", request)
    from igj_desktop.app import check_catalog, login

    assert check_catalog(als_bram)  # the start-up, as his role: reads the catalog, writes none
    ctx = login(settings, als_bram)
    assert ctx is not None and ctx.actor.gebruikersnaam == "bjansen"
    dossier = new_dossier(ctx, pg_seed, "Door Bram, als Bram")  # a whole use case, as his role
    assert [r.medewerker for r in tijdlijn.list_tijdlijn(ctx, dossier.id)][-1] == "Bram Jansen"
    with als_bram.engine.connect() as connection:
        assert connection.scalar(text("SELECT current_user")) != "postgres"
    onbekend = login_role(pg, "cbakker", request)
    with pg.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE medewerker SET db_rol = NULL WHERE db_rol = %s", (onbekend,)
        )
    zonder = Database(make_url(pg.url).set(username=onbekend).render_as_string(False))
    request.addfinalizer(zonder.dispose)
    with pytest.raises(NotFound, match=f"databasegebruiker '{onbekend}' hoort bij geen"):
        ServiceContext.log_in(zonder, "cbakker")


def test_audit_check_names_the_first_broken_link(
    pg: Database,
    dossiers: tuple[uuid.UUID, uuid.UUID],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setenv("IGJ_DATABASE_URL", pg.url)
    assert main(["audit", "controleer"]) == 0
    assert "Audittrail in orde" in capsys.readouterr().out
    heel = controleer_keten(pg)
    assert heel.in_orde and heel.gecontroleerd >= 4
    with raw(pg, "postgres") as owner:  # someone with the server's keys works around it
        owner.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_onveranderlijk")
        derde, vierde = [
            r[0] for r in owner.execute("SELECT volgnummer FROM audit_entry ORDER BY volgnummer")
        ][2:4]
        owner.execute(
            "UPDATE audit_entry SET omschrijving = 'niets' WHERE volgnummer = %s", (vierde,)
        )
        owner.execute("DELETE FROM audit_entry WHERE volgnummer = %s", (derde,))
    uitkomst = controleer_keten(pg)
    assert (uitkomst.eerste_breuk, uitkomst.gecontroleerd) == (vierde, 2)
    assert main(["audit", "controleer"]) == 1
    assert f"gebroken bij volgnummer {vierde}" in capsys.readouterr().err
    with pytest.raises(ValidationFailed, match="als eigenaar"):
        controleer_keten(database_as(pg, "bjansen", request))


def test_document_bytes_only_through_a_visible_document(
    pg: Database, pg_seed: Seed, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    anna = ServiceContext.log_in(database_as(pg, "avries", request), "")
    carla = ServiceContext.log_in(database_as(pg, "cbakker", request), "")
    geheim = new_dossier(anna, pg_seed, "Van Anna")
    ref = documenten.add_document(anna, [geheim.id], "verslag.txt", b"medische gegevens")
    assert documenten.lees_versie(anna, ref.versie_id)[1] == b"medische gegevens"
    with raw(pg, carla.db.engine.url.username) as sql:
        assert sql.execute("SELECT count(*) FROM inhoud").fetchone()[0] == 0
    with pytest.raises(NotFound):
        DatabaseDocumentStore(carla.db).get(ref.sha256)  # knowing the hash is not enough
    eigen = new_dossier(carla, pg_seed, "Van Carla")
    # nor is a version of her own pointing at those bytes
    with pytest.raises(Storing) as geweigerd, carla.unit_of_work() as s:
        document = Document(titel="Buit")
        s.add(document)
        s.flush()
        s.add(DocumentDossier(document_id=document.id, dossier_id=eigen.id))
        s.flush()
        s.add(Versie(document_id=document.id, nummer=1, content_sha256=ref.sha256,
                         bestandsnaam="buit.txt"))  # fmt: skip
    assert isinstance(geweigerd.value.__cause__, ProgrammingError)
    assert "row-level security" in str(geweigerd.value.__cause__)
    # the same bytes, stored by Carla herself, are hers to read (she has them anyway)
    kopie = documenten.add_document(carla, [eigen.id], "kopie.txt", b"medische gegevens")
    assert kopie.sha256 == ref.sha256
    assert documenten.lees_versie(carla, kopie.versie_id)[1] == b"medische gegevens"
    documenten.verwijder_document(carla, kopie.document_id, eigen.id)  # Anna's version keeps them
    assert documenten.lees_versie(anna, ref.versie_id)[1] == b"medische gegevens"
    documenten.verwijder_document(anna, ref.document_id, geheim.id)  # now the bytes go
    with raw(pg, "postgres") as owner:
        assert (
            owner.execute(
                "SELECT count(*) FROM inhoud WHERE sha256 = %s", (ref.sha256,)
            ).fetchone()[0]
            == 0
        )


def test_an_old_share_moves_into_the_database(
    pg: Database,
    pg_seed: Seed,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    share = FileDocumentStore(tmp_path / "share")
    anna = ServiceContext.for_user(pg, "avries")  # before: bytes on the share
    dossier = new_dossier(anna, pg_seed)
    refs = [
        documenten.add_document(anna, [dossier.id], f"{n}.txt", f"inhoud {n}".encode(), store=share)
        for n in range(3)
    ]
    share.path_for(refs[2].sha256).write_bytes(b"beschadigd")
    monkeypatch.setenv("IGJ_DATABASE_URL", pg.url)
    assert main(["documenten", "overzetten", str(share.root)]) == 1
    uit = capsys.readouterr()
    assert "2 bestanden overgezet" in uit.out and refs[2].sha256[:12] in uit.err
    assert [documenten.lees_versie(anna, r.versie_id)[1] for r in refs[:2]] == [
        b"inhoud 0",
        b"inhoud 1",
    ]
    assert main(["documenten", "overzetten", str(share.root)]) == 1  # again: nothing twice
    assert "0 bestanden overgezet" in capsys.readouterr().out
