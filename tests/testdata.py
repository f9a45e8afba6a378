"""Where the real .msg and .eml files made by other software live: ``../shared/testdata``
beside the repository (CI puts ``shared`` there too); ``IGJ_TESTDATA`` points elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

TESTDATA = Path(
    os.environ.get("IGJ_TESTDATA") or Path(__file__).resolve().parents[2] / "shared" / "testdata"
)
