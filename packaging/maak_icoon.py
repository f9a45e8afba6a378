"""Render resources/icons/app.svg to packaging/igj_desktop.ico (16 to 256 pixels).

Run once when the app icon changes: ``python packaging/maak_icoon.py``; the .ico is
committed, so a build needs neither Pillow nor this script.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HIER = Path(__file__).resolve().parent
BRON = HIER.parent / "resources" / "icons" / "app.svg"
DOEL = HIER / "igj_desktop.ico"
MATEN = [16, 24, 32, 48, 64, 128, 256]


def main() -> int:
    _app = QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(BRON))
    beeld = QImage(256, 256, QImage.Format.Format_ARGB32)
    beeld.fill(0)
    schilder = QPainter(beeld)
    renderer.render(schilder)
    schilder.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    beeld.save(buffer, "PNG")
    png = Image.open(io.BytesIO(bytes(buffer.data().data())))
    png.save(DOEL, format="ICO", sizes=[(m, m) for m in MATEN])
    print(DOEL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
