"""What the server accepts from a laptop: a pushed change is checked as if an untrusted user
typed it, before it is applied (as the pushing medewerker's own role, under the policies).

A replica is a SQLite file on a laptop; anyone can edit it. So only the tables and columns
offline work writes are taken, only in dossiers that this medewerker took along, file names
are checked again, and audit entries are written for the medewerker who pushes, never for a
name in the file. What is refused becomes a conflict with its reason
(``sync_toepassen._reject``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, select

from igj_desktop.models import Bevinding, DocumentDossier, Lease
from igj_desktop.services.documenten.document import check_bestandsnaam
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.offline.codec import decode, key_column, table

# what offline work may write, per table: the operations, and the columns it may never set
OFFLINE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "dossier": (
        frozenset({"update"}),
        frozenset(
            {
                "kenmerk",
                "parent_id",
                "afgeschermd",
                "aangemaakt_door_id",
                "dossiertype_id",
                "status",
                "gesloten_op",
                "bewaartermijn_tot",
            }
        ),
    ),
    "activiteit": (frozenset({"insert", "update"}), frozenset({"dossier_id"})),
    "workflow": (frozenset({"insert", "update"}), frozenset({"dossier_id"})),
    "afspraak": (frozenset({"insert", "update"}), frozenset({"dossier_id"})),
    "deelnemer": (frozenset({"insert", "update", "delete"}), frozenset()),
    "telefoonnotitie": (frozenset({"insert", "update", "delete"}), frozenset({"dossier_id"})),
    "betrokkene": (frozenset({"insert", "update", "delete"}), frozenset({"dossier_id"})),
    "waarneming": (frozenset({"insert", "update", "delete"}), frozenset({"dossier_id"})),
    "bevinding": (frozenset({"insert", "update"}), frozenset({"dossier_id"})),
    "oordeel": (frozenset({"insert", "update"}), frozenset({"dossier_id"})),
    "bewijs": (frozenset({"insert", "delete"}), frozenset()),
    "document": (frozenset({"insert", "update", "delete"}), frozenset()),
    "versie": (frozenset({"insert", "delete"}), frozenset()),
    "document_dossier": (frozenset({"insert", "delete"}), frozenset()),
    "activiteit_document": (frozenset({"insert", "delete"}), frozenset()),
    "content": (frozenset({"insert"}), frozenset()),
    # who and when are the server's: the medewerker_id in the file is replaced
    "audit_entry": (frozenset({"insert"}), frozenset()),
}
# rows that belong to a dossier through their parent
OUDERS = {
    "deelnemer": ("afspraak_id", "afspraak"),
    "activiteit_document": ("activiteit_id", "activiteit"),
}
NIET_OFFLINE = "Dit kan offline niet worden gewijzigd ({wat}); de server heeft het geweigerd."
NIET_MEEGENOMEN = (
    "Dit hoort bij een dossier dat u niet hebt meegenomen; de server heeft het geweigerd."
)


class Geweigerd(Exception):
    """A pushed change the server does not take; ``reden`` is the Dutch reason."""

    def __init__(self, reden: str) -> None:
        super().__init__(reden)
        self.reden = reden


def meegenomen(connection: Connection, medewerker_id: uuid.UUID) -> set[uuid.UUID]:
    """The dossiers this medewerker has taken along (and not yet handed in)."""
    lease = Lease.__table__
    return set(
        connection.scalars(
            select(lease.c.dossier_id).where(
                lease.c.medewerker_id == medewerker_id, lease.c.ingeleverd_op.is_(None)
            )
        )
    )


def toets(
    connection: Connection,
    medewerker_id: uuid.UUID,
    dossiers: set[uuid.UUID],
    wijziging: tuple[str, str, str],
    nieuw: dict[str, Any],
    basis: dict[str, Any],
    transactie: Iterable[tuple[str, dict[str, Any]]],
    lees_server: Callable[[str, str], dict[str, Any]] | None = None,
) -> None:
    """Refuse (``Geweigerd``) a change offline work cannot have made; ``wijziging`` is
    (tabel, operatie, sleutel). ``nieuw`` is fixed up where the server decides (the author of
    an audit entry). ``lees_server`` gives the server's row where the caller has read it
    already (a batch reads all its rows at once); without it the row is read here."""
    tabel, operatie, sleutel = wijziging
    regel = OFFLINE.get(tabel)
    if regel is None or operatie not in regel[0]:
        raise Geweigerd(NIET_OFFLINE.format(wat=f"{tabel}, {operatie}"))
    verboden = sorted(set(nieuw) & regel[1]) if operatie == "update" else []
    if operatie == "insert" and tabel == "dossier":
        verboden = ["dossier"]
    if verboden:
        raise Geweigerd(NIET_OFFLINE.format(wat=", ".join(verboden)))
    if tabel == "audit_entry":
        nieuw["medewerker_id"] = str(medewerker_id)
    if tabel == "versie" and "bestandsnaam" in nieuw:
        try:  # '../../..' and friends: never a path on another machine
            check_bestandsnaam(str(nieuw["bestandsnaam"]))
        except ValidationFailed as exc:
            raise Geweigerd(f"{exc.message} (offline versie geweigerd)") from None
    server = lees_server(tabel, sleutel) if lees_server else op_server(connection, tabel, sleutel)
    waarden = {**server, **basis, **nieuw}
    betreft = _dossiers(connection, tabel, waarden, list(transactie))
    if betreft is not None and not betreft & dossiers:
        raise Geweigerd(NIET_MEEGENOMEN)


def op_server(connection: Connection, tabel: str, sleutel: str) -> dict[str, Any]:
    """The row as the server has it (as far as this medewerker may see it): an update or
    delete names only its changed fields, the dossier comes from here."""
    tbl = table(tabel)
    kolom = key_column(tbl)
    try:
        key = decode(kolom, sleutel)
    except (ValueError, TypeError):
        return {}
    rij = connection.execute(select(tbl).where(kolom == key)).mappings().first()
    return dict(rij) if rij is not None else {}


def op_server_samen(
    connection: Connection, tabel: str, sleutels: Iterable[str]
) -> dict[str, dict[str, Any] | None]:
    """``op_server`` for many keys of one table in one query: key -> row, None where the
    server has (or shows) no row. Keys that are no key of this table are left out."""
    tbl = table(tabel)
    kolom = key_column(tbl)
    keys: dict[object, str] = {}
    for sleutel in sleutels:
        try:
            keys[decode(kolom, sleutel)] = sleutel
        except (ValueError, TypeError):
            continue
    result: dict[str, dict[str, Any] | None] = dict.fromkeys(keys.values())
    if keys:
        for rij in connection.execute(select(tbl).where(kolom.in_(list(keys)))).mappings():
            result[keys[rij[kolom.name]]] = dict(rij)
    return result


def leest_alleen_zichzelf(tabel: str) -> bool:
    """Whether ``toets`` decides a change of ``tabel`` from the row itself (and the server's
    row of the same key), without reading other rows: these changes can be checked for a
    whole batch before any of it is written."""
    return (
        tabel == "dossier"
        or "dossier_id" in table(tabel).c
        or (tabel not in ("document", "versie", "bewijs") and tabel not in OUDERS)
    )


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value is not None else None
    except ValueError:
        return None


def _als_set(waarde: uuid.UUID | None) -> set[uuid.UUID]:
    return {waarde} if waarde is not None else set()


def _dossiers(
    connection: Connection,
    tabel: str,
    waarden: dict[str, Any],
    transactie: list[tuple[str, dict[str, Any]]],
) -> set[uuid.UUID] | None:
    """The dossiers a row belongs to, from the server and from the same offline transaction;
    None for rows of no dossier (content, an audit entry without one)."""
    if tabel == "dossier":
        return _als_set(_uuid(waarden.get("id")))
    if "dossier_id" in table(tabel).c:  # unknown (not on the server, not given): refused
        dossier = _uuid(waarden.get("dossier_id"))
        return None if dossier is None and tabel == "audit_entry" else _als_set(dossier)
    document = _uuid(
        waarden.get("document_id") or (waarden.get("id") if tabel == "document" else None)
    )
    if tabel in ("document", "versie", "bewijs") and document is not None:
        links = DocumentDossier.__table__
        result = set(
            connection.scalars(select(links.c.dossier_id).where(links.c.document_id == document))
        )
        result |= {
            _uuid(rij.get("dossier_id"))
            for naam, rij in transactie
            if naam == "document_dossier" and _uuid(rij.get("document_id")) == document
        } - {None}
        if tabel == "bewijs" and not result:
            bevinding = Bevinding.__table__
            result = set(
                connection.scalars(
                    select(bevinding.c.dossier_id).where(
                        bevinding.c.id == _uuid(waarden.get("bevinding_id"))
                    )
                )
            )
        return result
    ouder = OUDERS.get(tabel)
    if ouder is None:
        return None
    kolom, naam = ouder
    ouder_tabel, ouder_id = table(naam), _uuid(waarden.get(kolom))
    result = set(
        connection.scalars(select(ouder_tabel.c.dossier_id).where(ouder_tabel.c.id == ouder_id))
    )
    result |= {
        _uuid(rij.get("dossier_id"))
        for tabel_, rij in transactie
        if tabel_ == naam and _uuid(rij.get("id")) == ouder_id
    } - {None}
    return result
