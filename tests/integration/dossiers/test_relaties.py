"""Betrokkenen of a dossier and the relatie register (seed 000: toevoegen relatie)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from igj_desktop.models import Activiteit, Relatie
from igj_desktop.services.dossiers import relaties
from igj_desktop.services.errors import NotFound, ValidationFailed
from tests.integration.dossier_support import new_dossier


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("noorder", ["GGZ Noorderlicht"]),
        ("GRONINGEN", ["GGZ Noorderlicht", "J. Pietersen, psychiater"]),
        ("3012", ["Zorggroep De Linde"]),  # KvK prefix
        ("19012345601", ["J. Pietersen, psychiater"]),  # BIG
        ("%", []),
    ],
)
def test_search_register_by_name_place_and_numbers(ctx, tekst, verwacht):
    assert [r.naam for r in relaties.search_relaties(ctx, tekst)] == verwacht


def test_search_register_by_agb_sector_and_soort(ctx, seed, database):
    with database.session() as session, session.begin():
        session.get(Relatie, seed.relaties["Apotheek De Vijzel"]).agb_code = "06012345"
    assert [r.naam for r in relaties.search_relaties(ctx, "0601")] == ["Apotheek De Vijzel"]
    ggz = relaties.search_relaties(ctx, "", sector="GGZ", soort="organisatie")
    assert [(r.naam, r.adres) for r in ggz] == [
        ("GGZ Noorderlicht", "Hoofdstraat 1, 1234 AB Groningen")
    ]


def test_add_and_remove_betrokkenen_with_a_role(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed)
    rows = relaties.add_betrokkenen(
        ctx,
        dossier.id,
        [seed.relaties["Zorggroep De Linde"], seed.relaties["Apotheek De Vijzel"]],
        "stakeholder",
        "Koepel",
    )
    assert [(r.naam, r.rol, r.toelichting) for r in rows] == [
        ("Apotheek De Vijzel", "stakeholder", "Koepel"),
        ("Zorggroep De Linde", "stakeholder", "Koepel"),
    ]
    rows = relaties.add_betrokkenen(ctx, dossier.id, [seed.relaties["GGZ Noorderlicht"]], "ots")
    assert rows[0].naam == "GGZ Noorderlicht"  # OTS first
    # the same relatie in the same role twice: refused, nothing added
    with pytest.raises(ValidationFailed, match="al betrokken"):
        relaties.add_betrokkenen(
            ctx,
            dossier.id,
            [seed.relaties["Ziekenhuis Rivierenland"], seed.relaties["GGZ Noorderlicht"]],
            "ots",
        )
    assert len(relaties.list_betrokkenen(ctx, dossier.id)) == 3
    relaties.add_betrokkenen(ctx, dossier.id, [seed.relaties["GGZ Noorderlicht"]], "regievoerder")
    with pytest.raises(ValidationFailed, match="Onbekende rol"):
        relaties.add_betrokkenen(ctx, dossier.id, [seed.relaties["GGZ Noorderlicht"]], "vriend")
    with pytest.raises(ValidationFailed, match="relatieregister"):
        relaties.add_betrokkenen(ctx, dossier.id, [uuid.uuid4()], "ots")
    with pytest.raises(NotFound):
        relaties.add_betrokkenen(
            ctx_for("cbakker"), dossier.id, [seed.relaties["GGZ Noorderlicht"]], "ots"
        )

    stakeholder = next(r for r in rows if r.naam == "Zorggroep De Linde")
    rows = relaties.remove_betrokkene(ctx, dossier.id, stakeholder.id)
    assert "Zorggroep De Linde" not in [r.naam for r in rows]
    with pytest.raises(NotFound):
        relaties.remove_betrokkene(ctx, dossier.id, stakeholder.id)


def test_request_new_relatie_creates_activiteit_for_relatiebeheer(ctx, seed, database):
    dossier = new_dossier(ctx, seed)
    verzoek = relaties.RelatieVerzoek(
        naam=" Zorgboerderij De Hoeve ", kvk_nummer="12345678", plaats="Epe", toelichting="Nieuw"
    )
    activiteit_id = relaties.request_relatie(ctx, dossier.id, verzoek)
    with database.session() as session:
        activiteit = session.get(Activiteit, activiteit_id)
        assert activiteit.soort == "verzoek_relatie"
        assert activiteit.eigenaar_groep_id == seed.groepen["Relatiebeheer"]
        assert activiteit.gegevens["naam"] == "Zorgboerderij De Hoeve"
        assert activiteit.gegevens["kvk_nummer"] == "12345678"
        assert activiteit.termijn > ctx.today()
    with pytest.raises(ValidationFailed, match="8 cijfers"):
        relaties.request_relatie(ctx, dossier.id, relaties.RelatieVerzoek("X", kvk_nummer="12"))
    with pytest.raises(ValidationFailed, match="naam"):
        relaties.request_relatie(ctx, dossier.id, relaties.RelatieVerzoek(" "))
    with database.session() as session:
        assert len(session.scalars(select(Activiteit)).all()) == 1
