""" "Afhandelen…" in the werkvoorraad: each kind of activiteit opens the dialog its work needs.

A review asks for the reviewer's remark, incoming post is accepted or sent back, a letter
to send is marked sent by the postkamer, and every other activiteit is completed with an
uitkomst. Every path ends in one service call.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from igj_desktop.models import PostRichting
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten.document import REVIEW
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.post import uitgaand as post_uitgaand
from igj_desktop.services.read_models import WerkvoorraadItem
from igj_desktop.services.workflows import acties as wf
from igj_desktop.views.documenten.documenten_review_dialog import OpmerkingDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.post.post_terugsturen_dialog import PostTerugsturenDialog
from igj_desktop.views.workflows.workflow_dialogs import CompleteActiviteitDialog

Handler = Callable[[ServiceContext, WerkvoorraadItem, QWidget], bool]


def _review(ctx: ServiceContext, regel: WerkvoorraadItem, parent: QWidget) -> bool:
    opmerking = OpmerkingDialog.ask(parent, "Review afronden", f"Uw opmerking bij {regel.titel}:")
    if opmerking is None:
        return False
    documenten.review_afronden(ctx, regel.activiteit_id, opmerking, expected_version=regel.version)
    return True


def _post(ctx: ServiceContext, regel: WerkvoorraadItem, parent: QWidget) -> bool:
    info = post.post_bij_activiteit(ctx, regel.activiteit_id)
    if info.richting == PostRichting.INKOMEND:
        return _beoordelen(ctx, info, parent)
    return _brief_verzonden(ctx, info, parent)


def _beoordelen(ctx: ServiceContext, info: post.PostInfo, parent: QWidget) -> bool:
    if dialogs.confirm(
        parent,
        "Inkomende post beoordelen",
        f"'{info.onderwerp}' van {info.afzender or 'onbekende afzender'}, geregistreerd in "
        f"{', '.join(info.kenmerken)}.\n\nHoort deze post bij dit dossier en bij u?",
        ja="Ja, beoordeeld",
        nee="Nee, terugsturen…",
    ):
        post.post_beoordeeld(ctx, info.id)
        return True
    return PostTerugsturenDialog.ask(ctx, info.id, parent) is not None


def _brief_verzonden(ctx: ServiceContext, info: post.PostInfo, parent: QWidget) -> bool:
    if not dialogs.confirm(
        parent,
        "Brief verzenden",
        f"Is de brief '{info.onderwerp}' aan {info.aan or 'de geadresseerde'} verzonden?\n"
        "De aanvrager krijgt daarvan bericht.",
        ja="Ja, verzonden",
        nee="Nog niet",
    ):
        return False
    post_uitgaand.brief_verzonden(ctx, info.id)
    return True


def _afronden(ctx: ServiceContext, regel: WerkvoorraadItem, parent: QWidget) -> bool:
    activiteit = wf.get_activiteit(ctx, regel.activiteit_id)
    return CompleteActiviteitDialog.ask(ctx, activiteit, parent) is not None


HANDLERS: dict[str, Handler] = {REVIEW: _review, "post": _post}


def afhandelen(ctx: ServiceContext, regel: WerkvoorraadItem, parent: QWidget) -> bool:
    """Do the work of one werkvoorraad item; True when something changed.

    Service refusals propagate, so the caller shows them with its reload offer."""
    return HANDLERS.get(regel.soort, _afronden)(ctx, regel, parent)
