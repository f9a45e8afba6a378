"""Reacties per relatie on a uitzending (the vragenlijst of seed 000), on SQLite and PostgreSQL:
the afzender is recognised among the betrokkenen, and who has not reacted yet is visible."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import DocumentStore, default_store
from igj_desktop.models import BetrokkeneRol, Document, Post
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import relaties
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.post import reacties as post_reacties
from igj_desktop.services.post import uitgaand as post_uitgaand
from igj_desktop.services.post.inkomend import RelatieKeuze, herken_afzender
from tests.integration.dossier_support import new_dossier
from tests.seed import Seed

NOORDERLICHT = "GGZ Noorderlicht"
DE_LINDE = "Zorggroep De Linde"
DAG = timedelta(days=1)


def _mail(afzender: str, onderwerp: str, verschil: timedelta = timedelta(0)) -> bytes:
    """A real mail with an attachment; ``verschil`` moves its Date away from now."""
    message = EmailMessage()
    message["From"] = afzender
    message["To"] = "vragenlijst@igj.nl"
    message["Subject"] = onderwerp
    message["Date"] = format_datetime(datetime.now(UTC) + verschil)
    message["Message-ID"] = f"<{uuid.uuid4()}@noorderlicht.example.nl>"
    message.set_content("In de bijlage onze antwoorden.")
    message.add_attachment(b"a;b\n1;2\n", maintype="text", subtype="csv", filename="antwoorden.csv")
    return message.as_bytes()


def _registreer(
    ctx: ServiceContext, dossier_id: uuid.UUID, afzender: str, onderwerp: str, verschil: timedelta
) -> post.RegistratieResultaat:
    parsed = post.lees_bestand("reactie.eml", _mail(afzender, onderwerp, verschil))
    keuzes = post.registratie_keuzes(ctx, dossier_id)
    relatie_id = herken_afzender(keuzes.relaties, parsed.afzender)  # type: ignore[union-attr]
    registratie = post.Registratie([dossier_id], soort="reactie", relatie_id=relatie_id)
    return post.registreer_post(ctx, parsed, registratie)


@pytest.fixture
def store(ctx: ServiceContext, data_dir: Path) -> DocumentStore:
    """The store of the app's database, as the login (``test_post_service.store``)."""
    return default_store(ctx.db)


def test_the_afzender_is_recognised_by_address_then_by_a_unique_domain() -> None:
    a, b, c = (uuid.uuid4() for _ in range(3))
    keuzes = [
        RelatieKeuze(a, "GGZ Noorderlicht", "Info@Noorderlicht.nl"),
        RelatieKeuze(b, "Zorggroep De Linde", "secretariaat@delinde.nl"),
        RelatieKeuze(c, "De Linde, locatie Zeist", "zeist@delinde.nl"),
    ]
    assert herken_afzender(keuzes, "GGZ <info@noorderlicht.nl>") == a
    assert herken_afzender(keuzes, "j.jansen@noorderlicht.nl") == a
    assert herken_afzender(keuzes, "zeist@delinde.nl") == c
    assert herken_afzender(keuzes, "directie@delinde.nl") is None  # two betrokkenen there
    assert herken_afzender(keuzes, "onbekend@elders.nl") is None
    assert herken_afzender(keuzes, "") is None


def test_reacties_show_who_answered_the_vragenlijst_and_who_not_yet(
    seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    dossier = new_dossier(ctx, seed)
    ids = [seed.relaties[NOORDERLICHT], seed.relaties[DE_LINDE]]
    relaties.add_betrokkenen(ctx, dossier.id, ids, BetrokkeneRol.BETROKKEN_ORGANISATIE)
    # Post from the relatie before the vragenlijst went out is no reactie to it.
    vooraf = _registreer(ctx, dossier.id, "info@noorderlicht.example.nl", "Vraag vooraf", -DAG)
    assert vooraf.post.relatie == NOORDERLICHT

    post_uitgaand.bulk_brieven(ctx, dossier.id, ids, "vragenlijst", store=store)
    (uitzending,) = post_reacties.uitzendingen(ctx, dossier.id)
    assert (uitzending.sjabloon, uitzending.titel, uitzending.ontvangers) == (
        "vragenlijst",
        "Vragenlijst",
        2,
    )
    assert [r.gereageerd for r in post_reacties.reacties(ctx, dossier.id, "vragenlijst")] == [
        False,
        False,
    ]

    antwoord = _registreer(
        ctx,
        dossier.id,
        "Jan Jansen <j.jansen@noorderlicht.example.nl>",
        "Antwoorden vragenlijst",
        DAG,
    )
    assert antwoord.post.relatie_id == seed.relaties[NOORDERLICHT]

    open_, beantwoord = post_reacties.reacties(ctx, dossier.id, "vragenlijst")
    assert (open_.naam, open_.gereageerd, open_.kanaal) == (DE_LINDE, False, "brief")
    assert (beantwoord.naam, beantwoord.reactie_onderwerp) == (
        NOORDERLICHT,
        "Antwoorden vragenlijst",
    )
    assert beantwoord.reactie_op is not None and beantwoord.reactie_op >= beantwoord.verzonden_op
    register = {p.onderwerp: p for p in post.post_register(ctx, dossier.id)}
    assert register["Vragenlijst GGZ Noorderlicht"].relatie == NOORDERLICHT
    assert register["Vragenlijst GGZ Noorderlicht"].aan == NOORDERLICHT


def test_registration_with_an_unknown_afzender_relatie_stores_nothing(
    database: Database, seed: Seed, ctx: ServiceContext, store: DocumentStore
) -> None:
    dossier = new_dossier(ctx, seed)
    parsed = post.lees_bestand("reactie.eml", _mail("a@b.nl", "Reactie"))
    registratie = post.Registratie([dossier.id], relatie_id=uuid.uuid4())
    with pytest.raises(ValidationFailed, match="relatieregister"):
        post.registreer_post(ctx, parsed, registratie, store=store)
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Post)) == 0
        assert s.scalar(select(func.count()).select_from(Document)) == 0
    assert list(store.hashes()) == []


def test_registratie_keuzes_offer_the_betrokkenen_of_the_dossier(
    seed: Seed, ctx: ServiceContext
) -> None:
    dossier = new_dossier(ctx, seed)
    relaties.add_betrokkenen(
        ctx, dossier.id, [seed.relaties[DE_LINDE]], BetrokkeneRol.BETROKKEN_ORGANISATIE
    )
    keuzes = post.registratie_keuzes(ctx, dossier.id)
    assert [(r.naam, r.email) for r in keuzes.relaties] == [(DE_LINDE, "info@linde.example.nl")]
