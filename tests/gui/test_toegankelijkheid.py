"""Keyboard and screen readers (EN 301 549 / WCAG 2.1 AA): every window and dialog is walked
with Tab; every control has a name; the style sheet's text colours have contrast ≥ 4.5:1."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot

from igj_desktop.app import application
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import DeelnemerInvoer, MailConcept, NieuweAfspraak
from igj_desktop.services.base import AMSTERDAM
from igj_desktop.services.documenten import review as documenten_review
from igj_desktop.services.dossiers import relaties
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.post import uitgaand
from igj_desktop.services.workflows import acties as wf
from igj_desktop.views.afspraken.afspraak_dialog import AfspraakDialog, AfspraakMailDialog
from igj_desktop.views.afspraken.afspraak_wijzigen_dialog import (
    DeelnemersDialog,
    StopzetDialog,
    VerplaatsDialog,
)
from igj_desktop.views.afspraken.agenda_view import AgendaView
from igj_desktop.views.afspraken.exchange_config_dialog import ExchangeConfigDialog
from igj_desktop.views.afspraken.outbox_dialog import OutboxDialog
from igj_desktop.views.documenten.documenten_publicatie_dialog import PublicatieDialog
from igj_desktop.views.documenten.documenten_review_dialog import ReviewDialog
from igj_desktop.views.documenten.sjabloon_dialog import SjabloonDialog
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
from igj_desktop.views.gemeenschappelijk import thema
from igj_desktop.views.gemeenschappelijk.style import RESOURCES
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.post.post_brief_dialog import PostBriefDialog
from igj_desktop.views.post.post_bulk_dialog import PostBulkDialog
from igj_desktop.views.post.post_mail_dialog import PostMailDialog
from igj_desktop.views.post.post_registratie_dialog import PostRegistratieDialog
from igj_desktop.views.toegang.dossier_overdragen_dialog import OverdragenDialog
from igj_desktop.views.toegang.dossier_toegang_dialog import ToegangDialog
from igj_desktop.views.toetsing.toetsing_view import NormDialog
from igj_desktop.views.workflows.termijnkalender import TermijnkalenderDialog
from igj_desktop.views.workflows.workflow_dialogs import (
    CompleteActiviteitDialog,
    EndWorkflowDialog,
    ReassignActiviteitDialog,
    StartWorkflowDialog,
)
from igj_desktop.workflows.termijnen import gelijkstellingen
from tests.conftest import GuiEnv
from tests.integration.dossier_support import new_dossier

from .test_main_window import _reload, _select_in_tree, window  # noqa: F401
from .toegankelijkheid_support import loop_na


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
    # the tabs beside the werkvoorraad, the agenda in each of its views (a block to reach)
    begin = datetime.combine(gui_env.ctx.today(), time(10), AMSTERDAM)
    afspraken.plan_afspraak(
        gui_env.ctx,
        dossier.id,
        NieuweAfspraak(
            onderwerp="Inspectiebezoek",
            begin=begin,
            einde=begin + timedelta(hours=1),
            locatie="Utrecht",
            deelnemers=(DeelnemerInvoer(medewerker_id=gui_env.seed.medewerkers["avries"]),),
        ),
    )
    for titel in [window.werk.tabText(i) for i in range(1, window.werk.count())]:
        tab = window.werk_tab(titel)
        if isinstance(tab, AgendaView):
            for modus in ("lijst", "dag", "week"):
                with qtbot.waitSignal(tab.loaded):
                    tab.ga_naar(gui_env.ctx.today() + timedelta(days=7))
                with qtbot.waitSignal(tab.loaded):
                    tab.ga_naar(gui_env.ctx.today())
                tab.toon_als(modus)
                assert modus == "lijst" or tab.rooster.blokken()
                fouten += [f"[{titel}, {modus}] {f}" for f in loop_na(qtbot, window)]
        else:
            qtbot.waitUntil(lambda t=tab: not getattr(t, "is_loading", lambda: False)())
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


def _meer_dialogen(env: GuiEnv, tmp_path: Path) -> dict[str, Callable[[], QWidget]]:
    """Documenten, post, afspraken, toetsing, workflows and the settings dialogs."""
    ctx = env.ctx
    dossier = new_dossier(
        ctx, env.seed, betrokkenen=[(env.seed.relaties["GGZ Noorderlicht"], "ots")]
    )
    begin = datetime.combine(ctx.today() + timedelta(days=2), time(10), AMSTERDAM)
    afspraak = afspraken.plan_afspraak(
        ctx,
        dossier.id,
        NieuweAfspraak(
            onderwerp="Inspectiebezoek",
            begin=begin,
            einde=begin + timedelta(hours=2),
            locatie="Hoofdstraat 1, Utrecht",
            deelnemers=(DeelnemerInvoer(medewerker_id=env.seed.medewerkers["avries"]),),
        ),
    )
    concept = MailConcept(
        afspraak.id, "Bevestiging inspectiebezoek", "Geachte heer, mevrouw,", ("a@example.nl",)
    )
    workflow = wf.start_workflow(ctx, dossier.id, "inspectiebezoek")
    activiteit = next(a for a in workflow.activiteiten if a.open)
    betrokkenen = relaties.list_betrokkenen(ctx, dossier.id)
    return {
        "afspraak verplaatsen": lambda: VerplaatsDialog(ctx, afspraak),
        "afspraak stopzetten": lambda: StopzetDialog(ctx, afspraak),
        "deelnemers": lambda: DeelnemersDialog(ctx, afspraak),
        "afspraakmail": lambda: AfspraakMailDialog(ctx, concept),
        "exchange": lambda: ExchangeConfigDialog(tmp_path),
        "sjabloon": lambda: SjabloonDialog(ctx, dossier.id),
        "review": lambda: ReviewDialog(
            documenten_review.mogelijke_reviewers(ctx), "Rapport", ctx.today()
        ),
        "publicatie": lambda: PublicatieDialog([], ctx.today()),
        "brief": lambda: PostBriefDialog(ctx, dossier.id, []),
        "mail": lambda: PostMailDialog(
            ctx, uitgaand.MailConcept(("a@example.nl",), "Uw melding", "Geachte heer,"), []
        ),
        "bulkpost": lambda: PostBulkDialog(ctx, betrokkenen, []),
        "norm": lambda: NormDialog(),
        "termijnkalender": lambda: TermijnkalenderDialog(gelijkstellingen(), ctx.today()),
        "workflow starten": lambda: StartWorkflowDialog(ctx, dossier.id),
        "activiteit afronden": lambda: CompleteActiviteitDialog(ctx, activiteit),
        "activiteit overdragen": lambda: ReassignActiviteitDialog(ctx, activiteit),
        "workflow beëindigen": lambda: EndWorkflowDialog(ctx, workflow),
    }


@pytest.mark.parametrize("welke", ["dossiers", "meer"])
def test_every_dialog_can_be_walked(
    qtbot: QtBot, gui_env: GuiEnv, tmp_path: Path, welke: str
) -> None:
    application()  # the application's own set-up, as at start
    fouten = []
    maken = _dialogen(gui_env) if welke == "dossiers" else _meer_dialogen(gui_env, tmp_path)
    for naam, maak in maken.items():
        dialoog = maak()
        qtbot.addWidget(dialoog)
        dialoog.show()
        qtbot.waitExposed(dialoog)
        qtbot.waitUntil(
            lambda d=dialoog: not getattr(d, "is_loading", lambda: False)(), timeout=30_000
        )
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


# --- contrast, under the light and the dark scheme ----------------------------------------

SCHEMAS = {"licht": thema.LICHT, "donker": thema.DONKER}


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


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_style_sheet_has_enough_contrast(schema: str) -> None:
    """Text against its own background, or against the window and content backgrounds when
    the rule sets none; disabled controls are exempt (WCAG 1.4.3)."""
    kleuren = SCHEMAS[schema]
    achtergronden = (kleuren["inhoud"], kleuren["venster"])
    te_laag = []
    regels = _regels(thema.style_sheet(kleuren))
    per_kiezer = {k: e for k, e in regels}
    gecontroleerd = 0
    for kiezer, eigenschappen in regels:
        kleur = eigenschappen.get("color", "")
        if not kleur.startswith("#") or ":disabled" in kiezer:
            continue
        achter = eigenschappen.get("background", "")
        if achter == "transparent":  # the background of the widget it is part of
            achter = per_kiezer.get(kiezer.split("::")[0], {}).get("background", "")
        for achtergrond in (achter,) if achter.startswith("#") else achtergronden:
            gecontroleerd += 1
            verhouding = contrast(kleur, achtergrond)
            if verhouding < 4.5:
                te_laag.append(f"{kiezer}: {kleur} op {achtergrond} = {verhouding:.2f}")
    assert not te_laag, "\n".join(te_laag)
    assert gecontroleerd > 20
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0  # the formula itself


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_item_model_colours_have_enough_contrast(schema: str) -> None:
    """Overdue termijnen, afgeronde activiteiten and oordelen are read on the content
    background and on the alternating rows."""
    kleuren = SCHEMAS[schema]
    for naam in ("rood", "grijs", "groen", "oranje", "accent", "kop", "fout"):
        for achter in ("inhoud", "oddrij", "venster"):
            assert contrast(kleuren[naam], kleuren[achter]) >= 4.5, (naam, achter)


@pytest.mark.parametrize("kiezer", ["QPushButton:focus", "QTreeView:focus", "QCheckBox:focus"])
def test_focus_is_visible(kiezer: str) -> None:
    regels = dict(_regels((RESOURCES / "style.qss").read_text(encoding="utf-8")))
    assert any(kiezer in k for k in regels), f"geen focusstijl voor {kiezer}"


@pytest.mark.parametrize("schema", SCHEMAS)
def test_the_palette_is_complete_and_readable(schema: str) -> None:
    """Every role is set from the scheme (nothing left to the system, whose dark palette
    under a light sheet put dark text on dark before), with enough contrast."""
    palet = thema.palet(SCHEMAS[schema])
    for tekst, achter in (
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
        (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
        (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
        (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
        (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
    ):
        assert contrast(palet.color(tekst).name(), palet.color(achter).name()) >= 4.5, tekst
    donker = _luminantie(palet.color(QPalette.ColorRole.Window).name()) < 0.1
    assert donker is (schema == "donker")


def test_no_view_or_style_rule_has_a_fixed_colour() -> None:
    """A colour written into a view or the style sheet stays light on a dark palette: they
    all come from the scheme in thema.py."""
    hex_kleur = re.compile(r"#[0-9a-fA-F]{6}\b|QColor\(\"|Qt\.GlobalColor")
    views = Path(thema.__file__).parents[1]
    vast = [
        f"{pad.relative_to(views)}: {regel.strip()}"
        for pad in views.rglob("*.py")
        if pad.name != "thema.py"
        for regel in pad.read_text(encoding="utf-8").splitlines()
        if hex_kleur.search(regel)
    ]
    qss = re.sub(
        r"/\*.*?\*/", "", (RESOURCES / "style.qss").read_text(encoding="utf-8"), flags=re.S
    )
    vast += [f"style.qss: {k}" for k in re.findall(r"#[0-9a-fA-F]{3,6}\b", qss)]
    assert not vast, "\n".join(vast)
