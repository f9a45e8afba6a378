"""Where GUI tests save the screenshots a developer looks at: ``IGJ_SCREENSHOTS`` when set,
else a fresh temporary folder per run (never a fixed path outside the repository)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SHOTS = Path(os.environ.get("IGJ_SCREENSHOTS") or tempfile.mkdtemp(prefix="igj_shots_"))
SHOTS.mkdir(parents=True, exist_ok=True)
