"""Related dossiers: internal links (stored in both directions) and hyperlinks to WPM, BRS
and signaalmanagement apps."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from sqlalchemy import delete, or_, select

from igj_desktop.models import Dossier, GerelateerdDossier
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers.dossier import koppeling_rows
from igj_desktop.services.dossiers.keuzelijsten import EXTERNE_SYSTEMEN
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.read_models import KoppelingRow
from igj_desktop.services.toegang.controle import get_dossier

URL_MAX = 2000
OMSCHRIJVING_MAX = 300


def list_koppelingen(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[KoppelingRow]:
    with ctx.read() as session:
        get_dossier(session, ctx.actor, dossier_id)
        return koppeling_rows(session, ctx.actor, dossier_id)


def _omschrijving(tekst: str) -> str:
    tekst = " ".join(tekst.split())
    if len(tekst) > OMSCHRIJVING_MAX:
        raise ValidationFailed(f"De omschrijving is te lang (hoogstens {OMSCHRIJVING_MAX} tekens).")
    return tekst


def link_dossier(
    ctx: ServiceContext, dossier_id: uuid.UUID, doel_dossier_id: uuid.UUID, omschrijving: str = ""
) -> list[KoppelingRow]:
    """Link two dossiers; the link shows in both. The other dossier only needs to be visible."""
    if dossier_id == doel_dossier_id:
        raise ValidationFailed("Een dossier kan niet aan zichzelf worden gekoppeld.")
    omschrijving = _omschrijving(omschrijving)
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        doel = get_dossier(session, ctx.actor, doel_dossier_id)
        bestaand = session.scalar(
            select(GerelateerdDossier.id).where(
                GerelateerdDossier.dossier_id == dossier.id,
                GerelateerdDossier.doel_dossier_id == doel.id,
            )
        )
        if bestaand is not None:
            raise ValidationFailed(f"{dossier.kenmerk} is al gekoppeld aan {doel.kenmerk}.")
        for van, naar in ((dossier, doel), (doel, dossier)):
            session.add(
                GerelateerdDossier(
                    dossier_id=van.id,
                    doel_dossier_id=naar.id,
                    systeem="intern",
                    omschrijving=omschrijving,
                    aangemaakt_door_id=ctx.actor.medewerker_id,
                )
            )
            record_audit(
                session,
                ctx.actor,
                "dossier_gekoppeld",
                f"{van.kenmerk} gekoppeld aan {_genoemd(naar)}.",
                entiteit="gerelateerd_dossier",
                entiteit_id=naar.id,
                dossier_id=van.id,
            )
        session.flush()
        return koppeling_rows(session, ctx.actor, dossier.id)


def _genoemd(dossier: Dossier) -> str:
    """How the other dossier is named in a timeline its own readers may not share: an
    afgeschermd dossier's kenmerk stays out of other dossiers' timelines."""
    return "een afgeschermd dossier" if dossier.afgeschermd else dossier.kenmerk


def check_url(url: str) -> str:
    """A complete http(s) address, or a Dutch refusal."""
    url = url.strip()
    if not url:
        raise ValidationFailed("Vul het webadres van het dossier in.")
    if len(url) > URL_MAX or any(c.isspace() for c in url):
        raise ValidationFailed("Dit webadres is ongeldig (te lang of met spaties).")
    delen = urlsplit(url)
    if delen.scheme.lower() not in ("http", "https") or not delen.hostname:
        raise ValidationFailed(
            "Een webadres begint met http:// of https:// en bevat een servernaam, "
            "bijvoorbeeld https://wpm.igj.nl/dossier/123."
        )
    return url


def link_extern(
    ctx: ServiceContext, dossier_id: uuid.UUID, systeem: str, url: str, omschrijving: str = ""
) -> list[KoppelingRow]:
    """Add a hyperlink to a dossier in WPM, BRS or a signaalmanagement app."""
    if systeem not in EXTERNE_SYSTEMEN:
        raise ValidationFailed(f"Kies een systeem: {', '.join(EXTERNE_SYSTEMEN.values())}.")
    url = check_url(url)
    omschrijving = _omschrijving(omschrijving)
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        koppeling = GerelateerdDossier(
            dossier_id=dossier.id,
            url=url,
            systeem=systeem,
            omschrijving=omschrijving,
            aangemaakt_door_id=ctx.actor.medewerker_id,
        )
        session.add(koppeling)
        session.flush()
        record_audit(
            session,
            ctx.actor,
            "dossier_gekoppeld",
            f"Koppeling naar {EXTERNE_SYSTEMEN[systeem]} toegevoegd: {url}.",
            entiteit="gerelateerd_dossier",
            entiteit_id=koppeling.id,
            dossier_id=dossier.id,
        )
        return koppeling_rows(session, ctx.actor, dossier.id)


def unlink(
    ctx: ServiceContext, dossier_id: uuid.UUID, koppeling_id: uuid.UUID
) -> list[KoppelingRow]:
    """Remove a link; an internal link disappears from both dossiers."""
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        koppeling = session.get(GerelateerdDossier, koppeling_id)
        if koppeling is None or koppeling.dossier_id != dossier.id:
            raise NotFound("Deze koppeling bestaat niet (meer); laad het dossier opnieuw.")
        doel_id = koppeling.doel_dossier_id
        if doel_id is None:
            session.delete(koppeling)
            beschrijving = f"Koppeling naar {koppeling.url} verwijderd."
        else:
            session.execute(
                delete(GerelateerdDossier).where(
                    or_(
                        (GerelateerdDossier.dossier_id == dossier.id)
                        & (GerelateerdDossier.doel_dossier_id == doel_id),
                        (GerelateerdDossier.dossier_id == doel_id)
                        & (GerelateerdDossier.doel_dossier_id == dossier.id),
                    )
                )
            )
            beschrijving = "Koppeling met een ander dossier verwijderd (in beide dossiers)."
        for betrokken_id in (dossier.id, doel_id):
            if betrokken_id is not None:
                record_audit(
                    session,
                    ctx.actor,
                    "koppeling_verwijderd",
                    beschrijving,
                    entiteit="gerelateerd_dossier",
                    entiteit_id=koppeling_id,
                    dossier_id=betrokken_id,
                )
        session.flush()
        return koppeling_rows(session, ctx.actor, dossier.id)
