"""The window's link to Exchange: the outbox worker and the sync, reported as Qt signals.

The worker runs on its own thread (``services.outbox.OutboxWorker``); its reports reach the
UI thread through a queued signal, so no widget is ever touched from the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from igj_desktop.integrations.exchange.agenda import AgendaGateway
from igj_desktop.services import outbox
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.outbox import OutboxRun, OutboxWorker
from igj_desktop.services.storing import melding
from igj_desktop.views.gemeenschappelijk.tasks import run_task

ALLES_VERSTUURD = "Alles is verstuurd naar Exchange."
NIET_INGESTELD = "Exchange is niet ingesteld: afspraken staan alleen in de eigen agenda."


def _configured_gateway(data_dir: Path) -> AgendaGateway | None:
    # exchangelib takes over half a second to import: on the worker, not at start-up.
    from igj_desktop.integrations.exchange.gateway import configured_gateway

    return configured_gateway(data_dir)


class AgendaKoppeling(QObject):
    """``status`` carries the status bar text; ``gesynchroniseerd`` the changes from Outlook."""

    status = Signal(str)
    gesynchroniseerd = Signal(list)
    _report = Signal(object)

    def __init__(
        self,
        ctx: ServiceContext,
        data_dir: Path,
        gateway_factory: Callable[[], AgendaGateway | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._factory = gateway_factory or (lambda: _configured_gateway(data_dir))
        self._gateway: AgendaGateway | None = None
        self._worker: OutboxWorker | None = None
        self._report.connect(self._reported)

    def _get_gateway(self) -> AgendaGateway:
        if self._gateway is None:
            self._gateway = self._factory()
            if self._gateway is None:
                raise LookupError(NIET_INGESTELD)
        return self._gateway

    def start(self) -> None:
        # the handlers bring the invitation and its sjablonen: imported when the worker starts
        from igj_desktop.services.afspraken import agenda as afspraken_agenda

        self._worker = OutboxWorker(
            self.ctx, self._get_gateway, afspraken_agenda.HANDLERS, on_run=self._report.emit
        )
        self._worker.start()

    @property
    def loopt(self) -> bool:
        """Whether the outbox worker runs (between ``start`` and ``stop``)."""
        return self._worker is not None

    def wake(self) -> None:
        """Call after planning or changing an afspraak: send now rather than at the next round."""
        if self._worker is not None:
            self._worker.wake()

    def reset(self) -> None:
        """Forget the gateway after the settings changed; the next round builds a new one."""
        self._gateway = None

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def _reported(self, run: OutboxRun) -> None:
        wacht = outbox.outbox_status(self.ctx, ingesteld=run.melding != NIET_INGESTELD)
        if run.melding and wacht:
            self.status.emit(f"{wacht}. {run.melding}")
        else:
            self.status.emit(wacht or ALLES_VERSTUURD)

    def synchroniseer(self) -> None:
        """Fetch what changed in Outlook, off the UI thread."""
        from igj_desktop.services.afspraken import agenda as afspraken_agenda

        ctx = self.ctx
        run_task(
            lambda: afspraken_agenda.synchroniseer_agenda(ctx, self._get_gateway()),
            self.gesynchroniseerd.emit,
            lambda error: self.status.emit(f"Synchroniseren mislukt. {melding(error)}"),
            owner=self,
        )
