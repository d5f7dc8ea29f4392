"""A ring buffer of recent requests, for ``GET /_mock/journal`` and test assertions."""

from __future__ import annotations

import json
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
                # kept as given (an object, or the encoded bytes of a batch answer) and made
                # public when read: redacting every answer as it passes would cost more than
                # answering a poll does
                "answer": answer,
                "item_faults": item_faults,
            }
        )

    def entries(self, svc: str | None = None) -> list[dict[str, Any]]:
        """The remembered entries, oldest first, optionally only those of one ``svc``."""
        return [_public(e) for e in self._entries if svc is None or e["svc"] == svc]

    def since(self, last: int, svc: str | None = None) -> list[dict[str, Any]]:
        """The entries numbered above ``last``, oldest first (for a live view: it looks only
        at the newest entries, not the whole buffer)."""
        fresh: list[dict[str, Any]] = []
        for entry in reversed(self._entries):
            if entry["n"] <= last:
                break
            if svc is None or entry["svc"] == svc:
                fresh.append(entry)
        fresh.reverse()
        return [_public(e) for e in fresh]

    @property
    def count(self) -> int:
        """The number of the newest entry ever recorded (0 before the first)."""
        return self._count

    def clear(self) -> None:
        """Forget every entry (the running number keeps counting)."""
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def _public(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as readers get it: its answer decoded and its credentials masked."""
    answer = entry["answer"]
    if answer is None:
        return entry
    if isinstance(answer, bytes):
        answer = json.loads(answer)
    # answers carry credentials too (a login's eid and token)
    return {**entry, "answer": redact(answer)}
