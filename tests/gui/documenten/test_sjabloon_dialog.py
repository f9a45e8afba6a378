"""The 'Document maken uit sjabloon' dialog: choosing, filling in, generating in a worker."""

from __future__ import annotations

import io

from docx import Document as open_docx
from pytestqt.qtbot import QtBot

from igj_desktop.services.documenten import document as documenten
from igj_desktop.views.documenten.sjabloon_dialog import SjabloonDialog
from tests.conftest import GuiEnv
from tests.document_demo import maak_dossier, vul_toetsing
from tests.gui.screenshots import SHOTS


def test_generate_a_besluit_with_maatregel_fields(qtbot: QtBot, gui_env: GuiEnv) -> None:
    ctx = gui_env.ctx
    dossier = maak_dossier(gui_env.db, gui_env.seed, dossiertype="handhaving")
    vul_toetsing(ctx, dossier)
    dialog = SjabloonDialog(ctx, dossier.id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.is_loading())
    titels = [dialog.lijst.item(i).text() for i in range(dialog.lijst.count())]
    assert "Besluit last onder dwangsom" in titels and "Afsluitbrief" in titels
    assert not dialog.genereer_knop.isEnabled()

    dialog.kies("afsluitbrief")
    assert not dialog.maatregel.isVisibleTo(dialog)
    dialog.kies("besluit_lod")
    assert dialog.maatregel.isVisibleTo(dialog)
    assert dialog.titel.text() == "Besluit last onder dwangsom"
    dialog.titel.setText("Besluit LOD regievoering")
    dialog.velden["omschrijving"].setText("Leg de regievoering per cliënt schriftelijk vast.")
    dialog.velden["dwangsom_bedrag"].setText("1.500")
    dialog.resize(720, 520)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "sjabloon_dialog.png"))

    with qtbot.waitSignal(dialog.gegenereerd, timeout=30_000) as signaal:
        dialog.genereer_knop.click()
    ref = signaal.args[0]
    assert dialog.resultaat == ref and ref.titel == "Besluit LOD regievoering"
    data = documenten.lees_versie(ctx, ref.versie_id)[1]
    tekst = "\n".join(p.text for p in open_docx(io.BytesIO(data)).paragraphs)
    assert "Leg de regievoering per cliënt schriftelijk vast." in tekst
    assert "€ 1.500 per [in te vullen]" in tekst  # what was left empty stays visibly open
    [document] = documenten.documenten_van_dossier(ctx, dossier.id)
    assert (document.sjabloon, document.soort, document.status) == (
        "besluit_lod", "besluit", "concept",
    )  # fmt: skip
