"""Review: requested from a medewerker or a groep, done with a remark, reported back."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from igj_desktop.db import Database
from igj_desktop.models import Activiteit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import pdf as documenten_pdf
from igj_desktop.services.documenten import review as documenten_review
from igj_desktop.services.documenten.review import Reviewverzoek
from igj_desktop.services.errors import AccessDenied, NotFound, ValidationFailed
from igj_desktop.services.workflows import werkvoorraad
from tests.document_demo import maak_dossier
from tests.seed import Seed


def werkvoorraad_tekst(ctx: ServiceContext) -> str:
    pdf = PdfReader(io.BytesIO(documenten_pdf.werkvoorraad_pdf(ctx)))
    return " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)


def open_activiteiten(database: Database, **eigenaar) -> list[Activiteit]:
    with database.session() as s:
        return list(s.scalars(select(Activiteit).filter_by(status="open", **eigenaar)))


def test_review_by_a_medewerker_comes_back_to_the_requester(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for
) -> None:
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "verslag.docx", b"verslag")
    termijn = ctx.today() + timedelta(days=5)
    verzoek = Reviewverzoek(termijn, seed.medewerkers["bjansen"], toelichting="Graag kijken.")
    review_id = documenten_review.vraag_review(ctx, dossier.id, ref.document_id, verzoek)

    assert documenten.document_info(ctx, ref.document_id).status == "ter_review"
    bram = ctx_for("bjansen")
    assert "Review 'verslag'" in werkvoorraad_tekst(bram)
    [item] = werkvoorraad.list_werkvoorraad(bram, "mij")
    assert (item.titel, item.soort, item.termijn) == ("Review 'verslag'", "review", termijn)
    [review] = documenten_review.reviews_van_document(ctx, ref.document_id)
    assert (review.reviewer, review.termijn, review.status) == ("Bram Jansen", termijn, "open")
    with pytest.raises(NotFound):  # Carla cannot even see the dossier
        documenten_review.review_afronden(ctx_for("cbakker"), review_id, "akkoord")
    with pytest.raises(AccessDenied):
        documenten_review.review_afronden(ctx, review_id, "zelf akkoord")
    with pytest.raises(ValidationFailed):
        documenten_review.review_afronden(bram, review_id, "  ")

    documenten_review.review_afronden(bram, review_id, "Akkoord, twee tikfouten aangepast.")

    [review] = documenten_review.reviews_van_document(ctx, ref.document_id)
    assert review.status == "afgerond" and review.opmerking == "Akkoord, twee tikfouten aangepast."
    assert documenten.document_info(ctx, ref.document_id).status == "concept"
    [terug] = open_activiteiten(database, eigenaar_medewerker_id=seed.medewerkers["avries"])
    assert terug.titel == "Review 'verslag' afgerond door Bram Jansen"
    assert terug.omschrijving == "Akkoord, twee tikfouten aangepast."
    assert "afgerond door Bram Jansen" in werkvoorraad_tekst(ctx)
    assert [i.titel for i in werkvoorraad.list_werkvoorraad(ctx, "mij")] == [terug.titel]
    assert werkvoorraad.list_werkvoorraad(bram, "mij") == []
    with pytest.raises(ValidationFailed):
        documenten_review.review_afronden(bram, review_id, "nog een keer")


def test_review_by_a_groep_and_bad_requests(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for
) -> None:
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "plan.docx", b"plan")
    morgen = ctx.today() + timedelta(days=1)
    for kwargs, tekst in (
        ({}, "één reviewer"),
        ({"medewerker_id": seed.medewerkers["avries"]}, "niet uzelf"),
        (
            {"medewerker_id": seed.medewerkers["bjansen"], "termijn": ctx.today() - timedelta(1)},
            "verleden",
        ),
        ({"medewerker_id": seed.medewerkers["cbakker"]}, "geen toegang"),
    ):
        with pytest.raises(ValidationFailed) as fout:
            documenten_review.vraag_review(
                ctx, dossier.id, ref.document_id, Reviewverzoek(**{"termijn": morgen, **kwargs})
            )
        assert tekst in fout.value.message
    assert documenten.document_info(ctx, ref.document_id).status == "concept"

    review_id = documenten_review.vraag_review(
        ctx, dossier.id, ref.document_id, Reviewverzoek(morgen, groep_id=seed.groepen["Team GGZ"])
    )
    [review] = documenten_review.reviews_van_document(ctx, ref.document_id)
    assert review.reviewer == "Team GGZ"
    documenten_review.review_afronden(ctx_for("bjansen"), review_id, "Prima plan.")
    assert documenten_review.reviews_van_document(ctx, ref.document_id)[0].status == "afgerond"
