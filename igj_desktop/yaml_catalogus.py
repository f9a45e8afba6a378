"""Reading the YAML catalogs (workflows, dossiertypes, sjablonen) at start-up.

libyaml's parser (``CSafeLoader``, in PyYAML's wheels) reads the catalog about ten times
faster than the pure-Python one; the fallback keeps a PyYAML built without it working.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def lees_yaml(bron: str | IO[str]) -> Any:
    """``yaml.safe_load`` with the fast parser."""
    return yaml.load(bron, Loader=_LOADER)
