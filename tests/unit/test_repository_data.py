"""The tests carry their own files: nothing in tests/, bench/ or .ci/ reaches beside the clone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.repository_guard import (
    ACTIVE,
    REPO,
    BuitenRepository,
    beside_repository,
    violations,
)
from tests.testdata import TESTDATA

SOURCES = sorted((REPO / "tests").rglob("*.py")) + sorted((REPO / "bench").rglob("*.py"))
SCRIPTS = sorted(p for p in (REPO / ".ci").rglob("*") if p.is_file())
BUURMAP = "shared"  # the folder beside a clone on the machines the project is built on
_ESCAPE_TEXT = re.compile(r"\.\.[/\\]+shared|shared[/\\]+testdata")


def _from_file_depth(node: ast.expr) -> int | None:
    """How many folders up ``Path(__file__)...parent.parent`` / ``.parents[n]`` climbs from the
    file itself (``.resolve()`` and ``.absolute()`` do not move), or None for another path."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return (
            _from_file_depth(node.func.value) if node.func.attr in ("resolve", "absolute") else None
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        is_file = node.func.id == "Path" and node.args and isinstance(node.args[0], ast.Name)
        return 0 if is_file and node.args[0].id == "__file__" else None  # type: ignore[attr-defined]
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        below = _from_file_depth(node.value)
        return None if below is None else below + 1
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "parents"
        and isinstance(node.slice, ast.Constant)
    ):
        below = _from_file_depth(node.value.value)
        return None if below is None else below + 1 + int(node.slice.value)
    return None


def escapes(path: Path, source: str) -> list[str]:
    """Every place in ``source`` (the text of ``path``) that points beside the repository."""
    found = [f"{path.name}: '{m.group()}'" for m in _ESCAPE_TEXT.finditer(source)]
    if path.suffix != ".py":
        return found
    for node in ast.walk(ast.parse(source)):
        depth = _from_file_depth(node) if isinstance(node, ast.expr) else None
        if depth and not path.parents[depth - 1].is_relative_to(REPO):
            found.append(f"{path.name}:{node.lineno}: climbs {depth} folders from __file__")
    return found


@pytest.mark.parametrize("path", SOURCES + SCRIPTS, ids=lambda p: str(p.relative_to(REPO)))
def test_no_source_points_beside_the_repository(path: Path) -> None:
    if path == Path(__file__):
        return  # names the patterns it looks for
    assert escapes(path, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        # built from parts: this file names the escapes without holding one itself
        f"TESTDATA = Path(__file__).resolve().parents[2] / {BUURMAP!r} / 'testdata'\n",
        "DATA = Path(__file__).parent.parent.parent / 'x'\n",
        f"DATA = Path({'/'.join(['..', BUURMAP, 'testdata', 'msg'])!r})\n",
    ],
)
def test_the_scan_sees_an_escape(source: str) -> None:
    assert escapes(REPO / "tests" / "testdata.py", source)


def test_the_scan_allows_the_repository_root() -> None:
    for source in ("ROOT = Path(__file__).parents[2]\n", "ROOT = Path(__file__).parent.parent\n"):
        assert escapes(REPO / "tests" / "unit" / "test_x.py", source) == []


@pytest.mark.skipif(
    not ACTIVE, reason="the repository lies in the temporary folder: the run-time guard is off"
)
def test_reading_beside_the_repository_fails_the_test() -> None:
    beside = REPO.parent / BUURMAP / "testdata" / "eml" / "basic_email.eml"
    assert beside_repository(beside) and not beside_repository(TESTDATA / "eml")
    before = len(violations)
    with pytest.raises(BuitenRepository):
        beside.read_bytes()
    assert len(violations) == before + 1
    del violations[before:]  # this one was on purpose


def test_every_fixture_is_described_with_its_licence() -> None:
    readme = (TESTDATA / "README.md").read_text(encoding="utf-8")
    files = [p for p in TESTDATA.rglob("*") if p.is_file() and p.parent.name in ("msg", "eml")]
    assert files and [p.name for p in files if f"`{p.parent.name}/{p.name}`" not in readme] == []
