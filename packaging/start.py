"""Entry point of the frozen build: the same ``main`` as the ``igj-desktop`` command."""

import sys

from igj_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
