"""Every write that takes an expected version refuses a stale one and changes nothing.

The desktop shows read models; a user who saves on top of an old one must get ``Conflict``
(``services.base.check_version``), never a lost update. Each test below first lets someone
else change the row (so the version the user read is stale), then writes with the old
version and checks the Conflict and that not a single row or stored file changed.

``STALE_TESTS`` registers which service function each test guards; the meta-tests at the end
read the source and fail when a ``check_version`` call or a public write taking a version
appears without a registered test here. Runs on SQLite and PostgreSQL (``database``).
"""

from __future__ import annotations

import ast
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import DocumentStore, default_store
from igj_desktop.models import Activiteit, Base, Workflow
from igj_desktop.services import outbox
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import definitief, review
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten.review import Reviewverzoek
from igj_desktop.services.dossiers import afsluiten
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.errors import Conflict
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.toetsing import bevindingen as toetsing
from igj_desktop.services.toetsing import instrumenten
from igj_desktop.services.toetsing.instrumenten import NormInvoer
from igj_desktop.services.workflows import acties as wf
from tests.integration.afspraken.test_afspraken import AMS, bezoek

from ..db_snapshot import alle_rijen
from ..document_demo import maak_dossier
from ..seed import Seed
from .dossier_support import new_dossier

CtxFor = Callable[[str], ServiceContext]
F = TypeVar("F", bound=Callable[..., Any])

SERVICES = Path(__file__).resolve().parents[2] / "igj_desktop" / "services"

# "module.function" of a service → the tests here that write to it with a stale version
STALE_TESTS: dict[str, list[str]] = {}


def guards(*functies: str) -> Callable[[F], F]:
    """Register the test as the stale-version test of these service functions."""

    def register(test: F) -> F:
        for functie in functies:
            STALE_TESTS.setdefault(functie, []).append(test.__name__)
        return test

    return register


def _snapshot(database: Database, data_dir: Path) -> dict[str, Any]:
    """Every row of every table, and every file in the data folder (the document store)."""
    rows: dict[str, Any] = dict(alle_rijen(database))
    rows["bestanden"] = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*"))
    return rows


@contextmanager
def refused_without_change(database: Database, data_dir: Path) -> Iterator[None]:
    """The block must raise the lost-update ``Conflict`` and leave the database unchanged."""
    voor = _snapshot(database, data_dir)
    with pytest.raises(Conflict, match="Iemand anders heeft dit intussen gewijzigd"):
        yield
    assert _snapshot(database, data_dir) == voor


@pytest.fixture
def refused(database: Database, data_dir: Path) -> Callable[[], Any]:
    return lambda: refused_without_change(database, data_dir)


def _version(database: Database, model: type[Base], id_: uuid.UUID) -> int:
    with database.session() as s:
        row = s.get(model, id_)
        assert row is not None
        return row.version


# --- dossiers ---------------------------------------------------------------------------------


@guards("dossiers.dossier.update_dossier")
def test_stale_update_dossier(ctx: ServiceContext, seed: Seed, refused) -> None:
    dossier = new_dossier(ctx, seed)
    dossiers.update_dossier(ctx, dossier.id, dossier.version, titel="Door Bram gewijzigd")
    with refused():
        dossiers.update_dossier(ctx, dossier.id, dossier.version, titel="Oude gegevens")


@guards("dossiers.afsluiten.close_dossier")
def test_stale_close_dossier(ctx: ServiceContext, seed: Seed, refused) -> None:
    dossier = new_dossier(ctx, seed)
    dossiers.update_dossier(ctx, dossier.id, dossier.version, titel="Nieuw")
    with refused():
        afsluiten.close_dossier(ctx, dossier.id, "Klaar", dossier.version)


@guards("toegang.toekenning.set_afgeschermd")
def test_stale_set_afgeschermd(ctx: ServiceContext, seed: Seed, refused) -> None:
    dossier = new_dossier(ctx, seed)
    dossiers.update_dossier(ctx, dossier.id, dossier.version, titel="Nieuw")
    with refused():
        toegang.set_afgeschermd(ctx, dossier.id, True, dossier.version)


# --- workflows and activiteiten ---------------------------------------------------------------

ACTIVITEIT_SCHRIJVEN: dict[str, Callable[[ServiceContext, uuid.UUID, int, Seed], object]] = {
    "complete_activiteit": lambda c, a, v, _: wf.complete_activiteit(c, a, "gepland", version=v),
    "cancel_activiteit": lambda c, a, v, _: wf.cancel_activiteit(c, a, "Niet nodig", version=v),
    "transfer_activiteit": lambda c, a, v, s: wf.transfer_activiteit(
        c, a, naar_medewerker_id=s.medewerkers["bjansen"], version=v
    ),
    "claim_activiteit": lambda c, a, v, _: wf.claim_activiteit(c, a, version=v),
    "set_urgentie": lambda c, a, v, _: wf.set_urgentie(c, a, "spoed", version=v),
    "termijn_opschorten": lambda c, a, v, _: wf.termijn_opschorten(c, a, version=v),
    "termijn_hervatten": lambda c, a, v, _: wf.termijn_hervatten(c, a, version=v),
    "termijn_verlengen": lambda c, a, v, _: wf.termijn_verlengen(c, a, version=v),
    "termijn_wijzigen": lambda c, a, v, _: wf.termijn_wijzigen(
        c, a, c.today() + timedelta(days=30), version=v
    ),
}


@guards(
    "workflows.acties._load_activiteit", *(f"workflows.acties.{f}" for f in ACTIVITEIT_SCHRIJVEN)
)
@pytest.mark.parametrize("schrijf", sorted(ACTIVITEIT_SCHRIJVEN))
def test_stale_activiteit_write(ctx: ServiceContext, seed: Seed, refused, schrijf: str) -> None:
    dossier = new_dossier(ctx, seed)
    activiteit = wf.start_workflow(ctx, dossier.id, "gesprek").activiteiten[0]
    if schrijf == "claim_activiteit":  # only a groep's activiteit can be claimed
        toegang.grant_toegang(ctx, dossier.id, groep_id=seed.groepen["Team GGZ"])
        activiteit = wf.transfer_activiteit(
            ctx, activiteit.id, naar_groep_id=seed.groepen["Team GGZ"]
        )
    if schrijf == "termijn_hervatten":  # only a suspended termijn can be resumed
        activiteit = wf.termijn_opschorten(ctx, activiteit.id)
    wf.set_urgentie(ctx, activiteit.id, "hoog", version=activiteit.version)
    with refused():
        ACTIVITEIT_SCHRIJVEN[schrijf](ctx, activiteit.id, activiteit.version, seed)


@guards("workflows.acties.end_workflow")
def test_stale_end_workflow(database: Database, ctx: ServiceContext, seed: Seed, refused) -> None:
    dossier = new_dossier(ctx, seed)
    workflow = wf.start_workflow(ctx, dossier.id, "gesprek")
    plannen = workflow.activiteiten[0]
    wf.complete_activiteit(
        ctx, plannen.id, "gepland", gegevens={"datum": "1-12-2026"}, version=plannen.version
    )
    assert _version(database, Workflow, workflow.id) > workflow.version  # someone changed it
    with refused():
        wf.end_workflow(ctx, workflow.id, "annuleren", "Oude stand", version=workflow.version)


# --- afspraken --------------------------------------------------------------------------------


@guards("afspraken.afspraak._changed", "afspraken.afspraak.verplaats_afspraak")
def test_stale_verplaats_afspraak(ctx: ServiceContext, seed: Seed, refused) -> None:
    dossier = new_dossier(ctx, seed)
    afspraak = afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    later = datetime(2026, 12, 2, 9, 0, tzinfo=AMS)
    afspraken.verplaats_afspraak(
        ctx, afspraak.id, later, later + timedelta(hours=2), version=afspraak.version
    )
    nog_later = later + timedelta(days=1)
    with refused():
        afspraken.verplaats_afspraak(
            ctx, afspraak.id, nog_later, nog_later + timedelta(hours=2), version=afspraak.version
        )


@guards("outbox._eigen_item")
@pytest.mark.parametrize("schrijf", [outbox.outbox_opnieuw, outbox.outbox_verwijderen])
def test_stale_outbox_regel(
    ctx: ServiceContext, seed: Seed, refused, schrijf: Callable[..., None]
) -> None:
    dossier = new_dossier(ctx, seed)
    afspraken.plan_afspraak(ctx, dossier.id, bezoek(seed))
    (regel,) = outbox.outbox_inhoud(ctx)
    outbox.outbox_opnieuw(ctx, regel)  # someone else offered it again meanwhile
    with refused():
        schrijf(ctx, regel)


# --- documenten -------------------------------------------------------------------------------


@guards("documenten.document.wijzig_document")
def test_stale_wijzig_document(
    database: Database, seed: Seed, ctx: ServiceContext, refused
) -> None:
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "rapport.docx", b"rapport")
    gelezen = documenten.document_info(ctx, ref.document_id).version
    documenten.wijzig_document(ctx, ref.document_id, gelezen, titel="Rapport van Bram")
    with refused():
        documenten.wijzig_document(ctx, ref.document_id, gelezen, titel="Oude titel")


@guards("documenten.review.review_afronden")
def test_stale_review_afronden(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for: CtxFor, refused
) -> None:
    dossier = maak_dossier(database, seed)
    ref = documenten.add_document(ctx, [dossier.id], "plan.docx", b"plan")
    verzoek = Reviewverzoek(ctx.today() + timedelta(days=3), seed.medewerkers["bjansen"])
    review_id = review.vraag_review(ctx, dossier.id, ref.document_id, verzoek)
    bram = ctx_for("bjansen")
    gelezen = _version(database, Activiteit, review_id)
    wf.set_urgentie(bram, review_id, "hoog", version=gelezen)
    with refused():
        review.review_afronden(bram, review_id, "Akkoord", expected_version=gelezen)


class _SaveWhileConverting:
    """The app's document store, with Bram saving a new version while the PDF is made."""

    def __init__(self, echt: DocumentStore, tijdens: Callable[[], None]) -> None:
        self._echt = echt
        self.tijdens: Callable[[], None] | None = tijdens

    def get(self, sha256: str) -> bytes:
        data = self._echt.get(sha256)
        if self.tijdens is not None:
            tijdens, self.tijdens = self.tijdens, None
            tijdens()
        return data

    def __getattr__(self, naam: str) -> object:
        return getattr(self._echt, naam)


@guards("documenten.definitief.definitief_maken")
def test_new_version_during_definitief_maken(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for: CtxFor, data_dir: Path
) -> None:
    dossier = maak_dossier(database, seed)
    bram = ctx_for("bjansen")
    ref = documenten.add_document(ctx, [dossier.id], "besluit.pdf", b"%PDF-1.4 versie 1")
    voor: list[dict[str, Any]] = []

    def bram_slaat_op() -> None:
        documenten.add_versie(bram, ref.document_id, "besluit.pdf", b"%PDF-1.4 v2")
        voor.append(_snapshot(database, data_dir))

    store = _SaveWhileConverting(default_store(ctx.db), bram_slaat_op)
    with pytest.raises(Conflict, match="Iemand anders heeft dit intussen gewijzigd"):
        definitief.definitief_maken(ctx, ref.document_id, store=store)
    assert _snapshot(database, data_dir) == voor[0]
    info = documenten.document_info(ctx, ref.document_id)
    assert [v.status for v in info.versies] == ["concept", "concept"]


# --- toetsing ---------------------------------------------------------------------------------


def _instrument(database: Database, seed: Seed, ctx: ServiceContext) -> instrumenten.InstrumentInfo:
    dossier = maak_dossier(database, seed)
    return instrumenten.maak_instrument(
        ctx, "Eigen kader", [NormInvoer("Toezicht in de nacht", "N1")], dossier_id=dossier.id
    )


def _later(
    ctx: ServiceContext, instrument: instrumenten.InstrumentInfo
) -> instrumenten.InstrumentInfo:
    """Someone else adds a norm: the instrument's version moves on."""
    return instrumenten.voeg_norm_toe(ctx, instrument.id, NormInvoer("Scholing", "N2"))


@guards("toetsing.instrumenten.wijzig_norm")
def test_stale_wijzig_norm(database: Database, seed: Seed, ctx: ServiceContext, refused) -> None:
    norm = _instrument(database, seed, ctx).normen[0]
    instrumenten.wijzig_norm(ctx, norm.id, norm.version, NormInvoer("Nachtdienst", "N1"))
    with refused():
        instrumenten.wijzig_norm(ctx, norm.id, norm.version, NormInvoer("Oud", "N1"))


@guards("toetsing.instrumenten.vraag_review_instrument")
def test_stale_vraag_review_instrument(
    database: Database, seed: Seed, ctx: ServiceContext, refused
) -> None:
    instrument = _instrument(database, seed, ctx)
    _later(ctx, instrument)
    bram = Reviewverzoek(ctx.today() + timedelta(days=3), seed.medewerkers["bjansen"])
    with refused():
        instrumenten.vraag_review_instrument(ctx, instrument.id, instrument.version, bram)


@guards("toetsing.instrumenten.vaststellen")
def test_stale_vaststellen(database: Database, seed: Seed, ctx: ServiceContext, refused) -> None:
    instrument = _instrument(database, seed, ctx)
    _later(ctx, instrument)
    with refused():
        instrumenten.vaststellen(ctx, instrument.id, instrument.version)


@guards("toetsing.instrumenten.bijstellen")
def test_stale_bijstellen(database: Database, seed: Seed, ctx: ServiceContext, refused) -> None:
    instrument = _instrument(database, seed, ctx)
    gelezen = instrumenten.vaststellen(ctx, instrument.id, instrument.version)
    bijgesteld = instrumenten.bijstellen(ctx, instrument.id, gelezen.version)
    instrumenten.vaststellen(ctx, instrument.id, bijgesteld.version)
    with refused():
        instrumenten.bijstellen(ctx, instrument.id, gelezen.version)


def _bevinding_voor(database: Database, seed: Seed, ctx: ServiceContext) -> tuple[Any, Any]:
    instrument = _instrument(database, seed, ctx)
    return instrument.dossier_id, instrument.normen[0].id


@guards("toetsing.bevindingen.leg_bevinding_vast", "toetsing.bevindingen.leg_bevinding_vast")
def test_stale_leg_bevinding_vast(
    database: Database, seed: Seed, ctx: ServiceContext, refused
) -> None:
    dossier_id, norm_id = _bevinding_voor(database, seed, ctx)
    with refused():  # a version of a bevinding that is not there
        toetsing.leg_bevinding_vast(
            ctx, dossier_id, norm_id, "Onvoldoende", "voldoet_niet", expected_version=1
        )
    toetsing.leg_bevinding_vast(ctx, dossier_id, norm_id, "Door Bram", "voldoet")
    with refused():  # the user saw none (0); Bram recorded one meanwhile
        toetsing.leg_bevinding_vast(
            ctx, dossier_id, norm_id, "Onvoldoende", "voldoet_niet", expected_version=0
        )


@guards("toetsing.bevindingen.accordeer_bevinding")
def test_stale_accordeer_bevinding(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for: CtxFor, refused
) -> None:
    dossier_id, norm_id = _bevinding_voor(database, seed, ctx)
    bram = ctx_for("bjansen")  # his login exists before the snapshot
    bevinding_id = toetsing.leg_bevinding_vast(ctx, dossier_id, norm_id, "Eerste", "voldoet")
    groep = Reviewverzoek(ctx.today(), groep_id=seed.groepen["Team GGZ"])
    toetsing.bevindingen_ter_review(ctx, dossier_id, groep)
    gelezen = toetsing.toetsing_van_dossier(ctx, dossier_id).resultaten[0].bevinding_version
    toetsing.leg_bevinding_vast(
        ctx, dossier_id, norm_id, "Herzien", "voldoet_niet", expected_version=gelezen
    )
    toetsing.bevindingen_ter_review(ctx, dossier_id, groep)
    with refused():
        toetsing.accordeer_bevinding(bram, bevinding_id, expected_version=gelezen)


@guards("toetsing.bevindingen.leg_oordeel_vast")
def test_stale_leg_oordeel_vast(
    database: Database, seed: Seed, ctx: ServiceContext, refused
) -> None:
    dossier_id, _ = _bevinding_voor(database, seed, ctx)
    toetsing.leg_oordeel_vast(ctx, dossier_id, "voldoet", "Eerste indruk")
    gelezen = toetsing.toetsing_van_dossier(ctx, dossier_id).oordeel_version
    toetsing.leg_oordeel_vast(ctx, dossier_id, "voldoet_niet", "Bram", expected_version=gelezen)
    with refused():
        toetsing.leg_oordeel_vast(ctx, dossier_id, "voldoet", "Oud", expected_version=gelezen)


# --- the registry covers the code -------------------------------------------------------------


def _module(path: Path) -> str:
    """The module's dotted name below ``services``: ``dossiers.dossier``."""
    return ".".join(path.relative_to(SERVICES).with_suffix("").parts)


def _check_version_calls() -> list[str]:
    """``module.function`` directly enclosing each ``check_version(...)`` call in the services."""
    gevonden: list[str] = []

    def zoek(node: ast.AST, module: str, functie: str) -> None:
        for kind in ast.iter_child_nodes(node):
            if isinstance(kind, ast.FunctionDef):
                zoek(kind, module, kind.name)
                continue
            if (
                isinstance(kind, ast.Call)
                and isinstance(kind.func, ast.Name)
                and kind.func.id == "check_version"
            ):
                gevonden.append(f"{module}.{functie}")
            zoek(kind, module, functie)

    for path in sorted(SERVICES.rglob("*.py")):
        zoek(ast.parse(path.read_text(encoding="utf-8")), _module(path), "<module>")
    return gevonden


def _public_writes_taking_a_version() -> set[str]:
    """Public module-level service functions with an expected-version parameter."""
    gevonden: set[str] = set()
    for path in sorted(SERVICES.rglob("*.py")):
        for functie in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(functie, ast.FunctionDef) and not functie.name.startswith("_"):
                args = functie.args.args + functie.args.kwonlyargs
                if any(a.arg in ("version", "expected_version") for a in args):
                    gevonden.add(f"{_module(path)}.{functie.name}")
    return gevonden


def test_every_check_version_call_has_a_stale_version_test() -> None:
    calls = _check_version_calls()
    assert len(calls) >= 17, calls  # the scan itself works
    ontbreekt = {
        f: calls.count(f) for f in set(calls) if len(STALE_TESTS.get(f, [])) < calls.count(f)
    }
    assert not ontbreekt, f"check_version zonder stale-versietest hier: {ontbreekt}"


def test_every_write_taking_a_version_has_a_stale_version_test() -> None:
    writes = _public_writes_taking_a_version()
    assert "dossiers.dossier.update_dossier" in writes  # the scan itself works
    assert sorted(writes - STALE_TESTS.keys()) == []


def test_every_registered_function_exists() -> None:
    """A renamed service function must not leave its registration behind."""
    bekend = set(_check_version_calls()) | _public_writes_taking_a_version()
    assert sorted(STALE_TESTS.keys() - bekend) == []
