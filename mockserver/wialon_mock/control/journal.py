"""A ring buffer of recent requests, for ``GET /_mock/journal`` and test assertions."""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from wialon_protocol.wire import batch_calls

from .redact import excerpt, mask, redact


class Journal:
    """The last ``size`` requests the fake server answered, oldest first.

    Each entry is a plain dict: ``n`` (running number), ``t`` (server clock), ``path``,
    ``svc``, ``params`` (decoded; the raw text when it is not JSON), ``sid``, ``error``
    (Wialon error code or ``None``), ``status`` (HTTP status, ``None`` when the connection
    was dropped on purpose), ``fault`` (id of the fault that fired, or ``None``), ``answer``
    (the JSON answer when it was small, ``{"omitted_bytes": N}`` when not, ``None`` when there
    was no JSON answer: a file, a faulted HTTP error, a dropped connection), ``item_faults``
    (in a ``core/batch``: item index -> id of the ``in_batch`` fault that failed it, or
    ``None``) and ``items``: for a ``core/batch`` whose params (over 2 KB) or answer (over
    16 KB) are not kept whole, one ``{"svc", "params", "error", "answer"}`` per item, params
    masked and excerpted like any entry's and ``answer`` as any entry's (whole when the
    batch's answer is kept, ``{"omitted_bytes": N}`` when not), so a reader still sees every
    call a big batch made; ``None`` otherwise. The items of a batch count towards ``size``:
    a journal full of big batches stays as small as one of single calls.

    Secrets are masked as the client's logs mask them (:func:`wialon_mock.control.redact.mask`: the
    first four characters and the length): the sid, and ``token``, ``authHash``,
    ``password`` inside params, so a test matches ``entry["sid"] == mask(sid)``. Params whose
    JSON is longer than 2 KB are kept as an excerpt (:func:`wialon_mock.control.redact.excerpt`), so
    a full journal stays small however big the requests were.
    """

    def __init__(self, size: int = 1000) -> None:
        self._entries: deque[dict[str, Any]] = deque()
        self._size = max(1, size)
        #: entries plus batch items held (what ``size`` bounds)
        self._weight = 0
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
        item_errors: tuple[int | None, ...] = (),
        item_sizes: tuple[int, ...] = (),
    ) -> None:
        """Append one answered request (the oldest entries drop out when full).

        ``item_errors`` and ``item_sizes``: per item of a ``core/batch``, its error code and
        the size of its answer, for the ``items`` of a batch too big to keep whole.
        """
        self._count += 1
        kept = excerpt(params)
        items = None
        if svc == "core/batch" and (_cut(kept) or _omitted(answer)):
            items = _items(params, answer, item_errors, item_sizes)
        self._entries.append(
            {
                "n": self._count,
                "t": t,
                "path": path,
                "svc": svc,
                "params": kept,
                "sid": mask(sid) if sid else sid,
                "error": error,
                "status": status,
                "fault": fault,
                # kept as given (an object, or the encoded bytes of a batch answer) and made
                # public when read: redacting every answer as it passes would cost more than
                # answering a poll does
                "answer": answer,
                "item_faults": item_faults,
                "items": items,
            }
        )
        self._weight += 1 + len(items or ())
        while self._weight > self._size and len(self._entries) > 1:
            gone = self._entries.popleft()
            self._weight -= 1 + len(gone["items"] or ())

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
        self._weight = 0

    def __len__(self) -> int:
        return len(self._entries)


def _cut(kept: Any) -> bool:
    return isinstance(kept, dict) and "excerpt" in kept and "chars" in kept


def _omitted(answer: Any) -> bool:
    return isinstance(answer, dict) and "omitted_bytes" in answer


def _items(
    params: Any, answer: Any, errors: tuple[int | None, ...], sizes: tuple[int, ...]
) -> list[dict[str, Any]]:
    """The items of a big batch, each call excerpted on its own (see :class:`Journal`)."""
    omitted = _omitted(answer)
    out = []
    for index, call in enumerate(batch_calls(params)):
        call = call if isinstance(call, dict) else {}
        size = sizes[index] if omitted and index < len(sizes) else None
        out.append(
            {
                "svc": call.get("svc"),
                "params": excerpt(call.get("params", {})),
                "error": errors[index] if index < len(errors) else None,
                # a kept answer fills this in when read (see _public)
                "answer": None if size is None else {"omitted_bytes": size},
            }
        )
    return out


def _public(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as readers get it: its answer decoded and its credentials masked."""
    answer = entry["answer"]
    if answer is None:
        return entry
    if isinstance(answer, bytes):
        answer = json.loads(answer)
    # answers carry credentials too (a login's eid and token)
    public = {**entry, "answer": redact(answer)}
    items = entry["items"]
    if items and isinstance(public["answer"], list):
        results = public["answer"]
        public["items"] = [
            {**item, "answer": results[index]} if index < len(results) else item
            for index, item in enumerate(items)
        ]
    return public
