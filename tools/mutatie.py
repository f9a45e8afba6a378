"""Mutation testing of the core (models/, workflows/, services/) with mutmut.

    python tools/mutatie.py                       # the whole core, the tests of pyproject.toml
    python tools/mutatie.py --snel                # the central modules and their own tests
    python tools/mutatie.py --alleen "igj_desktop/workflows/termijnen.py" --tests tests/unit
    python tools/mutatie.py --snel --mutanten "igj_desktop.services.base.x_check_version*"

mutmut changes one thing at a time (``>`` into ``>=``, a constant, a removed call) and runs
the tests that reach the changed function; a mutant no test notices "survives". The run
happens in a copy of the repository (``.mutatie/``, next to this checkout's files, ignored by
git), so the checkout itself is never changed; ``[tool.mutmut]`` in pyproject.toml is the
default selection, the options here narrow it. Afterwards, in ``.mutatie/``:
``python -m mutmut show <naam>`` shows a survivor. The tests run on SQLite only and one at a
time by default (``--processen``): the machine is shared.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The modules every dossier passes through, with the tests that are about them.
SNEL_MODULES = [
    "igj_desktop/services/base.py",
    "igj_desktop/workflows/termijnen.py",
    "igj_desktop/workflows/regels.py",
    "igj_desktop/workflows/bewaartermijn.py",
]
# base.py is reached by every service test: of it only check_version, the optimistic lock
SNEL_MUTANTEN = ["igj_desktop.workflows.*", "igj_desktop.services.base.x_check_version*"]
SNEL_TESTS = [
    "tests/unit/test_termijnen.py",
    "tests/unit/test_catalog.py",
    "tests/unit/test_bewaartermijn.py",
    "tests/unit/test_grenzen.py",
    "tests/integration/test_stale_versions.py",
]
NIET_KOPIEREN = shutil.ignore_patterns(
    ".git", ".mutatie", "mutants", "bench", ".benchmarks", "__pycache__", ".*_cache", ".hypothesis"
)


def _toml_lijst(waarden: list[str]) -> str:
    return "[" + ", ".join(json.dumps(w) for w in waarden) + "]"


def _met_selectie(pyproject: str, modules: list[str] | None, tests: list[str] | None) -> str:
    """pyproject.toml with ``[tool.mutmut]`` narrowed to these modules and tests."""
    if modules:
        pyproject = re.sub(
            r"(?m)^only_mutate = .*$", f"only_mutate = {_toml_lijst(modules)}", pyproject
        )
    if tests:
        pyproject = re.sub(
            r"(?m)^pytest_add_cli_args_test_selection = .*$",
            f"pytest_add_cli_args_test_selection = {_toml_lijst(tests)}",
            pyproject,
        )
    return pyproject


def _kopie(map_: Path, modules: list[str] | None, tests: list[str] | None) -> None:
    if map_.exists():
        shutil.rmtree(map_)
    shutil.copytree(ROOT, map_, ignore=NIET_KOPIEREN)
    pyproject = map_ / "pyproject.toml"
    pyproject.write_text(
        _met_selectie(pyproject.read_text(encoding="utf-8"), modules, tests), encoding="utf-8"
    )
    tomllib.loads(pyproject.read_text(encoding="utf-8"))  # still valid


def _mutmut(map_: Path, *args: str) -> subprocess.CompletedProcess[str]:
    omgeving = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=map_,
        env=omgeving,
        capture_output=True,
        text=True,
        check=False,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snel", action="store_true", help="alleen de centrale modules")
    parser.add_argument("--alleen", nargs="+", help="modules (glob) om te muteren")
    parser.add_argument("--tests", nargs="+", help="tests (paden) die de mutanten moeten vangen")
    parser.add_argument("--mutanten", nargs="+", help="alleen deze mutanten (glob op de naam)")
    parser.add_argument("--processen", type=int, default=1, help="gelijktijdige testprocessen")
    parser.add_argument("--map", type=Path, default=ROOT / ".mutatie", help="werkkopie")
    args = parser.parse_args(argv)
    modules = args.alleen or (SNEL_MODULES if args.snel else None)
    tests = args.tests or (SNEL_TESTS if args.snel else None)
    mutanten = args.mutanten or (SNEL_MUTANTEN if args.snel else [])

    _kopie(args.map, modules, tests)
    run = _mutmut(args.map, "run", "--max-children", str(args.processen), *mutanten)
    if run.returncode != 0:
        print(run.stdout[-3000:], run.stderr[-3000:], sep="\n", file=sys.stderr)
        return run.returncode
    print(_samenvatting(_uitslag(_mutmut(args.map, "results", "--all", "true").stdout, mutanten)))
    return 0


def _uitslag(results: str, mutanten: list[str]) -> dict[str, str]:
    """Mutant name → status ("killed", "survived" …) of the mutants this run was about."""
    uitslag = {}
    for regel in results.splitlines():
        naam, _, status = regel.strip().rpartition(": ")
        if naam and (not mutanten or any(fnmatch.fnmatch(naam, m) for m in mutanten)):
            uitslag[naam] = status
    return uitslag


def _samenvatting(uitslag: dict[str, str]) -> str:
    gedood = sum(s in ("killed", "timeout", "segfault") for s in uitslag.values())
    overleefd = sorted(n for n, s in uitslag.items() if s == "survived")
    overig = sorted(f"{n}: {s}" for n, s in uitslag.items() if s not in ("killed", "survived"))
    regels = [f"{gedood} van {len(uitslag)} mutanten gedood ({gedood / (len(uitslag) or 1):.0%})"]
    return "\n".join(regels + [f"overleefd: {n}" for n in overleefd] + overig)


if __name__ == "__main__":
    sys.exit(main())
