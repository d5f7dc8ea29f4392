"""A ring buffer of recent requests, for ``GET /_mock/journal`` and test assertions."""

from __future__ import annotations

from collections import deque
from typing import Any

from .redact import excerpt, mask, redact


class Journal:
    """The last ``size`` requests the fake server answered, oldest first.

    Each entry is a plain dict: ``n`` (running number), ``t`` (server clock), ``path``,
    ``svc``, ``params`` (decoded; the raw text when it is not JSON), ``sid``, ``error``
    (Wialon error code or ``None``), ``status`` (HTTP status, ``None`` when the connection
    was dropped on purpose), ``fault`` (id of the fault that fired, or ``None``), ``answer``
    (the JSON answer when it was small, ``{"omitted_bytes": N}`` when not, ``None`` when there
    was no JSON answer: a file, a faulted HTTP error, a dropped connection) and ``item_faults``
    (in a ``core/batch``: item index -> id of the ``in_batch`` fault that failed it, or
    ``None``).

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
        answer: Any = None,
        item_faults: dict[str, int] | None = None,
    ) -> None:
        """Append one answered request (the oldest entry drops out when full)."""
        self._count += 1
        self._entries.append(
            {
                "n": self._count,
                "t": t,
                "path": path,
                "svc": svc,
                "params": excerpt(params),
                "sid": mask(sid) if sid else sid,
                "error": error,
                "status": status,
                "fault": fault,
                # answers carry credentials too (a login's eid and token)
                "answer": redact(answer) if answer is not None else None,
                "item_faults": item_faults,
            }
        )

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
