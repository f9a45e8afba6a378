"""Trust without serialising the department (migration 0010): a kenmerk comes from a sequence
and only the database issues it; the audit trail is a hash chain per dossier, so colleagues
creating and changing dossiers at the same moment do not wait for each other."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from igj_desktop.db import Database
from igj_desktop.models import Dossier
from igj_desktop.services.audit import controleer_keten
from igj_desktop.services.base import ServiceContext
from tests.conftest import database_as
from tests.integration.dossier_support import new_dossier
from tests.integration.toegang import test_vertrouwen
from tests.seed import Seed

pg, pg_seed = test_vertrouwen.pg, test_vertrouwen.pg_seed  # the same fixtures


def ongeduldig(db: Database) -> Database:
    """The same login, but a statement that waits for a lock longer than a second fails."""
    url = make_url(db.url).update_query_dict({"options": "-c lock_timeout=1000"})
    return Database(url.render_as_string(hide_password=False))


def test_two_creations_in_separate_connections_do_not_wait_for_each_other(
    pg: Database, pg_seed: Seed, request: pytest.FixtureRequest
) -> None:
    anna_db = database_as(pg, "avries", request)
    anna = ServiceContext.log_in(anna_db, "avries")
    eigen = new_dossier(anna, pg_seed, "Eerste van het jaar").id  # the year's sequence exists
    url = make_url(pg.url)
    with psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        dbname=url.database,
        user=make_url(anna_db.url).username,
    ) as bezig:
        # Anna is midway through her own creation: a kenmerk taken, audit written both in a
        # dossier of hers and without dossier, nothing committed yet
        kenmerk = bezig.execute("SELECT igj_volgend_kenmerk(%s)", (anna.today().year,)).fetchone()
        for dossier_id in (eigen, None):
            bezig.execute(
                "INSERT INTO audit_entry (id, aangemaakt_op, tijdstip, dossier_id, actie,"
                " omschrijving, entiteit, gegevens)"
                " VALUES (gen_random_uuid(), now(), now(), %s, 'test', 'bezig', 'dossier', '{}')",
                (dossier_id,),
            )
        bram_db = ongeduldig(database_as(pg, "bjansen", request))
        request.addfinalizer(bram_db.dispose)
        bram = ServiceContext.log_in(bram_db, "bjansen")
        zijne = new_dossier(bram, pg_seed, "Tegelijk door Bram")  # would time out if it waited
        assert zijne.kenmerk != kenmerk[0]
        bezig.commit()
    assert controleer_keten(pg).in_orde


def test_a_kenmerk_the_database_did_not_issue_is_refused(
    pg: Database, pg_seed: Seed, request: pytest.FixtureRequest
) -> None:
    bram_db = database_as(pg, "bjansen", request)
    bram_id = pg_seed.medewerkers["bjansen"]

    def maak(kenmerk: str, parent_id: uuid.UUID | None = None) -> uuid.UUID:
        """What an edited client could write: a dossier row with a kenmerk of its choosing."""
        dossier = Dossier(
            kenmerk=kenmerk,
            parent_id=parent_id,
            dossiertype_id=pg_seed.dossiertypes["risicotoezicht"],
            titel="Eigen nummer",
            aanleiding="Signaal",
            aangemaakt_door_id=bram_id,
        )
        with bram_db.session() as session, session.begin():
            session.add(dossier)
        return dossier.id

    def uitgegeven(db: Database) -> str:
        with db.engine.begin() as connection:
            return connection.scalar(text("SELECT igj_volgend_kenmerk(:j)"), {"j": 2031})

    for verzonnen in ("IGJ-2031-999999", uitgegeven(database_as(pg, "avries", request))):
        with pytest.raises(ProgrammingError, match="niet door de database uitgegeven"):
            maak(verzonnen)  # made up, or issued to a colleague
    eigen = uitgegeven(bram_db)
    hoofd = maak(eigen)
    with pytest.raises(ProgrammingError, match="niet door de database uitgegeven"):
        maak(eigen)  # used once
    with pytest.raises(ProgrammingError, match="niet het volgende van"):
        maak(f"{eigen}-07", hoofd)  # a subdossier's number comes from its parent
    zijn = new_dossier(ServiceContext.log_in(bram_db, "bjansen"), pg_seed).id  # he may edit it
    with pytest.raises(ProgrammingError, match="verandert niet"), bram_db.engine.begin() as c:
        c.execute(text("UPDATE dossier SET kenmerk = 'IGJ-2031-000042' WHERE id = :d"), {"d": zijn})


def test_the_audit_chain_runs_per_dossier_and_still_names_a_broken_link(
    pg: Database, pg_seed: Seed, request: pytest.FixtureRequest
) -> None:
    anna = ServiceContext.log_in(database_as(pg, "avries", request), "avries")
    eerste, tweede = (new_dossier(anna, pg_seed, titel).id for titel in ("Een", "Twee"))
    with pg.engine.connect() as connection:
        rijen = connection.execute(
            text(
                "SELECT dossier_id, volgnummer, vorige_hash, hash FROM audit_entry"
                " WHERE dossier_id IN (:a, :b) ORDER BY volgnummer"
            ),
            {"a": eerste, "b": tweede},
        ).all()
    for dossier_id in (eerste, tweede):  # each dossier's entries link to each other only
        keten = [r for r in rijen if r.dossier_id == dossier_id]
        assert len(keten) >= 2
        assert [r.vorige_hash for r in keten[1:]] == [r.hash for r in keten[:-1]]
    assert controleer_keten(pg).in_orde
    midden = next(r for r in rijen if r.dossier_id == eerste and r.vorige_hash is not None)
    with psycopg.connect(
        host=make_url(pg.url).host,
        user="postgres",
        dbname=make_url(pg.url).database,
        autocommit=True,
    ) as owner:  # someone with the server's keys removes one entry of the first dossier
        owner.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_onveranderlijk")
        vorige = next(r for r in rijen if r.hash == midden.vorige_hash)
        owner.execute("DELETE FROM audit_entry WHERE volgnummer = %s", (vorige.volgnummer,))
    uitkomst = controleer_keten(pg)
    assert uitkomst.eerste_breuk == midden.volgnummer
    assert "schakel" in uitkomst.reden
