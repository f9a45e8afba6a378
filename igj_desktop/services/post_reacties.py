"""Who reacted to a uitzending (seed 000, "Uitzetten vragenlijst": the reacties per relatie).

A *uitzending* is the outgoing post of one sjabloon in a dossier, personalised per relatie
(``post_uitgaand.bulk_mail`` / ``bulk_brieven``). A relatie has reacted when incoming post
from that relatie was registered in the dossier after it was sent to them; the registration
dialog recognises the afzender among the betrokkenen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, select

from igj_desktop.models import Document, Post, PostDossier, PostRichting, Relatie

from . import sjablonen
from .access import get_dossier
from .base import ServiceContext


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


def _post_van(dossier_id: uuid.UUID, richting: str) -> Select[tuple[Post, str | None]]:
    return (
        select(Post, Document.sjabloon)
        .join(PostDossier, PostDossier.post_id == Post.id)
        .outerjoin(Document, Document.id == Post.document_id)
        .where(
            PostDossier.dossier_id == dossier_id,
            Post.richting == richting,
            Post.relatie_id.is_not(None),
        )
        .order_by(_moment())
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
        verzonden: dict[uuid.UUID, Post] = {}
        for post, naam in s.execute(_post_van(dossier_id, PostRichting.UITGAAND)):
            if naam == sjabloon:
                verzonden.setdefault(post.relatie_id, post)
        ontvangen: dict[uuid.UUID, Post] = {}
        for post, _naam in s.execute(_post_van(dossier_id, PostRichting.INKOMEND)):
            uit = verzonden.get(post.relatie_id)
            if uit is not None and _op(post) >= _op(uit):
                ontvangen.setdefault(post.relatie_id, post)
        namen = dict(
            s.execute(select(Relatie.id, Relatie.naam).where(Relatie.id.in_(verzonden))).all()
        )
    rows = []
    for relatie_id, uit in verzonden.items():
        reactie = ontvangen.get(relatie_id)
        rows.append(
            Reactie(
                relatie_id,
                namen.get(relatie_id, "?"),
                uit.kanaal,
                _op(uit),
                _op(reactie) if reactie else None,
                reactie.onderwerp if reactie else "",
            )
        )
    return sorted(rows, key=lambda r: (r.gereageerd, r.naam.lower()))


def _op(post: Post) -> datetime:
    return post.datum or post.geregistreerd_op
