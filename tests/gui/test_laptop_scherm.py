"""The first window on a laptop at 150 % scaling: it fits the screen it opens on, and at
1280×720 logical pixels (a 1920×1080 laptop at 150 %) the daily work is all in view.

Qt reads the scale factor only at start-up, so each screen runs in its own process, with
the offscreen platform given the physical screen size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from igj_desktop.views.gemeenschappelijk.thema import DONKER
from tests.gui.screenshots import SHOTS

ROOT = Path(__file__).resolve().parents[2]


def _open(
    breedte: int, hoogte: int, schaal: str, tmp_path: Path, kleuren: str = ""
) -> tuple[dict, Path]:  # type: ignore[type-arg]
    scherm = tmp_path / "scherm.json"
    scherm.write_text(
        json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": breedte,
                                 "height": hoogte, "logicalDpi": 96, "dpr": 1}]})
    )  # fmt: skip
    data = tmp_path / "laptop"
    data.mkdir()
    if kleuren:  # as chosen in Beeld ▸ Kleuren at an earlier start
        (data / "venster.ini").write_text(f"[weergave]\nkleuren={kleuren}\n")
    shot = SHOTS / f"venster_{breedte}x{hoogte}_{schaal}{'_' + kleuren if kleuren else ''}.png"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={scherm}",
        "QT_SCALE_FACTOR": schaal,
        "IGJ_DATA_DIR": str(data),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    uit = subprocess.run(
        [sys.executable, "-m", "tests.gui.laptop_venster", str(data), str(shot)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert uit.returncode == 0, uit.stderr[-3000:]
    return json.loads(uit.stdout.strip().splitlines()[-1]), shot


def _past(meting: dict) -> None:  # type: ignore[type-arg]
    x, y, b, h = meting["scherm"]
    vx, vy, vb, vh = meting["venster"]
    assert vx >= x and vy >= y and vx + vb <= x + b and vy + vh <= y + h, meting


def test_the_first_window_fits_a_1366x768_laptop_at_150_percent(tmp_path: Path) -> None:
    meting, _shot = _open(1366, 768, "1.5", tmp_path)
    assert meting["scherm"][2:] == [911, 512]  # what 150 % leaves of 1366×768
    _past(meting)
    assert meting["werkbalk_alles_zichtbaar"]


@pytest.mark.parametrize("schaal", ["1.5", "1"])
def test_at_1280x720_logical_the_daily_work_is_in_view(schaal: str, tmp_path: Path) -> None:
    fysiek = (1920, 1080) if schaal == "1.5" else (1280, 720)
    meting, shot = _open(*fysiek, schaal, tmp_path)
    assert meting["scherm"][2:] == [1280, 720]
    _past(meting)
    assert meting["werkbalk_alles_zichtbaar"]  # "Dossier afsluiten" included
    assert meting["werkvoorraad_rijen"] >= 5
    assert meting["kenmerk_past"]  # the Dossier column shows the whole kenmerk
    assert {"Overzicht", "Activiteiten", "Documenten", "Post", "Afspraken"} <= set(
        meting["zichtbare_tabs"]
    )
    assert meting["status_gebruiker"] == "Aangemeld als Anna de Vries (avries)"
    assert meting["status_database_tooltip"].startswith("Ingebouwde database")
    assert shot.exists()


@pytest.mark.parametrize("schaal", ["1.5", "1"])
def test_dark_as_chosen_at_an_earlier_start(schaal: str, tmp_path: Path) -> None:
    """Beeld ▸ Kleuren ▸ Donker is remembered: the next start is dark, palette and style
    sheet alike (the column headings of the tree are dark, not the light sheet's grey)."""
    fysiek = (1920, 1080) if schaal == "1.5" else (1280, 720)
    meting, shot = _open(*fysiek, schaal, tmp_path, kleuren="donker")
    assert meting["vensterkleur"] == DONKER["venster"]
    assert meting["kolomkopkleur"] == DONKER["vlak"]
    _past(meting)
    assert shot.exists()
