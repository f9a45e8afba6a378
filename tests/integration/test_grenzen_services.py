"""Length limits, page sizes and counts of the services at the boundary and one past it.

At the boundary the value must also fit the database column (PostgreSQL checks lengths,
SQLite does not), one past it the service refuses in Dutch and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from igj_desktop.db import Database
from igj_desktop.models import Base, Document, Dossier, Norm, Telefoonnotitie, Toetsingsinstrument
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import koppelingen, zoeken
from igj_desktop.services.dossiers.telefoonnotities import (
    NieuweTelefoonnotitie,
    record_telefoonnotitie,
)
from igj_desktop.services.dossiers.zoeken import Telling, Zoekvraag, count_dossiers, search_dossiers
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.toetsing import instrumenten
from igj_desktop.services.toetsing.instrumenten import NormInvoer
from igj_desktop.services.workflows import werkvoorraad

from ..seed import Seed
from .dossier_support import add_activiteit, new_dossier


def _count(database: Database, model: type[Base]) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _refused(database: Database, model: type[Base], melding: str, schrijf: Callable[[], object]):
    voor = _count(database, model)
    with pytest.raises(ValidationFailed, match=melding):
        schrijf()
    assert _count(database, model) == voor


def test_dossier_titel_300_and_aanleiding_100(database: Database, ctx: ServiceContext, seed: Seed):
    dossier = new_dossier(ctx, seed, "t" * 300, aanleiding="a" * 100)
    assert (len(dossier.titel), len(dossier.aanleiding)) == (300, 100)
    _refused(database, Dossier, "hoogstens 300 tekens", lambda: new_dossier(ctx, seed, "t" * 301))
    _refused(
        database,
        Dossier,
        "hoogstens 100 tekens",
        lambda: new_dossier(ctx, seed, aanleiding="a" * 101),
    )
    with pytest.raises(ValidationFailed, match="hoogstens 300 tekens"):
        dossiers.update_dossier(ctx, dossier.id, dossier.version, titel="u" * 301)
    assert dossiers.get_dossier_detail(ctx, dossier.id).titel == "t" * 300


def test_koppeling_omschrijving_300(ctx: ServiceContext, seed: Seed) -> None:
    a, b, c = (new_dossier(ctx, seed, titel) for titel in ("A", "B", "C"))
    [rij] = koppelingen.link_dossier(ctx, a.id, b.id, "o" * 300)
    assert len(rij.omschrijving) == 300
    with pytest.raises(ValidationFailed, match="hoogstens 300 tekens"):
        koppelingen.link_dossier(ctx, a.id, c.id, "o" * 301)
    assert len(koppelingen.list_koppelingen(ctx, a.id)) == 1
    url = "https://wpm.igj.nl/" + "x" * (koppelingen.URL_MAX - 19)
    rijen = koppelingen.link_extern(ctx, a.id, next(iter(koppelingen.EXTERNE_SYSTEMEN)), url)
    assert url in {r.url for r in rijen}


def test_document_titel_500_and_bestandsnaam_255(
    database: Database, ctx: ServiceContext, seed: Seed
) -> None:
    dossier = new_dossier(ctx, seed)
    naam = "n" * 251 + ".pdf"
    ref = documenten.add_document(ctx, [dossier.id], naam, b"%PDF-1.4", titel="d" * 500)
    info = documenten.document_info(ctx, ref.document_id)
    assert (len(info.titel), len(info.laatste.bestandsnaam)) == (500, 255)
    _refused(
        database,
        Document,
        "hoogstens 500 tekens",
        lambda: documenten.add_document(ctx, [dossier.id], "x.pdf", b"%PDF", titel="d" * 501),
    )
    _refused(
        database,
        Document,
        "langer dan 255 tekens",
        lambda: documenten.add_document(ctx, [dossier.id], "n" + naam, b"%PDF"),
    )
    with pytest.raises(ValidationFailed, match="hoogstens 500 tekens"):
        documenten.wijzig_document(ctx, ref.document_id, info.version, titel="e" * 501)
    assert documenten.wijzig_document(
        ctx, ref.document_id, info.version, titel="e" * 500
    ).titel == ("e" * 500)


def test_toetsing_naam_300_norm_titel_500_code_40(database: Database, ctx: ServiceContext) -> None:
    grens = NormInvoer("n" * 500, "c" * 40)
    instrument = instrumenten.maak_instrument(ctx, "i" * 300, [grens])
    assert (len(instrument.naam), len(instrument.normen[0].titel)) == (300, 500)
    _refused(
        database,
        Toetsingsinstrument,
        "hoogstens 300 tekens",
        lambda: instrumenten.maak_instrument(ctx, "i" * 301, [grens]),
    )
    for te_lang in (NormInvoer("n" * 501, "c"), NormInvoer("n", "c" * 41)):
        _refused(
            database,
            Norm,
            r"titel \(500\) of code \(40 tekens\)",
            lambda te_lang=te_lang: instrumenten.voeg_norm_toe(ctx, instrument.id, te_lang),
        )


def test_telefoonnotitie_onderwerp_300_nummer_40(
    database: Database, ctx: ServiceContext, seed: Seed
) -> None:
    dossier = new_dossier(ctx, seed)

    def notitie(onderwerp: str, nummer: str) -> object:
        invoer = NieuweTelefoonnotitie(onderwerp, "Samenvatting", telefoonnummer=nummer)
        return record_telefoonnotitie(ctx, dossier.id, invoer)

    notitie("o" * 300, "0" * 40)
    assert _count(database, Telefoonnotitie) == 1
    _refused(database, Telefoonnotitie, "hoogstens 300", lambda: notitie("o" * 301, "0"))
    _refused(database, Telefoonnotitie, "alleen cijfers", lambda: notitie("o", "0" * 41))


def test_search_pages_of_1_to_500(ctx: ServiceContext, seed: Seed) -> None:
    new_dossier(ctx, seed)
    for limit in (1, zoeken.MAX_LIMIT):
        assert search_dossiers(ctx, Zoekvraag(limit=limit)).totaal == 1
    for limit, offset in ((0, 0), (zoeken.MAX_LIMIT + 1, 0), (1, -1)):
        with pytest.raises(ValidationFailed, match="Vraag 1 tot 500 resultaten per pagina"):
            search_dossiers(ctx, Zoekvraag(limit=limit, offset=offset))
    dag = ctx.today()
    assert search_dossiers(ctx, Zoekvraag(geopend_vanaf=dag, geopend_tot=dag)).totaal == 1
    with pytest.raises(ValidationFailed, match=r"^De begindatum ligt na de einddatum\.$"):
        search_dossiers(ctx, Zoekvraag(geopend_vanaf=dag, geopend_tot=dag - timedelta(days=1)))


def test_count_exactly_at_the_limit_is_exact_one_more_is_meer(
    ctx: ServiceContext, seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert zoeken.TELLEN_TOT == 1000  # the real limit; patched below to stay fast
    monkeypatch.setattr(zoeken, "TELLEN_TOT", 2)
    new_dossier(ctx, seed, "Eerste")
    new_dossier(ctx, seed, "Tweede")
    assert count_dossiers(ctx, Zoekvraag()) == Telling(2, meer=False)
    new_dossier(ctx, seed, "Derde")
    assert count_dossiers(ctx, Zoekvraag()) == Telling(2, meer=True)


def test_werkvoorraad_pages_at_the_boundary(ctx: ServiceContext, seed: Seed) -> None:
    dossier = new_dossier(ctx, seed)
    anna = seed.medewerkers["avries"]
    for dag in range(3):
        add_activiteit(
            ctx, dossier.id, f"Taak {dag}", ctx.today() + timedelta(dag), medewerker_id=anna
        )
    titels = [i.titel for i in werkvoorraad.list_werkvoorraad(ctx, "mij")]
    assert titels == ["Taak 0", "Taak 1", "Taak 2"]
    assert [i.titel for i in werkvoorraad.list_werkvoorraad(ctx, "mij", limit=2)] == titels[:2]
    assert [i.titel for i in werkvoorraad.list_werkvoorraad(ctx, "mij", offset=2)] == titels[2:]
    assert werkvoorraad.list_werkvoorraad(ctx, "mij", offset=3) == []
