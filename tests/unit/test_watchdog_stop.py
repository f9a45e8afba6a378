"""watchdog's own shutdown race is not logged as our error; its other errors still are
(``services/documenten/bewerken._StopRace``)."""

from __future__ import annotations

import logging

import pytest

from igj_desktop.services.documenten import bewerken  # noqa: F401  (installs the filter)


@pytest.mark.logt_fout  # the second message is logged on purpose
def test_only_the_stop_race_of_watchdog_is_left_out(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("watchdog.observers.inotify")
    with caplog.at_level(logging.ERROR):
        log.error("InotifyEmitter.queue_events() called when the thread is inactive")
        assert caplog.records == []
        log.error("inotify watch limit reached")
    assert [r.getMessage() for r in caplog.records] == ["inotify watch limit reached"]
