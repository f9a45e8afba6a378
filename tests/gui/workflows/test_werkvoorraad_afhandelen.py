"""Afhandelen… in the werkvoorraad does the work each kind of activiteit needs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.integrations.mail_import import parse_path
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import review
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.post import uitgaand as post_uitgaand
from igj_desktop.services.read_models import DossierDetail
from igj_desktop.services.workflows import acties as wf
from igj_desktop.services.workflows import werkvoorraad
from igj_desktop.views.documenten.documenten_review_dialog import OpmerkingDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import wait_for_tasks
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.post.post_terugsturen_dialog import PostTerugsturenDialog
from igj_desktop.views.workflows.workflow_dialogs import CompleteActiviteitDialog
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.integration.dossier_support import new_dossier
from tests.testdata import TESTDATA

WindowFor = Callable[[str], MainWindow]


@pytest.fixture
def window_for(qtbot: QtBot, gui_env: GuiEnv, data_dir: Path) -> Iterator[WindowFor]:
    windows: list[MainWindow] = []

    def open_window(gebruiker: str) -> MainWindow:
        main = create_main_window(Settings(data_dir, gui_env.db.url, gebruiker, "test"), gui_env.db)
        assert main is not None
        qtbot.addWidget(main)
        main.show()
        qtbot.waitUntil(lambda: not main.is_loading())
        windows.append(main)
        return main

    yield open_window
    for main in windows:
        main.close()


def _afhandelen(qtbot: QtBot, window: MainWindow, titel: str) -> None:
    """Pick ``titel`` in the werkvoorraad and choose the context menu's default action."""
    view = window.werkvoorraad
    rows = [view.model.regel(view.model.index(r, 0)) for r in range(view.model.rowCount())]
    regel = next(r for r in rows if r is not None and r.titel.startswith(titel))
    menu = view.context_menu(regel)
    assert menu.defaultAction().text() == "Afhandelen…"
    menu.defaultAction().trigger()
    assert wait_for_tasks()  # the item's reads and write run in the background
    qtbot.waitUntil(lambda: not window.is_loading())


def _titels(ctx: ServiceContext) -> list[str]:
    return [i.titel for i in werkvoorraad.list_werkvoorraad(ctx, "mij_en_groepen")]


def _registreer(gui_env: GuiEnv, beoordelaar: str, mail: str) -> DossierDetail:
    """A dossier with one registered e-mail, to be assessed by ``beoordelaar``."""
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    registratie = post.Registratie(
        [dossier.id], beoordelaar_medewerker_id=gui_env.seed.medewerkers[beoordelaar]
    )
    post.registreer_post(gui_env.ctx, parse_path(TESTDATA / "eml" / mail), registratie)
    return dossier


def test_a_workflow_activiteit_is_completed_with_its_uitkomst(
    qtbot: QtBot, window_for: WindowFor, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    wf.start_workflow(gui_env.ctx, dossier.id, "gesprek")
    window = window_for("avries")

    def complete(activiteit: wf.ActiviteitRow) -> wf.AfrondingResult:
        dialog = CompleteActiviteitDialog(gui_env.ctx, activiteit, window)
        confirm(dialog)
        return dialog.result_value

    monkeypatch.setattr(
        CompleteActiviteitDialog, "ask", classmethod(lambda cls, c, a, p=None: complete(a))
    )
    _afhandelen(qtbot, window, "Gesprek plannen")
    [workflow] = wf.list_workflows(gui_env.ctx, dossier.id)
    plannen = next(a for a in workflow.activiteiten if a.code == "plannen")
    assert plannen.status == "afgerond"
    assert "Gesprek plannen" not in _titels(gui_env.ctx)
    assert any(a.open for a in workflow.activiteiten)  # the next step started


def test_incoming_post_is_accepted_or_sent_back(
    qtbot: QtBot, window_for: WindowFor, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = _registreer(gui_env, "avries", "attachment_pdf.eml")
    window = window_for("avries")
    with dialogs.answering(True) as shown:
        _afhandelen(qtbot, window, "Beoordelen inkomende post")
    assert shown[0].titel == "Inkomende post beoordelen"
    assert [p.status for p in post.post_register(gui_env.ctx, dossier.id)] == ["beoordeeld"]
    assert not any(t.startswith("Beoordelen inkomende post") for t in _titels(gui_env.ctx))

    tweede = _registreer(gui_env, "avries", "attachment_nonascii_filename.eml")
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading())

    def terug(post_id: object) -> post.PostInfo:
        dialog = PostTerugsturenDialog(gui_env.ctx, post_id, window)  # type: ignore[arg-type]
        dialog.reden.setPlainText("Hoort bij het dossier van Team Jeugdhulp.")
        confirm(dialog)
        return dialog.result_value

    monkeypatch.setattr(
        PostTerugsturenDialog, "ask", classmethod(lambda cls, c, p, parent=None: terug(p))
    )
    with dialogs.answering(False):
        _afhandelen(qtbot, window, "Beoordelen inkomende post")
    assert [p.status for p in post.post_register(gui_env.ctx, tweede.id)] == ["teruggestuurd"]


def test_a_review_is_finished_with_a_remark(
    qtbot: QtBot, window_for: WindowFor, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = gui_env.seed
    bram = ServiceContext.for_user(gui_env.db, "bjansen")
    dossier = new_dossier(gui_env.ctx, seed, behandelaar_ids=[seed.medewerkers["bjansen"]])
    ref = documenten.add_document(bram, [dossier.id], "Rapport.docx", b"concept")
    verzoek = review.Reviewverzoek(bram.today() + timedelta(days=3), seed.medewerkers["avries"])
    review.vraag_review(bram, dossier.id, ref.document_id, verzoek)
    window = window_for("avries")
    monkeypatch.setattr(OpmerkingDialog, "ask", classmethod(lambda cls, *a: "Akkoord, mooi."))
    _afhandelen(qtbot, window, "Review")
    assert review.mijn_open_review(gui_env.ctx, ref.document_id) is None
    terug = [i for i in werkvoorraad.list_werkvoorraad(bram, "mij") if i.soort == "review_afgerond"]
    assert len(terug) == 1 and "Anna de Vries" in terug[0].titel


def test_the_postkamer_marks_a_letter_sent(
    qtbot: QtBot, window_for: WindowFor, gui_env: GuiEnv
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    brief = documenten.add_document(gui_env.ctx, [dossier.id], "Aanbiedbrief.docx", b"brief")
    verzoek = post_uitgaand.vraag_verzending_brief(gui_env.ctx, dossier.id, brief.document_id)
    window = window_for("epost")
    with dialogs.answering(True) as shown:
        _afhandelen(qtbot, window, "")
    assert shown[0].titel == "Brief verzenden"
    assert post.post_register(gui_env.ctx, dossier.id)[0].status == "verzonden"
    assert verzoek.id == post.post_register(gui_env.ctx, dossier.id)[0].id
