"""The access rule lives twice: in Python (``services/toegang/controle.py``, for SQLite and for
Dutch messages) and in PostgreSQL (``igj_mag_zien``/``igj_mag_wijzigen``, for the policies). On
any population of medewerkers, groepen, memberships, dossiers and toegang both must agree."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from igj_desktop.db import Database
from igj_desktop.models import Dossier, Dossiertype, Groep, Lidmaatschap, Medewerker, Toegang
from igj_desktop.services.base import load_actor
from igj_desktop.services.toegang.controle import may_edit, visible_dossier_ids
from tests.conftest import login_role, make_database
from tests.seed import create_seed

MEDEWERKERS = ["avries", "bjansen", "cbakker", "epost"]
GROEPEN = ["Team GGZ", "Team Jeugdhulp", "Postkamer"]
ROLLEN = st.sampled_from([None, "lezer", "behandelaar"])

populatie = st.fixed_dictionaries(
    {
        "leden": st.sets(st.tuples(st.sampled_from(MEDEWERKERS), st.sampled_from(GROEPEN))),
        "dossiers": st.lists(
            st.fixed_dictionaries(
                {
                    "afgeschermd": st.booleans(),
                    "medewerkers": st.fixed_dictionaries({m: ROLLEN for m in MEDEWERKERS}),
                    "groepen": st.fixed_dictionaries({g: ROLLEN for g in GROEPEN}),
                }
            ),
            min_size=1,
            max_size=4,
        ),
    }
)


@pytest.fixture
def pg(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Database, dict[str, str]]:
    db = make_database("postgresql", request, tmp_path)
    create_seed(db)
    return db, {m: login_role(db, m, request, beheer=False) for m in MEDEWERKERS}


def _load(db: Database, populatie: dict) -> list[uuid.UUID]:
    """Replace memberships, dossiers and toegang by the generated population."""
    with db.session() as s, s.begin():
        s.execute(delete(Toegang))
        s.execute(delete(Lidmaatschap))
        s.execute(delete(Dossier))
        mw = {m.gebruikersnaam: m.id for m in s.scalars(select(Medewerker))}
        gr = {g.naam: g.id for g in s.scalars(select(Groep))}
        for m, g in populatie["leden"]:
            s.add(Lidmaatschap(medewerker_id=mw[m], groep_id=gr[g]))
        ids = []
        dossiertype = s.scalar(select(Dossiertype.id).limit(1))
        for index, d in enumerate(populatie["dossiers"]):
            dossier = Dossier(
                kenmerk=f"IGJ-2026-{index:06d}",
                dossiertype_id=dossiertype,
                titel="d",
                aanleiding="Signaal",
                afgeschermd=d["afgeschermd"],
            )
            s.add(dossier)
            s.flush()
            ids.append(dossier.id)
            for m, rol in d["medewerkers"].items():
                if rol:
                    s.add(Toegang(dossier_id=dossier.id, medewerker_id=mw[m], rol=rol))
            for g, rol in d["groepen"].items():
                if rol:
                    s.add(Toegang(dossier_id=dossier.id, groep_id=gr[g], rol=rol))
    return ids


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(populatie=populatie)
def test_python_and_postgresql_agree_on_who_sees_and_changes(
    pg: tuple[Database, dict[str, str]], populatie: dict
) -> None:
    db, rollen = pg
    ids = _load(db, populatie)
    with db.session() as s:
        for gebruikersnaam, rol in rollen.items():
            actor = load_actor(s, gebruikersnaam)
            zien = set(s.scalars(visible_dossier_ids(actor)))
            wijzigen = {d for d in ids if may_edit(s, actor, s.get(Dossier, d))}
            connection = s.connection()
            connection.exec_driver_sql(f'SET SESSION AUTHORIZATION "{rol}"')
            sql: dict[str, set[uuid.UUID]] = {}
            rijen = connection.exec_driver_sql(
                "SELECT d, igj_mag_zien(d), igj_mag_wijzigen(d) FROM unnest(%s::uuid[]) d",
                (ids,),
            ).all()
            sql["zien"] = {d for d, z, _ in rijen if z}
            sql["wijzigen"] = {d for d, _, w in rijen if w}
            sql["policy"] = set(connection.exec_driver_sql("SELECT id FROM dossier").scalars())
            connection.exec_driver_sql("RESET SESSION AUTHORIZATION")
            assert sql["zien"] == zien == sql["policy"], gebruikersnaam
            assert sql["wijzigen"] == wijzigen, gebruikersnaam
        s.rollback()
