"""Python's cyclic garbage collector while the window starts.

Start-up builds some 140,000 long-lived objects (modules, SQLAlchemy's mappers, the
widgets) and hardly any cyclic garbage (a few hundred objects). With the collector on,
every full collection walks all of them again: a fifth of the start's CPU time
(bench/README.md). ``uit()``, first thing at the window's start, switches it off; ``aan()``,
once the main window is built, moves everything made so far to the permanent generation
(``gc.freeze``: later collections skip it, so they stay short while the user works) and
switches it back on. Only a process that called ``uit()`` is affected: tests and the
command-line commands keep the collector as it is.
"""

from __future__ import annotations

import gc

_uitgezet = False


def uit() -> None:
    """No cyclic collections until ``aan()``."""
    global _uitgezet
    if gc.isenabled():
        gc.disable()
        _uitgezet = True


def aan() -> None:
    """The collector back on, without start-up's objects; nothing when ``uit()`` was not
    called (or ``aan()`` already was)."""
    global _uitgezet
    if _uitgezet:
        _uitgezet = False
        gc.freeze()
        gc.enable()
