"""Demo data: fills an empty database once, with what the README promises."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

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
from igj_desktop.services.beheer.demo import fill_demo
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import zoeken
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.workflows.werkvoorraad import list_werkvoorraad


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_fills_once_with_everything_promised(database: Database):
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

    gebruiker = ServiceContext.for_user(database, "jdoe")
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


def test_an_existing_demo_medewerker_can_be_the_user(database: Database):
    assert fill_demo(database, "avries")
    anna = ServiceContext.for_user(database, "avries")
    assert anna.actor.naam == "Anna de Vries"
    assert len(dossiers.list_hoofddossiers(anna)) >= 30
