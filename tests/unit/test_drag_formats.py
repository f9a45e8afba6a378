"""Windows drag formats from real FILEGROUPDESCRIPTOR bytes and Explorer file URLs."""

from __future__ import annotations

import shutil
import struct
from datetime import UTC, datetime
from pathlib import Path

from igj_desktop.integrations.drag_formats import (
    NIETS_LEESBAAR,
    ONVOLLEDIG,
    DroppedItem,
    filetime_to_datetime,
    parse_descriptor,
    parse_uri_list,
    read_drop,
)
from igj_desktop.integrations.mail_import import parse_bytes
from igj_desktop.integrations.outlook_selectie import OL_MSG_UNICODE, aanvullen_uit_outlook
from tests.testdata import TESTDATA

FD_WRITESTIME, FD_FILESIZE, FD_UNICODE = 0x20, 0x40, 0x80000000
WRITTEN = datetime(2026, 3, 2, 14, 30, 5, tzinfo=UTC)
W_FORMAT = 'application/x-qt-windows-mime;value="FileGroupDescriptorW"'
CONTENTS = 'application/x-qt-windows-mime;value="FileContents"'


def filetime(value: datetime) -> int:
    return int((value - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds()) * 10_000_000


def descriptor(files: list[tuple[str, int]], *, unicode: bool = True) -> bytes:
    """FILEGROUPDESCRIPTOR{W,A} laid out field by field as in shlobj_core.h."""
    out = struct.pack("<I", len(files))
    for naam, size in files:
        out += struct.pack("<I", FD_WRITESTIME | FD_FILESIZE | (FD_UNICODE if unicode else 0))
        out += b"\x11" * 16  # clsid (ignored without FD_CLSID)
        out += struct.pack("<ii", 0, 0)  # sizel
        out += struct.pack("<ii", 0, 0)  # pointl
        out += struct.pack("<I", 0x80)  # dwFileAttributes: FILE_ATTRIBUTE_NORMAL
        out += struct.pack("<Q", 0)  # ftCreationTime
        out += struct.pack("<Q", 0)  # ftLastAccessTime
        out += struct.pack("<Q", filetime(WRITTEN))  # ftLastWriteTime
        out += struct.pack("<II", size >> 32, size & 0xFFFFFFFF)
        if unicode:
            out += naam.encode("utf-16-le").ljust(520, b"\0")
        else:
            out += naam.encode("cp1252").ljust(260, b"\0")
    return out


def test_one_outlook_mail_as_unicode_descriptor() -> None:
    data = b"\xd0\xcf\x11\xe0 mail"
    (item,) = read_drop(
        {W_FORMAT: descriptor([("Klacht over zorgaanbieder é.msg", len(data))]), CONTENTS: data}
    ).items
    assert item == DroppedItem("Klacht over zorgaanbieder é.msg", data, None, WRITTEN)


def test_several_attachments_each_with_their_index() -> None:
    names = [("rapport.pdf", 4), ("bijlage 2.docx", 3), ("foto.jpg", 2)]
    offered = {
        W_FORMAT: descriptor(names),
        CONTENTS: b"PDF!",
        "FileContents#1": b"DOCpadding",
        "FileContents#2": b"JP",
    }
    items = read_drop(offered).items
    assert [(i.naam, i.data) for i in items] == [
        ("rapport.pdf", b"PDF!"),
        ("bijlage 2.docx", b"DOC"),  # Outlook pads the stream; the descriptor size wins
        ("foto.jpg", b"JP"),
    ]


def test_ansi_descriptor() -> None:
    parsed = parse_descriptor(descriptor([("Café.eml", 10)], unicode=False), unicode=False)
    assert parsed[0].naam == "Café.eml" and parsed[0].grootte == 10
    assert parsed[0].gewijzigd == WRITTEN


def test_large_size_uses_the_high_dword() -> None:
    (parsed,) = parse_descriptor(descriptor([("groot.zip", 5 * 2**32 + 7)]))
    assert parsed.grootte == 5 * 2**32 + 7


def test_explorer_file_urls(tmp_path: Path) -> None:
    uri_list = (
        b"# comment\r\nfile:///home/an/Documenten/quick.msg\r\n"
        b"file:///C:/Users/an/Bureaublad/brief%20met%20spatie.pdf\r\n"
        b"file://fileserver/share/scan.tif\r\nhttps://example.org/x.pdf\r\n"
    )
    assert parse_uri_list(uri_list) == [
        Path("/home/an/Documenten/quick.msg"),
        Path("C:/Users/an/Bureaublad/brief met spatie.pdf"),
        Path("//fileserver/share/scan.tif"),
    ]
    items = read_drop({"text/uri-list": uri_list}).items
    assert [i.naam for i in items] == ["quick.msg", "brief met spatie.pdf", "scan.tif"]


def test_unreadable_drop_writes_diagnostics(tmp_path: Path) -> None:
    offered = {"text/plain": b"alleen tekst", W_FORMAT: b"\x05\x00"}
    result = read_drop(offered, diagnose_dir=tmp_path / "diagnose")
    assert result.items == ()
    assert result.message.startswith(NIETS_LEESBAAR) and str(result.diagnose) in result.message
    assert result.diagnose is not None
    text = result.diagnose.read_text(encoding="utf-8")
    assert "text/plain\t12 bytes" in text and W_FORMAT in text


def test_filetime_zero_is_unknown() -> None:
    assert filetime_to_datetime(0) is None
    assert filetime_to_datetime(filetime(WRITTEN)) == WRITTEN


# --- several Outlook mails at once: Qt passes only FileContents index 0 ----------------------

MAILS = [TESTDATA / "msg" / n for n in ("cyrillic_message.msg", "example_sent_regular.msg")]


class _Item:
    """A selected Outlook item: its subject, and SaveAs writing the real .msg it stands for."""

    def __init__(self, subject: str, msg: Path) -> None:
        self.Subject = subject
        self._msg = msg

    def SaveAs(self, path: str, soort: int) -> None:
        assert soort == OL_MSG_UNICODE
        shutil.copyfile(self._msg, path)


class _Outlook:
    """Outlook.Application as far as the drop needs it: the active window's selection."""

    def __init__(self, items: list[_Item]) -> None:
        self._items = items

    def ActiveExplorer(self) -> _Outlook:
        return self

    @property
    def Selection(self) -> _Outlook:
        return self

    @property
    def Count(self) -> int:
        return len(self._items)

    def Item(self, index: int) -> _Item:
        return self._items[index - 1]


def _three_mails() -> dict[str, bytes]:
    names = [("Klacht: wachttijd.msg", 9), ("Верификация.msg", 9), ("Re: rapport.msg", 9)]
    return {W_FORMAT: descriptor(names), CONTENTS: b"first msg"}


def test_mails_that_came_without_contents_are_named_not_dropped_silently() -> None:
    result = read_drop(_three_mails())
    assert [i.naam for i in result.items] == ["Klacht: wachttijd.msg"]
    assert result.message == ONVOLLEDIG.format(aantal=2, namen="Верификация.msg, Re: rapport.msg")


def test_outlooks_selection_supplies_the_mails_qt_did_not_pass() -> None:
    outlook = _Outlook(
        [
            _Item("Klacht: wachttijd", MAILS[0]),
            _Item("Re: rapport", MAILS[1]),  # matched by subject, not by position
            _Item("Верификация", MAILS[0]),
        ]
    )
    result = read_drop(
        _three_mails(), aanvulling=lambda d, m: aanvullen_uit_outlook(d, m, outlook=outlook)
    )
    assert result.message == ""
    eerste, tweede, derde = result.items
    assert eerste.data == b"first msg"  # index 0 came through Qt and is kept
    assert tweede.data == MAILS[0].read_bytes() and derde.data == MAILS[1].read_bytes()
    assert parse_bytes(derde.naam, derde.data).onderwerp  # a real mail, parsed as one


def test_without_outlook_the_drop_still_names_what_is_missing() -> None:
    class _Weg:
        def ActiveExplorer(self) -> None:
            raise OSError("Outlook is niet gestart")

    result = read_drop(
        _three_mails(), aanvulling=lambda d, m: aanvullen_uit_outlook(d, m, outlook=_Weg())
    )
    assert len(result.items) == 1 and "Re: rapport.msg" in result.message
