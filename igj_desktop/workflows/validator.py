"""Consistency checks on the workflow catalog, run at start-up.

Each problem becomes one Dutch line naming the workflow, activiteit and uitkomst, so a
broken definition is refused with a message that says exactly what to fix.
"""

from __future__ import annotations

from .definitions import (
    ActiviteitDefinitie,
    Catalogus,
    CatalogusFout,
    StartWijze,
    WorkflowDefinitie,
)
from .regels import NOOIT_OPENBAAR, REGEL_VELDEN, REGELS

BEKENDE_ROLLEN = frozenset(
    {"inspecteur", "medewerker_toezicht", "juridisch_adviseur", "mt", "beheerder"}
)


def _bereikbaar(definitie: WorkflowDefinitie) -> set[str]:
    te_doen = [a.code for a in definitie.activiteiten if a.start != StartWijze.UITKOMST]
    gezien: set[str] = set()
    while te_doen:
        code = te_doen.pop()
        activiteit = definitie.activiteit(code)
        if code in gezien or activiteit is None:
            continue
        gezien.add(code)
        te_doen.extend(s for u in activiteit.uitkomsten for s in u.start)
    return gezien


def _kan_eindigen(definitie: WorkflowDefinitie) -> set[str]:
    """Activiteiten from which the workflow can reach its end (fixed point)."""
    eindigt: set[str] = set()
    gewijzigd = True
    while gewijzigd:
        gewijzigd = False
        for a in definitie.activiteiten:
            if a.code not in eindigt and any(
                u.afronden or not u.start or any(s in eindigt for s in u.start)
                for u in a.uitkomsten
            ):
                eindigt.add(a.code)
                gewijzigd = True
    return eindigt


def _activiteit_fouten(
    definitie: WorkflowDefinitie, a: ActiviteitDefinitie, catalogus: Catalogus
) -> list[str]:
    waar = f"Workflow '{definitie.code}', activiteit '{a.code}'"
    fouten: list[str] = []
    if a.fase not in {f.code for f in definitie.fasen}:
        fouten.append(f"{waar}: onbekende fase '{a.fase}'.")
    if a.eigenaar_rol and a.eigenaar_rol not in BEKENDE_ROLLEN:
        fouten.append(f"{waar}: onbekende rol '{a.eigenaar_rol}'.")
    fouten += [f"{waar}: onbekende regel '{r}'." for r in a.regels if r not in REGELS]
    fouten += _formulier_fouten(definitie, a, catalogus)
    if a.termijn and a.termijn.verlengbaar and a.termijn.verlenging is None:
        fouten.append(f"{waar}: termijn is verlengbaar maar noemt geen verlenging.")
    codes = [u.code for u in a.uitkomsten]
    if len(set(codes)) != len(codes):
        fouten.append(f"{waar}: een uitkomstcode komt dubbel voor.")
    for u in a.uitkomsten:
        bij = f"{waar}, uitkomst '{u.code}'"
        fouten += [
            f"{bij}: onbekende activiteit '{s}'." for s in u.start if not definitie.activiteit(s)
        ]
        fouten += [f"{bij}: onbekende workflow '{w}'." for w in u.workflows if not catalogus.get(w)]
        if not u.impliciet and not (u.start or u.workflows or u.afronden):
            fouten.append(
                f"{bij}: leidt nergens heen (geen vervolgactiviteit, workflow of afronding)."
            )
        if u.wacht_op:
            andere = catalogus.get(u.wacht_op.workflow)
            bekend = {x.code for b in (andere.activiteiten if andere else ()) for x in b.uitkomsten}
            if andere is None:
                fouten.append(
                    f"{bij}: 'wacht_op' noemt onbekende workflow '{u.wacht_op.workflow}'."
                )
            fouten += [
                f"{bij}: 'wacht_op' noemt onbekende uitkomst '{w}' van '{u.wacht_op.workflow}'."
                for w in u.wacht_op.uitkomsten
                if andere is not None and w not in bekend
            ]
        if u.pas_na and u.pas_na.uitkomst not in codes:
            fouten.append(f"{bij}: 'pas_na' noemt onbekende uitkomst '{u.pas_na.uitkomst}'.")
    return fouten


def _formulier_fouten(
    definitie: WorkflowDefinitie, a: ActiviteitDefinitie, catalogus: Catalogus
) -> list[str]:
    """A rule reads gegevens some form must ask; a shown gegeven must exist somewhere."""
    waar = f"Workflow '{definitie.code}', activiteit '{a.code}'"

    def gevraagd(naam: str) -> bool:
        return definitie.veld(naam) is not None or any(d.veld(naam) for d in catalogus)

    fouten = [
        f"{waar}: regel '{r}' leest '{v}', maar geen formulier vraagt daarom."
        for r in a.regels
        for v in REGEL_VELDEN.get(r, ())
        if not gevraagd(v)
    ]
    fouten += [f"{waar}: 'toont' noemt onbekend gegeven '{t}'." for t in a.toont if not gevraagd(t)]
    paden = a.termijn.paden if a.termijn else ()
    vanafs = [a.termijn.vanaf] if a.termijn else []
    vanafs += [p.vanaf for p in paden]
    fouten += [
        f"{waar}: de termijn telt 'vanaf' onbekend gegeven '{v}'."
        for v in vanafs
        if v and not gevraagd(v)
    ]
    fouten += [
        f"{waar}: een termijnpad vraagt onbekend gegeven '{k}'."
        for p in paden
        for k in p.als
        if not gevraagd(k)
    ]
    fouten += [
        f"{waar}: een termijnpad wacht op onbekende activiteit '{p.na}'."
        for p in paden
        if p.na and definitie.activiteit(p.na) is None
    ]
    velden = (*a.formulier, *(v for u in a.uitkomsten for v in u.formulier))
    fouten += [
        f"{waar}, formulierveld '{v.veld}': onbekende rol '{v.rol}'."
        for v in velden
        if v.rol and v.rol not in BEKENDE_ROLLEN
    ]
    categorie = definitie.veld("categorie")
    if "publicatiecategorie" in a.regels and categorie is not None:
        codes = {k.code for k in categorie.keuzes}
        fouten += [
            f"{waar}: de publicatiecategorie mist de keuze '{c}' (nooit openbaar)."
            for c in NOOIT_OPENBAAR
            if c not in codes
        ]
    return fouten


def fouten_in(definitie: WorkflowDefinitie, catalogus: Catalogus) -> list[str]:
    """Every problem of one definition, as Dutch sentences."""
    waar = f"Workflow '{definitie.code}'"
    fouten: list[str] = []
    if definitie.versie < 1:
        fouten.append(f"{waar}: versie moet 1 of hoger zijn.")
    codes = [a.code for a in definitie.activiteiten]
    fouten += [
        f"{waar}: activiteit '{c}' komt dubbel voor." for c in set(codes) if codes.count(c) > 1
    ]
    if not definitie.start_activiteiten:
        fouten.append(f"{waar}: geen activiteit start automatisch.")
    if definitie.eerste_activiteit and not definitie.activiteit(definitie.eerste_activiteit):
        fouten.append(f"{waar}: eerste activiteit '{definitie.eerste_activiteit}' bestaat niet.")
    for a in definitie.activiteiten:
        fouten += _activiteit_fouten(definitie, a, catalogus)
    bereikbaar = _bereikbaar(definitie)
    fouten += [
        f"{waar}: activiteit '{a.code}' is onbereikbaar (geen start en geen uitkomst start haar)."
        for a in definitie.activiteiten
        if a.code not in bereikbaar
    ]
    eindigt = _kan_eindigen(definitie)
    if not any(a.code in eindigt for a in definitie.start_activiteiten):
        fouten.append(f"{waar}: het einde is vanaf de start onbereikbaar.")
    fouten += [
        f"{waar}: vanaf activiteit '{c}' is het einde onbereikbaar."
        for c in sorted(bereikbaar - eindigt)
    ]
    if not definitie.eindes:
        fouten.append(f"{waar}: geen alternatief einde (stopzetten/annuleren/intrekken).")
    fouten += [
        f"{waar}: alternatief einde '{e.code}' vraagt geen reden; een reden is verplicht."
        for e in definitie.eindes
        if not e.reden_verplicht
    ]
    return fouten


def valideer(catalogus: Catalogus) -> None:
    """Raise ``CatalogusFout`` listing every problem in the catalog; silent when consistent."""
    fouten = [f for d in catalogus for f in fouten_in(d, catalogus)]
    if fouten:
        raise CatalogusFout("De workflowcatalogus is niet consistent:\n" + "\n".join(fouten))
