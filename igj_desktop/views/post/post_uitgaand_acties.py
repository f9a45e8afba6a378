"""The outgoing half of the Post tab: a mail from a sjabloon, a letter through the postkamer,
post in bulk to the betrokkenen, and the reacties to such an uitzending.

Its buttons join the tab's button row; ``verstuurd`` asks the tab to reload its register.
The mail program and the Exchange gateway are the tab's (``PostTab.opener`` and
``PostTab.gateway_factory``), so one place decides how mail leaves this laptop.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from igj_desktop.integrations.exchange.agenda import AgendaGateway
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.dossiers import relaties
from igj_desktop.services.offline.kopie import Progress
from igj_desktop.services.post import reacties as post_reacties
from igj_desktop.services.post import uitgaand as post_uitgaand
from igj_desktop.services.post.uitgaand import Opener
from igj_desktop.services.read_models import BetrokkeneRow
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task
from igj_desktop.views.offline.sync_dialog import SyncDialog
from igj_desktop.views.post.post_brief_dialog import PostBriefDialog
from igj_desktop.views.post.post_bulk_dialog import (
    MAIL,
    BulkOpdracht,
    PostBulkDialog,
    bulk_samenvatting,
)
from igj_desktop.views.post.post_mail_dialog import PostMailDialog
from igj_desktop.views.post.post_reacties_dialog import PostReactiesDialog

if TYPE_CHECKING:
    from igj_desktop.views.post.post_tab import PostTab


RAPPEL = "mail_rappel_vragenlijst"  # the sjabloon offered first for a rappel
_MailVoorbereiding = tuple[
    post_uitgaand.MailConcept, list[documenten.DocumentInfo], list[sjablonen.Sjabloon]
]


class PostUitgaand(QObject):
    """Nieuwe e-mail, Brief laten verzenden, In bulk versturen and Reacties for one dossier."""

    verstuurd = Signal()

    def __init__(self, tab: PostTab, knoppen: QHBoxLayout) -> None:
        super().__init__(tab)
        self.tab = tab
        self.bulk_dialoog: SyncDialog | None = None
        self.reacties_dialoog: PostReactiesDialog | None = None
        self.mail_knop = QPushButton("Nieuwe e-mail…", tab)
        self.mail_knop.clicked.connect(self.nieuwe_mail)
        self.brief_knop = QPushButton("Brief laten verzenden…", tab)
        self.brief_knop.clicked.connect(self.brief_laten_verzenden)
        self.bulk_knop = QPushButton("In bulk versturen…", tab)
        self.bulk_knop.clicked.connect(lambda: self.bulk_versturen())
        self.reacties_knop = QPushButton("Reacties…", tab)
        self.reacties_knop.clicked.connect(self.reacties_bekijken)
        for knop in (self.mail_knop, self.brief_knop, self.bulk_knop, self.reacties_knop):
            knoppen.addWidget(knop)

    def knoppen(self) -> tuple[QPushButton, ...]:
        """The buttons that send something out (not allowed on a closed dossier)."""
        return (self.mail_knop, self.brief_knop, self.bulk_knop)

    def _verzendmiddelen(self) -> tuple[AgendaGateway | None, Opener]:
        """Exchange when configured, and the mail program for what goes out as .eml."""
        gateway = self.tab.gateway_factory() if self.tab.gateway_factory else None
        return gateway, type(self.tab).opener

    def _fout(self, error: BaseException) -> None:
        dialogs.task_error(self.tab, "Post", error)

    def nieuwe_mail(self) -> None:
        ctx, dossier_id = self.tab.ctx, self.tab.dossier_id

        def prepare() -> _MailVoorbereiding:
            concept = post_uitgaand.maak_mailconcept(ctx, dossier_id)
            keuze = [
                s
                for s in sjablonen.sjablonen_voor_dossier(ctx, dossier_id, mail=True)
                if "afspraak" not in s.variabelen  # those are sent from the afspraak itself
            ]
            return concept, documenten.documenten_van_dossier(ctx, dossier_id), keuze

        run_task(prepare, self._edit_mail, self._fout)

    def _edit_mail(self, prepared: _MailVoorbereiding) -> None:
        concept, bijlagen, keuze = prepared
        ctx, dossier_id = self.tab.ctx, self.tab.dossier_id
        concept = PostMailDialog.ask(
            ctx,
            concept,
            bijlagen,
            parent=self.tab,
            sjablonen=keuze,
            vul_in=lambda naam: post_uitgaand.maak_mailconcept(ctx, dossier_id, naam),
        )
        if concept is None:
            return
        gateway, opener = self._verzendmiddelen()

        def send() -> post_uitgaand.Verzending:
            return post_uitgaand.verstuur_mail(
                ctx, dossier_id, concept, gateway=gateway, opener=opener
            )

        run_task(send, self._sent, self._fout)

    def brief_laten_verzenden(self) -> None:
        ctx, dossier_id = self.tab.ctx, self.tab.dossier_id
        run_task(
            lambda: documenten.documenten_van_dossier(ctx, dossier_id), self._kies_brief, self._fout
        )

    def _kies_brief(self, lijst: list[documenten.DocumentInfo]) -> None:
        info = PostBriefDialog.ask(self.tab.ctx, self.tab.dossier_id, lijst, self.tab)
        if info is not None:
            dialogs.inform(
                self.tab,
                "Brief laten verzenden",
                f"De postkamer heeft een verzoek om '{info.onderwerp}' te verzenden. U krijgt "
                "een melding in uw werkvoorraad zodra de brief verstuurd is.",
            )
            self.verstuurd.emit()

    def reacties_bekijken(self) -> None:
        ctx, dossier_id = self.tab.ctx, self.tab.dossier_id
        run_task(
            lambda: post_reacties.uitzendingen(ctx, dossier_id), self._toon_reacties, self._fout
        )

    def _toon_reacties(self, uitzendingen: list[post_reacties.Uitzending]) -> None:
        if not uitzendingen:
            dialogs.inform(
                self.tab,
                "Reacties",
                "Uit dit dossier is nog geen post in bulk aan betrokkenen verstuurd; "
                "reacties worden per uitzending bijgehouden.",
            )
            return
        self.reacties_dialoog = PostReactiesDialog(
            self.tab.ctx, self.tab.dossier_id, uitzendingen, self.tab
        )
        self.reacties_dialoog.rappel.connect(self.bulk_versturen)
        self.reacties_dialoog.show()

    def bulk_versturen(self, voorgeselecteerd: list[uuid.UUID] | None = None) -> None:
        """``voorgeselecteerd``: for a rappel, the relaties that have not reacted yet."""
        ctx, dossier_id = self.tab.ctx, self.tab.dossier_id

        def prepare() -> tuple[list[BetrokkeneRow], list[sjablonen.Sjabloon]]:
            keuze = sjablonen.sjablonen_voor_dossier(ctx, dossier_id, mail=True)
            keuze += sjablonen.sjablonen_voor_dossier(ctx, dossier_id)
            return relaties.list_betrokkenen(ctx, dossier_id), keuze

        run_task(
            prepare, lambda p: self._kies_bulk(p, voorgeselecteerd or ()), self._fout, owner=self
        )

    def _kies_bulk(
        self,
        prepared: tuple[list[BetrokkeneRow], list[sjablonen.Sjabloon]],
        voorgeselecteerd: Sequence[uuid.UUID],
    ) -> None:
        if not prepared[0]:
            dialogs.inform(
                self.tab, "In bulk versturen", "Voeg eerst betrokkenen aan dit dossier toe."
            )
            return
        opdracht = PostBulkDialog.ask(
            self.tab.ctx,
            *prepared,
            parent=self.tab,
            voorgeselecteerd=voorgeselecteerd,
            sjabloon=RAPPEL if voorgeselecteerd else None,
        )
        if opdracht is not None:
            self._start_bulk(opdracht)

    def _start_bulk(self, opdracht: BulkOpdracht) -> SyncDialog:
        ctx, dossier_id = self.tab.ctx, self.tab.dossier_id
        gateway, opener = self._verzendmiddelen()

        def taak(progress: Progress, stop: threading.Event) -> list[object]:
            def stap(gedaan: int, totaal: int, naam: str) -> None:
                progress(f"Klaar voor {naam}", gedaan, totaal)

            if opdracht.kanaal == MAIL:
                return post_uitgaand.bulk_mail(
                    ctx, dossier_id, opdracht.relatie_ids, opdracht.sjabloon,
                    gateway=gateway, opener=opener, progress=stap, stop=stop,
                )  # fmt: skip
            return post_uitgaand.bulk_brieven(
                ctx, dossier_id, opdracht.relatie_ids, opdracht.sjabloon, progress=stap, stop=stop
            )

        dialog = SyncDialog(
            taak,
            "Post in bulk versturen",
            lambda resultaten: bulk_samenvatting(opdracht, resultaten),  # type: ignore[arg-type]
            parent=self.tab,
        )
        dialog.klaar.connect(lambda _r: self.verstuurd.emit())
        self.bulk_dialoog = dialog
        dialog.show()
        dialog.start()
        return dialog

    def _sent(self, verzending: post_uitgaand.Verzending) -> None:
        dialogs.inform(self.tab, "E-mail", verzending.melding)
        self.verstuurd.emit()
