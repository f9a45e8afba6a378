"""Sjablonen: the catalog, the ONE render context, and generating documents into a dossier.

Every sjabloon (Word via docxtpl, mail via Jinja) is filled from the same context,
described field by field in ``CONTEXT_VELDEN``. The catalog checks each sjabloon against
it when it loads, so a sjabloon with a typo is reported to the beheerder up front; it is
refused when someone tries to use it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from igj_desktop.config import meegeleverde_map
from igj_desktop.integrations.document_store import DocumentStore
from igj_desktop.models import (
    Afspraak,
    Betrokkene,
    BetrokkeneRol,
    Deelnemer,
    Groep,
    Medewerker,
    Relatie,
    Telefoonnotitie,
    Toegang,
    ToegangRol,
)
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier
from igj_desktop.services.toetsing import bevindingen as toetsing
from igj_desktop.tijd import datum_voluit
from igj_desktop.workflows.termijnen import plus_werkdagen, volgende_werkdag
from igj_desktop.yaml_catalogus import lees_yaml

log = logging.getLogger(__name__)

SJABLONEN_DIR = meegeleverde_map("sjablonen")
IN_TE_VULLEN = "[in te vullen]"

_NORM = {
    "code": "normcode (bijv. 1.2)",
    "titel": "titel van de norm",
    "wet": "wet (bijv. Wkkgz)",
    "wetsartikel": "wetsartikel (bijv. artikel 3)",
    "veldnorm": "veldnorm of richtlijn",
    "toelichting": "toelichting bij de norm",
    "bevinding": "de bevinding van de inspectie",
    "oordeel": "oordeel voluit (voldoet, voldoet gedeeltelijk, voldoet niet, niet getoetst)",
    "oordeel_code": "oordeel als code (voldoet_niet, …)",
    "waarnemingen": [{"datum": "datum van de waarneming", "tekst": "de waarneming"}],
}

#: The render context, field by field: the documentation sjabloonmakers work from.
CONTEXT_VELDEN: dict[str, Any] = {
    "organisatie": {
        "naam": "Inspectie Gezondheidszorg en Jeugd",
        "ministerie": "Ministerie van Volksgezondheid, Welzijn en Sport",
        "retouradres": "retouradres boven het adresvenster",
        "postadres": "postadres",
        "bezoekadres": "bezoekadres",
        "telefoon": "algemeen telefoonnummer",
        "website": "www.igj.nl",
    },
    "datum": "datum van vandaag, voluit (8 december 2026)",
    "kenmerk": "kenmerk van het dossier (IGJ-2026-000123)",
    "dossier": {
        "kenmerk": "kenmerk",
        "titel": "titel van het dossier",
        "omschrijving": "omschrijving",
        "aanleiding": "aanleiding",
        "dossiertype": "naam van het dossiertype",
        "afdeling": "naam van de afdeling",
        "sector": "sector",
        "geopend_op": "datum van openen",
        "jaar": "jaar van openen",
    },
    "ots": {
        "naam": "naam van de onder toezicht staande",
        "aanhef": "aanhef na 'Geachte' (heer/mevrouw X, of directie)",
        "ter_attentie": "t.a.v. regel (leeg zonder contactpersoon)",
        "adresregel": "straat en huisnummer",
        "postcode_plaats": "postcode en plaats",
        "straat": "straat",
        "huisnummer": "huisnummer",
        "postcode": "postcode",
        "plaats": "plaats",
        "email": "e-mailadres",
        "telefoon": "telefoonnummer",
        "contactpersoon": "contactpersoon",
    },
    "behandelaars": [
        {"naam": "naam", "functie": "functie", "email": "e-mail", "telefoon": "telefoon"}
    ],
    "afzender": {
        "naam": "naam van wie het document maakt",
        "functie": "functie",
        "email": "e-mail",
        "telefoon": "telefoon (anders het algemene nummer)",
        "afdeling": "afdeling",
    },
    "afspraak": {
        "onderwerp": "onderwerp",
        "soort": "bezoek, bijeenkomst, gesprek, zitting, bestuursgesprek",
        "datum": "datum voluit",
        "begintijd": "begintijd (09:00)",
        "eindtijd": "eindtijd",
        "locatie": "locatie",
        "deelnemers": ["naam van een deelnemer"],
    },
    "termijnen": {
        "aanleveren": "uiterste datum documenten aanleveren (een week voor de afspraak)",
        "aanmelden": "uiterste datum aanmelden voor een bijeenkomst",
        "reactie": "reactie op conceptrapport of vragenlijst (4 weken; jeugd 10 werkdagen)",
        "zienswijze": "zienswijze (2 weken)",
        "verbeterplan": "verbeterplan (6 weken)",
        "openbaarmaking": "vroegste publicatiedatum (2 weken)",
        "bezwaar": "laatste dag van de bezwaartermijn (6 weken)",
    },
    "toetsing": {
        "instrument": "naam van het toetsingsinstrument van het dossier",
        "oordeel": "overall oordeel voluit",
        "oordeel_toelichting": "toelichting bij het overall oordeel",
        "aantal_normen": "aantal normen",
        "normen": [_NORM],
        "tekortkomingen": [_NORM],
    },
    "maatregel": {
        "omschrijving": "wat de OTS moet doen",
        "grondslag": "wettelijke grondslag",
        "begunstigingstermijn": "begunstigingstermijn",
        "dwangsom_bedrag": "bedrag per eenheid",
        "dwangsom_eenheid": "dag, week, overtreding",
        "dwangsom_maximum": "maximumbedrag",
        "invorderingsbedrag": "verbeurd bedrag",
        "datum_voornemen": "datum van het voornemen",
        "datum_besluit": "datum van het besluit",
    },
    "telefoonnotitie": {
        "datum": "datum en tijd van het gesprek",
        "gesprekspartner": "gesprekspartner",
        "telefoonnummer": "telefoonnummer",
        "richting": "inkomend of uitgaand",
        "onderwerp": "onderwerp",
        "samenvatting": "samenvatting",
        "actiepunten": "actiepunten",
        "terugbellen": "ja of nee",
    },
}

ORGANISATIE = {
    "naam": "Inspectie Gezondheidszorg en Jeugd",
    "ministerie": "Ministerie van Volksgezondheid, Welzijn en Sport",
    "retouradres": "Postbus 2518, 6401 DA Heerlen",
    "postadres": "Postbus 2518, 6401 DA Heerlen",
    "bezoekadres": "Stadsplateau 1, 3521 AZ Utrecht",
    "telefoon": "088 120 50 00",
    "website": "www.igj.nl",
}

# --- catalog ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sjabloon:
    naam: str
    titel: str
    soort: str
    richting: str
    pad: Path
    afdelingen: tuple[str, ...] = ()
    dossiertypes: tuple[str, ...] = ()
    variabelen: frozenset[str] = frozenset()  # top-level context names it uses

    @property
    def is_mail(self) -> bool:
        return self.pad.suffix != ".docx"

    def past_bij(self, afdeling: str | None, dossiertype: str) -> bool:
        return (not self.afdelingen or afdeling in self.afdelingen) and (
            not self.dossiertypes or dossiertype in self.dossiertypes
        )


@dataclass
class SjabloonCatalogus:
    sjablonen: dict[str, Sjabloon] = field(default_factory=dict)
    problemen: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def laad(cls, map_: Path = SJABLONEN_DIR) -> SjabloonCatalogus:
        """Read catalog.yaml and check every sjabloon against ``CONTEXT_VELDEN``."""
        from igj_desktop.integrations import docx_render  # Word and Jinja: not at start-up

        catalogus = cls()
        for entry in lees_yaml((map_ / "catalog.yaml").read_text(encoding="utf-8")):
            naam = entry["naam"]
            sjabloon = Sjabloon(
                naam=naam,
                titel=entry["titel"],
                soort=entry.get("soort", "overig"),
                richting=entry.get("richting", "uitgaand"),
                pad=map_ / entry.get("bestand", f"{naam}.docx"),
                afdelingen=tuple(entry.get("afdelingen") or ()),
                dossiertypes=tuple(entry.get("dossiertypes") or ()),
            )
            catalogus.sjablonen[naam] = sjabloon
            if not sjabloon.pad.is_file():
                catalogus.problemen[naam] = [f"bestand {sjabloon.pad.name} ontbreekt"]
                continue
            catalogus.sjablonen[naam] = replace(
                sjabloon, variabelen=frozenset(docx_render.top_level_names(sjabloon.pad))
            )
            problemen = docx_render.check_template(sjabloon.pad, CONTEXT_VELDEN)
            if problemen:
                catalogus.problemen[naam] = problemen
        for naam, problemen in catalogus.problemen.items():
            log.warning("Sjabloon %s is niet bruikbaar: %s", naam, "; ".join(problemen))
        return catalogus

    def get(self, naam: str) -> Sjabloon:
        sjabloon = self.sjablonen.get(naam)
        if sjabloon is None:
            raise NotFound(f"Sjabloon '{naam}' bestaat niet (meer) in de catalogus.")
        if naam in self.problemen:
            raise ValidationFailed(
                f"Sjabloon '{sjabloon.titel}' kan niet worden gebruikt: "
                f"{'; '.join(self.problemen[naam])}. Meld dit bij de beheerder van de sjablonen."
            )
        return sjabloon

    def voor(self, afdeling: str | None, dossiertype: str, *, mail: bool = False) -> list[Sjabloon]:
        """The usable sjablonen for a dossier; an afdeling's own variant replaces the general."""
        gekozen: dict[str, Sjabloon] = {}
        for s in self.sjablonen.values():
            if (
                s.is_mail != mail
                or s.naam in self.problemen
                or not s.past_bij(afdeling, dossiertype)
            ):
                continue
            huidig = gekozen.get(s.titel)
            if huidig is None or (s.afdelingen and not huidig.afdelingen):
                gekozen[s.titel] = s
        return sorted(gekozen.values(), key=lambda s: s.titel)


@cache
def standaard_catalogus() -> SjabloonCatalogus:
    return SjabloonCatalogus.laad()


# --- the render context ----------------------------------------------------------------------


def adresvelden(relatie: Relatie | None) -> dict[str, str]:
    """The ``ots`` fields of the render context for a relatie (also for bulk post)."""
    if relatie is None:
        velden = dict.fromkeys(CONTEXT_VELDEN["ots"], IN_TE_VULLEN)
        velden.update(aanhef="heer/mevrouw", ter_attentie="", contactpersoon="")
        return velden
    contact = relatie.contactpersoon or ""
    return {
        "naam": relatie.naam,
        "aanhef": f"heer/mevrouw {contact}" if contact else "directie",
        "ter_attentie": f"T.a.v. {contact}" if contact else "T.a.v. de directie",
        "adresregel": " ".join(p for p in (relatie.straat, relatie.huisnummer) if p),
        "postcode_plaats": "  ".join(p for p in (relatie.postcode, relatie.plaats) if p),
        "straat": relatie.straat or "",
        "huisnummer": relatie.huisnummer or "",
        "postcode": relatie.postcode or "",
        "plaats": relatie.plaats or "",
        "email": relatie.email or "",
        "telefoon": relatie.telefoon or "",
        "contactpersoon": contact,
    }


def _persoon(m: Medewerker) -> dict[str, str]:
    return {
        "naam": m.naam,
        "functie": m.functie or "Inspecteur",
        "email": m.email or "",
        "telefoon": m.telefoon or ORGANISATIE["telefoon"],
    }


def _afspraak(session: Session, dossier_id: uuid.UUID, afspraak_id: uuid.UUID | None) -> dict:
    query = select(Afspraak).where(Afspraak.dossier_id == dossier_id)
    if afspraak_id is not None:
        query = query.where(Afspraak.id == afspraak_id)
    afspraak = session.scalars(query.order_by(Afspraak.begin.desc())).first()
    if afspraak is None:
        if afspraak_id is not None:
            raise NotFound("De gekozen afspraak hoort niet bij dit dossier.")
        leeg: dict[str, object] = dict.fromkeys(CONTEXT_VELDEN["afspraak"], IN_TE_VULLEN)
        leeg["deelnemers"] = []
        return leeg
    namen = []
    for deelnemer in session.scalars(select(Deelnemer).where(Deelnemer.afspraak_id == afspraak.id)):
        naam = deelnemer.naam
        if deelnemer.medewerker_id:
            naam = session.get_one(Medewerker, deelnemer.medewerker_id).naam
        elif deelnemer.relatie_id:
            naam = session.get_one(Relatie, deelnemer.relatie_id).naam
        namen.append(naam or "nog in te vullen")
    begin = afspraak.begin.astimezone(AMSTERDAM)
    return {
        "onderwerp": afspraak.onderwerp,
        "soort": afspraak.soort,
        "datum": datum_voluit(begin.date()),
        "begintijd": begin.strftime("%H:%M"),
        "eindtijd": afspraak.einde.astimezone(AMSTERDAM).strftime("%H:%M"),
        "locatie": afspraak.locatie or IN_TE_VULLEN,
        "deelnemers": namen,
        "_datum": begin.date(),
    }


def _termijnen(vandaag: date, afspraak_datum: date | None, jeugd: bool) -> dict[str, str]:
    voor_afspraak = (afspraak_datum - timedelta(days=7)) if afspraak_datum else None
    reactie = (
        plus_werkdagen(vandaag, 10) if jeugd else volgende_werkdag(vandaag + timedelta(weeks=4))
    )
    dagen = {
        "aanleveren": voor_afspraak or volgende_werkdag(vandaag + timedelta(weeks=2)),
        "aanmelden": voor_afspraak or volgende_werkdag(vandaag + timedelta(weeks=2)),
        "reactie": reactie,
        "zienswijze": volgende_werkdag(vandaag + timedelta(weeks=2)),
        "verbeterplan": volgende_werkdag(vandaag + timedelta(weeks=6)),
        "openbaarmaking": volgende_werkdag(vandaag + timedelta(weeks=2)),
        "bezwaar": volgende_werkdag(vandaag + timedelta(weeks=6)),
    }
    return {naam: datum_voluit(d) for naam, d in dagen.items()}


def _telefoonnotitie(session: Session, dossier_id: uuid.UUID, notitie_id: uuid.UUID | None) -> dict:
    notitie = session.get(Telefoonnotitie, notitie_id) if notitie_id else None
    if notitie is None or notitie.dossier_id != dossier_id:
        if notitie_id is not None:
            raise NotFound("De gekozen telefoonnotitie hoort niet bij dit dossier.")
        leeg = dict.fromkeys(CONTEXT_VELDEN["telefoonnotitie"], "")
        leeg["richting"] = "inkomend"
        leeg["terugbellen"] = "nee"
        return leeg
    tijd = notitie.gesprek_op.astimezone(AMSTERDAM)
    return {
        "datum": f"{datum_voluit(tijd.date())} {tijd:%H:%M}",
        "gesprekspartner": notitie.gesprekspartner,
        "telefoonnummer": notitie.telefoonnummer,
        "richting": notitie.richting,
        "onderwerp": notitie.onderwerp,
        "samenvatting": notitie.samenvatting,
        "actiepunten": notitie.actiepunten,
        "terugbellen": "ja" if notitie.terugbellen else "nee",
    }


def render_context(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    *,
    afspraak_id: uuid.UUID | None = None,
    telefoonnotitie_id: uuid.UUID | None = None,
    invulvelden: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The context for every sjabloon, filled from the dossier (see ``CONTEXT_VELDEN``).

    ``invulvelden`` are what the user typed in the generate dialog: the fields of
    ``maatregel`` and overrides of any section (``{"afspraak": {"locatie": …}}``).
    """
    with ctx.read() as s:
        dossier = get_dossier(s, ctx.actor, dossier_id)
        afdeling = s.get(Groep, dossier.afdeling_id) if dossier.afdeling_id else None
        ots = s.scalars(
            select(Relatie)
            .join(Betrokkene, Betrokkene.relatie_id == Relatie.id)
            .where(Betrokkene.dossier_id == dossier.id, Betrokkene.rol == BetrokkeneRol.OTS)
            .order_by(Relatie.naam)
        ).first()
        behandelaars = s.scalars(
            select(Medewerker)
            .join(Toegang, Toegang.medewerker_id == Medewerker.id)
            .where(Toegang.dossier_id == dossier.id, Toegang.rol == ToegangRol.BEHANDELAAR)
            .order_by(Medewerker.naam)
        ).all()
        afzender = s.get_one(Medewerker, ctx.actor.medewerker_id)
        afspraak = _afspraak(s, dossier.id, afspraak_id)
        afspraak_datum = afspraak.pop("_datum", None)
        jeugd = afdeling is not None and "jeugd" in afdeling.naam.lower()
        notitie = _telefoonnotitie(s, dossier.id, telefoonnotitie_id)
        resultaat = toetsing.resultaat_voor_sjabloon(s, dossier.id)
        vandaag = ctx.today()
        context: dict[str, Any] = {
            "organisatie": dict(ORGANISATIE),
            "datum": datum_voluit(vandaag),
            "kenmerk": dossier.kenmerk,
            "dossier": {
                "kenmerk": dossier.kenmerk,
                "titel": dossier.titel,
                "omschrijving": dossier.omschrijving or "",
                "aanleiding": dossier.aanleiding,
                "dossiertype": dossier.dossiertype.naam,
                "afdeling": afdeling.naam if afdeling else "",
                "sector": dossier.sector or "",
                "geopend_op": datum_voluit(dossier.geopend_op),
                "jaar": str(dossier.geopend_op.astimezone(AMSTERDAM).year),
            },
            "ots": adresvelden(ots),
            "behandelaars": [_persoon(m) for m in behandelaars],
            "afzender": {
                **_persoon(afzender),
                "afdeling": afdeling.naam if afdeling else "",
            },
            "afspraak": afspraak,
            "termijnen": _termijnen(vandaag, afspraak_datum, jeugd),
            "toetsing": resultaat,
            "maatregel": dict.fromkeys(CONTEXT_VELDEN["maatregel"], IN_TE_VULLEN),
            "telefoonnotitie": notitie,
        }
    for sectie, waarde in (invulvelden or {}).items():
        if sectie not in CONTEXT_VELDEN:
            if sectie in CONTEXT_VELDEN["maatregel"]:
                context["maatregel"][sectie] = waarde
                continue
            raise ValidationFailed(f"Onbekend invulveld '{sectie}'.")
        if isinstance(context[sectie], dict) and isinstance(waarde, Mapping):
            context[sectie].update(waarde)
        else:
            context[sectie] = waarde
    return context


# --- generating ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailTekst:
    onderwerp: str
    tekst: str


def sjablonen_voor_dossier(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    *,
    mail: bool = False,
    catalogus: SjabloonCatalogus | None = None,
) -> list[Sjabloon]:
    with ctx.read() as s:
        dossier = get_dossier(s, ctx.actor, dossier_id)
        afdeling = s.get(Groep, dossier.afdeling_id) if dossier.afdeling_id else None
        code = dossier.dossiertype.code
    return (catalogus or standaard_catalogus()).voor(
        afdeling.naam if afdeling else None, code, mail=mail
    )


def genereer_document(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    naam: str,
    *,
    titel: str | None = None,
    afspraak_id: uuid.UUID | None = None,
    telefoonnotitie_id: uuid.UUID | None = None,
    invulvelden: Mapping[str, Any] | None = None,
    catalogus: SjabloonCatalogus | None = None,
    store: DocumentStore | None = None,
) -> documenten.DocumentRef:
    """Fill sjabloon ``naam`` for the dossier and store it as a concept document."""
    sjabloon = (catalogus or standaard_catalogus()).get(naam)
    if sjabloon.is_mail:
        raise ValidationFailed(f"'{sjabloon.titel}' is een e-mailsjabloon, geen document.")
    context = render_context(
        ctx,
        dossier_id,
        afspraak_id=afspraak_id,
        telefoonnotitie_id=telefoonnotitie_id,
        invulvelden=invulvelden,
    )
    from igj_desktop.integrations import docx_render

    data = docx_render.render_docx(sjabloon.pad, context)
    titel = titel or f"{sjabloon.titel} {context['ots']['naam']}".strip()
    bestandsnaam = documenten.veilige_bestandsnaam(f"{sjabloon.titel} {context['kenmerk']}.docx")
    return documenten.add_document(
        ctx,
        [dossier_id],
        bestandsnaam,
        data,
        titel=titel[:500],
        soort=sjabloon.soort,
        richting=sjabloon.richting,
        sjabloon=sjabloon.naam,
        opmerking=f"Gemaakt met sjabloon '{sjabloon.titel}'",
        store=store,
    )


def render_mail(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    naam: str,
    *,
    afspraak_id: uuid.UUID | None = None,
    invulvelden: Mapping[str, Any] | None = None,
    catalogus: SjabloonCatalogus | None = None,
) -> MailTekst:
    """A mail sjabloon filled for the dossier (for the post and Exchange features)."""
    sjabloon = (catalogus or standaard_catalogus()).get(naam)
    if not sjabloon.is_mail:
        raise ValidationFailed(f"'{sjabloon.titel}' is een documentsjabloon, geen e-mail.")
    context = render_context(ctx, dossier_id, afspraak_id=afspraak_id, invulvelden=invulvelden)
    from igj_desktop.integrations import docx_render

    return MailTekst(*docx_render.render_text(sjabloon.pad, context))
