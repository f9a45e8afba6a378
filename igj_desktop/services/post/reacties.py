"""Who reacted to a uitzending (seed 000, "Uitzetten vragenlijst": the reacties per relatie).

A *uitzending* is the outgoing post of one sjabloon in a dossier, personalised per relatie
(``post_uitgaand.bulk_mail`` / ``bulk_brieven``). A relatie has reacted when incoming post
from that relatie was registered in the dossier after it was sent to them; the registration
dialog recognises the afzender among the betrokkenen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, select

from igj_desktop.models import Document, Post, PostDossier, PostRichting, Relatie
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.toegang.controle import get_dossier


@dataclass(frozen=True)
class Uitzending:
    sjabloon: str
    titel: str
    ontvangers: int


@dataclass(frozen=True)
class Reactie:
    relatie_id: uuid.UUID
    naam: str
    kanaal: str
    verzonden_op: datetime
    reactie_op: datetime | None = None
    reactie_onderwerp: str = ""

    @property
    def gereageerd(self) -> bool:
        return self.reactie_op is not None


def _moment() -> ColumnElement[datetime]:
    """When a post counts: sent or received (``datum``), else when it was registered."""
    return func.coalesce(Post.datum, Post.geregistreerd_op)


def _post_van(dossier_id: uuid.UUID, richting: str) -> Select[tuple[Post, datetime, str]]:
    """The dossier's post in one direction from or to a betrokkene, oldest first."""
    moment = _moment()
    return (
        select(Post, moment, Relatie.naam)
        .join(PostDossier, PostDossier.post_id == Post.id)
        .join(Relatie, Relatie.id == Post.relatie_id)
        .where(PostDossier.dossier_id == dossier_id, Post.richting == richting)
        .order_by(moment)
    )


def uitzendingen(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[Uitzending]:
    """The sjablonen sent to relaties from this dossier, the most recent first."""
    with ctx.read() as s:
        get_dossier(s, ctx.actor, dossier_id)
        rows = s.execute(
            select(Document.sjabloon, func.count(func.distinct(Post.relatie_id)))
            .join(Post, Post.document_id == Document.id)
            .join(PostDossier, PostDossier.post_id == Post.id)
            .where(
                PostDossier.dossier_id == dossier_id,
                Post.richting == PostRichting.UITGAAND,
                Post.relatie_id.is_not(None),
                Document.sjabloon.is_not(None),
            )
            .group_by(Document.sjabloon)
            .order_by(func.max(_moment()).desc())
        ).all()
    catalogus = sjablonen.standaard_catalogus().sjablonen
    return [
        Uitzending(naam, catalogus[naam].titel if naam in catalogus else naam, aantal)
        for naam, aantal in rows
    ]


def reacties(ctx: ServiceContext, dossier_id: uuid.UUID, sjabloon: str) -> list[Reactie]:
    """Per relatie that got the sjabloon: when, and the first post from them since."""
    with ctx.read() as s:
        get_dossier(s, ctx.actor, dossier_id)
        uitgaand = (
            _post_van(dossier_id, PostRichting.UITGAAND)
            .join(Document, Document.id == Post.document_id)
            .where(Document.sjabloon == sjabloon)
        )
        verzonden: dict[uuid.UUID, Reactie] = {}
        for post, op, naam in s.execute(uitgaand):
            verzonden.setdefault(post.relatie_id, Reactie(post.relatie_id, naam, post.kanaal, op))
        beantwoord: dict[uuid.UUID, Reactie] = {}
        for post, op, _naam in s.execute(_post_van(dossier_id, PostRichting.INKOMEND)):
            uit = verzonden.get(post.relatie_id)
            if uit is not None and op >= uit.verzonden_op and post.relatie_id not in beantwoord:
                beantwoord[post.relatie_id] = replace(
                    uit, reactie_op=op, reactie_onderwerp=post.onderwerp
                )
    rows = [beantwoord.get(relatie_id, uit) for relatie_id, uit in verzonden.items()]
    return sorted(rows, key=lambda r: (r.gereageerd, r.naam.lower()))
