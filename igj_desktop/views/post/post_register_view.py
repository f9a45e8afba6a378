"""Post across every dossier the user sees: this week's incoming post, or what awaits assessment."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.post import inkomend as post
from igj_desktop.taal import aantal
from igj_desktop.views.gemeenschappelijk.tasks import run_task
from igj_desktop.views.post.post_tab import PostTabel

FILTERS: dict[str, Callable[[ServiceContext], list[post.PostInfo]]] = {
    "Deze week geregistreerd": post.post_deze_week,
    "Nog te beoordelen": lambda ctx: post.post_register(ctx, alleen_onbeoordeeld=True),
    "Alle post": post.post_register,
}


class PostRegisterView(QWidget):
    """The post register across dossiers; ``loaded`` fires after each refresh."""

    loaded = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Toon:", self))
        self.filter = QComboBox(self)
        self.filter.addItems(list(FILTERS))
        self.filter.currentTextChanged.connect(lambda _t: self.reload())
        bar.addWidget(self.filter)
        bar.addStretch(1)
        self.aantal = QLabel(self)
        bar.addWidget(self.aantal)
        layout.addLayout(bar)
        self.table = PostTabel(self)
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        ctx, query = self.ctx, FILTERS[self.filter.currentText()]
        run_task(lambda: query(ctx), self._show)

    def _show(self, rows: list[post.PostInfo]) -> None:
        self.table.toon(rows)
        self.aantal.setText(aantal(len(rows), "poststuk", "poststukken"))
        self.loaded.emit()
