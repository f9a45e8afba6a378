"""The Documenten tab with real widgets, a real SQLite database and real files."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document as open_docx
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import review as documenten_review
from igj_desktop.views.documenten.documenten_review_dialog import (
    OpmerkingDialog,
    ReviewDialog,
    ReviewVerzoek,
)
from igj_desktop.views.documenten.documenten_tab import DocumentenTab
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import wait_for_tasks
from tests.conftest import GuiEnv
from tests.document_demo import maak_dossier, vul_toetsing
from tests.gui.screenshots import SHOTS


class Editor:
    def __init__(self) -> None:
        self.geopend: list[Path] = []

    def __call__(self, pad: Path) -> None:
        self.geopend.append(pad)


@pytest.fixture
def editor(monkeypatch: pytest.MonkeyPatch) -> Editor:
    recorder = Editor()
    monkeypatch.setattr(DocumentenTab, "opener", recorder)
    return recorder


@pytest.fixture
def dossier(gui_env: GuiEnv):
    return maak_dossier(gui_env.db, gui_env.seed)


def open_tab(qtbot: QtBot, ctx: ServiceContext, dossier_id) -> DocumentenTab:
    tab = DocumentenTab(ctx, dossier_id)
    qtbot.addWidget(tab)
    tab.resize(1100, 420)
    qtbot.waitUntil(lambda: not tab.is_loading())
    return tab


def reload_and_wait(qtbot: QtBot, tab: DocumentenTab) -> None:
    with qtbot.waitSignal(tab.loaded):
        tab.reload()


def titels(tab: DocumentenTab) -> list[str]:
    return [tab.boom.topLevelItem(i).text(0) for i in range(tab.boom.topLevelItemCount())]


def shot(widget, naam: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / naam))


def test_list_with_versions_sorting_and_adding_by_drop(
    qtbot: QtBot, gui_env: GuiEnv, dossier, tmp_path: Path
) -> None:
    ctx = gui_env.ctx
    brief = documenten.add_document(ctx, [dossier.id], "Aanbiedbrief.docx", b"brief v1")
    documenten.add_versie(ctx, brief.document_id, "Aanbiedbrief.docx", b"brief v2")
    documenten.add_document(
        ctx, [dossier.id], "Zienswijze.pdf", b"%PDF zienswijze", richting="inkomend"
    )
    tab = open_tab(qtbot, ctx, dossier.id)

    tab.boom.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert titels(tab) == ["Aanbiedbrief", "Zienswijze"]
    tab.boom.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert titels(tab) == ["Zienswijze", "Aanbiedbrief"]
    item = tab.boom.findItems("Aanbiedbrief", Qt.MatchFlag.MatchExactly, 0)[0]
    assert item.text(4) == "2" and item.childCount() == 2
    assert item.child(0).text(0) == "versie 1: Aanbiedbrief.docx"

    goed = tmp_path / "Signaal van een melder.msg"
    goed.write_bytes(b"melding")
    leeg = tmp_path / "leeg.txt"
    leeg.touch()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(goed)), QUrl.fromLocalFile(str(leeg))])
    # Explorer offers copy or move and, with Shift held, proposes a move: the answer must be
    # "copy", or Explorer deletes the original once the drop is done.
    acties = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(
        tab.rect().center(), acties, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
    )  # fmt: skip
    assert enter.proposedAction() == Qt.DropAction.MoveAction
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted() and enter.dropAction() == Qt.DropAction.CopyAction
    drop = QDropEvent(
        QPointF(tab.rect().center()), acties, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
    )  # fmt: skip
    with dialogs.answering() as shown:
        QApplication.sendEvent(tab, drop)
        qtbot.waitUntil(lambda: "Signaal van een melder" in titels(tab))
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    assert goed.read_bytes() == b"melding"  # the original stays where it was
    assert [s.soort for s in shown] == ["waarschuwing"]
    assert "leeg.txt" in shown[0].tekst and "0 bytes" in shown[0].tekst
    assert len(documenten.documenten_van_dossier(ctx, dossier.id)) == 3
    tab.boom.expandAll()
    shot(tab, "documenten_tab.png")


def test_open_version_read_only(qtbot: QtBot, gui_env: GuiEnv, dossier, editor: Editor) -> None:
    ctx = gui_env.ctx
    ref = documenten.add_document(ctx, [dossier.id], "verslag.docx", b"eerste versie")
    documenten.add_versie(ctx, ref.document_id, "verslag.docx", b"tweede versie")
    tab = open_tab(qtbot, ctx, dossier.id)
    tab.selecteer(ref.document_id, ref.versie_id)
    tab.knoppen["Openen"].click()
    assert wait_for_tasks()  # the version is fetched in the background
    assert editor.geopend[-1].read_bytes() == b"eerste versie"
    tab.selecteer(ref.document_id)
    tab.knoppen["Openen"].click()
    assert wait_for_tasks()
    assert editor.geopend[-1].read_bytes() == b"tweede versie"


def test_bewerken_in_word_then_inchecken(
    qtbot: QtBot, gui_env: GuiEnv, dossier, editor: Editor
) -> None:
    ctx = gui_env.ctx
    ref = documenten.add_document(ctx, [dossier.id], "Plan van aanpak.docx", b"plan v1")
    tab = open_tab(qtbot, ctx, dossier.id)
    tab.selecteer(ref.document_id)
    with qtbot.waitSignal(tab.loaded):
        tab.knoppen["Bewerken"].click()
    [pad] = editor.geopend
    tab.sessies.open[ref.document_id].detector.debounce = 0.3
    item = tab.boom.topLevelItem(0)
    assert item.text(3) == "concept, in bewerking door Anna de Vries"
    assert tab.knoppen["Inchecken"].isEnabled()

    bram = ServiceContextFor(gui_env, "bjansen")
    tab_bram = open_tab(qtbot, bram, dossier.id)
    tab_bram.selecteer(ref.document_id)
    assert not tab_bram.knoppen["Bewerken"].isEnabled()
    assert tab_bram.boom.topLevelItem(0).text(3) == "concept, in bewerking door Anna de Vries"

    # Word: temp file, delete the original, rename the temp file to the original name
    tmp = pad.with_name("~WRL0003.tmp")
    tmp.write_bytes(b"plan v2 uit Word")
    pad.unlink()
    tmp.rename(pad)
    qtbot.waitUntil(lambda: tab.boom.topLevelItem(0).text(4) == "2", timeout=10_000)

    tab.selecteer(ref.document_id)
    with qtbot.waitSignal(tab.loaded):
        tab.knoppen["Inchecken"].click()
    info = documenten.document_info(ctx, ref.document_id)
    assert [v.nummer for v in info.versies] == [1, 2] and info.uitgecheckt_door is None
    assert documenten.lees_versie(ctx, info.laatste.id)[1] == b"plan v2 uit Word"
    assert tab.boom.topLevelItem(0).text(3) == "concept"
    assert not tab.timer.isActive()


def test_owner_breaks_a_stale_checkout(
    qtbot: QtBot, gui_env: GuiEnv, dossier, editor: Editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    ref = documenten.add_document(ctx, [dossier.id], "brief.docx", b"brief")
    tab = open_tab(qtbot, ctx, dossier.id)
    tab.selecteer(ref.document_id)
    assert not tab.knoppen["Uitcheck verbreken…"].isVisibleTo(tab)
    with qtbot.waitSignal(tab.loaded):
        tab.knoppen["Bewerken"].click()
    tab.selecteer(ref.document_id)
    assert tab.knoppen["Uitcheck verbreken…"].isVisibleTo(tab)
    monkeypatch.setattr(
        OpmerkingDialog, "ask", classmethod(lambda cls, *a: "Laptop gecrasht tijdens bezoek")
    )
    with qtbot.waitSignal(tab.loaded):
        tab.knoppen["Uitcheck verbreken…"].click()
    assert documenten.document_info(ctx, ref.document_id).uitgecheckt_door is None
    assert tab.sessies.open == {}
    assert tab.boom.topLevelItem(0).text(3) == "concept"


def ServiceContextFor(gui_env: GuiEnv, gebruiker: str) -> ServiceContext:
    return ServiceContext.for_user(gui_env.db, gebruiker)


def test_review_vragen(
    qtbot: QtBot, gui_env: GuiEnv, dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    ref = documenten.add_document(ctx, [dossier.id], "verslag.docx", b"verslag")
    tab = open_tab(qtbot, ctx, dossier.id)
    bram = next(r for r in documenten_review.mogelijke_reviewers(ctx) if r.naam == "Bram Jansen")
    termijn = ctx.today() + timedelta(days=3)
    monkeypatch.setattr(
        ReviewDialog, "ask", classmethod(lambda cls, *a: ReviewVerzoek(bram, termijn, "Graag."))
    )
    tab.selecteer(ref.document_id)
    with qtbot.waitSignal(tab.loaded):
        tab.knoppen["Review vragen…"].click()
    [review] = documenten_review.reviews_van_document(ctx, ref.document_id)
    assert (review.reviewer, review.termijn) == ("Bram Jansen", termijn)
    assert tab.boom.topLevelItem(0).text(3) == "ter review"
    assert tab.status.text() == "Review gevraagd aan Bram Jansen."
    tab.selecteer(ref.document_id)
    with dialogs.answering() as shown:
        tab.knoppen["Review afronden…"].click()  # Anna asked, Bram reviews
        assert wait_for_tasks()
    assert "geen review" in shown[0].tekst

    tab_bram = open_tab(qtbot, ServiceContextFor(gui_env, "bjansen"), dossier.id)
    monkeypatch.setattr(OpmerkingDialog, "ask", classmethod(lambda cls, *a: "Akkoord."))
    tab_bram.selecteer(ref.document_id)
    with qtbot.waitSignal(tab_bram.loaded):
        tab_bram.knoppen["Review afronden…"].click()
    assert tab_bram.status.text() == "Review afgerond; Anna de Vries ziet uw opmerking."
    [review] = documenten_review.reviews_van_document(ctx, ref.document_id)
    assert (review.status, review.opmerking) == ("afgerond", "Akkoord.")
    assert tab_bram.boom.topLevelItem(0).text(3) == "concept"


def test_review_dialog_widget(qtbot: QtBot, gui_env: GuiEnv) -> None:
    ctx = gui_env.ctx
    dialog = ReviewDialog(
        documenten_review.mogelijke_reviewers(ctx), "'Conceptrapport'", ctx.today()
    )
    qtbot.addWidget(dialog)
    dialog.reviewer.setCurrentIndex(dialog.reviewer.findText("Groep Team GGZ"))
    dialog.toelichting.setPlainText("Vooral de oordelen.")
    verzoek = dialog.verzoek()
    assert verzoek.reviewer.groep_id == gui_env.seed.groepen["Team GGZ"]
    assert verzoek.termijn == ctx.today() + timedelta(days=5)
    assert "Anna de Vries" not in [
        dialog.reviewer.itemText(i) for i in range(dialog.reviewer.count())
    ]
    shot(dialog, "documenten_review_dialog.png")


@pytest.mark.usefixtures("libreoffice")
def test_definitief_maken_from_the_tab(qtbot: QtBot, gui_env: GuiEnv, dossier) -> None:
    ctx = gui_env.ctx
    buffer = io.BytesIO()
    word = open_docx()
    word.add_paragraph("Verslag van het gesprek met de bestuurder.")
    word.save(buffer)
    ref = documenten.add_document(ctx, [dossier.id], "Verslag.docx", buffer.getvalue())
    tab = open_tab(qtbot, ctx, dossier.id)
    tab.selecteer(ref.document_id)
    with dialogs.answering(True) as shown:
        tab.knoppen["Definitief maken"].click()
        qtbot.waitUntil(lambda: "definitief" in tab.status.text(), timeout=60_000)
    assert shown[0].titel == "Definitief maken"
    assert "De PDF is gemaakt met LibreOffice." in tab.status.text()
    qtbot.waitUntil(lambda: tab.boom.topLevelItem(0).text(3) == "definitief")
    tab.selecteer(ref.document_id)
    assert not tab.knoppen["Bewerken"].isEnabled()
    assert not tab.knoppen["Definitief maken"].isEnabled()
    assert documenten.document_info(ctx, ref.document_id).laatste.bestandsnaam == "Verslag.pdf"


def test_uit_sjabloon_and_dossieroverzicht(
    qtbot: QtBot, gui_env: GuiEnv, dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from igj_desktop.services.documenten import sjablonen
    from igj_desktop.views.documenten.sjabloon_dialog import SjabloonDialog

    ctx = gui_env.ctx
    vul_toetsing(ctx, dossier)
    monkeypatch.setattr(
        SjabloonDialog,
        "ask",
        classmethod(lambda cls, c, d, p=None: sjablonen.genereer_document(c, d, "conceptrapport")),
    )
    tab = open_tab(qtbot, ctx, dossier.id)
    with qtbot.waitSignal(tab.loaded):
        tab.knoppen["Uit sjabloon…"].click()
    assert titels(tab) == ["Conceptrapport GGZ Noorderlicht"]
    doel = tmp_path / "overzicht.pdf"
    with dialogs.answering(str(doel)):
        tab.knoppen["Dossieroverzicht (PDF)…"].click()
        qtbot.waitUntil(lambda: doel.exists() and "Opgeslagen" in tab.status.text())
    assert doel.read_bytes().startswith(b"%PDF")
    tab.selecteer(tab.documenten[0].id)
    shot(tab, "documenten_tab_sjabloon.png")


def _pdf(tekst: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pagina = canvas.Canvas(buffer)
    pagina.drawString(72, 760, tekst)
    pagina.save()
    return buffer.getvalue()


def test_publicatiepakket_from_the_tab(
    qtbot: QtBot, gui_env: GuiEnv, dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    from igj_desktop.views.documenten.documenten_publicatie_dialog import PublicatieDialog

    ctx = gui_env.ctx
    for naam, soort, richting in (
        ("Rapport.pdf", "rapport", "uitgaand"),
        ("Zakelijke weergave.pdf", "zakelijke_weergave", "uitgaand"),
        ("Reactie.pdf", "reactie", "inkomend"),
    ):
        documenten.add_document(
            ctx, [dossier.id], naam, _pdf(f"Inhoud {naam}"), soort=soort, richting=richting,
            status="definitief",
        )  # fmt: skip
    tab = open_tab(qtbot, ctx, dossier.id)
    dialog = PublicatieDialog(tab.documenten, ctx.today())
    qtbot.addWidget(dialog)
    assert (dialog.rapport.currentText(), dialog.weergave.currentText()) == (
        "Rapport", "Zakelijke weergave",
    )  # fmt: skip
    dialog.reactie.setCurrentIndex(dialog.reactie.findText("Reactie"))
    keuze = dialog.keuze()
    assert keuze.publicatiedatum >= ctx.today() + timedelta(weeks=2)
    shot(dialog, "documenten_publicatie_dialog.png")

    monkeypatch.setattr(PublicatieDialog, "ask", classmethod(lambda cls, *a: keuze))
    tab.knoppen["Publicatiepakket…"].click()
    qtbot.waitUntil(lambda: "Publicatiepakket" in " ".join(titels(tab)))
    pakket = next(d for d in tab.documenten if d.soort == "publicatiepakket")
    tekst = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(documenten.lees_versie(ctx, pakket.laatste.id)[1])).pages
    )
    assert "Inhoud Rapport.pdf" in tekst and "Inhoud Reactie.pdf" in tekst


def test_read_only_keeps_adding_and_viewing(qtbot: QtBot, gui_env: GuiEnv, dossier) -> None:
    tab = open_tab(qtbot, gui_env.ctx, dossier.id)
    tab.set_read_only(True)
    zichtbaar = {label for label, knop in tab.knoppen.items() if knop.isVisibleTo(tab)}
    assert zichtbaar == DocumentenTab.ALTIJD
    tab.set_read_only(False)
    assert tab.knoppen["Bewerken"].isVisibleTo(tab)
    assert not tab.knoppen["Uitcheck verbreken…"].isVisibleTo(tab)
