"""Optional dependencies, imported when first needed, with an actionable message."""

from __future__ import annotations

import importlib
import importlib.util
import sys
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


def preload_for_workers() -> None:
    """Imports pandas now, when it is installed. pyarrow imports it on first use of ``to_numpy``
    or ``pa.array`` over numpy values: in every fresh DataLoader worker that is 0.2 s (1 s on a
    busy machine) before the first batch. Imported once here, forked workers inherit it."""
    if "pandas" not in sys.modules and importlib.util.find_spec("pandas") is not None:
        importlib.import_module("pandas")
