"""Outgoing post from the Post tab: letters through the postkamer and post in bulk, with the
real dialogs, the real sjablonen and the real progress dialog."""

from __future__ import annotations

import email
import io
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from docx import Document as open_docx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from igj_desktop.models import Activiteit, BetrokkeneRol, Relatie
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.dossiers import relaties
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.post import uitgaand as post_uitgaand
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.post.post_brief_dialog import PostBriefDialog
from igj_desktop.views.post.post_bulk_dialog import (
    BRIEF,
    MAIL,
    BulkOpdracht,
    PostBulkDialog,
    bulk_samenvatting,
)
from igj_desktop.views.post.post_registratie_dialog import PostRegistratieDialog
from igj_desktop.views.post.post_tab import PostTab
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.gui.post.test_post_tab import SHOTS, open_tab
from tests.integration.dossier_support import new_dossier

ONTVANGERS = ("GGZ Noorderlicht", "Zorggroep De Linde")


def _dossier_met_betrokkenen(gui_env: GuiEnv):  # type: ignore[no-untyped-def]
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    ids = [gui_env.seed.relaties[naam] for naam in ONTVANGERS]
    relaties.add_betrokkenen(gui_env.ctx, dossier.id, ids, BetrokkeneRol.BETROKKEN_ORGANISATIE)
    return dossier


def _bulk_dialog(gui_env: GuiEnv, dossier_id) -> PostBulkDialog:  # type: ignore[no-untyped-def]
    ctx = gui_env.ctx
    keuze = sjablonen.sjablonen_voor_dossier(ctx, dossier_id, mail=True)
    keuze += sjablonen.sjablonen_voor_dossier(ctx, dossier_id)
    return PostBulkDialog(ctx, relaties.list_betrokkenen(ctx, dossier_id), keuze)


def _kies(dialog: PostBulkDialog, kanaal: str, sjabloon: str) -> None:
    (dialog.mail_keuze if kanaal == MAIL else dialog.brief_keuze).setChecked(True)
    dialog.sjabloon.setCurrentIndex(dialog.sjabloon.findData(sjabloon))
    dialog.alles_knop.click()


def test_bulk_dialog_offers_the_right_sjablonen_and_refuses_mail_without_address(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    dossier = _dossier_met_betrokkenen(gui_env)
    with gui_env.db.session() as s, s.begin():
        s.get(Relatie, gui_env.seed.relaties["Zorggroep De Linde"]).email = None
    dialog = _bulk_dialog(gui_env, dossier.id)
    qtbot.addWidget(dialog)
    dialog.show()

    confirm(dialog)
    assert "Vink één of meer betrokkenen aan" in dialog.error_label.text()
    _kies(dialog, MAIL, "mail_algemeen")
    mail_sjablonen = [dialog.sjabloon.itemData(i) for i in range(dialog.sjabloon.count())]
    assert "mail_algemeen" in mail_sjablonen and "vragenlijst" not in mail_sjablonen
    assert "geen e-mailadres" in dialog.ontvangers.item(1).text()
    confirm(dialog)
    assert dialog.result_value is None and dialog.isVisible()
    assert "Geen e-mailadres bekend voor: Zorggroep De Linde" in dialog.error_label.text()

    _kies(dialog, BRIEF, "vragenlijst")
    assert "Groningen" in dialog.ontvangers.item(0).text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "post_bulk_dialog.png"))
    confirm(dialog)
    assert dialog.result_value == BulkOpdracht(
        BRIEF, "vragenlijst", tuple(gui_env.seed.relaties[n] for n in ONTVANGERS), ONTVANGERS
    )


def test_bulk_letters_from_the_post_tab_are_personalised_and_go_to_the_postkamer(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = _dossier_met_betrokkenen(gui_env)

    def fill(ctx, betrokkenen, keuze, parent=None, **kw):  # type: ignore[no-untyped-def]
        dialog = PostBulkDialog(ctx, betrokkenen, keuze, parent, **kw)
        dialog.show()
        _kies(dialog, BRIEF, "vragenlijst")
        confirm(dialog)
        dialog.close()
        return dialog.result_value

    monkeypatch.setattr(PostBulkDialog, "ask", fill)
    tab = open_tab(qtbot, gui_env, dossier.id)
    tab.uitgaand.bulk_knop.click()
    qtbot.waitUntil(lambda: tab.uitgaand.bulk_dialoog is not None)
    voortgang = tab.uitgaand.bulk_dialoog
    assert voortgang is not None
    with qtbot.waitSignal(voortgang.klaar, timeout=30_000):
        pass
    assert "2 brieven gemaakt" in voortgang.melding.text()
    voortgang.grab().save(str(SHOTS / "post_bulk_voortgang.png"))
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2)
    assert {tab.table.item(r, 5).text() for r in range(2)} == {"Te verzenden"}

    brieven = documenten.documenten_van_dossier(gui_env.ctx, dossier.id)
    assert sorted(b.titel for b in brieven) == [f"Vragenlijst {naam}" for naam in ONTVANGERS]
    for brief in brieven:  # each letter is addressed to its own relatie
        inhoud = documenten.lees_versie(gui_env.ctx, brief.laatste.id)[1]
        tekst = "\n".join(p.text for p in open_docx(io.BytesIO(inhoud)).paragraphs)
        assert brief.titel.removeprefix("Vragenlijst ") in tekst
    with gui_env.db.session() as s:
        taken = s.scalars(select(Activiteit).where(Activiteit.code == "brief_verzenden")).all()
        assert len(taken) == 2 and all(t.eigenaar_groep_id for t in taken)


def test_bulk_mail_from_the_post_tab_saves_one_eml_per_betrokkene(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    dossier = _dossier_met_betrokkenen(gui_env)
    geopend: list[Path] = []
    monkeypatch.setattr(PostTab, "opener", staticmethod(geopend.append))
    tab = open_tab(qtbot, gui_env, dossier.id)
    opdracht = BulkOpdracht(
        MAIL, "mail_algemeen", tuple(gui_env.seed.relaties[n] for n in ONTVANGERS), ONTVANGERS
    )

    voortgang = tab.uitgaand._start_bulk(opdracht)
    with qtbot.waitSignal(voortgang.klaar, timeout=30_000):
        pass
    assert "2 als .eml klaargezet" in voortgang.melding.text()
    assert geopend == [data_dir / "uitgaand"]  # the folder once, not a window per mail
    ontvangen = sorted(
        str(email.message_from_bytes(p.read_bytes(), policy=policy.default)["To"])
        for p in (data_dir / "uitgaand").glob("*.eml")
    )
    with gui_env.db.session() as s:
        adressen = sorted(s.get(Relatie, gui_env.seed.relaties[n]).email for n in ONTVANGERS)
    assert ontvangen == adressen
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2)


def test_the_summary_says_where_a_stopped_run_ended() -> None:
    opdracht = BulkOpdracht(MAIL, "mail_algemeen", ("a", "b", "c"), ("A", "B", "C"))  # type: ignore[arg-type]
    assert bulk_samenvatting(opdracht, []).startswith("Gestopt na 0 van 3. Niets verstuurd.")
    brieven = BulkOpdracht(BRIEF, "vragenlijst", ("a",), ("A",))  # type: ignore[arg-type]
    assert bulk_samenvatting(brieven, ["x"]).startswith("1 brief gemaakt")


def test_letter_sent_by_the_postkamer_from_the_post_tab(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = gui_env.ctx
    dossier = new_dossier(ctx, gui_env.seed)
    documenten.add_document(ctx, [dossier.id], "Aantekening.txt", b"intern")
    brief = sjablonen.genereer_document(ctx, dossier.id, "vragenlijst")

    def fill(ctx, dossier_id, lijst, parent=None):  # type: ignore[no-untyped-def]
        dialog = PostBriefDialog(ctx, dossier_id, lijst, parent)
        dialog.show()
        assert dialog.document.currentData() == brief.document_id  # outgoing letters first
        dialog.opmerking.setText("aangetekend")
        dialog.grab().save(str(SHOTS / "post_brief_dialog.png"))
        confirm(dialog)
        dialog.close()
        return dialog.result_value

    monkeypatch.setattr(PostBriefDialog, "ask", fill)
    tab = open_tab(qtbot, gui_env, dossier.id)
    with dialogs.answering() as shown:
        tab.uitgaand.brief_knop.click()
        qtbot.waitUntil(lambda: len(shown) == 1)
    assert "postkamer heeft een verzoek" in shown[0].tekst
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    assert tab.table.item(0, 5).text() == "Te verzenden"
    with gui_env.db.session() as s:
        taak = s.scalars(select(Activiteit).where(Activiteit.code == "brief_verzenden")).one()
        assert taak.omschrijving == "aangetekend" and taak.eigenaar_groep_id is not None


def test_reacties_show_who_answered_and_the_rappel_preselects_the_rest(
    qtbot: QtBot, gui_env: GuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, seed = gui_env.ctx, gui_env.seed
    dossier = _dossier_met_betrokkenen(gui_env)
    post_uitgaand.bulk_brieven(
        ctx, dossier.id, [seed.relaties[n] for n in ONTVANGERS], "vragenlijst"
    )
    parsed = post.lees_bestand("reactie.eml", _reactie("j.jansen@noorderlicht.example.nl"))
    keuzes = post.registratie_keuzes(ctx, dossier.id)

    registratie_dialog = PostRegistratieDialog(
        ctx, parsed, keuzes.dossiers, dossier.id, keuzes.beoordelaars, relaties=keuzes.relaties
    )
    qtbot.addWidget(registratie_dialog)
    registratie_dialog.show()
    assert registratie_dialog.relatie.currentText() == "GGZ Noorderlicht"  # by mail domain
    registratie_dialog.grab().save(str(SHOTS / "post_registratie_afzender.png"))
    confirm(registratie_dialog)
    post.registreer_post(ctx, parsed, registratie_dialog.result_value)

    voorgeselecteerd: list[list[str]] = []

    def fill(ctx, betrokkenen, keuze, parent=None, **kw):  # type: ignore[no-untyped-def]
        dialog = PostBulkDialog(ctx, betrokkenen, keuze, parent, **kw)
        items = [dialog.ontvangers.item(i) for i in range(dialog.ontvangers.count())]
        voorgeselecteerd.append(
            [i.text().split("  ·  ")[0] for i in items if i.checkState() == Qt.CheckState.Checked]
        )
        assert dialog.sjabloon.currentData() == "mail_rappel_vragenlijst"
        return None

    monkeypatch.setattr(PostBulkDialog, "ask", fill)
    tab = open_tab(qtbot, gui_env, dossier.id)
    tab.uitgaand.reacties_knop.click()
    qtbot.waitUntil(lambda: tab.uitgaand.reacties_dialoog is not None)
    reacties = tab.uitgaand.reacties_dialoog
    assert reacties is not None
    qtbot.waitUntil(lambda: not reacties.is_loading() and reacties.tabel.rowCount() == 2)
    assert reacties.tabel.item(0, 0).text() == "Zorggroep De Linde"
    assert reacties.tabel.item(0, 2).text() == "nog niet"
    assert reacties.tabel.item(1, 3).text() == "Antwoorden vragenlijst"
    assert reacties.samenvatting.text().startswith("1 van 2 relaties hebben gereageerd")
    reacties.grab().save(str(SHOTS / "post_reacties.png"))

    reacties.rappel_knop.click()
    qtbot.waitUntil(lambda: voorgeselecteerd == [["Zorggroep De Linde"]])


def _reactie(afzender: str) -> bytes:
    message = EmailMessage()
    message["From"] = afzender
    message["To"] = "vragenlijst@igj.nl"
    message["Subject"] = "Antwoorden vragenlijst"
    message["Date"] = format_datetime(datetime.now(UTC) + timedelta(minutes=5))
    message["Message-ID"] = make_msgid(domain="noorderlicht.example.nl")
    message.set_content("Zie bijlage.")
    return message.as_bytes()
