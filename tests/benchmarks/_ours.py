"""Our client, seen through the py-aiowialon-compatible surface only (so the benchmarks measure
what a user writes). :class:`Skip` while the client is not there yet."""

from __future__ import annotations

import importlib
from typing import Any

from ._common import Skip


def wialon_class() -> Any:
    """``aiowialon.Wialon``; typed ``Any`` because the benchmarks must run before it lands."""
    module = importlib.import_module("aiowialon")
    cls = getattr(module, "Wialon", None)
    if cls is None:
        raise Skip("aiowialon.Wialon does not exist yet")
    return cls


def make_client(port: int, token: str, **options: Any) -> Any:
    """A client pointed at ``http://127.0.0.1:port``."""
    return wialon_class()(scheme="http", host="127.0.0.1", port=port, token=token, **options)
