"""Demo data: fills an empty database once, with what the README promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from igj_desktop.__main__ import main
from igj_desktop.config import Settings
from igj_desktop.db import Database
from igj_desktop.models import (
    Activiteit,
    AuditEntry,
    Betrokkene,
    Dossier,
    Dossiertype,
    GerelateerdDossier,
    Medewerker,
    Relatie,
    Telefoonnotitie,
    Toetsingsinstrument,
)
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.beheer.demo import BEROEPEN, fill_demo
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import zoeken
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.workflows.werkvoorraad import list_werkvoorraad
from tests.conftest import context_for, drop_role_after, make_database


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_fills_once_with_everything_promised(database: Database, request: pytest.FixtureRequest):
    assert fill_demo(database, "JDoe") is True
    with database.session() as session:
        assert count(session, Medewerker) >= 20
        assert count(session, Relatie) >= 200
        sectoren = set(session.scalars(select(Relatie.sector)))
        assert {
            "GGZ",
            "Gehandicaptenzorg",
            "Jeugdhulp",
            "Ouderenzorg",
            "Ziekenhuizen",
            "Farmacie",
            "Medische technologie",
            "Huisartsenzorg",
            "Wijkverpleging",
        } <= sectoren
        assert count(session, Relatie, Relatie.kvk_nummer.is_not(None)) == count(
            session, Relatie, Relatie.soort == "organisatie"
        )
        per_type = Counter(
            session.scalars(
                select(Dossiertype.code).join(Dossier, Dossier.dossiertype_id == Dossiertype.id)
            )
        )
        assert set(per_type) == set(session.scalars(select(Dossiertype.code)))
        assert count(session, Dossier, Dossier.parent_id.is_not(None)) >= 10
        assert (
            count(session, Dossier, Dossier.status == "gesloten", Dossier.parent_id.is_(None)) >= 5
        )
        assert count(session, Dossier, Dossier.bewaartermijn_tot.is_not(None)) >= 5
        assert count(session, Dossier, Dossier.afgeschermd.is_(True)) >= 2
        assert count(session, Betrokkene) >= 50
        assert count(session, GerelateerdDossier, GerelateerdDossier.url.is_(None)) >= 2
        assert count(session, GerelateerdDossier, GerelateerdDossier.url.is_not(None)) >= 3
        assert count(session, Telefoonnotitie) >= 3
        assert count(session, AuditEntry) > 200
        assert count(session, Activiteit, Activiteit.soort == "verzoek_relatie") == 1
        assert count(session, Toetsingsinstrument, Toetsingsinstrument.dossier_id.is_(None)) >= 2
        # Each hoofddossier is in the sector of its OTS: a huisarts is no "Cosmetische zorg".
        ots_sectoren = session.execute(
            select(Dossier.sector, Relatie.sector)
            .join(Betrokkene, Betrokkene.dossier_id == Dossier.id)
            .join(Relatie, Relatie.id == Betrokkene.relatie_id)
            .where(Betrokkene.rol == "ots", Dossier.parent_id.is_(None))
        ).all()
        assert ots_sectoren and all(d == r for d, r in ots_sectoren), ots_sectoren

    gebruiker = context_for(database, request)("jdoe")
    te_beoordelen = post.post_register(gebruiker, alleen_onbeoordeeld=True)
    assert len(te_beoordelen) == 3 and all(p.document_id for p in te_beoordelen)
    assert all(p.relatie for p in te_beoordelen)  # the afzender recognised as betrokkene
    assert len(post.post_deze_week(gebruiker)) == 3
    assert gebruiker.actor.heeft_rol("inspecteur")
    boom = dossiers.list_hoofddossiers(gebruiker)
    assert len(boom) >= 30
    assert any(n.has_children for n in boom) and any(n.afgeschermd for n in boom)
    assert {n.status for n in boom} == {"open", "gesloten"}
    alle = zoeken.search_dossiers(gebruiker, zoeken.Zoekvraag(limit=500)).totaal
    with database.session() as session:
        assert alle < count(session, Dossier)  # some dossiers are colleagues' only

    werk = list_werkvoorraad(gebruiker, "mij")
    vandaag = gebruiker.today()
    assert any(i.overdue for i in werk)
    assert any(0 <= (i.termijn - vandaag).days <= 6 for i in werk)
    assert list_werkvoorraad(gebruiker, "groepen")

    with database.session() as session:
        voor = (count(session, Dossier), count(session, Medewerker), count(session, Relatie))
    assert fill_demo(database, "jdoe") is False
    with database.session() as session:
        assert (
            count(session, Dossier),
            count(session, Medewerker),
            count(session, Relatie),
        ) == voor


def test_an_existing_demo_medewerker_can_be_the_user(
    database: Database, request: pytest.FixtureRequest
):
    assert fill_demo(database, "avries")
    anna = context_for(database, request)("avries")
    assert anna.actor.naam == "Anna de Vries"
    assert len(dossiers.list_hoofddossiers(anna)) >= 30


def test_demo_on_the_shared_database_opens_the_window_as_the_users_own_role(
    request: pytest.FixtureRequest, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    eigenaar = make_database("postgresql", request, tmp_path)
    rol = f"{make_url(eigenaar.url).database}_avries"

    drop_role_after(request, rol)
    monkeypatch.setenv("IGJ_DATABASE_URL", eigenaar.url)
    geopend: list[tuple[str, str, int]] = []

    def run(settings: Settings, database: Database, _instantie: object = None) -> int:
        """The window, without the window: who it logs in as and what that login sees."""
        ctx = ServiceContext.log_in(database, settings.gebruikersnaam)
        with database.engine.connect() as connection:
            wie = connection.scalar(text("SELECT session_user"))
        gezien = zoeken.search_dossiers(ctx, zoeken.Zoekvraag(limit=500)).totaal
        database.dispose()
        geopend.append((ctx.actor.gebruikersnaam, wie, gezien))
        return 0

    monkeypatch.setattr("igj_desktop.app.run", run)
    assert main(["--demo"]) == 0
    with eigenaar.session() as session:
        alle = count(session, Dossier)
    [(gebruiker, wie, gezien)] = geopend
    assert (gebruiker, wie) == ("avries", rol)
    assert 30 <= gezien < alle  # under the policies: not the colleagues' own dossiers


def test_every_tuchtzaak_sector_fits_the_beroep(database: Database):
    """A tuchtklacht against a specialist ouderengeneeskunde is Ouderenzorg, and so is every
    organisatie beside it (no "Mondzorg" regievoerder)."""
    assert fill_demo(database, "jdoe")
    sector_van_beroep = dict(BEROEPEN)
    with database.session() as session:
        rijen = session.execute(
            select(Dossier.id, Dossier.sector, Relatie.naam, Relatie.soort, Relatie.sector)
            .join(Dossiertype, Dossiertype.id == Dossier.dossiertype_id)
            .join(Betrokkene, Betrokkene.dossier_id == Dossier.id)
            .join(Relatie, Relatie.id == Betrokkene.relatie_id)
            .where(Dossiertype.code == "tuchtzaak")
        ).all()
    beroep_van = {
        dossier_id: naam.rsplit(", ", 1)[1]
        for dossier_id, _, naam, soort, _ in rijen
        if soort == "persoon"
    }
    assert len(beroep_van) >= 3
    for dossier_id, dossier_sector, naam, _, relatie_sector in rijen:
        verwacht = sector_van_beroep[beroep_van[dossier_id]]
        assert (dossier_sector, relatie_sector) == (verwacht, verwacht), naam
