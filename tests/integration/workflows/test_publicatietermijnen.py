"""When IGJ publishes, per path (seed 003 L32-34, L51-52; chart 000 R1638), with the
Algemene termijnenwet where the term is the provider's statutory bezwaar term."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.workflows import acties as wf
from tests.integration.dossier_support import new_dossier
from tests.integration.workflow_support import (
    OPENBAAR_TOT_PUBLICEREN,
    KlokContext,
    klok_ctx,
    loop,
    open_activiteit,
    uitspraak_vovo,
)
from tests.seed import Seed


def _openbaar(
    ctx: ServiceContext, seed: Seed, verzonden_op: date, **gegevens: object
) -> tuple[KlokContext, uuid.UUID]:
    """An openbaarmaking whose definitive report (or besluit) was sent on ``verzonden_op``;
    the besluit is recorded that same morning."""
    klok = klok_ctx(ctx)
    klok.nu = datetime.combine(verzonden_op, datetime.min.time(), UTC).replace(hour=9)
    dossier = new_dossier(ctx, seed)
    alles = {"categorie": "regulier", "verzonden_op": verzonden_op.isoformat(), **gegevens}
    return klok, wf.start_workflow(klok, dossier.id, "openbaarmaking", gegevens=alles).id


def _publiceren(klok: KlokContext, workflow_id: uuid.UUID) -> wf.ActiviteitRow:
    return open_activiteit(klok, workflow_id, "publiceren")


def _na_bezwaartermijn(klok: KlokContext, workflow_id: uuid.UUID) -> None:
    loop(
        klok,
        workflow_id,
        OPENBAAR_TOT_PUBLICEREN,
    )


def test_direct_publication_in_acute_danger_is_due_at_once(ctx: ServiceContext, seed: Seed) -> None:
    """003 L52: "Is er acuut gevaar voor de gezondheid? Dan publiceren wij meteen." — not the
    2,5 weeks of the regular path."""
    klok, workflow_id = _openbaar(ctx, seed, date(2027, 3, 1))
    besluit = open_activiteit(klok, workflow_id, "besluit_openbaarmaking")
    spoed = {"spoed_reden": "Acuut gevaar", "spoed_mt_akkoord": str(seed.medewerkers["dsmit"])}
    wf.complete_activiteit(klok, besluit.id, "direct_openbaar", gegevens=spoed)
    publiceren = _publiceren(klok, workflow_id)
    assert publiceren.termijn == date(2027, 3, 1)
    assert not publiceren.termijn_wettelijk
    reactie = open_activiteit(klok, workflow_id, "reactietermijn")
    assert reactie.termijn == date(2027, 4, 12)  # the 6 weeks to react still run (003 L56)


def test_report_waits_two_weeks_then_is_due_at_two_and_a_half(
    ctx: ServiceContext, seed: Seed
) -> None:
    """003 L51: at least 2 weeks after sending; chart R1638: published within 2,5 weeks."""
    klok, workflow_id = _openbaar(ctx, seed, date(2027, 3, 1))
    loop(klok, workflow_id, [("besluit_openbaarmaking", "openbaar")])
    wacht = open_activiteit(klok, workflow_id, "termijnbewaking_bezwaar")
    assert (wacht.termijn, wacht.termijn_wettelijk) == (date(2027, 3, 15), True)
    loop(
        klok,
        workflow_id,
        [("termijnbewaking_bezwaar", "geen_bezwaar", True), ("beoordelen_reactie", "geen_reactie")],
    )
    assert _publiceren(klok, workflow_id).termijn == date(2027, 3, 19)


def test_besluit_sent_on_a_thursday_the_bezwaar_term_counts_from_sending(
    ctx: ServiceContext, seed: Seed
) -> None:
    """003 L32: two weeks after receipt of the report; the besluit recorded later does not
    move the term (sent Thursday 4 March 2027, recorded Monday 8 March)."""
    klok, workflow_id = _openbaar(ctx, seed, date(2027, 3, 4))
    klok.nu = datetime(2027, 3, 8, 9, tzinfo=UTC)
    loop(klok, workflow_id, [("besluit_openbaarmaking", "openbaar")])
    assert open_activiteit(klok, workflow_id, "termijnbewaking_bezwaar").termijn == date(
        2027, 3, 18
    )


def test_maatregel_is_published_when_the_bezwaar_term_ends_past_hemelvaart(
    ctx: ServiceContext, seed: Seed
) -> None:
    """003 L52: a maatregel is published 2 weeks after it was imposed. Imposed Thursday
    22 April 2027: 2 weeks end on Hemelvaartsdag 6 May (Atw art. 3 lid 1), Friday 7 May is
    gelijkgesteld (Besluit gelijkstelling 2026-2028, art. 3 lid 3), then the weekend (art. 1):
    Monday 10 May, for both the bezwaar term and the publication."""
    klok, workflow_id = _openbaar(
        ctx, seed, date(2027, 4, 22), soort_rapport="handhavingsmaatregel"
    )
    loop(klok, workflow_id, [("besluit_openbaarmaking", "openbaar")])
    assert open_activiteit(klok, workflow_id, "termijnbewaking_bezwaar").termijn == date(
        2027, 5, 10
    )
    loop(
        klok,
        workflow_id,
        [("termijnbewaking_bezwaar", "geen_bezwaar", True), ("beoordelen_reactie", "geen_reactie")],
    )
    publiceren = _publiceren(klok, workflow_id)
    assert (publiceren.termijn, publiceren.termijn_wettelijk) == (date(2027, 5, 10), True)


def test_maatregel_imposed_on_a_saturday_ends_after_the_weekend(
    ctx: ServiceContext, seed: Seed
) -> None:
    """Imposed Saturday 6 March 2027: 2 weeks end Saturday 20 March, Atw art. 1: Monday 22."""
    klok, workflow_id = _openbaar(ctx, seed, date(2027, 3, 6), soort_rapport="handhavingsmaatregel")
    _na_bezwaartermijn(klok, workflow_id)
    assert _publiceren(klok, workflow_id).termijn == date(2027, 3, 22)


def test_after_the_judge_allows_it_publication_is_due_at_once(
    ctx: ServiceContext, seed: Seed
) -> None:
    """003 L34/L52: a voorlopige voorziening holds publication back; once the judge rejects
    it (chart R1698-1705) the report is published without a new waiting period."""
    klok, workflow_id = _openbaar(ctx, seed, date(2027, 3, 1))
    loop(
        klok,
        workflow_id,
        [
            ("besluit_openbaarmaking", "openbaar"),
            ("termijnbewaking_bezwaar", "voorlopige_voorziening"),
        ],
    )
    klok.nu = datetime(2027, 6, 14, 9, tzinfo=UTC)  # the ruling, months later
    wachten = open_activiteit(klok, workflow_id, "afwachten_uitspraak")
    uitspraak_vovo(klok, wachten.dossier_id, "afgewezen")
    loop(klok, workflow_id, [("beoordelen_reactie", "geen_reactie")])
    assert _publiceren(klok, workflow_id).termijn == date(2027, 6, 14)
