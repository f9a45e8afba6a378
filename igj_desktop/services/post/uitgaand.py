"""Uitgaande post: mail from a sjabloon (through Exchange, or as .eml for the mail program),
letters through the postkamer, and both in bulk to the betrokkenen of a dossier.

Every mail and letter is stored in the dossier as a document with its post row before it goes
out, so what was sent can always be found back; see ``post`` for the incoming side.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from igj_desktop.config import Settings
from igj_desktop.integrations.bestandsslot import herhaal
from igj_desktop.integrations.document_store import DocumentStore
from igj_desktop.integrations.exchange.agenda import (
    AgendaGateway,
    AgendaRefused,
    AgendaUnavailable,
    MailBericht,
)
from igj_desktop.integrations.mail_import import (
    safe_filename,
)
from igj_desktop.integrations.office_launcher import default_opener
from igj_desktop.integrations.paden import naam_die_past
from igj_desktop.models import (
    Activiteit,
    ActiviteitDocument,
    Document,
    DocumentRichting,
    DocumentStatus,
    Dossier,
    Groep,
    GroepSoort,
    Medewerker,
    Post,
    PostDossier,
    PostRichting,
    PostStatus,
    Relatie,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.documenten.document import load_document, store_or_default
from igj_desktop.services.errors import AccessDenied, NotFound, ValidationFailed
from igj_desktop.services.post.inkomend import (
    POST_NIET_GEVONDEN,
    PostInfo,
    Progress,
    Stuk,
    bewaar_definitief,
    post_info,
    rond_beoordeling_af,
)
from igj_desktop.services.toegang.controle import get_dossier, visible_dossier_ids

_ADRES = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")

Opener = Callable[[Path], None]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailConcept:
    """An outgoing mail the user can still edit before it goes out."""

    aan: tuple[str, ...]
    onderwerp: str
    tekst: str
    bijlage_document_ids: tuple[uuid.UUID, ...] = ()
    cc: tuple[str, ...] = ()
    sjabloon: str | None = None
    relatie_id: uuid.UUID | None = None  # the betrokkene it is addressed to, when personalised


@dataclass(frozen=True)
class Verzending:
    post: PostInfo
    document_id: uuid.UUID
    verzonden: bool
    eml_pad: Path | None
    melding: str


def maak_mailconcept(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    sjabloon: str = "mail_algemeen",
    *,
    aan: Sequence[str] = (),
    bijlage_document_ids: Sequence[uuid.UUID] = (),
    invulvelden: dict[str, object] | None = None,
    relatie_id: uuid.UUID | None = None,
) -> MailConcept:
    """A concept from a mail sjabloon, filled for the dossier; the user edits it afterwards."""
    tekst = sjablonen.render_mail(ctx, dossier_id, sjabloon, invulvelden=invulvelden)
    return MailConcept(
        tuple(aan), tekst.onderwerp, tekst.tekst, tuple(bijlage_document_ids),
        sjabloon=sjabloon, relatie_id=relatie_id,
    )  # fmt: skip


def controleer_concept(concept: MailConcept) -> None:
    """Refuse a mail without valid recipients or subject (also used by the edit dialog)."""
    if not concept.aan or not all(_ADRES.fullmatch(a.strip()) for a in concept.aan):
        raise ValidationFailed(
            "Vul bij 'Aan' één of meer geldige e-mailadressen in (naam@domein.nl). "
            "Er is niets verstuurd."
        )
    if not concept.onderwerp.strip():
        raise ValidationFailed("Geef de mail een onderwerp. Er is niets verstuurd.")


def _bouw_eml(
    ctx: ServiceContext, s: Session, concept: MailConcept, store: DocumentStore
) -> tuple[EmailMessage, tuple[tuple[str, bytes], ...]]:
    """The mail as .eml, and its attachments (bestandsnaam, bytes) for the Exchange gateway."""
    afzender = s.get(Medewerker, ctx.actor.medewerker_id)
    message = EmailMessage(policy=policy.default)
    message["From"] = f"{ctx.actor.naam} <{afzender.email if afzender else ''}>"
    message["To"] = ", ".join(a.strip() for a in concept.aan)
    if concept.cc:
        message["Cc"] = ", ".join(concept.cc)
    message["Subject"] = concept.onderwerp.strip()
    message["Date"] = format_datetime(ctx.now())
    message["Message-ID"] = make_msgid(domain="igj.nl")
    message["X-Unsent"] = "1"  # Outlook opens the .eml as an editable concept
    message.set_content(concept.tekst)
    bijlagen = []
    for document_id in concept.bijlage_document_ids:
        document = load_document(s, ctx.actor, document_id)
        versie = document.versies[-1]
        data = store.get(versie.content_sha256)
        maintype, _, subtype = versie.mime_type.partition("/")
        message.add_attachment(
            data, maintype=maintype, subtype=subtype or "octet-stream",
            filename=versie.bestandsnaam,
        )  # fmt: skip
        bijlagen.append((versie.bestandsnaam, data))
    return message, tuple(bijlagen)


def verstuur_mail(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    concept: MailConcept,
    *,
    gateway: AgendaGateway | None = None,
    opener: Opener | None = None,
    store: DocumentStore | None = None,
    uitgaand_dir: Path | None = None,
) -> Verzending:
    """Store the mail in the dossier, then send it through Exchange or hand it to the mail program.

    Without a gateway, or when Exchange is unreachable or refuses the mail, it is saved as
    .eml and opened with ``opener``; the post stays 'te verzenden' until it is sent.
    """
    controleer_concept(concept)
    store = store_or_default(store, ctx.db)
    with ctx.unit_of_work() as s:
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True)
        message, bijlagen = _bouw_eml(ctx, s, concept, store)
        data = message.as_bytes()
        blob = store.put(data)
        naam = safe_filename(concept.onderwerp[:100], "mail") + ".eml"
        document = Document(
            id=uuid.uuid4(),
            titel=concept.onderwerp.strip()[:500],
            soort="mail",
            richting=DocumentRichting.UITGAAND,
            status=DocumentStatus.DEFINITIEF,
            auteur_id=ctx.actor.medewerker_id,
            datum=ctx.now(),
            sjabloon=concept.sjabloon,
        )
        bewaar_definitief(s, ctx.actor, [Stuk(document, naam, blob)], [dossier])
        post = Post(
            richting=PostRichting.UITGAAND,
            kanaal="email",
            soort="correspondentie",
            onderwerp=document.titel,
            afzender=str(message["From"]),
            aan=str(message["To"]),
            cc=str(message.get("Cc", "")),
            datum=ctx.now(),
            message_id=str(message["Message-ID"]),
            inhoud_sha256=blob.sha256,
            document_id=document.id,
            status=PostStatus.TE_VERZENDEN,
            geregistreerd_door_id=ctx.actor.medewerker_id,
            relatie_id=concept.relatie_id,
        )
        s.add(post)
        s.flush()
        s.add(PostDossier(post_id=post.id, dossier_id=dossier.id))
        record_audit(
            s, ctx.actor, "post_uitgaand", f"Uitgaande mail '{post.onderwerp}' opgesteld",
            entiteit="post", entiteit_id=post.id, dossier_id=dossier.id,
            gegevens={"aan": list(concept.aan), "bijlagen": len(concept.bijlage_document_ids)},
        )  # fmt: skip
        post_id, document_id = post.id, document.id
    verzonden, reden = False, ""
    if gateway is not None:
        bericht = MailBericht(post_id, concept.onderwerp, concept.tekst, concept.aan, bijlagen)
        try:
            gateway.send_mail(bericht)
            verzonden = True
        except AgendaUnavailable as exc:
            log.warning("Exchange niet bereikbaar: %s", exc)
            reden = "Exchange is niet bereikbaar. "
        except AgendaRefused as exc:
            log.warning("Exchange weigert de mail: %s", exc)
            reden = "Exchange heeft de mail niet aangenomen. "
    eml_pad = None
    if verzonden:
        info = _zet_status(ctx, post_id, PostStatus.VERZONDEN, "post_verzonden")
        melding = f"De mail '{concept.onderwerp}' is verzonden en bewaard in {dossier.kenmerk}."
    else:
        folder = uitgaand_dir or Settings.from_environment().data_dir / "uitgaand"
        folder.mkdir(parents=True, exist_ok=True)
        eml_pad = folder / naam_die_past(folder, f"{post_id.hex[:8]} {naam}")
        tijdelijk = eml_pad.with_suffix(".tmp")
        tijdelijk.write_bytes(data)
        herhaal(lambda: tijdelijk.replace(eml_pad), eml_pad, "het klaarzetten")
        try:
            (opener if opener is not None else default_opener)(eml_pad)
            geopend = "en geopend in uw mailprogramma; verstuur hem daar."
        except ValidationFailed as exc:  # no mail program: the mail is safe all the same
            geopend = f"als {eml_pad.name}, maar niet geopend. {exc.message}"
        with ctx.read() as s:
            info = post_info(s, s.get_one(Post, post_id))
        melding = f"{reden}De mail is bewaard in {dossier.kenmerk} {geopend}"
    return Verzending(info, document_id, verzonden, eml_pad, melding)


def _zet_status(ctx: ServiceContext, post_id: uuid.UUID, status: str, actie: str) -> PostInfo:
    with ctx.unit_of_work() as s:
        post = s.get(Post, post_id)
        if post is None:
            raise NotFound(POST_NIET_GEVONDEN)
        post.status = status
        record_audit(
            s, ctx.actor, actie, f"Post '{post.onderwerp}': {status}",
            entiteit="post", entiteit_id=post.id,
        )  # fmt: skip
        s.flush()
        return post_info(s, post)


# --- analoge post -------------------------------------------------------------------------------

BRIEF_VERZENDEN_CODE = "brief_verzenden"


def vraag_verzending_brief(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    document_id: uuid.UUID,
    opmerking: str = "",
    *,
    relatie_id: uuid.UUID | None = None,
) -> PostInfo:
    """Ask the postkamer to print and send a letter: an activiteit for the postkamer groep."""
    with ctx.unit_of_work() as s:
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True)
        document = load_document(s, ctx.actor, document_id)
        postkamer = s.scalars(select(Groep).where(Groep.soort == GroepSoort.POSTKAMER)).first()
        if postkamer is None:
            raise ValidationFailed(
                "Er is geen postkamer ingericht; vraag een beheerder een groep van soort "
                "'postkamer' aan te maken."
            )
        relatie = s.get(Relatie, relatie_id) if relatie_id is not None else None
        post = Post(
            richting=PostRichting.UITGAAND, kanaal="brief", onderwerp=document.titel,
            aan=relatie.naam if relatie else "", datum=None, document_id=document.id,
            status=PostStatus.TE_VERZENDEN, geregistreerd_door_id=ctx.actor.medewerker_id,
            relatie_id=relatie.id if relatie else None,
        )  # fmt: skip
        s.add(post)
        s.flush()
        s.add(PostDossier(post_id=post.id, dossier_id=dossier.id))
        activiteit = Activiteit(
            dossier_id=dossier.id,
            code=BRIEF_VERZENDEN_CODE,
            titel=f"Brief verzenden: {document.titel}"[:300],
            omschrijving=opmerking,
            soort="post",
            eigenaar_groep_id=postkamer.id,
            termijn=ctx.today() + timedelta(days=1),
            aangemaakt_door_id=ctx.actor.medewerker_id,
            gegevens={"post_id": str(post.id)},
        )
        s.add(activiteit)
        s.flush()
        s.add(ActiviteitDocument(activiteit_id=activiteit.id, document_id=document.id))
        post.beoordeling_activiteit_id = activiteit.id
        record_audit(
            s, ctx.actor, "brief_verzendverzoek", f"Verzoek brief '{document.titel}' te verzenden",
            entiteit="post", entiteit_id=post.id, dossier_id=dossier.id,
        )  # fmt: skip
        s.flush()
        return post_info(s, post)


def brief_verzonden(ctx: ServiceContext, post_id: uuid.UUID) -> PostInfo:
    """The postkamer marks the letter sent; the requester gets a melding in the werkvoorraad."""
    with ctx.unit_of_work() as s:
        post = s.get(Post, post_id)
        activiteit = s.get(Activiteit, post.beoordeling_activiteit_id) if post else None
        if post is None or activiteit is None or activiteit.code != BRIEF_VERZENDEN_CODE:
            raise NotFound(POST_NIET_GEVONDEN)
        eigen = activiteit.eigenaar_groep_id in ctx.actor.groep_ids
        zichtbaar = visible_dossier_ids(ctx.actor).where(Dossier.id == activiteit.dossier_id)
        if not eigen and s.scalar(zichtbaar) is None:
            raise NotFound(POST_NIET_GEVONDEN)  # as the shared database says: out of sight
        if not eigen:
            raise AccessDenied("Alleen de postkamer kan een brief als verzonden markeren.")
        if post.status == PostStatus.VERZONDEN:
            raise ValidationFailed("Deze brief is al als verzonden gemarkeerd.")
        post.status = PostStatus.VERZONDEN
        post.datum = ctx.now()
        rond_beoordeling_af(s, ctx, post, "verzonden", "")
        s.add(
            Activiteit(
                dossier_id=activiteit.dossier_id,
                code="melding_brief_verzonden",
                titel=f"Brief verzonden: {post.onderwerp}"[:300],
                omschrijving=f"Verzonden door {ctx.actor.naam}.",
                soort="melding",
                eigenaar_medewerker_id=post.geregistreerd_door_id,
                aangemaakt_door_id=ctx.actor.medewerker_id,
                gegevens={"post_id": str(post.id)},
            )
        )
        record_audit(
            s, ctx.actor, "brief_verzonden", f"Brief '{post.onderwerp}' verzonden",
            entiteit="post", entiteit_id=post.id, dossier_id=activiteit.dossier_id,
        )  # fmt: skip
        s.flush()
        return post_info(s, post)


# --- bulk ---------------------------------------------------------------------------------------


def bulk_mail(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    relatie_ids: Sequence[uuid.UUID],
    sjabloon: str = "mail_algemeen",
    *,
    gateway: AgendaGateway | None = None,
    opener: Opener | None = None,
    store: DocumentStore | None = None,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> list[Verzending]:
    """One personalised mail per relatie (the 'ots' fields are the relatie's), each stored.

    Every relatie needs an e-mailadres; otherwise nothing is sent at all. ``stop`` ends the
    run after the current mail: what was sent stays sent and is returned.
    """
    with ctx.read() as s:
        get_dossier(s, ctx.actor, dossier_id, write=True)
        relaties = [s.get(Relatie, r) for r in dict.fromkeys(relatie_ids)]
        zonder = [r.naam for r in relaties if r is not None and not r.email]
        if None in relaties or not relaties:
            raise ValidationFailed("Kies één of meer bestaande relaties. Er is niets verstuurd.")
        if zonder:
            raise ValidationFailed(
                f"Geen e-mailadres bekend voor: {', '.join(zonder)}. Vul het aan in het "
                "relatieregister of stuur hen een brief. Er is niets verstuurd."
            )
        ontvangers = [(r.id, r.email or "", sjablonen.adresvelden(r)) for r in relaties if r]
    concepten = [
        maak_mailconcept(
            ctx,
            dossier_id,
            sjabloon,
            aan=(email,),
            invulvelden={"ots": velden},
            relatie_id=relatie_id,
        )
        for relatie_id, email, velden in ontvangers
    ]
    resultaten = []
    for index, concept in enumerate(concepten, start=1):
        if stop is not None and stop.is_set():
            break
        resultaten.append(
            verstuur_mail(
                ctx, dossier_id, concept, gateway=gateway, opener=_niet_openen, store=store
            )
        )
        if progress:
            progress(index, len(concepten), concept.aan[0])
    mappen = {r.eml_pad.parent for r in resultaten if r.eml_pad is not None}
    for map_ in sorted(mappen):  # one folder with every .eml, not forty mail windows
        (opener if opener is not None else default_opener)(map_)
    return resultaten


def _niet_openen(_pad: Path) -> None:
    """Bulk mails are opened together (their folder), not one by one."""


def bulk_brieven(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    relatie_ids: Sequence[uuid.UUID],
    sjabloon: str,
    *,
    store: DocumentStore | None = None,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> list[PostInfo]:
    """One personalised letter per relatie from a document sjabloon, each stored in the dossier
    and handed to the postkamer (e.g. a vragenlijst to forty zorgaanbieders). ``stop`` ends
    the run after the current letter; the letters made so far are returned."""
    with ctx.read() as s:
        get_dossier(s, ctx.actor, dossier_id, write=True)
        relaties = [s.get(Relatie, r) for r in dict.fromkeys(relatie_ids)]
        if None in relaties or not relaties:
            raise ValidationFailed("Kies één of meer bestaande relaties. Er is niets gemaakt.")
        ontvangers = [(r.id, r.naam, sjablonen.adresvelden(r)) for r in relaties if r]
    resultaten = []
    for index, (relatie_id, naam, velden) in enumerate(ontvangers, start=1):
        if stop is not None and stop.is_set():
            break
        ref = sjablonen.genereer_document(
            ctx, dossier_id, sjabloon, invulvelden={"ots": velden}, store=store
        )
        resultaten.append(
            vraag_verzending_brief(ctx, dossier_id, ref.document_id, relatie_id=relatie_id)
        )
        if progress:
            progress(index, len(ontvangers), naam)
    return resultaten
