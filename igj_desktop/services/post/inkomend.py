"""Inkomende post: register a mail or file in one or more dossiers, assess it, list it.

One call, one transaction: the mail, each attachment (as documents linked to the mail), the
post row, its dossier links and the optional 'beoordelen inkomende post' activiteit are all
written, or nothing is. Bad input is refused before a byte reaches the document store.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parseaddr

from sqlalchemy import or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from igj_desktop.integrations.document_store import DocumentStore, StoredBlob, sha256_of
from igj_desktop.integrations.mail_import import (
    ParsedFile,
    ParsedMail,
    naam_van_onderwerp,
    parse_bytes,
)
from igj_desktop.models import (
    Activiteit,
    ActiviteitDocument,
    ActiviteitStatus,
    Betrokkene,
    Document,
    DocumentDossier,
    DocumentRichting,
    DocumentStatus,
    Dossier,
    DossierStatus,
    Post,
    PostDossier,
    PostRichting,
    PostStatus,
    Relatie,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import AMSTERDAM, Actor, ServiceContext
from igj_desktop.services.documenten.document import (
    nieuwe_versie,
    register_contents,
    store_or_default,
)
from igj_desktop.services.documenten.review import Reviewer, mogelijke_reviewers
from igj_desktop.services.errors import Conflict, NotFound, ValidationFailed
from igj_desktop.services.storing import Storing
from igj_desktop.services.toegang.controle import get_dossier, visible_dossier_ids, visible_dossiers
from igj_desktop.taal import aantal

Progress = Callable[[int, int, str], None]
"""progress(done, total, what): called after each stored file; may run on a worker thread."""

BEOORDELEN_CODE = "beoordelen_inkomende_post"
SOORTEN = ("correspondentie", "melding", "verzoek", "zienswijze", "bezwaar", "reactie", "overig")
POST_NIET_GEVONDEN = "Dit poststuk bestaat niet (meer) of u heeft er geen toegang toe."
POGINGEN = 3  # a registration that lost the race for one mail looks again this often


@dataclass(frozen=True)
class Registratie:
    """What the registration dialog collects."""

    dossier_ids: Sequence[uuid.UUID]
    soort: str = "correspondentie"
    onderwerp: str | None = None
    beoordelaar_medewerker_id: uuid.UUID | None = None
    beoordelaar_groep_id: uuid.UUID | None = None
    beoordeling_termijn: date | None = None
    relatie_id: uuid.UUID | None = None  # the betrokkene who sent it (a reactie, say)


@dataclass(frozen=True)
class DossierKeuze:
    id: uuid.UUID
    kenmerk: str
    titel: str


@dataclass(frozen=True)
class RelatieKeuze:
    id: uuid.UUID
    naam: str
    email: str | None


@dataclass(frozen=True)
class RegistratieKeuzes:
    """What the registration dialog offers: dossiers the actor may add to, beoordelaars, and
    the betrokkenen of the target dossier as possible afzender."""

    dossiers: tuple[DossierKeuze, ...]
    beoordelaars: tuple[Reviewer, ...]
    relaties: tuple[RelatieKeuze, ...] = ()


@dataclass(frozen=True)
class PostInfo:
    id: uuid.UUID
    richting: str
    kanaal: str
    soort: str
    onderwerp: str
    afzender: str
    aan: str
    datum: datetime | None
    message_id: str | None
    document_id: uuid.UUID | None
    status: str
    geregistreerd_op: datetime
    kenmerken: tuple[str, ...]
    version: int
    relatie_id: uuid.UUID | None = None
    relatie: str = ""
    te_beoordelen: bool = False  # registered, not yet assessed or sent back


@dataclass(frozen=True)
class RegistratieResultaat:
    post: PostInfo
    document_ids: tuple[uuid.UUID, ...]
    duplicaat: bool
    melding: str
    waarschuwingen: tuple[str, ...] = ()  # also in ``melding``: shown as a warning, not news


def lees_bestand(naam: str, data: bytes, datum: datetime | None = None) -> ParsedMail | ParsedFile:
    """Parse a dropped file for the prefilled dialog; a Dutch ``ValidationFailed`` when bad."""
    return parse_bytes(naam, data, datum)


def registratie_keuzes(ctx: ServiceContext, dossier_id: uuid.UUID) -> RegistratieKeuzes:
    """The target dossier first, then the other open dossiers the actor sees (newest first)."""
    with ctx.read() as s:
        doel = get_dossier(s, ctx.actor, dossier_id)
        rows = s.execute(
            select(Dossier.id, Dossier.kenmerk, Dossier.titel)
            .where(
                visible_dossiers(ctx.actor),
                Dossier.id != doel.id,
                Dossier.status != DossierStatus.GESLOTEN,
            )
            .order_by(Dossier.kenmerk.desc())
            .limit(300)
        ).all()
        keuzes = [DossierKeuze(doel.id, doel.kenmerk, doel.titel)]
        keuzes += [DossierKeuze(*row) for row in rows]
        relaties = s.execute(
            select(Relatie.id, Relatie.naam, Relatie.email)
            .where(
                Relatie.id.in_(
                    select(Betrokkene.relatie_id).where(Betrokkene.dossier_id == doel.id)
                )
            )
            .order_by(Relatie.naam)
        ).all()
    return RegistratieKeuzes(
        tuple(keuzes), tuple(mogelijke_reviewers(ctx)), tuple(RelatieKeuze(*r) for r in relaties)
    )


def herken_afzender(relaties: Sequence[RelatieKeuze], afzender: str) -> uuid.UUID | None:
    """The betrokkene a mail comes from: the same address, or else the only betrokkene whose
    address has the sender's domain (j.jansen@noorderlicht.nl for info@noorderlicht.nl)."""
    adres = parseaddr(afzender)[1].strip().lower()
    if "@" not in adres:
        return None
    bekend = [(r.id, r.email.strip().lower()) for r in relaties if r.email]
    for relatie_id, email in bekend:
        if email == adres:
            return relatie_id
    domein = adres.rpartition("@")[2]
    zelfde = {relatie_id for relatie_id, email in bekend if email.rpartition("@")[2] == domein}
    return zelfde.pop() if len(zelfde) == 1 else None


def registreer_post(
    ctx: ServiceContext,
    parsed: ParsedMail | ParsedFile,
    registratie: Registratie,
    *,
    store: DocumentStore | None = None,
    progress: Progress | None = None,
) -> RegistratieResultaat:
    """Register incoming post; the same mail again (same content, not merely the same
    Message-ID) is linked, not stored. When one mail is dropped twice at the same moment the
    database's unique key lets one insert win; the other tries again and finds it."""
    _check_registratie(registratie)
    for _ in range(POGINGEN):
        try:
            return _registreer(ctx, parsed, registratie, store, progress)
        except Storing as exc:  # the unit of work tells database refusals as a Storing
            if not _zelfde_post_tegelijk(exc.__cause__):
                raise
            botsing = exc
    raise Conflict(
        "Dezelfde post werd op hetzelfde moment ook door een ander geregistreerd. Er is niets "
        "geregistreerd; probeer het opnieuw."
    ) from botsing


def _zelfde_post_tegelijk(oorzaak: BaseException | None) -> bool:
    """Whether the database refused the insert on the unique key of the post's content."""
    return isinstance(oorzaak, IntegrityError) and "inhoud_sleutel" in str(oorzaak.orig)


def _registreer(
    ctx: ServiceContext,
    parsed: ParsedMail | ParsedFile,
    registratie: Registratie,
    store: DocumentStore | None,
    progress: Progress | None,
) -> RegistratieResultaat:
    onderwerp = (registratie.onderwerp or _onderwerp(parsed)).strip()[:500] or "(geen onderwerp)"
    files = _files(parsed)
    sha = sha256_of(parsed.data)
    sleutel = parsed.inhoud_sleutel()
    with ctx.unit_of_work() as s:
        dossiers = [
            get_dossier(s, ctx.actor, d, write=True, allow_closed=True)
            for d in dict.fromkeys(registratie.dossier_ids)
        ]
        message_id = parsed.message_id if isinstance(parsed, ParsedMail) else None
        zelfde = _zelfde_mail(s, sleutel, sha)
        existing = next((p for p in zelfde if _zichtbaar(s, ctx.actor, p)), None)
        if existing is not None:
            return _link_duplicate(s, ctx.actor, existing, dossiers)
        # Only in dossiers this user may not see: a copy of its own, and not a word about them.
        exemplaar = _volgend_exemplaar(s, sleutel, zelfde)
        if registratie.relatie_id is not None and s.get(Relatie, registratie.relatie_id) is None:
            raise ValidationFailed(
                "De gekozen afzender staat niet (meer) in het relatieregister. Er is niets "
                "geregistreerd."
            )
        store = store_or_default(store, ctx.db)
        document_ids = [uuid.uuid4() for _ in files]
        datum = (parsed.ontvangen if isinstance(parsed, ParsedMail) else parsed.datum) or ctx.now()
        stukken: list[Stuk] = []
        for index, (naam, data) in enumerate(files):
            document = Document(
                id=document_ids[index],
                titel=onderwerp if index == 0 else naam,
                soort=registratie.soort if index == 0 else "bijlage",
                richting=DocumentRichting.INKOMEND,
                auteur_id=ctx.actor.medewerker_id,
                datum=datum,
                bron_document_id=document_ids[0] if index else None,
            )
            stukken.append(Stuk(document, naam, store.put(data)))
            if progress:
                progress(index + 1, len(files), naam)
        bewaar_definitief(s, ctx.actor, stukken, dossiers)
        post = Post(
            richting=PostRichting.INKOMEND,
            kanaal="email" if isinstance(parsed, ParsedMail) else "bestand",
            soort=registratie.soort,
            onderwerp=onderwerp,
            afzender=parsed.afzender[:500] if isinstance(parsed, ParsedMail) else "",
            aan=parsed.aan if isinstance(parsed, ParsedMail) else "",
            cc=parsed.cc if isinstance(parsed, ParsedMail) else "",
            datum=parsed.ontvangen if isinstance(parsed, ParsedMail) else parsed.datum,
            message_id=message_id,
            inhoud_sha256=sha,
            inhoud_sleutel=sleutel,
            exemplaar=exemplaar,
            document_id=document_ids[0],
            geregistreerd_door_id=ctx.actor.medewerker_id,
            relatie_id=registratie.relatie_id,
        )
        s.add(post)
        s.flush()
        for dossier in dossiers:
            s.add(PostDossier(post_id=post.id, dossier_id=dossier.id))
            record_audit(
                s, ctx.actor, "post_geregistreerd", f"Inkomende post '{onderwerp}' geregistreerd",
                entiteit="post", entiteit_id=post.id, dossier_id=dossier.id,
                gegevens={"documenten": [str(d) for d in document_ids]},
            )  # fmt: skip
        if registratie.beoordelaar_medewerker_id or registratie.beoordelaar_groep_id:
            post.beoordeling_activiteit_id = _beoordeling(
                s, ctx, post, dossiers[0], registratie, document_ids[0]
            )
        s.flush()
        melding = f"'{onderwerp}' is geregistreerd in {_kenmerken_tekst(dossiers)}"
        if len(files) > 1:
            melding += f", met {aantal(len(files) - 1, 'bijlage', 'bijlagen')}"
        waarschuwingen = list(parsed.waarschuwingen) if isinstance(parsed, ParsedMail) else []
        if message_id and (ander := _andere_met_message_id(s, ctx.actor, post)) is not None:
            waarschuwingen.append(
                f"Let op: in {_kenmerken_tekst([ander])} staat al een andere mail met dezelfde "
                "Message-ID; de inhoud verschilt, daarom is deze apart geregistreerd."
            )
        melding = " ".join([melding + ".", *waarschuwingen])
        return RegistratieResultaat(
            post_info(s, post), tuple(document_ids), False, melding, tuple(waarschuwingen)
        )


def _check_registratie(registratie: Registratie) -> None:
    if not registratie.dossier_ids:
        raise ValidationFailed("Kies ten minste één dossier om de post in te registreren.")
    if registratie.soort not in SOORTEN:
        raise ValidationFailed(
            f"Onbekende soort post '{registratie.soort}'; kies uit: {', '.join(SOORTEN)}."
        )
    if registratie.beoordelaar_medewerker_id and registratie.beoordelaar_groep_id:
        raise ValidationFailed(
            "Kies voor het beoordelen een medewerker óf een groep, niet allebei."
        )


def _onderwerp(parsed: ParsedMail | ParsedFile) -> str:
    if isinstance(parsed, ParsedMail):
        return parsed.onderwerp
    return parsed.naam.rsplit(".", 1)[0]


def _files(parsed: ParsedMail | ParsedFile) -> list[tuple[str, bytes]]:
    """The original first, then each attachment (empty attachments hold nothing to store)."""
    if isinstance(parsed, ParsedFile):
        return [(parsed.naam, parsed.data)]
    naam = parsed.bestandsnaam
    if parsed.onderwerp:
        naam = naam_van_onderwerp(parsed.onderwerp[:100], "mail") + "." + naam.rsplit(".", 1)[-1]
    return [(naam, parsed.data)] + [(b.naam, b.data) for b in parsed.bijlagen if b.data]


def _zelfde_mail(s: Session, sleutel: str, sha: str) -> list[Post]:
    """Incoming post with this content; by its bytes too, for posts registered before the
    content key existed."""
    return list(
        s.scalars(
            select(Post)
            .where(
                Post.richting == PostRichting.INKOMEND,
                or_(Post.inhoud_sleutel == sleutel, Post.inhoud_sha256 == sha),
            )
            .order_by(Post.exemplaar, Post.geregistreerd_op)
        )
    )


def _volgend_exemplaar(s: Session, sleutel: str, zelfde: list[Post]) -> int:
    """The copy number for this content. On PostgreSQL the login does not see copies in
    dossiers shielded from it: ``igj_volgend_exemplaar`` (migration 0015) counts them all and
    tells only the number."""
    if s.get_bind().dialect.name == "postgresql":
        return s.execute(
            text("SELECT igj_volgend_exemplaar(:sleutel)"), {"sleutel": sleutel}
        ).scalar_one()
    return max((p.exemplaar for p in zelfde if p.inhoud_sleutel == sleutel), default=-1) + 1


def _zichtbaar(s: Session, actor: Actor, post: Post) -> bool:
    """Whether ``actor`` sees at least one dossier the post is registered in."""
    return (
        s.scalar(
            select(PostDossier.id)
            .where(
                PostDossier.post_id == post.id,
                PostDossier.dossier_id.in_(visible_dossier_ids(actor)),
            )
            .limit(1)
        )
        is not None
    )


def _andere_met_message_id(s: Session, actor: Actor, post: Post) -> Dossier | None:
    """A visible dossier holding another mail with the Message-ID of ``post``; a dossier the
    actor may not see is never named."""
    return s.scalars(
        select(Dossier)
        .join(PostDossier, PostDossier.dossier_id == Dossier.id)
        .join(Post, Post.id == PostDossier.post_id)
        .where(
            Post.richting == PostRichting.INKOMEND,
            Post.message_id == post.message_id,
            Post.id != post.id,
            Dossier.id.in_(visible_dossier_ids(actor)),
        )
        .order_by(Dossier.kenmerk)
        .limit(1)
    ).first()


@dataclass(frozen=True)
class Stuk:
    """A new document (its ``id`` set) and the stored bytes of its one version."""

    document: Document
    naam: str
    blob: StoredBlob


def bewaar_definitief(
    s: Session, actor: Actor, stukken: Sequence[Stuk], dossiers: Sequence[Dossier]
) -> None:
    """Add each new document with its one, definitieve version and link it to ``dossiers``:
    post is filed as it came in or went out. All of them in one flush: a statement per table,
    not eight per file (a mail with 20 attachments)."""
    register_contents(s, [stuk.blob for stuk in stukken])
    for stuk in stukken:
        stuk.document.status = DocumentStatus.DEFINITIEF
        s.add(stuk.document)
        versie = nieuwe_versie(
            actor, stuk.document, stuk.naam, stuk.blob.sha256, nummer=1, status=stuk.document.status
        )
        s.add(versie)
        s.add_all(
            DocumentDossier(
                document_id=stuk.document.id,
                dossier_id=dossier.id,
                gekoppeld_door_id=actor.medewerker_id,
            )
            for dossier in dossiers
        )
    s.flush()


def koppel_document(
    s: Session, actor: Actor, document_id: uuid.UUID, dossiers: Sequence[Dossier]
) -> None:
    present = set(
        s.scalars(
            select(DocumentDossier.dossier_id).where(DocumentDossier.document_id == document_id)
        )
    )
    for dossier in dossiers:
        if dossier.id not in present:
            s.add(
                DocumentDossier(
                    document_id=document_id,
                    dossier_id=dossier.id,
                    gekoppeld_door_id=actor.medewerker_id,
                )
            )


def _link_duplicate(
    s: Session, actor: Actor, post: Post, dossiers: Sequence[Dossier]
) -> RegistratieResultaat:
    document_ids = _post_documents(s, post)
    present = set(s.scalars(select(PostDossier.dossier_id).where(PostDossier.post_id == post.id)))
    nieuw = [d for d in dossiers if d.id not in present]
    for dossier in nieuw:
        s.add(PostDossier(post_id=post.id, dossier_id=dossier.id))
        record_audit(
            s, actor, "post_gekoppeld", f"Eerder geregistreerde post '{post.onderwerp}' gekoppeld",
            entiteit="post", entiteit_id=post.id, dossier_id=dossier.id,
        )  # fmt: skip
    for document_id in document_ids:
        koppel_document(s, actor, document_id, nieuw)
    s.flush()
    eerder = post.geregistreerd_op.strftime("%d-%m-%Y")
    melding = f"Let op: '{post.onderwerp}' is al eerder geregistreerd ({eerder}). "
    if nieuw:
        melding += (
            f"Het bestaande poststuk is gekoppeld aan {_kenmerken_tekst(nieuw)}; "
            "het is niet opnieuw opgeslagen."
        )
    else:
        melding += "Het stond al in de gekozen dossiers; er is niets gewijzigd."
    return RegistratieResultaat(post_info(s, post, actor), tuple(document_ids), True, melding)


def _post_documents(s: Session, post: Post) -> list[uuid.UUID]:
    if post.document_id is None:
        return []
    bijlagen = s.scalars(
        select(Document.id)
        .where(Document.bron_document_id == post.document_id)
        .order_by(Document.aangemaakt_op)
    )
    return [post.document_id, *bijlagen]


def _beoordeling(
    s: Session,
    ctx: ServiceContext,
    post: Post,
    dossier: Dossier,
    registratie: Registratie,
    document_id: uuid.UUID,
) -> uuid.UUID:
    activiteit = Activiteit(
        dossier_id=dossier.id,
        code=BEOORDELEN_CODE,
        titel=f"Beoordelen inkomende post: {post.onderwerp}"[:300],
        soort="post",
        eigenaar_medewerker_id=registratie.beoordelaar_medewerker_id,
        eigenaar_groep_id=registratie.beoordelaar_groep_id,
        termijn=registratie.beoordeling_termijn or ctx.today() + timedelta(days=5),
        aangemaakt_door_id=ctx.actor.medewerker_id,
        gegevens={"post_id": str(post.id)},
    )
    s.add(activiteit)
    s.flush()
    s.add(ActiviteitDocument(activiteit_id=activiteit.id, document_id=document_id))
    return activiteit.id


def _kenmerken_tekst(dossiers: Sequence[Dossier]) -> str:
    kenmerken = [d.kenmerk for d in dossiers]
    return ("dossier " if len(kenmerken) == 1 else "dossiers ") + ", ".join(kenmerken)


# --- assessing ---------------------------------------------------------------------------------


def _load_post(s: Session, actor: Actor, post_id: uuid.UUID, *, write: bool) -> Post:
    post = s.get(Post, post_id)
    if post is None:
        raise NotFound(POST_NIET_GEVONDEN)
    dossier_ids = list(
        s.scalars(select(PostDossier.dossier_id).where(PostDossier.post_id == post_id))
    )
    visible = set(s.scalars(visible_dossier_ids(actor).where(Dossier.id.in_(dossier_ids))))
    if not visible:
        raise NotFound(POST_NIET_GEVONDEN)
    if write:
        get_dossier(s, actor, next(iter(visible)), write=True, allow_closed=True)
    return post


def rond_beoordeling_af(
    s: Session, ctx: ServiceContext, post: Post, uitkomst: str, reden: str
) -> None:
    if post.beoordeling_activiteit_id is None:
        return
    activiteit = s.get(Activiteit, post.beoordeling_activiteit_id)
    if activiteit is not None and activiteit.status == ActiviteitStatus.OPEN:
        activiteit.status = ActiviteitStatus.AFGEROND
        activiteit.uitkomst = uitkomst
        activiteit.reden = reden or None
        activiteit.afgerond_op = ctx.now()
        activiteit.afgerond_door_id = ctx.actor.medewerker_id


def post_bij_activiteit(ctx: ServiceContext, activiteit_id: uuid.UUID) -> PostInfo:
    """The post a beoordelen- or verzend-activiteit is about, for its owner or the team.

    The postkamer owns letters to send in dossiers it cannot see, so owning the activiteit
    is enough here; the dossier itself stays hidden."""
    with ctx.read() as s:
        post = s.scalar(select(Post).where(Post.beoordeling_activiteit_id == activiteit_id))
        activiteit = s.get(Activiteit, activiteit_id)
        if post is None or activiteit is None:
            raise NotFound(POST_NIET_GEVONDEN)
        eigen = activiteit.eigenaar_medewerker_id == ctx.actor.medewerker_id or (
            activiteit.eigenaar_groep_id in ctx.actor.groep_ids
        )
        if not eigen:
            _load_post(s, ctx.actor, post.id, write=False)
        return post_info(s, post)


def post_beoordeeld(ctx: ServiceContext, post_id: uuid.UUID) -> PostInfo:
    """The beoordelaar accepts the post for this dossier."""
    with ctx.unit_of_work() as s:
        post = _load_post(s, ctx.actor, post_id, write=True)
        post.status = PostStatus.BEOORDEELD
        rond_beoordeling_af(s, ctx, post, "beoordeeld", "")
        record_audit(
            s, ctx.actor, "post_beoordeeld", f"Post '{post.onderwerp}' beoordeeld",
            entiteit="post", entiteit_id=post.id,
        )  # fmt: skip
        s.flush()
        return post_info(s, post)


def stuur_post_terug(ctx: ServiceContext, post_id: uuid.UUID, reden: str) -> PostInfo:
    """Misdirected post goes back to whoever registered it, with a reason, as an activiteit."""
    reden = reden.strip()
    if not reden:
        raise ValidationFailed("Geef aan waarom de post wordt teruggestuurd.")
    with ctx.unit_of_work() as s:
        post = _load_post(s, ctx.actor, post_id, write=True)
        if post.status == PostStatus.TERUGGESTUURD:
            raise ValidationFailed("Deze post is al teruggestuurd.")
        post.status = PostStatus.TERUGGESTUURD
        rond_beoordeling_af(s, ctx, post, "teruggestuurd", reden)
        dossier_id = s.scalars(
            select(PostDossier.dossier_id).where(PostDossier.post_id == post.id)
        ).first()
        s.add(
            Activiteit(
                dossier_id=dossier_id,
                code="post_teruggestuurd",
                titel=f"Post teruggestuurd: {post.onderwerp}"[:300],
                omschrijving=f"{ctx.actor.naam}: {reden}",
                soort="post",
                eigenaar_medewerker_id=post.geregistreerd_door_id,
                termijn=ctx.today() + timedelta(days=2),
                aangemaakt_door_id=ctx.actor.medewerker_id,
                gegevens={"post_id": str(post.id)},
            )
        )
        record_audit(
            s, ctx.actor, "post_teruggestuurd", f"Post '{post.onderwerp}' teruggestuurd: {reden}",
            entiteit="post", entiteit_id=post.id, dossier_id=dossier_id,
        )  # fmt: skip
        s.flush()
        return post_info(s, post)


# --- register ----------------------------------------------------------------------------------


def post_register(
    ctx: ServiceContext,
    dossier_id: uuid.UUID | None = None,
    *,
    sinds: datetime | None = None,
    alleen_onbeoordeeld: bool = False,
    richting: str | None = None,
) -> list[PostInfo]:
    """Post of one dossier, or across every visible dossier; newest first."""
    with ctx.read() as s:
        ids = select(PostDossier.post_id).where(
            PostDossier.dossier_id.in_(visible_dossier_ids(ctx.actor))
        )
        if dossier_id is not None:
            get_dossier(s, ctx.actor, dossier_id)
            ids = ids.where(PostDossier.dossier_id == dossier_id)
        query = select(Post).where(Post.id.in_(ids)).order_by(Post.geregistreerd_op.desc())
        if sinds is not None:
            query = query.where(Post.geregistreerd_op >= sinds)
        if alleen_onbeoordeeld:
            query = query.where(Post.status == PostStatus.GEREGISTREERD)
        if richting is not None:
            query = query.where(Post.richting == richting)
        return [post_info(s, p) for p in s.scalars(query.limit(1000))]


def post_deze_week(ctx: ServiceContext) -> list[PostInfo]:
    """Incoming post registered since Monday (Dutch calendar), across visible dossiers."""
    vandaag = ctx.today()
    maandag = vandaag - timedelta(days=vandaag.weekday())
    sinds = datetime.combine(maandag, datetime.min.time(), tzinfo=AMSTERDAM)
    return post_register(ctx, sinds=sinds, richting=PostRichting.INKOMEND)


def post_info(s: Session, post: Post, actor: Actor | None = None) -> PostInfo:
    """``actor``: name only the dossiers that user sees (a duplicate found elsewhere)."""
    relatie = s.get(Relatie, post.relatie_id) if post.relatie_id is not None else None
    kenmerken = (
        select(Dossier.kenmerk)
        .join(PostDossier, PostDossier.dossier_id == Dossier.id)
        .where(PostDossier.post_id == post.id)
        .order_by(Dossier.kenmerk)
    )
    if actor is not None:
        kenmerken = kenmerken.where(Dossier.id.in_(visible_dossier_ids(actor)))
    return PostInfo(
        id=post.id,
        richting=post.richting,
        kanaal=post.kanaal,
        soort=post.soort,
        onderwerp=post.onderwerp,
        afzender=post.afzender,
        aan=post.aan,
        datum=post.datum,
        message_id=post.message_id,
        document_id=post.document_id,
        status=post.status,
        geregistreerd_op=post.geregistreerd_op,
        kenmerken=tuple(s.scalars(kenmerken)),
        version=post.version,
        relatie_id=post.relatie_id,
        relatie=relatie.naam if relatie is not None else "",
        te_beoordelen=post.status == PostStatus.GEREGISTREERD,
    )
