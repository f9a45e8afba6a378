"""The toetsing module: instrument library, vaststellen/bijstellen with versions, bevindingen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from igj_desktop.db import Database
from igj_desktop.models import Activiteit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten.review import Reviewverzoek
from igj_desktop.services.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from igj_desktop.services.toetsing import bevindingen as toetsing
from igj_desktop.services.toetsing import instrumenten
from igj_desktop.services.toetsing.instrumenten import NormInvoer
from tests.document_demo import maak_dossier
from tests.seed import Seed


def _open_reviews(database: Database) -> list[str]:
    with database.session() as s:
        return list(s.scalars(select(Activiteit.titel).filter_by(soort="review", status="open")))


def test_library_holds_the_examples_from_the_seeds(ctx: ServiceContext) -> None:
    bibliotheek = instrumenten.zorg_voor_bibliotheek(ctx)
    assert instrumenten.zorg_voor_bibliotheek(ctx) == bibliotheek  # idempotent
    namen = {i.naam: i for i in bibliotheek}
    wkkgz = namen["Wkkgz – goede zorg (artikel 3)"]
    assert wkkgz.status == "vastgesteld" and wkkgz.vastgestelde_versie == 1
    artikel3 = wkkgz.normen[0]
    assert (artikel3.wet, artikel3.wetsartikel) == ("Wkkgz", "artikel 3")
    assert "redelijkerwijs moet leiden tot het verlenen van goede zorg" in artikel3.toelichting
    netwerk = namen["Toetsingskader zorgnetwerken rond thuiswonende cliënten"]
    assert any("KNMG" in n.veldnorm for n in netwerk.normen)


def test_select_adjust_review_vaststellen_bijstellen_keeps_versions(
    database: Database, seed: Seed, ctx: ServiceContext
) -> None:
    dossier = maak_dossier(database, seed)
    bron = next(i for i in instrumenten.zorg_voor_bibliotheek(ctx) if i.naam.startswith("Wkkgz"))
    eigen = instrumenten.kies_instrument(ctx, dossier.id, bron.id)
    assert eigen.dossier_id == dossier.id and eigen.bron_id == bron.id
    assert eigen.status == "concept" and len(eigen.normen) == len(bron.normen)
    assert not eigen.vastgesteld
    with pytest.raises(ValidationFailed):
        instrumenten.kies_instrument(ctx, dossier.id, bron.id)

    eigen = instrumenten.voeg_norm_toe(
        ctx, eigen.id, NormInvoer("Medicatieveiligheid", "1.5", "Wkkgz", "artikel 3", "VMS")
    )
    with pytest.raises(ValidationFailed):
        instrumenten.vraag_review_instrument(ctx, eigen.id, eigen.version)  # who reviews?
    bram = Reviewverzoek(ctx.today() + timedelta(days=3), seed.medewerkers["bjansen"])
    eigen = instrumenten.vraag_review_instrument(ctx, eigen.id, eigen.version, bram)
    assert eigen.status_label == "ter review"
    assert _open_reviews(database) == [
        "Review toetsingsinstrument 'Wkkgz – goede zorg (artikel 3)'"
    ]
    eigen = instrumenten.vaststellen(ctx, eigen.id, eigen.version)
    assert (eigen.status, eigen.vastgestelde_versie, eigen.vastgesteld) == ("vastgesteld", 1, True)
    with pytest.raises(ValidationFailed) as fout:
        instrumenten.voeg_norm_toe(ctx, eigen.id, NormInvoer("Nog een"))
    assert "Bijstellen" in fout.value.message

    eigen = instrumenten.bijstellen(ctx, eigen.id, eigen.version)
    medicatie = next(n for n in eigen.normen if n.code == "1.5")
    eigen = instrumenten.wijzig_norm(
        ctx, medicatie.id, medicatie.version,
        NormInvoer("Medicatieveiligheid en -overdracht", "1.5", "Wkkgz", "artikel 3", "VMS"),
    )  # fmt: skip
    with pytest.raises(Conflict):
        instrumenten.wijzig_norm(ctx, medicatie.id, medicatie.version, NormInvoer("Oud"))
    eigen = instrumenten.vaststellen(ctx, eigen.id, eigen.version)
    assert eigen.vastgestelde_versie == 2

    versies = instrumenten.instrument_versies(ctx, eigen.id)
    assert [v for v, _ in versies] == [1, 2]
    assert versies[0][1][-1]["titel"] == "Medicatieveiligheid"
    assert versies[1][1][-1]["titel"] == "Medicatieveiligheid en -overdracht"
    assert instrumenten.instrument(ctx, bron.id).normen == bron.normen  # library untouched


def test_waarnemingen_bevindingen_bewijs_review_and_oordeel(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for
) -> None:
    dossier = maak_dossier(database, seed)
    eigen = instrumenten.maak_instrument(
        ctx, "Eigen kader crisisopvang",
        [NormInvoer("Toezicht in de nacht", "N1", "Wkkgz", "artikel 3"), NormInvoer("Scholing")],
        dossier_id=dossier.id,
    )  # fmt: skip
    nacht, scholing = eigen.normen
    toetsing.voeg_waarneming_toe(
        ctx, dossier.id, nacht.id, "Eén nachtdienst voor 24 cliënten.",
        afspraak_id=dossier.afspraak_id,
    )  # fmt: skip
    toetsing.voeg_waarneming_toe(ctx, dossier.id, nacht.id, "Geen camerabewaking op de gang.")
    with pytest.raises(ValidationFailed):
        toetsing.voeg_waarneming_toe(ctx, dossier.id, nacht.id, "   ")
    with pytest.raises(ValidationFailed):
        toetsing.leg_bevinding_vast(ctx, dossier.id, nacht.id, "x", "slecht")
    bevinding_id = toetsing.leg_bevinding_vast(
        ctx, dossier.id, nacht.id, "De bezetting in de nacht is onvoldoende.", "voldoet_niet"
    )
    foto = documenten.add_document(
        ctx, [dossier.id], "gang.jpg", b"\xff\xd8\xff foto", soort="foto"
    )
    toetsing.voeg_bewijs_toe(ctx, bevinding_id, foto.document_id)
    ander = maak_dossier(database, seed)
    vreemd = documenten.add_document(ctx, [ander.id], "ander.jpg", b"\xff\xd8\xff ander")
    with pytest.raises(ValidationFailed):
        toetsing.voeg_bewijs_toe(ctx, bevinding_id, vreemd.document_id)

    [concept, leeg] = toetsing.toetsing_van_dossier(ctx, dossier.id).resultaten
    assert (concept.mag_ter_review, concept.mag_accorderen) == (True, False)  # what follows
    assert not (leeg.mag_ter_review or leeg.mag_accorderen)  # no bevinding yet
    with pytest.raises(ValidationFailed):
        toetsing.accordeer_bevinding(ctx, bevinding_id)  # not offered for review yet
    groep = Reviewverzoek(ctx.today(), groep_id=seed.groepen["Team GGZ"])
    assert toetsing.bevindingen_ter_review(ctx, dossier.id, groep) == 1
    ter_review = toetsing.toetsing_van_dossier(ctx, dossier.id).resultaten[0]
    assert (ter_review.mag_ter_review, ter_review.mag_accorderen) == (False, True)
    assert _open_reviews(database) == ["Review waarnemingen en bevindingen"]
    with pytest.raises(ValidationFailed):  # nothing in concept any more
        toetsing.bevindingen_ter_review(ctx, dossier.id, groep)
    assert len(_open_reviews(database)) == 1
    bram = ctx_for("bjansen")
    toetsing.accordeer_bevinding(bram, bevinding_id)
    toetsing.leg_oordeel_vast(ctx, dossier.id, "voldoet_niet", "Direct verbeteren.")

    overzicht = toetsing.toetsing_van_dossier(ctx, dossier.id)
    eerste, tweede = overzicht.resultaten
    assert [w.tekst for w in eerste.waarnemingen] == [
        "Eén nachtdienst voor 24 cliënten.", "Geen camerabewaking op de gang.",
    ]  # fmt: skip
    assert eerste.waarnemingen[0].medewerker == "Anna de Vries"
    assert (eerste.oordeel_label, eerste.status, eerste.geaccordeerd_door) == (
        "voldoet niet", "geaccordeerd", "Bram Jansen",
    )  # fmt: skip
    assert [b.titel for b in eerste.bewijs] == ["gang"]
    assert (tweede.oordeel_label, tweede.bevinding_id) == ("niet getoetst", None)
    assert (overzicht.oordeel_label, overzicht.oordeel_toelichting) == (
        "voldoet niet", "Direct verbeteren.",
    )  # fmt: skip

    # changing an accorded bevinding sends it back to concept
    toetsing.leg_bevinding_vast(
        ctx, dossier.id, nacht.id, "Bezetting onvoldoende; camera ontbreekt.", "voldoet_niet",
        expected_version=eerste.bevinding_version,
    )  # fmt: skip
    with pytest.raises(Conflict):
        toetsing.leg_bevinding_vast(
            bram, dossier.id, nacht.id, "oud", "voldoet", expected_version=eerste.bevinding_version
        )
    assert toetsing.toetsing_van_dossier(ctx, dossier.id).resultaten[0].status == "concept"
    with pytest.raises(ValidationFailed):
        instrumenten.verwijder_norm(ctx, nacht.id)  # has waarnemingen
    instrumenten.verwijder_norm(ctx, scholing.id)
    assert len(toetsing.toetsing_van_dossier(ctx, dossier.id).resultaten) == 1


def test_access_rules(database: Database, seed: Seed, ctx: ServiceContext, ctx_for) -> None:
    dossier = maak_dossier(database, seed, lezers=("fmulder",))
    eigen = instrumenten.maak_instrument(ctx, "Kader", [NormInvoer("Norm")], dossier_id=dossier.id)
    with pytest.raises(ValidationFailed):
        toetsing.voeg_waarneming_toe(ctx_for("fmulder"), dossier.id, eigen.normen[0].id, "x")
    with pytest.raises(NotFound):
        toetsing.toetsing_van_dossier(ctx_for("cbakker"), dossier.id)
    with pytest.raises(AccessDenied):
        instrumenten.maak_instrument(ctx_for("epost"), "Bibliotheek", [NormInvoer("Norm")])
    with pytest.raises(ValidationFailed):
        instrumenten.maak_instrument(ctx, "  ", [NormInvoer("Norm")])
    with pytest.raises(ValidationFailed):
        instrumenten.vaststellen(
            ctx, instrumenten.maak_instrument(ctx, "Leeg", []).id, 1
        )  # no normen
