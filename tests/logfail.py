"""A logged ERROR fails the test that caused it (qutebrowser's logfail): an error the app only
wrote to the log (a failed background task, an unexpected exception turned into a Dutch
message) would otherwise pass unnoticed. A test that provokes one on purpose says so with
``@pytest.mark.logt_fout``."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


class _Verzamelaar(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _geen_fouten_in_het_log(request: pytest.FixtureRequest) -> Iterator[None]:
    verzamelaar = _Verzamelaar()
    root = logging.getLogger()
    root.addHandler(verzamelaar)
    try:
        yield
    finally:
        root.removeHandler(verzamelaar)
    if verzamelaar.records and request.node.get_closest_marker("logt_fout") is None:
        regels = "\n".join(f"{r.name}: {r.getMessage()}" for r in verzamelaar.records)
        pytest.fail(
            f"De test logde een fout (markeer met @pytest.mark.logt_fout als dat de bedoeling "
            f"is):\n{regels}",
            pytrace=False,
        )
