"""A test run may read only its own repository: no file beside it (a sibling ``shared``, say).

An audit hook sees every reading ``open``, ``os.listdir`` and ``os.scandir`` of the test
process and refuses a path in the folder that holds the repository but outside the repository:
exactly what a fresh clone with nothing beside it does not have. Temporary folders, the
interpreter and its packages live elsewhere and stay allowed. When the repository sits
directly in the system's temporary folder its siblings cannot be told apart from the tests'
own temporary files, and the check is left to ``tests/unit/test_repository_data.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_INSIDE = str(REPO) + os.sep
_BESIDE = str(REPO.parent).rstrip(os.sep) + os.sep
ACTIVE = os.path.realpath(tempfile.gettempdir()) != str(REPO.parent)
_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})

violations: list[str] = []


class BuitenRepository(AssertionError):
    """A test reached outside the repository for data."""


def beside_repository(path: object) -> bool:
    """True for a path in the repository's parent folder that is not inside the repository."""
    if not isinstance(path, str | bytes | os.PathLike) or not ACTIVE:
        return False
    text = os.path.abspath(os.fsdecode(path))
    return (text + os.sep).startswith(_BESIDE) and not (text + os.sep).startswith(_INSIDE)


def _reads(event: str, args: tuple[object, ...]) -> bool:
    """Listing a folder, or opening a file for reading only (screenshots may be written out)."""
    if event != "open":
        return True
    mode, flags = args[1], args[2]
    if isinstance(mode, str):
        return not set(mode) & set("wax+")
    return isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR) == 0


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event in _EVENTS and args and beside_repository(args[0]) and _reads(event, args):
        message = f"test data from outside the repository: {os.fsdecode(args[0])}"  # type: ignore[arg-type]
        violations.append(message)
        raise BuitenRepository(message)


def install() -> None:
    """Once per process: audit hooks cannot be removed, so a second one would double up."""
    if not getattr(sys, "_igj_repository_guard", False):
        sys.addaudithook(_hook)
        sys._igj_repository_guard = True  # type: ignore[attr-defined]
