"""The search functions of migration 0013 run as the schema owner: they must hand a login
exactly what the policies let it see, never text, and take the search text as data only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import default_store
from igj_desktop.models.zoekfuncties import DOSSIERS, INHOUD, INTERN
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import zoekindex
from igj_desktop.services.documenten.inhoud_zoeken import zoek_in_inhoud
from igj_desktop.services.dossiers.zoeken import Zoekvraag, search_dossiers
from igj_desktop.services.tekens import like_pattern
from igj_desktop.services.toegang.toekenning import grant_toegang, set_afgeschermd
from tests.conftest import drop_role_after, login_role, make_database
from tests.inhoud_bestanden import docx_bytes
from tests.integration.dossier_support import new_dossier
from tests.integration.toegang.test_vertrouwen import raw
from tests.seed import Seed, create_seed

ZOEK = "SELECT * FROM igj_zoek_dossiers(%s::text[], %s, %s::uuid[])"
INHOUD_ZOEK = "SELECT * FROM igj_zoek_inhoud(%s, %s::uuid[])"


@pytest.fixture
def pg(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    return make_database("postgresql", request, tmp_path)


@pytest.fixture
def pg_seed(pg: Database) -> Seed:
    return create_seed(pg)


@pytest.fixture
def anna(pg: Database, pg_seed: Seed) -> ServiceContext:
    return ServiceContext.for_user(pg, "avries")


@pytest.fixture
def dossiers(anna: ServiceContext, pg_seed: Seed) -> dict[str, uuid.UUID]:
    """Anna's afgeschermd dossier (Team GGZ was lezer before) and an open one Team GGZ reads,
    both about "vrijheidsbeperking", with GGZ Noorderlicht and a document saying "separeer"."""
    ids = {}
    for naam in ("geheim", "open"):
        dossier = new_dossier(
            anna,
            pg_seed,
            f"Vrijheidsbeperking {naam}",
            betrokkenen=[(pg_seed.relaties["GGZ Noorderlicht"], "ots")],
        )
        grant_toegang(anna, dossier.id, groep_id=pg_seed.groepen["Team GGZ"], rol="lezer")
        documenten.add_document(
            anna,
            [dossier.id],
            f"{naam}.docx",
            docx_bytes(f"Separeerverslag {naam}: de cliënt werd gesepareerd op zaal {naam}."),
            titel=f"Verslag {naam}",
        )
        ids[naam] = dossier.id
    set_afgeschermd(anna, ids["geheim"], True, None)
    zoekindex.bijwerken(anna.db, default_store(anna.db), van=anna.actor.medewerker_id)
    return ids


@pytest.fixture
def bram_rol(pg: Database, pg_seed: Seed, request: pytest.FixtureRequest) -> str:
    return login_role(pg, "bjansen", request)


@pytest.fixture
def bram(pg: Database, bram_rol: str) -> Iterator[psycopg.Connection]:
    """Bram (Team GGZ) at a raw SQL prompt as his own role."""
    with raw(pg, bram_rol) as connection:
        yield connection


@pytest.fixture
def als_bram(pg: Database, bram_rol: str, request: pytest.FixtureRequest) -> ServiceContext:
    """The app, logged in as Bram's role."""
    db = Database(make_url(pg.url).set(username=bram_rol).render_as_string(hide_password=False))
    request.addfinalizer(db.dispose)
    return ServiceContext.log_in(db, "bjansen")


def als_eigenaar_vastgezet(owner: psycopg.Connection, functie: str) -> str:
    """Assert ``functie`` runs as its owner with its search_path pinned; its volatility."""
    prosecdef, config, volatiel = owner.execute(
        "SELECT prosecdef, proconfig, provolatile FROM pg_proc WHERE oid = to_regprocedure(%s)",
        (functie,),
    ).fetchone()
    assert prosecdef and any(c.startswith("search_path=") for c in config)
    return volatiel


def _ids(connection: psycopg.Connection, sql: str, *params: object) -> set[uuid.UUID]:
    return {row[0] for row in connection.execute(sql, params)}


def test_a_shielded_dossier_is_never_found_for_another_medewerker(
    pg: Database,
    pg_seed: Seed,
    dossiers: dict[str, uuid.UUID],
    bram: psycopg.Connection,
    als_bram: ServiceContext,
    request: pytest.FixtureRequest,
) -> None:
    anna_id = pg_seed.medewerkers["avries"]
    # naming Anna as the reader (the owner's parameter) changes nothing for a login
    for wie in ([anna_id], [], None):
        assert _ids(bram, ZOEK, ["%vrijheidsbeperking%"], None, wie) == {dossiers["open"]}
        assert _ids(bram, ZOEK, [], "%noorderlicht%", wie) == {dossiers["open"]}
    assert {d for d, _ in bram.execute(INHOUD_ZOEK, ("'separeerverslag'", [anna_id]))} == {
        v for v in _versies(pg, dossiers["open"])
    }
    # the app as Bram's role: the same, and Carla (another team) finds neither
    gevonden = search_dossiers(als_bram, Zoekvraag(tekst="vrijheidsbeperking")).dossiers
    assert {n.id for n in gevonden} == {dossiers["open"]}
    with raw(pg, login_role(pg, "cbakker", request)) as carla:
        assert _ids(carla, ZOEK, ["%vrijheidsbeperking%"], None, [anna_id]) == set()
        assert _ids(carla, INHOUD_ZOEK, "'separeerverslag'", [anna_id]) == set()
    # Anna treats both; unshielded, Team GGZ reads the geheim one again
    with raw(pg, login_role(pg, "avries", request)) as anna:
        assert _ids(anna, ZOEK, ["%vrijheidsbeperking%"], None, None) == set(dossiers.values())
    set_afgeschermd(ServiceContext.for_user(pg, "avries"), dossiers["geheim"], False, None)
    assert _ids(bram, ZOEK, ["%vrijheidsbeperking%"], None, None) == set(dossiers.values())


def _versies(pg: Database, dossier_id: uuid.UUID) -> set[uuid.UUID]:
    with pg.engine.connect() as connection:
        return set(
            connection.exec_driver_sql(
                "SELECT v.id FROM versie v JOIN document_dossier k ON k.document_id = v.document_id"
                " WHERE k.dossier_id = %s",
                (dossier_id,),
            ).scalars()
        )


@pytest.mark.parametrize("gebruiker", ["avries", "bjansen", "cbakker", "dsmit", "epost"])
def test_the_functions_find_what_the_policies_show(
    pg: Database,
    dossiers: dict[str, uuid.UUID],
    gebruiker: str,
    request: pytest.FixtureRequest,
) -> None:
    """The function's rule and the policies agree: what a login finds through the index is
    what a plain (slow) query under the policies finds."""
    with raw(pg, login_role(pg, gebruiker, request)) as rol:
        for patroon in ("%vrijheidsbeperking%", "%geheim%", "%open%"):
            onder_policies = _ids(rol, "SELECT id FROM dossier WHERE zoek_tekst ILIKE %s", patroon)
            assert _ids(rol, ZOEK, [patroon], None, None) == onder_policies
        onder_policies = _ids(
            rol,
            "SELECT versie_id FROM versie_tekst"
            " WHERE zoekvector @@ to_tsquery('dutch', 'separeerverslag')",
        )
        assert _ids(rol, INHOUD_ZOEK, "'separeerverslag'", None) == onder_policies


def test_no_text_of_an_invisible_document_comes_out(
    pg: Database,
    dossiers: dict[str, uuid.UUID],
    bram: psycopg.Connection,
    als_bram: ServiceContext,
) -> None:
    """The function returns ids and a rank only; fragments are made by the app from rows its
    login can read, so a word only in the shielded document yields nothing at all."""
    cursor = bram.execute(INHOUD_ZOEK, ("'geheim'", None))
    assert [c.name for c in cursor.description] == ["versie_id", "rang"]
    assert cursor.fetchall() == []
    assert zoek_in_inhoud(als_bram, Zoekvraag(tekst="geheim")) == []
    treffers = zoek_in_inhoud(als_bram, Zoekvraag(tekst="separeerverslag"))
    assert [t.document_titel for t in treffers] == ["Verslag open"]
    assert "geheim" not in " ".join(t.fragment for t in treffers).lower()
    # a temporary table cannot stand in for the rule: the search path is pinned
    with bram.transaction():
        bram.execute(
            "CREATE TEMP TABLE igj_mijn_toegang (dossier_id uuid, rol text) ON COMMIT DROP"
        )
        bram.execute(
            "INSERT INTO igj_mijn_toegang VALUES (%s, 'behandelaar')", (dossiers["geheim"],)
        )
        assert _ids(bram, ZOEK, ["%geheim%"], None, None) == set()
        assert _ids(bram, INHOUD_ZOEK, "'geheim'", None) == set()


@pytest.mark.parametrize(
    "tekst",
    [
        "'); DELETE FROM toegang; --",
        "x' OR 1=1 --",
        "%",
        "_",
        "\\",
        "$1",
        "vrijheids%open",
    ],
)
def test_the_search_text_is_data(
    pg: Database,
    dossiers: dict[str, uuid.UUID],
    bram: psycopg.Connection,
    als_bram: ServiceContext,
    tekst: str,
) -> None:
    """Quotes, comments, LIKE wildcards and placeholders in a search find literally that
    text (here: nothing) and change nothing."""
    for vraag in (Zoekvraag(tekst=tekst), Zoekvraag(relatie=tekst)):
        assert search_dossiers(als_bram, vraag).dossiers == ()
    patroon = like_pattern(tekst)
    assert _ids(bram, ZOEK, [patroon], patroon, None) == set()
    with pg.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM toegang").scalar()


def test_only_medewerkers_may_call_the_search_and_no_one_the_helpers(
    pg: Database,
    pg_seed: Seed,
    dossiers: dict[str, uuid.UUID],
    bram: psycopg.Connection,
    request: pytest.FixtureRequest,
) -> None:
    with raw(pg, "postgres") as owner:
        for functie in (DOSSIERS, INHOUD):
            assert als_eigenaar_vastgezet(owner, functie) == "s"
        vreemde = f"{pg.engine.url.database}_vreemd"
        owner.execute(f'CREATE ROLE "{vreemde}" LOGIN')
        drop_role_after(request, vreemde)
    with raw(pg, vreemde) as vreemd:
        for sql, params in ((ZOEK, (["%a%"], None, None)), (INHOUD_ZOEK, ("'a'", None))):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                vreemd.execute(sql, params)
    for helper in INTERN:  # a shielded dossier's relatie names through 0011's helper
        argumenten = "%s" if helper.endswith("(uuid)") else "%s, false"
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bram.execute(f"SELECT {helper.split('(')[0]}({argumenten})", (dossiers["geheim"],))
