"""Dossiers and subdossiers: the tree, the detail, creating and editing.

Creating is one transaction: the kenmerk, the dossier, its behandelaars and its betrokkenen
are written together or not at all, so a cancelled or failed create leaves no row behind
(on the embedded database not even a used kenmerk number; the shared one issues kenmerken
from a sequence, see ``next_kenmerk``).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    bindparam,
    exists,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, aliased

from igj_desktop.models import (
    BetrokkeneRol,
    Dossier,
    DossierStatus,
    Dossiertype,
    GerelateerdDossier,
    Groep,
    GroepSoort,
    KenmerkTeller,
    Relatie,
    Toegang,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import Actor, ServiceContext, check_version, vaste_query
from igj_desktop.services.documenten.inhoud_dossiers import dossiers_met_inhoud
from igj_desktop.services.dossiers.relaties import attach_betrokkene, betrokkene_rows
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.read_models import DossierDetail, DossierNode, DossierRef, KoppelingRow
from igj_desktop.services.tekens import like_pattern
from igj_desktop.services.toegang.controle import (
    NIET_GEVONDEN,
    get_dossier,
    mag_wijzigen,
    visible_dossiers,
)
from igj_desktop.services.toegang.toekenning import put_toegang, toegang_rows
from igj_desktop.services.workflows.acties import start_first_activity

TITEL_MAX = 300


# ---------------------------------------------------------------- reading


# Aliases made once: each ``aliased()`` copies every column of its table, on every call.
# (made on first use, not at import: the first alias configures every mapper)
@functools.cache
def _kind() -> type[Dossier]:
    return aliased(Dossier)


@functools.cache
def _doel() -> type[Dossier]:
    return aliased(Dossier)


@functools.cache
def _afdeling() -> type[Groep]:
    return aliased(Groep)


def node_query(actor: Actor, zichtbaar: ColumnElement[bool] | None = None) -> Select[tuple]:
    """Columns of a ``DossierNode`` for the dossiers ``actor`` may see (``zichtbaar``: the
    same rule in another form, as the PostgreSQL search's ``zoek_lezers``)."""
    child = _kind()
    child_count = (
        select(func.count())
        .select_from(child)
        .where(child.parent_id == Dossier.id, visible_dossiers(actor, child))
        .correlate(Dossier)
        .scalar_subquery()
    )
    return (
        select(
            Dossier.id,
            Dossier.kenmerk,
            Dossier.titel,
            Dossier.status,
            Dossiertype.naam,
            Dossier.parent_id,
            Dossier.afgeschermd,
            child_count,
            Dossier.geopend_op,
            Dossier.gesloten_op,
        )
        .join(Dossiertype, Dossiertype.id == Dossier.dossiertype_id)
        .where(visible_dossiers(actor) if zichtbaar is None else zichtbaar)
    )


def to_nodes(session: Session, query: Select[tuple]) -> list[DossierNode]:
    return [DossierNode(*row) for row in session.execute(query)]


def _matches(dossier: type[Dossier], tekst: str) -> ColumnElement[bool]:
    pattern = like_pattern(tekst)
    return or_(
        dossier.kenmerk.ilike(pattern, escape="\\"), dossier.titel.ilike(pattern, escape="\\")
    )


def list_hoofddossiers(
    ctx: ServiceContext,
    filter_text: str | None = None,
    offset: int = 0,
    limit: int = 200,
    *,
    in_documenten: bool = False,
) -> list[DossierNode]:
    """The roots of the tree, newest kenmerk first.

    A root is a hoofddossier, or a subdossier whose hoofddossier the actor may not see
    (otherwise access to only a subdossier would be unreachable). ``filter_text`` keeps
    roots whose kenmerk or titel contains it, or that have such a visible subdossier;
    ``in_documenten``: or whose documents contain its words (the content search).
    """
    parent = aliased(Dossier)
    parent_visible = exists(
        select(parent.id).where(parent.id == Dossier.parent_id, visible_dossiers(ctx.actor, parent))
    )
    query = node_query(ctx.actor).where(or_(Dossier.parent_id.is_(None), ~parent_visible))
    if filter_text and filter_text.strip():

        def matches(dossier: type[Dossier]) -> ColumnElement[bool]:
            tekst = _matches(dossier, filter_text)
            if not in_documenten:
                return tekst
            inhoud = dossiers_met_inhoud(ctx.actor, ctx.db.engine.dialect.name, filter_text)
            return or_(tekst, dossier.id.in_(inhoud))

        child = aliased(Dossier)
        child_matches = exists(
            select(child.id).where(
                child.parent_id == Dossier.id,
                visible_dossiers(ctx.actor, child),
                matches(child),
            )
        )
        query = query.where(or_(matches(Dossier), child_matches))
    query = query.order_by(Dossier.kenmerk.desc()).offset(offset).limit(limit)
    with ctx.read() as session:
        return to_nodes(session, query)


def list_subdossiers(ctx: ServiceContext, parent_id: uuid.UUID) -> list[DossierNode]:
    """The visible subdossiers of a dossier, in kenmerk order."""
    with ctx.read() as session:
        return _subdossiers(session, ctx.actor, parent_id)


# Opening a dossier runs these statements every time: they are built once per actor (with
# the dossier as a bound parameter), so SQLAlchemy neither rebuilds them nor recomputes
# their cache key; on a busy CPU building them cost more than running them.


@vaste_query
def _subdossiers_query(actor: Actor) -> Select[tuple]:
    return (
        node_query(actor)
        .where(Dossier.parent_id == bindparam("dossier_id"))
        .order_by(Dossier.kenmerk)
    )


def _subdossiers(session: Session, actor: Actor, dossier_id: uuid.UUID) -> list[DossierNode]:
    rows = session.execute(_subdossiers_query(actor), {"dossier_id": dossier_id})
    return [DossierNode(*row) for row in rows]


@vaste_query
def _koppelingen_query(actor: Actor) -> Select[tuple]:
    doel = _doel()
    k = GerelateerdDossier
    return (
        select(k.id, k.systeem, k.omschrijving, k.doel_dossier_id, k.url)
        .add_columns(doel.kenmerk, doel.titel, doel.status)
        .outerjoin(doel, doel.id == k.doel_dossier_id)
        .where(
            k.dossier_id == bindparam("dossier_id"),
            or_(k.doel_dossier_id.is_(None), visible_dossiers(actor, doel)),
        )
        .order_by(k.aangemaakt_op)
    )


def koppeling_rows(session: Session, actor: Actor, dossier_id: uuid.UUID) -> list[KoppelingRow]:
    """Links of a dossier; an internal link to a dossier the actor may not see is left out."""
    query = _koppelingen_query(actor)
    return [
        KoppelingRow(
            id_,
            systeem,
            omschrijving,
            DossierRef(doel_id, kenmerk, titel, status) if doel_id is not None else None,
            url,
        )
        for id_, systeem, omschrijving, doel_id, url, kenmerk, titel, status in session.execute(
            query, {"dossier_id": dossier_id}
        )
    ]


def get_dossier_detail(ctx: ServiceContext, dossier_id: uuid.UUID) -> DossierDetail:
    """Everything of one dossier the detail screen shows; one query per collection."""
    with ctx.read() as session:
        return detail_van(session, ctx.actor, dossier_id)


# The columns of the dossier itself a ``DossierDetail`` shows, with its type and afdeling.
_DETAIL_KOLOMMEN = (
    Dossier.id,
    Dossier.kenmerk,
    Dossier.titel,
    Dossier.aanleiding,
    Dossier.omschrijving,
    Dossier.dossiertype_id,
    Dossier.afdeling_id,
    Dossier.sector,
    Dossier.status,
    Dossier.geopend_op,
    Dossier.gesloten_op,
    Dossier.reden_afsluiting,
    Dossier.bewaartermijn_tot,
    Dossier.bewaartermijn_toelichting,
    Dossier.afgeschermd,
    Dossier.version,
    Dossier.parent_id,
)


@vaste_query
def _detail_query(actor: Actor) -> Select[tuple]:
    afdeling = _afdeling()
    return (
        select(*_DETAIL_KOLOMMEN, Dossiertype.naam, afdeling.naam)
        .join(Dossiertype, Dossiertype.id == Dossier.dossiertype_id)
        .outerjoin(afdeling, afdeling.id == Dossier.afdeling_id)
        .where(Dossier.id == bindparam("dossier_id"), visible_dossiers(actor))
    )


@vaste_query
def _parent_query(actor: Actor) -> Select[tuple]:
    return select(Dossier.id, Dossier.kenmerk, Dossier.titel, Dossier.status).where(
        Dossier.id == bindparam("dossier_id"), visible_dossiers(actor)
    )


def detail_van(session: Session, actor: Actor, dossier_id: uuid.UUID) -> DossierDetail:
    """The detail of a dossier ``actor`` may see (the access check), read as plain rows:
    the dossier with its type and afdeling in one query, then one per collection."""
    row = session.execute(_detail_query(actor), {"dossier_id": dossier_id}).first()
    if row is None:
        raise NotFound(NIET_GEVONDEN)
    return _detail_uit(session, actor, row, row[-2], row[-1])


def _detail(session: Session, actor: Actor, dossier: Dossier) -> DossierDetail:
    """The detail of a dossier just loaded (or written) as an entity."""
    afdeling = session.get(Groep, dossier.afdeling_id) if dossier.afdeling_id else None
    return _detail_uit(
        session, actor, dossier, dossier.dossiertype.naam, afdeling.naam if afdeling else None
    )


def _detail_uit(
    session: Session,
    actor: Actor,
    dossier: Dossier | Row[Any],
    dossiertype: str,
    afdeling: str | None,
) -> DossierDetail:
    parent = None
    if dossier.parent_id is not None:
        row = session.execute(_parent_query(actor), {"dossier_id": dossier.parent_id}).first()
        parent = DossierRef(*row) if row else None
    subdossiers = _subdossiers(session, actor, dossier.id)
    toegang = tuple(toegang_rows(session, [dossier.id])[dossier.id])
    return DossierDetail(
        id=dossier.id,
        kenmerk=dossier.kenmerk,
        titel=dossier.titel,
        aanleiding=dossier.aanleiding,
        omschrijving=dossier.omschrijving,
        dossiertype_id=dossier.dossiertype_id,
        dossiertype=dossiertype,
        afdeling_id=dossier.afdeling_id,
        afdeling=afdeling,
        sector=dossier.sector,
        status=dossier.status,
        geopend_op=dossier.geopend_op,
        gesloten_op=dossier.gesloten_op,
        reden_afsluiting=dossier.reden_afsluiting,
        bewaartermijn_tot=dossier.bewaartermijn_tot,
        bewaartermijn_toelichting=dossier.bewaartermijn_toelichting,
        afgeschermd=dossier.afgeschermd,
        version=dossier.version,
        parent=parent,
        subdossiers=tuple(subdossiers),
        betrokkenen=tuple(betrokkene_rows(session, [dossier.id])[dossier.id]),
        toegang=toegang,
        koppelingen=tuple(koppeling_rows(session, actor, dossier.id)),
        mag_wijzigen=dossier.status == DossierStatus.OPEN
        and mag_wijzigen(session, actor, dossier.afgeschermd, toegang),
    )


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class NieuwDossier:
    """Everything the new-dossier wizard collects. The creator always becomes behandelaar."""

    dossiertype_id: uuid.UUID
    titel: str
    aanleiding: str
    omschrijving: str = ""
    afdeling_id: uuid.UUID | None = None
    sector: str | None = None
    behandelaar_ids: Sequence[uuid.UUID] = ()
    """Further medewerkers who become behandelaar."""
    toegang_groepen: Sequence[tuple[uuid.UUID, str]] = ()
    """(groep id, rol) pairs."""
    betrokkenen: Sequence[tuple[uuid.UUID, str]] = ()
    """(relatie id, betrokkene rol) pairs."""
    afgeschermd: bool = False


def _clean_titel(titel: str) -> str:
    titel = " ".join(titel.split())
    if not titel:
        raise ValidationFailed("Vul een titel in.")
    if len(titel) > TITEL_MAX:
        raise ValidationFailed(f"De titel is te lang (hoogstens {TITEL_MAX} tekens).")
    return titel


def _clean_aanleiding(aanleiding: str) -> str:
    aanleiding = aanleiding.strip()
    if not aanleiding:
        raise ValidationFailed("Vul de aanleiding in.")
    if len(aanleiding) > 100:
        raise ValidationFailed("De aanleiding is te lang (hoogstens 100 tekens).")
    return aanleiding


def _dossiertype(session: Session, dossiertype_id: uuid.UUID) -> Dossiertype:
    dossiertype = session.get(Dossiertype, dossiertype_id)
    if dossiertype is None or not dossiertype.actief:
        raise ValidationFailed("Kies een bestaand, actief dossiertype.")
    return dossiertype


def _check_afdeling(session: Session, afdeling_id: uuid.UUID | None) -> None:
    if afdeling_id is None:
        return
    afdeling = session.get(Groep, afdeling_id)
    if afdeling is None or afdeling.soort != GroepSoort.AFDELING:
        raise ValidationFailed("Kies een bestaande afdeling.")


def next_kenmerk(session: Session, jaar: int) -> str:
    """Issue the next kenmerk of ``jaar``.

    On PostgreSQL the function ``igj_volgend_kenmerk`` issues it from a sequence per year, so
    colleagues creating dossiers do not wait for each other (a cancelled create leaves a gap),
    and the database refuses a dossier with a kenmerk it did not issue (migration 0010). On
    the embedded database the counter row stays locked until commit: no gaps."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return session.scalar(text("SELECT igj_volgend_kenmerk(:jaar)"), {"jaar": jaar})
    session.execute(
        sqlite.insert(KenmerkTeller).values(jaar=jaar, laatste=0).on_conflict_do_nothing()
    )
    teller = session.scalar(
        select(KenmerkTeller)
        .where(KenmerkTeller.jaar == jaar)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert teller is not None
    teller.laatste += 1
    session.flush()
    return f"IGJ-{jaar}-{teller.laatste:06d}"


def create_dossier(ctx: ServiceContext, nieuw: NieuwDossier) -> DossierDetail:
    """Register a dossier with its team and betrokkenen in one transaction."""
    titel = _clean_titel(nieuw.titel)
    aanleiding = _clean_aanleiding(nieuw.aanleiding)
    with ctx.unit_of_work() as session:
        dossiertype = _dossiertype(session, nieuw.dossiertype_id)
        _check_afdeling(session, nieuw.afdeling_id)
        dossier = Dossier(
            kenmerk=next_kenmerk(session, ctx.today().year),
            dossiertype_id=dossiertype.id,
            titel=titel,
            aanleiding=aanleiding,
            omschrijving=nieuw.omschrijving.strip(),
            afdeling_id=nieuw.afdeling_id,
            sector=nieuw.sector or None,
            geopend_op=ctx.now(),
            aangemaakt_door_id=ctx.actor.medewerker_id,
        )
        session.add(dossier)
        session.flush()
        record_audit(
            session,
            ctx.actor,
            "dossier_aangemaakt",
            f"Dossier {dossier.kenmerk} ({dossiertype.naam}) aangemaakt: {titel}.",
            entiteit="dossier",
            entiteit_id=dossier.id,
            dossier_id=dossier.id,
            gegevens={"aanleiding": aanleiding},
        )
        put_toegang(session, ctx.actor, dossier, medewerker_id=ctx.actor.medewerker_id)
        for medewerker_id in dict.fromkeys(nieuw.behandelaar_ids):
            if medewerker_id != ctx.actor.medewerker_id:
                put_toegang(session, ctx.actor, dossier, medewerker_id=medewerker_id)
        for groep_id, rol in nieuw.toegang_groepen:
            put_toegang(session, ctx.actor, dossier, groep_id=groep_id, rol=rol)
        for relatie_id, rol in nieuw.betrokkenen:
            attach_betrokkene(session, ctx.actor, dossier, relatie_id, rol)
        if nieuw.afgeschermd:
            dossier.afgeschermd = True
            record_audit(
                session,
                ctx.actor,
                "dossier_afgeschermd",
                f"Dossier {dossier.kenmerk} afgeschermd: alleen het behandelteam ziet het.",
                entiteit="dossier",
                entiteit_id=dossier.id,
                dossier_id=dossier.id,
            )
        session.flush()
        return _detail(session, ctx.actor, dossier)


def update_dossier(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    version: int | None,
    *,
    titel: str | None = None,
    aanleiding: str | None = None,
    omschrijving: str | None = None,
    afdeling_id: uuid.UUID | None = None,
    sector: str | None = None,
) -> DossierDetail:
    """Change the basic data; ``version`` is the one of the read model the edit started from.

    Only the given fields change. A colleague's change in between raises ``Conflict``.
    """
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        check_version(dossier.version, version)
        nieuw: dict[str, object] = {}
        if titel is not None:
            nieuw["titel"] = _clean_titel(titel)
        if aanleiding is not None:
            nieuw["aanleiding"] = _clean_aanleiding(aanleiding)
        if omschrijving is not None:
            nieuw["omschrijving"] = omschrijving.strip()
        if afdeling_id is not None:
            _check_afdeling(session, afdeling_id)
            nieuw["afdeling_id"] = afdeling_id
        if sector is not None:
            nieuw["sector"] = sector.strip() or None
        gewijzigd = {k: v for k, v in nieuw.items() if getattr(dossier, k) != v}
        if gewijzigd:
            for veld, waarde in gewijzigd.items():
                setattr(dossier, veld, waarde)
            record_audit(
                session,
                ctx.actor,
                "dossier_gewijzigd",
                f"Basisgegevens van {dossier.kenmerk} gewijzigd: {', '.join(gewijzigd)}.",
                entiteit="dossier",
                entiteit_id=dossier.id,
                dossier_id=dossier.id,
                gegevens={k: str(v) for k, v in gewijzigd.items()},
            )
            session.flush()
        return _detail(session, ctx.actor, dossier)


# ---------------------------------------------------------------- subdossiers


def add_subdossier(
    session: Session,
    actor: Actor,
    parent: Dossier,
    dossiertype: Dossiertype,
    titel: str,
    aanleiding: str,
    omschrijving: str = "",
) -> Dossier:
    """Create one subdossier inside the caller's transaction: next -NN kenmerk, the
    parent's afdeling, sector, afscherming and toegang."""
    if parent.parent_id is not None:
        raise ValidationFailed("Onder een subdossier kunnen geen subdossiers worden aangemaakt.")
    # An atomic increment (row-locked until commit): numbering subdossiers is not an edit of
    # the parent, so it does not bump the parent's version. Only while the parent is open,
    # read under that lock: a colleague closing it at this moment either waits for this
    # subdossier (and is refused) or has closed it already (and this is refused).
    nummer = session.execute(
        update(Dossier)
        .where(Dossier.id == parent.id, Dossier.status == DossierStatus.OPEN)
        .values(subnummer_laatste=Dossier.subnummer_laatste + 1)
        .returning(Dossier.subnummer_laatste)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if nummer is None:
        raise ValidationFailed(
            f"Hoofddossier {parent.kenmerk} is (intussen) gesloten; er kan geen subdossier meer "
            "onder worden aangemaakt."
        )
    sub = Dossier(
        kenmerk=f"{parent.kenmerk}-{nummer:02d}",
        parent_id=parent.id,
        dossiertype_id=dossiertype.id,
        titel=_clean_titel(titel),
        aanleiding=_clean_aanleiding(aanleiding),
        omschrijving=omschrijving.strip(),
        afdeling_id=parent.afdeling_id,
        sector=parent.sector,
        afgeschermd=parent.afgeschermd,
        aangemaakt_door_id=actor.medewerker_id,
    )
    session.add(sub)
    session.flush()
    for toegang in session.scalars(select(Toegang).where(Toegang.dossier_id == parent.id)):
        session.add(
            Toegang(
                dossier_id=sub.id,
                medewerker_id=toegang.medewerker_id,
                groep_id=toegang.groep_id,
                rol=toegang.rol,
                toegekend_door_id=actor.medewerker_id,
            )
        )
    for dossier_id in (sub.id, parent.id):
        record_audit(
            session,
            actor,
            "subdossier_aangemaakt",
            f"Subdossier {sub.kenmerk} ({dossiertype.naam}) aangemaakt: {sub.titel}.",
            entiteit="dossier",
            entiteit_id=sub.id,
            dossier_id=dossier_id,
        )
    session.flush()
    return sub


def create_subdossier(
    ctx: ServiceContext,
    parent_id: uuid.UUID,
    dossiertype_id: uuid.UUID,
    titel: str,
    aanleiding: str | None = None,
    omschrijving: str = "",
    betrokkenen: Sequence[tuple[uuid.UUID, str]] = (),
) -> DossierDetail:
    """Create a subdossier; it starts with the parent's toegang (revocable per subdossier).

    ``aanleiding`` defaults to the parent's.
    """
    with ctx.unit_of_work() as session:
        parent = get_dossier(session, ctx.actor, parent_id, write=True)
        dossiertype = _dossiertype(session, dossiertype_id)
        sub = add_subdossier(
            session,
            ctx.actor,
            parent,
            dossiertype,
            titel,
            aanleiding if aanleiding is not None else parent.aanleiding,
            omschrijving,
        )
        for relatie_id, rol in betrokkenen:
            attach_betrokkene(session, ctx.actor, sub, relatie_id, rol)
        return _detail(session, ctx.actor, sub)


def create_subdossiers_bulk(
    ctx: ServiceContext,
    parent_id: uuid.UUID,
    dossiertype_id: uuid.UUID,
    ots_relatie_ids: Sequence[uuid.UUID],
    *,
    workflow_code: str | None = None,
    aanleiding: str | None = None,
) -> list[DossierNode]:
    """One subdossier per selected OTS (titel: parent titel – OTS naam), each with that OTS
    as betrokkene and, when ``workflow_code`` is given, the first activiteit of that workflow
    started. All or nothing."""
    relatie_ids = list(dict.fromkeys(ots_relatie_ids))
    if not relatie_ids:
        raise ValidationFailed("Kies minstens één onder toezicht staande.")
    with ctx.unit_of_work() as session:
        parent = get_dossier(session, ctx.actor, parent_id, write=True)
        dossiertype = _dossiertype(session, dossiertype_id)
        if workflow_code and dossiertype.workflows and workflow_code not in dossiertype.workflows:
            raise ValidationFailed(
                f"Workflow '{workflow_code}' hoort niet bij dossiertype {dossiertype.naam}."
            )
        namen = dict(
            session.execute(select(Relatie.id, Relatie.naam).where(Relatie.id.in_(relatie_ids)))
            .tuples()
            .all()
        )
        subs = []
        for relatie_id in relatie_ids:
            if relatie_id not in namen:
                raise ValidationFailed("Een gekozen relatie staat niet in het relatieregister.")
            titel = f"{parent.titel} – {namen[relatie_id]}"[:TITEL_MAX]
            sub = add_subdossier(
                session,
                ctx.actor,
                parent,
                dossiertype,
                titel,
                aanleiding if aanleiding is not None else parent.aanleiding,
            )
            attach_betrokkene(session, ctx.actor, sub, relatie_id, BetrokkeneRol.OTS)
            if workflow_code:
                start_first_activity(session, ctx.actor, sub, workflow_code, ctx.now())
            subs.append(sub.id)
        return to_nodes(
            session, node_query(ctx.actor).where(Dossier.id.in_(subs)).order_by(Dossier.kenmerk)
        )
