"""'Review vragen': choose a colleague or a groep, a termijn and what to look at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import review as documenten_review


@dataclass(frozen=True)
class ReviewVerzoek:
    reviewer: documenten_review.Reviewer
    termijn: date
    toelichting: str

    def als_verzoek(self) -> documenten_review.Reviewverzoek:
        return documenten_review.Reviewverzoek(
            self.termijn, self.reviewer.medewerker_id, self.reviewer.groep_id, self.toelichting
        )


class ReviewDialog(QDialog):
    def __init__(
        self,
        reviewers: list[documenten_review.Reviewer],
        onderwerp: str,
        vandaag: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review vragen")
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Review van {onderwerp}"))
        self.reviewer = QComboBox(self)
        for reviewer in reviewers:
            self.reviewer.addItem(reviewer.naam, reviewer)
        form.addRow("Reviewer", self.reviewer)
        self.termijn = QDateEdit(self)
        self.termijn.setCalendarPopup(True)
        self.termijn.setDisplayFormat("dd-MM-yyyy")
        self.termijn.setMinimumDate(QDate(vandaag))
        self.termijn.setDate(QDate(vandaag + timedelta(days=5)))
        form.addRow("Termijn", self.termijn)
        self.toelichting = QPlainTextEdit(self)
        self.toelichting.setPlaceholderText("Waar moet de reviewer vooral op letten?")
        self.toelichting.setFixedHeight(80)
        form.addRow("Toelichting", self.toelichting)
        knoppen = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        knoppen.button(QDialogButtonBox.StandardButton.Ok).setText("Review vragen")
        knoppen.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        knoppen.accepted.connect(self.accept)
        knoppen.rejected.connect(self.reject)
        form.addRow(knoppen)

    def verzoek(self) -> ReviewVerzoek:
        return ReviewVerzoek(
            self.reviewer.currentData(),
            self.termijn.date().toPython(),  # type: ignore[arg-type]
            self.toelichting.toPlainText().strip(),
        )

    @classmethod
    def ask(
        cls, ctx: ServiceContext, onderwerp: str, parent: QWidget | None = None
    ) -> ReviewVerzoek | None:
        """Show the dialog modally; tests replace this classmethod."""
        dialog = cls(documenten_review.mogelijke_reviewers(ctx), onderwerp, ctx.today(), parent)
        return dialog.verzoek() if dialog.exec() == QDialog.DialogCode.Accepted else None


class OpmerkingDialog:
    """A question with a free-text answer (review remark, reason for breaking a check-out)."""

    @classmethod
    def ask(cls, parent: QWidget | None, titel: str, vraag: str) -> str | None:
        """The text typed, or None when cancelled; tests replace this classmethod."""
        tekst, ok = QInputDialog.getMultiLineText(parent, titel, vraag)
        return tekst.strip() if ok else None
