"""Typed workflow definitions (CMMN-style) and the loader of the YAML catalog.

A definition has fasen (stages) and activiteiten. An activiteit starts automatically when
the workflow starts, manually whenever the user wants (``handmatig``), or when an uitkomst
of another activiteit starts it. An activiteit with more than one uitkomst is a beslispunt.
An uitkomst may start activiteiten, start other workflows in the same dossier and/or
complete the workflow (``afronden``). The workflow also completes when nothing is open and
every verplichte activiteit ran. Alternative endings (stopzetten/annuleren/intrekken) always
need a reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from igj_desktop.yaml_catalogus import lees_yaml

from .formulieren import FormulierFout, Veld, parse_velden
from .sleutels import onbekende_sleutel
from .termijnen import Eenheid, Termijnduur

CATALOG_DIR = Path(__file__).with_name("catalog")


class CatalogusFout(Exception):
    """The workflow catalog is inconsistent; ``message`` is Dutch and names every problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StartWijze(StrEnum):
    AUTOMATISCH = "automatisch"
    HANDMATIG = "handmatig"
    UITKOMST = "uitkomst"


@dataclass(frozen=True)
class TermijnPad:
    """The termijn on one path through a workflow: it applies when the workflow's gegevens
    hold every ``als`` value (``True``: filled in at all) and, with ``na``, once that
    activiteit was completed in the workflow (publication after the judge's ruling)."""

    duur: Termijnduur
    als: Mapping[str, Any] = field(default_factory=dict)
    na: str | None = None
    vanaf: str | None = None  # None: counts from the day the activiteit starts

    def past(self, gegevens: Mapping[str, Any], afgerond: set[str]) -> bool:
        if self.na is not None and self.na not in afgerond:
            return False
        return all(
            gegevens.get(k) not in (None, "") if v is True else gegevens.get(k) == v
            for k, v in self.als.items()
        )


@dataclass(frozen=True)
class TermijnDefinitie:
    duur: Termijnduur
    aanpasbaar: bool = True
    verlengbaar: bool = False
    verlenging: Termijnduur | None = None
    varianten: Mapping[str, Termijnduur] = field(default_factory=dict)
    vanaf: str | None = None  # a gegevens date the termijn counts from instead of today
    paden: tuple[TermijnPad, ...] = ()  # the first that fits wins over duur/vanaf

    def voor_sector(self, sector: str | None) -> Termijnduur:
        """The duur for a dossier's sector (jeugdhulp has its own report deadlines)."""
        return self.varianten.get((sector or "").strip().lower(), self.duur)

    def voor_pad(
        self, sector: str | None, gegevens: Mapping[str, Any], afgerond: set[str]
    ) -> tuple[Termijnduur, str | None]:
        """The duur and the gegeven it counts from on the path the workflow took."""
        pad = next((p for p in self.paden if p.past(gegevens, afgerond)), None)
        return (pad.duur, pad.vanaf) if pad else (self.voor_sector(sector), self.vanaf)


@dataclass(frozen=True)
class PasNa:
    uitkomst: str
    aantal: int


@dataclass(frozen=True)
class WachtOp:
    """An uitkomst that follows the decision of another workflow in the dossier (the judge's
    ruling in a voorlopige voorziening, the beslissing op bezwaar): it can only be chosen once
    that workflow decided one of ``uitkomsten``, and is then chosen automatically."""

    workflow: str
    uitkomsten: tuple[str, ...]


@dataclass(frozen=True)
class Uitkomst:
    code: str
    naam: str
    start: tuple[str, ...] = ()
    workflows: tuple[str, ...] = ()
    afronden: bool = False
    reden_verplicht: bool = False
    niet_voor_termijn: bool = False
    max: int | None = None
    pas_na: PasNa | None = None
    impliciet: bool = False
    formulier: tuple[Veld, ...] = ()  # asked only when this uitkomst is chosen
    wacht_op: WachtOp | None = None


GEREED = Uitkomst("gereed", "Gereed", impliciet=True)


@dataclass(frozen=True)
class ActiviteitDefinitie:
    code: str
    titel: str
    fase: str
    start: StartWijze = StartWijze.UITKOMST
    verplicht: bool = True
    herhaalbaar: bool = False
    eigenaar_rol: str | None = None
    eigenaar_groep: str | None = None
    eigenaar_aanvrager: bool = False  # back to whoever started the workflow (review result)
    termijn: TermijnDefinitie | None = None
    urgentie: str = "normaal"
    uitkomsten: tuple[Uitkomst, ...] = (GEREED,)
    regels: tuple[str, ...] = ()
    stap: str | None = None
    formulier: tuple[Veld, ...] = ()
    toont: tuple[str, ...] = ()  # earlier gegevens the form shows read-only

    @property
    def beslispunt(self) -> bool:
        return len(self.uitkomsten) > 1

    def uitkomst(self, code: str) -> Uitkomst | None:
        return next((u for u in self.uitkomsten if u.code == code), None)


@dataclass(frozen=True)
class Fase:
    code: str
    naam: str


@dataclass(frozen=True)
class Einde:
    code: str
    naam: str
    reden_verplicht: bool = True


@dataclass(frozen=True)
class WorkflowDefinitie:
    code: str
    naam: str
    groep: str
    versie: int
    omschrijving: str
    fasen: tuple[Fase, ...]
    activiteiten: tuple[ActiviteitDefinitie, ...]
    eindes: tuple[Einde, ...]
    eerste_activiteit: str | None = None
    formulier: tuple[Veld, ...] = ()  # asked when the workflow is started

    def veld(self, naam: str) -> Veld | None:
        """The form veld that fills gegevens key ``naam`` anywhere in this workflow."""
        velden = [
            *self.formulier,
            *(v for a in self.activiteiten for v in a.formulier),
            *(v for a in self.activiteiten for u in a.uitkomsten for v in u.formulier),
        ]
        return next((v for v in velden if v.veld == naam), None)

    def activiteit(self, code: str) -> ActiviteitDefinitie | None:
        return next((a for a in self.activiteiten if a.code == code), None)

    def einde(self, code: str) -> Einde | None:
        return next((e for e in self.eindes if e.code == code), None)

    @property
    def start_activiteiten(self) -> tuple[ActiviteitDefinitie, ...]:
        return tuple(a for a in self.activiteiten if a.start == StartWijze.AUTOMATISCH)

    @property
    def handmatige_activiteiten(self) -> tuple[ActiviteitDefinitie, ...]:
        return tuple(a for a in self.activiteiten if a.start == StartWijze.HANDMATIG)

    def fase_naam(self, code: str) -> str:
        return next((f.naam for f in self.fasen if f.code == code), code)


@dataclass(frozen=True)
class Catalogus:
    workflows: Mapping[str, WorkflowDefinitie]

    def __iter__(self) -> Iterator[WorkflowDefinitie]:
        return iter(self.workflows.values())

    def get(self, code: str) -> WorkflowDefinitie | None:
        return self.workflows.get(code)


WORKFLOW_SLEUTELS = frozenset(
    {"code", "naam", "groep", "versie", "omschrijving", "fasen", "activiteiten", "eindes"}
    | {"eerste_activiteit", "formulier"}
)
ACTIVITEIT_SLEUTELS = frozenset(
    {"code", "titel", "fase", "start", "verplicht", "herhaalbaar", "eigenaar", "termijn"}
    | {"urgentie", "uitkomsten", "regels", "stap", "formulier", "toont"}
)
UITKOMST_SLEUTELS = frozenset(
    {"code", "naam", "start", "workflows", "afronden", "reden_verplicht", "niet_voor_termijn"}
    | {"max", "pas_na", "formulier", "wacht_op"}
)
DUUR_SLEUTELS = frozenset({"aantal", "eenheid", "wettelijk"})
TERMIJN_SLEUTELS = DUUR_SLEUTELS | {"aanpasbaar", "verlengbaar", "verlenging", "varianten"}
TERMIJN_SLEUTELS |= {"vanaf", "paden"}
PAD_SLEUTELS = DUUR_SLEUTELS | {"als", "na", "vanaf"}
EIGENAAR_SLEUTELS = frozenset({"rol", "groep", "aanvrager"})
FASE_SLEUTELS = frozenset({"code", "naam"})
EINDE_SLEUTELS = frozenset({"code", "naam", "reden_verplicht"})
PAS_NA_SLEUTELS = frozenset({"uitkomst", "aantal"})
WACHT_OP_SLEUTELS = frozenset({"workflow", "uitkomsten"})


def _bekende_sleutels(data: Any, bekend: frozenset[str], waar: str) -> Mapping[str, Any]:
    """``data`` as a mapping with only known keys; a typo is refused with the place to fix."""
    if not isinstance(data, Mapping):
        raise CatalogusFout(f"{waar}: verwacht sleutels met waarden, niet {data!r}.")
    if fout := onbekende_sleutel(data, bekend, waar):
        raise CatalogusFout(fout)
    return data


def _duur(data: Any, waar: str, wettelijk: bool = False) -> Termijnduur:
    data = _bekende_sleutels(data, DUUR_SLEUTELS, waar)
    return Termijnduur(
        int(data["aantal"]), Eenheid(data["eenheid"]), bool(data.get("wettelijk", wettelijk))
    )


def _termijn(data: Any, waar: str) -> TermijnDefinitie | None:
    if not data:
        return None
    waar = f"{waar}, termijn"
    data = _bekende_sleutels(data, TERMIJN_SLEUTELS, waar)
    duur = _duur({k: v for k, v in data.items() if k in DUUR_SLEUTELS}, waar)
    verlenging = data.get("verlenging")
    return TermijnDefinitie(
        duur=duur,
        aanpasbaar=bool(data.get("aanpasbaar", True)),
        verlengbaar=bool(data.get("verlengbaar", False)),
        verlenging=_duur(verlenging, f"{waar}, verlenging", duur.wettelijk) if verlenging else None,
        varianten={
            str(k).lower(): _duur(v, f"{waar}, variant '{k}'", duur.wettelijk)
            for k, v in (data.get("varianten") or {}).items()
        },
        vanaf=str(data["vanaf"]) if data.get("vanaf") else None,
        paden=tuple(
            _pad(pad, f"{waar}, pad {n}") for n, pad in enumerate(data.get("paden") or (), 1)
        ),
    )


def _pad(data: Any, waar: str) -> TermijnPad:
    data = _bekende_sleutels(data, PAD_SLEUTELS, waar)
    return TermijnPad(
        duur=_duur({k: v for k, v in data.items() if k in DUUR_SLEUTELS}, waar),
        als=dict(data.get("als") or {}),
        na=str(data["na"]) if data.get("na") else None,
        vanaf=str(data["vanaf"]) if data.get("vanaf") else None,
    )


def _uitkomst(data: Any, waar: str) -> Uitkomst:
    waar = f"{waar}, uitkomst '{data.get('code', '?') if isinstance(data, Mapping) else '?'}'"
    data = _bekende_sleutels(data, UITKOMST_SLEUTELS, waar)
    pas_na = data.get("pas_na")
    if pas_na:
        pas_na = _bekende_sleutels(pas_na, PAS_NA_SLEUTELS, f"{waar}, pas_na")
    return Uitkomst(
        code=str(data["code"]),
        naam=str(data["naam"]),
        start=tuple(data.get("start", ())),
        workflows=tuple(data.get("workflows", ())),
        afronden=bool(data.get("afronden", False)),
        reden_verplicht=bool(data.get("reden_verplicht", False)),
        niet_voor_termijn=bool(data.get("niet_voor_termijn", False)),
        max=data.get("max"),
        pas_na=PasNa(str(pas_na["uitkomst"]), int(pas_na["aantal"])) if pas_na else None,
        formulier=parse_velden(data.get("formulier"), waar),
        wacht_op=_wacht_op(data.get("wacht_op"), waar),
    )


def _wacht_op(data: Any, waar: str) -> WachtOp | None:
    if not data:
        return None
    data = _bekende_sleutels(data, WACHT_OP_SLEUTELS, f"{waar}, wacht_op")
    return WachtOp(str(data["workflow"]), tuple(str(u) for u in data["uitkomsten"]))


def _activiteit(data: Any, bron: str) -> ActiviteitDefinitie:
    code = data.get("code", "?") if isinstance(data, Mapping) else "?"
    waar = f"{bron}, activiteit '{code}'"
    data = _bekende_sleutels(data, ACTIVITEIT_SLEUTELS, waar)
    eigenaar = _bekende_sleutels(data.get("eigenaar") or {}, EIGENAAR_SLEUTELS, f"{waar}, eigenaar")
    uitkomsten = tuple(_uitkomst(u, waar) for u in data.get("uitkomsten", ()))
    return ActiviteitDefinitie(
        code=str(data["code"]),
        titel=str(data["titel"]),
        fase=str(data["fase"]),
        start=StartWijze(data.get("start", StartWijze.UITKOMST)),
        verplicht=bool(data.get("verplicht", True)),
        herhaalbaar=bool(data.get("herhaalbaar", False)),
        eigenaar_rol=eigenaar.get("rol"),
        eigenaar_groep=eigenaar.get("groep"),
        eigenaar_aanvrager=bool(eigenaar.get("aanvrager", False)),
        termijn=_termijn(data.get("termijn"), waar),
        urgentie=str(data.get("urgentie", "normaal")),
        uitkomsten=uitkomsten or (GEREED,),
        regels=tuple(data.get("regels", ())),
        stap=str(data["stap"]) if data.get("stap") is not None else None,
        formulier=parse_velden(data.get("formulier"), waar),
        toont=tuple(str(t) for t in data.get("toont", ())),
    )


def _fase(data: Any, bron: str) -> Fase:
    data = _bekende_sleutels(data, FASE_SLEUTELS, f"{bron}, fase")
    return Fase(str(data["code"]), str(data["naam"]))


def _einde(data: Any, bron: str) -> Einde:
    data = _bekende_sleutels(data, EINDE_SLEUTELS, f"{bron}, einde")
    return Einde(str(data["code"]), str(data["naam"]), bool(data.get("reden_verplicht", False)))


def parse_definitie(data: Any, bron: str = "") -> WorkflowDefinitie:
    """Build a definition from plain data; a malformed entry raises ``CatalogusFout``."""
    data = _bekende_sleutels(data, WORKFLOW_SLEUTELS, bron or "Workflowdefinitie")
    bron = bron or str(data.get("code", "?"))
    try:
        return WorkflowDefinitie(
            code=str(data["code"]),
            naam=str(data["naam"]),
            groep=str(data.get("groep", "")),
            versie=int(data["versie"]),
            omschrijving=str(data.get("omschrijving", "")),
            fasen=tuple(_fase(f, bron) for f in data.get("fasen", ())),
            activiteiten=tuple(_activiteit(a, bron) for a in data["activiteiten"]),
            eindes=tuple(_einde(e, bron) for e in data.get("eindes", ())),
            eerste_activiteit=data.get("eerste_activiteit"),
            formulier=parse_velden(data.get("formulier"), bron),
        )
    except FormulierFout as exc:
        raise CatalogusFout(exc.message) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogusFout(
            f"Workflowdefinitie {bron} is onleesbaar: {type(exc).__name__} {exc}."
        ) from exc


def load_catalogus(folder: Path = CATALOG_DIR) -> Catalogus:
    """Read every ``*.yaml`` in ``folder`` and validate the whole; raises ``CatalogusFout``."""
    from .validator import valideer

    workflows: dict[str, WorkflowDefinitie] = {}
    for path in sorted(folder.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            definitie = parse_definitie(lees_yaml(fh), path.name)
        if definitie.code in workflows:
            raise CatalogusFout(
                f"Workflowcode '{definitie.code}' komt twee keer voor ({path.name})."
            )
        workflows[definitie.code] = definitie
    catalogus = Catalogus(workflows)
    valideer(catalogus)
    return catalogus


@cache
def catalogus() -> Catalogus:
    """The application's catalog, loaded and validated once."""
    return load_catalogus()
