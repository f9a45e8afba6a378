"""Reading real QMimeData: Outlook virtual files and Explorer file URLs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, QUrl

from igj_desktop.views.post.post_drop import can_drop, read_mime
from tests.testdata import TESTDATA
from tests.unit.test_drag_formats import CONTENTS, W_FORMAT, descriptor

QUICK = TESTDATA / "msg" / "quick.msg"


def test_outlook_mail_and_attachment_from_qmimedata(tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setData(W_FORMAT, QByteArray(descriptor([("quick.msg", QUICK.stat().st_size)])))
    mime.setData(CONTENTS, QByteArray(QUICK.read_bytes()))
    assert can_drop(mime)
    (item,) = read_mime(mime, tmp_path).items
    assert item.naam == "quick.msg" and item.data == QUICK.read_bytes()


def test_several_virtual_files_by_index(tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setData(W_FORMAT, QByteArray(descriptor([("a.txt", 1), ("b.txt", 1)])))
    mime.setData(CONTENTS, QByteArray(b"A"))
    mime.setData('application/x-qt-windows-mime;value="FileContents#1"', QByteArray(b"B"))
    assert [(i.naam, i.data) for i in read_mime(mime, tmp_path).items] == [
        ("a.txt", b"A"),
        ("b.txt", b"B"),
    ]


def test_explorer_urls_from_qmimedata(tmp_path: Path) -> None:
    mime = QMimeData()
    brief = tmp_path / "brief met é.pdf"
    mime.setUrls([QUrl.fromLocalFile(str(QUICK)), QUrl.fromLocalFile(str(brief))])
    assert can_drop(mime)
    items = read_mime(mime, tmp_path).items
    assert [i.path for i in items] == [QUICK, brief]


def test_text_only_is_refused_with_diagnostics(tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setText("zomaar tekst")
    assert not can_drop(mime)
    result = read_mime(mime, tmp_path)
    assert result.items == () and result.diagnose and result.diagnose.exists()
    assert "text/plain" in result.diagnose.read_text(encoding="utf-8")
