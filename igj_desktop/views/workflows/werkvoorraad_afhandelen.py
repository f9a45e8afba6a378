""" "Afhandelen…" in the werkvoorraad: each kind of activiteit opens the dialog its work needs.

A review asks for the reviewer's remark, incoming post is accepted or sent back, a letter
to send is marked sent by the postkamer, and every other activiteit is completed with an
uitkomst. Every path ends in one service call, run off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from igj_desktop.models import PostRichting
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import review as documenten_review
from igj_desktop.services.documenten.review import REVIEW
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.post import uitgaand as post_uitgaand
from igj_desktop.services.read_models import WerkvoorraadItem
from igj_desktop.services.workflows import acties as wf
from igj_desktop.views.documenten.documenten_review_dialog import OpmerkingDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp
from igj_desktop.views.post.post_terugsturen_dialog import PostTerugsturenDialog
from igj_desktop.views.workflows.workflow_dialogs import CompleteActiviteitDialog

Gedaan = Callable[[], None]
Handler = Callable[[ServiceContext, WerkvoorraadItem, QWidget, Gedaan], None]


def _schrijf(parent: QWidget, call: Callable[[], object], gedaan: Gedaan) -> None:
    """The item's one service call, in the background; ``gedaan`` refreshes the window after
    it (and after a conflict, when the user asks to reload)."""
    ServiceOp(parent, call).conflict(gedaan).success(lambda _: gedaan()).run()


def _review(ctx: ServiceContext, regel: WerkvoorraadItem, parent: QWidget, gedaan: Gedaan) -> None:
    opmerking = OpmerkingDialog.ask(parent, "Review afronden", f"Uw opmerking bij {regel.titel}:")
    if opmerking is None:
        return
    _schrijf(
        parent,
        lambda: documenten_review.review_afronden(
            ctx, regel.activiteit_id, opmerking, expected_version=regel.version
        ),
        gedaan,
    )


def _post(ctx: ServiceContext, regel: WerkvoorraadItem, parent: QWidget, gedaan: Gedaan) -> None:
    def gelezen(info: post.PostInfo) -> None:
        if info.richting == PostRichting.INKOMEND:
            _beoordelen(ctx, info, parent, gedaan)
        else:
            _brief_verzonden(ctx, info, parent, gedaan)

    ServiceOp(parent, lambda: post.post_bij_activiteit(ctx, regel.activiteit_id)).success(
        gelezen
    ).run()


def _beoordelen(ctx: ServiceContext, info: post.PostInfo, parent: QWidget, gedaan: Gedaan) -> None:
    if dialogs.confirm(
        parent,
        "Inkomende post beoordelen",
        f"'{info.onderwerp}' van {info.afzender or 'onbekende afzender'}, geregistreerd in "
        f"{', '.join(info.kenmerken)}.\n\nHoort deze post bij dit dossier en bij u?",
        ja="Ja, beoordeeld",
        nee="Nee, terugsturen…",
    ):
        _schrijf(parent, lambda: post.post_beoordeeld(ctx, info.id), gedaan)
    elif PostTerugsturenDialog.ask(ctx, info.id, parent) is not None:
        gedaan()


def _brief_verzonden(
    ctx: ServiceContext, info: post.PostInfo, parent: QWidget, gedaan: Gedaan
) -> None:
    if dialogs.confirm(
        parent,
        "Brief verzenden",
        f"Is de brief '{info.onderwerp}' aan {info.aan or 'de geadresseerde'} verzonden?\n"
        "De aanvrager krijgt daarvan bericht.",
        ja="Ja, verzonden",
        nee="Nog niet",
    ):
        _schrijf(parent, lambda: post_uitgaand.brief_verzonden(ctx, info.id), gedaan)


def _afronden(
    ctx: ServiceContext, regel: WerkvoorraadItem, parent: QWidget, gedaan: Gedaan
) -> None:
    def gelezen(activiteit: wf.ActiviteitRow) -> None:
        if CompleteActiviteitDialog.ask(ctx, activiteit, parent) is not None:
            gedaan()

    ServiceOp(parent, lambda: wf.get_activiteit(ctx, regel.activiteit_id)).success(gelezen).run()


HANDLERS: dict[str, Handler] = {REVIEW: _review, "post": _post}


def afhandelen(
    ctx: ServiceContext, regel: WerkvoorraadItem, parent: QWidget, gedaan: Gedaan
) -> None:
    """Do the work of one werkvoorraad item; ``gedaan`` runs when something changed.

    Reads and writes run in the background (``ServiceOp``); a refusal is shown over
    ``parent``, a conflict offers to reload."""
    HANDLERS.get(regel.soort, _afronden)(ctx, regel, parent, gedaan)
