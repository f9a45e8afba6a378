"""Shared helpers for the workflow tests: a controllable clock and a walker over steps."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

from igj_desktop.db import Database
from igj_desktop.services.base import Actor, ServiceContext
from igj_desktop.services.workflows import acties as wf

REDEN = "Toelichting van de behandelaar"
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


class KlokContext(ServiceContext):
    """A ServiceContext whose clock the test sets (termijnen must be able to pass)."""

    def __init__(self, db: Database, actor: Actor, nu: datetime = START) -> None:
        super().__init__(db, actor)
        self.nu = nu

    def now(self) -> datetime:
        return self.nu

    def na_termijn(self, activiteit: wf.ActiviteitRow) -> None:
        if activiteit.termijn is not None:
            moment = datetime.combine(activiteit.termijn, time(9), tzinfo=UTC)
            self.nu = max(self.nu, moment + timedelta(days=1))


def klok_ctx(ctx: ServiceContext) -> KlokContext:
    return KlokContext(ctx.db, ctx.actor)


def open_activiteit(ctx: ServiceContext, workflow_id: uuid.UUID, code: str) -> wf.ActiviteitRow:
    workflow = wf.get_workflow(ctx, workflow_id)
    matches = [a for a in workflow.activiteiten if a.code == code and a.open]
    assert matches, (
        f"geen open activiteit {code} in {[a.code for a in workflow.activiteiten if a.open]}"
    )
    return matches[-1]


Stap = tuple[str, str] | tuple[str, str, bool] | tuple[str, str, dict[str, Any]]


def stap(
    ctx: KlokContext,
    workflow_id: uuid.UUID,
    code: str,
    uitkomst: str,
    *,
    wacht: bool = False,
    gegevens: dict[str, Any] | None = None,
) -> wf.AfrondingResult:
    """Complete the open activiteit ``code`` with ``uitkomst`` (``wacht``: let its termijn pass;
    ``gegevens``: what its form asks)."""
    activiteit = open_activiteit(ctx, workflow_id, code)
    if wacht:
        ctx.na_termijn(activiteit)
    return wf.complete_activiteit(
        ctx, activiteit.id, uitkomst, reden=REDEN, gegevens=gegevens, version=activiteit.version
    )


OPENBAAR_TOT_PUBLICEREN: list[Stap] = [  # openbaarmaking up to its publiceren step
    ("besluit_openbaarmaking", "openbaar"),
    ("termijnbewaking_bezwaar", "geen_bezwaar", True),
    ("beoordelen_reactie", "geen_reactie"),
]


def loop(ctx: KlokContext, workflow_id: uuid.UUID, stappen: list[Stap]) -> wf.WorkflowRow:
    """Walk ``stappen``: (code, uitkomst), plus ``True`` to let the termijn pass or a dict of
    form gegevens."""
    for s in stappen:
        extra = s[2] if len(s) > 2 else None
        gegevens = extra if isinstance(extra, dict) else None
        stap(ctx, workflow_id, s[0], s[1], wacht=extra is True, gegevens=gegevens)
    return wf.get_workflow(ctx, workflow_id)


def uitspraak_vovo(ctx: KlokContext, dossier_id: uuid.UUID, uitspraak: str) -> None:
    """Walk the dossier's voorlopige voorziening to the judge's ruling ``uitspraak``."""
    vovo = next(w for w in wf.list_workflows(ctx, dossier_id) if w.code == "voorlopige_voorziening")
    loop(
        ctx,
        vovo.id,
        [
            ("registreren", "geregistreerd"),
            ("verweer", "ingediend"),
            ("zitting", "gehouden"),
            ("uitspraak", uitspraak),
        ],
    )
