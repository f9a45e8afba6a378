"""Uitgaande post: mail from a sjabloon (via the loopback EWS server or as .eml), letters through
the postkamer, and bulk mail to betrokkenen, on SQLite and PostgreSQL."""

from __future__ import annotations

import email
import io
import threading
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from docx import Document as open_docx
from sqlalchemy import select

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.integrations.exchange.config import AuthMethode, ExchangeSettings
from igj_desktop.integrations.exchange.gateway import EwsAgendaGateway, ews_gateway
from igj_desktop.models import Activiteit, ActiviteitStatus, Relatie
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.errors import AccessDenied, NotFound, ValidationFailed
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.post import uitgaand as post_uitgaand
from igj_desktop.services.toegang import toekenning as toegang
from tests.ews_server import EwsTestServer
from tests.integration.dossier_support import new_dossier
from tests.seed import Seed

ANNA = "avries@igj.nl"


class Opened(list[Path]):
    """Records what would be opened in the user's mail program."""

    def __call__(self, pad: Path) -> None:
        self.append(pad)


@pytest.fixture
def server() -> Iterator[EwsTestServer]:
    with EwsTestServer(users={ANNA: "geheim"}, names={ANNA: "Anna de Vries"}) as srv:
        yield srv


@pytest.fixture
def gateway(server: EwsTestServer) -> EwsAgendaGateway:
    settings = ExchangeSettings(
        mailbox=ANNA, gebruikersnaam=ANNA, auth=AuthMethode.BASIC, server_url=server.url
    )
    return ews_gateway(settings, "geheim")


@pytest.fixture
def store(data_dir: Path) -> FileDocumentStore:
    return FileDocumentStore.default()


def test_mail_from_sjabloon_sent_through_exchange_and_stored(
    seed: Seed, ctx: ServiceContext, gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    dossier = new_dossier(ctx, seed)
    concept = post_uitgaand.maak_mailconcept(ctx, dossier.id, aan=["info@noorderlicht.nl"])
    assert dossier.kenmerk in concept.onderwerp
    bewerkt = post_uitgaand.MailConcept(
        concept.aan, concept.onderwerp, concept.tekst.replace("[Uw tekst]", "Wij komen langs.")
    )

    result = post_uitgaand.verstuur_mail(ctx, dossier.id, bewerkt, gateway=gateway, opener=Opened())

    assert result.verzonden and result.eml_pad is None and result.post.status == "verzonden"
    (sent,) = server.sent
    assert sent.ontvangers == ("info@noorderlicht.nl",) and "Wij komen langs." in sent.body
    (info,) = documenten.documenten_van_dossier(ctx, dossier.id)
    assert info.richting == "uitgaand" and info.laatste.bestandsnaam.endswith(".eml")
    (uit,) = post.post_register(ctx, dossier.id, richting="uitgaand")
    assert uit.aan == "info@noorderlicht.nl" and uit.message_id


def test_mail_with_attachments_goes_through_exchange_with_their_bytes(
    seed: Seed, ctx: ServiceContext, gateway: EwsAgendaGateway, server: EwsTestServer
) -> None:
    dossier = new_dossier(ctx, seed)
    pdf = b"%PDF-1.4 rapport \x00\xff"
    bijlage = documenten.add_document(ctx, [dossier.id], "Rapport é.pdf", pdf)
    concept = post_uitgaand.maak_mailconcept(
        ctx, dossier.id, aan=["info@noorderlicht.nl"], bijlage_document_ids=[bijlage.document_id]
    )

    result = post_uitgaand.verstuur_mail(ctx, dossier.id, concept, gateway=gateway, opener=Opened())

    assert result.verzonden and result.eml_pad is None
    (sent,) = server.sent
    assert sent.bijlagen == (("Rapport é.pdf", pdf),)


def test_without_exchange_the_mail_with_attachment_opens_as_eml(
    seed: Seed, ctx: ServiceContext, store: FileDocumentStore, tmp_path: Path
) -> None:
    dossier = new_dossier(ctx, seed)
    bijlage = documenten.add_document(ctx, [dossier.id], "Rapport é.pdf", b"%PDF-1.4 rapport")
    opened = Opened()
    concept = post_uitgaand.maak_mailconcept(
        ctx, dossier.id, aan=["info@noorderlicht.nl"], bijlage_document_ids=[bijlage.document_id]
    )

    result = post_uitgaand.verstuur_mail(
        ctx, dossier.id, concept, opener=opened, uitgaand_dir=tmp_path
    )

    assert not result.verzonden and opened == [result.eml_pad]
    assert "mailprogramma" in result.melding and result.post.status == "te_verzenden"
    message = email.message_from_bytes(result.eml_pad.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and message["To"] == "info@noorderlicht.nl"
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "Rapport é.pdf"
    assert attachment.get_content() == b"%PDF-1.4 rapport"


@pytest.mark.parametrize("aan", [[], ["geen adres"], ["a@b.nl", "kapot@"]])
def test_bad_recipients_send_and_store_nothing(
    seed: Seed, ctx: ServiceContext, store: FileDocumentStore, aan: list[str]
) -> None:
    dossier = new_dossier(ctx, seed)
    opened = Opened()
    with pytest.raises(ValidationFailed, match="geldige e-mailadressen"):
        post_uitgaand.verstuur_mail(
            ctx, dossier.id, post_uitgaand.MailConcept(tuple(aan), "x", "y"), opener=opened
        )
    assert opened == [] and list(store.hashes()) == []
    assert post.post_register(ctx, dossier.id) == []


def test_letter_through_the_postkamer(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for
) -> None:
    dossier = new_dossier(ctx, seed)
    brief = documenten.add_document(ctx, [dossier.id], "Aanbiedbrief.docx", b"brief")
    verzoek = post_uitgaand.vraag_verzending_brief(
        ctx, dossier.id, brief.document_id, "Aangetekend"
    )
    assert verzoek.status == "te_verzenden" and verzoek.kanaal == "brief"

    with pytest.raises(NotFound):  # Bram does not even see the dossier
        post_uitgaand.brief_verzonden(ctx_for("bjansen"), verzoek.id)
    toegang.grant_toegang(ctx, dossier.id, medewerker_id=seed.medewerkers["bjansen"])
    with pytest.raises(AccessDenied):  # the team sees it, but only the postkamer sends
        post_uitgaand.brief_verzonden(ctx_for("bjansen"), verzoek.id)
    verzonden = post_uitgaand.brief_verzonden(ctx_for("epost"), verzoek.id)
    assert verzonden.status == "verzonden" and verzonden.datum is not None
    with pytest.raises(ValidationFailed, match="al als verzonden"):
        post_uitgaand.brief_verzonden(ctx_for("epost"), verzoek.id)
    with database.session() as s:
        taak = s.scalars(select(Activiteit).where(Activiteit.code == "brief_verzenden")).one()
        assert taak.eigenaar_groep_id == seed.groepen["Postkamer"]
        assert taak.status == ActiviteitStatus.AFGEROND
        melding = s.scalars(
            select(Activiteit).where(Activiteit.code == "melding_brief_verzonden")
        ).one()
        assert melding.eigenaar_medewerker_id == seed.medewerkers["avries"]
        assert "Esther Post" in melding.omschrijving


def test_bulk_mail_personalised_per_relatie(
    database: Database, seed: Seed, ctx: ServiceContext, tmp_path: Path, data_dir: Path
) -> None:
    dossier = new_dossier(ctx, seed)
    ids = [seed.relaties["GGZ Noorderlicht"], seed.relaties["Zorggroep De Linde"]]
    with database.session() as s, s.begin():
        for relatie_id, adres in zip(ids, ["ggz@noorderlicht.nl", "info@delinde.nl"], strict=True):
            s.get(Relatie, relatie_id).email = adres
    opened = Opened()

    results = post_uitgaand.bulk_mail(ctx, dossier.id, ids, opener=opened)

    assert [r.post.aan for r in results] == ["ggz@noorderlicht.nl", "info@delinde.nl"]
    teksten = [r.eml_pad.read_text(encoding="utf-8") for r in results if r.eml_pad]
    assert "directie" in teksten[0] and len(teksten) == 2
    assert opened == [data_dir / "uitgaand"]  # the folder once, not a window per mail
    assert len(documenten.documenten_van_dossier(ctx, dossier.id)) == 2


def test_bulk_mail_refuses_when_an_address_is_missing(
    database: Database, seed: Seed, ctx: ServiceContext, store: FileDocumentStore
) -> None:
    dossier = new_dossier(ctx, seed)
    with database.session() as s, s.begin():
        s.get(Relatie, seed.relaties["GGZ Noorderlicht"]).email = None
    with pytest.raises(ValidationFailed, match="Geen e-mailadres bekend voor: GGZ Noorderlicht"):
        post_uitgaand.bulk_mail(
            ctx, dossier.id, [seed.relaties["GGZ Noorderlicht"]], opener=Opened()
        )
    assert list(store.hashes()) == [] and post.post_register(ctx, dossier.id) == []


def test_bulk_letters_per_relatie_go_to_the_postkamer(
    database: Database, seed: Seed, ctx: ServiceContext, store: FileDocumentStore
) -> None:
    dossier = new_dossier(ctx, seed)
    ids = [seed.relaties["GGZ Noorderlicht"], seed.relaties["Zorggroep De Linde"]]
    steps: list[tuple[int, int, str]] = []

    brieven = post_uitgaand.bulk_brieven(
        ctx, dossier.id, ids, "vragenlijst", progress=lambda *s: steps.append(s)
    )

    assert [s[2] for s in steps] == ["GGZ Noorderlicht", "Zorggroep De Linde"]
    assert [b.status for b in brieven] == ["te_verzenden", "te_verzenden"]
    infos = {i.id: i for i in documenten.documenten_van_dossier(ctx, dossier.id)}
    for brief, relatie in zip(brieven, ["GGZ Noorderlicht", "Zorggroep De Linde"], strict=True):
        versie = infos[brief.document_id].laatste
        tekst = "\n".join(
            p.text
            for p in open_docx(io.BytesIO(documenten.lees_versie(ctx, versie.id)[1])).paragraphs
        )
        assert relatie in tekst
    with database.session() as s:
        taken = s.scalars(select(Activiteit).where(Activiteit.code == "brief_verzenden")).all()
        assert len(taken) == 2


def test_bulk_mail_stopped_halfway_keeps_what_went_out(
    database: Database, seed: Seed, ctx: ServiceContext, data_dir: Path
) -> None:
    dossier = new_dossier(ctx, seed)
    ids = [seed.relaties["GGZ Noorderlicht"], seed.relaties["Zorggroep De Linde"]]
    stop = threading.Event()

    results = post_uitgaand.bulk_mail(
        ctx, dossier.id, ids, opener=Opened(), progress=lambda *_: stop.set(), stop=stop
    )

    assert [r.post.aan for r in results] == ["info@noorderlicht.example.nl"]
    assert [p.aan for p in post.post_register(ctx, dossier.id)] == [results[0].post.aan]
    assert len(list((data_dir / "uitgaand").glob("*.eml"))) == 1


def test_bulk_letters_stopped_before_the_first_make_nothing(
    seed: Seed, ctx: ServiceContext, store: FileDocumentStore
) -> None:
    dossier = new_dossier(ctx, seed)
    stop = threading.Event()
    stop.set()
    ids = [seed.relaties["GGZ Noorderlicht"]]
    assert post_uitgaand.bulk_brieven(ctx, dossier.id, ids, "vragenlijst", stop=stop) == []
    assert documenten.documenten_van_dossier(ctx, dossier.id) == []
