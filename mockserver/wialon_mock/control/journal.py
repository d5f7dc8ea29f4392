"""A ring buffer of recent requests, for ``GET /_mock/journal`` and test assertions."""

from __future__ import annotations

from collections import deque
from typing import Any


class Journal:
    """The last ``size`` requests the fake server answered, oldest first.

    Each entry is a plain dict: ``n`` (running number), ``t`` (server clock), ``path``,
    ``svc``, ``params`` (decoded; the raw text when it is not JSON), ``sid``, ``error``
    (Wialon error code or ``None``), ``status`` (HTTP status, ``None`` when the connection
    was dropped on purpose) and ``fault`` (id of the fault that fired, or ``None``); a
    ``core/batch`` entry also has ``items``, the error code (or ``None``) of each item. The sids
    are the fake server's own random ones, so they are kept whole: tests match them against
    their sessions.
    """

    def __init__(self, size: int = 1000) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=max(1, size))
        self._count = 0

    def record(
        self,
        *,
        t: float,
        path: str,
        svc: str | None,
        params: Any,
        sid: str | None,
        error: int | None,
        status: int | None,
        fault: int | None = None,
        items: list[int | None] | None = None,
    ) -> None:
        """Append one answered request (the oldest entry drops out when full).

        ``items`` (a ``core/batch`` only): the error code of each item's answer, so a
        reader can tell which calls inside the batch failed.
        """
        self._count += 1
        entry: dict[str, Any] = {
            "n": self._count,
            "t": t,
            "path": path,
            "svc": svc,
            "params": params,
            "sid": sid,
            "error": error,
            "status": status,
            "fault": fault,
        }
        if items is not None:
            entry["items"] = items
        self._entries.append(entry)

    def entries(self, svc: str | None = None) -> list[dict[str, Any]]:
        """The remembered entries, oldest first, optionally only those of one ``svc``."""
        if svc is None:
            return list(self._entries)
        return [entry for entry in self._entries if entry["svc"] == svc]

    def clear(self) -> None:
        """Forget every entry (the running number keeps counting)."""
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
