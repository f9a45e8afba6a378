"""One IGJ Desktop per user: a second start brings the first window to the front.

The first instance listens on a local socket (a named pipe on Windows, a socket file on
Linux) whose name is made of the user and the data folder; a second start connects, sends
``activeer`` and ends. A socket file left behind by a crashed instance answers nobody: it is
removed and this start becomes the first.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from igj_desktop.config import Settings

ACTIVEER = b"activeer\n"
_WACHT_MS = 1000


def servernaam(settings: Settings) -> str:
    """Per user and data folder, so two accounts on one terminal server never meet."""
    sleutel = f"{getpass.getuser()}\0{settings.data_dir.resolve()}".encode()
    return f"igj-desktop-{hashlib.sha256(sleutel).hexdigest()[:24]}"


class EnkeleInstantie(QObject):
    """``probeer()`` once at start; ``activeer`` fires when a later start asks for us."""

    activeer = Signal()

    def __init__(self, naam: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.naam = naam
        self.server: QLocalServer | None = None

    def probeer(self) -> bool:
        """True: this is the first instance and now listens. False: another one runs and
        was asked to come to the front; this start should end."""
        if self._vraag_bestaande():
            return False
        QLocalServer.removeServer(self.naam)  # a crashed instance's socket file, if any
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.naam):
            # another start won the race between our question and our listen
            return not self._vraag_bestaande()
        server.newConnection.connect(self._nieuwe_verbinding)
        self.server = server
        return True

    def _vraag_bestaande(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.naam)
        if not socket.waitForConnected(_WACHT_MS):
            return False
        socket.write(ACTIVEER)
        socket.waitForBytesWritten(_WACHT_MS)
        socket.disconnectFromServer()
        return True

    def _nieuwe_verbinding(self) -> None:
        assert self.server is not None
        # the sockets stay children of the server (one per later start) and go with it
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._lees(s))
            if socket.bytesAvailable():
                self._lees(socket)

    def _lees(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            if bytes(socket.readLine().data()) == ACTIVEER:
                self.activeer.emit()

    def sluit(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None


def breng_naar_voren(venster: QWidget) -> None:
    """Restore a minimised window and raise it (Windows may only flash it in the taskbar)."""
    venster.setWindowState(venster.windowState() & ~Qt.WindowState.WindowMinimized)
    venster.show()
    venster.raise_()
    venster.activateWindow()
