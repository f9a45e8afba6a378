"""Exchange connection settings, with a 'Verbinding testen' button that runs off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.integrations.exchange import config
from igj_desktop.integrations.exchange.config import (
    AUTH_LABELS,
    ZONDER_WACHTWOORD,
    AuthMethode,
    ExchangeSettings,
    Toegang,
)
from igj_desktop.views.gemeenschappelijk.tasks import run_task


def test_verbinding(settings: ExchangeSettings, geheim: str | None, data_dir: Path) -> str:
    """Autodiscover when needed (cached), then open the agenda folder; a Dutch answer."""
    from igj_desktop.integrations.exchange.gateway import ews_gateway  # exchangelib: slow

    try:
        found = config.discover(settings, geheim, data_dir)
        return ews_gateway(found, geheim).test_connection()
    # Gateway errors, autodiscover failures and bad credentials all end up as one Dutch line.
    except Exception as e:
        return f"Geen verbinding: {e}"


class ExchangeConfigDialog(QDialog):
    """Server URL or autodiscover, authentication, delegate or impersonation; secret to keyring."""

    tested = Signal(str)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._ontdekt = ""  # the cached autodiscover result of the saved settings
        self.setWindowTitle("Exchange-verbinding")
        current = config.load_settings(data_dir)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.mailbox = QLineEdit(self)
        self.mailbox.setPlaceholderText("naam@igj.nl")
        form.addRow("Mailbox:", self.mailbox)
        self.server_url = QLineEdit(self)
        self.server_url.setPlaceholderText("Leeg laten voor autodiscover")
        form.addRow("Serveradres (EWS):", self.server_url)
        self.auth = QComboBox(self)
        for methode, label in AUTH_LABELS.items():
            self.auth.addItem(label, methode.value)
        form.addRow("Aanmelden met:", self.auth)
        self.gebruikersnaam = QLineEdit(self)
        self.gebruikersnaam.setPlaceholderText("DOMEIN\\gebruiker of gebruiker@igj.nl")
        form.addRow("Gebruikersnaam:", self.gebruikersnaam)
        self.geheim = QLineEdit(self)
        self.geheim.setEchoMode(QLineEdit.EchoMode.Password)
        self.geheim.setPlaceholderText("Wordt bewaard in de sleutelbos van Windows")
        form.addRow("Wachtwoord:", self.geheim)
        self.tenant_id = QLineEdit(self)
        form.addRow("Tenant-id (OAuth2):", self.tenant_id)
        self.toegang = QComboBox(self)
        self.toegang.addItem("Eigen mailbox (eigen aanmelding)", Toegang.EIGEN.value)
        self.toegang.addItem("Serviceaccount met impersonatie", Toegang.IMPERSONATIE.value)
        form.addRow("Toegang:", self.toegang)
        layout.addLayout(form)
        self.test_button = QPushButton("Verbinding testen", self)
        layout.addWidget(self.test_button)
        self.resultaat = QLabel(self)
        self.resultaat.setWordWrap(True)
        layout.addWidget(self.resultaat)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Opslaan")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        layout.addWidget(self.buttons)
        self.auth.currentIndexChanged.connect(self._auth_changed)
        self.test_button.clicked.connect(self.test)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if current is not None:
            self._fill(current)
        self._auth_changed()
        self.resize(520, 380)

    def _fill(self, s: ExchangeSettings) -> None:
        self.mailbox.setText(s.mailbox)
        self.server_url.setText(s.server_url)
        self.auth.setCurrentIndex(self.auth.findData(s.auth.value))
        self.gebruikersnaam.setText(s.gebruikersnaam)
        self.tenant_id.setText(s.tenant_id)
        self.toegang.setCurrentIndex(self.toegang.findData(s.toegang.value))
        self._ontdekt = s.ontdekt_url if not s.server_url else ""

    def _auth_changed(self) -> None:
        methode = AuthMethode(self.auth.currentData())
        self.tenant_id.setEnabled(methode == AuthMethode.OAUTH2)
        self.geheim.setEnabled(methode not in ZONDER_WACHTWOORD)
        self.gebruikersnaam.setEnabled(methode != AuthMethode.WINDOWS)  # the signed-in user
        self.gebruikersnaam.setPlaceholderText(
            "Client-id van de app-registratie"
            if methode == AuthMethode.OAUTH2
            else "DOMEIN\\gebruiker of gebruiker@igj.nl"
        )

    def settings(self) -> ExchangeSettings:
        return ExchangeSettings(
            mailbox=self.mailbox.text().strip(),
            gebruikersnaam=self.gebruikersnaam.text().strip(),
            auth=AuthMethode(self.auth.currentData()),
            server_url=self.server_url.text().strip(),
            toegang=Toegang(self.toegang.currentData()),
            tenant_id=self.tenant_id.text().strip(),
            ontdekt_url="" if self.server_url.text().strip() else self._ontdekt,
        )

    def _geheim(self, settings: ExchangeSettings) -> str | None:
        return self.geheim.text() or config.read_secret(settings)

    def test(self) -> None:
        settings = self.settings()
        problemen = settings.validate()
        if problemen:
            self._tested(" ".join(problemen))
            return
        self.test_button.setEnabled(False)
        self.resultaat.setText("Bezig met testen…")
        geheim, data_dir = self._geheim(settings), self.data_dir
        run_task(lambda: test_verbinding(settings, geheim, data_dir), self._tested)

    def _tested(self, tekst: Any) -> None:
        self.test_button.setEnabled(True)
        self.resultaat.setText(str(tekst))
        self.tested.emit(str(tekst))

    def save(self) -> None:
        settings = self.settings()
        problemen = settings.validate()
        if problemen:
            self.resultaat.setText(" ".join(problemen))
            return
        config.save_settings(self.data_dir, settings, self.geheim.text() or None)
        self.accept()

    @classmethod
    def ask(cls, data_dir: Path, parent: QWidget | None = None) -> ExchangeSettings | None:
        dialog = cls(data_dir, parent)
        return dialog.settings() if dialog.exec() == QDialog.DialogCode.Accepted else None
