"""The readers of each document text (PostgreSQL: ``versie_tekst.zoek_lezers``, migration
0014) stay equal to the access rule through every change that moves it, and the content search
finds exactly what the rule shows: on PostgreSQL as the medewerkers' own login roles, on
SQLite through the same services."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import delete, text
from sqlalchemy.engine import make_url

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import default_store
from igj_desktop.models import Lidmaatschap
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import zoekindex
from igj_desktop.services.documenten.inhoud_zoeken import zoek_in_inhoud
from igj_desktop.services.documenten.koppelen import koppel_document, ontkoppel_document
from igj_desktop.services.dossiers.zoeken import Zoekvraag
from igj_desktop.services.toegang import toekenning as toegang
from tests.conftest import database_as, drop_role_after, login_role
from tests.inhoud_bestanden import docx_bytes
from tests.integration.dossier_support import new_dossier
from tests.integration.toegang.test_vertrouwen import raw
from tests.seed import Seed

# every text whose stored readers differ from the rule, computed from toegang and afscherming
# directly (not from dossier.zoek_lezers): own rows, a groep's rows unless afgeschermd
AFWIJKEND = """
SELECT t.versie_id FROM versie_tekst t
WHERE ARRAY(SELECT unnest(t.zoek_lezers)::text ORDER BY 1) IS DISTINCT FROM ARRAY(
    SELECT x::text FROM (
        SELECT g.medewerker_id AS x FROM document_dossier k
        JOIN toegang g ON g.dossier_id = k.dossier_id
        WHERE k.document_id = t.document_id AND g.medewerker_id IS NOT NULL
        UNION
        SELECT g.groep_id FROM document_dossier k
        JOIN toegang g ON g.dossier_id = k.dossier_id JOIN dossier d ON d.id = k.dossier_id
        WHERE k.document_id = t.document_id AND g.groep_id IS NOT NULL AND NOT d.afgeschermd
    ) AS regel ORDER BY 1)
"""
VRAAG = "separeerverslag"


class Wereld:
    """Anna's dossiers and document, and the medewerkers as the app logs them in."""

    def __init__(self, database: Database, seed: Seed, request: pytest.FixtureRequest) -> None:
        self.database, self.seed, self.request = database, seed, request
        self.postgres = database.engine.dialect.name == "postgresql"
        self.anna = ServiceContext.for_user(database, "avries")
        self.ggz = new_dossier(self.anna, seed, "Separeren in de GGZ")
        self.jeugd = new_dossier(self.anna, seed, "Separeren in de jeugdhulp")
        self.document = documenten.add_document(
            self.anna,
            [self.ggz.id],
            "verslag.docx",
            docx_bytes("Separeerverslag: de cliënt werd gesepareerd op zaal drie."),
            titel="Separeerverslag",
        ).document_id
        self._rol: dict[str, Database] = {}
        self.indexeren()

    def indexeren(self) -> None:
        zoekindex.bijwerken(
            self.database, default_store(self.database), van=self.anna.actor.medewerker_id
        )

    def als(self, gebruikersnaam: str) -> ServiceContext:
        """The app as this medewerker, logged in afresh: on PostgreSQL as their own role."""
        if not self.postgres:
            return ServiceContext.for_user(self.database, gebruikersnaam)
        if gebruikersnaam not in self._rol:
            self._rol[gebruikersnaam] = database_as(self.database, gebruikersnaam, self.request)
        return ServiceContext.log_in(self._rol[gebruikersnaam], gebruikersnaam)

    def vindt(self, gebruikersnaam: str) -> bool:
        """Whether the medewerker finds the document, and the stored readers are the rule's."""
        if self.postgres:
            with self.database.engine.connect() as conn:
                assert list(conn.execute(text(AFWIJKEND)).scalars()) == []
        ctx = self.als(gebruikersnaam)
        treffers = zoek_in_inhoud(ctx, Zoekvraag(tekst=VRAAG))
        assert {t.document_id for t in treffers} <= {self.document}
        # with a criterion the app reads every match (igj_zoek_inhoud), without only the
        # best (igj_zoek_inhoud_beste): both give the same here
        type_ = self.seed.dossiertypes["risicotoezicht"]
        gefilterd = zoek_in_inhoud(ctx, Zoekvraag(tekst=VRAAG, dossiertype_id=type_))
        assert sorted(t.dossier_id for t in gefilterd) == sorted(t.dossier_id for t in treffers)
        return bool(treffers)

    def lid(self, gebruikersnaam: str, groep: str, *, wordt: bool) -> None:
        """Membership as the beheerder's tooling writes it (the schema owner)."""
        medewerker, groep_id = self.seed.medewerkers[gebruikersnaam], self.seed.groepen[groep]
        with self.database.session() as session, session.begin():
            if wordt:
                session.add(Lidmaatschap(medewerker_id=medewerker, groep_id=groep_id))
            else:
                session.execute(
                    delete(Lidmaatschap).where(
                        Lidmaatschap.medewerker_id == medewerker, Lidmaatschap.groep_id == groep_id
                    )
                )


@pytest.fixture
def wereld(database: Database, seed: Seed, request: pytest.FixtureRequest) -> Wereld:
    return Wereld(database, seed, request)


def _toegang_id(wereld: Wereld, dossier_id: uuid.UUID, **wie: uuid.UUID) -> uuid.UUID:
    [(veld, waarde)] = wie.items()
    rijen = toegang.list_toegang(wereld.anna, dossier_id)
    return next(r.id for r in rijen if getattr(r, veld) == waarde)


def test_readers_follow_toegang_and_afscherming(wereld: Wereld) -> None:
    anna, ggz, seed = wereld.anna, wereld.ggz.id, wereld.seed
    assert wereld.vindt("avries")
    assert not wereld.vindt("bjansen") and not wereld.vindt("cbakker")
    toegang.grant_toegang(anna, ggz, groep_id=seed.groepen["Team GGZ"], rol="lezer")
    assert wereld.vindt("bjansen") and not wereld.vindt("cbakker")
    toegang.set_afgeschermd(anna, ggz, True, None)  # shielded: only own toegang rows count
    assert wereld.vindt("avries")
    assert not wereld.vindt("bjansen")
    bram = seed.medewerkers["bjansen"]
    toegang.grant_toegang(anna, ggz, medewerker_id=bram, rol="lezer")
    assert wereld.vindt("bjansen")
    toegang.revoke_toegang(anna, ggz, _toegang_id(wereld, ggz, medewerker_id=bram))
    assert not wereld.vindt("bjansen")
    toegang.set_afgeschermd(anna, ggz, False, None)
    assert wereld.vindt("bjansen")
    groep = seed.groepen["Team GGZ"]
    toegang.revoke_toegang(anna, ggz, _toegang_id(wereld, ggz, groep_id=groep))
    assert not wereld.vindt("bjansen")


def test_readers_follow_linking_new_versions_and_membership(wereld: Wereld) -> None:
    anna, seed = wereld.anna, wereld.seed
    toegang.grant_toegang(
        anna, wereld.jeugd.id, groep_id=seed.groepen["Team Jeugdhulp"], rol="lezer"
    )
    assert not wereld.vindt("cbakker")
    koppel_document(anna, wereld.document, wereld.jeugd.id)
    assert wereld.vindt("cbakker")
    # a new version is queued with the readers of its document
    documenten.add_versie(
        anna, wereld.document, "verslag.docx", docx_bytes("Separeerverslag, herzien.")
    )
    wereld.indexeren()
    assert wereld.vindt("cbakker")
    ontkoppel_document(anna, wereld.document, wereld.jeugd.id)
    assert not wereld.vindt("cbakker")
    # membership: the login's groepen are looked up when it searches
    toegang.grant_toegang(anna, wereld.ggz.id, groep_id=seed.groepen["Team GGZ"], rol="lezer")
    wereld.lid("cbakker", "Team GGZ", wordt=True)
    assert wereld.vindt("cbakker")
    wereld.lid("bjansen", "Team GGZ", wordt=False)
    assert not wereld.vindt("bjansen")
    # shielded: the new member of the groep no longer finds it either
    toegang.set_afgeschermd(anna, wereld.ggz.id, True, None)
    assert not wereld.vindt("cbakker")


def test_a_login_cannot_write_its_own_readers(
    wereld: Wereld, request: pytest.FixtureRequest
) -> None:
    """Anna may change her document's text row, but the readers are the database's to say."""
    if not wereld.postgres:
        pytest.skip("zoek_lezers bestaat alleen in PostgreSQL")
    toegang.set_afgeschermd(wereld.anna, wereld.ggz.id, True, None)
    carla = wereld.seed.medewerkers["cbakker"]
    with raw(wereld.database, login_role(wereld.database, "avries", request)) as anna:
        gewijzigd = anna.execute(
            "UPDATE versie_tekst SET zoek_lezers = zoek_lezers || %s::uuid WHERE document_id = %s",
            (carla, wereld.document),
        )
        assert gewijzigd.rowcount == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            anna.execute("SELECT igj_document_lezers(%s)", (wereld.document,))
    assert not wereld.vindt("cbakker")


def test_the_best_hits_function_keeps_the_rule(
    wereld: Wereld, request: pytest.FixtureRequest
) -> None:
    """``igj_zoek_inhoud_beste`` as a raw SQL client: the rule as ``igj_zoek_inhoud``, only
    the newest version, at most the first ``aantal`` ranks, callable by medewerkers only."""
    if not wereld.postgres:
        pytest.skip("PostgreSQL-functie")
    anna, ggz = wereld.anna, wereld.ggz.id
    documenten.add_versie(anna, wereld.document, "verslag.docx", docx_bytes("Separeerverslag 2."))
    wereld.indexeren()
    toegang.grant_toegang(anna, ggz, groep_id=wereld.seed.groepen["Team GGZ"], rol="lezer")
    beste = "SELECT versie_id FROM igj_zoek_inhoud_beste(%s, %s::uuid[], %s)"
    alle = "SELECT versie_id FROM igj_zoek_inhoud(%s, %s::uuid[])"
    with wereld.database.engine.connect() as conn:
        nieuwste = conn.execute(
            text("SELECT id FROM versie WHERE document_id = :d ORDER BY nummer DESC LIMIT 1"),
            {"d": wereld.document},
        ).scalar()
    anna_id = wereld.seed.medewerkers["avries"]
    with raw(wereld.database, login_role(wereld.database, "bjansen", request)) as bram:
        for sql, params in ((beste, (f"'{VRAAG}'", [anna_id], 50)), (alle, (f"'{VRAAG}'", None))):
            assert [r[0] for r in bram.execute(sql, params)] == [nieuwste]
        assert [r[0] for r in bram.execute(beste, (f"'{VRAAG}'", None, 0))] == []
        toegang.set_afgeschermd(anna, ggz, True, None)
        assert bram.execute(beste, (f"'{VRAAG}'", [anna_id], 50)).fetchall() == []
    with raw(wereld.database, "postgres") as owner:
        vreemde = f"{make_url(wereld.database.url).database}_vreemd"
        owner.execute(f'CREATE ROLE "{vreemde}" LOGIN')
        drop_role_after(request, vreemde)
    with (
        raw(wereld.database, vreemde) as vreemd,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        vreemd.execute(beste, (f"'{VRAAG}'", None, 50))
