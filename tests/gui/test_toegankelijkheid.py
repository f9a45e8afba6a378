"""Keyboard and screen readers (EN 301 549 / WCAG 2.1 AA): every window and dialog is walked
with Tab; every control has a name; the style sheet's text colours have contrast ≥ 4.5:1."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot

from igj_desktop.app import application
from igj_desktop.services.post import inkomend as post
from igj_desktop.views.afspraken.afspraak_dialog import AfspraakDialog
from igj_desktop.views.afspraken.outbox_dialog import OutboxDialog
from igj_desktop.views.dossiers.dossier_afsluiten_dialog import AfsluitenDialog
from igj_desktop.views.dossiers.dossier_koppeling_dialog import KoppelingDialog
from igj_desktop.views.dossiers.dossier_nieuw_wizard import NieuwDossierWizard
from igj_desktop.views.dossiers.dossier_relatie_dialog import RelatieAanvraagDialog, RelatieDialog
from igj_desktop.views.dossiers.dossier_subdossier_dialog import (
    BulkSubdossierDialog,
    SubdossierDialog,
)
from igj_desktop.views.dossiers.dossier_telefoonnotitie_dialog import TelefoonnotitieDialog
from igj_desktop.views.dossiers.dossier_zoeken_dialog import ZoekDialog
from igj_desktop.views.gemeenschappelijk.style import RESOURCES, licht_palet
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.post.post_registratie_dialog import PostRegistratieDialog
from igj_desktop.views.toegang.dossier_overdragen_dialog import OverdragenDialog
from igj_desktop.views.toegang.dossier_toegang_dialog import ToegangDialog
from tests.conftest import GuiEnv
from tests.integration.dossier_support import new_dossier

from .test_dialogs_support import OFFSCREEN_NOISE, no_running_tasks  # noqa: F401
from .test_main_window import _reload, _select_in_tree, window  # noqa: F401
from .toegankelijkheid_support import loop_na

pytestmark = OFFSCREEN_NOISE


def test_the_main_window_and_every_tab_can_be_walked(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    gui_env: GuiEnv,
) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    _reload(qtbot, window)
    _select_in_tree(qtbot, window, dossier.id)
    assert window.tree.accessibleName() == "Dossierboom"
    assert window.werkvoorraad.table.accessibleName() == "Werkvoorraad"
    assert window.filter_edit.accessibleName() == "Filter dossierboom"
    fouten = []
    for titel in window.detail.tab_titles():
        window.detail.tab(titel)
        qtbot.waitUntil(lambda: not window.is_loading())
        fouten += [f"[{titel}] {f}" for f in loop_na(qtbot, window)]
    documenten = window.detail.tab("Documenten")
    assert documenten.boom.accessibleName().startswith("Documenten: Lijst met Titel")  # type: ignore[attr-defined]
    assert not fouten, "\n".join(fouten)


def _dialogen(env: GuiEnv) -> dict[str, Callable[[], QWidget]]:
    ctx = env.ctx
    dossier = new_dossier(
        ctx, env.seed, betrokkenen=[(env.seed.relaties["GGZ Noorderlicht"], "ots")]
    )
    parsed = post.lees_bestand("brief.txt", b"Geachte inspectie,")
    keuzes = post.registratie_keuzes(ctx, dossier.id)
    return {
        "wizard": lambda: NieuwDossierWizard(ctx),
        "zoeken": lambda: ZoekDialog(ctx),
        "relatie": lambda: RelatieDialog(ctx, dossier.id),
        "relatie aanvragen": lambda: RelatieAanvraagDialog(ctx, dossier.id),
        "koppelen": lambda: KoppelingDialog(ctx, dossier.id),
        "subdossier": lambda: SubdossierDialog(ctx, dossier.id),
        "bulk": lambda: BulkSubdossierDialog(ctx, dossier.id),
        "toegang": lambda: ToegangDialog(ctx, dossier.id),
        "afsluiten": lambda: AfsluitenDialog(ctx, dossier.id),
        "afspraak": lambda: AfspraakDialog(ctx, dossier.id),
        "telefoonnotitie": lambda: TelefoonnotitieDialog(ctx, dossier.id),
        "overdragen": lambda: OverdragenDialog(ctx, dossier_id=dossier.id, omschrijving="x"),
        "outbox": lambda: OutboxDialog(ctx, False),
        "post": lambda: PostRegistratieDialog(
            ctx, parsed, keuzes.dossiers, dossier.id, keuzes.beoordelaars
        ),
    }


def test_every_dialog_can_be_walked(qtbot: QtBot, gui_env: GuiEnv) -> None:
    application()  # the application's own set-up, as at start
    fouten = []
    for naam, maak in _dialogen(gui_env).items():
        dialoog = maak()
        qtbot.addWidget(dialoog)
        dialoog.show()
        qtbot.waitExposed(dialoog)
        qtbot.waitUntil(lambda d=dialoog: not getattr(d, "is_loading", lambda: False)())
        pagina = 0
        while True:
            fouten += [f"[{naam}] {f}" for f in loop_na(qtbot, dialoog)]
            if not isinstance(dialoog, QWizard) or pagina > 2:
                break
            dialoog.next()  # every page of the wizard, without filling anything in
            pagina += 1
        dialoog.close()
    assert not fouten, "\n".join(fouten)


def test_the_wizard_buttons_have_access_letters(qtbot: QtBot, gui_env: GuiEnv) -> None:
    wizard = NieuwDossierWizard(gui_env.ctx)
    qtbot.addWidget(wizard)
    for knop in (
        QWizard.WizardButton.NextButton,
        QWizard.WizardButton.BackButton,
        QWizard.WizardButton.FinishButton,
    ):
        assert "&" in wizard.buttonText(knop), wizard.buttonText(knop)


# --- contrast --------------------------------------------------------------------------------

ACHTERGRONDEN = ("#ffffff", "#f5f6f7")  # content and window, where a rule sets no background


def _luminantie(kleur: str) -> float:
    kanalen = [int(kleur[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lineair = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in kanalen]
    return 0.2126 * lineair[0] + 0.7152 * lineair[1] + 0.0722 * lineair[2]


def contrast(a: str, b: str) -> float:
    licht, donker = sorted((_luminantie(a), _luminantie(b)), reverse=True)
    return (licht + 0.05) / (donker + 0.05)


def _regels(qss: str) -> list[tuple[str, dict[str, str]]]:
    qss = re.sub(r"/\*.*?\*/", "", qss, flags=re.S)
    regels = []
    for kiezer, blok in re.findall(r"([^{}]+)\{([^}]*)\}", qss):
        eigenschappen = dict(
            (k.strip(), v.strip()) for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+);", blok)
        )
        regels.append((kiezer.strip(), eigenschappen))
    return regels


def test_the_style_sheet_has_enough_contrast() -> None:
    """Text against its own background, or against the window and content backgrounds when
    the rule sets none; disabled controls are exempt (WCAG 1.4.3)."""
    te_laag = []
    regels = _regels((RESOURCES / "style.qss").read_text(encoding="utf-8"))
    per_kiezer = {k: e for k, e in regels}
    for kiezer, eigenschappen in regels:
        kleur = eigenschappen.get("color", "")
        if not kleur.startswith("#") or ":disabled" in kiezer:
            continue
        achter = eigenschappen.get("background", "")
        if achter == "transparent":  # the background of the widget it is part of
            achter = per_kiezer.get(kiezer.split("::")[0], {}).get("background", "")
        for achtergrond in (achter,) if achter.startswith("#") else ACHTERGRONDEN:
            verhouding = contrast(kleur, achtergrond)
            if verhouding < 4.5:
                te_laag.append(f"{kiezer}: {kleur} op {achtergrond} = {verhouding:.2f}")
    assert not te_laag, "\n".join(te_laag)
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0  # the formula itself


@pytest.mark.parametrize("kiezer", ["QPushButton:focus", "QTreeView:focus", "QCheckBox:focus"])
def test_focus_is_visible(kiezer: str) -> None:
    regels = dict(_regels((RESOURCES / "style.qss").read_text(encoding="utf-8")))
    assert any(kiezer in k for k in regels), f"geen focusstijl voor {kiezer}"


def test_a_dark_system_palette_leaves_the_light_style_readable() -> None:
    """Windows dark mode hands the app a dark palette; the light style sheet would then put
    its dark text on the dark palette wherever the sheet sets no background. The app sets
    its own complete light palette instead (a screenshot with a dark system palette showed
    the Overzicht labels dark on dark before)."""
    app = application()
    palet = licht_palet()
    assert app.palette().color(QPalette.ColorRole.Window) == palet.color(QPalette.ColorRole.Window)
    for tekst, achter in (
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
        (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
        (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
        (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    ):
        assert contrast(palet.color(tekst).name(), palet.color(achter).name()) >= 4.5, tekst
