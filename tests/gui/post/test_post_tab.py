"""Dropping post onto the Post tab and onto a dossier tree row, completing the real dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QTreeWidget, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.post import inkomend as post
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.post.post_drop import ItemViewPostDrop
from igj_desktop.views.post.post_mail_dialog import PostMailDialog
from igj_desktop.views.post.post_register_view import PostRegisterView
from igj_desktop.views.post.post_registratie_dialog import PostRegistratieDialog
from igj_desktop.views.post.post_tab import PostTab, diagnose_dir
from igj_desktop.views.post.post_terugsturen_dialog import PostTerugsturenDialog
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import new_dossier
from tests.testdata import TESTDATA
from tests.unit.test_drag_formats import CONTENTS, W_FORMAT, descriptor


class FillDialog:
    """Stands in for the user: fills the real dialog, screenshots it and presses Registreren."""

    def __init__(self, extra_dossier=None, shot: str | None = None) -> None:  # type: ignore[no-untyped-def]
        self.extra_dossier = extra_dossier
        self.shot = shot
        self.dialogs: list[PostRegistratieDialog] = []

    def __call__(self, ctx, parsed, dossiers, gekozen, beoordelaars, parent=None, **kw):  # type: ignore[no-untyped-def]
        dialog = PostRegistratieDialog(ctx, parsed, dossiers, gekozen, beoordelaars, parent, **kw)
        self.dialogs.append(dialog)
        dialog.show()
        dialog.soort.setCurrentText("melding")
        for i in range(dialog.dossiers.count()):
            item = dialog.dossiers.item(i)
            if self.extra_dossier and item.data(Qt.ItemDataRole.UserRole) == self.extra_dossier:
                item.setCheckState(Qt.CheckState.Checked)
        dialog.beoordelen.setChecked(True)
        dialog.beoordelaar.setCurrentIndex(dialog.beoordelaar.findText("Groep Postkamer"))
        if self.shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(SHOTS / self.shot))
        confirm(dialog)
        result = dialog.result_value
        dialog.close()
        return result


COPY_OR_MOVE = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


def _event(kind, widget: QWidget, mime: QMimeData, pos: QPointF | None = None, acties=COPY_OR_MOVE):  # type: ignore[no-untyped-def]
    """Like Explorer and Outlook: copy or move offered, a move proposed (Shift held)."""
    punt = pos or QPointF(widget.rect().center())
    event = kind(
        punt if kind is QDropEvent else punt.toPoint(), acties, mime,  # enter/move: a QPoint
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
    )  # fmt: skip
    assert event.proposedAction() == Qt.DropAction.MoveAction or acties == Qt.DropAction.CopyAction
    return event


def drop(widget: QWidget, mime: QMimeData, pos: QPointF | None = None) -> None:
    """A whole drag as Qt delivers it: enter, move, drop; every answer to the source is copy."""
    for kind in (QDragEnterEvent, QDragMoveEvent, QDropEvent):
        event = _event(kind, widget, mime, pos)
        QApplication.sendEvent(widget, event)
        assert not event.isAccepted() or event.dropAction() == Qt.DropAction.CopyAction


def open_tab(qtbot: QtBot, gui_env: GuiEnv, dossier_id) -> PostTab:  # type: ignore[no-untyped-def]
    tab = PostTab(gui_env.ctx, dossier_id)
    qtbot.addWidget(tab)
    tab.resize(900, 360)
    tab.show()
    qtbot.waitUntil(lambda: not tab.is_loading())
    return tab


def test_drop_explorer_msg_on_post_tab_registers_in_two_dossiers(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    ander = new_dossier(ctx, gui_env.seed, "Tweede dossier")
    fill = FillDialog(ander.id, "post_registratie_dialog.png")
    monkeypatch.setattr(PostRegistratieDialog, "ask", fill)
    tab = open_tab(qtbot, gui_env, dossier.id)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(TESTDATA / "msg" / "attachment_msg_pdf.msg"))])

    alleen_verplaatsen = _event(QDragEnterEvent, tab, mime, acties=Qt.DropAction.MoveAction)
    QApplication.sendEvent(tab, alleen_verplaatsen)
    assert not alleen_verplaatsen.isAccepted()  # a source that only moves is refused
    enter = _event(QDragEnterEvent, tab, mime)
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted() and "Loslaten" in tab.hint.text()
    assert enter.dropAction() == Qt.DropAction.CopyAction
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.grab().save(str(SHOTS / "post_drop_feedback.png"))
    gelaten = _event(QDropEvent, tab, mime)
    with dialogs.answering() as shown:
        QApplication.sendEvent(tab, gelaten)
        qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    assert gelaten.isAccepted() and gelaten.dropAction() == Qt.DropAction.CopyAction
    assert [s.titel for s in shown] == ["Post geregistreerd"]
    assert "1 bijlage" in shown[0].tekst or "2 bijlage" in shown[0].tekst
    assert tab.table.item(0, 2).text() == "test email"
    assert tab.table.item(0, 5).text() == "Te beoordelen"
    (info,) = post.post_register(ctx, ander.id)
    assert info.soort == "melding" and len(info.kenmerken) == 2
    assert len(documenten.documenten_van_dossier(ctx, ander.id)) == 3
    tab.grab().save(str(SHOTS / "post_tab.png"))


def test_outlook_virtual_file_dropped_on_a_tree_row(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    monkeypatch.setattr(PostRegistratieDialog, "ask", FillDialog())
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    tree.setHeaderLabels(["Dossier"])
    node = QTreeWidgetItem(tree, [dossier.kenmerk])
    node.setData(0, Qt.ItemDataRole.UserRole, dossier.id)
    tree.resize(400, 200)
    tree.show()
    ItemViewPostDrop.install(
        tree, ctx, lambda index: index.data(Qt.ItemDataRole.UserRole), diagnose_dir
    )
    eml = (TESTDATA / "eml" / "attachment_pdf.eml").read_bytes()
    mime = QMimeData()
    mime.setData(W_FORMAT, QByteArray(descriptor([("Klacht.eml", len(eml))])))
    mime.setData(CONTENTS, QByteArray(eml))
    row = QPointF(tree.visualItemRect(node).center())
    viewport = tree.viewport()

    QApplication.sendEvent(viewport, _event(QDragEnterEvent, viewport, mime, row))
    move = _event(QDragMoveEvent, viewport, mime, row)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted() and move.dropAction() == Qt.DropAction.CopyAction
    gelaten = _event(QDropEvent, viewport, mime, row)
    with dialogs.answering() as shown:
        QApplication.sendEvent(viewport, gelaten)
        qtbot.waitUntil(lambda: len(shown) == 1)
    assert gelaten.isAccepted() and gelaten.dropAction() == Qt.DropAction.CopyAction
    assert shown[0].titel == "Post geregistreerd"
    (info,) = post.post_register(ctx, dossier.id)
    assert info.onderwerp == "Another PDF with 🎉 Unicode chars in it 🍿"

    # the same mail again: warned, linked, not stored twice
    with dialogs.answering() as shown:
        drop(viewport, mime, row)
        qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown[0].titel == "Al geregistreerd"
    assert len(documenten.documenten_van_dossier(ctx, dossier.id)) == 2


def test_several_outlook_mails_with_one_content_warn_about_the_rest(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt on Linux (and on Windows without Outlook) passes one FileContents of three mails:
    the one is registered, the two others are named in a warning."""
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    monkeypatch.setattr(PostRegistratieDialog, "ask", FillDialog())
    tab = open_tab(qtbot, gui_env, dossier.id)
    eml = (TESTDATA / "eml" / "attachment_pdf.eml").read_bytes()
    mime = QMimeData()
    namen = [("Klacht.eml", len(eml)), ("Tweede.msg", 10), ("Derde.msg", 10)]
    mime.setData(W_FORMAT, QByteArray(descriptor(namen)))
    mime.setData(CONTENTS, QByteArray(eml))
    with dialogs.answering() as shown:
        drop(tab, mime)
        qtbot.waitUntil(lambda: len(shown) == 2)
    assert shown[0].titel == "Niet alles kwam mee" and "Tweede.msg, Derde.msg" in shown[0].tekst
    assert shown[1].titel == "Post geregistreerd"
    assert len(post.post_register(ctx, dossier.id)) == 1


def test_a_mail_missing_a_part_is_registered_with_a_warning_and_a_contact_refused(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    fill = FillDialog()
    monkeypatch.setattr(PostRegistratieDialog, "ask", fill)
    tab = open_tab(qtbot, gui_env, dossier.id)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(TESTDATA / "eml" / "missing_body.eml"))])
    with dialogs.answering() as shown:
        drop(tab, mime)
        qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown[0].soort == "waarschuwing" and "kan hier ontbreken" in shown[0].tekst
    assert len(post.post_register(ctx, dossier.id)) == 1
    (dialog,) = fill.dialogs  # the dialog said so before the user pressed Registreren
    assert any("kan hier ontbreken" in label.text() for label in dialog.findChildren(QLabel))

    contact = QMimeData()
    contact.setUrls([QUrl.fromLocalFile(str(TESTDATA / "msg" / "msgClassContact.msg"))])
    with dialogs.answering() as shown:
        drop(tab, contact)
        qtbot.waitUntil(lambda: len(shown) == 1)
    assert "Outlook-contactpersoon, geen mail" in shown[0].tekst
    assert len(post.post_register(ctx, dossier.id)) == 1


@pytest.mark.logt_fout  # extract_msg logs the damaged file itself
def test_corrupt_and_unreadable_drops_register_nothing(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    monkeypatch.setattr(PostRegistratieDialog, "ask", FillDialog())
    tab = open_tab(qtbot, gui_env, dossier.id)
    corrupt = TESTDATA / "msg" / "clusterfuzz-testcase-minimized-POIHSMFFuzzer-4735011465854976.msg"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(corrupt))])
    with dialogs.answering() as shown:
        drop(tab, mime)
        qtbot.waitUntil(lambda: len(shown) == 1)
    assert "beschadigd" in shown[0].tekst

    tekst = QMimeData()
    tekst.setData('application/x-qt-windows-mime;value="RenPrivateMessages"', QByteArray(b"x"))
    with dialogs.answering() as shown:
        drop(tab, tekst)
    assert len(shown) == 1 and "Er is niets geregistreerd" in shown[0].tekst
    assert list((data_dir / "diagnose").glob("slepen-*.txt"))
    assert post.post_register(ctx, dossier.id) == []
    assert documenten.documenten_van_dossier(ctx, dossier.id) == []


def test_new_mail_from_sjabloon_edited_and_saved_as_eml(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    bijlage = documenten.add_document(ctx, [dossier.id], "Rapport.pdf", b"%PDF-1.4 rapport")
    opened: list[Path] = []
    monkeypatch.setattr(PostTab, "opener", staticmethod(opened.append))
    seen: list[PostMailDialog] = []

    def fill(ctx, concept, docs, parent=None, **kw):  # type: ignore[no-untyped-def]
        dialog = PostMailDialog(ctx, concept, docs, parent, **kw)
        seen.append(dialog)
        dialog.show()
        titels = [dialog.sjabloon.itemText(i) for i in range(dialog.sjabloon.count())]
        assert "E-mail vragenlijst" in titels and "E-mail afspraakbevestiging" not in titels
        dialog.sjabloon.setCurrentIndex(dialog.sjabloon.findData("mail_vragenlijst"))
        qtbot.waitUntil(lambda: not dialog.is_loading())  # filled in the background
        assert "vragenlijst in te vullen" in dialog.tekst.toPlainText()
        dialog.sjabloon.setCurrentIndex(dialog.sjabloon.findData("mail_algemeen"))
        qtbot.waitUntil(lambda: not dialog.is_loading())
        confirm(dialog)  # no recipient yet: refused inside the dialog
        assert "geldige e-mailadressen" in dialog.error_label.text()
        dialog.aan.setText("info@noorderlicht.nl")
        dialog.tekst.setPlainText(dialog.tekst.toPlainText().replace("[Uw tekst]", "Graag."))
        dialog.bijlagen.item(0).setCheckState(Qt.CheckState.Checked)
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "post_mail_dialog.png"))
        confirm(dialog)
        dialog.close()
        return dialog.result_value

    monkeypatch.setattr(PostMailDialog, "ask", fill)
    tab = open_tab(qtbot, gui_env, dossier.id)
    with dialogs.answering() as shown:
        tab.uitgaand.mail_knop.click()
        qtbot.waitUntil(lambda: len(shown) == 1)
        qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    assert shown[0].titel == "E-mail" and "mailprogramma" in shown[0].tekst
    (eml,) = opened
    assert b"Graag." in eml.read_bytes() and b"Rapport.pdf" in eml.read_bytes()
    assert tab.table.item(0, 1).text() == "uitgaand"
    assert bijlage.document_id in seen[0].result_value.bijlage_document_ids


def test_post_register_across_dossiers(qtbot: QtBot, gui_env: GuiEnv) -> None:
    ctx = gui_env.ctx
    a = new_dossier(ctx, gui_env.seed)
    b = new_dossier(ctx, gui_env.seed, "Tweede dossier")
    for dossier, name in ((a, "quick.msg"), (b, "simple_test_msg.msg")):
        parsed = post.lees_bestand(name, (TESTDATA / "msg" / name).read_bytes())
        post.registreer_post(ctx, parsed, post.Registratie([dossier.id]))
    beoordeeld = post.post_register(ctx, b.id)[0]
    post.post_beoordeeld(ctx, beoordeeld.id)
    view = PostRegisterView(ctx)
    qtbot.addWidget(view)
    view.resize(900, 300)
    with qtbot.waitSignal(view.loaded):
        view.show()
    assert view.table.rowCount() == 2 and view.aantal.text() == "2 poststukken"
    with qtbot.waitSignal(view.loaded):
        view.filter.setCurrentText("Nog te beoordelen")
    assert view.table.rowCount() == 1
    assert view.table.item(0, 2).text() == "Test the content transformer"
    view.grab().save(str(SHOTS / "post_register.png"))


def test_send_back_misdirected_post(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    parsed = post.lees_bestand("quick.msg", (TESTDATA / "msg" / "quick.msg").read_bytes())
    post.registreer_post(ctx, parsed, post.Registratie([dossier.id]))

    def fill(ctx, post_id, parent=None):  # type: ignore[no-untyped-def]
        dialog = PostTerugsturenDialog(ctx, post_id, parent)
        dialog.show()
        confirm(dialog)  # no reason: refused in the dialog
        assert "waarom" in dialog.error_label.text()
        dialog.reden.setPlainText("Hoort bij team Jeugd")
        dialog.grab().save(str(SHOTS / "post_terugsturen_dialog.png"))
        confirm(dialog)
        dialog.close()
        return dialog.result_value

    monkeypatch.setattr(PostTerugsturenDialog, "ask", fill)
    tab = open_tab(qtbot, gui_env, dossier.id)
    tab.table.selectRow(0)
    tab.terug_knop.click()
    qtbot.waitUntil(lambda: tab.table.item(0, 5).text() == "Teruggestuurd")


def test_several_files_dropped_say_which_one_of_how_many(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    fill = FillDialog()
    monkeypatch.setattr(PostRegistratieDialog, "ask", fill)
    tab = open_tab(qtbot, gui_env, dossier.id)
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(TESTDATA / "eml" / "attachment_pdf.eml")),
            QUrl.fromLocalFile(str(TESTDATA / "eml" / "attachment_only_email.eml")),
        ]
    )
    with dialogs.answering() as shown:
        drop(tab, mime)
        qtbot.waitUntil(lambda: len(shown) == 2)
    assert [d.windowTitle() for d in fill.dialogs] == [
        "Inkomende post registreren (1 van 2)",
        "Inkomende post registreren (2 van 2)",
    ]
