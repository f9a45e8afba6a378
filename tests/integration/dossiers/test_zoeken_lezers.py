"""PostgreSQL keeps each dossier's readers (``zoek_lezers``) in step with its toegang, so the
search's index narrows to exactly what ``visible_dossiers`` allows; SQLite searches as before."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import delete, text, update

from igj_desktop.db import alembic_config
from igj_desktop.models import Betrokkene, Relatie
from igj_desktop.services.dossiers import relaties
from igj_desktop.services.dossiers.zoeken import Zoekvraag, search_dossiers
from igj_desktop.services.toegang import toekenning as toegang
from tests.integration.dossier_support import new_dossier

REGEL = """
SELECT d.id FROM dossier d
WHERE d.zoek_lezers::text[] IS DISTINCT FROM ARRAY(
    SELECT x::text FROM (
        SELECT medewerker_id AS x FROM toegang WHERE dossier_id = d.id AND medewerker_id IS NOT NULL
        UNION
        SELECT groep_id FROM toegang WHERE dossier_id = d.id AND groep_id IS NOT NULL
            AND NOT d.afgeschermd
    ) s ORDER BY x::text)::text[]
"""


def _ids(ctx, **criteria) -> set:
    return {n.id for n in search_dossiers(ctx, Zoekvraag(**criteria)).dossiers}


def _afwijkend(database) -> list:
    """Dossiers whose stored readers differ from the access rule (sorted for comparison)."""
    sql = REGEL.replace(
        "d.zoek_lezers::text[]", "ARRAY(SELECT unnest(d.zoek_lezers)::text ORDER BY 1)"
    )
    with database.engine.connect() as conn:
        return list(conn.execute(text(sql)).scalars())


def test_readers_follow_toegang_and_afscherming(ctx, ctx_for, seed, database):
    carla = ctx_for("cbakker")
    dossier = new_dossier(
        ctx,
        seed,
        "Vrijheidsbeperking in de ouderenzorg",
        omschrijving="Signalen over onvrijwillige zorg",
        betrokkenen=[(seed.relaties["GGZ Noorderlicht"], "ots")],
    )
    assert dossier.id in _ids(ctx, tekst="vrijheidsbeperking onvrijwillige")  # titel + omschr.
    assert dossier.id not in _ids(carla, tekst="vrijheidsbeperking")
    groep = seed.groepen["Toezicht Jeugd"]
    toegang.grant_toegang(ctx, dossier.id, groep_id=groep, rol="lezer")
    assert dossier.id in _ids(carla, tekst="vrijheidsbeperking")
    assert dossier.id in _ids(carla, relatie="noorderlicht")
    toegang.set_afgeschermd(ctx, dossier.id, True, None)
    assert dossier.id not in _ids(carla, tekst="vrijheidsbeperking")
    toegang.set_afgeschermd(ctx, dossier.id, False, None)
    assert dossier.id in _ids(carla, tekst="vrijheidsbeperking")
    rij = next(r for r in toegang.list_toegang(ctx, dossier.id) if r.groep_id == groep)
    toegang.revoke_toegang(ctx, dossier.id, rij.id)
    assert dossier.id not in _ids(carla, tekst="vrijheidsbeperking")
    assert dossier.id not in _ids(carla, relatie="noorderlicht")
    assert dossier.id in _ids(ctx, tekst="vrijheidsbeperking")
    if database.engine.dialect.name == "postgresql":
        assert _afwijkend(database) == []


def test_relatie_names_follow_betrokkenen_and_renames(ctx, seed, database):
    dossier = new_dossier(ctx, seed, "Wachttijden", omschrijving="Relatiezoeken")
    vijzel = seed.relaties["Apotheek De Vijzel"]
    assert dossier.id not in _ids(ctx, relatie="vijzel")
    rijen = relaties.add_betrokkenen(ctx, dossier.id, [vijzel], "ots")
    assert dossier.id in _ids(ctx, relatie="vijzel")
    assert dossier.id in _ids(ctx, relatie="ViJzEl")
    assert dossier.id in _ids(ctx, relatie="apotheek de v")  # within one name
    with database.engine.begin() as conn:
        conn.execute(update(Relatie).where(Relatie.id == vijzel).values(naam="Apotheek Het Roer"))
    assert dossier.id in _ids(ctx, relatie="het roer")
    assert dossier.id not in _ids(ctx, relatie="vijzel")
    relaties.remove_betrokkene(ctx, dossier.id, rijen[0].id)
    assert dossier.id not in _ids(ctx, relatie="het roer")
    with database.engine.begin() as conn:  # SQLite: the trigram table's delete trigger
        conn.execute(delete(Betrokkene).where(Betrokkene.relatie_id == vijzel))
        conn.execute(delete(Relatie).where(Relatie.id == vijzel))


def test_the_migrations_fill_in_the_readers_of_existing_dossiers(ctx, seed, database):
    """Down to 0010 (no stored readers) and up again: the dossiers made before get theirs."""
    if database.engine.dialect.name != "postgresql":
        pytest.skip("zoek_lezers bestaat alleen in PostgreSQL")
    bestaand = new_dossier(ctx, seed, "Infectiepreventie", omschrijving="Voor de migratie")
    config = alembic_config(database.engine)
    command.downgrade(config, "0010")
    command.upgrade(config, "head")
    with database.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM dossier WHERE zoek_lezers <> '{}'")) > 0
        assert conn.scalar(text("SELECT count(*) FROM dossier WHERE zoek_behandelaars <> '{}'"))
    assert _afwijkend(database) == []
    assert bestaand.id in _ids(ctx, tekst="infectiepreventie migratie")
