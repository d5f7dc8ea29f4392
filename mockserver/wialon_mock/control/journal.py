"""A ring buffer of recent requests, for ``GET /_mock/journal`` and test assertions."""

from __future__ import annotations

from collections import deque
from typing import Any

from .redact import excerpt, mask


class Journal:
    """The last ``size`` requests the fake server answered, oldest first.

    Each entry is a plain dict: ``n`` (running number), ``t`` (server clock), ``path``,
    ``svc``, ``params`` (decoded; the raw text when it is not JSON), ``sid``, ``error``
    (Wialon error code or ``None``), ``status`` (HTTP status, ``None`` when the connection
    was dropped on purpose) and ``fault`` (id of the fault that fired, or ``None``); a
    ``core/batch`` entry also has ``items``, the error code (or ``None``) of each item.

    Secrets are masked as the client's logs mask them (:func:`wialon_mock.control.redact.mask`: the
    first four characters and the length): the sid, and ``token``, ``authHash``,
    ``password`` inside params, so a test matches ``entry["sid"] == mask(sid)``. Params whose
    JSON is longer than 2 KB are kept as an excerpt (:func:`wialon_mock.control.redact.excerpt`), so
    a full journal stays small however big the requests were.
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
            "params": excerpt(params),
            "sid": mask(sid) if sid else sid,
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
