"""Vastleggen telefoonnotitie with its predefined fields."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from igj_desktop.services.dossiers import afsluiten
from igj_desktop.services.dossiers.telefoonnotities import (
    NieuweTelefoonnotitie,
    list_telefoonnotities,
    record_telefoonnotitie,
)
from igj_desktop.services.dossiers.tijdlijn import list_tijdlijn
from igj_desktop.services.errors import NotFound, ValidationFailed
from tests.integration.dossier_support import new_dossier


def test_record_and_list(ctx, ctx_for, seed):
    dossier = new_dossier(ctx, seed)
    record_telefoonnotitie(
        ctx,
        dossier.id,
        NieuweTelefoonnotitie(
            onderwerp="Terugbelverzoek bestuurder",
            samenvatting="Bestuurder vraagt uitstel van de zienswijze.",
            gesprekspartner="Mw. K. de Boer",
            telefoonnummer="+31 (0)50 123 45 67",
            relatie_id=seed.relaties["GGZ Noorderlicht"],
            gesprek_op=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
            actiepunten="Uitstel beoordelen",
            terugbellen=True,
        ),
    )
    record_telefoonnotitie(
        ctx,
        dossier.id,
        NieuweTelefoonnotitie(onderwerp="Melder", samenvatting="Aanvulling", richting="uitgaand"),
    )
    notities = list_telefoonnotities(ctx, dossier.id)
    assert [n.onderwerp for n in notities] == ["Melder", "Terugbelverzoek bestuurder"]
    oud = notities[1]
    assert (oud.medewerker, oud.gesprekspartner, oud.terugbellen, oud.richting) == (
        "Anna de Vries",
        "Mw. K. de Boer",
        True,
        "inkomend",
    )
    assert oud.gesprek_op == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert list_tijdlijn(ctx, dossier.id)[0].actie == "telefoonnotitie_vastgelegd"
    with pytest.raises(NotFound):
        list_telefoonnotities(ctx_for("cbakker"), dossier.id)


@pytest.mark.parametrize(
    ("velden", "melding"),
    [
        ({"onderwerp": " ", "samenvatting": "x"}, "onderwerp"),
        ({"onderwerp": "x", "samenvatting": ""}, "samenvatting"),
        ({"onderwerp": "x", "samenvatting": "y", "telefoonnummer": "bel mij"}, "cijfers"),
        ({"onderwerp": "x", "samenvatting": "y", "richting": "zijwaarts"}, "inkomend"),
        (
            {"onderwerp": "x", "samenvatting": "y", "gesprek_op": datetime(2026, 1, 1)},
            "tijdzone",
        ),
    ],
)
def test_bad_input_changes_nothing(ctx, seed, velden, melding):
    dossier = new_dossier(ctx, seed)
    with pytest.raises(ValidationFailed, match=melding):
        record_telefoonnotitie(ctx, dossier.id, NieuweTelefoonnotitie(**velden))
    assert list_telefoonnotities(ctx, dossier.id) == []


def test_not_on_a_closed_dossier(ctx, seed):
    dossier = new_dossier(ctx, seed)
    afsluiten.close_dossier(ctx, dossier.id, "Klaar", dossier.version)
    with pytest.raises(ValidationFailed, match="gesloten"):
        record_telefoonnotitie(ctx, dossier.id, NieuweTelefoonnotitie("x", "y"))
