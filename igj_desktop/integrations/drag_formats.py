"""Windows drag-and-drop formats, parsed without Qt: bytes in, dropped items out.

Outlook drags mails and attachments as virtual files: a ``FileGroupDescriptorW`` (or the ANSI
``FileGroupDescriptor``) lists the names, and ``FileContents`` carries the bytes of each entry
by index. Explorer drags file URLs (``text/uri-list``). The Qt glue in ``views/post/post_drop.py``
turns a ``QMimeData`` into the ``{format: bytes}`` mapping read here.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

DESCRIPTOR_W = "FileGroupDescriptorW"
DESCRIPTOR_A = "FileGroupDescriptor"
FILE_CONTENTS = "FileContents"
URI_LIST = "text/uri-list"
QT_WINDOWS_MIME = re.compile(r'^application/x-qt-windows-mime;value="(?P<name>[^"]+)"$')

FD_WRITESTIME = 0x20
FD_FILESIZE = 0x40
# dwFlags, clsid (4), sizel (2), pointl (2), dwFileAttributes, three FILETIMEs, size high/low
_HEADER = struct.Struct("<10I3Q2I")
NAME_CHARS = 260
SIZE_W = _HEADER.size + NAME_CHARS * 2  # 592 bytes per FILEDESCRIPTORW
SIZE_A = _HEADER.size + NAME_CHARS  # 332 bytes per FILEDESCRIPTORA
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)

NIETS_LEESBAAR = (
    "Wat u hier neerzette bevat geen bestand of mail die kan worden geregistreerd. Sleep de "
    "mail of het bestand opnieuw, of sla het eerst op en sleep dan het bestand. "
    "Er is niets geregistreerd."
)


ONVOLLEDIG = (
    "Van {aantal} van de gesleepte items kwam de inhoud niet mee: {namen}. Sleep die één voor "
    "één, of sla ze eerst op en sleep dan de bestanden."
)

# Asked for the bytes of the descriptors whose FileContents did not come along (by index);
# answers with what it could find. On Windows: Outlook's own selection (outlook_selectie.py).
Aanvulling = Callable[[list["FileDescriptor"], list[int]], dict[int, bytes]]


class DragFormatError(ValueError):
    """Malformed drag data (a descriptor that is cut short)."""


@dataclass(frozen=True)
class FileDescriptor:
    naam: str
    grootte: int | None
    gewijzigd: datetime | None


@dataclass(frozen=True)
class DroppedItem:
    """One dropped thing: a real file (``path``) or a virtual file (``data``)."""

    naam: str
    data: bytes | None = None
    path: Path | None = None
    gewijzigd: datetime | None = None


@dataclass(frozen=True)
class DropResult:
    items: tuple[DroppedItem, ...]
    message: str = ""
    diagnose: Path | None = None


def format_name(qt_format: str) -> str:
    """'application/x-qt-windows-mime;value="FileGroupDescriptorW"' -> 'FileGroupDescriptorW'."""
    match = QT_WINDOWS_MIME.match(qt_format)
    return match.group("name") if match else qt_format


def filetime_to_datetime(value: int) -> datetime | None:
    if value <= 0:
        return None
    try:
        return _FILETIME_EPOCH + timedelta(microseconds=value // 10)
    except OverflowError:
        return None


def parse_descriptor(data: bytes, *, unicode: bool = True) -> list[FileDescriptor]:
    """Read a FILEGROUPDESCRIPTORW (``unicode``) or FILEGROUPDESCRIPTORA."""
    if len(data) < 4:
        raise DragFormatError("descriptor shorter than its count")
    (count,) = struct.unpack_from("<I", data)
    size = SIZE_W if unicode else SIZE_A
    if len(data) < 4 + count * size:
        raise DragFormatError(f"descriptor announces {count} files but is {len(data)} bytes")
    result = []
    for index in range(count):
        offset = 4 + index * size
        fields = _HEADER.unpack_from(data, offset)
        flags, write_time, size_high, size_low = fields[0], fields[12], fields[13], fields[14]
        raw = data[offset + _HEADER.size : offset + size]
        if unicode:
            naam = raw.decode("utf-16-le", "replace").split("\0", 1)[0]
        else:
            naam = raw.split(b"\0", 1)[0].decode("cp1252", "replace")
        result.append(
            FileDescriptor(
                naam=naam,
                grootte=(size_high << 32 | size_low) if flags & FD_FILESIZE else None,
                gewijzigd=filetime_to_datetime(write_time) if flags & FD_WRITESTIME else None,
            )
        )
    return result


def parse_uri_list(data: bytes) -> list[Path]:
    """Local files from a text/uri-list (RFC 2483): comments skipped, non-file URLs ignored."""
    paths = []
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url = urlparse(line)
        if url.scheme != "file":
            continue
        path = unquote(url.path)
        if re.match(r"^/[A-Za-z]:/", path):  # file:///C:/... on Windows
            path = path[1:]
        if url.netloc and url.netloc != "localhost":  # UNC share
            path = f"//{url.netloc}{path}"
        paths.append(Path(path))
    return paths


def contents_from_mapping(formats: Mapping[str, bytes]) -> Callable[[int], bytes | None]:
    """FileContents per index from a mapping: 'FileContents' or 'FileContents#N'."""

    def contents(index: int) -> bytes | None:
        found = formats.get(f"{FILE_CONTENTS}#{index}")
        return formats.get(FILE_CONTENTS) if found is None and index == 0 else found

    return contents


def read_drop(
    offered: Mapping[str, bytes],
    *,
    file_contents: Callable[[int], bytes | None] | None = None,
    diagnose_dir: Path | None = None,
    aanvulling: Aanvulling | None = None,
) -> DropResult:
    """The items of a drop; when nothing is readable, a Dutch message and a diagnostics file.

    When some virtual files came without their bytes (Qt on Windows passes only the first of
    several Outlook mails), ``aanvulling`` may supply them; what stays missing is named in the
    message, so nobody believes that three mails were registered when one was."""
    formats = {format_name(k): v for k, v in offered.items()}
    contents = file_contents or contents_from_mapping(formats)
    items: list[DroppedItem] = []
    ontbrekend: list[str] = []
    try:
        if DESCRIPTOR_W in formats:
            descriptors = parse_descriptor(formats[DESCRIPTOR_W])
        elif DESCRIPTOR_A in formats:
            descriptors = parse_descriptor(formats[DESCRIPTOR_A], unicode=False)
        else:
            descriptors = []
        items, ontbrekend = _virtual(descriptors, contents, aanvulling)
    except DragFormatError:
        items = []
    if not items and URI_LIST in formats:
        items = [
            DroppedItem(naam=p.name, path=p) for p in parse_uri_list(formats[URI_LIST]) if p.name
        ]
    if items:
        message = (
            ONVOLLEDIG.format(aantal=len(ontbrekend), namen=", ".join(ontbrekend))
            if ontbrekend
            else ""
        )
        return DropResult(tuple(items), message)
    diagnose = write_diagnostics(offered, diagnose_dir) if diagnose_dir else None
    message = NIETS_LEESBAAR
    if diagnose:
        message += f" Een overzicht van wat er werd aangeboden staat in {diagnose}."
    return DropResult((), message, diagnose)


def _virtual(
    descriptors: list[FileDescriptor],
    contents: Callable[[int], bytes | None],
    aanvulling: Aanvulling | None,
) -> tuple[list[DroppedItem], list[str]]:
    """The virtual files with their bytes, and the names of those that came without."""
    gevonden: dict[int, bytes | None] = {}
    for index, descriptor in enumerate(descriptors):
        data = contents(index)
        if (
            data is not None
            and descriptor.grootte is not None
            and len(data) > descriptor.grootte > 0
        ):
            data = data[: descriptor.grootte]  # Outlook pads streams to a sector boundary
        gevonden[index] = data
    missend = [index for index, data in gevonden.items() if data is None]
    if missend and aanvulling is not None:
        gevonden.update(aanvulling(descriptors, missend))  # whole files: never cut to size
    items, ontbrekend = [], []
    for index, descriptor in enumerate(descriptors):
        data = gevonden.get(index)
        if data is None:
            ontbrekend.append(descriptor.naam)
        else:
            items.append(
                DroppedItem(naam=descriptor.naam, data=data, gewijzigd=descriptor.gewijzigd)
            )
    return items, ontbrekend


def write_diagnostics(offered: Mapping[str, bytes], folder: Path) -> Path:
    """A text file naming each offered format, its size and its first bytes, for support."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"slepen-{stamp}.txt"
    lines = [f"Neerzetten zonder leesbare inhoud, {stamp}", ""]
    for name, data in offered.items():
        lines.append(f"{name}\t{len(data)} bytes\t{data[:64].hex(' ')}")
    if not offered:
        lines.append("(geen formaten aangeboden)")
    temp = path.with_suffix(".tmp")
    temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temp.replace(path)
    return path
