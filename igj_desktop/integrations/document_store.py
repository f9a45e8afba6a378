"""The document store (the DMS of the seeds): blobs addressed by their SHA-256.

``DocumentStore`` is the interface the services use, so a real DMS can replace the
file-based store later. ``DatabaseDocumentStore`` keeps a shared installation's bytes in
PostgreSQL under the row-level security of the documents (see the README);
``FileDocumentStore`` serves the embedded database and the laptop's offline copy; it keeps
every blob once, under ``<root>/ab/cd/<sha256>``; writes are atomic (temporary file, fsync,
rename) and every read is verified against the hash. A blob only becomes visible to users through a
``Content``/``Versie`` row written *after* the blob is safely on disk, so a crash in
between leaves an invisible blob, and a kill during the write a ``.tmp-*`` file; both are
cleaned up in the background at start (``services/beheer/opruimen.py``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sqlalchemy import text

from igj_desktop.config import Settings
from igj_desktop.errors import NotFound, ServiceError
from igj_desktop.integrations.bestandsslot import BestandInGebruik, herhaal

if TYPE_CHECKING:
    from igj_desktop.db import Database

_HEX = frozenset("0123456789abcdef")


class BlobCorrupt(ServiceError):
    """The stored bytes no longer match their hash (disk error, tampering)."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    grootte: int


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


CHUNK = 1 << 20  # hashing, storing and copying large files: 1 MB at a time


def _chunks(path: Path) -> Iterator[bytes]:
    with herhaal(lambda: path.open("rb"), path, "het lezen") as bestand:
        while chunk := bestand.read(CHUNK):
            yield chunk


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    for chunk in _chunks(path):
        digest.update(chunk)
    return digest.hexdigest()


def _beschadigd(sha256: str) -> BlobCorrupt:
    return BlobCorrupt(
        f"Het opgeslagen bestand {sha256[:12]}… is beschadigd: de inhoud komt niet meer "
        "overeen met wat is opgeslagen. Het is niet geopend. Meld dit bij de beheerder "
        "(herstel uit de back-up)."
    )


def _check_hash(sha256: str) -> str:
    if len(sha256) != 64 or not set(sha256) <= _HEX:
        raise ValueError(f"geen geldige SHA-256: {sha256!r}")
    return sha256


@runtime_checkable
class DocumentStore(Protocol):
    """What the application needs from a DMS."""

    def put(self, data: bytes) -> StoredBlob:
        """Store ``data`` (idempotent: the same bytes are stored once)."""
        ...

    def put_file(self, bron: Path, verwacht: str | None = None) -> StoredBlob:
        """Store the file ``bron`` in chunks, never whole in memory; with ``verwacht`` only
        when its content has that hash (else ``BlobCorrupt`` and nothing stored)."""
        ...

    def export(self, sha256: str, doel: Path) -> None:
        """Write the verified content to the file ``doel`` in chunks (atomically)."""
        ...

    def get(self, sha256: str) -> bytes:
        """The verified bytes; ``BlobCorrupt`` when they do not match, ``NotFound`` if absent."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def delete(self, sha256: str) -> None: ...

    def hashes(self) -> Iterator[tuple[str, datetime]]:
        """Every stored blob with the time it was written (for cleaning up orphans)."""
        ...


_offline_store: FileDocumentStore | None = None


def werk_offline(store: FileDocumentStore | None) -> None:
    """Make ``store`` the default while the shared database and folder are out of reach;
    ``None`` switches back. The app has one window and one place it works on at a time."""
    global _offline_store
    _offline_store = store


class FileDocumentStore:
    """Blobs in a folder tree on the local disk or a network share."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def default(cls) -> FileDocumentStore:
        """``IGJ_DOCUMENTEN_DIR`` or ``[documenten] map`` in instellingen.toml (the shared
        folder that goes with a shared database, e.g. ``\\\\server\\igj\\documenten``), else
        ``documenten`` in the user's data folder. While the app works offline,
        the laptop's own store (see ``werk_offline``)."""
        if _offline_store is not None:
            return _offline_store
        settings = Settings.from_environment()  # IGJ_DOCUMENTEN_DIR, or instellingen.toml
        return cls(settings.documenten_dir or settings.data_dir / "documenten")

    def path_for(self, sha256: str) -> Path:
        _check_hash(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> StoredBlob:
        sha256 = sha256_of(data)
        target = self.path_for(sha256)
        if target.exists() and self._matches(target, sha256):
            return StoredBlob(sha256, len(data))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            _vervang(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return StoredBlob(sha256, len(data))

    def get(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise _ontbreekt(sha256) from exc
        if sha256_of(data) != sha256:
            raise _beschadigd(sha256)
        return data

    def put_file(self, bron: Path, verwacht: str | None = None) -> StoredBlob:
        self.root.mkdir(parents=True, exist_ok=True)
        digest, grootte = hashlib.sha256(), 0
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as tmp:
                for chunk in _chunks(bron):
                    digest.update(chunk)
                    grootte += len(chunk)
                    tmp.write(chunk)
                tmp.flush()
                os.fsync(tmp.fileno())
            sha256 = digest.hexdigest()
            if verwacht is not None and sha256 != verwacht:
                raise _beschadigd(verwacht)
            target = self.path_for(sha256)
            if target.exists() and self._matches(target, sha256):
                Path(tmp_name).unlink()
                return StoredBlob(sha256, grootte)
            target.parent.mkdir(parents=True, exist_ok=True)
            _vervang(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return StoredBlob(sha256, grootte)

    def export(self, sha256: str, doel: Path) -> None:
        bron = self.path_for(sha256)
        if not bron.is_file():
            raise _ontbreekt(sha256)
        _schrijf_geverifieerd(_chunks(bron), sha256, doel)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def delete(self, sha256: str) -> None:
        pad = self.path_for(sha256)
        herhaal(lambda: pad.unlink(missing_ok=True), pad, "het verwijderen")

    def hashes(self) -> Iterator[tuple[str, datetime]]:
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/??/*"):
            name = path.name
            if len(name) == 64 and set(name) <= _HEX and path.is_file():
                yield name, datetime.fromtimestamp(path.stat().st_mtime, UTC)

    def opruimen_tijdelijk(self, grens: datetime) -> int:
        """Remove the temporary files of writes that never finished (the app was killed
        halfway through storing a large file) from before ``grens``; how many went."""
        if not self.root.is_dir():
            return 0
        weg = 0
        for path in [*self.root.glob(".tmp-*"), *self.root.glob("??/??/.tmp-*")]:
            try:
                if datetime.fromtimestamp(path.stat().st_mtime, UTC) < grens:
                    herhaal(path.unlink, path, "het opruimen")
                    weg += 1
            except FileNotFoundError:  # a finishing write renamed it meanwhile
                continue
            except BestandInGebruik:  # a scanner still holds it: the next clean-up takes it
                continue
        return weg

    @staticmethod
    def _matches(path: Path, sha256: str) -> bool:
        return sha256_of_file(path) == sha256


def _schrijf_geverifieerd(chunks: Iterable[bytes], sha256: str, doel: Path) -> None:
    """Write ``chunks`` to ``doel`` atomically, only when together they hash to ``sha256``."""
    doel.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=doel.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            for chunk in chunks:
                digest.update(chunk)
                tmp.write(chunk)
        if digest.hexdigest() != sha256:
            raise _beschadigd(sha256)
        _vervang(tmp_name, doel)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _vervang(tmp_name: str, doel: Path) -> None:
    """Put the finished temporary file in place; ``doel`` may be open in Word or a scanner."""
    herhaal(lambda: os.replace(tmp_name, doel), doel, "het opslaan")


def _ontbreekt(sha256: str) -> NotFound:
    return NotFound(
        f"Het bestand met kenmerk {sha256[:12]}… ontbreekt in de documentopslag. "
        "Meld dit bij de beheerder; een eerdere versie is mogelijk nog wel te openen."
    )


class DatabaseDocumentStore:
    """Blobs in the shared PostgreSQL database, table ``inhoud``.

    A medewerker's own role reads only bytes that a version of a document they may see
    refers to; bytes are written through ``igj_inhoud_opslaan`` (which hashes them itself and
    records the medewerker as holder) and removed through ``igj_inhoud_opruimen`` (only when
    no version refers to them any more). Each call is its own short transaction, like a file
    write: the ``Versie`` row that makes the bytes visible is written after it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, data: bytes) -> StoredBlob:
        with self.db.engine.begin() as connection:
            sha256 = connection.scalar(text("SELECT igj_inhoud_opslaan(:data)"), {"data": data})
        return StoredBlob(sha256, len(data))

    def put_file(self, bron: Path, verwacht: str | None = None) -> StoredBlob:
        """Read whole: a bytea parameter is one value (the document size limit bounds it)."""
        data = bron.read_bytes()
        if verwacht is not None and sha256_of(data) != verwacht:
            raise _beschadigd(verwacht)
        return self.put(data)

    def export(self, sha256: str, doel: Path) -> None:
        _schrijf_geverifieerd([self.get(sha256)], sha256, doel)

    def get(self, sha256: str) -> bytes:
        with self.db.engine.connect() as connection:
            data = connection.scalar(
                text("SELECT data FROM inhoud WHERE sha256 = :sha"), {"sha": _check_hash(sha256)}
            )
        if data is None:
            raise NotFound(
                f"Het bestand met kenmerk {sha256[:12]}… is niet gevonden, of u hebt geen "
                "toegang tot een dossier waar het bij hoort."
            )
        data = bytes(data)
        if sha256_of(data) != sha256:
            raise BlobCorrupt(
                f"Het opgeslagen bestand {sha256[:12]}… is beschadigd. Het is niet geopend. "
                "Meld dit bij de beheerder (herstel uit de back-up)."
            )
        return data

    def exists(self, sha256: str) -> bool:
        with self.db.engine.connect() as connection:
            return connection.scalar(
                text("SELECT EXISTS (SELECT 1 FROM inhoud WHERE sha256 = :sha)"), {"sha": sha256}
            )

    def delete(self, sha256: str) -> None:
        with self.db.engine.begin() as connection:
            connection.execute(text("SELECT igj_inhoud_opruimen(:sha)"), {"sha": sha256})

    def hashes(self) -> Iterator[tuple[str, datetime]]:
        with self.db.engine.connect() as connection:
            yield from connection.execute(text("SELECT sha256, aangemaakt_op FROM inhoud")).tuples()


def default_store(db: Database | None) -> DocumentStore:
    """The store that goes with ``db``: the shared database keeps the bytes itself (a folder
    every workstation can read enforces nothing); offline and embedded use a folder."""
    if _offline_store is None and db is not None and not db.is_embedded:
        return DatabaseDocumentStore(db)
    return FileDocumentStore.default()


def move_share_into_database(share: FileDocumentStore, db: Database) -> tuple[int, list[str]]:
    """Copy every blob the database knows (``content``) from the old share into ``inhoud``;
    run as the schema owner. Returns how many were copied and which were missing or damaged.
    Idempotent: a blob already in the database is skipped."""
    with db.engine.connect() as connection:
        hashes = list(
            connection.execute(
                text("SELECT sha256 FROM content WHERE sha256 NOT IN (SELECT sha256 FROM inhoud)")
            ).scalars()
        )
    store, gekopieerd, ontbrekend = DatabaseDocumentStore(db), 0, []
    for sha256 in hashes:
        try:
            store.put(share.get(sha256))
        except ServiceError:
            ontbrekend.append(sha256)
        else:
            gekopieerd += 1
    return gekopieerd, ontbrekend


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (not possible, nor needed, on Windows)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
