"""Applying pushed offline changes on the server, one batch (one server transaction) at a
time: the checks of ``sync_toets``, inserts, updates merged field by field, deletions, and
what cannot be applied recorded as a ``SyncConflict`` (see ``sync`` for the whole story).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    Column,
    Connection,
    Row,
    Table,
    UniqueConstraint,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DataError, IntegrityError, InternalError, ProgrammingError

from igj_desktop.models import (
    AuditEntry,
    Dossier,
    SyncChange,
    SyncConflict,
    ToegepasteWijziging,
    utcnow,
)
from igj_desktop.services.base import Actor
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.offline.codec import (
    BOOKKEEPING,
    decode,
    decode_row,
    dossier_of,
    encode_row,
    key_column,
    table,
)
from igj_desktop.services.offline.sync_invoegen import insert_if_new, nieuwe_records, voeg_in
from igj_desktop.services.offline.sync_toets import (
    OFFLINE,
    Geweigerd,
    leest_alleen_zichzelf,
    meegenomen,
    op_server,
    op_server_samen,
    toets,
)
from igj_desktop.services.tekens import NUL, bevat_nul

Resultaat = Literal["toegepast", "samengevoegd", "conflict", "al_toegepast"]

# The operatie of a conflict whose whole offline transaction the server turned down.
AFGEWEZEN = "afgewezen"

DATABASE_WEIGERT = (
    "De gedeelde database weigert deze wijziging: u mag dit (nu) niet wijzigen. Er is niets "
    "van deze offline handeling opgeslagen."
)

NUL_AFGEWEZEN = (
    "Dit kon op de server niet worden opgeslagen: de tekst bevat een onzichtbaar NUL-teken "
    "(hieronder als ␀). Uw andere wijzigingen zijn wel gesynchroniseerd. Neem de tekst zo "
    "nodig opnieuw over, zonder dat teken."
)

SERVER_WEIGERT = (
    "Dit kon op de server niet worden opgeslagen: een waarde past niet (te lang of ongeldig). "
    "Uw andere wijzigingen zijn wel gesynchroniseerd. Uw gegevens staan hieronder; voer ze zo "
    "nodig opnieuw in."
)

ANDERE_REPLICA = (
    "De server kent wijziging {volgnummer} van dit apparaat al, maar als een andere wijziging: "
    "deze lokale kopie heeft dezelfde identiteit als een andere (bijvoorbeeld een gekopieerde "
    "schijf). Er is niets verstuurd en niets gaat verloren: uw wijzigingen blijven op deze "
    "laptop. Meld dit bij de beheerder."
)


@dataclass
class Change:
    """One log entry, decoded for applying."""

    apparaat: str
    volgnummer: int
    tabel: str
    operatie: str
    sleutel: str
    nieuw: dict[str, Any]
    basis: dict[str, Any]
    basis_versie: int | None
    medewerker_id: uuid.UUID | None
    aangemaakt_op: datetime
    transactie: str | None = None
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    """The replica's ``SyncChange`` id; the server's marker for it carries the same id."""
    tbl: Table = field(init=False)

    def __post_init__(self) -> None:
        self.tbl = table(self.tabel)

    @classmethod
    def of(cls, row: SyncChange | Row[Any]) -> Change:
        """From the replica's log: an ORM ``SyncChange`` or a row of its columns."""
        return cls(
            row.apparaat,
            row.volgnummer,
            row.tabel,
            row.operatie,
            row.velden["sleutel"],
            row.velden.get("nieuw", {}),
            row.velden.get("basis", {}),
            row.basis_versie,
            row.medewerker_id,
            row.aangemaakt_op,
            row.velden.get("transactie"),
            row.id,
        )

    @property
    def key(self) -> object:
        return decode(key_column(self.tbl), self.sleutel)


class Batch:
    """One server transaction of pushed changes. What the server already applied and where
    merged inserts now point are read once per batch, and the applied markers are written
    together at the end: a few round trips per batch instead of several per change."""

    def __init__(
        self, connection: Connection, apparaat: str, volgnummers: list[int], actor: Actor
    ) -> None:
        self.connection = connection
        self.apparaat = apparaat
        self.actor = actor
        self.meegenomen = meegenomen(connection, actor.medewerker_id)
        marker = ToegepasteWijziging.__table__
        # volgnummer -> the id of the change its marker stands for
        self.gedaan: dict[int, uuid.UUID] = {
            row.volgnummer: row.id
            for row in connection.execute(
                select(marker.c.volgnummer, marker.c.id).where(
                    marker.c.apparaat == apparaat,
                    marker.c.volgnummer.between(min(volgnummers), max(volgnummers)),
                )
            )
        }
        self.markers: list[dict[str, Any]] = []
        self.remap = self._load_remap()
        self.server: dict[tuple[str, str], dict[str, Any] | None] = {}

    def _read_server_rows(self, transacties: list[list[Change]]) -> None:
        """The server rows the batch's changes name, one query per table, for the checks
        (``sync_toets``). A row the batch then writes is read again when asked for."""
        per_tabel: dict[str, set[str]] = {}
        for change in (c for changes in transacties for c in changes):
            if change.volgnummer not in self.gedaan and change.tabel in OFFLINE:
                per_tabel.setdefault(change.tabel, set()).add(change.sleutel)
        for tabel, sleutels in per_tabel.items():
            for sleutel, rij in op_server_samen(self.connection, tabel, sleutels).items():
                self.server[(tabel, sleutel)] = rij

    def _server_rij(self, tabel: str, sleutel: str) -> dict[str, Any]:
        if (tabel, sleutel) in self.server:
            return self.server[(tabel, sleutel)] or {}
        return op_server(self.connection, tabel, sleutel)

    def _geschreven(self, changes: Iterable[Change]) -> None:
        """Forget the rows read beforehand that ``changes`` wrote (a deletion may cascade:
        then all of them)."""
        for change in changes:
            if change.operatie == "delete":
                self.server.clear()
                return
            self.server.pop((change.tabel, change.sleutel), None)

    def apply_all(self, transacties: list[list[Change]]) -> list[Resultaat]:
        """Every local transaction of the batch, in order. Consecutive transactions that only
        add new records and pass the checks are written together, a statement per table
        under one savepoint; when the server does not take all of them that way (a key it
        already has, a value it refuses), the savepoint is undone and each of them goes the
        careful way of ``apply_transaction``, so the outcome is the same as one by one."""
        self._read_server_rows(transacties)
        uitkomsten: list[list[Resultaat]] = [[] for _ in transacties]
        reeks: list[int] = []
        for n, changes in enumerate(transacties):
            if self._alleen_nieuw(changes):
                try:
                    self._toets(changes)
                except _Afgewezen:
                    pass  # turned down the careful way below, after what came before it
                else:
                    reeks.append(n)
                    continue
            self._samen(transacties, reeks, uitkomsten)
            uitkomsten[n] = self.apply_transaction(changes)
        self._samen(transacties, reeks, uitkomsten)
        return [u for per_transactie in uitkomsten for u in per_transactie]

    def _alleen_nieuw(self, changes: list[Change]) -> bool:
        """Only inserts, not applied before, whose checks read no other rows."""
        return all(
            c.operatie == "insert"
            and c.volgnummer not in self.gedaan
            and leest_alleen_zichzelf(c.tabel)
            and not bevat_nul(c.nieuw)
            for c in changes
        )

    def _samen(
        self,
        transacties: list[list[Change]],
        reeks: list[int],
        uitkomsten: list[list[Resultaat]],
    ) -> None:
        """Write the inserts of the transactions ``reeks`` together (see ``apply_all``)."""
        if not reeks:
            return
        changes = [c for n in reeks for c in transacties[n]]
        rijen = [(c.tbl, c.nieuw) for c in changes]
        try:
            with self.connection.begin_nested():
                if nieuwe_records(self.connection, rijen) != len(changes):
                    raise _NietSamen
        except (_NietSamen, ProgrammingError, InternalError, DataError, IntegrityError):
            for n in reeks:
                uitkomsten[n] = self.apply_transaction(transacties[n])
        else:
            self._geschreven(changes)
            for n in reeks:
                uitkomsten[n] = self._toegepast(transacties[n], ["toegepast"] * len(transacties[n]))
        reeks.clear()

    def _load_remap(self) -> dict[tuple[str, str], str]:
        """(tabel, offline key) -> server key, for offline inserts merged into a server row."""
        conflicts = SyncConflict.__table__
        return {
            (row.tabel, row.eigen_sleutel): row.sleutel
            for row in self.connection.execute(
                select(conflicts.c.tabel, conflicts.c.eigen_sleutel, conflicts.c.sleutel).where(
                    conflicts.c.apparaat == self.apparaat, conflicts.c.eigen_sleutel.isnot(None)
                )
            )
        }

    def apply_transaction(self, changes: list[Change]) -> list[Resultaat]:
        """A local transaction under its own savepoint: applied whole or turned down whole."""
        try:
            with self.connection.begin_nested():
                self._toets(changes)
                uitkomsten = [self._apply_once(change) for change in changes]
        except _Afgewezen as afgewezen:
            _reject(self.connection, changes, afgewezen)
            self.remap = self._load_remap()
            return ["conflict" for _ in changes]
        self._geschreven(changes)
        return self._toegepast(changes, uitkomsten)

    def _toegepast(self, changes: list[Change], uitkomsten: list[Resultaat]) -> list[Resultaat]:
        """Mark applied changes (written with the batch, ``record_applied``)."""
        for change, uitkomst in zip(changes, uitkomsten, strict=True):
            if uitkomst != "al_toegepast":
                self.gedaan[change.volgnummer] = change.id
                self.markers.append(
                    encode_row(
                        {
                            "id": change.id,
                            "aangemaakt_op": utcnow(),
                            "apparaat": change.apparaat,
                            "volgnummer": change.volgnummer,
                            "resultaat": uitkomst,
                        }
                    )
                )
        if any(u in ("samengevoegd", "conflict") for u in uitkomsten):
            self.remap = self._load_remap()  # a merge may have added a redirection
        return uitkomsten

    def _toets(self, changes: list[Change]) -> None:
        """The laptop's file is not trusted (``sync_toets``): its author is who pushes."""
        rijen = [(c.tabel, {**c.basis, **c.nieuw}) for c in changes]
        for change in changes:
            change.medewerker_id = self.actor.medewerker_id
            if change.volgnummer in self.gedaan:
                continue
            _redirect(self.remap, change)  # an offline insert merged into a server record
            try:
                toets(
                    self.connection, self.actor.medewerker_id, self.meegenomen,
                    (change.tabel, change.operatie, change.sleutel), change.nieuw, change.basis,
                    rijen, self._server_rij,
                )  # fmt: skip
            except Geweigerd as geweigerd:
                raise _Afgewezen(change, geweigerd.reden, None) from None

    def _apply_once(self, change: Change) -> Resultaat:
        """Apply ``change`` unless the server already has (a replayed push). What the server
        cannot store (a NUL from an older replica, a value its column refuses) turns the
        local transaction down, instead of failing every later sync."""
        if change.volgnummer in self.gedaan:
            if self.gedaan[change.volgnummer] != change.id:
                raise ServiceError(ANDERE_REPLICA.format(volgnummer=change.volgnummer))
            return "al_toegepast"
        if bevat_nul(change.nieuw):
            raise _Afgewezen(change, NUL_AFGEWEZEN, None)
        _redirect(self.remap, change)
        try:
            return _APPLY[change.operatie](self.connection, change)
        except (ProgrammingError, InternalError) as exc:  # the database's own rules said no
            raise _Afgewezen(change, DATABASE_WEIGERT, None) from exc
        except (DataError, IntegrityError) as exc:
            raise _Afgewezen(change, SERVER_WEIGERT, None) from exc

    def record_applied(self) -> None:
        """The markers go in the same server transaction as the changes they stand for."""
        voeg_in(self.connection, ToegepasteWijziging.__table__, self.markers, alleen_nieuw=False)


class _NietSamen(Exception):
    """Not every insert of a run was new to the server: apply them one transaction at a time."""


class _Afgewezen(Exception):
    """The server cannot take this change; its whole local transaction is turned down."""

    def __init__(self, change: Change, omschrijving: str, current: dict[str, Any] | None):
        super().__init__(omschrijving)
        self.change = change
        self.omschrijving = omschrijving
        self.current = current


def _reject(connection: Connection, changes: list[Change], afgewezen: _Afgewezen) -> None:
    """Record the turned-down transaction: one conflict showing the offline values, and every
    change as handled (so a replay does not try again)."""
    change = afgewezen.change
    waarden = change.nieuw or change.basis
    velden = {
        veld: {
            "basis": change.basis.get(veld),
            "mijn": _zichtbaar(change.nieuw.get(veld)),
            "hun": None,
        }
        for veld in waarden
        if veld not in BOOKKEEPING
    }
    if afgewezen.current is not None:
        for veld, waarde in velden.items():
            waarde["hun"] = afgewezen.current.get(veld)
    change.operatie = AFGEWEZEN
    _conflict(connection, change, velden, afgewezen.omschrijving, afgewezen.current)
    marker = ToegepasteWijziging.__table__
    handled = set(
        connection.scalars(
            select(marker.c.volgnummer).where(
                marker.c.apparaat == change.apparaat,
                marker.c.volgnummer.in_([c.volgnummer for c in changes]),
            )
        )
    )
    connection.execute(
        insert(marker),
        [
            {
                "id": c.id,
                "aangemaakt_op": utcnow(),
                "apparaat": c.apparaat,
                "volgnummer": c.volgnummer,
                "resultaat": "afgewezen",
            }
            for c in changes
            if c.volgnummer not in handled
        ],
    )


def _zichtbaar(waarde: Any) -> Any:
    """A NUL shown as the symbol ␀: the conflict itself must be storable and readable."""
    return waarde.replace(NUL, "␀") if isinstance(waarde, str) else waarde


def current_row(connection: Connection, change: Change) -> Row[Any] | None:
    column = key_column(change.tbl)
    return connection.execute(
        select(change.tbl).where(column == change.key).with_for_update()
    ).first()


VERWIJDERD_OP_SERVER = (
    "Dit kon niet worden vastgelegd: het verwijst naar iets dat intussen op de server is "
    "verwijderd. Uw gegevens staan hieronder; voer ze zo nodig opnieuw in."
)


def _apply_insert(connection: Connection, change: Change) -> Resultaat:
    try:
        statement = insert_if_new(connection, change.tbl)
        nieuw = connection.execute(statement.values(decode_row(change.tbl, change.nieuw)))
    except IntegrityError:  # a foreign key (the local transaction's savepoint is undone)
        raise _Afgewezen(change, VERWIJDERD_OP_SERVER, None) from None
    if nieuw.rowcount:
        return "toegepast"
    if current_row(connection, change) is not None:
        return "toegepast"  # already there (the same content, an earlier partial push)
    if change.tabel in RENUMBERED:
        return _insert_renumbered(connection, change)
    same = _same_record(connection, change)
    if same is not None:
        return _merge_same_record(connection, change, encode_row(dict(same._mapping)))
    raise _Afgewezen(change, VERWIJDERD_OP_SERVER, None)


# Numbered children where both sides may have taken the same next number offline and online:
# table -> (parent column, number column). Both records are kept; the later one renumbers.
RENUMBERED = {"versie": ("document_id", "nummer"), "instrument_versie": ("instrument_id", "versie")}


def _insert_renumbered(connection: Connection, change: Change) -> Resultaat:
    """A version numbered 2 offline while a colleague added version 2 too: ours becomes 3."""
    parent, number = RENUMBERED[change.tabel]
    values = decode_row(change.tbl, change.nieuw)
    highest = connection.scalar(
        select(func.max(change.tbl.c[number])).where(change.tbl.c[parent] == values[parent])
    )
    values[number] = (highest or 0) + 1
    connection.execute(insert(change.tbl).values(values))
    return "samengevoegd"


def _unique_column_sets(tbl: Table) -> list[list[Column[Any]]]:
    sets = [list(c.columns) for c in tbl.constraints if isinstance(c, UniqueConstraint)]
    sets += [[c] for c in tbl.c if c.unique]
    return sets


def _same_record(connection: Connection, change: Change) -> Row[Any] | None:
    """The server row that is this record by a unique key (a bevinding for the same norm)."""
    for columns in _unique_column_sets(change.tbl):
        values = decode_row(change.tbl, {c.name: change.nieuw.get(c.name) for c in columns})
        if any(value is None for value in values.values()):
            continue
        row = connection.execute(
            select(change.tbl).where(*(c == values[c.name] for c in columns)).with_for_update()
        ).first()
        if row is not None:
            return row
    return None


def _merge_same_record(connection: Connection, change: Change, hun: dict[str, Any]) -> Resultaat:
    """Both sides created the same record: later changes go to the server's; differences
    become a conflict (there is no common base to merge from)."""
    identity = {key_column(change.tbl).name, "aangemaakt_op", *BOOKKEEPING}
    identity |= {c.name for columns in _unique_column_sets(change.tbl) for c in columns}
    verschil = {
        veld: {"basis": None, "mijn": mijn, "hun": hun.get(veld)}
        for veld, mijn in change.nieuw.items()
        if veld not in identity and hun.get(veld) != mijn
    }
    eigen = change.sleutel
    change.sleutel = str(hun[key_column(change.tbl).name])
    _conflict(
        connection,
        change,
        verschil,
        "U en een collega hebben elk dit gegeven vastgelegd.",
        hun,
        eigen_sleutel=eigen,
        status="open" if verschil else "samengevoegd",
    )
    return "conflict" if verschil else "samengevoegd"


def _redirect(remap: dict[tuple[str, str], str], change: Change) -> None:
    """Point a change at the server's record where an offline insert was merged into it."""
    if not remap:
        return
    change.sleutel = remap.get((change.tabel, change.sleutel), change.sleutel)
    for fk in change.tbl.foreign_keys:
        for values in (change.nieuw, change.basis):
            value = values.get(fk.parent.name)
            target = remap.get((fk.column.table.name, str(value)))
            if target is not None:
                values[fk.parent.name] = target


def write_row(connection: Connection, change: Change, values: dict[str, Any]) -> None:
    """Update the server row with JSON ``values``, raising its version like the ORM does."""
    decoded = decode_row(change.tbl, values)
    if "version" in change.tbl.c:
        decoded["version"] = change.tbl.c.version + 1
    if "gewijzigd_op" in change.tbl.c:
        decoded["gewijzigd_op"] = utcnow()
    connection.execute(
        update(change.tbl).where(key_column(change.tbl) == change.key).values(decoded)
    )


def _apply_update(connection: Connection, change: Change) -> Resultaat:
    row = current_row(connection, change)
    if row is None:
        velden = {
            f: {"basis": change.basis.get(f), "mijn": v, "hun": None}
            for f, v in change.nieuw.items()
        }
        _conflict(
            connection, change, velden, "Iemand heeft dit intussen op de server verwijderd.", None
        )
        return "conflict"
    current = encode_row(dict(row._mapping))
    if current.get("version") == change.basis_versie and all(
        current.get(veld) == change.basis.get(veld) for veld in change.nieuw
    ):
        # The base still holds. (The version alone could match by coincidence after an
        # earlier offline change of this row ended in a conflict; the values cannot.)
        write_row(connection, change, change.nieuw)
        return "toegepast"
    merged: dict[str, Any] = {}
    disputed: dict[str, Any] = {}
    for veld, mijn in change.nieuw.items():
        hun, basis = current.get(veld), change.basis.get(veld)
        if hun == mijn:
            continue
        if hun == basis:
            merged[veld] = mijn
        else:
            disputed[veld] = {"basis": basis, "mijn": mijn, "hun": hun}
    if merged:
        write_row(connection, change, merged)
    if disputed:
        _conflict(
            connection,
            change,
            disputed,
            "U en een collega hebben hetzelfde gegeven gewijzigd.",
            current,
        )
        return "conflict"
    return "samengevoegd"


def _apply_delete(connection: Connection, change: Change) -> Resultaat:
    row = current_row(connection, change)
    if row is None:
        return "toegepast"
    current = encode_row(dict(row._mapping))
    changed = {
        veld: {"basis": basis, "mijn": None, "hun": current.get(veld)}
        for veld, basis in change.basis.items()
        if veld not in BOOKKEEPING and current.get(veld) != basis
    }
    if changed:
        raise _Afgewezen(
            change,
            "U hebt dit verwijderd, maar een collega heeft het intussen gewijzigd; het is niet "
            "verwijderd.",
            current,
        )
    try:  # the local transaction's savepoint undoes a refused deletion
        connection.execute(change.tbl.delete().where(key_column(change.tbl) == change.key))
    except IntegrityError:
        raise _Afgewezen(
            change,
            "U hebt dit verwijderd, maar op de server wordt het intussen nog gebruikt; het is "
            "niet verwijderd.",
            current,
        ) from None
    return "toegepast"


_APPLY: dict[str, Callable[[Connection, Change], Resultaat]] = {
    "insert": _apply_insert,
    "update": _apply_update,
    "delete": _apply_delete,
}


def _last_author(connection: Connection, change: Change) -> tuple[uuid.UUID | None, datetime]:
    """Who changed the server row last, and when (from its audit trail)."""
    try:
        entiteit_id = uuid.UUID(change.sleutel)
    except ValueError:
        entiteit_id = None
    audit = AuditEntry.__table__
    last = connection.execute(
        select(audit.c.medewerker_id, audit.c.tijdstip)
        .where(audit.c.entiteit_id == entiteit_id)
        .order_by(audit.c.tijdstip.desc())
        .limit(1)
    ).first()
    if last is None:
        return None, utcnow()
    return last.medewerker_id, last.tijdstip


def _conflict(
    connection: Connection,
    change: Change,
    velden: dict[str, Any],
    omschrijving: str,
    current: dict[str, Any] | None,
    *,
    eigen_sleutel: str | None = None,
    status: str = "open",
) -> None:
    hun_id, hun_op = _last_author(connection, change)
    if current is not None and current.get("gewijzigd_op"):
        gewijzigd_op = decode(change.tbl.c.gewijzigd_op, current["gewijzigd_op"])
        assert isinstance(gewijzigd_op, datetime)  # the column decodes to a datetime
        hun_op = gewijzigd_op
    if change.operatie == "update" and _extend_open_conflict(
        connection, change, velden, hun_id, hun_op
    ):
        return
    dossier = dossier_of(change.tabel, current or change.nieuw or change.basis)
    dossier_id = uuid.UUID(str(dossier)) if dossier else None
    if dossier_id is not None and not connection.scalar(
        select(Dossier.id).where(Dossier.id == dossier_id)
    ):
        dossier_id = None
    connection.execute(
        insert(SyncConflict.__table__).values(
            id=uuid.uuid4(),
            aangemaakt_op=utcnow(),
            apparaat=change.apparaat,
            volgnummer=change.volgnummer,
            tabel=change.tabel,
            sleutel=change.sleutel,
            eigen_sleutel=eigen_sleutel,
            operatie=change.operatie,
            dossier_id=dossier_id,
            omschrijving=omschrijving,
            velden=velden,
            mijn_medewerker_id=change.medewerker_id,
            mijn_gewijzigd_op=change.aangemaakt_op,
            hun_medewerker_id=hun_id,
            hun_gewijzigd_op=hun_op,
            status=status,
        )
    )


def _extend_open_conflict(
    connection: Connection,
    change: Change,
    velden: dict[str, Any],
    hun_id: uuid.UUID | None,
    hun_op: datetime,
) -> bool:
    """A later offline change of a record already in conflict updates that conflict, so the
    user decides once per field, about their latest value."""
    conflicts = SyncConflict.__table__
    open_conflict = connection.execute(
        select(conflicts.c.id, conflicts.c.velden).where(
            conflicts.c.apparaat == change.apparaat,
            conflicts.c.tabel == change.tabel,
            conflicts.c.sleutel == change.sleutel,
            conflicts.c.operatie == "update",
            conflicts.c.status == "open",
        )
    ).first()
    if open_conflict is None:
        return False
    merged = dict(open_conflict.velden)
    for veld, waarden in velden.items():
        basis = merged.get(veld, waarden)["basis"]
        merged[veld] = {**waarden, "basis": basis}
    connection.execute(
        update(conflicts)
        .where(conflicts.c.id == open_conflict.id)
        .values(
            velden=merged,
            mijn_gewijzigd_op=change.aangemaakt_op,
            hun_medewerker_id=hun_id,
            hun_gewijzigd_op=hun_op,
        )
    )
    return True
