"""The dossiertype catalog is upserted into the database; bewaartermijn from what ran."""

from __future__ import annotations

from sqlalchemy import select

from igj_desktop.db import Database
from igj_desktop.models import Dossiertype
from igj_desktop.services.workflows.catalogus import sync_dossiertypes
from tests.seed import Seed


def test_sync_updates_seeded_types_and_is_idempotent(database: Database, seed: Seed) -> None:
    with database.session() as session, session.begin():
        session.add(Dossiertype(code="verouderd", naam="Verouderd type"))
    for _ in range(2):
        with database.session() as session, session.begin():
            sync_dossiertypes(session)
    with database.session() as session:
        types = {t.code: t for t in session.scalars(select(Dossiertype))}
        assert types["handhaving"].id == seed.dossiertypes["handhaving"]
        assert types["handhaving"].bewaartermijn_jaren == 20
        assert "lod" in types["handhaving"].workflows
        assert types["bezwaar_beroep"].bewaarregels["workflows"]["hoger_beroep"] == 25
        assert types["verouderd"].actief is False
        assert types["tuchtzaak"].version == 2  # changed once, the second sync wrote nothing
