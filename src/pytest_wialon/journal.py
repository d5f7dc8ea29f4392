"""The journal a test sees through ``wialon_mock``, the same in every mode.

Live, the fake server keeps the journal; on replay (and when recording against a real
server) it is built from what the code sent through the cassette and the answers it got.
Either way every entry has the fields of ``wialon_mock``'s journal: ``n``, ``t``, ``path``,
``svc``, ``params``, ``sid``, ``error``, ``status``, ``fault``, plus ``parent``.

A ``core/batch`` request is one entry, followed by one entry per item (its ``svc``,
``params`` and ``error``, with ``parent`` the batch's ``n`` and ``index`` its position), so
an assertion about a call holds whether or not the code under test batched it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["entries_from_answers", "error_of", "expand_batches"]


def error_of(answer: Any) -> int | None:
    """The Wialon error code of one answer, as the fake server's journal gives it (0 is None)."""
    if type(answer) is dict:
        code = answer.get("error")
        if isinstance(code, int) and not isinstance(code, bool) and code:
            return code
    return None


def _decoded(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def entries_from_answers(answers: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Journal entries from ``CassetteSession.answers()``: (request, status, body, extra).

    ``t`` and ``fault`` come from the cassette when it was recorded against the fake server
    (``None`` otherwise: a real server has no journal to take them from). A batch entry
    carries ``items``, the per-item error codes read from its answer.
    """
    out: list[dict[str, Any]] = []
    for number, (request, status, body, extra) in enumerate(answers, start=1):
        svc = request.svc or ("avl_evts" if request.path == "/avl_evts" else None)
        answer = _decoded(body)
        entry: dict[str, Any] = {
            "n": number,
            "t": extra.get("t"),
            "path": request.path,
            "svc": svc,
            "params": request.params if request.params is not None else {},
            "sid": request.sid,
            "error": error_of(answer),
            "status": status,
            "fault": extra.get("fault"),
        }
        if svc == "core/batch" and isinstance(answer, list):
            entry["items"] = [error_of(item) for item in answer]
        out.append(entry)
    return out


def _batch_calls(params: Any) -> list[Any]:
    if isinstance(params, list):
        return params
    if isinstance(params, dict) and isinstance(params.get("params"), list):
        return list(params["params"])
    return []


def expand_batches(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entries`` with each batch item as an entry of its own after its batch."""
    out: list[dict[str, Any]] = []
    for entry in entries:
        out.append({**entry, "parent": entry.get("parent"), "index": entry.get("index")})
        if entry.get("svc") != "core/batch":
            continue
        errors = entry.get("items")
        errors = errors if isinstance(errors, list) else []
        for index, call in enumerate(_batch_calls(entry.get("params"))):
            if not isinstance(call, dict):
                continue
            out.append(
                {
                    **{key: entry.get(key) for key in ("n", "t", "path", "sid", "status")},
                    "svc": call.get("svc"),
                    "params": call.get("params", {}),
                    "error": errors[index] if index < len(errors) else None,
                    "fault": entry.get("fault"),
                    "parent": entry.get("n"),
                    "index": index,
                }
            )
    return out
