"""Optional dependencies, imported when first needed, with an actionable message."""

from __future__ import annotations

import importlib
from types import ModuleType

_EXTRAS = {"torch": "torch", "datasets": "datasets", "PIL": "torch", "numpy": "torch"}


def require(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        extra = _EXTRAS.get(module.split(".")[0], module)
        raise ImportError(
            f"Cannot use this Sheaf feature without {module}: install it with"
            f" pip install 'sheaf[{extra}]'"
        ) from error
