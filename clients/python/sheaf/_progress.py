"""Progress for long calls (ingests, jobs): a tqdm bar when tqdm is installed (the notebook
widget under Jupyter), else a line of plain text on stderr when the count moves."""

from __future__ import annotations

import importlib
import sys
import time
import warnings
from typing import Any


class Progress:
    """A count of ``unit`` towards ``total`` (None when not known yet)."""

    def __init__(self, description: str, total: int | None, unit: str = "rows"):
        self.description = description
        self.total = total
        self.unit = unit
        self.done = 0
        self._bar: Any = None
        self._printed = 0.0
        try:
            with warnings.catch_warnings():
                # tqdm.auto warns when a notebook has no ipywidgets, then draws text bars
                warnings.simplefilter("ignore")
                tqdm = importlib.import_module("tqdm.auto").tqdm
        except ImportError:
            tqdm = None
        if tqdm is not None:
            self._bar = tqdm(total=total, desc=description, unit=f" {unit}", leave=True)

    def update(self, done: int, total: int | None = None, status: str | None = None) -> None:
        """Moves the count to ``done`` (of ``total`` when it became known)."""
        if total is not None and total != self.total:
            self.total = total
            if self._bar is not None:
                self._bar.total = total
        if self._bar is not None:
            self._bar.update(done - self.done)
            if status is not None:
                self._bar.set_postfix_str(status, refresh=False)
        self.done = done
        if self._bar is None and time.monotonic() - self._printed >= 1.0:
            self._print(status)

    def _print(self, status: str | None) -> None:
        self._printed = time.monotonic()
        of = f"/{self.total}" if self.total is not None else ""
        extra = f" ({status})" if status else ""
        print(f"{self.description}: {self.done}{of} {self.unit}{extra}", file=sys.stderr,
              flush=True)

    def close(self, status: str | None = None) -> None:
        if self._bar is not None:
            if status is not None:
                self._bar.set_postfix_str(status, refresh=False)
            self._bar.close()
        else:
            self._print(status)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
