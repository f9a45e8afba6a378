"""Every rule of regels.py met through the real complete dialog and its catalog form.

The user fills the form the catalog defines; the engine's rule refuses in Dutch inside the
dialog; the corrected input is stored as the activiteit's gegevens.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDialog, QPlainTextEdit
from pytestqt.qtbot import QtBot

from igj_desktop.models import Activiteit
from igj_desktop.services.documenten.document import add_document
from igj_desktop.services.workflows import acties as wf
from igj_desktop.views.workflows.workflow_dialogs import (
    CompleteActiviteitDialog,
    StartWorkflowDialog,
)
from tests.conftest import GuiEnv
from tests.gui.bevestigen import confirm
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import new_dossier
from tests.integration.workflow_support import (
    OPENBAAR_TOT_PUBLICEREN,
    REDEN,
    KlokContext,
    klok_ctx,
    loop,
    open_activiteit,
)


def _dialog(
    qtbot: QtBot, ctx: KlokContext, activiteit: wf.ActiviteitRow
) -> CompleteActiviteitDialog:
    dialog = CompleteActiviteitDialog(ctx, activiteit)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _ok(qtbot: QtBot, dialog: QDialog) -> None:
    confirm(dialog)


def _kies(combo: QComboBox, naam: str) -> None:
    index = combo.findText(naam, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, naam
    combo.setCurrentIndex(index)


def _gegevens(ctx: KlokContext, activiteit_id: uuid.UUID) -> dict[str, object]:
    with ctx.read() as session:
        activiteit = session.get(Activiteit, activiteit_id)
        assert activiteit is not None
        return dict(activiteit.gegevens)


def _openbaarmaking(gui_env: GuiEnv, **gegevens: object) -> tuple[KlokContext, uuid.UUID]:
    klok = klok_ctx(gui_env.ctx)
    dossier = new_dossier(klok, gui_env.seed)
    return klok, wf.start_workflow(klok, dossier.id, "openbaarmaking", gegevens=gegevens).id


def test_publicatiecategorie_never_published_is_refused_in_the_dialog(
    qtbot: QtBot, gui_env: GuiEnv
) -> None:
    klok, workflow_id = _openbaarmaking(gui_env)
    besluit = open_activiteit(klok, workflow_id, "besluit_openbaarmaking")
    dialog = _dialog(qtbot, klok, besluit)
    datum = dialog.formulier.editor("verzonden_op")
    assert isinstance(datum, QDateEdit) and datum.date() == QDate(2027, 3, 1)  # today
    _ok(qtbot, dialog)
    assert "Vul 'Publicatiecategorie' in." in dialog.error_label.text()
    categorie = dialog.formulier.editor("categorie")
    assert isinstance(categorie, QComboBox)
    _kies(categorie, "Calamiteitenrapport van eigen onderzoek van de zorgaanbieder")
    dialog.grab().save(str(SHOTS / "besluit_openbaarmaking.png"))
    _ok(qtbot, dialog)
    assert "nooit openbaar" in dialog.error_label.text()
    assert dialog.isVisible()
    dialog.choose("Geen openbaarmaking")
    dialog.reden.setPlainText(REDEN)
    _ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    opgeslagen = _gegevens(klok, besluit.id)
    assert opgeslagen["categorie"] == "calamiteitenrapport_zorgaanbieder"
    assert opgeslagen["verzonden_op"] == "2027-03-01"
    assert wf.get_workflow(klok, workflow_id).status == "afgerond"


def test_reactie_with_its_word_count_is_judged_in_the_dialog(qtbot: QtBot, gui_env: GuiEnv) -> None:
    klok, workflow_id = _openbaarmaking(
        gui_env, categorie="regulier", verzonden_op="2027-03-01", reactie_aanbieder="x " * 201
    )
    loop(
        klok,
        workflow_id,
        [("besluit_openbaarmaking", "openbaar"), ("termijnbewaking_bezwaar", "geen_bezwaar", True)],
    )
    beoordelen = open_activiteit(klok, workflow_id, "beoordelen_reactie")
    dialog = _dialog(qtbot, klok, beoordelen)
    feiten = dialog.formulier.formulier.feiten
    assert (feiten[0].label, feiten[0].waarde) == (
        "Definitief rapport verzonden op",
        "01-03-2027",
    )
    tekst = dialog.formulier.editor("reactie_aanbieder")
    assert isinstance(tekst, QPlainTextEdit) and tekst.toPlainText().count("x") == 201
    teller = dialog.formulier.tellers["reactie_aanbieder"]
    assert teller.text().startswith("201 van hooguit 200 woorden")
    assert teller.objectName() == "foutmelding"
    qtbot.wait(50)  # let the scroll area settle its layout before the screenshot
    dialog.grab().save(str(SHOTS / "beoordelen_reactie.png"))
    _ok(qtbot, dialog)
    assert "201 woorden" in dialog.error_label.text()
    tekst.setPlainText("")
    qtbot.keyClicks(tekst, "Wij nemen de bevindingen ter harte [weggelakt: 3 woorden].")
    assert teller.text().startswith("9 van hooguit 200 woorden")
    assert teller.objectName() == "hint"
    _ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _gegevens(klok, beoordelen.id)["reactie_aanbieder"].startswith("Wij nemen")  # type: ignore[union-attr]
    assert open_activiteit(klok, workflow_id, "publiceren")


def test_zakelijke_weergave_is_chosen_from_the_dossier_documents(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path
) -> None:
    klok, workflow_id = _openbaarmaking(
        gui_env,
        categorie="regulier",
        verzonden_op="2027-03-01",
        soort_rapport="calamiteitenrapport_eigen_onderzoek",
    )
    dossier_id = wf.get_workflow(klok, workflow_id).dossier_id
    add_document(
        klok, [dossier_id], "zakelijke_weergave.txt", b"Samenvatting", titel="Zakelijke weergave"
    )
    loop(
        klok,
        workflow_id,
        OPENBAAR_TOT_PUBLICEREN,
    )
    publiceren = open_activiteit(klok, workflow_id, "publiceren")
    dialog = _dialog(qtbot, klok, publiceren)
    feiten = {f.label: f.waarde for f in dialog.formulier.formulier.feiten}
    assert feiten["Soort rapport"].startswith("Calamiteitenrapport van eigen onderzoek van IGJ")
    _ok(qtbot, dialog)
    assert "zakelijke weergave" in dialog.error_label.text()
    document = dialog.formulier.editor("zakelijke_weergave")
    assert isinstance(document, QComboBox)
    _kies(document, "Zakelijke weergave")
    dialog.grab().save(str(SHOTS / "publiceren.png"))
    _ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _gegevens(klok, publiceren.id)["zakelijke_weergave"] == document.currentData()


def test_loob_condition_is_met_through_the_dialog(qtbot: QtBot, gui_env: GuiEnv) -> None:
    klok = klok_ctx(gui_env.ctx)
    dossier = new_dossier(klok, gui_env.seed)
    start = StartWorkflowDialog(klok, dossier.id)
    qtbot.addWidget(start)
    start.show()
    start.choose("onthouding")
    _ok(qtbot, start)
    assert start.result() == QDialog.DialogCode.Accepted
    (workflow,) = wf.list_workflows(klok, dossier.id)
    opleggen = open_activiteit(klok, workflow.id, "opleggen")
    dialog = _dialog(qtbot, klok, opleggen)
    _ok(qtbot, dialog)
    assert "uiterlijk 26-04-2027" in dialog.error_label.text()
    datum = dialog.formulier.editor("tuchtklacht_voorzien_op")
    assert isinstance(datum, QDateEdit)
    datum.setDate(QDate(2027, 4, 27))  # later than eight weeks
    _ok(qtbot, dialog)
    assert "acht weken" in dialog.error_label.text()
    datum.setDate(QDate(2027, 4, 20))
    dialog.grab().save(str(SHOTS / "loob_opleggen.png"))
    _ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _gegevens(klok, opleggen.id)["tuchtklacht_voorzien_op"] == "2027-04-20"


def test_loob_with_a_filed_tuchtklacht_needs_no_date(qtbot: QtBot, gui_env: GuiEnv) -> None:
    klok = klok_ctx(gui_env.ctx)
    dossier = new_dossier(klok, gui_env.seed)
    workflow = wf.start_workflow(klok, dossier.id, "loob")
    dialog = _dialog(qtbot, klok, open_activiteit(klok, workflow.id, "opleggen"))
    vink = dialog.formulier.editor("tuchtklacht_ingediend")
    assert isinstance(vink, QCheckBox)
    vink.setChecked(True)
    _ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_direct_publication_asks_a_reason_and_the_mt_member(qtbot: QtBot, gui_env: GuiEnv) -> None:
    klok, workflow_id = _openbaarmaking(gui_env, categorie="regulier", verzonden_op="2027-03-01")
    besluit = open_activiteit(klok, workflow_id, "besluit_openbaarmaking")
    dialog = _dialog(qtbot, klok, besluit)
    reden = dialog.formulier.editor("spoed_reden", "direct_openbaar")
    assert not reden.isVisible()  # only asked for this uitkomst
    dialog.choose("Direct of eerder openbaar maken")
    assert reden.isVisible()
    _ok(qtbot, dialog)
    assert "Vul 'Reden (acuut gevaar voor de gezondheid)' in." in dialog.error_label.text()
    assert isinstance(reden, QPlainTextEdit)
    reden.setPlainText("Acuut gevaar: besmette instrumenten in gebruik.")
    mt = dialog.formulier.editor("spoed_mt_akkoord", "direct_openbaar")
    assert isinstance(mt, QComboBox)
    assert [mt.itemText(i) for i in range(mt.count())] == ["", "Dirk Smit"]  # MT'ers only
    _kies(mt, "Dirk Smit")
    assert dialog.height() > 500  # grew to show the velden of this uitkomst
    qtbot.wait(50)
    dialog.grab().save(str(SHOTS / "direct_openbaar.png"))
    _ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert open_activiteit(klok, workflow_id, "publiceren")
