"""Entry point of the frozen build: the same ``main`` as the ``igj-desktop`` command."""

import sys

from igj_desktop import startgc


def _start() -> int:
    startgc.uit()  # before the imports: see igj_desktop/startgc.py
    from igj_desktop.__main__ import main

    return main()


if __name__ == "__main__":
    sys.exit(_start())
